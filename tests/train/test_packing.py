"""Packed rows give the same per-token log-probs (so the same loss and gradient) as the same examples padded."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from gristmill.train.data import Example, pack, pack_pairs, pad, pair_length
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


# --------------------------------------------------------------------------------------------- shared prompts

PROMPT = list(range(3, 23))
PAIRS = [(Example([*PROMPT, *range(40, 52)], 20), Example([*PROMPT, *range(60, 67)], 20)),
         (Example([*range(80, 95), 5, 6, 7], 15), Example([*range(81, 95), 8, 9], 14)),  # the prompts differ
         (Example([3, 4, 100, 101, 102], 2), Example([3, 4, 110], 2))]


def test_a_shared_prompt_is_packed_once() -> None:
    batch = pack_pairs(PAIRS)
    ids, positions = batch.input_ids[0].tolist(), batch.position_ids[0].tolist()
    first = 20 + 12 + 1 + 7  # P, C, the prompt's last token again, R
    assert ids[:first] == [*PROMPT, *range(40, 52), 22, *range(60, 67)]
    assert positions[:first] == [*range(32), 19, *range(20, 27)]
    assert len(ids) == first + 18 + 16 + (5 + 1 + 1) == pair_length(*PAIRS[0]) + 34 + pair_length(*PAIRS[2])
    assert batch.n_seqs == 6 and batch.seq_of_target.tolist() == [0] * 12 + [1] * 7 + [2] * 3 + [3] * 2 + \
        [4] * 3 + [5] * 1
    # the gathered sequences: (P, C), (P without its last token, the last token again, R), then each unshared side
    assert batch.cu_seqlens.tolist() == [0, 32, 59, 77, 93, 98, 101]
    gathered = batch.input_ids[0, batch.gather].tolist()
    assert gathered[32:59] == [*PROMPT, *range(60, 67)]  # the rejected side as it would be alone
    # every token of the row is the output of exactly one gathered query, in its own sequence
    assert sorted(batch.gather[batch.restore].tolist()) == list(range(len(ids)))
    assert (batch.restore[:32] < 32).all() and batch.restore[32:first].tolist() == list(range(51, 59))


def pair_logps_and_grads(model: torch.nn.Module, batch: object) -> tuple[torch.Tensor, list[torch.Tensor]]:
    from gristmill.train.dpo import pair_logps

    model.zero_grad()
    chosen, rejected = pair_logps(model, batch)
    (chosen.sum() - 0.5 * rejected.sum()).backward()
    return torch.stack([chosen, rejected]).detach(), [p.grad.clone() for p in model.parameters() if p.requires_grad]


def test_shared_prompts_score_pairs_as_their_sequences_apart(tiny_model: Path) -> None:
    """The same log-probs and LoRA gradients as each side packed as its own sequence (the varlen attention on
    CPU: one causal SDPA per gathered sequence)."""
    model = lora_model(tiny_model)
    assert enable_varlen(model)
    apart = pair_logps_and_grads(model, pack([side for pair in PAIRS for side in pair]))
    shared = pair_logps_and_grads(model, pack_pairs(PAIRS))
    torch.testing.assert_close(shared[0], apart[0], rtol=1e-5, atol=1e-5)
    for got, expected in zip(shared[1], apart[1], strict=True):
        torch.testing.assert_close(got, expected, rtol=1e-4, atol=1e-6)
    swapped = pack_pairs(PAIRS)
    swapped.restore = swapped.restore.flip(0)  # outputs taken from the wrong queries: the check can fail
    assert (pair_logps_and_grads(model, swapped)[0] - apart[0]).abs().max().item() > 1e-3
