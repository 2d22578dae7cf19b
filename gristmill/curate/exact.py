"""exact_dedup: drop rows whose (normalized) text fields equal an earlier row's; keeps the first."""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import polars as pl

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where
from gristmill.errors import ConfigError


class ExactDedupConfig(Section):
    fields: list[str] | None = None  # which text fields count; default: all of the kind
    ignore_case: bool = False


class KeyTable:
    """key -> index of the kept row, for 64-bit keys: open addressing with linear probing in two flat arrays,
    grown to stay at most half full. Costs ~32 bytes per distinct row."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self.keys = np.zeros(capacity, dtype=np.uint64)
        self.values = np.full(capacity, -1, dtype=np.int64)  # -1: empty slot
        self.size = 0

    def first_seen(self, keys: np.ndarray, live: np.ndarray) -> np.ndarray:
        """For each live row, the index of the kept row with the same key, or -1 when it is the first itself
        (and becomes kept row number `size`, in order)."""
        while 2 * (self.size + len(keys)) > len(self.keys):
            self.keys, self.values = _grown(self.keys, self.values)
        first, self.size = _first_seen(keys, live, self.keys, self.values, self.size)
        return first

    def __len__(self) -> int:
        return self.size


@numba.njit(cache=True, nogil=True, inline="always")
def _slot(key: np.uint64, table_keys: np.ndarray, table_values: np.ndarray) -> int:
    mask = len(table_keys) - 1
    slot = int((key * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)) & mask  # high bits: the best mixed
    while table_values[slot] >= 0 and table_keys[slot] != key:
        slot = (slot + 1) & mask
    return slot


@numba.njit(cache=True, nogil=True)
def _first_seen(keys: np.ndarray, live: np.ndarray, table_keys: np.ndarray, table_values: np.ndarray,
                size: int) -> tuple[np.ndarray, int]:
    first = np.full(len(keys), -1, dtype=np.int64)
    for i in range(len(keys)):
        if live[i]:
            slot = _slot(keys[i], table_keys, table_values)
            if table_values[slot] >= 0:
                first[i] = table_values[slot]
            else:
                table_keys[slot] = keys[i]
                table_values[slot] = size
                size += 1
    return first, size


@numba.njit(cache=True, nogil=True)
def _grown(table_keys: np.ndarray, table_values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    new_keys = np.zeros(2 * len(table_keys), dtype=np.uint64)
    new_values = np.full(2 * len(table_keys), -1, dtype=np.int64)
    for i in range(len(table_keys)):
        if table_values[i] >= 0:
            slot = _slot(table_keys[i], new_keys, new_values)
            new_keys[slot] = table_keys[i]
            new_values[slot] = table_values[i]
    return new_keys, new_values


class ExactDedup(Pass):
    """Streams: remembers a 64-bit key per distinct row (and its id) across batches, never the texts."""

    name = "exact_dedup"
    Config = ExactDedupConfig
    in_order = True  # keeps the first: `prepare` hashes anywhere, `decide` sees the keys in table order
    decides_on = ("id", "dup_of")

    def setup(self, kind: str) -> None:
        super().setup(kind)
        fields = self.cfg.fields or list(self.fields)
        unknown = [f for f in fields if f not in self.fields]
        if unknown:
            raise ConfigError([f"exact_dedup.fields: {unknown} are not text fields of kind={kind} "
                               f"(expected some of {list(self.fields)})"])
        self.key_fields = fields
        self.table = KeyTable()
        self.kept_ids = pl.Series("id", [], dtype=pl.String)  # id of the kept row, by table index

    def key(self) -> pl.Expr:
        fields = [self.text(f).str.to_lowercase() if self.cfg.ignore_case else self.text(f) for f in self.key_fields]
        return pl.struct(fields).hash(seed=0)  # 64-bit, field by field; only compared within one run

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        return self.decide(frame, self.prepare(frame))

    def prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Each row's 64-bit key (row-local: any worker may compute it)."""
        return frame.select(self.key().alias("_key"))

    def decide(self, frame: pl.DataFrame, prepared: pl.DataFrame) -> pl.DataFrame:
        """Mark the live rows whose key an earlier row had (rows in table order, batch after batch)."""
        keys = prepared.get_column("_key").to_numpy()
        live = frame.select(LIVE).to_series().to_numpy()
        first = self.table.first_seen(keys, live)
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
