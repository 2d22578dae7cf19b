"""The `synth` section of a run config: client, Self-Instruct, back-translation, review (extra keys forbidden).

```yaml
synth:
  client: {backend: openai, model: gpt-4o-mini, base_url: http://localhost:8000/v1, concurrency: 16}
  self_instruct: {num_instructions: 500}
  back_translation: {pivots: [French, German], target: {column: category, value: translation}}
```
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from gristmill.config import Section, load_yaml, validate
from gristmill.errors import ConfigError
from gristmill.llm.client import ClientConfig

# Self-Instruct's (and Alpaca's) list: tasks a text-only model cannot do.
BLOCKED_KEYWORDS = ("image", "images", "graph", "graphs", "picture", "pictures", "file", "files", "map", "maps",
                    "draw", "plot", "go to", "video", "audio", "music", "flowchart", "diagram")


class Sampling(Section):
    """Generation parameters sent with each request of one step."""

    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    max_tokens: int = Field(default=300, ge=1)

    def params(self) -> dict[str, Any]:
        return {"temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens}


class SliceTarget(Section):
    """The rows of one slice of a table: `column == value` (the feedback loop's resynthesize plan)."""

    column: str
    value: str | int | float | bool
    path: str | None = None  # a table (Parquet, JSONL, ...); default <run>/curate/kept.parquet
    limit: int | None = Field(default=None, ge=1)


class SelfInstructConfig(Section):
    """Self-Instruct (Wang et al., 2023): bootstrap new tasks from seed tasks, filter, then add instances."""

    num_instructions: int = Field(default=100, ge=1)
    seed_tasks: str | None = None  # JSONL in the self-instruct format; default: the 175 bundled seed tasks
    target: SliceTarget | None = None  # seed from the rows of one slice instead
    human_per_prompt: int = Field(default=6, ge=1)
    machine_per_prompt: int = Field(default=2, ge=0)
    prompts_per_round: int = Field(default=8, ge=1)
    max_stalled_rounds: int = Field(default=5, ge=1)  # stop after this many rounds that add nothing new
    rouge_threshold: float = Field(default=0.7, gt=0.0, le=1.0)  # keep only when ROUGE-L < this vs the pool
    min_words: int = Field(default=4, ge=1)  # the paper's code drops instructions of 3 words or fewer
    max_words: int = Field(default=150, ge=1)
    blocked_keywords: list[str] = Field(default_factory=lambda: list(BLOCKED_KEYWORDS))
    classify: bool = True  # ask the model whether each task is classification (output-first instances)
    instances_per_task: int = Field(default=1, ge=1)
    seed: int = 0
    license: str = "NOASSERTION"  # of the generated rows (often the generator's terms)
    instruction_sampling: Sampling = Field(
        default_factory=lambda: Sampling(temperature=0.7, top_p=0.5, max_tokens=1024))
    instance_sampling: Sampling = Field(default_factory=Sampling)

    @model_validator(mode="after")
    def _word_bounds(self) -> SelfInstructConfig:
        if self.min_words > self.max_words:
            raise ValueError(f"min_words ({self.min_words}) is above max_words ({self.max_words})")
        return self


class BackTranslationConfig(Section):
    """Round-trip paraphrases through pivot languages, kept only inside a similarity band."""

    source: str | None = None  # table to paraphrase; default <run>/curate/kept.parquet
    target: SliceTarget | None = None  # only the rows of one slice
    pivots: list[str] = Field(default_factory=lambda: ["French"], min_length=1)
    fields: list[str] = Field(default_factory=lambda: ["instruction"], min_length=1)
    min_similarity: float = Field(default=0.3, ge=0.0, le=1.0)  # below: a different task
    max_similarity: float = Field(default=0.9, ge=0.0, le=1.0)  # at or above: a copy
    limit: int | None = Field(default=None, ge=1)  # rows to paraphrase (first N after the slice filter)
    sampling: Sampling = Field(default_factory=lambda: Sampling(temperature=0.0, max_tokens=512))

    @model_validator(mode="after")
    def _band(self) -> BackTranslationConfig:
        if self.min_similarity >= self.max_similarity:
            raise ValueError(f"min_similarity ({self.min_similarity}) must be below max_similarity "
                             f"({self.max_similarity})")
        bad = [f for f in self.fields if f not in ("instruction", "input")]
        if bad:
            raise ValueError(f"fields {bad} cannot be paraphrased (expected instruction and/or input)")
        return self


class SynthConfig(Section):
    """What `gristmill synth` runs. Generated rows are curated with the human data before use."""

    client: ClientConfig = Field(default_factory=lambda: ClientConfig(backend="local"))
    self_instruct: SelfInstructConfig | None = None
    back_translation: BackTranslationConfig | None = None
    output: str = "runs/latest"

    @model_validator(mode="after")
    def _something_to_do(self) -> SynthConfig:
        if self.self_instruct is None and self.back_translation is None:
            raise ValueError("nothing to synthesize: add a self_instruct and/or back_translation section")
        return self


PATH_KEYS = (("self_instruct", "seed_tasks"), ("self_instruct", "target", "path"), ("back_translation", "source"),
             ("back_translation", "target", "path"), ("client", "cache"))


def resolve_paths(section: dict[str, Any], base: Path) -> dict[str, Any]:
    """Paths in a config file are relative to that file, so a config runs from any directory."""
    for keys in PATH_KEYS:
        holder: Any = section
        for key in keys[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        value = holder.get(keys[-1]) if isinstance(holder, dict) else None
        if isinstance(value, str) and not Path(value).is_absolute():
            holder[keys[-1]] = str(base / value)
    return section


def load_synth_config(path: str | Path) -> SynthConfig:
    """A file holding a `synth:` section (a whole run config) or only the synth keys; `output` may be top-level."""
    data = load_yaml(path)
    base = Path(path).resolve().parent
    section = data.get("synth", data)
    if not isinstance(section, dict):
        raise ConfigError(["synth: expected a mapping of synth settings"], str(path))
    section = dict(section)
    if "synth" in data and "output" in data and "output" not in section:
        section["output"] = data["output"]
    prefix = "synth." if "synth" in data else ""
    return validate(SynthConfig, resolve_paths(section, base), source=str(path), prefix=prefix)
