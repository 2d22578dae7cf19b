from __future__ import annotations

import json
from pathlib import Path

import pytest

from gristmill.errors import GristmillError
from gristmill.plan import GIB, GPUS, KNOWN, Shape, estimate, parse_tokens, resolve_shape


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
    # decoder linears in NF4, norms and both (small: they stay on the GPU) vocabulary matrices in bf16
    linear = 2 * (12288 + 24576)
    assert est.memory_gib["weights"] == pytest.approx((linear * 4.127 / 8 + 320 * 2 + 2 * 6400 * 2) / GIB)
    assert n == linear + 320 + 2 * 6400
    assert est.host_gib == {"checkpointed layer inputs": 2 * 2 * 16 * 64 / GIB}  # one bf16 input per layer
    assert est.memory_gib["trainable + optimizer"] == pytest.approx(lora * 16 / GIB)  # fp32 AdamW: a small set
    assert est.memory_gib["logits"] == pytest.approx(16 * 100 * 8 / GIB)
    assert est.flops == 6 * n * 1000  # 4NT + 2NT recomputed under checkpointing
    assert estimate(shape, "full", 1000, checkpointing=False).flops == 6 * n * 1000


def test_parse_tokens() -> None:
    assert [parse_tokens(t) for t in ("5000", "5k", "2.5M", "1B")] == [5000, 5000, 2_500_000, 1_000_000_000]
    with pytest.raises(GristmillError, match="expected a number"):
        parse_tokens("lots")


def test_70b_qlora_fits_a_40_gib_budget_as_the_trainer_plans_it() -> None:
    """Llama-3.1-70B, QLoRA r=16, seq 2048 × 1, max_memory_gib 40 (the trainer's arithmetic, by hand):
    allocated before the step = NF4 decoder 80 × 855,638,016 × 4.127/8 = 35.31e9 + bf16 norms 2.6e6 + bf16 head
    2.10e9 + fp32 LoRA 207,093,760 × 4 = 0.83e9 → 38.24e9; step overhead 207,093,760 × 16 + 4·2048·8192·2 + 3·2^26
    = 3.65e9; budget 42.95e9 leaves 1.06e9 = 1.4 layers of 0.738e9 (2·2048·(8·8192 + 4·28672)): 79 checkpointed,
    so the head goes to host memory: 3.16e9 spare = 4.3 layers → 76 checkpointed."""
    est = estimate(KNOWN["Llama-3.1-70B"], "qlora", 10_000_000, 2048, 1, 16, max_memory_gib=40)
    assert est.checkpointed_layers == 76
    assert est.host_gib["output head"] == est.host_gib["input embedding"] == pytest.approx(2_101_346_304 / GIB)
    assert est.host_gib["checkpointed layer inputs"] == pytest.approx(76 * 2 * 2048 * 8192 / GIB)
    assert est.memory_gib["weights"] == pytest.approx((35_312_180_920.32 + 2_637_824) / GIB)
    assert est.memory_gib["activations"] == pytest.approx(5 * 738_197_504 / GIB)  # 4 layers kept + 1 in flight
    assert est.fits_budget and 38 < est.allocated_gib <= 40
    # 35 GiB cannot hold the NF4 weights (32.9 GiB) and one step even with every layer checkpointed
    tight = estimate(KNOWN["Llama-3.1-70B"], "qlora", 10_000_000, 2048, 1, 16, max_memory_gib=35)
    assert tight.checkpointed_layers == 80 and not tight.fits_budget
    # without a budget nothing moves but the input embedding
    plain = estimate(KNOWN["Llama-3.1-70B"], "qlora", 10_000_000, checkpointing=False)
    assert plain.checkpointed_layers == 0 and list(plain.host_gib) == ["input embedding"]


def test_a_tied_head_moves_with_its_embedding() -> None:
    """Llama-3.2-1B ties its head to the input embedding: one bf16 matrix on the GPU until the head moves."""
    shape = KNOWN["Llama-3.2-1B"]
    matrix = 128256 * 2048 * 2
    roomy = estimate(shape, "qlora", 1000, max_memory_gib=80)
    assert roomy.checkpointed_layers == 0 and roomy.host_gib == {}
    assert roomy.memory_gib["weights"] * GIB == pytest.approx(16 * shape.layer_linear_params * 4.127 / 8
                                                              + shape.norm_params * 2 + matrix)
    tight = estimate(shape, "qlora", 1000, max_memory_gib=2)
    assert tight.host_gib["output head"] * GIB == matrix and "input embedding" not in tight.host_gib
    assert tight.memory_gib["weights"] == pytest.approx(roomy.memory_gib["weights"] - matrix / GIB)


