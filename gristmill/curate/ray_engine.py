"""`engine: ray`: the curation Pipeline with its passes as Ray Data `map_batches` over Arrow blocks (issue 18).

How the table goes, and why each step gives what the local engine gives:

- The driver reads the inputs with the local engine's Reader (kind detection, quarantine, sources and column types
  are its own), numbers the rows (`_gm_row`) and puts each batch in Ray's object store as an Arrow table: the
  blocks of a Dataset, kept in table order (`preserve_order`).
- Row-local passes run in `map_batches` (Polars inside each batch: `pl.from_arrow`, `to_arrow`), consecutive
  light ones fused into one task per block; a pass that holds a model (pii, toxicity) runs in an actor pool, one
  engine per actor, built on its first batch and reused. Each batch goes through `pipeline.run_pass`, the local
  engine's own account; a block carries its counts (PassStats and the pass's `tallies`) in a binary column on its
  first row, added up on the driver.
- A pass that must see rows in order (exact_dedup, minhash_dedup) is split where the pass splits itself: its
  row-local part runs in `map_batches` on the workers (exact_dedup: each row's 64-bit key; minhash_dedup: shingles,
  signatures and band keys, `MinHashDedup.digest`), and only those values, with ids and drop reasons, never the
  texts, come to the driver, in order. The driver runs the pass's own in-order code: exact_dedup's key table, and
  minhash_dedup's bounded-memory grouping (one band's keys at a time from files), exact check and clusters, as
  the local engine scans the table. Not a Ray shuffle: reusing that code keeps keep-first order, cluster numbers
  and `dup_of` the local engine's by construction, and a groupby on Ray would have to reproduce the same
  candidate pairs, checks and union-find in a second implementation. What the driver decided (drop_reason,
  dup_of, cluster_id of the rows it changed) goes back to the blocks in a `map_batches` that joins on the row
  number.
- The driver writes the blocks through the local engine's Sink, cut back to the sizes of the batches read, so
  kept/rejected, stats, lineage and the manifest are the local engine's.
"""

from __future__ import annotations

import copy
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from gristmill.curate.base import Pass, PhaseFn
from gristmill.curate.minhash import Digest
from gristmill.curate.pipeline import Pipeline, ProgressFn, run_pass, with_edits
from gristmill.curate.result import CurateResult, PassStats, Sink
from gristmill.errors import ConfigError, require
from gristmill.io import Quarantined
from gristmill.records import DROP_REASON
from gristmill.tables import Input, SourceStats

ROW = "_gm_row"  # the row's position in the table
COUNTS = "_gm_counts_"  # + the first pass's index: a block's counts, pickled, on its first row
END = "_gm_end"  # the end of the columns an in-order pass was given: it added or moved the ones after it
NEW, CHANGED = "_gm_new", "_gm_changed"
KEYS, SHINGLES, SECONDS, VALUES = "_gm_keys", "_gm_shingles", "_gm_seconds", "_gm_values"


