"""The LLM judge over real HTTP: the loopback OpenAI-compatible server of the synthesis tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from gristmill.evaluate.config import JudgeSection
from gristmill.evaluate.judge import judge_pairs, parse_verdict

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "synth"))
from fake_openai import TEST_KEY_ENV, FakeOpenAI, client_options


def reference_judge(body: dict[str, Any]) -> str:
    """Prefers the answer equal to the reference; `T` when neither or both are; rambles when asked to skip."""
    prompt = body["messages"][-1]["content"]
    reference, a, b = (re.search(rf"{name}:\n(.*?)\n\n", prompt, re.S).group(1)  # type: ignore[union-attr]
                       for name in ("Reference answer", "Answer A", "Answer B"))
    if reference == "skip":
        return "I cannot decide between these."
    if (a == reference) == (b == reference):
        return "T"
    return "A" if a == reference else "B, clearly"


def test_verdicts_are_read_from_the_first_standalone_letter() -> None:
    assert [parse_verdict(t) for t in ("A", "b.", "**B** is better", "T", "Answer: A", "neither")] == [
        "A", "B", "B", "T", "A", None]


def test_win_rate_counts_ties_as_half_and_leaves_out_invalid_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    """tuned right 3×, base right 2×, both wrong once (tie), one unusable reply: (3 + 0.5) / 6."""
    monkeypatch.setenv(TEST_KEY_ENV, "sk-test")
    references = ["r1", "r2", "r3", "r4", "r5", "r6", "skip"]
    tuned = ["r1", "r2", "r3", "x", "x", "x", "x"]
    base = ["x", "x", "x", "r4", "r5", "y", "y"]
    with FakeOpenAI(answer=reference_judge) as server:
        cfg = JudgeSection(client=client_options(server.url), seed=0)
        result = judge_pairs(cfg, [f"question {i}" for i in range(7)], references, base, tuned)
    assert result.winners == ["tuned", "tuned", "tuned", "base", "base", "tie", None]
    assert result.summary() == {"judge_win_rate": 3.5 / 6, "wins": 3, "losses": 2, "ties": 1, "invalid": 1}
    # the seeded coin showed the tuned answer first for some examples and second for others
    firsts = {f"Answer A:\n{tuned[i]}\n" in p for i in range(3) for p in server.prompts if f"question {i}\n" in p}
    assert firsts == {True, False}
