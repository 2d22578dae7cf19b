"""An optional LLM judge: for each example, which answer is better, the base model's or the tuned one's.

Pairwise, through the synthesis client (any OpenAI-compatible endpoint or a local model, cached and retried).
Position bias is controlled by a seeded coin per example that decides whether the tuned answer is shown as A
or as B. The verdict is the first standalone A, B or T (tie) in the reply; other replies count as invalid and
are left out of the win rate: (tuned wins + ties / 2) / valid verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gristmill.config import validate
from gristmill.evaluate.config import JudgeSection

VERDICT = re.compile(r"\b([ABT])\b")
PROMPT = """You compare two answers to the same request. Judge helpfulness, correctness and following the \
request; the reference answer shows what a good answer contains.

Request:
{prompt}

Reference answer:
{reference}

Answer A:
{a}

Answer B:
{b}

Which answer is better? Reply with one letter only: A, B, or T if they are equally good."""


@dataclass
class JudgeResult:
    """Per-example winners ("tuned", "base", "tie" or None when the verdict was unusable) and the win rate."""

    winners: list[str | None]

    def summary(self) -> dict[str, Any]:
        wins = self.winners.count("tuned")
        losses = self.winners.count("base")
        ties = self.winners.count("tie")
        valid = wins + losses + ties
        return {"judge_win_rate": (wins + ties / 2) / valid if valid else None, "wins": wins, "losses": losses,
                "ties": ties, "invalid": len(self.winners) - valid}


def parse_verdict(text: str) -> str | None:
    match = VERDICT.search(text.strip().upper())
    return match.group(1) if match else None


def judge_pairs(cfg: JudgeSection, prompts: Sequence[str], references: Sequence[str], base: Sequence[str],
                tuned: Sequence[str]) -> JudgeResult:
    """Ask the judge about the first `max_examples` examples; the rest get no verdict."""
    from gristmill.llm.client import ClientConfig, Request, SynthClient

    client = SynthClient(validate(ClientConfig, cfg.client, prefix="eval.judge.client."))
    n = min(cfg.max_examples, len(prompts))
    tuned_first = np.random.default_rng(cfg.seed).random(n) < 0.5
    requests = []
    for i in range(n):
        a, b = (tuned[i], base[i]) if tuned_first[i] else (base[i], tuned[i])
        text = PROMPT.format(prompt=prompts[i], reference=references[i], a=a, b=b)
        requests.append(Request.user(text, temperature=0.0, max_tokens=8))
    answers = client.complete(requests)
    winners: list[str | None] = []
    for i, answer in enumerate(answers):
        verdict = parse_verdict(answer.text) if answer.ok else None
        if verdict == "T":
            winners.append("tie")
        elif verdict is None:
            winners.append(None)
        else:
            winners.append("tuned" if (verdict == "A") == bool(tuned_first[i]) else "base")
    return JudgeResult(winners + [None] * (len(prompts) - n))
