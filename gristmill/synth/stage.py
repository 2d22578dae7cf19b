"""The synth stage of a run: generate rows, write them, curate them together with the human data.

Outputs under `<run>/synth/`: `rows.parquet` (+ `rows.jsonl`) with every synthetic row the generators kept,
`filtered.parquet` with every candidate they dropped and why, `errors.jsonl` with the requests that failed
for good, `usage.json` with the request and token counts, `cache.sqlite` with every answer, and `curated/`:
the curation passes run over the human inputs and the synthetic rows in one pipeline (so synthetic rows that
duplicate human ones are dropped), with review decisions applied when there are any.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Group
from rich.table import Table

from gristmill import crypto, tables
from gristmill.config import CurateConfig, InputSpec
from gristmill.files import write_json
from gristmill.io import jsonl_bytes
from gristmill.llm.cache import ResponseCache
from gristmill.llm.client import SynthClient, UsageStats
from gristmill.records import META_COLUMNS
from gristmill.rundir import RunDir, StageRun, fingerprint
from gristmill.synth import back_translate, self_instruct
from gristmill.synth.config import SliceTarget, SynthConfig
from gristmill.synth.review import apply_review, load_decisions
from gristmill.synth.rows import load_rows, select_slice, synthetic_frame

STAGE = "synth"
ROWS, FILTERED, ERRORS, USAGE, CACHE, REVIEW_LOG = (
    "rows.parquet", "filtered.parquet", "errors.jsonl", "usage.json", "cache.sqlite", "review.jsonl")
CURATED = "curated"
DEFAULT_PASSES: list[dict[str, dict[str, Any] | None]] = [{"normalize": {}}, {"exact_dedup": {}}, {"quality": {}}]
ProgressFn = Callable[[str, int, int, UsageStats], None]  # (phase, done, total, request stats)


class Relay:
    """Joins the generators' step counts and the client's request stats into one progress callback."""

    def __init__(self, progress: ProgressFn | None) -> None:
        self.progress = progress
        self.phase, self.done, self.total = "starting", 0, 0
        self.stats = UsageStats()

    def step(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total
        self.usage(self.stats)

    def usage(self, stats: UsageStats) -> None:
        self.stats = stats
        if self.progress is not None:
            self.progress(self.phase, self.done, self.total, stats)


@dataclass
class SynthResult:
    rows: pl.DataFrame
    filtered: pl.DataFrame
    stats: UsageStats
    failures: list[dict[str, Any]]
    methods: dict[str, dict[str, Any]]
    curated: dict[str, Any] | None = None  # stats.json of the curated run
    paths: dict[str, Path] = field(default_factory=dict)
    skipped: bool = False

    @property
    def incomplete(self) -> bool:
        """Requests failed for good: the stage is not finished, and a rerun tries them again."""
        return bool(self.failures)

    def incomplete_message(self, where: Path) -> str:
        return (f"synth: {len(self.failures)} request(s) failed for good (see {where / ERRORS}); the stage is not "
                "finished: rerun to try them again (answers so far are cached)")

    def __rich__(self) -> Group:
        table = Table(title="synthesis", title_justify="left")
        for name in ("method", "kept rows", "filtered", "why filtered", "notes"):
            table.add_column(name, justify="right" if name in ("kept rows", "filtered") else "left")
        for name, info in self.methods.items():
            reasons = ", ".join(f"{k} {v}" for k, v in info["filtered_by_reason"].items())
            table.add_row(name, str(info["rows"]), str(sum(info["filtered_by_reason"].values())), reasons,
                          info.get("note", ""))
        parts: list[Any] = [table, self.stats]
        if self.curated is not None:
            parts.append(f"curated with the human data: {self.curated['kept']:,} kept, "
                         f"{self.curated['rejected']:,} rejected of {self.curated['rows_in']:,} rows "
                         f"(accounted: {self.curated['accounted']})")
        return Group(*parts)


def _slice_rows(target: SliceTarget, run: RunDir) -> pl.DataFrame:
    path = target.path or str(run.root / "curate" / "kept.parquet")
    return select_slice(load_rows(path), target, path)


def _run_self_instruct(cfg: SynthConfig, client: SynthClient, run: RunDir, relay: Relay
                       ) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    si = cfg.self_instruct
    assert si is not None
    seeds = self_instruct.load_seed_tasks(si.seed_tasks)
    extra: dict[str, Any] = {}
    if si.target is not None:
        seeds = self_instruct.tasks_from_rows(_slice_rows(si.target, run))
        if si.target.column not in META_COLUMNS:  # the rows join the slice they were made for
            extra = {si.target.column: si.target.value}
    method = self_instruct.SelfInstruct(client, si, seeds, progress=relay.step)
    records = method.run()
    frame = synthetic_frame(records, origin=self_instruct.ORIGIN, license=si.license, generator=client.generator,
                            extra={"is_classification": pl.Boolean(), "rouge_l_max": pl.Float64()})
    frame = frame.with_columns(pl.lit(v).alias(k) for k, v in extra.items())
    filtered = method.filtered_frame()
    info = {"rows": frame.height, "instructions": len(method.kept), "rounds": method.rounds,
            "filtered_by_reason": dict(Counter(filtered.get_column("reason").to_list()).most_common())}
    if len(method.kept) < si.num_instructions:
        info["note"] = f"stopped at {len(method.kept)}/{si.num_instructions} instructions (stalled)"
    return frame, filtered.with_columns(method=pl.lit(self_instruct.ORIGIN)), info


def _run_back_translation(cfg: SynthConfig, client: SynthClient, run: RunDir, relay: Relay
                          ) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    bt = cfg.back_translation
    assert bt is not None
    path = bt.source or str(run.root / "curate" / "kept.parquet")
    rows = select_slice(load_rows(path), bt.target, path) if bt.target else load_rows(path)
    rows = rows.head(bt.limit) if bt.limit else rows
    method = back_translate.BackTranslation(client, bt, progress=relay.step)
    carry = [bt.target.column] if bt.target and bt.target.column not in META_COLUMNS else []
    records = method.run(rows, carry=carry)
    extra: dict[str, pl.DataType] = {"pivot": pl.String(), "similarity": pl.Float64()}
    extra.update({c: rows.schema[c] for c in carry})
    frame = synthetic_frame(records, origin=back_translate.ORIGIN, license="NOASSERTION",
                            generator=client.generator, extra=extra)
    filtered = method.filtered_frame()
    info = {"rows": frame.height, "source_rows": rows.height,
            "filtered_by_reason": dict(Counter(filtered.get_column("reason").to_list()).most_common())}
    return frame, filtered.with_columns(method=pl.lit(back_translate.ORIGIN)), info


def generate(cfg: SynthConfig, client: SynthClient, run: RunDir, relay: Relay
             ) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, dict[str, Any]]]:
    frames, filtered, methods = [], [], {}
    steps = (("self_instruct", cfg.self_instruct, _run_self_instruct),
             ("back_translation", cfg.back_translation, _run_back_translation))
    for name, section, step in steps:
        if section is not None:
            frame, dropped, info = step(cfg, client, run, relay)
            frames.append(frame)
            filtered.append(dropped)
            methods[name] = info
    return pl.concat(frames, how="diagonal_relaxed"), pl.concat(filtered, how="diagonal_relaxed"), methods


def synthetic_inputs(rows: pl.DataFrame, folder: Path) -> list[InputSpec]:
    """One Parquet part per (source, license), read as an input that keeps its source, license and origin."""
    specs = []
    for index, ((source, license), group) in enumerate(sorted(rows.group_by("source", "license"),
                                                              key=lambda g: (str(g[0][0]), str(g[0][1])))):
        part = folder / f"{index:02d}-{source}.parquet"
        crypto.save_parquet(group.drop("id", "source", "license"), part)  # sealed (`.enc`) in an encrypted run
        specs.append(InputSpec(path=str(part), name=str(source), license=str(license), origin=str(source)))
    return specs


def as_conversations(rows: pl.DataFrame) -> pl.DataFrame:
    """Synthetic instruction rows as one-exchange conversations, for a run whose human rows are chats."""
    asked = pl.when(pl.col("input").fill_null("") != "").then(
        pl.concat_str("instruction", pl.lit("\n\n"), "input")).otherwise(pl.col("instruction"))
    turns = pl.concat_list(pl.struct(role=pl.lit("user"), content=asked),
                           pl.struct(role=pl.lit("assistant"), content=pl.col("output")))
    return rows.with_columns(messages=turns).drop("instruction", "input", "output")


def curate_with_human(rows: pl.DataFrame, curate: CurateConfig | None, out: Path) -> dict[str, Any]:
    """The curation passes over human inputs and synthetic rows together (DESIGN §4), into `out`."""
    from gristmill.curate import Pipeline, build_passes

    kind = "chat" if curate is not None and curate.kind == "chat" else "sft"
    specs = synthetic_inputs(as_conversations(rows) if kind == "chat" else rows, out / "parts")
    human = list(curate.inputs) if curate is not None else []
    passes = build_passes(curate.passes if curate is not None else DEFAULT_PASSES)
    sealer = crypto.active()
    result = Pipeline(passes, kind=kind).run([*human, *specs], output=out / CURATED,
                                             key=sealer.key if sealer else None)
    return result.stats


def apply_review_to_run(out: Path) -> dict[str, int]:
    """Apply `review.jsonl` to the curated tables (idempotent) and keep stats.json's counts true."""
    curated = out / CURATED
    kept, rejected = crypto.load_parquet(curated / "kept.parquet"), crypto.load_parquet(curated / "rejected.parquet")
    kept, rejected, counts = apply_review(kept, rejected, load_decisions(out / REVIEW_LOG))
    crypto.save_parquet(kept, curated / "kept.parquet")
    crypto.save_parquet(rejected, curated / "rejected.parquet")
    stats = json.loads((curated / "stats.json").read_text())
    stats["kept"], stats["rejected"] = kept.height, rejected.height + stats.get("quarantined", 0)
    stats.setdefault("drop_reasons", {})["review"] = counts["rejected_by_review"]
    stats["review"] = counts
    write_json(stats, curated / "stats.json")
    return counts


