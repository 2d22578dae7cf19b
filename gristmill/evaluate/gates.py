"""Gates: conditions on the evaluation figures that a run must meet (`json_parse_rate >= 0.98`).

A gate names a figure of the tuned model by default; `base.` and `delta.` (tuned − base) prefixes reach the
others, and corpus-level figures (`forgetting_ppl_delta`, `judge_win_rate`) are named plainly. A gate whose
figure was not measured (no JSON rows, toxicity off) fails: a gate that cannot be checked is not passed.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from gristmill.errors import GristmillError
from gristmill.evaluate.config import GATE

OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq, "!=": operator.ne}


@dataclass
class GateResult:
    gate: str
    value: float | None
    passed: bool
    why: str = ""


class GateFailure(GristmillError):
    """Raised (by `raise_for_gates`) when one or more gates fail; the CLI maps it to exit code 3."""

    def __init__(self, failed: list[GateResult]) -> None:
        self.failed = failed
        lines = "; ".join(f"{g.gate} (got {_show(g.value)}{', ' + g.why if g.why else ''})" for g in failed)
        super().__init__(f"{len(failed)} gate(s) failed: {lines}")


def _show(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.4g}"


def figure(name: str, scope: str | None, figures: Mapping[str, Any]) -> float | None:
    """The value a gate names: tuned (default), base, delta (tuned − base), or a corpus-level figure."""
    if scope is None and figures.get(name) is not None and not isinstance(figures.get(name), dict):
        return float(figures[name])
    side = figures.get(scope or "tuned", {})
    value = side.get(name) if isinstance(side, dict) else None
    return None if value is None else float(value)


def check_gates(gates: list[str], figures: Mapping[str, Any]) -> list[GateResult]:
    """Evaluate every gate against the results' figures (`{"base": {...}, "tuned": {...}, "delta": {...}, ...}`)."""
    results = []
    for gate in gates:
        match = GATE.match(gate)
        if match is None:
            results.append(GateResult(gate, None, False, "cannot parse the gate"))
            continue
        scope, name, op, bound = match.groups()
        value = figure(name, scope, figures)
        if value is None:
            results.append(GateResult(gate, None, False, "this figure was not measured"))
            continue
        results.append(GateResult(gate, value, OPS[op](value, float(bound))))
    return results


def raise_for_gates(results: list[GateResult]) -> None:
    failed = [g for g in results if not g.passed]
    if failed:
        raise GateFailure(failed)


def gates_as_dicts(results: list[GateResult]) -> list[dict[str, Any]]:
    return [asdict(g) for g in results]
