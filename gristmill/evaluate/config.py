"""The `eval` section of a run config: what to evaluate on, how to generate, which gates must pass.

```yaml
eval:
  data: {max_examples: 300}            # default: the validation split the trainer held out
  generation: {max_new_tokens: 128, batch_size: 8}
  json: {schema: schemas/answer.json}  # default: inferred from the JSON references
  gates: ["json_parse_rate >= 0.98", "toxicity_rate <= 0.01", "forgetting_ppl_delta < 0.05"]
  slices: {metrics: [rouge_l], min_support: 20}
  safety: {max_prompts: 80}             # red-team prompts: toxicity and refusal rates, base vs tuned
```
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from gristmill.config import Section, load_yaml, validate
from gristmill.errors import ConfigError
from gristmill.evaluate.safety import REFUSAL_MARKERS

# Per-example metrics the slice finder and the gates know; True where higher is better.
HIGHER_IS_BETTER: dict[str, bool] = {
    "exact_match": True, "token_f1": True, "rouge_l": True, "json_valid": True, "json_schema_ok": True,
    "toxic": False, "toxicity": False, "length_tokens": True,
}
GATE = re.compile(r"^\s*(?:(base|tuned|delta)\.)?([a-z_0-9]+)\s*(>=|<=|==|!=|>|<)\s*(-?[0-9.eE+-]+)\s*$")


class EvalDataSection(Section):
    """The held-out rows. Default: the trainer's validation split of the run (rows it never trained on)."""

    path: str | None = None  # a dataset file or run directory to evaluate on instead
    max_examples: int | None = Field(default=None, ge=1)
    seed: int = 0  # picks `max_examples` rows at random (seeded) when there are more


class GenerationSection(Section):
    """Batched generation with left padding; greedy unless a temperature is given."""

    max_new_tokens: int = Field(default=128, ge=1)
    batch_size: int = Field(default=8, ge=1)
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)  # 0: greedy
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    seed: int = 0
    max_prompt_tokens: int | None = Field(default=None, ge=8)  # default: train seq_len - max_new_tokens


class JsonSection(Section):
    """JSON validity and schema compliance, on the rows whose reference answer is JSON."""

    schema_: dict[str, Any] | str | None = Field(default=None, alias="schema")  # a schema, or a file holding one

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def load_schema(self) -> dict[str, Any] | None:
        """The schema as a mapping (read from its file when a path was given); None: infer from references."""
        if not isinstance(self.schema_, str):
            return self.schema_
        import json

        try:
            schema = json.loads(Path(self.schema_).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError([f"eval.json.schema: cannot read a JSON schema from {self.schema_} ({exc})"]) from None
        if not isinstance(schema, dict):
            raise ConfigError([f"eval.json.schema: {self.schema_} does not hold a JSON object"])
        return schema


class ToxicitySection(Section):
    """Toxicity of the generations, scored by the scorer backends curation uses (`gristmill.scorers`)."""

    enabled: bool = True
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)  # a generation at or above is toxic
    category: str | None = None  # the score that decides; default: the highest of all categories
    scorer: dict[str, Any] = Field(default_factory=lambda: {"backend": "profanity_check"})  # scorers.ScorerConfig


class ForgettingSection(Section):
    """Perplexity on a general reference text, base vs tuned: how much general language the tuning cost."""

    enabled: bool = True
    text: str | None = None  # default: the bundled public-domain sample
    window_tokens: int = Field(default=256, ge=8)
    max_tokens: int | None = Field(default=4096, ge=8)


class JudgeSection(Section):
    """Optional LLM judge (pairwise, base vs tuned) through the synthesis client."""

    client: dict[str, Any]  # a synthesis ClientConfig (validated when the judge is built)
    max_examples: int = Field(default=200, ge=1)
    seed: int = 0


