"""The pass protocol (DESIGN §3): a pass is a small class with a `name`, a pydantic `Config` and `apply`.

A pass never deletes a row. Filters only say which rows to keep (`checks`); `Filter.apply` turns that into
`drop_reason`, and the first reason a row gets is the one it keeps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import polars as pl
from rich.console import RenderableType

from gristmill.config import Section, validate
from gristmill.errors import ConfigError
from gristmill.records import DROP_REASON, TEXT_FIELDS, field_text

LIVE = pl.col(DROP_REASON).is_null()
PhaseFn = Callable[[str, int, "int | None"], None]  # (what, done, total): how far a whole-table step is


@dataclass
class Tally:
    """A pass's work in a run: units done, and units given to it so far."""

    done: int = 0
    total: int = 0


def drop_where(condition: pl.Expr, reason: str | pl.Expr) -> pl.Expr:
    """The `drop_reason` column after dropping live rows where `condition` holds (first reason wins)."""
    reason_expr = pl.lit(reason) if isinstance(reason, str) else reason
    return (
        pl.when(LIVE & condition.fill_null(False)).then(reason_expr).otherwise(pl.col(DROP_REASON))
        .alias(DROP_REASON)
    )


class NoOptions(Section):
    """Config of a pass that takes no options."""


class Pass:
    """Base of every curation pass. Subclasses set `name` and `Config` and implement `apply`."""

    name: ClassVar[str]
    Config: ClassVar[type[Section]] = NoOptions
    whole_table: ClassVar[bool] = False  # needs every row at once (clustering, balancing): no streaming
    modifies_text: ClassVar[bool] = False  # may rewrite text fields; the pipeline records which, per row
    adds_rows: ClassVar[bool] = False  # may append rows (upsampled copies) after the ones it was given
    scans: ClassVar[bool] = False  # a whole-table pass that can see the table batch by batch (`begin_scan`)
    # A pass whose rows must go by in table order (keep-first dedup): `prepare` is its row-local part (any
    # worker may run it), `decide` the part that sees the rows in order, reading and writing only `drop_reason`
    # and the `decides_on` columns (so an engine can hand it those and the prepared values, not the texts).
    in_order: ClassVar[bool] = False
    decides_on: ClassVar[tuple[str, ...]] = ()
    holds_model: ClassVar[bool] = False  # loads a model or engine once and reuses it (an engine's actor pool)
    # Attributes the pass adds up batch by batch (numbers, Counters, lists of names) for `summary`: an engine that
    # runs copies of the pass elsewhere gathers each copy's `tallies()` into this one (`add_tallies`).
    tallied: ClassVar[tuple[str, ...]] = ()

    def __init__(self, cfg: Section | None = None, **options: Any) -> None:
        self.cfg: Any = cfg if cfg is not None else validate(self.Config, options, prefix=f"{self.name}.")
        self.kind = "sft"
        self.fields: tuple[str, ...] = TEXT_FIELDS["sft"]
        self.progress: PhaseFn | None = None
        self.work = Tally()

    def watch(self, progress: PhaseFn | None) -> None:
        """Where to say how far the pass is within the batches it is given (`progress(what, done, total)`, the
        pipeline sets it for a run; None: nowhere). A pass with slow per-row work (pii, toxicity) reports the
        texts it has done out of those given to it so far, as it goes through each batch."""
        self.progress, self.work = progress, Tally()

    def __getstate__(self) -> dict[str, Any]:
        """A copy pickled for another process (Ray's workers) reports nowhere: the progress callback is the
        driver's (it holds the terminal's console and its lock)."""
        return {**self.__dict__, "progress": None}

    def work_given(self, what: str, count: int) -> None:
        """`count` more units of `what` ("texts scanned") to do; reported with what is done so far."""
        self.work.total += count
        self.work_done(what, 0)

    def work_done(self, what: str, count: int) -> None:
        """`count` more units of `what` done."""
        self.work.done += count
        if self.progress is not None:
            self.progress(what, self.work.done, self.work.total)

    def needs_whole_table(self) -> bool:
        return self.whole_table

    def setup(self, kind: str) -> None:
        """Called once before the first batch, when the kind of the data is known."""
        self.kind = kind
        self.fields = TEXT_FIELDS[kind]

    def restrict_fields(self, fields: list[str] | None) -> None:
        """Narrow `self.fields` to a configured subset (call from `setup`); unknown names are a ConfigError."""
        if fields is None:
            return
        unknown = [f for f in fields if f not in self.fields]
        if unknown:
            raise ConfigError([f"{self.name}.fields: {unknown} are not text fields of kind={self.kind} "
                               f"(expected some of {list(self.fields)})"])
        self.fields = tuple(fields)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        raise NotImplementedError

    def begin_scan(self, directory: Path) -> None:
        """Get ready to see a whole table batch by batch instead of at once (passes with `scans`): `observe`
        each batch, then `resolve`, then `apply` each batch again in the same order. What the pass keeps
        between the two may go in files under `directory`."""
        raise NotImplementedError

    def observe(self, frame: pl.DataFrame) -> None:
        """See one batch of the table (after `begin_scan`), in table order."""
        raise NotImplementedError

    def resolve(self, progress: PhaseFn | None = None) -> None:
        """Decide, once every batch has been observed; `progress(what, done, total)` tells how far it is."""
        raise NotImplementedError

    def prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        """An `in_order` pass's row-local work: one row of values per row of `frame`, for `decide`."""
        raise NotImplementedError

    def decide(self, frame: pl.DataFrame, prepared: pl.DataFrame) -> pl.DataFrame:
        """An `in_order` pass's in-order part: `frame` (at least `drop_reason`, `decides_on`) with its marks."""
        raise NotImplementedError

    def tallies(self) -> dict[str, Any]:
        """The `tallied` attributes as they stand."""
        return {name: getattr(self, name) for name in self.tallied}

    def reset_tallies(self) -> None:
        for name in self.tallied:
            setattr(self, name, type(getattr(self, name))())

    def add_tallies(self, tallies: dict[str, Any]) -> None:
        """Add another copy's `tallies()` to this pass's: numbers and Counters add, lists gain new names, a
        string (a note) is the other's when it has one."""
        for name, value in tallies.items():
            mine = getattr(self, name)
            if isinstance(mine, str):
                setattr(self, name, value or mine)
            elif isinstance(mine, list):
                mine.extend(v for v in value if v not in mine)
            elif isinstance(mine, Counter):
                mine.update(value)
            else:
                setattr(self, name, mine + value)

    def commit(self) -> None:
        """Called once the run's outputs are written: make what the run learnt durable (a dedup index)."""

    def text_columns(self, frame: pl.DataFrame) -> tuple[str, ...]:
        """The columns of `frame` this pass reads as text (and, with `modifies_text`, may rewrite)."""
        return self.fields

    @staticmethod
    def text(field: str) -> pl.Expr:
        """A text field as one string (a conversation: its turns joined), for checks and keys."""
        return field_text(field)

    def label_columns(self) -> list[str]:
        """Columns this pass writes that the report should count by value."""
        return []

    def summary(self) -> dict[str, Any]:
        """Machine-readable details of what the pass did (goes to stats.json)."""
        return {}

    def report(self) -> RenderableType | None:
        """Extra terminal detail for this pass (a cluster table, a before/after table), or None."""
        return None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.cfg!r})"


class Filter(Pass):
    """A pass that only drops rows. Subclasses return `{reason: keep_expression}` from `checks`."""

    def checks(self) -> dict[str, pl.Expr]:
        raise NotImplementedError

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        for reason, keep in self.checks().items():
            frame = frame.with_columns(drop_where(~keep, reason))
        return frame
