"""exact_dedup: drop rows whose (normalized) text fields equal an earlier row's; keeps the first."""

from __future__ import annotations

from typing import Any

import polars as pl

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, drop_where


class ExactDedupConfig(Section):
    fields: list[str] | None = None  # which text fields count; default: all of the kind
    ignore_case: bool = False


class ExactDedup(Pass):
    """Streams: keys seen in earlier batches are remembered (8 bytes + id per distinct row)."""

    name = "exact_dedup"
    Config = ExactDedupConfig

    def setup(self, kind: str) -> None:
        super().setup(kind)
        fields = self.cfg.fields or list(self.fields)
        unknown = [f for f in fields if f not in self.fields]
        if unknown:
            from gristmill.errors import ConfigError

            raise ConfigError([f"exact_dedup.fields: {unknown} are not text fields of kind={kind} "
                               f"(expected some of {list(self.fields)})"])
        self.key_fields = fields
        self.seen = pl.DataFrame(schema={"_key": pl.UInt64, "_seen_id": pl.String})

    def key(self) -> pl.Expr:
        text = pl.concat_str([pl.col(f) for f in self.key_fields], separator="\x1f")
        if self.cfg.ignore_case:
            text = text.str.to_lowercase()
        return text.hash(seed=0)

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        frame = frame.with_columns(_key=pl.when(LIVE).then(self.key()))
        frame = frame.join(self.seen, on="_key", how="left", maintain_order="left")
        first_in_batch = pl.int_range(pl.len()).over("_key") == 0
        duplicate = pl.col("_key").is_not_null() & (pl.col("_seen_id").is_not_null() | ~first_in_batch)
        original = pl.coalesce("_seen_id", pl.col("id").first().over("_key"))
        previous = pl.col("dup_of") if "dup_of" in frame.columns else pl.lit(None, pl.String)
        frame = frame.with_columns(_duplicate=duplicate, dup_of=pl.when(duplicate).then(original).otherwise(previous))
        fresh = frame.filter(pl.col("_key").is_not_null() & ~pl.col("_duplicate") & pl.col("_seen_id").is_null())
        self.seen = pl.concat([self.seen, fresh.select("_key", _seen_id="id")])
        frame = frame.with_columns(drop_where(pl.col("_duplicate"), self.name))
        return frame.drop("_key", "_seen_id", "_duplicate")

    def summary(self) -> dict[str, Any]:
        return {"distinct_keys": self.seen.height}
