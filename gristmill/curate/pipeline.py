"""The curation pipeline: read inputs in batches, run the passes in order, account for every row.

When no pass needs the whole table, batches stream through the passes and out to Parquet part files, so
memory is bounded by the batch size, not by the corpus. Otherwise the batches are gathered first.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from gristmill.config import InputSpec
from gristmill.curate.base import Pass
from gristmill.errors import InputError, SchemaError
from gristmill.io import (
    LINE,
    Batch,
    ColumnTypes,
    Quarantined,
    canonical_batch,
    expand_inputs,
    frame_from_object,
    prefetch,
    read_raw,
)
from gristmill.records import DROP_REASON, KINDS, TEXT_FIELDS, detect_kind, expected_columns

if TYPE_CHECKING:
    from gristmill.curate.result import CurateResult, Sink

ProgressFn = Callable[[int], None]
EDITS = "edits"


@dataclass
class PassStats:
    name: str
    rows_in: int = 0
    rows_out: int = 0
    dropped_by_reason: Counter[str] = field(default_factory=Counter)
    modified_rows: int = 0
    added_rows: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows_in": self.rows_in, "rows_out": self.rows_out,
                "dropped": sum(self.dropped_by_reason.values()), "dropped_by_reason": dict(self.dropped_by_reason),
                "modified_rows": self.modified_rows, "added_rows": self.added_rows,
                "seconds": round(self.seconds, 3)}


@dataclass
class SourceStats:
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
        if isinstance(item, InputSpec):
            files = expand_inputs(item.path)
            resolved.append(Input(item, files))
        else:
            frame = frame_from_object(item)
            resolved.append(Input(InputSpec(path=f"<{type(item).__name__} {index}>", name=f"frame{index}"),
                                  frame=frame))
    return resolved


def source_name(spec: InputSpec, path: Path | None) -> str:
    if spec.name:
        return spec.name
    if path is None:
        return spec.path
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".parquet", ".csv", ".tsv", ".arrow"):
        name = name.removesuffix(suffix)
    return name


class Pipeline:
    """Passes in order over one or more inputs. `run` returns a CurateResult; it never prints."""

    def __init__(self, passes: Sequence[Pass] = (), kind: str | None = None, batch_rows: int = 100_000) -> None:
        if kind is not None and kind not in KINDS:
            raise SchemaError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        self.passes = list(passes)
        self.kind = kind
        self.batch_rows = batch_rows
        self.column_types = ColumnTypes()

    @property
    def streams(self) -> bool:
        return not any(p.needs_whole_table() for p in self.passes)

    # ------------------------------------------------------------------------------------- reading

    def _detect_kind(self, raw_columns: list[str], where: str) -> str:
        if self.kind is None:
            kind = detect_kind(raw_columns)
            if kind is None:
                columns = [c for c in raw_columns if c != LINE]
                raise SchemaError(f"{where}: cannot tell the kind from columns {columns}; set `kind:` "
                                  f"({'; '.join(expected_columns(k) for k in KINDS)})")
            self.kind = kind
            for p in self.passes:
                p.setup(kind)
        return self.kind

    def batches(self, inputs: list[Input], sources: dict[str, SourceStats]) -> Iterator[Batch]:
        self.column_types = ColumnTypes()  # pass-through column types agree across batches and files
        for item in inputs:
            spec = item.spec
            paths: Iterable[Path | None] = item.files if item.frame is None else [None]
            for path in paths:
                name = source_name(spec, path)
                stats = sources.setdefault(name, SourceStats(name, spec.license, spec.origin))
                stats.files.append(str(path) if path else spec.path)
                if path is None:
                    assert item.frame is not None
                    from gristmill.io import RawBatch, _numbered

                    raws: Iterable[Any] = [RawBatch(_numbered(item.frame))]
                else:
                    raws = read_raw(path, spec.format, self.batch_rows)
                for index, raw in enumerate(raws):
                    if raw.frame.height:
                        kind = self._detect_kind(raw.frame.columns, str(path or spec.path))
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

    # ------------------------------------------------------------------------------------- passes

    def apply_passes(self, frame: pl.DataFrame, stats: list[PassStats]) -> pl.DataFrame:
        if EDITS not in frame.columns:
            frame = frame.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias(EDITS))
        for p, pass_stats in zip(self.passes, stats, strict=True):
            started = time.perf_counter()
            before = frame.select(DROP_REASON, *p.fields) if p.modifies_text else frame.select(DROP_REASON)
            frame = p.apply(frame)
            added = frame.height - before.height
            if added < 0 or (added and not p.adds_rows):
                raise RuntimeError(f"pass {p.name} changed the number of rows ({before.height} → {frame.height})")
            was_live = before.get_column(DROP_REASON).is_null()
            reasons = frame.get_column(DROP_REASON).head(before.height)  # added rows come after the originals
            newly = reasons.filter(was_live & reasons.is_not_null())
            added_live = int(frame.get_column(DROP_REASON).tail(added).is_null().sum()) if added else 0
            pass_stats.rows_in += int(was_live.sum())
            pass_stats.rows_out += int(was_live.sum()) - newly.len() + added_live
            pass_stats.added_rows += added
            pass_stats.dropped_by_reason.update(newly.to_list())
            if p.modifies_text:
                frame = self._record_edits(frame, before, p, pass_stats)
            pass_stats.seconds += time.perf_counter() - started
        return frame

    @staticmethod
    def _record_edits(frame: pl.DataFrame, before: pl.DataFrame, p: Pass, stats: PassStats) -> pl.DataFrame:
        """Append `pass:field` to the `edits` list of every row whose text the pass changed."""
        changed = pl.DataFrame({f: frame.get_column(f).ne_missing(before.get_column(f)) for f in p.fields})
        rows = changed.select(pl.any_horizontal(pl.all())).to_series().arg_true()
        stats.modified_rows += rows.len()
        if rows.len() == 0:
            return frame
        tags = changed[rows].select(
            pl.concat_list(pl.when(pl.col(f)).then(pl.lit(f"{p.name}:{f}")) for f in p.fields).list.drop_nulls())
        edits = frame.get_column(EDITS)[rows].list.concat(tags.to_series())
        update = pl.DataFrame({"_row": rows, "_edits": edits})
        return (frame.with_row_index("_row").join(update, on="_row", how="left", maintain_order="left")
                .with_columns(pl.coalesce("_edits", EDITS).alias(EDITS)).drop("_row", "_edits"))

    # ------------------------------------------------------------------------------------- run

    def run(self, inputs: Any, output: str | Path | None = None, progress: ProgressFn | None = None,
            key: bytes | None = None) -> CurateResult:
        """Curate `inputs`; with `output`, write kept/rejected Parquet and quarantine.jsonl there (with `key`,
        a 32-byte key, encrypted as they are written: `kept.parquet.enc`, ..., see manifests.crypto)."""
        from gristmill.curate.result import Sink

        started = time.perf_counter()
        resolved = resolve_inputs(inputs)
        if self.kind is not None:
            for p in self.passes:
                p.setup(self.kind)
        sink = Sink(Path(output) if output is not None else None, key)
        try:
            return self._run(resolved, sink, progress, started)
        except BaseException:
            sink.abort()  # no half-written output is left looking complete
            raise

    @property
    def text_fields(self) -> tuple[str, ...]:
        """The text columns of the kind (known once the first batch has been read)."""
        assert self.kind is not None
        return TEXT_FIELDS[self.kind]

    def _run(self, resolved: list[Input], sink: Sink, progress: ProgressFn | None, started: float) -> CurateResult:
        pass_stats = [PassStats(p.name) for p in self.passes]
        sources: dict[str, SourceStats] = {}
        quarantine: list[Quarantined] = []
        pending: list[pl.DataFrame] = []
        for batch in prefetch(self.batches(resolved, sources)):
            quarantine.extend(batch.quarantined)
            if progress is not None:
                progress(batch.frame.height + len(batch.quarantined))
            if batch.frame.height == 0:
                continue
            if self.streams:
                sink.add(self.apply_passes(batch.frame, pass_stats), self.text_fields)
            else:
                pending.append(batch.frame)
        if pending:
            sink.add(self.apply_passes(pl.concat(pending, how="diagonal_relaxed"), pass_stats), self.text_fields)
        if self.kind is None:
            raise SchemaError(f"{resolved[0].spec.path}: no line could be read, so the kind is unknown "
                              f"(see the quarantine: {quarantine[0].reason if quarantine else 'empty'})")
        return sink.finish(self, quarantine, sources, pass_stats, time.perf_counter() - started)
