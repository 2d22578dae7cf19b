"""Config sections as small pydantic models (extra keys forbidden); every problem is reported at once."""

from __future__ import annotations

import itertools
import reprlib
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from gristmill.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def yaml_switch(value: Any) -> Any:
    """YAML 1.1 reads `on`, `off`, `yes` and `no` as booleans: take them back as the words they were."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return value


# A setting written `auto`, `on` or `off` in YAML (`fused: off` arrives as False, and would be refused, or for
# an `| int` field silently read as 0 layers; `on` as 1).
Switch = Annotated[Literal["auto", "on", "off"], BeforeValidator(yaml_switch)]


class Section(BaseModel):
    """Base of every config section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class InputSpec(Section):
    """One input: a file, glob or dataset folder, with the SPDX license it is published under."""

    path: str
    license: str = "NOASSERTION"
    name: str | None = None  # the `source` column; defaults to the file stem
    origin: str = "human"
    format: Literal["auto", "jsonl", "json", "csv", "tsv", "parquet", "arrow", "hf_dataset"] = "auto"
    fields: dict[str, str] = Field(default_factory=dict)  # canonical name -> input column
    split: str | None = None  # a DatasetDict folder's split (default: every split)
    url: str | None = None  # where the data was downloaded from (the SPDX manifest's downloadLocation)

    @field_validator("license")
    @classmethod
    def _spdx_like(cls, value: str) -> str:
        import re

        if not re.fullmatch(r"[A-Za-z0-9.+\-() ]+", value):
            raise ValueError(f"{value!r} is not an SPDX license id or expression (e.g. MIT, Apache-2.0)")
        return value


class LicensesConfig(Section):
    """License rules for the curated rows, checked by the license audit (DESIGN §7)."""

    commercial: bool = False  # for commercial use: non-commercial licenses and unknown terms fail the run
    forbid: list[str] = Field(default_factory=list)  # license ids that fail the run wherever they appear
    allow: list[str] = Field(default_factory=list)  # ids cleared for use even where a rule above would fail them
    texts: dict[str, str] = Field(default_factory=dict)  # LicenseRef-… -> its text or where to read it

    @model_validator(mode="after")
    def _not_both(self) -> LicensesConfig:
        both = sorted(set(self.forbid) & set(self.allow))
        if both:
            raise ValueError(f"{both} listed in both forbid and allow")
        return self


class QuarantineConfig(Section):
    """What quarantine.jsonl keeps of a line that could not become a row (file, line and reason always)."""

    keep_text: bool | None = None  # its raw text; default: kept, unless a pii pass runs (it never sees that text)


class RayConfig(Section):
    """Where `engine: ray` runs: an existing cluster, or a Ray instance started for the run (and stopped after)."""

    address: str | None = None  # ray://head:10001 (Ray Client) or auto; default: $RAY_ADDRESS, else a local instance
    num_cpus: int | None = Field(default=None, ge=1)  # CPUs of the local instance it starts (default: all)
    actors: int | None = Field(default=None, ge=1)  # most actors per model pass (pii, toxicity); default: CPUs


ENGINE_KEYS = {"engine", "ray"}  # how a curation runs, not what it produces: not in its fingerprint


class CurateConfig(Section):
    """The curation section of a run: what to read, which passes to run in order, where to write."""

    kind: Literal["sft", "chat", "preference", "text"] | None = None
    inputs: list[InputSpec] = Field(min_length=1)
    passes: list[dict[str, dict[str, Any] | None]] = Field(default_factory=list)
    output: str = "runs/latest"
    batch_rows: int = Field(default=100_000, ge=1)
    licenses: LicensesConfig = Field(default_factory=LicensesConfig)
    quarantine: QuarantineConfig = Field(default_factory=QuarantineConfig)
    engine: Literal["local", "ray"] = "local"  # ray: the passes as Ray Data map_batches (curate.ray_engine)
    ray: RayConfig = Field(default_factory=RayConfig)

    @field_validator("passes")
    @classmethod
    def _one_key_each(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for index, item in enumerate(value):
            if len(item) != 1:
                raise ValueError(f"item {index} must name exactly one pass (`- normalize: {{}}`), "
                                 f"got {sorted(item)}")
        return value


def describe_errors(exc: ValidationError, model: type[BaseModel], prefix: str = "") -> list[str]:
    """Turn pydantic errors into `path.to.key: what was expected` lines."""
    problems = []
    for error in exc.errors():
        path = prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]).lstrip(".")
        if error["type"] == "extra_forbidden":
            allowed = _allowed_keys(model, error["loc"][:-1])
            hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
            problems.append(f"{path}: unknown key{hint}")
        elif error["type"] == "missing":
            problems.append(f"{path}: required key is missing")
        else:
            problems.append(f"{path}: {error['msg']} (got {short_repr(error.get('input'))})")
    return problems


