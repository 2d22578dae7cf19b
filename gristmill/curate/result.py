"""Where curated rows go (memory or Parquet files), and the result object a curation run returns."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import polars as pl

from gristmill.files import write_json
from gristmill.io import ParquetAppender, Quarantined, jsonl_bytes, write_jsonl
from gristmill.records import DROP_REASON, TEXT_FIELDS, field_text

if TYPE_CHECKING:
    from gristmill.curate.base import Pass
    from gristmill.io import ColumnTypes
    from gristmill.tables import SourceStats

KEPT, REJECTED, QUARANTINE, STATS = "kept.parquet", "rejected.parquet", "quarantine.jsonl", "stats.json"


class Curation(Protocol):
    """What the result needs to know of the pipeline that ran (`curate.pipeline.Pipeline`)."""

    passes: list[Pass]

    @property
    def kind(self) -> str | None: ...

    @property
    def column_types(self) -> ColumnTypes: ...

    @property
    def streams(self) -> bool: ...


@dataclass
class PassStats:
    name: str
    rows_in: int = 0
    rows_out: int = 0
    dropped_by_reason: Counter[str] = field(default_factory=Counter)
    modified_rows: int = 0
    added_rows: int = 0
    seconds: float = 0.0

    def add(self, other: PassStats) -> None:
        """Add the counts of the same pass over other rows (a worker's batch)."""
        self.rows_in += other.rows_in
        self.rows_out += other.rows_out
        self.dropped_by_reason.update(other.dropped_by_reason)
        self.modified_rows += other.modified_rows
        self.added_rows += other.added_rows
        self.seconds += other.seconds

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows_in": self.rows_in, "rows_out": self.rows_out,
                "dropped": sum(self.dropped_by_reason.values()), "dropped_by_reason": dict(self.dropped_by_reason),
                "modified_rows": self.modified_rows, "added_rows": self.added_rows,
                "seconds": round(self.seconds, 3)}


class Sink:
    """Where processed batches go: kept and rejected frames in memory, or appended to Parquet files (with
    `key`, encrypted as they are written: `kept.parquet.enc`, ...; no plaintext table reaches the disk)."""

    def __init__(self, output: Path | None, key: bytes | None = None) -> None:
        self.output, self.key = output, key
        self.frames: dict[str, list[pl.DataFrame]] = {"kept": [], "rejected": []}
        self.files: dict[str, ParquetAppender] = {}
        if output is not None:
            self.files = {"kept": ParquetAppender(self.path(KEPT), key),
                          "rejected": ParquetAppender(self.path(REJECTED), key)}
        self.schema: dict[str, pl.DataType] = {}
        self.lengths = Lengths()

    def add(self, frame: pl.DataFrame, fields: tuple[str, ...]) -> None:
        split = {"kept": frame.filter(pl.col(DROP_REASON).is_null()).drop(DROP_REASON),
                 "rejected": frame.filter(pl.col(DROP_REASON).is_not_null())}
        self.schema = self.schema or dict(frame.schema)
        self.lengths.add(split["kept"], split["rejected"], fields)
        for name, part in split.items():
            if part.height == 0:
                continue
            if self.files:
                self.files[name].append(part)
            else:
                self.frames[name].append(part)

    def path(self, name: str) -> Path:
        """Where output `name` goes: `name`, or `name.enc` when encrypting."""
        from gristmill.crypto import encrypted_path

        assert self.output is not None
        return self.output / name if self.key is None else encrypted_path(self.output / name)

    def abort(self) -> None:
        for appender in self.files.values():
            appender.abort()

    def _close(self, name: str) -> pl.DataFrame | pl.LazyFrame:
        schema = {k: v for k, v in self.schema.items() if name == "rejected" or k != DROP_REASON}
        if self.files:
            path = self.files[name].close(schema)
            if self.key is None:
                return pl.scan_parquet(path)
            from gristmill.crypto import scan_parquet

            return scan_parquet(path, self.key)
        frames = self.frames[name]
        return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame(schema=schema)

    def finish(self, pipeline: Curation, quarantine: list[Quarantined], sources: dict[str, SourceStats],
               pass_stats: list[PassStats], seconds: float) -> CurateResult:
        kept, rejected = self._close("kept"), self._close("rejected")
        paths: dict[str, Path] = {}
        if self.output is not None:
            paths = {KEPT: self.path(KEPT), REJECTED: self.path(REJECTED), QUARANTINE: self.path(QUARANTINE)}
            records = [q.as_dict() for q in quarantine]
            if self.key is None:
                write_jsonl(records, paths[QUARANTINE])
            else:
                from gristmill.crypto import write_bytes

                write_bytes(jsonl_bytes(records), paths[QUARANTINE], self.key)
                for name in (KEPT, REJECTED, QUARANTINE):  # plaintext an earlier, unencrypted run left here
                    (self.output / name).unlink(missing_ok=True)
        assert pipeline.kind is not None
        stats = compute_stats(pipeline, kept.lazy(), rejected.lazy(), quarantine, sources, pass_stats, seconds,
                              self.lengths)
        if self.output is not None:
            paths[STATS] = write_json(stats, self.output / STATS)
        reports = [r for r in (p.report() for p in pipeline.passes) if r is not None]
        return CurateResult(pipeline.kind, kept, rejected, [q.as_dict() for q in quarantine], stats, paths,
                            reports)


