"""Evaluation: base vs tuned on held-out rows, gates, weak data slices and the plan for the next run.

    from gristmill.evaluate import load_job, run_eval
    result = run_eval(load_job("runs/demo"))       # a trained run directory (what train wrote)
    result.figures["metrics"]["tuned"], result.passed, result.weak.weak, result.plan

Metric functions work on their own (`exact_match`, `token_f1`, `squad_scores`, `rouge_l_scores`,
`json_scores`), as does the slice finder on any per-example table (`find_weak_slices`). torch and
transformers load only when models are.
"""

from __future__ import annotations

from gristmill.evaluate.config import EvalConfig, SliceSection, load_eval_section
from gristmill.evaluate.feedback import Plan, PlanAction, apply_plan_to_config, build_plan, load_plan, write_plan
from gristmill.evaluate.gates import GateFailure, GateResult, check_gates, raise_for_gates
from gristmill.evaluate.metrics import (
    exact_match,
    infer_schema,
    json_scores,
    normalize_answer,
    rouge_l_scores,
    score_generations,
    squad_scores,
    token_f1,
)
from gristmill.evaluate.result import EvalResult
from gristmill.evaluate.slices import SliceStat, WeakSlices, benjamini_hochberg, find_weak_slices
from gristmill.evaluate.stage import EvalJob, TrainedRun, job_for, load_job, run_eval

__all__ = [
    "EvalConfig",
    "EvalJob",
    "EvalResult",
    "GateFailure",
    "GateResult",
    "Plan",
    "PlanAction",
    "SliceSection",
    "SliceStat",
    "TrainedRun",
    "WeakSlices",
    "apply_plan_to_config",
    "benjamini_hochberg",
    "build_plan",
    "check_gates",
    "exact_match",
    "find_weak_slices",
    "infer_schema",
    "job_for",
    "json_scores",
    "load_eval_section",
    "load_job",
    "load_plan",
    "normalize_answer",
    "raise_for_gates",
    "rouge_l_scores",
    "run_eval",
    "score_generations",
    "squad_scores",
    "token_f1",
    "write_plan",
]
