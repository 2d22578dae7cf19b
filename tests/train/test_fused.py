"""The fused forwards compute peft's and transformers' functions: same loss and adapter gradients on the tiny
Llama with its LoRA linears and RMSNorms fused, the dropout masks drawn again in backward and replayed by
checkpointing, peft's own forward when the adapter is disabled, every listed RMSNorm class equal to
F.rms_norm, and on CUDA the same over an NF4 base under bf16 autocast.

On CUDA peft draws its dropout mask on an fp32 copy of the input, so its masks differ from ours in layout (not
in distribution): there the comparison with peft is made with dropout off, and with dropout on against the
function written out in torch with our mask."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tiny_llama import lora_model, loss_and_grads

from gristmill.train import fused
from gristmill.train.adapters import decoder_layers
from gristmill.train.checkpointing import CheckpointPlan, apply_checkpointing
from gristmill.train.fused import RMS_NORMS, fuse, fuse_lora, fuse_rms_norms

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.gpu)]


def tokens(device: str) -> torch.Tensor:
    return torch.randint(5, 400, (2, 24), generator=torch.Generator().manual_seed(1)).to(device)


def assert_same(loss: float, grads: dict[str, torch.Tensor], expected: tuple[float, dict[str, torch.Tensor]],
                bf16: bool) -> None:
    assert loss == pytest.approx(expected[0], rel=1e-2 if bf16 else 1e-6)
    assert grads.keys() == expected[1].keys() and len(grads) == 2 * 2 * 7  # A and B of 7 linears, 2 layers
    for name, grad in grads.items():
        torch.testing.assert_close(grad, expected[1][name], rtol=5e-2 if bf16 else 1e-4,
                                   atol=2e-3 if bf16 else 1e-6, msg=name)


@pytest.mark.parametrize("device", DEVICES)
def test_fused_forward_gives_peft_loss_and_gradients(tiny_model: Path, device: str) -> None:
    dropout = 0.3 if device == "cpu" else 0.0  # CUDA: peft's masks are laid out differently (module docstring)
    ids = tokens(device)
    expected = loss_and_grads(lora_model(tiny_model, device, dropout), ids, seed=7)
    model = lora_model(tiny_model, device, dropout)
    assert fuse(model) == {"lora_linears": 2 * 7, "rms_norms": 2 * 2 + 1}  # q k v o gate up down; 2 norms a layer
    assert_same(*loss_and_grads(model, ids, seed=7), expected, bf16=device == "cuda")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("replay", [True, False])
def test_checkpointing_replays_the_fused_dropout_masks(tiny_model: Path, device: str, replay: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkpointed layer recomputes its forward, and backward draws each mask again (`replay`, CUDA's
    default) or keeps it (CPU's): the masks must be the plain forward's (dropout 0.3, so a wrong mask shows in
    every gradient), and on CPU peft's."""
    monkeypatch.setattr(fused, "REPLAY_MASK_ON", {device} if replay else set())
    ids = tokens(device)
    if device == "cpu":
        peft_grads = loss_and_grads(lora_model(tiny_model, device), ids, seed=7)[1]
    plain = lora_model(tiny_model, device)
    fuse(plain)
    expected = loss_and_grads(plain, ids, seed=7)
    model = lora_model(tiny_model, device)
    fuse(model)
    apply_checkpointing(model, CheckpointPlan(2, 2, 0, 0, "test", offload=device == "cuda"))
    loss, grads = loss_and_grads(model, ids, seed=7)
    assert loss == pytest.approx(expected[0], rel=1e-6)
    for name, grad in grads.items():
        torch.testing.assert_close(grad, expected[1][name], rtol=1e-4, atol=1e-6, msg=name)
        if device == "cpu":
            torch.testing.assert_close(grad, peft_grads[name], rtol=1e-4, atol=1e-6, msg=name)


def test_disabled_adapter_and_eval_mode_match_peft(tiny_model: Path) -> None:
    ids = tokens("cpu")
    plain = lora_model(tiny_model).eval()
    fused = lora_model(tiny_model).eval()
    fuse(fused)
    with torch.no_grad():
        torch.testing.assert_close(fused(input_ids=ids).logits, plain(input_ids=ids).logits, rtol=1e-5, atol=1e-6)
        with fused.disable_adapter(), plain.disable_adapter():
            torch.testing.assert_close(fused(input_ids=ids).logits, plain(input_ids=ids).logits)


