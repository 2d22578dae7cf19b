from __future__ import annotations

import pytest

from gristmill.config import validate
from gristmill.errors import ConfigError
from gristmill.evaluate.config import EvalConfig
from gristmill.evaluate.gates import GateFailure, check_gates, raise_for_gates

FIGURES = {
    "base": {"json_parse_rate": 0.90, "toxicity_rate": 0.0, "rouge_l": 0.40},
    "tuned": {"json_parse_rate": 0.99, "toxicity_rate": 0.02, "rouge_l": 0.35, "json_schema_rate": None},
    "delta": {"json_parse_rate": 0.09, "toxicity_rate": 0.02, "rouge_l": -0.05},
    "forgetting_ppl_delta": 0.03,
    "judge_win_rate": None,
}


def test_gates_read_tuned_by_default_and_base_or_delta_when_asked() -> None:
    results = check_gates(["json_parse_rate >= 0.98", "toxicity_rate <= 0.01", "forgetting_ppl_delta < 0.05",
                           "delta.rouge_l >= 0", "base.json_parse_rate < 0.95"], FIGURES)
    assert [(g.value, g.passed) for g in results] == [
        (0.99, True), (0.02, False), (0.03, True), (-0.05, False), (0.90, True)]


def test_a_gate_on_a_figure_that_was_not_measured_fails() -> None:
    (schema, judge) = check_gates(["json_schema_rate >= 0.9", "judge_win_rate > 0.5"], FIGURES)
    assert (schema.passed, schema.value, schema.why) == (False, None, "this figure was not measured")
    assert judge.passed is False


def test_failed_gates_raise_one_error_naming_each() -> None:
    with pytest.raises(GateFailure, match=r"2 gate\(s\) failed: toxicity_rate <= 0.01 \(got 0.02\); "
                                          r"delta.rouge_l >= 0 \(got -0.05\)") as info:
        raise_for_gates(check_gates(["toxicity_rate <= 0.01", "delta.rouge_l >= 0", "rouge_l > 0.3"], FIGURES))
    assert [g.gate for g in info.value.failed] == ["toxicity_rate <= 0.01", "delta.rouge_l >= 0"]
    raise_for_gates(check_gates(["rouge_l > 0.3"], FIGURES))  # all passing: no error


def test_gates_that_do_not_parse_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="do not read"):
        validate(EvalConfig, {"gates": ["json parse rate is high"]})
