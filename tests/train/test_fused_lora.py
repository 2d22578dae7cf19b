"""The fused LoRA forward computes peft's function: same loss and adapter gradients on the tiny Llama (dropout
on, so the mask stream must match; checkpointed, so recomputation must replay it), peft's own forward when
the adapter is disabled, and on CUDA the same over an NF4 base under bf16 autocast."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tiny_llama import lora_model, loss_and_grads

from gristmill.train.adapters import CheckpointPlan, apply_checkpointing
from gristmill.train.fused_lora import _fused_forward, fuse_lora

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.gpu)]


def tokens(device: str) -> torch.Tensor:
    return torch.randint(5, 400, (2, 24), generator=torch.Generator().manual_seed(1)).to(device)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("checkpointed", [False, True])
def test_fused_forward_gives_peft_loss_and_gradients(tiny_model: Path, device: str, checkpointed: bool) -> None:
    ids = tokens(device)
    peft_loss, peft_grads = loss_and_grads(lora_model(tiny_model, device), ids, seed=7)
    model = lora_model(tiny_model, device)
    assert fuse_lora(model) == 2 * 7  # q k v o gate up down in both layers
    if checkpointed:
        apply_checkpointing(model, CheckpointPlan(2, 2, 0, 0, "test", offload=device == "cuda"))
    loss, grads = loss_and_grads(model, ids, seed=7)
    bf16 = device == "cuda"
    assert loss == pytest.approx(peft_loss, rel=1e-2 if bf16 else 1e-6)
    assert grads.keys() == peft_grads.keys() and len(grads) == 2 * 2 * 7
    for name, grad in grads.items():
        torch.testing.assert_close(grad, peft_grads[name], rtol=5e-2 if bf16 else 1e-4,
                                   atol=2e-3 if bf16 else 1e-6, msg=name)


def test_disabled_adapter_and_eval_mode_match_peft(tiny_model: Path) -> None:
    ids = tokens("cpu")
    plain = lora_model(tiny_model).eval()
    fused = lora_model(tiny_model).eval()
    fuse_lora(fused)
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
    assert not any(getattr(m, "forward", None).__func__ is _fused_forward  # type: ignore[union-attr]
                   for m in dora.modules() if hasattr(getattr(m, "forward", None), "__func__"))


@pytest.mark.gpu
def test_fused_forward_over_nf4_matches_peft(tmp_path: Path) -> None:
    """An NF4 linear with a LoRA adapter: output and gradients within bf16 rounding of peft's Linear4bit."""
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
        block = block.cuda()
        model = get_peft_model(block, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.1, target_modules=["proj"]))
        with torch.no_grad():
            for name, param in model.named_parameters():
                if "lora_B" in name:
                    param.normal_(0, 0.02)
        return model.train()

    def run(model: torch.nn.Module) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        x = torch.randn(4, 64, 256, device="cuda", generator=torch.Generator("cuda").manual_seed(3),
                        dtype=torch.bfloat16, requires_grad=True)
        torch.manual_seed(11)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out = model(x)
        out.float().square().mean().backward()
        grads = {n: p.grad for n, p in model.named_parameters() if p.grad is not None}
        return out.detach(), {"x": x.grad, **grads}

    peft_out, peft_grads = run(build())
    fused = build()
    assert fuse_lora(fused) == 1
    out, grads = run(fused)
    torch.testing.assert_close(out, peft_out, rtol=2e-2, atol=2e-2)
    for name, grad in grads.items():
        torch.testing.assert_close(grad.float(), peft_grads[name].float(), rtol=5e-2, atol=1e-3, msg=name)
