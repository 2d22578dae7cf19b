from __future__ import annotations

import io

import polars as pl
import pytest
from rich.console import Console

from gristmill.curate import Pipeline, Quality
from gristmill.curate.balance import Balance
from gristmill.errors import ConfigError


def skewed() -> pl.DataFrame:
    """60 rows labelled a, 30 b, 10 c (interleaved, so no class sits in one block)."""
    labels = ["a"] * 60 + ["b"] * 30 + ["c"] * 10
    order = sorted(range(100), key=lambda i: (i * 37) % 100)
    return pl.DataFrame({"text": [f"row number {i}" for i in range(100)], "category": [labels[i] for i in order]})


def counts(frame: pl.DataFrame) -> dict[str, int]:
    return dict(frame.group_by("category").len().sort("category").rows())


def test_max_ratio_caps_large_classes_with_exact_counts() -> None:
    result = Pipeline([Balance(by="category", max_ratio=2.0, seed=0)], kind="text").run(skewed())
    assert counts(result.kept) == {"a": 20, "b": 20, "c": 10}
    assert counts(result.rejected) == {"a": 40, "b": 10}
    assert result.rejected.get_column("drop_reason").unique().to_list() == ["balance"]
    details = result.stats["pass_details"]["balance"]
    assert details == {"by": "category", "before": {"a": 60, "b": 30, "c": 10},
                       "after": {"a": 20, "b": 20, "c": 10}, "dropped": 50, "added": 0}
    assert result.stats["accounted"] is True
    assert result.stats["labels"] == {"category": {"a": 20, "b": 20, "c": 10}}


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    def kept_ids(seed: int) -> list[str]:
        return Pipeline([Balance(by="category", max_ratio=1.0, seed=seed)], kind="text").run(skewed()) \
            .kept.get_column("id").sort().to_list()

    assert kept_ids(7) == kept_ids(7)
    assert kept_ids(7) != kept_ids(8)
    assert len(kept_ids(7)) == 30


def test_target_distribution_without_upsampling() -> None:
    target = {"a": 0.5, "b": 0.25, "c": 0.25}
    result = Pipeline([Balance(by="category", target=target)], kind="text").run(skewed())
    assert counts(result.kept) == {"a": 20, "b": 10, "c": 10}


def test_upsampling_adds_marked_copies() -> None:
    result = Pipeline([Balance(by="category", max_ratio=2.0, upsample=True, seed=3)], kind="text").run(skewed())
    kept = result.kept
    assert counts(kept) == {"a": 60, "b": 30, "c": 30}
    copies = kept.filter(pl.col("origin") == "upsample")
    assert copies.height == 20
    assert copies.get_column("category").unique().to_list() == ["c"]
    originals = kept.filter(pl.col("origin") == "human")
    parents = originals.select("id", parent_text="text")
    joined = copies.join(parents, left_on="parent_id", right_on="id")
    assert joined.height == 20  # every copy points at a real row with the same text
    assert (joined.get_column("text") == joined.get_column("parent_text")).all()
    assert kept.get_column("id").n_unique() == 120
    assert result.stats["rows_added"] == 20
    assert result.stats["accounted"] is True
    assert result.stats["passes"][0]["rows_out"] == 120


def test_rows_dropped_earlier_and_null_labels_are_left_alone() -> None:
    frame = pl.DataFrame({"text": ["x", "long enough one", "long enough two", "long enough three", "long 4"],
                          "category": ["a", "a", "a", "b", None]})
    passes = [Quality(min_output_words=2), Balance(by="category", max_ratio=1.0)]
    result = Pipeline(passes, kind="text").run(frame)
    assert result.stats["pass_details"]["balance"]["before"] == {"a": 2, "b": 1}
    assert result.kept.get_column("category").sort(nulls_last=True).to_list() == ["a", "b", None]
    assert result.rejected.get_column("category").to_list() == ["a", "a"]
    assert sorted(result.rejected.get_column("drop_reason").to_list()) == ["balance", "quality:short_output"]


def test_report_shows_before_and_after() -> None:
    balance = Balance(by="category", max_ratio=2.0)
    Pipeline([balance], kind="text").run(skewed())
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(balance.report())
    lines = [[cell for cell in line.split() if cell not in "│┃"] for line in out.getvalue().splitlines()]
    assert ["a", "60", "20", "-40"] in lines
    assert ["c", "10", "10", "+0"] in lines


def test_target_must_name_every_label() -> None:
    with pytest.raises(ConfigError, match=r"labels \['c'\]"):
        Pipeline([Balance(by="category", target={"a": 1, "b": 1})], kind="text").run(skewed())


def test_config_needs_exactly_one_goal() -> None:
    with pytest.raises(ConfigError, match="exactly one of"):
        Balance(by="category")
