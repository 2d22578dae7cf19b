"""Every adapter method trains only what it should; the checkpointing plan follows the memory budget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from gristmill.train.config import TrainConfig


def rows(path: Path) -> list[dict[str, str]]:
    data = [json.loads(line) for line in path.read_text().splitlines()][:12]
    return [{k: r.get(k) or "" for k in ("instruction", "input", "output")} for r in data]


@pytest.mark.parametrize(("method", "packing", "trainable_names"), [
    ("ia3", True, "ia3_l"),
    ("prompt", False, "prompt_embeddings"),
    ("prefix", False, "prompt_embeddings"),
    ("bitfit", True, ".bias"),
    ("full", True, "weight"),
])
def test_adapter_methods_train_their_own_parameters(method: str, packing: bool, trainable_names: str,
                                                    tiny_model_bias: Path, sft_data: Path, tmp_path: Path) -> None:
    from gristmill.train.sft import run_sft

    cfg = TrainConfig.model_validate({
        "model": {"name": str(tiny_model_bias)}, "adapter": {"method": method, "virtual_tokens": 4},
        "data": {"path": str(sft_data), "seq_len": 96, "batch_size": 4, "packing": packing},
        "optim": {"lr": 1e-3, "warmup_steps": 1}, "loop": {"max_steps": 2, "eval_every": 2},
        "output": {"dir": str(tmp_path)}})
    data = rows(sft_data)
    report = run_sft(cfg, rows=(data[:8], data[8:]))
    decisions = report.record["decisions"]
    assert 0 < decisions["trainable_params"] <= decisions["total_params"]
    assert all(torch.isfinite(torch.tensor(report.result.state.history)))
    saved = list((tmp_path / "adapter").glob("*.safetensors"))
    assert len(saved) == 1
    from safetensors.torch import load_file

    weights = load_file(str(saved[0]))
    assert any(trainable_names in name for name in weights)
    if method == "bitfit":  # biases only
        assert decisions["trainable_params"] == sum(t.numel() for n, t in weights.items() if n.endswith(".bias"))


def test_checkpointing_plan_follows_the_budget(tiny_model: Path) -> None:
    """Tiny Llama (d=64, f=128, 2 kv heads of 16): per token per layer 12·64 + 2·32 + 4·128 + 4·64 + 2·128 = 1,856
    values, fp32 on CPU: 1,000 tokens → 7,424,000 bytes a layer. 20 MB spare fits both layers, 10 MB one."""
    from transformers import AutoModelForCausalLM

    from gristmill.train.checkpointing import apply_checkpointing, plan_checkpointing

    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    assert plan_checkpointing(model, "auto", 1000, 20_000_000).layers == 0
    plan = plan_checkpointing(model, "auto", 1000, 10_000_000)
    assert (plan.layers, plan.bytes_per_layer) == (1, 7_424_000)
    assert plan_checkpointing(model, "auto", 1000, None).layers == 0  # CPU: no limit known
    assert plan_checkpointing(model, "on", 1000, None).layers == 2
    assert not plan.over_budget
    tight = plan_checkpointing(model, "auto", 1000, 7_000_000)  # not even one layer's recompute fits
    assert tight.layers == 2 and tight.over_budget and "over budget" in tight.reason
    apply_checkpointing(model, plan)
    assert [layer.gradient_checkpointing for layer in model.model.layers] == [True, False]


@pytest.mark.parametrize(("fuse", "dropout"), [(True, 0.0), (False, 0.1)])
def test_layer_keeps_no_more_than_the_planner_counts(tiny_model: Path, fuse: bool, dropout: float) -> None:
    """Bytes autograd saves for backward inside each decoder layer of the tiny Llama with LoRA on every linear,
    each storage once, weights aside: at most what the planner counts a token, and not far under it (a loose
    estimate checkpoints layers for nothing). Fused forwards with dropout off (as on CUDA, where masks are drawn
    again, not kept); peft's forwards with dropout on (a dropped copy of each adapted input)."""
    import torch
    from tiny_llama import lora_model

    from gristmill.train import fused
    from gristmill.train.checkpointing import activation_bytes_per_layer

    model = lora_model(tiny_model, dropout=dropout)
    if fuse:
        fused.fuse(model)
    assert fused.is_fused(model) == fuse
    weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
    seen: set[int] = set()
    inside = [0]
    saved = [0]

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        storage = tensor.untyped_storage()
        if inside[0] and storage.data_ptr() not in weights | seen:
            seen.add(storage.data_ptr())
            saved[0] += storage.nbytes()
        return tensor

    layers = model.get_base_model().model.layers
    for layer in layers:
        layer.register_forward_pre_hook(lambda *_: inside.__setitem__(0, 1))
        layer.register_forward_hook(lambda *_: inside.__setitem__(0, 0))
    tokens = 256
    ids = torch.randint(5, 400, (1, tokens), generator=torch.Generator().manual_seed(0))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        model(input_ids=ids).logits.sum().backward()
    estimate = activation_bytes_per_layer(model.config, tokens, 4, fused=fuse)  # fp32 on CPU
    per_layer = saved[0] / len(layers)
    assert 0.7 * estimate <= per_layer <= estimate, (per_layer, estimate)


