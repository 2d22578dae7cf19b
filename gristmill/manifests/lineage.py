"""Row lineage: `lineage.parquet` says, for every input row, where it was read and what the passes did to it.

One row per input record: kept and rejected rows (from the stage's Parquet outputs) and quarantined lines
(from quarantine.jsonl), with the file and line each came from, its status, the reason it was dropped, the
row it duplicates, its near-duplicate cluster, the fields passes edited and the PII types redacted. Built
with lazy scans and written with `sink_parquet`, so memory does not grow with the corpus.

    from gristmill.manifests.lineage import explain
    explain("runs/demo", ("data/raw.jsonl", 17))   # -> [Trace(...)], which renders in Rich and reads as text
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import polars as pl
from rich.text import Text

from gristmill import crypto
from gristmill.errors import GristmillError
from gristmill.files import atomic_path

LINEAGE = "lineage.parquet"
KEPT, REJECTED, QUARANTINED = "kept", "rejected", "quarantined"
TEXTS = pl.List(pl.String)
SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(), "source": pl.String(), "license": pl.String(), "origin": pl.String(),
    "parent_id": pl.String(), "source_file": pl.String(), "source_line": pl.Int64(), "status": pl.String(),
    "drop_reason": pl.String(), "detail": pl.String(), "dup_of": pl.String(), "cluster_id": pl.String(),
    "edits": TEXTS, "pii_redacted": TEXTS,
}
QUARANTINE_SCHEMA = {"file": pl.String, "line": pl.Int64, "reason": pl.String}

KeyLike = bytes | str | crypto.KeyProvider | None


class LineageError(GristmillError):
    """A lineage that is missing, or a row it does not hold."""


# ----------------------------------------------------------------------------------------------- building


def _column(name: str, dtype: pl.DataType, present: pl.Schema) -> pl.Expr:
    """One lineage column from a stage table: cast when present, null when the pass that adds it did not run."""
    if name not in present:
        return pl.lit(None, dtype).alias(name)
    if dtype == TEXTS and not isinstance(present[name], pl.List):  # a single entity type stored as text
        return pl.concat_list(pl.col(name).cast(pl.String)).list.drop_nulls().alias(name)
    return pl.col(name).cast(dtype).alias(name)


def _conform(rows: pl.LazyFrame, status: str) -> pl.LazyFrame | None:
    """Rows of one status in the lineage's columns, or None for a table without columns."""
    present = rows.collect_schema()
    if not present.names():  # a table with no columns: no row reached it
        return None
    exprs = [pl.lit(status).alias(n) if n == "status" else _column(n, t, present) for n, t in SCHEMA.items()]
    return rows.select(exprs)


def _quarantined(stage_dir: Path, sources: list[dict[str, Any]], key: KeyLike) -> pl.LazyFrame:
    """Quarantined lines with the source, license and origin of the file they were read from."""
    raw = crypto.read_output_bytes(stage_dir / "quarantine.jsonl", key)
    lines = pl.read_ndjson(io.BytesIO(raw), schema=QUARANTINE_SCHEMA) if raw.strip() else pl.DataFrame(
        schema=QUARANTINE_SCHEMA)
    owners = pl.DataFrame(
        [(f, s["source"], s["license"], s["origin"]) for s in sources for f in s["files"]],
        schema={"file": pl.String, "source": pl.String, "license": pl.String, "origin": pl.String}, orient="row",
    ).unique("file", keep="first")
    joined = lines.join(owners, on="file", how="left", maintain_order="left").select(
        pl.col("file").alias("source_file"), pl.col("line").alias("source_line"),
        pl.lit("quarantine").alias("drop_reason"), pl.col("reason").alias("detail"), "source", "license", "origin",
    )
    return _conform(joined.lazy(), QUARANTINED)  # type: ignore[return-value]  # it has columns


def build_lineage(stage_dir: str | Path, sources: list[dict[str, Any]], key: KeyLike = None) -> pl.LazyFrame:
    """The lineage of a finished curate stage: its kept and rejected tables and its quarantine, one row each.

    `sources` is the `sources` list of the stage's stats (which files each source read).
    """
    stage_dir = Path(stage_dir)
    parts = [_conform(crypto.scan_output(stage_dir / f"{status}.parquet", key), status)
             for status in (KEPT, REJECTED)]
    parts.append(_quarantined(stage_dir, sources, key))
    return pl.concat([p for p in parts if p is not None], how="vertical")


def write_lineage(stage_dir: str | Path, path: str | Path, sources: list[dict[str, Any]], key: KeyLike = None
                  ) -> Path:
    """Write `lineage.parquet` atomically, streaming from the stage's tables; with `key`, sealed
    (`lineage.parquet.enc`, collected in memory first: ids, files, lines and reasons, no row text)."""
    if key is not None:
        sealed = crypto.write_parquet(build_lineage(stage_dir, sources, key).collect(), crypto.encrypted_path(path),
                                      key)
        Path(path).unlink(missing_ok=True)  # the plaintext lineage of an earlier, unencrypted run
        return sealed
    crypto.encrypted_path(path).unlink(missing_ok=True)
    with atomic_path(path) as tmp:
        build_lineage(stage_dir, sources, key).sink_parquet(tmp)
    return Path(path)


# ----------------------------------------------------------------------------------------------- querying


def _drop_phrase(reason: str) -> str:
    name, _, detail = reason.partition(":")
    return f"rejected by {name} ({detail})" if detail else f"rejected by {name}"