def arrow(frame: pl.DataFrame) -> Any:
    """A frame as an Arrow table in the plain layouts (large_string, not string_view) every Ray version takes."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def polars(table: Any) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


class RayPipeline(Pipeline):
    """A Pipeline whose passes run on Ray (see the module's docstring); `run` gives what `Pipeline.run` gives.

    `address`: an existing cluster (`ray://head:10001`, or `auto`); default `$RAY_ADDRESS`, else a local instance
    of `num_cpus` CPUs started for the run and stopped after it. When Ray is already initialized it is used as is.
    `actors`: the most actors of each model pass's pool (default: the cluster's CPUs)."""

    def __init__(self, passes: Sequence[Pass] = (), kind: str | None = None, batch_rows: int = 100_000,
                 quarantine_text: bool | None = None, spill_dir: str | Path | None = None,
                 address: str | None = None, num_cpus: int | None = None, actors: int | None = None) -> None:
        super().__init__(passes, kind, batch_rows, quarantine_text, spill=True, spill_dir=spill_dir)
        self.address, self.num_cpus, self.actors = address, num_cpus, actors
        problems = [f"engine: ray: {p.name} needs the whole table in one process; run it with engine: local"
                    for p in self.passes if p.needs_whole_table() and not p.scans]
        if problems:
            raise ConfigError(problems)

    def run(self, inputs: Any, output: str | Path | None = None, progress: ProgressFn | None = None,
            key: bytes | None = None, phase_progress: PhaseFn | None = None) -> CurateResult:
        if key is not None:
            raise ConfigError(["engine: ray: an encrypted run would hold its rows in plaintext in Ray's object "
                               "store (and its spill files); encrypt with engine: local"])
        ray = require("ray", "ray", "engine: ray")
        require("ray.data", "ray", "engine: ray")
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=self.num_cpus if self.address is None else None,
                     include_dashboard=False, log_to_driver=False)
        context = ray.data.DataContext.get_current()
        was = context.execution_options.preserve_order, context.enable_progress_bars
        context.execution_options.preserve_order = True  # blocks come back in table order (keep-first)
        context.enable_progress_bars = False
        try:
            return super().run(inputs, output, progress, key, phase_progress)
        finally:
            context.execution_options.preserve_order, context.enable_progress_bars = was
            if started_here:
                ray.shutdown()

    def actor_count(self) -> int:
        import ray

        return self.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def _run(self, resolved: list[Input], sink: Sink, progress: ProgressFn | None, phase: PhaseFn | None,
             started: float) -> CurateResult:
        import ray

        pass_stats = [PassStats(p.name) for p in self.passes]
        sources: dict[str, SourceStats] = {}
        quarantine: list[Quarantined] = []
        sizes: list[int] = []
        refs: list[Any] = []
        for frame in self.frames(resolved, sources, quarantine, progress):
            frame = with_edits(frame).with_columns(pl.int_range(sum(sizes), sum(sizes) + frame.height,
                                                                dtype=pl.Int64).alias(ROW))
            refs.append(ray.put(arrow(frame)))
            sizes.append(frame.height)
        if refs:
            spill_dir = self.spill_dir if self.spill_dir is not None else sink.output
            if spill_dir is not None:
                Path(spill_dir).mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix="gristmill-spill-", dir=spill_dir) as tmp:
                self._drain(self._passes(refs, pass_stats, phase, Path(tmp)), sizes, sink, pass_stats)
        return self._finish(resolved, sink, quarantine, sources, pass_stats, started)

    # ------------------------------------------------------------------------------------- passes

    def _passes(self, refs: list[Any], stats: list[PassStats], phase: PhaseFn | None, tmp: Path) -> Any:
        """The blocks `refs` (taken over: the list is emptied) through every pass: row-local ones mapped, in-order
        ones decided on the driver. Only the dataset of the current stage holds blocks, so the object store frees
        each stage's input once the next stage has materialized."""
        import ray

        dataset = ray.data.from_arrow_refs(refs)
        refs.clear()
        rows = dataset.count() if phase is not None else 0  # from the blocks' metadata: what `watched` counts to
        group: list[int] = []
        for index, p in enumerate(self.passes):
            if p.in_order or p.scans:
                dataset = self._map(dataset, group).materialize()  # what the driver reads twice is computed once
                group = []
                dataset = self._in_order(dataset, index, stats[index], phase, tmp / f"pass-{index}")
            elif p.holds_model:
                dataset = self._map(self._map(dataset, group), [index], actors=True)
                dataset = watched(dataset, p.name, rows, phase)
                group = []
            else:
                group.append(index)
        return self._map(dataset, group)

    def _map(self, dataset: Any, indices: list[int], actors: bool = False) -> Any:
        """Passes `indices` over every block: one task per block, or an actor pool (one model per actor)."""
        if not indices:
            return dataset
        options = {"passes": [self.passes[i] for i in indices], "indices": indices,
                   "column": f"{COUNTS}{indices[0]}"}
        if actors:
            import ray

            pool = ray.data.ActorPoolStrategy(min_size=1, max_size=self.actor_count())
            return dataset.map_batches(PassActor, fn_constructor_kwargs=options, batch_format="pyarrow",
                                       batch_size=None, compute=pool, num_cpus=1)
        return dataset.map_batches(run_passes, fn_kwargs=options, batch_format="pyarrow", batch_size=None)

    def _in_order(self, dataset: Any, index: int, stats: PassStats, phase: PhaseFn | None, directory: Path) -> Any:
        """Pass `index` (exact_dedup, minhash_dedup): its row-local part on the workers, its in-order part here
        over the narrow columns it decides on, and what it changed joined back into the blocks."""
        import ray

        p = self.passes[index]
        names = dataset.schema().names
        narrow = [ROW, DROP_REASON, *(c for c in p.decides_on if c in names)]
        scanned: Any = p  # a minhash_dedup (Pass.scans): begin_scan, digest, absorb, resolve
        worker = type(p)(p.cfg)  # what the workers get: the pass as configured, none of the driver's state
        assert self.kind is not None
        worker.setup(self.kind)
        if p.scans:
            p.begin_scan(directory)
            clock, rows = time.perf_counter(), 0
            last = -1
            for table in dataset.map_batches(digest_block, fn_kwargs={"p": worker}, batch_format="pyarrow",
                                             batch_size=None).iter_batches(batch_size=None, batch_format="pyarrow"):
                digest = digest_from_arrow(polars(table))
                positions = digest.info.get_column("_pos")
                if positions.len() and positions[0] <= last:
                    raise RuntimeError("engine: ray: blocks came back out of table order")
                last = positions[-1] if positions.len() else last
                scanned.absorb(digest)
                rows += digest.info.height
                if phase is not None:
                    phase(f"{p.name}: rows hashed", rows, None)
            p.resolve(None if phase is None else lambda what, done, total: phase(f"{p.name}: {what}", done, total))
            stats.seconds += time.perf_counter() - clock
            blocks = dataset.select_columns(narrow)
        else:
            blocks = dataset.map_batches(prepare_block, fn_kwargs={"p": worker, "narrow": narrow},
                                         batch_format="pyarrow", batch_size=None)
        parts: list[pl.DataFrame] = []
        writes: list[str] = []
        moved: list[str] = []
        dropped: list[str] = []
        for frame in frames_in_order(blocks):
            before = frame.select(narrow).with_columns(pl.lit(True).alias(END))
            prepared = frame.drop(narrow)

            def decide(frame: pl.DataFrame, prepared: pl.DataFrame = prepared) -> pl.DataFrame:
                return p.decide(frame, prepared)

            after = run_pass(p, before, stats, apply=decide if p.in_order else None)
            columns = after.columns
            writes = [c for c in columns if c not in (ROW, END)]
            moved = columns[columns.index(END) + 1:]
            dropped = [c for c in before.columns if c not in columns]
            parts.append(changed_rows(before, after, writes))
        if p.scans:
            self._catch_examples(dataset, p)
        changes = ray.put(arrow(pl.concat(parts) if parts else pl.DataFrame({ROW: []}, schema={ROW: pl.Int64})))
        return dataset.map_batches(splice_block, fn_kwargs={"changes": changes, "writes": writes, "moved": moved,
                                                            "dropped": dropped},
                                   batch_format="pyarrow", batch_size=None)

    def _catch_examples(self, dataset: Any, p: Any) -> None:
        """The texts of the rows a minhash pass shows in its report (the local engine catches them as it marks)."""
        wanted = p.example_rows.get_column("_pos").to_list() if p.example_rows.height else []
        if not wanted:
            return
        for table in dataset.map_batches(rows_at, fn_kwargs={"positions": wanted}, batch_format="pyarrow",
                                         batch_size=None).iter_batches(batch_size=None, batch_format="pyarrow"):
            frame = polars(table)
            for row in range(frame.height):
                p.catch_examples(frame.slice(row, 1), int(frame.get_column(ROW)[row]))

    # ------------------------------------------------------------------------------------- out

    def _drain(self, dataset: Any, sizes: list[int], sink: Sink, stats: list[PassStats]) -> None:
        """The blocks, in order, to the Sink in the sizes of the batches read; the workers' counts added up."""
        pending: list[pl.DataFrame] = []
        held, came, batch = 0, 0, 0
        for frame in frames_in_order(dataset):
            came += frame.height
            counts = [c for c in frame.columns if c.startswith(COUNTS)]
            for column in counts:
                for blob in frame.get_column(column).drop_nulls().to_list():
                    for index, counted, tallies in pickle.loads(blob):  # our own workers' bytes
                        stats[index].add(counted)
                        self.passes[index].add_tallies(tallies)
            pending.append(frame.drop(ROW, *counts))
            held += frame.height
            while batch < len(sizes) and held >= sizes[batch]:
                whole = pl.concat(pending, how="diagonal_relaxed") if len(pending) > 1 else pending[0]
                sink.add(whole.head(sizes[batch]), self.text_fields)
                rest = whole.slice(sizes[batch])
                pending, held = ([rest] if rest.height else []), held - sizes[batch]
                batch += 1
        if held or batch != len(sizes):
            raise RuntimeError(f"engine: ray: {came} rows came back, {sum(sizes)} went out")


