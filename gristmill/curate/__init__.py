"""Curation: passes over raw corpora, composed by a Pipeline. Library first; the CLI calls this.

    from gristmill.curate import Pipeline, Normalize, ExactDedup, Quality
    result = Pipeline([Normalize(), ExactDedup(), Quality(min_output_words=3)]).run("raw/*.jsonl")
    result.kept, result.rejected, result.stats, result.report
"""

from __future__ import annotations

from typing import Any

from gristmill.config import describe_errors
from gristmill.curate.balance import Balance
from gristmill.curate.base import Filter, Pass
from gristmill.curate.exact import ExactDedup
from gristmill.curate.label_rules import LabelRules
from gristmill.curate.minhash import MinHashDedup
from gristmill.curate.normalize import Normalize
from gristmill.curate.pii import PII
from gristmill.curate.pipeline import Pipeline
from gristmill.curate.quality import Quality
from gristmill.curate.result import CurateResult
from gristmill.curate.toxicity import Toxicity
from gristmill.errors import ConfigError

# Pass name (as written in YAML) -> class. A plain dict: no string-named components resolved at run time.
PASSES: dict[str, type[Pass]] = {
    cls.name: cls for cls in (Normalize, ExactDedup, MinHashDedup, Quality, LabelRules, Balance, PII, Toxicity)
}


def build_passes(specs: list[dict[str, dict[str, Any] | None]], prefix: str = "passes") -> list[Pass]:
    """Instantiate passes from `[{name: options}, ...]`, reporting every bad name or option at once."""
    from pydantic import ValidationError

    passes: list[Pass] = []
    problems: list[str] = []
    for index, spec in enumerate(specs):
        ((name, options),) = spec.items()
        cls = PASSES.get(name)
        if cls is None:
            problems.append(f"{prefix}[{index}]: unknown pass {name!r} (expected one of: {', '.join(PASSES)})")
            continue
        try:
            passes.append(cls(cls.Config.model_validate(options or {})))
        except ValidationError as exc:
            problems += describe_errors(exc, cls.Config, prefix=f"{prefix}[{index}].{name}.")
    if problems:
        raise ConfigError(problems)
    return passes


__all__ = ["PASSES", "PII", "Balance", "CurateResult", "ExactDedup", "Filter", "LabelRules", "MinHashDedup",
           "Normalize", "Pass", "Pipeline", "Quality", "Toxicity", "build_passes"]