def test_ddp_keeps_memory_per_gpu_and_adds_one_all_reduce_per_step() -> None:
    """8B QLoRA on 4 H100s: memory per GPU is one GPU's plus the flat fp32 buffer the adapter's 41,943,040
    gradients are summed in (0.156 GiB); time is a quarter of one GPU's plus, for each of the 10M / (2048 · 4)
    micro-steps a rank runs, one ring all-reduce: 2 · 3/4 · 41,943,040 · 4 bytes / 450 GB/s = 0.56 ms."""
    shape, h100 = KNOWN["Llama-3.1-8B"], GPUS[1]
    one = estimate(shape, "qlora", 10_000_000)
    four = estimate(shape, "qlora", 10_000_000, ranks=4)
    assert shape.lora_params(16) == 41_943_040
    assert four.memory_gib == {**one.memory_gib, "gradient all-reduce": pytest.approx(41_943_040 * 4 / GIB)}
    all_reduce = 2 * 3 / 4 * 41_943_040 * 4 / 450e9
    assert four.seconds(h100) == pytest.approx(one.compute_seconds(h100) / 4 + 10_000_000 / 8192 * all_reduce)
    assert four.tokens_per_second(h100) == pytest.approx(10_000_000 / four.seconds(h100))
    assert 0.99 < four.scaling(h100) < 1.0
    assert four.gpu_hours(h100) == pytest.approx(4 * four.seconds(h100) / 3600)
    # full fine-tuning all-reduces 8B fp32 gradients a step; over a T4's PCIe (16 GB/s) that is 1.5 · 32.1e9 /
    # 16e9 = 3.01 s against a micro-step of 6 · 8.03e9 · 2048 / (65e12 · 0.4) + 96 passes · 5 ms = 4.28 s
    full = estimate(shape, "full", 10_000_000, ranks=4)
    assert full.scaling(GPUS[-1]) == pytest.approx(4.2755 / (4.2755 + 3.0113), abs=1e-3)


def test_fsdp_shards_weights_and_states() -> None:
    """8B LoRA (bf16 base) on 4 GPUs with FSDP: decoder weights and norms 1/4, plus two whole layers (the one
    computed and the next) and the output head the root holds; adapter states 1/4; the model's own full logits
    (2048 × 128256 × 10 bytes)."""
    shape = KNOWN["Llama-3.1-8B"]
    four = estimate(shape, "lora", 10_000_000, ranks=4, parallel="fsdp")
    decoder = 32 * shape.layer_linear_params * 2 + shape.norm_params * 2
    layer = (shape.layer_linear_params + 2 * 4096) * 2
    assert four.memory_gib["weights"] * GIB == pytest.approx(decoder / 4 + 2 * layer + 128256 * 4096 * 2)
    assert four.memory_gib["trainable + optimizer"] * GIB == pytest.approx(41_943_040 * 16 / 4)
    assert four.memory_gib["logits"] * GIB == 2048 * 128256 * 10
    assert "gradient all-reduce" not in four.memory_gib
    assert four.total_gib < estimate(shape, "lora", 10_000_000).total_gib
    # QLoRA: the NF4 linears shard as stored (4.127 bits a weight), so do the gathered layers and the all-gathers
    q_four = estimate(shape, "qlora", 10_000_000, ranks=4, parallel="fsdp")
    nf4 = 32 * shape.layer_linear_params * 4.127 / 8 + shape.norm_params * 2
    q_layer = shape.layer_linear_params * 4.127 / 8 + 2 * 4096 * 2
    assert q_four.memory_gib["weights"] * GIB == pytest.approx(nf4 / 4 + 2 * q_layer + 128256 * 4096 * 2)
    assert q_four.memory_gib["weights"] < four.memory_gib["weights"] / 2  # the bf16 output head is in both
    # short sequences over a T4's PCIe: the all-gathers bind, and NF4 layers put about a quarter of the bytes on it
    bound = [estimate(shape, m, 100_000, seq_len=64, ranks=4, parallel="fsdp") for m in ("lora", "qlora")]
    assert bound[0].scaling(GPUS[-1]) < 0.5 and bound[1].seconds(GPUS[-1]) < bound[0].seconds(GPUS[-1]) / 3
    with pytest.raises(GristmillError, match="not a memory budget"):
        estimate(shape, "lora", 1000, ranks=2, parallel="fsdp", max_memory_gib=40)


def test_plan_command_shows_the_70b_budget_and_several_gpus(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.cli_helpers import run_cli

    code, out, _ = run_cli(["plan", "-m", "70B", "--max-memory", "40"], capsys)
    out = " ".join(out.split())  # the console wraps long lines
    assert code == 0
    assert "76/80 layers checkpointed" in out and "max_memory_gib 40: fits" in out
    code, out, _ = run_cli(["plan", "-m", "8B", "--method", "lora", "--gpus", "4", "--parallel", "fsdp"], capsys)
    out = " ".join(out.split())
    assert code == 0 and "4 GPUs, fsdp" in out and "scaling" in out
    code, out, _ = run_cli(["plan", "-m", "8B", "--gpus", "2", "--parallel", "fsdp"], capsys)  # QLoRA, sharded
    assert code == 0 and "2 GPUs, fsdp" in " ".join(out.split())


def test_optimizer_states_follow_the_trainers_choice() -> None:
    """`optim.optimizer: auto` keeps fp32 AdamW up to 200M trainable parameters (an 8B adapter) and pages 8-bit
    states past it (a 70B adapter at r=16, full fine-tuning): 4 + 4 + 8 bytes a parameter, then 4 + 4 + 2."""
    from gristmill.plan import optimizer_state_bytes

    for model, method, state in [("Llama-3.1-8B", "qlora", 8), ("Llama-3.1-70B", "qlora", 2),
                                 ("Llama-3.2-1B", "full", 2)]:
        est = estimate(KNOWN[model], method, 10_000_000)
        assert optimizer_state_bytes(est.trainable) == state, model
        assert est.memory_gib["trainable + optimizer"] * GIB == pytest.approx(est.trainable * (8 + state))