@dataclass
class CurateResult:
    """What a curation run produced. `kept`/`rejected` are Polars frames; `report` renders in Rich."""

    kind: str
    _kept: pl.DataFrame | pl.LazyFrame
    _rejected: pl.DataFrame | pl.LazyFrame
    quarantine: list[dict[str, Any]]
    stats: dict[str, Any]
    paths: dict[str, Path] = field(default_factory=dict)
    pass_reports: list[Any] = field(default_factory=list)  # Rich renderables from passes that have one

    @property
    def kept(self) -> pl.DataFrame:
        return self._kept.collect() if isinstance(self._kept, pl.LazyFrame) else self._kept

    @property
    def rejected(self) -> pl.DataFrame:
        return self._rejected.collect() if isinstance(self._rejected, pl.LazyFrame) else self._rejected

    @property
    def report(self) -> Any:
        from gristmill.report import CurateReport

        return CurateReport(self.stats, self.pass_reports)

    def kept_dataset(self) -> Any:
        """The kept rows as a Hugging Face `datasets.Dataset`."""
        from gristmill.errors import require

        datasets = require("datasets", "datasets", "Returning a datasets.Dataset")
        return datasets.Dataset.from_polars(self.kept)


LENGTH_BINS = (16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384)


WORDS_EVERY = 8  # word counts (for the median) from every 8th kept row of a batch larger than WORDS_EXACT_ROWS
WORDS_EXACT_ROWS = 10_000


