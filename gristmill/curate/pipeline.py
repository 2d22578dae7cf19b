"""The curation pipeline: read inputs in batches (`gristmill.tables.Reader`), run the passes in order, account
for every row.

When no pass needs the whole table, batches stream through the passes and out to Parquet part files, so
memory is bounded by the batch size, not by the corpus. When every pass that needs the whole table can scan it
(`Pass.scans`: minhash_dedup), the table goes by twice instead: the passes before it run batch by batch, the
scanning pass observes each batch and the batch is written to a Parquet spill file; the pass then resolves
(clusters), and the spilled batches are read back one at a time, marked, and go on through the later passes.
Memory then holds a batch plus what the scanning pass keeps per row (ids and keys, not texts). Otherwise (a
balance pass, an encrypted run, `spill=False`) the batches are gathered in memory first.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from gristmill.curate.base import Pass, PhaseFn
from gristmill.curate.result import CurateResult, PassStats, Sink
from gristmill.errors import SchemaError
from gristmill.io import ColumnTypes, Quarantined, prefetch
from gristmill.records import DROP_REASON, TEXT_FIELDS
from gristmill.tables import Input, Reader, SourceStats, resolve_inputs

ProgressFn = Callable[[int], None]
EDITS = "edits"


class Pipeline:
    """Passes in order over one or more inputs. `run` returns a CurateResult; it never prints."""

    def __init__(self, passes: Sequence[Pass] = (), kind: str | None = None, batch_rows: int = 100_000,
                 quarantine_text: bool | None = None, spill: bool = True, spill_dir: str | Path | None = None
                 ) -> None:
        self.passes = list(passes)
        # Scan whole-table passes that can be scanned, with their batches in temporary files under spill_dir
        # (default: the output directory, else the system's temporary directory), instead of gathering them.
        self.spill, self.spill_dir = spill, spill_dir
        # The raw text of unparseable lines goes to quarantine.jsonl, unless a pii pass runs: it never sees those
        # lines, so their text could hold exactly what the run is meant to remove (None: decide by the passes).
        self.quarantine_text = (quarantine_text if quarantine_text is not None
                                else not any(p.name == "pii" for p in self.passes))
        self.reader = Reader(kind, batch_rows, on_kind=self._setup)
        self.batch_rows = batch_rows

    @property
    def kind(self) -> str | None:
        """The kind of the rows: given, or detected from the first batch read."""
        return self.reader.kind

    @property
    def column_types(self) -> ColumnTypes:
        """The pass-through columns' types as the reader settled them (JSON text where they disagreed)."""
        return self.reader.column_types

    def _setup(self, kind: str) -> None:
        for p in self.passes:
            p.setup(kind)

    @property
    def streams(self) -> bool:
        return not any(p.needs_whole_table() for p in self.passes)

    def scans(self, key: bytes | None) -> bool:
        """Whether the whole-table passes will scan the table batch by batch (see the module's docstring).
        Not for an encrypted run: the spilled batches would be plaintext on disk."""
        whole = [p for p in self.passes if p.needs_whole_table()]
        return self.spill and key is None and bool(whole) and all(p.scans for p in whole)

    # ------------------------------------------------------------------------------------- passes

    def apply_passes(self, frame: pl.DataFrame, stats: list[PassStats], start: int = 0, stop: int | None = None
                     ) -> pl.DataFrame:
        """Run passes `start` to `stop` (all by default) over `frame`, counting into their `stats`."""
        frame = with_edits(frame)
        for p, pass_stats in zip(self.passes[start:stop], stats[start:stop], strict=True):
            frame = run_pass(p, frame, pass_stats)
        return frame

    # ------------------------------------------------------------------------------------- run

    def run(self, inputs: Any, output: str | Path | None = None, progress: ProgressFn | None = None,
            key: bytes | None = None, phase_progress: PhaseFn | None = None) -> CurateResult:
        """Curate `inputs`; with `output`, write kept/rejected Parquet and quarantine.jsonl there (with `key`,
        a 32-byte key, encrypted as they are written: `kept.parquet.enc`, ..., see gristmill.crypto).

        `progress(rows)` is called as rows are read; `phase_progress(what, done, total)` as a whole-table pass
        works through the table ("rows hashed", "bands grouped", ...) and as a pass with slow per-row work goes
        through its batches ("pii: texts scanned", "toxicity: texts scored": done out of given so far)."""
        started = time.perf_counter()
        resolved = resolve_inputs(inputs)
        if self.kind is not None:
            self._setup(self.kind)
        sink = Sink(Path(output) if output is not None else None, key)
        for p in self.passes:  # pii and toxicity say how far they are within each batch
            p.watch(None if phase_progress is None else _named(phase_progress, p.name))
        try:
            return self._run(resolved, sink, progress, phase_progress, started)
        except BaseException:
            sink.abort()  # no half-written output is left looking complete
            raise
        finally:
            for p in self.passes:
                p.watch(None)

    @property
    def text_fields(self) -> tuple[str, ...]:
        """The text columns of the kind (known once the first batch has been read)."""
        assert self.kind is not None
        return TEXT_FIELDS[self.kind]

    def _run(self, resolved: list[Input], sink: Sink, progress: ProgressFn | None, phase: PhaseFn | None,
             started: float) -> CurateResult:
        pass_stats = [PassStats(p.name) for p in self.passes]
        sources: dict[str, SourceStats] = {}
        quarantine: list[Quarantined] = []

        def frames() -> Iterator[pl.DataFrame]:
            return self.frames(resolved, sources, quarantine, progress)

        if self.streams:
            for frame in frames():
                sink.add(self.apply_passes(frame, pass_stats), self.text_fields)
        elif self.scans(sink.key):
            spill_dir = self.spill_dir if self.spill_dir is not None else sink.output
            if spill_dir is not None:
                Path(spill_dir).mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="gristmill-spill-", dir=spill_dir) as tmp:
                self._run_scanned(frames(), Path(tmp), sink, pass_stats, phase)
                return self._finish(resolved, sink, quarantine, sources, pass_stats, started)
        else:
            pending = list(frames())
            if pending:
                sink.add(self.apply_passes(pl.concat(pending, how="diagonal_relaxed"), pass_stats),
                         self.text_fields)
        return self._finish(resolved, sink, quarantine, sources, pass_stats, started)

    def frames(self, resolved: list[Input], sources: dict[str, SourceStats], quarantine: list[Quarantined],
               progress: ProgressFn | None) -> Iterator[pl.DataFrame]:
        """The batches read (a non-empty frame each), counting into `sources` and putting unreadable lines in
        `quarantine` (their text only when the pipeline keeps it)."""
        for batch in prefetch(self.reader.batches(resolved, sources)):
            quarantine.extend(batch.quarantined if self.quarantine_text else
                              [replace(q, raw="") for q in batch.quarantined])
            if progress is not None:
                progress(batch.frame.height + len(batch.quarantined))
            if batch.frame.height:
                yield batch.frame

    def _finish(self, resolved: list[Input], sink: Sink, quarantine: list[Quarantined],
                sources: dict[str, SourceStats], pass_stats: list[PassStats], started: float) -> CurateResult:
        """Write the outputs, then let each pass make what it learnt durable (`Pass.commit`): a run killed
        before its outputs are complete adds nothing to a dedup index."""
        if self.kind is None:
            raise SchemaError(f"{resolved[0].spec.path}: no line could be read, so the kind is unknown "
                              f"(see the quarantine: {quarantine[0].reason if quarantine else 'empty'})")
        result = sink.finish(self, quarantine, sources, pass_stats, time.perf_counter() - started)
        for p in self.passes:
            p.commit()
        return result

    def _run_scanned(self, frames: Iterator[pl.DataFrame], tmp: Path, sink: Sink, stats: list[PassStats],
                     phase: PhaseFn | None) -> None:
        """The table through the passes, each whole-table pass scanning it: the batches before it are observed
        and spilled, it resolves, and the spilled batches go on from it (see the module's docstring)."""
        start = 0
        for number, cut in enumerate(i for i, p in enumerate(self.passes) if p.needs_whole_table()):
            scanned, parts, rows = self.passes[cut], tmp / f"table-{number}", 0
            parts.mkdir()
            for count, frame in enumerate(frames):
                if count == 0:
                    scanned.begin_scan(tmp / f"pass-{number}")
                frame = self.apply_passes(frame, stats, start, cut)
                clock = time.perf_counter()
                scanned.observe(frame)
                stats[cut].seconds += time.perf_counter() - clock
                frame.write_parquet(parts / f"{count:06d}.parquet", compression="zstd", compression_level=1)
                rows += frame.height
                if phase is not None:
                    phase(f"{scanned.name}: rows hashed", rows, None)
            if rows == 0:
                return
            clock = time.perf_counter()
            scanned.resolve(None if phase is None else _named(phase, scanned.name))
            stats[cut].seconds += time.perf_counter() - clock
            frames, start = _read_back(parts), cut
        for frame in frames:
            sink.add(self.apply_passes(frame, stats, start), self.text_fields)


