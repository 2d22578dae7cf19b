"""A tiny Llama and a BPE tokenizer trained here, saved to disk and loaded back through from_pretrained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny_llama import SPECIALS, save_tiny_llama

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


def corpus_lines() -> list[str]:
    lines = []
    for name in ("gpteacher_codegen_sample.jsonl", "hh_rlhf_harmless_sample.jsonl"):
        for raw in (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[:150]:
            row = json.loads(raw)
            lines += [str(v) for k, v in row.items() if k != "id" and isinstance(v, str)]
    return lines


def build_tiny_model(folder: Path, vocab_size: int = 512, bias: bool = False) -> Path:
    """Train a byte-level BPE on the bundled samples and save it with a 2-layer, 64-wide Llama."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(corpus_lines(), trainer)
    return save_tiny_llama(tokenizer, folder, max_positions=1024, bias=bias)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny_llama"))


@pytest.fixture(scope="session")
def tiny_model_bias(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny_llama_bias"), bias=True)


@pytest.fixture(scope="session")
def sft_data() -> Path:
    return EXAMPLES / "gpteacher_codegen_sample.jsonl"


@pytest.fixture(scope="session")
def preference_data() -> Path:
    return EXAMPLES / "hh_rlhf_harmless_sample.jsonl"