def test_variants_and_second_adapters_keep_peft_forward(tiny_model: Path) -> None:
    from peft import LoraConfig

    model = lora_model(tiny_model)
    model.add_adapter("second", LoraConfig(r=2, target_modules="all-linear"))
    assert fuse_lora(model) == 0  # two adapters on each layer: peft's forward decides which runs
    dora = lora_model(tiny_model)
    for module in dora.modules():
        if hasattr(module, "lora_variant"):
            module.lora_variant["default"] = object()  # as DoRA registers itself
    assert fuse_lora(dora) == 0


@pytest.mark.parametrize("name", RMS_NORMS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_rms_norm_classes_are_f_rms_norm(name: str, dtype: torch.dtype) -> None:
    """Each listed transformers norm, with the fp32 weight QLoRA gives it and its output cast back to the input's
    dtype (adapters.keep_norms_fp32), against the fused forward: equal in fp32, within one bf16 step in bf16."""
    import importlib

    from gristmill.train.adapters import keep_norms_fp32

    family = name.removesuffix("RMSNorm").lower()
    cls = getattr(importlib.import_module(f"transformers.models.{family}.modeling_{family}"), name)
    torch.manual_seed(0)
    weight = torch.rand(96) + 0.5
    norms = []
    for _ in range(2):
        holder = torch.nn.Sequential(cls(96, eps=1e-5)).to(dtype)
        with torch.no_grad():
            holder[0].weight.copy_(weight)
        holder[0].weight.requires_grad_(False)
        keep_norms_fp32(holder)
        norms.append(holder)
    assert fuse_rms_norms(norms[1]) == 1
    x = (torch.randn(3, 7, 96) * 3).to(dtype)
    outputs, grads = [], []
    for holder in norms:
        inp = x.clone().requires_grad_(True)
        out = holder(inp)
        out.float().square().sum().backward()
        outputs.append(out.detach())
        grads.append(inp.grad)
    assert outputs[1].dtype == dtype
    close = {"rtol": 1e-5, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 1.6e-2, "atol": 3e-2}
    torch.testing.assert_close(outputs[1], outputs[0], **close)
    torch.testing.assert_close(grads[1].float(), grads[0].float(), **close)


def test_trainable_norms_are_left_alone(tiny_model: Path) -> None:
    model = lora_model(tiny_model)
    for name, param in model.named_parameters():
        if "norm" in name:
            param.requires_grad_(True)
    assert fuse_rms_norms(model) == 0


@pytest.mark.gpu
@pytest.mark.parametrize("dropout", [0.0, 0.1])
def test_fused_forward_over_nf4(dropout: float) -> None:
    """An NF4 linear with a LoRA adapter under bf16 autocast: output and gradients within bf16 rounding of
    peft's (dropout off) or of base(x) + s·(drop(x)·Aᵀ)·Bᵀ written out in torch with the same mask."""
    bnb = pytest.importorskip("bitsandbytes")
    from peft import LoraConfig, get_peft_model

    class Block(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.proj = torch.nn.Linear(256, 512, bias=False)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.proj(x)

    def build() -> torch.nn.Module:
        torch.manual_seed(0)
        block = Block()
        quantized = bnb.nn.Linear4bit(256, 512, bias=False, compute_dtype=torch.bfloat16, quant_type="nf4")
        quantized.weight = bnb.nn.Params4bit(block.proj.weight.data, requires_grad=False, quant_type="nf4")
        block.proj = quantized
        model = get_peft_model(block.cuda(), LoraConfig(r=8, lora_alpha=16, lora_dropout=dropout,
                                                        target_modules=["proj"]))
        with torch.no_grad():
            for name, param in model.named_parameters():
                if "lora_B" in name:
                    param.normal_(0, 0.02)
        return model.train()

    def written_out(model: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
        layer = model.base_model.model.proj
        dropped = torch.native_dropout(x, dropout, True)[0] if dropout else x
        a, b = (layer.lora_A["default"].weight.to(x.dtype), layer.lora_B["default"].weight.to(x.dtype))
        return layer.base_layer(x) + 2.0 * ((dropped @ a.t()) @ b.t())

    def run(model: torch.nn.Module, forward: object = None) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        x = torch.randn(4, 64, 256, device="cuda", generator=torch.Generator("cuda").manual_seed(3),
                        dtype=torch.bfloat16, requires_grad=True)
        torch.manual_seed(11)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out = forward(model, x) if callable(forward) else model(x)
        out.float().square().mean().backward()
        grads = {n: p.grad for n, p in model.named_parameters() if p.grad is not None}
        return out.detach(), {"x": x.grad, **grads}

    expected_out, expected = run(build(), None if dropout == 0 else written_out)
    fused = build()
    assert fuse_lora(fused) == 1
    out, grads = run(fused)
    assert grads.keys() == expected.keys() and len(grads) == 3
    torch.testing.assert_close(out, expected_out, rtol=2e-2, atol=2e-2)
    for name, grad in grads.items():
        torch.testing.assert_close(grad.float(), expected[name].float(), rtol=5e-2, atol=1e-3, msg=name)


@pytest.mark.parametrize("setting", ["auto", "on", "off"])
def test_the_trainer_fuses_unless_told_not_to(setting: str, tiny_model: Path, sft_data: Path,
                                              tmp_path: Path) -> None:
    """`adapter.fused: auto` and `on` fuse, on the CPU too (it keeps less for backward); `off` keeps peft's
    forwards; the run trains either way."""
    import json

    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    cfg = TrainConfig.model_validate({
        "model": {"name": str(tiny_model)}, "adapter": {"fused": setting, "dropout": 0.1},
        "data": {"path": str(sft_data), "seq_len": 96, "batch_size": 4},
        "optim": {"lr": 1e-3, "warmup_steps": 1}, "loop": {"max_steps": 2, "eval_every": 2},
        "output": {"dir": str(tmp_path)}})
    data = [{k: r.get(k) or "" for k in ("instruction", "input", "output")}
            for r in map(json.loads, sft_data.read_text().splitlines()[:12])]
    report = run_sft(cfg, rows=(data[:8], data[8:]))
    expected = {"lora_linears": 14, "rms_norms": 5} if setting != "off" else {}
    assert report.record["decisions"]["fused"] == expected
    # model.compile: auto compiles the pointwise glue on CUDA only (a CPU run would need inductor's C++ toolchain)
    assert ("compiled_pointwise" in report.record["decisions"]) == torch.cuda.is_available()
    assert all(torch.isfinite(torch.tensor(report.result.state.history)))


@pytest.mark.parametrize("device", DEVICES)
def test_compiled_layers_give_the_eager_loss_and_gradients(tiny_model: Path, device: str) -> None:
    """`model.compile: layers` traces the fused LoRA node and norm inside each decoder layer: the same numbers
    (on CPU through AOTAutograd without code generation, which is what a test can afford; inductor on CUDA)."""
    ids = tokens(device)
    eager = lora_model(tiny_model, device, dropout=0.0)
    fuse(eager)
    expected = loss_and_grads(eager, ids, seed=7)
    model = lora_model(tiny_model, device, dropout=0.0)
    fuse(model)
    torch._dynamo.reset()
    assert fused.compile_layers(model, backend="aot_eager" if device == "cpu" else "inductor") == 2
    assert_same(*loss_and_grads(model, ids, seed=7), expected, bf16=device == "cuda")
    assert all(layer._compiled_call_impl is not None for layer in decoder_layers(model))


@pytest.mark.parametrize("device", DEVICES)
def test_compiled_pointwise_gives_the_eager_loss_and_gradients(tiny_model: Path, device: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`model.compile: pointwise` swaps each MLP's SiLU(gate)·up and the rotary embedding for compiled kernels:
    the same numbers as transformers' (on CPU through AOTAutograd, inductor on CUDA); the eager swaps are exact."""
    from transformers.models.llama import modeling_llama

    original = modeling_llama.apply_rotary_pos_emb
    monkeypatch.setattr(modeling_llama, "apply_rotary_pos_emb", original)  # put back after the test
    ids = tokens(device)
    expected = loss_and_grads(lora_model(tiny_model, device, dropout=0.0), ids, seed=7)
    eager = lora_model(tiny_model, device, dropout=0.0)
    assert fused.fuse_swiglu(eager) == 2 and fused.fuse_rotary(eager) == 1
    assert modeling_llama.apply_rotary_pos_emb is fused.rotary
    loss, grads = loss_and_grads(eager, ids, seed=7)
    assert loss == expected[0] and all(torch.equal(grads[name], expected[1][name]) for name in grads)
    modeling_llama.apply_rotary_pos_emb = original
    model = lora_model(tiny_model, device, dropout=0.0)
    torch._dynamo.reset()
    assert fused.compile_pointwise(model, backend="aot_eager" if device == "cpu" else "inductor") == \
        {"mlps": 2, "rotary": 1}
    assert fused.compile_pointwise(model) == {"mlps": 0, "rotary": 0}  # already swapped
    assert_same(*loss_and_grads(model, ids, seed=7), expected, bf16=device == "cuda")
