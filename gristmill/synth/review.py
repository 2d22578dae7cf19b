"""Human review of synthetic rows: a stratified sample, one row at a time; decisions stored and applied.

The sample takes ceil(rate × n) rows (at least one) from every stratum (by default each `origin`), chosen
by a seeded hash of the row id, so the same table always gives the same sample and a review can stop and
resume. Every decision is appended to `review.jsonl` as one line, flushed and fsynced, before the next row
is shown; a line torn by a crash is ignored on load. Applying the decisions moves rejected rows from
kept.parquet to rejected.parquet with `drop_reason = "review"` and writes edits into the kept rows (their
ids stay, so applying again changes nothing).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gristmill.errors import InputError
from gristmill.records import DROP_REASON, TEXT_FIELDS

REVIEW = "review"
FINAL = ("accept", "reject", "skip")
ACTIONS = {"a": "accept", "r": "reject", "e": "edit", "s": "skip", "q": "quit"}
EDIT_TAG = "edits"

AskFn = Callable[[str, list[str] | None, str | None], str]  # (question, choices, default) -> answer
ShowFn = Callable[[RenderableType], None]


def stratified_sample(frame: pl.DataFrame, rate: float, by: str, seed: int = 0) -> pl.DataFrame:
    """ceil(rate × n) rows of each `by` value (at least one), picked by a seeded hash of `id`."""
    if frame.height == 0:
        return frame
    order = [hashlib.sha256(f"{seed}:{i}".encode()).hexdigest() for i in frame.get_column("id").to_list()]
    ranked = frame.with_columns(_order=pl.Series(order)).sort(by, "_order")
    quota = (pl.len().over(by) * rate).ceil().clip(lower_bound=1)
    return ranked.filter(pl.int_range(pl.len()).over(by) < quota).drop("_order")


def load_decisions(path: Path) -> list[dict[str, Any]]:
    """Every decision in the file, in order; a torn last line (a crash mid-append) is skipped."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def append_decision(path: Path, record: dict[str, Any]) -> None:
    """One JSON line, written with a single write on an O_APPEND file and fsynced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def final_decisions(records: list[dict[str, Any]]) -> dict[str, str]:
    """id -> the last accept / reject / skip."""
    return {r["id"]: r["decision"] for r in records if r.get("decision") in FINAL}


def edits_by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """id -> {field: text}, later edits of a field replacing earlier ones."""
    out: dict[str, dict[str, str]] = {}
    for r in records:
        if r.get("decision") == "edit":
            out.setdefault(r["id"], {})[r["field"]] = r["after"]
    return out


def render_row(row: dict[str, Any], position: int, total: int) -> RenderableType:
    title = f"[bold]{position}/{total}[/]  origin={row.get('origin')}  source={row.get('source')}  id={row['id']}"
    if row.get("parent_id"):
        title += f"  parent={row['parent_id']}"
    parts = [Panel(Text(row[f] or "(empty)"), title=f, title_align="left") for f in TEXT_FIELDS["sft"]]
    return Group(Text.from_markup(title), *parts)


@dataclass
class ReviewSummary:
    sampled: int = 0
    decided_before: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    pending: int = 0
    applied: dict[str, int] = field(default_factory=dict)

    def __rich__(self) -> Table:
        table = Table(title="review", show_header=False, title_justify="left")
        table.add_column("what")
        table.add_column("count", justify="right")
        table.add_row("rows in the sample", str(self.sampled))
        table.add_row("decided in earlier sessions", str(self.decided_before))
        for name in ("accept", "reject", "edit", "skip"):
            table.add_row(f"{name} (this session)", str(self.decisions.get(name, 0)))
        table.add_row("still pending", str(self.pending))
        for name, count in self.applied.items():
            table.add_row(f"applied: {name}", str(count))
        return table


class ReviewSession:
    """Shows pending sample rows and records what the reviewer decides, one appended line per decision."""

    def __init__(self, sample: pl.DataFrame, path: Path, ask: AskFn, show: ShowFn) -> None:
        self.sample, self.path, self.ask, self.show = sample, path, ask, show

    def pending(self) -> list[dict[str, Any]]:
        done = final_decisions(load_decisions(self.path))
        return [r for r in self.sample.iter_rows(named=True) if r["id"] not in done]

    def _record(self, row: dict[str, Any], decision: str, **extra: Any) -> None:
        append_decision(self.path, {"id": row["id"], "decision": decision, "origin": row.get("origin"),
                                    "source": row.get("source"), "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
                                    **extra})

    def _edit(self, row: dict[str, Any]) -> None:
        name = self.ask("field to edit", list(TEXT_FIELDS["sft"]), "output")
        after = self.ask(f"new {name} (\\n for a line break)", None, row[name]).replace("\\n", "\n")
        if after != row[name]:
            self._record(row, "edit", field=name, before=row[name], after=after)
            row[name] = after

    def run(self) -> ReviewSummary:
        pending = self.pending()
        summary = ReviewSummary(sampled=self.sample.height, decided_before=self.sample.height - len(pending))
        for index, row in enumerate(pending):
            position = summary.decided_before + index + 1
            while True:
                self.show(render_row(row, position, self.sample.height))
                answer = ACTIONS[self.ask("[a]ccept [r]eject [e]dit [s]kip [q]uit", list(ACTIONS), "a")]
                if answer == "quit":
                    summary.pending = len(pending) - index
                    return summary
                if answer != "edit":
                    break
                self._edit(row)
                summary.decisions["edit"] += 1
            self._record(row, answer)
            summary.decisions[answer] += 1
        return summary


def apply_review(kept: pl.DataFrame, rejected: pl.DataFrame, records: list[dict[str, Any]]
                 ) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """Rejected ids leave `kept` with drop_reason "review" (and come back if the last decision changed);
    edited fields are written into kept rows, tagged `review:<field>` in `edits`."""
    final = final_decisions(records)
    rejected_ids = [i for i, d in final.items() if d == "reject"]
    back = rejected.filter((pl.col(DROP_REASON) == REVIEW) & ~pl.col("id").is_in(rejected_ids))
    rejected = rejected.filter(~((pl.col(DROP_REASON) == REVIEW) & ~pl.col("id").is_in(rejected_ids)))
    kept = pl.concat([kept, back.drop(DROP_REASON)], how="diagonal_relaxed")
    moving = kept.filter(pl.col("id").is_in(rejected_ids))
    kept = kept.filter(~pl.col("id").is_in(rejected_ids))
    rejected = pl.concat([rejected, moving.with_columns(pl.lit(REVIEW).alias(DROP_REASON))], how="diagonal_relaxed")
    edited = 0
    for row_id, changes in edits_by_id(records).items():
        hit = pl.col("id") == row_id
        edited += int(kept.select(hit.sum()).item() > 0)
        for name, text in changes.items():
            kept = kept.with_columns(pl.when(hit).then(pl.lit(text)).otherwise(pl.col(name)).alias(name))
        if EDIT_TAG in kept.columns:
            tags = pl.lit([f"review:{n}" for n in changes], dtype=pl.List(pl.String))
            kept = kept.with_columns(pl.when(hit).then(pl.col(EDIT_TAG).list.concat(tags).list.unique(
                maintain_order=True)).otherwise(pl.col(EDIT_TAG)).alias(EDIT_TAG))
    counts = {"rejected_by_review": rejected.filter(pl.col(DROP_REASON) == REVIEW).height,
              "restored": back.height, "edited_rows": edited}
    return kept, rejected, counts


def review_table(curated: Path) -> pl.DataFrame:
    """The synthetic rows that survived curation (including those a review rejected, so the sample of a
    resumed review is the same): what a reviewer should look at."""
    path = curated / "kept.parquet"
    if not path.exists():
        raise InputError(f"{path}: no curated synthetic rows (run `gristmill synth CONFIG` first)")
    rows = pl.read_parquet(path)
    rejected = curated / "rejected.parquet"
    if rejected.exists():
        reviewed = pl.read_parquet(rejected).filter(pl.col(DROP_REASON) == REVIEW).drop(DROP_REASON)
        rows = pl.concat([rows, reviewed], how="diagonal_relaxed")
    return rows.filter(pl.col("origin") != "human") if "origin" in rows.columns else rows
