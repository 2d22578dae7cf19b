"""Tables in and out of synthesis: read source rows (a curated table or any input), pick one slice, and
build synthetic rows in the canonical sft columns (DESIGN §2) so they go through the same curation passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from gristmill import crypto
from gristmill.errors import InputError, SchemaError
from gristmill.records import TEXT_FIELDS, row_ids
from gristmill.synth.config import SliceTarget

SFT = TEXT_FIELDS["sft"]
# Columns every synthetic row carries, in this order, before method-specific ones.
SYNTH_COLUMNS = ("id", "source", "license", "origin", "parent_id", *SFT, "generator")


def load_rows(path: str | Path) -> pl.DataFrame:
    """Rows of a table. A curated table (with `id` and the sft fields) is read as is, so `parent_id` links to
    the ids of that run; anything else goes through the reader (aliases, ids, quarantine)."""
    path = Path(path)
    if crypto.stored(path) is None:
        raise InputError(f"{path}: no such file (run `gristmill curate` first, or set the path in the config)")
    if path.suffix == ".parquet":
        frame = crypto.load_parquet(path)  # a sealed run table is opened in memory
        if {"id", *SFT} <= set(frame.columns):
            return frame
    from gristmill.tables import read_rows

    return read_rows(path, "sft")


def select_slice(frame: pl.DataFrame, target: SliceTarget, where: str) -> pl.DataFrame:
    """Rows where `target.column == target.value` (first `limit` of them); an empty slice is an error."""
    if target.column not in frame.columns:
        raise SchemaError(f"{where}: no column {target.column!r} to select a slice by (have {frame.columns})")
    rows = frame.filter(pl.col(target.column) == target.value)
    if "drop_reason" in rows.columns:
        rows = rows.filter(pl.col("drop_reason").is_null())
    if rows.height == 0:
        raise SchemaError(f"{where}: the slice {target.column} == {target.value!r} has no rows")
    return rows.head(target.limit) if target.limit else rows


def synthetic_frame(records: list[dict[str, Any]], *, origin: str, license: str, generator: str,
                    extra: dict[str, pl.DataType] | None = None) -> pl.DataFrame:
    """Canonical synthetic rows from dicts holding the sft fields, `parent_id` and method-specific columns."""
    schema: dict[str, pl.DataType] = {f: pl.String() for f in SFT}
    schema.update({"parent_id": pl.String(), "license": pl.String(), **(extra or {})})
    frame = pl.from_dicts(records, schema=schema) if records else pl.DataFrame(schema=schema)
    frame = frame.with_columns(
        source=pl.lit(origin), origin=pl.lit(origin), generator=pl.lit(generator),
        license=pl.col("license").fill_null(license))
    frame = frame.with_columns(row_ids(frame, "sft"))
    return frame.select(*SYNTH_COLUMNS, pl.exclude(SYNTH_COLUMNS))