class Lengths:
    """Characters per text field of every row on its way out (and words of the kept ones), gathered batch by
    batch while the texts are in memory, so stats never read the written files back (4 bytes a row a field)."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], list[np.ndarray]] = {}
        self.words_sampled = False

    def add(self, kept: pl.DataFrame, rejected: pl.DataFrame, fields: tuple[str, ...]) -> None:
        from gristmill.curate._text_kernels import word_counts
        from gristmill.hashing import string_buffers

        every = WORDS_EVERY if kept.height > WORDS_EXACT_ROWS else 1
        self.words_sampled |= every > 1
        for f in fields:
            for name, frame in (("kept", kept), ("rejected", rejected)):
                chars = frame.select(field_text(f).str.len_chars()).to_series().fill_null(0).cast(pl.Int32).to_numpy()
                self.parts.setdefault((name, f), []).append(chars)
            texts = kept.select(field_text(f)).to_series().gather_every(every)
            self.parts.setdefault(("words", f), []).append(word_counts(*string_buffers(texts)))

    def values(self, name: str, field: str) -> np.ndarray:
        return np.concatenate(self.parts.get((name, field)) or [np.zeros(0, dtype=np.int32)])

    def summary(self, fields: tuple[str, ...]) -> dict[str, dict[str, float]]:
        """Percentiles of characters, the longest, and the median word count of the kept rows, per field."""
        out: dict[str, dict[str, float]] = {}
        for f in fields:
            chars = pl.Series(self.values("kept", f))
            out[f] = {f"chars_p{q}": chars.quantile(q / 100, "nearest") or 0 for q in (5, 50, 95)}
            out[f]["chars_max"] = chars.max() or 0  # type: ignore[assignment]
            out[f]["words_p50"] = pl.Series(self.values("words", f)).median() or 0  # type: ignore[assignment]
        return out

    def histograms(self, fields: tuple[str, ...]) -> dict[str, dict[str, list[Any]]]:
        """Characters per field, binned on a doubling scale, for all rows read (before) and the kept ones (after)."""
        edges = np.array(LENGTH_BINS)
        labels = [f"<{LENGTH_BINS[0]}"] + [f"{a}–{b - 1}" for a, b in itertools.pairwise(LENGTH_BINS)]
        labels.append(f"≥{LENGTH_BINS[-1]}")
        out: dict[str, dict[str, list[Any]]] = {}
        for f in fields:
            after, dropped = (np.bincount(np.searchsorted(edges, self.values(name, f), side="right"),
                                          minlength=len(labels)) for name in ("kept", "rejected"))
            out[f] = {"bins": labels, "before": (after + dropped).tolist(), "after": after.tolist()}
        return out


def _counts(frame: pl.LazyFrame, column: str) -> dict[str, int]:
    rows = frame.group_by(column).len().sort("len", descending=True).collect().rows()
    return {str(k): int(n) for k, n in rows}


def compute_stats(pipeline: Curation, kept: pl.LazyFrame, rejected: pl.LazyFrame, quarantine: list[Quarantined],
                  sources: dict[str, SourceStats], pass_stats: list[PassStats], seconds: float, lengths: Lengths
                  ) -> dict[str, Any]:
    kind = pipeline.kind
    assert kind is not None
    kept_cols = kept.collect_schema().names()
    n_kept = kept.select(pl.len()).collect().item() if kept_cols else 0
    n_rejected = rejected.select(pl.len()).collect().item() if rejected.collect_schema().names() else 0
    rows_in = sum(s.rows_read for s in sources.values())
    rows_added = sum(s.added_rows for s in pass_stats)  # upsampled copies
    kept_by_source = _counts(kept, "source") if kept_cols else {}
    rejected_by_source = _counts(rejected, "source") if n_rejected else {}
    reasons = _counts(rejected, DROP_REASON) if n_rejected else {}
    if quarantine:
        reasons["quarantine"] = len(quarantine)
    label_columns = [c for p in pipeline.passes for c in p.label_columns() if c in kept_cols]
    return {
        "kind": kind,
        "rows_in": rows_in,
        "kept": n_kept,
        "rejected": n_rejected + len(quarantine),
        "quarantined": len(quarantine),
        "rows_added": rows_added,
        "accounted": rows_in + rows_added == n_kept + n_rejected + len(quarantine),
        "streamed": pipeline.streams,
        "seconds": round(seconds, 3),
        "passes": [s.as_dict() for s in pass_stats],
        "pass_details": {p.name: p.summary() for p in pipeline.passes if p.summary()},
        "drop_reasons": reasons,
        "json_text_columns": dict(pipeline.column_types.json_text),  # column -> file:line where it became JSON text
        "sources": [
            {"source": s.source, "license": s.license, "origin": s.origin, "files": s.files,
             "rows_in": s.rows_read, "kept": kept_by_source.get(s.source, 0),
             "rejected": rejected_by_source.get(s.source, 0) + s.quarantined, "quarantined": s.quarantined,
             "blank_lines": s.blank_lines}
            for s in sources.values()
        ],
        "lengths": lengths.summary(TEXT_FIELDS[kind]) if n_kept else {},
        "words_sampled_every": WORDS_EVERY if lengths.words_sampled else 1,
        "labels": {c: _counts(kept, c) for c in label_columns},
        "length_histograms": lengths.histograms(TEXT_FIELDS[kind]) if n_kept else {},
    }