@dataclass
class Trace:
    """One row's story: where it was read, whether it was kept, and what the passes did to it."""

    id: str | None
    source: str | None
    license: str | None
    origin: str | None
    parent_id: str | None
    source_file: str
    source_line: int
    status: str
    drop_reason: str | None
    detail: str | None
    dup_of: str | None
    cluster_id: str | None
    edits: list[str]
    pii_redacted: list[str]
    original: Trace | None = None  # for a duplicate: the copy it duplicates

    @property
    def where(self) -> str:
        return f"{self.source_file}:{self.source_line}"

    @property
    def outcome(self) -> str:
        """kept, quarantined, or which pass rejected the row and why."""
        return self.status if self.status != REJECTED else _drop_phrase(self.drop_reason or "")

    def explanation(self) -> str:
        """The row's story in one line of plain English."""
        if self.status == QUARANTINED:
            return f"quarantined: {self.where} could not be read ({self.detail})"
        parts = [f"{self.outcome}: row {self.id} read from {self.where} "
                 f"(source {self.source}, license {self.license}, origin {self.origin})"]
        if self.dup_of is not None:
            seen = f" read from {self.original.where} ({self.original.outcome})" if self.original else ""
            parts.append(f"duplicate of row {self.dup_of}{seen}")
        if self.cluster_id is not None:
            parts.append(f"near-duplicate cluster {self.cluster_id}")
        if self.edits:
            parts.append("edited by " + ", ".join(self.edits))
        if self.pii_redacted:
            parts.append("PII redacted: " + ", ".join(self.pii_redacted))
        if self.parent_id is not None:
            parts.append(f"derived from row {self.parent_id}")
        return "; ".join(parts)

    def __rich__(self) -> Text:
        style = {KEPT: "green", REJECTED: "yellow", QUARANTINED: "red"}[self.status]
        return Text(self.explanation(), style=style)


def _trace(row: dict[str, Any]) -> Trace:
    values = {f.name: row[f.name] for f in fields(Trace) if f.name != "original"}
    values["edits"], values["pii_redacted"] = values["edits"] or [], values["pii_redacted"] or []
    return Trace(**values)


class Lineage:
    """The lineage table of a run, loaded once for many questions."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self._firsts: pl.DataFrame | None = None

    @classmethod
    def load(cls, run_dir: str | Path, key: KeyLike = None) -> Lineage:
        """A run's lineage; a sealed one (`lineage.parquet.enc`) needs `key` (or an active sealer)."""
        path = Path(run_dir) / LINEAGE
        if crypto.stored(path) is None:
            raise LineageError(f"{path}: no lineage (run the curate stage first)")
        sealer = crypto.active()
        return cls(crypto.scan_output(path, key if key is not None or sealer is None else sealer.key).collect())

    def _representatives(self) -> pl.DataFrame:
        """One copy per row id, the kept one when there is one: what a `dup_of` points at."""
        if self._firsts is None:
            self._firsts = (self.frame.filter(pl.col("id").is_not_null())
                            .sort(pl.col("status") != KEPT, maintain_order=True)
                            .group_by("id", maintain_order=True).first())
        return self._firsts

    def _traces(self, rows: pl.DataFrame) -> list[Trace]:
        originals = self._representatives().select(pl.col("id").alias("dup_of"), pl.struct(pl.all()).alias("_of"))
        rows = rows.join(originals, on="dup_of", how="left", maintain_order="left")
        traces = []
        for row in rows.iter_rows(named=True):
            original = row.pop("_of")
            trace = _trace(row)
            if original is not None and (original["source_file"], original["source_line"]) != (
                    trace.source_file, trace.source_line):
                trace.original = _trace(original)
            traces.append(trace)
        return traces

    def explain(self, row: str | tuple[str | Path, int]) -> list[Trace]:
        """Traces of a row id (every copy of it; a prefix of 6 or more characters, such as the 12 the terminal
        prints, will do when one id has it) or of `(file, line)`; LineageError when there is none."""
        if isinstance(row, str):
            rows = self.frame.filter(pl.col("id").str.starts_with(row) if len(row) >= 6 else pl.col("id") == row)
            what = f"id {row!r}"
            matches = rows.get_column("id").n_unique()
            if matches > 1:
                raise LineageError(f"{matches} row ids start with {row!r}; give more of the id")
        else:
            file, line = row
            rows = self.frame.filter(pl.col("source_file").is_in(self._same_files(file))
                                     & (pl.col("source_line") == line))
            what = f"{file}:{line}"
        if rows.height == 0:
            raise LineageError(f"no row {what} in this run's lineage")
        return self._traces(rows)

    def _same_files(self, file: str | Path) -> list[str]:
        """Recorded file names that name the same file as `file` (as given, or resolved)."""
        wanted = Path(file).resolve()
        recorded = self.frame.get_column("source_file").unique().to_list()
        return [f for f in recorded if f == str(file) or Path(f).resolve() == wanted]

    def dropped(self) -> list[Trace]:
        """Every rejected or quarantined row, explained."""
        return self._traces(self.frame.filter(pl.col("status") != KEPT))

    def counts(self) -> dict[str, int]:
        return dict(self.frame.group_by("status").len().sort("status").iter_rows())


def explain(run_dir: str | Path, row: str | tuple[str | Path, int], key: KeyLike = None) -> list[Trace]:
    """Why a row is in (or not in) a run's output: `explain(run, "3f2a...")` or `explain(run, ("raw.jsonl", 17))`."""
    return Lineage.load(run_dir, key).explain(row)
