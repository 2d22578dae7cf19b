"""Where curated rows go (memory or Parquet parts), and the result object a curation run returns."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from gristmill.io import Quarantined, atomic_path, write_json, write_jsonl
from gristmill.records import DROP_REASON, TEXT_FIELDS

if TYPE_CHECKING:
    from gristmill.curate.pipeline import PassStats, Pipeline, SourceStats

KEPT, REJECTED, QUARANTINE, STATS = "kept.parquet", "rejected.parquet", "quarantine.jsonl", "stats.json"


class Sink:
    """Collects processed batches: in memory, or as Parquet part files merged (streaming) at the end."""

    def __init__(self, output: Path | None) -> None:
        self.output = output
        self.kept: list[pl.DataFrame] = []
        self.rejected: list[pl.DataFrame] = []
        self.parts: Path | None = None
        if output is not None:
            self.parts = output / f".parts-{os.getpid()}"
            shutil.rmtree(self.parts, ignore_errors=True)
            self.parts.mkdir(parents=True)
        self.count = 0

    def add(self, frame: pl.DataFrame) -> None:
        kept = frame.filter(pl.col(DROP_REASON).is_null()).drop(DROP_REASON)
        rejected = frame.filter(pl.col(DROP_REASON).is_not_null())
        if self.parts is None:
            self.kept.append(kept)
            self.rejected.append(rejected)
        else:
            kept.write_parquet(self.parts / f"kept-{self.count:06d}.parquet")
            rejected.write_parquet(self.parts / f"rejected-{self.count:06d}.parquet")
        self.count += 1

    def _merged(self, name: str) -> pl.LazyFrame | pl.DataFrame:
        frames = self.kept if name == "kept" else self.rejected
        if self.parts is None:
            return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
        parts = sorted(self.parts.glob(f"{name}-*.parquet"))
        if not parts:
            return pl.DataFrame()
        return pl.concat([pl.scan_parquet(p) for p in parts], how="diagonal_relaxed")

    def finish(self, pipeline: Pipeline, quarantine: list[Quarantined], sources: dict[str, SourceStats],
               pass_stats: list[PassStats], seconds: float) -> CurateResult:
        kept, rejected = self._merged("kept"), self._merged("rejected")
        paths: dict[str, Path] = {}
        if self.output is not None:
            for name, data in ((KEPT, kept), (REJECTED, rejected)):
                with atomic_path(self.output / name) as tmp:
                    if isinstance(data, pl.LazyFrame):
                        data.sink_parquet(tmp)
                    else:
                        data.write_parquet(tmp)
                paths[name] = self.output / name
            assert self.parts is not None
            shutil.rmtree(self.parts)
            kept, rejected = pl.scan_parquet(paths[KEPT]), pl.scan_parquet(paths[REJECTED])
            paths[QUARANTINE] = write_jsonl([q.as_dict() for q in quarantine], self.output / QUARANTINE)
        assert pipeline.kind is not None
        stats = compute_stats(pipeline, kept.lazy(), rejected.lazy(), quarantine, sources, pass_stats, seconds)
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

        datasets = require("datasets", "dev", "Returning a datasets.Dataset")
        return datasets.Dataset.from_polars(self.kept)


def _length_stats(kept: pl.LazyFrame, fields: tuple[str, ...]) -> dict[str, dict[str, float]]:
    exprs = []
    for f in fields:
        chars = pl.col(f).str.len_chars()
        words = pl.col(f).str.count_matches(r"\S+")
        for q in (5, 50, 95):
            exprs.append(chars.quantile(q / 100, "nearest").alias(f"{f}|chars_p{q}"))
        exprs += [chars.max().alias(f"{f}|chars_max"), words.median().alias(f"{f}|words_p50")]
    row = kept.select(exprs).collect().row(0, named=True) if exprs else {}
    out: dict[str, dict[str, float]] = {}
    for key, value in row.items():
        f, stat = key.split("|")
        out.setdefault(f, {})[stat] = value if value is not None else 0
    return out


def _counts(frame: pl.LazyFrame, column: str) -> dict[str, int]:
    rows = frame.group_by(column).len().sort("len", descending=True).collect().rows()
    return {str(k): int(n) for k, n in rows}


def compute_stats(pipeline: Pipeline, kept: pl.LazyFrame, rejected: pl.LazyFrame, quarantine: list[Quarantined],
                  sources: dict[str, SourceStats], pass_stats: list[PassStats], seconds: float) -> dict[str, Any]:
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
        "sources": [
            {"source": s.source, "license": s.license, "origin": s.origin, "files": s.files,
             "rows_in": s.rows_read, "kept": kept_by_source.get(s.source, 0),
             "rejected": rejected_by_source.get(s.source, 0) + s.quarantined, "quarantined": s.quarantined,
             "blank_lines": s.blank_lines}
            for s in sources.values()
        ],
        "lengths": _length_stats(kept, TEXT_FIELDS[kind]) if n_kept else {},
        "labels": {c: _counts(kept, c) for c in label_columns},
    }
