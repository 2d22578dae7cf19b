"""balance: cap (or fill) the classes of a label column to a max ratio or a target distribution.

Capping drops a seeded random subset of each over-full class with reason `balance`. Upsampling (opt-in) adds
copies of rows drawn with replacement from an under-full class; each copy is marked `origin="upsample"` with
`parent_id` set to the row it copies and an id of its own, so the lineage tells copies from originals.
Rows whose label is null, and rows already dropped by an earlier pass, are left alone.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl
import xxhash
from pydantic import Field, model_validator
from rich.console import RenderableType

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where
from gristmill.errors import ConfigError

UPSAMPLE_ORIGIN = "upsample"


class BalanceConfig(Section):
    by: str  # the label column
    max_ratio: float | None = Field(default=None, ge=1.0)  # largest class <= max_ratio x smallest
    target: dict[str, float] | None = None  # label -> share of rows (shares are normalized to sum to 1)
    upsample: bool = False  # fill small classes with copies instead of capping large ones
    seed: int = 0

    @model_validator(mode="after")
    def _one_goal(self) -> BalanceConfig:
        if (self.max_ratio is None) == (self.target is None):
            raise ValueError("balance needs exactly one of `max_ratio` or `target`")
        if self.target is not None and (any(v < 0 for v in self.target.values()) or sum(self.target.values()) <= 0):
            raise ValueError("`target` shares must be >= 0 and not all zero")
        if self.target is not None and self.upsample and any(v == 0 for v in self.target.values()):
            raise ValueError("`upsample` cannot reach a target share of 0; drop those labels without upsampling")
        return self


def ratio_counts(counts: dict[str, int], max_ratio: float, upsample: bool) -> dict[str, int]:
    """Class sizes after capping to `max_ratio` x the smallest (or filling up to largest / max_ratio)."""
    if upsample:
        floor = math.ceil(max(counts.values()) / max_ratio)
        return {label: max(n, floor) for label, n in counts.items()}
    cap = math.floor(max_ratio * min(counts.values()))
    return {label: min(n, cap) for label, n in counts.items()}


def target_counts(counts: dict[str, int], target: dict[str, float], upsample: bool) -> dict[str, int]:
    """Class sizes closest to the target shares that only remove rows (or, upsampling, only add rows)."""
    total_share = sum(target.values())
    shares = {label: target[label] / total_share for label in counts}
    positive = [label for label in counts if shares[label] > 0]
    scale = [counts[label] / shares[label] for label in positive]
    total = max(scale) if upsample else min(scale)
    sized = {label: math.floor(total * shares[label] + 1e-9) for label in counts}
    if upsample:
        return {label: max(counts[label], math.ceil(total * shares[label] - 1e-9)) for label in counts}
    return {label: min(counts[label], n) for label, n in sized.items()}


class Balance(Pass):
    """Seeded class balancing over the whole table (it has to see every row to count the classes)."""

    name = "balance"
    Config = BalanceConfig
    whole_table = True
    adds_rows = True

    def __init__(self, cfg: Section | None = None, **options: Any) -> None:
        super().__init__(cfg, **options)
        self.before: dict[str, int] = {}
        self.after: dict[str, int] = {}

    def live_counts(self, frame: pl.DataFrame) -> dict[str, int]:
        rows = frame.filter(LIVE & pl.col(self.cfg.by).is_not_null()).group_by(self.cfg.by).len().rows()
        return {str(label): int(n) for label, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))}

    def goal(self, counts: dict[str, int]) -> dict[str, int]:
        cfg = self.cfg
        if cfg.max_ratio is not None:
            return ratio_counts(counts, cfg.max_ratio, cfg.upsample)
        missing = sorted(set(counts) - set(cfg.target))
        if missing:
            raise ConfigError([f"balance.target: labels {missing} of column {cfg.by!r} have no share "
                               f"(give each label a share; 0 drops that label)"])
        return target_counts(counts, cfg.target, cfg.upsample)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        by = self.cfg.by
        if by not in frame.columns:
            raise ConfigError([f"balance.by: {by!r} is not a column (have {frame.columns})"])
        label = pl.col(by).cast(pl.String)
        self.before = self.live_counts(frame.with_columns(label))
        if not self.before:
            self.after = {}
            return frame
        goal = self.goal(self.before)
        rng = np.random.default_rng(self.cfg.seed)
        order = pl.Series("_order", rng.permutation(frame.height))
        live = LIVE & label.is_not_null()
        rank = pl.when(live).then(pl.col("_order")).rank("ordinal").over(pl.when(live).then(label))
        keep = label.replace_strict(goal, default=None, return_dtype=pl.Int64)
        frame = frame.with_columns(order).with_columns(drop_where(live & (rank > keep), self.name)).drop("_order")
        if self.cfg.upsample:
            frame = pl.concat([frame, self.copies(frame, goal, rng)], how="vertical_relaxed")
        self.after = self.live_counts(frame.with_columns(label))
        return frame

    def copies(self, frame: pl.DataFrame, goal: dict[str, int], rng: np.random.Generator) -> pl.DataFrame:
        """Rows drawn with replacement from each class short of its goal, marked as upsampled copies."""
        live = frame.with_row_index("_row").filter(LIVE & pl.col(self.cfg.by).is_not_null())
        labels = live.get_column(self.cfg.by).cast(pl.String).to_numpy()
        rows = live.get_column("_row").to_numpy()
        picks = [rng.choice(rows[labels == label], size=goal[label] - n, replace=True)
                 for label, n in self.before.items() if goal[label] > n]
        chosen = np.concatenate(picks) if picks else np.empty(0, dtype=np.int64)
        added = frame.select(pl.all().gather(chosen))
        new_ids = [xxhash.xxh64_hexdigest(f"{parent}\x1eupsample\x1e{k}".encode())
                   for k, parent in enumerate(added.get_column("id").to_list())]
        return added.with_columns(
            parent_id=pl.col("id"), id=pl.Series(new_ids, dtype=pl.String), origin=pl.lit(UPSAMPLE_ORIGIN))

    def label_columns(self) -> list[str]:
        return [self.cfg.by]

    def summary(self) -> dict[str, Any]:
        dropped = sum(max(0, n - self.after.get(k, 0)) for k, n in self.before.items())
        added = sum(max(0, n - self.before.get(k, 0)) for k, n in self.after.items())
        return {"by": self.cfg.by, "before": self.before, "after": self.after, "dropped": dropped, "added": added}

    def report(self) -> RenderableType | None:
        from gristmill.report import table

        if not self.before:
            return None
        rows: list[list[Any]] = [[label, n, self.after.get(label, 0), f"{self.after.get(label, 0) - n:+,}"]
                                 for label, n in self.before.items()]
        return table(f"Balance by {self.cfg.by}", [self.cfg.by, "before", "after", "change"], rows)