def frames_in_order(dataset: Any) -> Iterator[pl.DataFrame]:
    """The dataset's non-empty blocks as Polars frames, checked to come back in table order (by their row ids)."""
    expected = 0
    for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        frame = polars(table)
        if frame.height == 0:
            continue
        if frame.get_column(ROW)[0] != expected:
            raise RuntimeError("engine: ray: blocks came back out of table order")
        expected += frame.height
        yield frame


def watched(dataset: Any, name: str, rows: int, phase: PhaseFn | None) -> Any:
    """A model pass's stage (its actor pool: the slow part of a run) run to its end here, saying how many rows it
    has done as its blocks come back; without it the stage runs silently, when the next one reads it. Its output
    blocks stay in the object store for the next stage, as a materialized stage's do."""
    if phase is None:
        return dataset
    import ray

    refs, done = [], 0
    phase(f"{name}: rows done", 0, rows)
    for bundle in dataset.iter_internal_ref_bundles():
        refs.extend(bundle.block_refs)
        done += bundle.num_rows()
        phase(f"{name}: rows done", done, rows)
    return ray.data.from_arrow_refs(refs)


# ----------------------------------------------------------------------------------------- on the workers


def owned(passes: list[Pass]) -> list[Pass]:
    """The passes as Ray handed them over, made the worker's own: numpy arrays come out of the object store
    read-only, and a pass may keep a growing cache in one (normalize's table of the characters it has met)."""
    return copy.deepcopy(passes)