def input_files(cfg: SynthConfig, curate: CurateConfig | None, run: RunDir) -> list[Path]:
    paths = [cfg.self_instruct.seed_tasks if cfg.self_instruct else None,
             cfg.back_translation.source if cfg.back_translation else None]
    if curate is not None:
        paths += [str(p) for p in tables.input_files(list(curate.inputs))]
    default = crypto.stored(run.root / "curate" / "kept.parquet")
    return [Path(p) for p in paths if p] + ([default] if default else [])


def run_synth(cfg: SynthConfig, run: RunDir | str | Path, curate: CurateConfig | None = None,
              progress: ProgressFn | None = None, force: bool = False) -> SynthResult:
    """Generate, write and curate synthetic rows into `<run>/synth` (skipped when done with the same inputs)."""
    run = run if isinstance(run, RunDir) else RunDir(run)
    settings = {"synth": cfg.model_dump(mode="json"), "curate": curate.model_dump(mode="json") if curate else None}
    stage = StageRun(run, STAGE, fingerprint(settings, input_files(cfg, curate, run)))
    out = stage.dir
    if stage.finished(force) and crypto.stored(out / ROWS):
        return load_synth_result(out)
    stage.begin(force)  # answers of an interrupted attempt stay in the response cache either way
    relay = Relay(progress)
    client = SynthClient(cfg.client, ResponseCache(cfg.client.cache or out / CACHE), progress=relay.usage)
    try:
        rows, filtered, methods = generate(cfg, client, run, relay)
    finally:  # a spent budget or a fatal error still leaves the accounting of what happened
        crypto.save_bytes(jsonl_bytes(client.failures), out / ERRORS)  # sealed in an encrypted run
        write_json(client.stats.as_dict(), out / USAGE)
        client.cache.close()
    paths = {"rows": crypto.save_parquet(rows, out / ROWS), "filtered": crypto.save_parquet(filtered, out / FILTERED),
             "rows_jsonl": crypto.save_bytes(jsonl_bytes(rows.to_dicts()), out / "rows.jsonl")}
    write_json(methods, out / "methods.json")
    curated = curate_with_human(rows, curate, out) if rows.height or curate is not None else None
    if curated is not None and (out / REVIEW_LOG).exists():
        apply_review_to_run(out)
        curated = _read_json(out / CURATED / "stats.json")
    result = SynthResult(rows, filtered, client.stats, client.failures, methods, curated, paths)
    if not result.incomplete:  # with failed requests the stage is not done: a rerun retries them
        stage.finish(rows=rows.height, errors=0)
    return result


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_synth_result(out: Path) -> SynthResult:
    """A finished synth stage read back from its files."""
    usage = _read_json(out / USAGE)
    stats = UsageStats(**{k: v for k, v in usage.items() if k != "retry_reasons"})
    stats.retry_reasons.update(usage.get("retry_reasons", {}))
    failures = [json.loads(line) for line in crypto.load_bytes(out / ERRORS).decode("utf-8").splitlines() if line]
    curated = _read_json(out / CURATED / "stats.json") if (out / CURATED / "stats.json").exists() else None
    return SynthResult(crypto.load_parquet(out / ROWS), crypto.load_parquet(out / FILTERED), stats,
                       failures, _read_json(out / "methods.json"), curated,
                       skipped=True)
