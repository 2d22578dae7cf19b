"""What an evaluation returns: the A/B figures, gates, weak slices and plan; renders as Rich tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Group, RenderableType
from rich.text import Text

from gristmill.evaluate.feedback import Plan
from gristmill.evaluate.gates import GateResult
from gristmill.evaluate.slices import WeakSlices

# Figures of the A/B table, in order, with how to show them: True higher is better, False lower, None neither.
AB_ROWS: tuple[tuple[str, str, bool | None], ...] = (
    ("exact_match", "{:.3f}", True), ("token_f1", "{:.3f}", True), ("rouge_l", "{:.3f}", True),
    ("json_parse_rate", "{:.3f}", True), ("json_schema_rate", "{:.3f}", True),
    ("toxicity_rate", "{:.3f}", False), ("mean_length_tokens", "{:.1f}", None),
    ("perplexity", "{:.2f}", False), ("generated_tokens_per_s", "{:,.1f}", True),
    ("prompt_tokens_per_s", "{:,.0f}", True),
    ("safety_toxicity_rate", "{:.3f}", False), ("safety_refusal_rate", "{:.3f}", True),  # on red-team prompts
)


@dataclass
class EvalResult:
    """The outcome of `run_eval`: figures per model, per-example table, gates, weak slices, plan, file paths."""

    figures: dict[str, Any]
    per_example: pl.DataFrame
    gates: list[GateResult]
    weak: WeakSlices
    plan: Plan
    paths: dict[str, Path] = field(default_factory=dict)
    skipped: bool = False

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed_gates(self) -> list[GateResult]:
        return [g for g in self.gates if not g.passed]

    def ab_table(self) -> RenderableType:
        from gristmill.report import table

        base, tuned = self.figures["metrics"]["base"], self.figures["metrics"]["tuned"]
        rows = []
        for name, fmt, higher in AB_ROWS:
            b, t = base.get(name), tuned.get(name)
            if b is None and t is None:
                continue
            change = "" if b is None or t is None else f"{t - b:+.3g}{_verdict(t - b, higher)}"
            rows.append([name, "—" if b is None else fmt.format(b), "—" if t is None else fmt.format(t), change])
        title = f"Base vs tuned on {self.figures['examples']:,} held-out examples"
        return table(title, ["metric", "base", "tuned", "change"], rows)

    def corpus_lines(self) -> list[Text]:
        lines = []
        forgetting = self.figures.get("forgetting_ppl_delta")
        if forgetting is not None:
            lines.append(Text(f"forgetting: perplexity on the reference text {forgetting:+.1%} (base → tuned)"))
        judge = self.figures.get("judge")
        if judge and judge.get("judge_win_rate") is not None:
            lines.append(Text(f"LLM judge: tuned wins {judge['judge_win_rate']:.1%} (wins {judge['wins']}, "
                              f"losses {judge['losses']}, ties {judge['ties']}, invalid {judge['invalid']})"))
        return lines

    def gate_lines(self) -> list[Text]:
        return [Text.assemble(("✓ " if g.passed else "✗ ", "bold green" if g.passed else "bold red"),
                              f"gate {g.gate}: ", "not measured" if g.value is None else f"{g.value:.4g}",
                              (f" ({g.why})" if g.why else "")) for g in self.gates]

    def __rich__(self) -> RenderableType:
        parts: list[RenderableType] = [self.ab_table(), *self.corpus_lines(), *self.gate_lines(), Text(""),
                                       self.weak, Text(""), self.plan]
        if self.skipped:
            parts.insert(0, Text("eval: already done for this run and config (--force reruns)", style="dim"))
        return Group(*parts)


def _verdict(change: float, higher_is_better: bool | None) -> str:
    if abs(change) < 1e-12 or higher_is_better is None:
        return ""
    return " better" if (change > 0) == higher_is_better else " worse"