def run_passes(table: Any, passes: list[Pass], indices: list[int], column: str, own: bool = True) -> Any:
    """Row-local passes over one block, each counted by `run_pass`; the counts ride on the block's first row."""
    passes = owned(passes) if own else passes
    frame = polars(table)
    records = []
    for index, p in zip(indices, passes, strict=True):  # copies of the driver's passes (`owned`)
        p.reset_tallies()
        counted = PassStats(p.name)
        frame = run_pass(p, frame, counted)
        records.append((index, counted, p.tallies()))
    blob = [pickle.dumps(records)] + [None] * (frame.height - 1) if frame.height else []
    return arrow(frame.with_columns(pl.Series(column, blob, dtype=pl.Binary)))


class PassActor:
    """An actor of a model pass's pool: its copy of the pass (and so its model) lives as long as the actor."""

    def __init__(self, passes: list[Pass], indices: list[int], column: str) -> None:
        self.passes, self.indices, self.column = owned(passes), indices, column

    def __call__(self, table: Any) -> Any:
        return run_passes(table, self.passes, self.indices, self.column, own=False)


def prepare_block(table: Any, p: Pass, narrow: list[str]) -> Any:
    """An in-order pass's row-local values of one block, beside the narrow columns its in-order part reads."""
    frame = polars(table)
    return arrow(pl.concat([frame.select(narrow), copy.deepcopy(p).prepare(frame)], how="horizontal"))


def digest_block(table: Any, p: Any) -> Any:
    """minhash_dedup's digest of one block (its live rows: position, id, keep key, band keys, shingle hashes)."""
    frame = polars(table)
    offset = int(frame.get_column(ROW)[0]) if frame.height else 0
    digest: Digest = copy.deepcopy(p).digest(frame, offset)
    return arrow(digest_frame(digest))