def test_optimizer_auto_is_fused_adamw_unless_the_trainable_set_is_large() -> None:
    """bitsandbytes' 8-bit states pay for its per-tensor loop only past 200M trainable parameters (and on CUDA)."""
    import importlib.util

    import torch

    from gristmill.train.adapters import optimizer_name
    from gristmill.train.config import OptimSection

    adapter_8b = [torch.nn.Parameter(torch.empty(21_000_000, device="meta")) for _ in range(2)]  # r=16, all linear
    full = [torch.nn.Parameter(torch.empty(100_000_000, device="meta")) for _ in range(2)]
    large = [*full, torch.nn.Parameter(torch.empty(1, device="meta"))]
    auto = OptimSection()
    assert optimizer_name(adapter_8b, auto, "cuda") == "adamw"
    assert optimizer_name(full, auto, "cuda") == "adamw"  # 200M exactly: still fused AdamW
    expected = "paged_adamw_8bit" if importlib.util.find_spec("bitsandbytes") else "adamw"
    assert optimizer_name(large, auto, "cuda") == expected
    assert optimizer_name(large, auto, "cpu") == "adamw"
    assert optimizer_name(adapter_8b, OptimSection(optimizer="paged_adamw_8bit"), "cuda") == "paged_adamw_8bit"


def test_an_nf4_base_on_a_cpu_computes_the_same_after_an_eval(tiny_model: Path) -> None:
    """bitsandbytes repacks an NF4 weight for inference in place the first time an eval-mode forward without
    gradients sees it on a CPU (with AVX512-BF16); a model loaded to train keeps its layout, so training after an
    eval computes what it computed before it (on a CPU without AVX512-BF16 there is nothing to repack)."""
    pytest.importorskip("bitsandbytes")
    from gristmill.models import load_model

    model, _ = load_model(str(tiny_model), device="cpu", quantize_4bit=True, shardable_4bit=True)
    ids = torch.randint(0, 512, (2, 16), generator=torch.Generator().manual_seed(0))
    model.train()
    before = model(input_ids=ids).logits.detach()
    model.eval()
    with torch.no_grad():
        model(input_ids=ids)
    model.train()
    torch.testing.assert_close(model(input_ids=ids).logits.detach(), before, rtol=0, atol=0)


@pytest.mark.parametrize("targets", ["all-linear", ["q_proj", "embed_tokens"]])
def test_saving_an_adapter_asks_no_hub(tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       targets: str | list[str]) -> None:
    """peft's default asks the hub whether a base named by hub id grew its vocabulary, at every save; we know it
    did not, so the embedding is saved exactly when the adapter trains it (LoRA on `embed_tokens` here)."""
    import peft.utils.save_and_load
    from safetensors.torch import load_file

    from gristmill.models import load_model
    from gristmill.train.adapters import attach_adapter
    from gristmill.train.config import AdapterSection
    from gristmill.train.session import save_adapter

    def no_hub(*args: object, **kwargs: object) -> bool:
        raise AssertionError("a hub lookup while saving")

    monkeypatch.setattr(peft.utils.save_and_load, "check_file_exists_on_hf_hub", no_hub)
    model, _ = load_model(tiny_model, device="cpu")
    model = attach_adapter(model, AdapterSection(target_modules=targets))
    saved = load_file(str(save_adapter(model, tmp_path, base_name="SomeOrg/some-base") / "adapter_model.safetensors"))
    embedding = [name for name in saved if "embed_tokens" in name]
    assert bool(embedding) == (targets != "all-linear")
    assert json.loads((tmp_path / "adapter_config.json").read_text())["base_model_name_or_path"] == "SomeOrg/some-base"
