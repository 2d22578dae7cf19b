"""Any input → canonical rows: the one data layer every stage reads through (DESIGN §2).

`resolve_inputs` turns paths, globs, config entries and in-memory frames into `Input`s; a `Reader` turns those
into canonical batches (aliases mapped, ids and metadata added, unparseable lines quarantined with file and
line), detecting the kind from the first parsed batch unless it is given. `read_table` reads a whole input (or
a run directory's curated rows) at once; `split_validation` is the one seeded train/validation split that
training and evaluation share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from gristmill import crypto
from gristmill.config import InputSpec
from gristmill.errors import InputError, SchemaError
from gristmill.io import (
    LINE,
    Batch,
    ColumnTypes,
    Quarantined,
    RawBatch,
    canonical_batch,
    expand_inputs,
    frame_batch,
    frame_from_object,
    read_raw,
)
from gristmill.records import DROP_REASON, KINDS, detect_kind, expected_columns

CURATED_ROWS = Path("curate") / "kept.parquet"  # where a run directory keeps its curated rows


@dataclass
class SourceStats:
    """What was read from one source: its files, rows, quarantined and blank lines."""

    source: str
    license: str
    origin: str
    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    quarantined: int = 0
    blank_lines: int = 0


@dataclass
class Input:
    """One input resolved: files on disk (or an in-memory frame) and what to call its rows."""

    spec: InputSpec
    files: list[Path] = field(default_factory=list)
    frame: pl.DataFrame | None = None


def resolve_inputs(inputs: Any) -> list[Input]:
    """Accept a path/glob, an InputSpec or dict, a frame or Dataset, or a list of any of those."""
    items = inputs if isinstance(inputs, list | tuple) else [inputs]
    if not items:
        raise InputError("no inputs given")
    resolved = []
    for index, item in enumerate(items):
        if isinstance(item, str | Path):
            item = InputSpec(path=str(item))
        elif isinstance(item, dict):
            item = InputSpec(**item)
        if isinstance(item, InputSpec) and not Path(item.path).exists() and crypto.encrypted_path(item.path).exists():
            sealed = crypto.encrypted_path(item.path)  # a run's sealed table, opened in memory with the run's key
            resolved.append(Input(item, [sealed], frame=crypto.load_parquet(item.path)))
        elif isinstance(item, InputSpec):
            resolved.append(Input(item, expand_inputs(item.path, item.split)))
        else:
            frame = frame_from_object(item)
            resolved.append(Input(InputSpec(path=f"<{type(item).__name__} {index}>", name=f"frame{index}"),
                                  frame=frame))
    return resolved


def input_files(inputs: Any) -> list[Path]:
    """Every file the inputs name (globs expanded), for fingerprints."""
    return [f for item in resolve_inputs(inputs) for f in item.files]


def source_name(spec: InputSpec, path: Path | None) -> str:
    if spec.name:
        return spec.name
    if path is None:
        return spec.path
    if (path.parent / "dataset_dict.json").exists():  # one split of a DatasetDict folder: name it with the split
        return f"{path.parent.name}-{path.name}"
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".parquet", ".csv", ".tsv", ".arrow"):
        name = name.removesuffix(suffix)
    return name


class Reader:
    """Inputs → canonical batches, the kind detected from the first parsed batch unless given.

    `on_kind` is called once with the kind when it becomes known (the curation passes set up then).
    """

    def __init__(self, kind: str | None = None, batch_rows: int = 100_000,
                 on_kind: Callable[[str], None] | None = None) -> None:
        if kind is not None and kind not in KINDS:
            raise SchemaError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        self.kind = kind
        self.batch_rows = batch_rows
        self.on_kind = on_kind
        self.column_types = ColumnTypes()

    def detect_kind(self, raw_columns: list[str], where: str) -> str:
        if self.kind is None:
            kind = detect_kind(raw_columns)
            if kind is None:
                columns = [c for c in raw_columns if c != LINE]
                raise SchemaError(f"{where}: cannot tell the kind from columns {columns}; set `kind:` "
                                  f"({'; '.join(expected_columns(k) for k in KINDS)})")
            self.kind = kind
            if self.on_kind is not None:
                self.on_kind(kind)
        return self.kind

    def batches(self, inputs: list[Input], sources: dict[str, SourceStats]) -> Iterator[Batch]:
        """Canonical batches of every input in order; `sources` collects what was read from each source."""
        self.column_types = ColumnTypes()  # pass-through column types agree across batches and files
        for item in inputs:
            spec = item.spec
            paths: Iterable[Path | None] = item.files if item.frame is None else [None]
            for path in paths:
                name = source_name(spec, path)
                stats = sources.setdefault(name, SourceStats(name, spec.license, spec.origin))
                stats.files.append(str(path) if path else spec.path)
                for index, raw in enumerate(self._raw_batches(item, path)):
                    if raw.frame.height:  # the kind is told by the columns as `fields:` maps them
                        named = {column: canonical for canonical, column in spec.fields.items()}
                        kind = self.detect_kind([named.get(c, c) for c in raw.frame.columns], str(path or spec.path))
                    elif self.kind is None:  # nothing parsed yet: everything so far is quarantined
                        kind = "text"
                    else:
                        kind = self.kind
                    batch = canonical_batch(raw, kind, str(path or spec.path), name, spec.license, spec.origin,
                                            spec.fields, first=index == 0, columns=self.column_types)
                    stats.rows_read += batch.frame.height + len(batch.quarantined)
                    stats.quarantined += len(batch.quarantined)
                    stats.blank_lines += batch.blank_lines
                    yield batch
            if item.frame is None and all(sources[source_name(spec, p)].rows_read == 0 for p in item.files):
                raise InputError(f"{spec.path}: no rows (every line is blank)")

    def _raw_batches(self, item: Input, path: Path | None) -> Iterable[RawBatch]:
        if path is None:
            assert item.frame is not None
            return [frame_batch(item.frame)]
        return read_raw(path, item.spec.format, self.batch_rows)


@dataclass
class Table:
    """A whole input read at once: canonical rows, their kind, and the lines that could not become rows."""

    frame: pl.DataFrame
    kind: str
    quarantined: list[Quarantined]


def read_table(inputs: Any, kind: str | None = None) -> Table:
    """Canonical rows of any input (the reading `Pipeline` does before its first pass); a run directory
    gives its curated rows (`curate/kept.parquet`)."""
    if isinstance(inputs, str | Path) and Path(inputs).is_dir() and (Path(inputs) / "curate").is_dir():
        kept = Path(inputs) / CURATED_ROWS
        if crypto.stored(kept) is None:
            raise InputError(f"{inputs}: run directory has no {CURATED_ROWS} (run `gristmill curate` first)")
        frame = crypto.load_parquet(kept)  # plain, or sealed and opened in memory with the run's key
        return Table(frame, kind or detect_kind(frame.columns) or "text", [])
    if isinstance(inputs, str | Path) and not Path(inputs).exists() and crypto.stored(inputs) is not None:
        frame = crypto.load_parquet(inputs)  # a sealed table of a run (`kept.parquet.enc`), already canonical
        return Table(frame, kind or detect_kind(frame.columns) or "text", [])
    reader = Reader(kind)
    frames, quarantined = [], []
    for batch in reader.batches(resolve_inputs(inputs), {}):
        quarantined.extend(batch.quarantined)
        if batch.frame.height:
            frames.append(batch.frame.filter(pl.col(DROP_REASON).is_null()).drop(DROP_REASON))
    if reader.kind is None:
        raise SchemaError(f"{inputs}: no line could be read, so the kind is unknown "
                          f"(first problem: {quarantined[0].reason if quarantined else 'none'})")
    frame = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    return Table(frame, reader.kind, quarantined)


def read_rows(path: str | Path, kind: str | None = None) -> pl.DataFrame:
    """`read_table(path, kind).frame`: a run directory's curated rows or any dataset file, canonical."""
    return read_table(path, kind).frame


def split_validation(n_rows: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, validation rows): a seeded shuffle, at least one validation row when fraction > 0."""
    order = np.random.default_rng(seed).permutation(n_rows)
    n_val = min(max(round(n_rows * fraction), 1 if fraction > 0 else 0), n_rows - 1)
    return np.sort(order[n_val:]), np.sort(order[:n_val])