def digest_frame(digest: Digest) -> pl.DataFrame:
    import pyarrow as pa

    n = digest.info.height
    columns = [pl.Series(KEYS, np.ascontiguousarray(digest.keys.T)),
               pl.Series(SECONDS, np.full(n, digest.seconds / max(n, 1)))]
    if digest.offsets.shape[0] == n + 1:  # verifying: the shingle hashes of each row
        shingles = pa.LargeListArray.from_arrays(pa.array(digest.offsets - digest.offsets[0]),
                                                 pa.array(digest.hashes[digest.offsets[0]:digest.offsets[-1]]))
        columns.append(pl.Series(SHINGLES, shingles))
    if digest.values is not None:  # with an index: each row's band values, one fixed-width byte string
        values = np.ascontiguousarray(digest.values)
        width = values.dtype.itemsize * values.shape[1] if values.ndim == 2 else 0
        cells = pa.FixedSizeBinaryArray.from_buffers(pa.binary(width), n, [None, pa.py_buffer(values.tobytes())])
        columns.append(pl.Series(VALUES, cells.cast(pa.large_binary())))
    return digest.info.with_columns(columns)


def digest_from_arrow(frame: pl.DataFrame) -> Digest:
    """A Digest back from `digest_frame`'s columns (the rows of one or more blocks, in order)."""
    n = frame.height
    keys = np.ascontiguousarray(frame.get_column(KEYS).to_numpy().reshape(n, -1).T) if n else np.empty((0, 0))
    hashes, offsets = np.empty(0, np.uint32), np.zeros(1, np.int64)
    if SHINGLES in frame.columns:
        shingles = frame.get_column(SHINGLES).to_arrow()  # a large list: int64 offsets into its values
        offsets = np.asarray(shingles.offsets, dtype=np.int64)
        offsets = offsets - offsets[0]
        hashes = np.asarray(shingles.flatten(), dtype=np.uint32)
    values = None
    if VALUES in frame.columns:
        cells = frame.get_column(VALUES).to_list()
        width = len(cells[0]) // keys.shape[0] if cells else 1
        values = np.frombuffer(b"".join(cells), dtype=f"S{width}").reshape(n, keys.shape[0] if n else 0)
    info = frame.drop(KEYS, SECONDS, SHINGLES, VALUES, strict=False)
    return Digest(0, info, keys, hashes, offsets, values, float(frame.get_column(SECONDS).sum()))


def changed_rows(before: pl.DataFrame, after: pl.DataFrame, writes: list[str]) -> pl.DataFrame:
    """The rows an in-order pass changed: their position and the values of every column it wrote."""
    if not writes:
        return after.select(ROW).head(0)
    differs = pl.DataFrame([after.get_column(c).ne_missing(before.get_column(c)) if c in before.columns
                            else after.get_column(c).is_not_null() for c in writes])
    return after.filter(differs.select(pl.any_horizontal(pl.all())).to_series()).select(ROW, *writes)


def splice_block(table: Any, changes: Any, writes: list[str], moved: list[str], dropped: list[str]) -> Any:
    """One block with what an in-order pass decided for its rows, its columns in the order the pass leaves them
    (`moved`: columns the pass added or re-added, at the end; `dropped`: columns it removed)."""
    import ray

    frame = polars(table)
    columns = frame.columns
    changed = polars(ray.get(changes))
    if frame.height:
        rows = frame.get_column(ROW)
        changed = changed.filter(pl.col(ROW).is_between(rows.min(), rows.max()))
    new = changed.rename({c: c + NEW for c in writes}).with_columns(pl.lit(True).alias(CHANGED))
    frame = frame.join(new, on=ROW, how="left", maintain_order="left")
    frame = frame.with_columns(
        pl.when(pl.col(CHANGED).fill_null(False)).then(pl.col(c + NEW))
        .otherwise(pl.col(c) if c in columns else pl.lit(None, dtype=changed.schema[c])).alias(c)
        for c in writes)
    order = [c for c in columns if c not in dropped and c not in moved] + moved
    return arrow(frame.select(order))


def rows_at(table: Any, positions: list[int]) -> Any:
    """The rows of one block at `positions` (positions in the table)."""
    frame = polars(table)
    return arrow(frame.filter(pl.col(ROW).is_in(positions)))

