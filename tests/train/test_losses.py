"""Losses on numbers worked out by hand, and the chunked log-prob head against plain log_softmax."""

from __future__ import annotations

import math

import pytest
import torch

from gristmill.train.losses import bradley_terry_loss, dpo_loss, linear_logprobs, sequence_logps, sft_loss


def test_sft_loss_averages_over_every_completion_token_of_the_step() -> None:
    """log-probs −1, −2, −3 in this micro-batch, 6 completion tokens in the whole step: (1+2+3)/6 = 1.0."""
    assert sft_loss(torch.tensor([-1.0, -2.0, -3.0]), step_tokens=6).item() == pytest.approx(1.0)


def test_sequence_logps_sums_tokens_per_sequence() -> None:
    """tokens of sequences 0,0,1,2,2 with log-probs −1,−2,−3,−4,−5 → −3, −3, −9."""
    out = sequence_logps(torch.tensor([-1.0, -2.0, -3.0, -4.0, -5.0]), torch.tensor([0, 0, 1, 2, 2]), 3)
    assert out.tolist() == [-3.0, -3.0, -9.0]


def test_dpo_sigmoid_loss_on_hand_worked_numbers() -> None:
    """π_w=−1, π_l=−3, ref_w=ref_l=−2, β=0.5: h = (−1+2) − (−3+2) = 2, βh = 1,
    loss = −log σ(1) = log(1 + e^−1) = 0.3132617; rewards β(π−ref) = +0.5 and −0.5."""
    out = dpo_loss(torch.tensor([-1.0]), torch.tensor([-3.0]), torch.tensor([-2.0]), torch.tensor([-2.0]), beta=0.5)
    assert out.losses.item() == pytest.approx(math.log1p(math.exp(-1)), abs=1e-7)
    assert out.losses.item() == pytest.approx(0.31326168751822286, abs=1e-7)
    assert out.chosen_rewards.item() == pytest.approx(0.5)
    assert out.rejected_rewards.item() == pytest.approx(-0.5)
    assert out.metrics()["reward_accuracy"] == 1.0


def test_cdpo_label_smoothing_on_hand_worked_numbers() -> None:
    """Same pair, ε=0.1: 0.9·(−log σ(1)) + 0.1·(−log σ(−1)) = 0.9·0.3132617 + 0.1·1.3132617 = 0.4132617."""
    out = dpo_loss(torch.tensor([-1.0]), torch.tensor([-3.0]), torch.tensor([-2.0]), torch.tensor([-2.0]), beta=0.5,
                   label_smoothing=0.1)
    assert out.losses.item() == pytest.approx(0.41326168751822286, abs=1e-7)


def test_ipo_loss_on_hand_worked_numbers() -> None:
    """Same pair, IPO with β=0.5: (h − 1/(2β))² = (2 − 1)² = 1; with β=0.25: (2 − 2)² = 0."""
    args = (torch.tensor([-1.0]), torch.tensor([-3.0]), torch.tensor([-2.0]), torch.tensor([-2.0]))
    assert dpo_loss(*args, beta=0.5, loss_type="ipo").losses.item() == pytest.approx(1.0)
    assert dpo_loss(*args, beta=0.25, loss_type="ipo").losses.item() == pytest.approx(0.0)


def test_bradley_terry_loss_on_hand_worked_numbers() -> None:
    """r_w = 2.0, r_l = 0.5: −log σ(1.5) = log(1 + e^−1.5) = 0.2014133."""
    assert bradley_terry_loss(torch.tensor([2.0]), torch.tensor([0.5])).item() == pytest.approx(0.20141327798275246)


@pytest.mark.parametrize(("trainable", "rows", "cols"), [
    (False, 3, None),  # row blocks against the whole vocabulary, the last block short
    (False, None, 7),  # all rows against vocabulary blocks (a weight streamed from host memory), the last short
    (False, 4, 16),  # both
    (True, 3, None),  # a trained weight: each row block recomputed in backward
])
def test_linear_logprobs_matches_log_softmax_values_and_gradients(trainable: bool, rows: int | None,
                                                                  cols: int | None) -> None:
    torch.manual_seed(0)
    hidden = torch.randn(10, 8, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(50, 8, dtype=torch.float64, requires_grad=trainable)
    weight.data[7] *= 6  # one large logit after the first block: the running maximum must rescale what came before
    targets = torch.randint(0, 50, (10,))
    targets[0], targets[1] = 0, 49  # the first and the last vocabulary row
    upstream = torch.randn(10, dtype=torch.float64)
    expected = torch.log_softmax(hidden @ weight.T, dim=-1).gather(1, targets[:, None]).squeeze(1)
    (expected * upstream).sum().backward()
    grads = (hidden.grad.clone(), weight.grad.clone() if trainable else None)
    hidden.grad = None
    weight.grad = None
    got = linear_logprobs(hidden, weight, targets, rows=rows, cols=cols)
    (got * upstream.float()).sum().backward()
    torch.testing.assert_close(got, expected.float(), rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(hidden.grad, grads[0], rtol=1e-5, atol=1e-6)
    if trainable:
        torch.testing.assert_close(weight.grad, grads[1], rtol=1e-5, atol=1e-6)