def with_edits(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with an (empty) `edits` column, which the passes that rewrite text append to."""
    if EDITS in frame.columns:
        return frame
    return frame.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias(EDITS))


def run_pass(p: Pass, frame: pl.DataFrame, pass_stats: PassStats,
             apply: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> pl.DataFrame:
    """`p.apply(frame)` (or `apply(frame)`, a part of the pass), counting what it did into `pass_stats`: the one
    account of a pass, whichever engine runs it."""
    started = time.perf_counter()
    fields = p.text_columns(frame)
    before = frame.select(DROP_REASON, *fields) if p.modifies_text else frame.select(DROP_REASON)
    frame = (apply or p.apply)(frame)
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
        frame = record_edits(frame, before, p, fields, pass_stats)
    pass_stats.seconds += time.perf_counter() - started
    return frame


def record_edits(frame: pl.DataFrame, before: pl.DataFrame, p: Pass, fields: tuple[str, ...], stats: PassStats
                 ) -> pl.DataFrame:
    """Append `pass:field` to the `edits` list of every row whose text the pass changed."""
    changed = pl.DataFrame({f: frame.get_column(f).ne_missing(before.get_column(f)) for f in fields})
    rows = changed.select(pl.any_horizontal(pl.all())).to_series().arg_true()
    stats.modified_rows += rows.len()
    if rows.len() == 0:
        return frame
    tags = changed[rows].select(
        pl.concat_list(pl.when(pl.col(f)).then(pl.lit(f"{p.name}:{f}")) for f in fields).list.drop_nulls())
    edits = frame.get_column(EDITS)[rows].list.concat(tags.to_series())
    update = pl.DataFrame({"_row": rows, "_edits": edits})
    return (frame.with_row_index("_row").join(update, on="_row", how="left", maintain_order="left")
            .with_columns(pl.coalesce("_edits", EDITS).alias(EDITS)).drop("_row", "_edits"))


def _named(phase: PhaseFn, name: str) -> PhaseFn:
    def report(what: str, done: int, total: int | None) -> None:
        phase(f"{name}: {what}", done, total)
    return report


def _read_back(parts: Path) -> Iterator[pl.DataFrame]:
    """The spilled batches in the order they were written, each file removed once read."""
    for path in sorted(parts.glob("*.parquet")):
        frame = pl.read_parquet(path)
        path.unlink()
        yield frame
