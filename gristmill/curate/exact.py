"""exact_dedup: drop rows whose (normalized) text fields equal an earlier row's; keeps the first."""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import polars as pl
from numba import types
from numba.typed import Dict

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where
from gristmill.errors import ConfigError


class ExactDedupConfig(Section):
    fields: list[str] | None = None  # which text fields count; default: all of the kind
    ignore_case: bool = False


@numba.njit(cache=True, nogil=True)
def _first_seen(keys: np.ndarray, live: np.ndarray, table: Dict, n_kept: int) -> np.ndarray:
    """For each live row, the index of the kept row with the same key, or -1 when it is the first itself.

    `table` maps key -> index among kept rows and persists across batches; new keys are added in order.
    """
    first = np.full(len(keys), -1, dtype=np.int64)
    for i in range(len(keys)):
        if live[i]:
            j = table.get(keys[i], -1)
            if j >= 0:
                first[i] = j
            else:
                table[keys[i]] = n_kept
                n_kept += 1
    return first


class ExactDedup(Pass):
    """Streams: remembers a 64-bit key per distinct row (and its id) across batches, never the texts."""

    name = "exact_dedup"
    Config = ExactDedupConfig

    def setup(self, kind: str) -> None:
        super().setup(kind)
        fields = self.cfg.fields or list(self.fields)
        unknown = [f for f in fields if f not in self.fields]
        if unknown:
            raise ConfigError([f"exact_dedup.fields: {unknown} are not text fields of kind={kind} "
                               f"(expected some of {list(self.fields)})"])
        self.key_fields = fields
        self.table = Dict.empty(key_type=types.uint64, value_type=types.int64)
        self.kept_ids = pl.Series("id", [], dtype=pl.String)  # id of the kept row, by table index

    def key(self) -> pl.Expr:
        text = pl.concat_str([pl.col(f) for f in self.key_fields], separator="\x1f")
        if self.cfg.ignore_case:
            text = text.str.to_lowercase()
        return text.hash(seed=0)  # 64-bit; only compared within one run

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        keys = frame.select(self.key()).to_series().to_numpy()
        live = frame.select(LIVE).to_series().to_numpy()
        first = _first_seen(keys, live, self.table, len(self.kept_ids))
        is_first = live & (first < 0)
        self.kept_ids.append(frame.get_column("id").filter(pl.Series(is_first)))
        duplicate = pl.Series("_duplicate", first >= 0)
        if duplicate.any():
            dup_of = self.kept_ids.gather(np.where(first >= 0, first, 0)).alias("_dup_of")
        else:  # nothing to point at (and perhaps no kept row yet to gather from)
            dup_of = pl.Series("_dup_of", [None] * len(first), dtype=pl.String)
        previous = pl.col("dup_of") if "dup_of" in frame.columns else pl.lit(None, pl.String)
        return (frame.with_columns(duplicate, dup_of)
                .with_columns(dup_of=pl.when("_duplicate").then("_dup_of").otherwise(previous))
                .with_columns(drop_where(pl.col("_duplicate"), self.name))
                .drop("_duplicate", "_dup_of"))

    def summary(self) -> dict[str, Any]:
        return {"distinct_rows": len(self.kept_ids)}