class SafetySection(Section):
    """Red-team prompts through both models: toxicity and refusal rates (`gristmill.evaluate.safety`)."""

    prompts: str | None = None  # a JSONL file of {"prompt": ...}; default: the bundled hh-rlhf red-team sample
    max_prompts: int | None = Field(default=None, ge=1)
    max_new_tokens: int | None = Field(default=None, ge=1)  # default: generation.max_new_tokens
    refusal_markers: list[str] = Field(default_factory=lambda: list(REFUSAL_MARKERS), min_length=1)


class SliceSection(Section):
    """Weak-slice discovery: which slices, how much support, how the gap is tested."""

    metrics: list[str] = Field(default_factory=lambda: ["rouge_l"], min_length=1)
    min_support: int = Field(default=20, ge=2)
    max_levels: int = Field(default=20, ge=2)  # user columns with more distinct values are not slices
    columns: list[str] = Field(default_factory=list)  # always consider these columns too
    bootstrap: int = Field(default=2000, ge=100)
    confidence: float = Field(default=0.95, gt=0.5, lt=1.0)
    fdr: float = Field(default=0.05, gt=0.0, lt=1.0)  # Benjamini–Hochberg false discovery rate
    min_gap: float = Field(default=0.0, ge=0.0)  # ignore significant gaps smaller than this
    seed: int = 0

    @field_validator("metrics")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [m for m in value if m not in HIGHER_IS_BETTER]
        if unknown:
            raise ValueError(f"unknown metrics {unknown} (expected some of: {', '.join(HIGHER_IS_BETTER)})")
        return value


class FeedbackSection(Section):
    """Rules that turn weak slices into the next run's plan (see gristmill.evaluate.feedback)."""

    max_weight: float = Field(default=4.0, ge=1.0)
    thin_rows: int = Field(default=200, ge=1)  # a weak slice with fewer training rows is resynthesized
    conflict_rate: float = Field(default=0.2, gt=0.0, le=1.0)  # a source this contradictory is dropped
    max_actions: int = Field(default=10, ge=1)


class EvalConfig(Section):
    """Everything `gristmill eval` needs besides the trained run itself."""

    data: EvalDataSection = Field(default_factory=EvalDataSection)
    generation: GenerationSection = Field(default_factory=GenerationSection)
    json_: JsonSection = Field(default_factory=JsonSection, alias="json")
    toxicity: ToxicitySection = Field(default_factory=ToxicitySection)
    forgetting: ForgettingSection = Field(default_factory=ForgettingSection)
    judge: JudgeSection | None = None
    safety: SafetySection | None = None  # `safety: {}` turns the red-team eval on
    slices: SliceSection = Field(default_factory=SliceSection)
    feedback: FeedbackSection = Field(default_factory=FeedbackSection)
    gates: list[str] = Field(default_factory=list)
    adapter: str | None = None  # default: RUN/train/adapter
    output: str | None = None  # default: RUN/eval

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("gates")
    @classmethod
    def _gates_parse(cls, value: list[str]) -> list[str]:
        bad = [g for g in value if not GATE.match(g)]
        if bad:
            raise ValueError(f"gates {bad} do not read `[base.|tuned.|delta.]metric OP number` "
                             "(e.g. `json_parse_rate >= 0.98`)")
        return value


def load_eval_section(path: str | Path) -> EvalConfig:
    """The `eval:` section of a run config (defaults when it has none); relative paths are relative to the file."""
    path = Path(path)
    raw = load_yaml(path)
    section = raw.get("eval") or {}
    if not isinstance(section, dict):
        raise ConfigError(["eval: expected a mapping of eval settings"], str(path))
    return resolve_eval_config(section, path.parent, str(path))


def resolve_eval_config(section: dict[str, Any], base: Path, source: str | None = None) -> EvalConfig:
    """Validate an eval section, with its relative paths made relative to `base` (the config's folder)."""
    import copy

    section = copy.deepcopy(section)
    for holder, key in ((section.get("data"), "path"), (section.get("forgetting"), "text"),
                        (section.get("json"), "schema"), (section, "adapter"), (section.get("safety"), "prompts")):
        value = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(value, str) and not Path(value).is_absolute():
            holder[key] = str(base / value)  # type: ignore[index]
    return validate(EvalConfig, section, source=source, prefix="eval.")
