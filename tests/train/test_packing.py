"""Packed rows give the same per-token log-probs (so the same loss and gradient) as the same examples padded."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from gristmill.train.data import Example, pack, pad
from gristmill.train.forward import enable_varlen, token_logprobs
from gristmill.train.losses import sft_loss

EXAMPLES = [Example(list(range(3, 40)), 10), Example(list(range(50, 61)), 4), Example(list(range(70, 130)), 30)]


def lora_model(folder: Path) -> torch.nn.Module:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(folder, attn_implementation="sdpa"),
                           LoraConfig(r=4, target_modules="all-linear", init_lora_weights=False))
    return model.eval()


def loss_and_grads(model: torch.nn.Module, batch: object) -> tuple[torch.Tensor, torch.Tensor, list[torch.Tensor]]:
    model.zero_grad()
    logps = token_logprobs(model, batch)
    loss = sft_loss(logps, logps.numel())
    loss.backward()
    return logps.detach(), loss.detach(), [p.grad.clone() for p in model.parameters() if p.requires_grad]


@pytest.mark.parametrize("attention", ["varlen", "sdpa"])
def test_packed_and_padded_batches_agree(tiny_model: Path, attention: str) -> None:
    model = lora_model(tiny_model)
    padded = loss_and_grads(model, pad(EXAMPLES, pad_id=1))
    if attention == "varlen":
        assert enable_varlen(model)  # our attention: one causal block per example
    # sdpa: transformers builds the block-diagonal mask from the restarting position ids
    packed = loss_and_grads(model, pack(EXAMPLES))
    torch.testing.assert_close(packed[0], padded[0], rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(packed[1], padded[1], rtol=1e-6, atol=1e-6)
    for got, expected in zip(packed[2], padded[2], strict=True):
        torch.testing.assert_close(got, expected, rtol=1e-4, atol=1e-6)


def test_packing_without_boundaries_would_differ(tiny_model: Path) -> None:
    """The check above can fail: one long causal row (no restart) gives different log-probs."""
    model = lora_model(tiny_model)
    batch = pack(EXAMPLES)
    padded = loss_and_grads(model, pad(EXAMPLES, pad_id=1))[0]
    batch.position_ids = torch.arange(batch.input_ids.shape[1])[None]
    batch.cu_seqlens = None
    batch.attention_mask = torch.ones_like(batch.input_ids)
    leaked = loss_and_grads(model, batch)[0]
    assert (leaked - padded).abs().max().item() > 1e-3
