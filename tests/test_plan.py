from __future__ import annotations

import json
from pathlib import Path

import pytest

from gristmill.errors import GristmillError
from gristmill.plan import GIB, KNOWN, Shape, estimate, parse_tokens, resolve_shape


@pytest.mark.parametrize(("name", "params"), [
    ("SmolLM2-135M", 134_515_008),  # the published safetensors parameter counts
    ("Llama-3.2-1B", 1_235_814_400),
    ("Llama-3.1-8B", 8_030_261_248),
])
def test_parameter_counts_match_the_published_models(name: str, params: int) -> None:
    assert KNOWN[name].params == params


def test_shapes_resolve_from_size_name_and_config(tmp_path: Path) -> None:
    assert resolve_shape("8B").name == "Llama-3.1-8B"
    assert resolve_shape("135m").name == "SmolLM2-135M"
    assert resolve_shape("meta-llama/Llama-3.2-1B").name == "Llama-3.2-1B"
    config = {"hidden_size": 64, "num_hidden_layers": 2, "intermediate_size": 128, "vocab_size": 100,
              "num_attention_heads": 4, "num_key_value_heads": 2, "tie_word_embeddings": True}
    (tmp_path / "config.json").write_text(json.dumps(config))
    shape = resolve_shape(str(tmp_path))
    # attention 64*16*(8+4)=12288, mlp 3*64*128=24576, norms 128 per layer; embeddings 6400; final norm 64
    assert shape.params == 2 * (12288 + 24576 + 128) + 6400 + 64
    with pytest.raises(GristmillError, match="unknown model 'huge'"):
        resolve_shape("huge")


def test_memory_terms_by_hand() -> None:
    shape = Shape("tiny", hidden=64, layers=2, intermediate=128, vocab=100, heads=4, kv_heads=2)
    est = estimate(shape, "qlora", tokens=1000, seq_len=8, micro_batch=2, lora_rank=4)
    n = shape.params
    lora = 2 * (2 * 4 * (64 + 64) + 2 * 4 * (64 + 32) + 3 * 4 * (64 + 128))
    assert shape.lora_params(4) == lora
    assert est.memory_gib["weights"] == pytest.approx(n * 4.127 / 8 / GIB)
    assert est.memory_gib["trainable + optimizer"] == pytest.approx(lora * 10 / GIB)
    assert est.memory_gib["logits"] == pytest.approx(16 * 100 * 8 / GIB)
    assert est.flops == 6 * n * 1000  # 4NT + 2NT recomputed under checkpointing
    assert estimate(shape, "full", 1000, checkpointing=False).flops == 6 * n * 1000


def test_parse_tokens() -> None:
    assert [parse_tokens(t) for t in ("5000", "5k", "2.5M", "1B")] == [5000, 5000, 2_500_000, 1_000_000_000]
    with pytest.raises(GristmillError, match="expected a number"):
        parse_tokens("lots")
