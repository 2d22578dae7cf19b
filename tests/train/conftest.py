"""A tiny Llama and a BPE tokenizer trained here, saved to disk and loaded back through from_pretrained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
SPECIALS = ["<unk>", "<pad>", "<s>", "<|im_start|>", "<|im_end|>"]


def corpus_lines() -> list[str]:
    lines = []
    for name in ("gpteacher_codegen_sample.jsonl", "hh_rlhf_harmless_sample.jsonl"):
        for raw in (EXAMPLES / name).read_text(encoding="utf-8").splitlines()[:150]:
            row = json.loads(raw)
            lines += [str(v) for k, v in row.items() if k != "id" and isinstance(v, str)]
    return lines


def build_tiny_model(folder: Path, vocab_size: int = 512, bias: bool = False) -> Path:
    """Train a byte-level BPE on the bundled samples and save it with a 2-layer, 64-wide Llama."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from gristmill.train.data import TEMPLATES

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(corpus_lines(), trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>",
                                   bos_token="<s>", eos_token="<|im_end|>")
    fast.chat_template = TEMPLATES["chatml"]
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                         attention_bias=bias, mlp_bias=bias, pad_token_id=fast.pad_token_id,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


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
