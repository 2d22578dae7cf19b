"""Losses as pure functions of log-probabilities and scores, each with its paper's equation.

Also the one piece of arithmetic the losses feed on: log p(target) from the last hidden states and the
output embedding, computed a block of [tokens × vocabulary] logits at a time so they never exist all at once
(for a 128k vocabulary and 2,048 tokens they would take 1 GB in fp32, plus as much for the gradient).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import torch
import torch.nn.functional as F

from gristmill.plan import LOGITS_CHUNK_BYTES  # fp32 logits held at once (128 tokens of a 128k vocabulary)

MIN_COLS = 1024  # a weight streamed from host memory goes over in blocks of at least this many vocabulary rows
MAX_ROWS = LOGITS_CHUNK_BYTES // (4 * MIN_COLS)  # rows per pass over a streamed weight (16,384)


# --------------------------------------------------------------------------------------------- SFT


def sft_loss(target_logps: torch.Tensor, step_tokens: int) -> torch.Tensor:
    """Negative log-likelihood of the completion tokens, averaged over every such token in the optimizer step.

    L = -(1/N) Σ_t log p(y_t | y_<t, x), N = completion tokens in the whole step (all micro-batches), so that
    summing micro-batch losses under gradient accumulation gives exactly the loss of one large batch.
    """
    return -target_logps.sum() / step_tokens


def sequence_logps(target_logps: torch.Tensor, seq_index: torch.Tensor, n_seqs: int) -> torch.Tensor:
    """Sum per-token log-probs into one log p(y | x) per sequence (`seq_index[i]` = sequence of token i)."""
    out = torch.zeros(n_seqs, dtype=target_logps.dtype, device=target_logps.device)
    return out.index_add(0, seq_index, target_logps)


# --------------------------------------------------------------------------------------------- DPO


@dataclass
class PreferenceOutput:
    """Per-pair losses and the implicit rewards β·log(π/π_ref) of each side."""

    losses: torch.Tensor
    chosen_rewards: torch.Tensor
    rejected_rewards: torch.Tensor

    def metrics(self) -> dict[str, float]:
        margins = self.chosen_rewards - self.rejected_rewards
        return {"reward_accuracy": (margins > 0).float().mean().item(),
                "chosen_reward": self.chosen_rewards.mean().item(),
                "rejected_reward": self.rejected_rewards.mean().item(),
                "reward_margin": margins.mean().item()}


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float = 0.1, label_smoothing: float = 0.0,
             loss_type: Literal["sigmoid", "ipo"] = "sigmoid") -> PreferenceOutput:
    """DPO on sequence log-probs (each a tensor of pairs).

    h = (log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))

    sigmoid, Eq. 7 of Rafailov et al. (2023), with cDPO label smoothing ε (Mitchell, 2023):
        L = −(1−ε)·log σ(β·h) − ε·log σ(−β·h)
    ipo, Eq. 17 of Azar et al. (2023):
        L = (h − 1/(2β))²
    """
    h = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)
    if loss_type == "sigmoid":
        losses = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
    elif loss_type == "ipo":
        losses = (h - 1 / (2 * beta)) ** 2
    else:
        raise ValueError(f"unknown DPO loss {loss_type!r} (expected sigmoid or ipo)")
    chosen = beta * (policy_chosen - ref_chosen).detach()
    rejected = beta * (policy_rejected - ref_rejected).detach()
    return PreferenceOutput(losses, chosen, rejected)


def bradley_terry_loss(chosen_scores: torch.Tensor, rejected_scores: torch.Tensor) -> torch.Tensor:
    """Reward-model loss, Bradley–Terry (1952) as used by Ouyang et al. (2022), Eq. 1: −log σ(r(x,y_w) − r(x,y_l))."""
    return -F.logsigmoid(chosen_scores - rejected_scores)


# --------------------------------------------------------------------------------------------- log p(target)


class _LinearLogProb(torch.autograd.Function):
    """log softmax(h·Wᵀ)[y] per row, with d/dh formed in the forward: no logits are kept for backward.

    d log p(y)/dh = W[y] − Σ_v softmax(h·Wᵀ)_v·W[v] is known while a block of logits is in memory, so backward
    only scales it by the incoming per-token gradient (W must be frozen). Blocks are `rows` rows of h against
    `cols` rows of W; within a row block they sweep the vocabulary keeping a running maximum m, the sum
    z = Σ exp(logit − m) and the weighted sum Σ exp(logit − m)·W[v], both rescaled by exp(m_old − m_new)
    when m grows (the online softmax of Milakov & Gimelshein, 2018), so log p(y) = logit_y − m − log z.
    A weight in host memory (`offload.offload_output_head`) goes to the device one block at a time.
    """

    @staticmethod
    def forward(ctx: Any, hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor, rows: int,
                cols: int) -> torch.Tensor:
        out = torch.empty(hidden.shape[0], dtype=torch.float32, device=hidden.device)
        grad = torch.empty_like(hidden) if ctx.needs_input_grad[0] else None
        for start in range(0, hidden.shape[0], rows):
            block = slice(start, start + rows)
            out[block], block_grad = _sweep_vocabulary(hidden[block], weight, targets[block], cols, grad is not None)
            if grad is not None and block_grad is not None:
                grad[block] = block_grad.to(grad.dtype)
        ctx.save_for_backward(grad)
        return out

    @staticmethod
    def backward(ctx: Any, grad_out: torch.Tensor) -> tuple[torch.Tensor | None, None, None, None, None]:
        (grad,) = ctx.saved_tensors
        if grad is None:
            return None, None, None, None, None
        return grad * grad_out.unsqueeze(1).to(grad.dtype), None, None, None, None


def _sweep_vocabulary(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor, cols: int,
                      with_grad: bool) -> tuple[torch.Tensor, torch.Tensor | None]:
    """log p(targets) of one row block, and d/dh with `with_grad`, over the vocabulary `cols` rows of W at a
    time (the online softmax of `_LinearLogProb`)."""
    h, device = hidden.to(weight.dtype), hidden.device
    m = torch.full((h.shape[0],), -torch.inf, device=device)
    z, target = torch.zeros_like(m), torch.zeros_like(m)
    weighted = h.new_zeros(h.shape, dtype=torch.float32) if with_grad else None  # Σ exp(logit − m)·W[v]
    w_y = torch.zeros_like(h)  # W[target], gathered from the block that holds it
    for first in range(0, weight.shape[0], cols):
        w = weight[first:first + cols].to(device, non_blocking=True)  # a view when W is on the device
        logits = (h @ w.T).float()
        local = targets - first
        hit = (local >= 0) & (local < w.shape[0])  # targets inside this block
        local = local.clamp(0, w.shape[0] - 1)
        target = torch.where(hit, logits.gather(1, local[:, None]).squeeze(1), target)
        grown = torch.maximum(m, logits.amax(dim=1))
        rescale = (m - grown).exp_()  # 0 for the first block (m = −inf)
        probs = logits.sub_(grown[:, None]).exp_()  # exp(logit − m), in place: no second block-sized tensor
        z = z.mul_(rescale).add_(probs.sum(dim=1))
        if weighted is not None:
            weighted.mul_(rescale[:, None]).add_(probs.to(w.dtype) @ w)
            w_y = torch.where(hit[:, None], w[local], w_y)
        m = grown
    grad = w_y - weighted / z[:, None] if weighted is not None else None
    return target - m - z.log(), grad


def _chunk_logprobs(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    logits = (hidden.to(weight.dtype) @ weight.T).float()
    return logits.gather(1, targets.unsqueeze(1)).squeeze(1) - torch.logsumexp(logits, dim=-1)


def linear_logprobs(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor, rows: int | None = None,
                    cols: int | None = None) -> torch.Tensor:
    """log p(targets) for hidden states [N, d] under the output embedding `weight` [V, d], in fp32.

    A frozen `weight` on the device is swept a block of `rows` rows at a time against the whole vocabulary
    (`LOGITS_CHUNK_BYTES` of logits); one in host memory the other way round, all rows (up to `MAX_ROWS`)
    against `cols` vocabulary rows, so it crosses to the device once per forward. Either way the gradient is
    formed in the forward (no logits kept for backward). A trainable one (full fine-tuning) recomputes each row
    block in backward through activation checkpointing instead.
    """
    n, vocab = hidden.shape[0], weight.shape[0]
    if weight.device != hidden.device:
        rows = rows or max(1, min(n, MAX_ROWS))
        cols = cols or max(MIN_COLS, LOGITS_CHUNK_BYTES // (4 * rows))
    rows = rows or max(1, LOGITS_CHUNK_BYTES // (4 * vocab))
    cols = cols or vocab
    if not weight.requires_grad:
        return _LinearLogProb.apply(hidden, weight, targets, rows, cols)
    from torch.utils.checkpoint import checkpoint

    parts = [checkpoint(_chunk_logprobs, hidden[s:s + rows], weight, targets[s:s + rows], use_reentrant=False)
             for s in range(0, n, rows)]
    return torch.cat(parts) if parts else hidden.new_zeros(0, dtype=torch.float32)