def short_repr(value: Any, limit: int = 200) -> str:
    """A value as it reads in an error, cut to a line: never the whole of a large or deeply shared value."""
    shown = _ShortRepr().repr(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


class _ShortRepr(reprlib.Repr):
    """repr() with a few items a level and three levels deep; dict keys in their own order, as repr has them."""

    def __init__(self) -> None:
        super().__init__()  # attributes, not keywords: Python 3.10 and 3.11 take none
        self.maxlevel, self.maxlist, self.maxdict, self.maxtuple, self.maxset = 3, 6, 6, 6, 6
        self.maxstring = self.maxother = 120

    def repr_dict(self, x: dict[Any, Any], level: int) -> str:
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        items = [f"{self.repr1(k, level - 1)}: {self.repr1(v, level - 1)}"
                 for k, v in itertools.islice(x.items(), self.maxdict)]
        return "{" + ", ".join(items + ["..."] * (len(x) > self.maxdict)) + "}"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (sub)model at `loc`, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), annotation)
    return sorted(getattr(current, "model_fields", {}))


def validate(model: type[M], data: Any, source: str | None = None, prefix: str = "") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc, model, prefix), source) from None


MAX_CONFIG_BYTES = 1 << 20  # a config is a page of settings; more is a mistake or an attack
MAX_CONFIG_VALUES = 100_000  # values a config may expand to once YAML aliases (`*name`) are followed


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping; a missing file or bad YAML is a one-line ConfigError naming the file.

    Aliases may repeat a node many times over without growing the file (a "billion laughs"), so the
    document is measured as it would expand before anything is built from it."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError([f"cannot read config ({exc.strerror or exc})"], str(path)) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError([f"the file is larger than {MAX_CONFIG_BYTES >> 20} MiB; a config is a page of "
                           "settings (point `inputs:` at data files instead of inlining data)"], str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError([f"not UTF-8 text (byte {exc.start})"], str(path)) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, str(path))
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError([f"invalid YAML{where}: {getattr(exc, 'problem', exc)}"], str(path)) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(["expected a mapping of sections at the top level"], str(path))
    return data


def _check_expansion(root: yaml.Node, source: str) -> None:
    """ConfigError when the document expands to more than MAX_CONFIG_VALUES values, or refers to itself."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            line = node.start_mark.line + 1 if node.start_mark else "?"
            raise ConfigError([f"line {line}: an alias refers to a node that contains it (a recursive "
                               "value)"], source)
        open_nodes.add(key)
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            total = 1
        open_nodes.discard(key)
        if total > MAX_CONFIG_VALUES:
            line = node.start_mark.line + 1 if node.start_mark else "?"
            raise ConfigError([f"line {line}: the value expands to more than {MAX_CONFIG_VALUES:,} values "
                               "through YAML aliases (*name); a config never needs that many"], source)
        sizes[key] = total
        return total

    try:
        size(root)
    except RecursionError:
        raise ConfigError(["the document is nested too deeply"], source) from None


def resolve_input_paths(inputs: list[dict[str, Any]] | Any, base: Path) -> Any:
    """Input paths in a config file are relative to that file, so a config runs from any directory."""
    if not isinstance(inputs, list):
        return inputs
    resolved = []
    for item in inputs:
        if isinstance(item, dict) and isinstance(item.get("path"), str) and not Path(item["path"]).is_absolute():
            item = {**item, "path": str(base / item["path"])}
        resolved.append(item)
    return resolved
