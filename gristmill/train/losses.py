"""Losses as pure functions of log-probabilities and scores, each with its paper's equation.

Also the one piece of arithmetic the losses feed on: log p(target) from the last hidden states and the
output embedding, computed a chunk of tokens at a time so the [tokens × vocabulary] logits never exist all
at once (for a 128k vocabulary and 2,048 tokens they would take 1 GB in fp32, plus as much for the gradient).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import torch
import torch.nn.functional as F

LOGITS_CHUNK_BYTES = 1 << 26  # fp32 logits held at once by `linear_logprobs` (128 tokens of a 128k vocabulary)


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
    """log softmax(h·Wᵀ)[target] per row, with d/dh computed in the forward chunk by chunk.

    d log p(y)/d logits = onehot(y) − softmax, so d/dh = (onehot − softmax)·W is known while the chunk's
    logits are in memory; backward only scales it by the incoming per-token gradient. W must be frozen.
    """

    @staticmethod
    def forward(ctx: Any, hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                chunk: int) -> torch.Tensor:
        out = torch.empty(hidden.shape[0], dtype=torch.float32, device=hidden.device)
        grad = torch.empty_like(hidden) if ctx.needs_input_grad[0] else None
        for start in range(0, hidden.shape[0], chunk):
            rows = slice(start, start + chunk)
            logits = (hidden[rows].to(weight.dtype) @ weight.T).float()
            lse = torch.logsumexp(logits, dim=-1)
            target = targets[rows].unsqueeze(1)
            out[rows] = logits.gather(1, target).squeeze(1) - lse
            if grad is not None:
                probs = logits.sub_(lse.unsqueeze(1)).exp_().neg_()  # −softmax, in place: no second V-wide tensor
                probs.scatter_add_(1, target, torch.ones_like(target, dtype=probs.dtype))
                grad[rows] = (probs.to(weight.dtype) @ weight).to(grad.dtype)
        ctx.save_for_backward(grad)
        return out

    @staticmethod
    def backward(ctx: Any, grad_out: torch.Tensor) -> tuple[torch.Tensor | None, None, None, None]:
        (grad,) = ctx.saved_tensors
        if grad is None:
            return None, None, None, None
        return grad * grad_out.unsqueeze(1).to(grad.dtype), None, None, None


def _chunk_logprobs(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    logits = (hidden.to(weight.dtype) @ weight.T).float()
    return logits.gather(1, targets.unsqueeze(1)).squeeze(1) - torch.logsumexp(logits, dim=-1)


def linear_logprobs(hidden: torch.Tensor, weight: torch.Tensor, targets: torch.Tensor,
                    chunk: int | None = None) -> torch.Tensor:
    """log p(targets) for hidden states [N, d] under the output embedding `weight` [V, d], in fp32.

    With a frozen `weight` the gradient is formed in the forward (no logits kept for backward); a trainable
    one (full fine-tuning) recomputes each chunk in backward through activation checkpointing instead.
    """
    chunk = chunk or max(1, LOGITS_CHUNK_BYTES // (4 * weight.shape[0]))
    if not weight.requires_grad:
        return _LinearLogProb.apply(hidden, weight, targets, chunk)
    from torch.utils.checkpoint import checkpoint

    parts = [checkpoint(_chunk_logprobs, hidden[s:s + chunk], weight, targets[s:s + chunk], use_reentrant=False)
             for s in range(0, hidden.shape[0], chunk)]
    return torch.cat(parts) if parts else hidden.new_zeros(0, dtype=torch.float32)
