from __future__ import annotations

import io

import numpy as np
import polars as pl
import pytest
from rich.console import Console

from gristmill.evaluate.config import SliceSection
from gristmill.evaluate.slices import benjamini_hochberg, bootstrap_gaps, derived_slices, find_weak_slices

FAST = SliceSection(bootstrap=400)


def synthetic(seed: int, n: int = 600, gap: float = 0.0, weak_source: str = "c") -> pl.DataFrame:
    """Per-example results over four sources and three categories; `weak_source` scores `gap` lower."""
    rng = np.random.default_rng(seed)
    source = rng.choice(["a", "b", "c", "d"], n)
    score = rng.normal(0.6, 0.2, n) - np.where(source == weak_source, gap, 0.0)  # unclipped: the true gap is `gap`
    return pl.DataFrame({"id": [f"r{i}" for i in range(n)], "source": source,
                         "category": rng.choice(["x", "y", "z"], n), "tuned_rouge_l": score,
                         "base_rouge_l": score - 0.1})


def test_benjamini_hochberg_matches_hand_computation() -> None:
    """p sorted: 0.01, 0.02, 0.03, 0.04, 0.2 with m=5 → p·m/rank = 0.05, 0.05, 0.05, 0.05, 0.2;
    the running minimum from the top leaves them as they are."""
    q = benjamini_hochberg(np.array([0.2, 0.03, 0.01, 0.04, 0.02]))
    assert q == pytest.approx([0.2, 0.05, 0.05, 0.05, 0.05])
    # a later smaller scaled value pulls earlier ones down: p 0.01, 0.04, 0.045 (m=3) → 0.03, 0.045, 0.045
    assert benjamini_hochberg(np.array([0.045, 0.01, 0.04])) == pytest.approx([0.045, 0.03, 0.045])


def test_bootstrap_gap_distribution_centres_on_the_observed_gap() -> None:
    values = np.array([1.0] * 50 + [0.0] * 50)
    members = np.array([[True] * 50 + [False] * 50])
    samples = bootstrap_gaps(values, members, replicates=1000, seed=0)
    assert samples.gap.shape == (1000, 1)
    assert samples.gap.mean() == pytest.approx(1.0)  # slice all 1s, rest all 0s: every replicate says 1
    noisy = bootstrap_gaps(np.r_[np.ones(30), np.zeros(30), np.ones(20), np.zeros(40)],
                           np.array([[True] * 60 + [False] * 60]), replicates=2000, seed=1)
    assert noisy.gap.mean() == pytest.approx(0.5 - 1 / 3, abs=0.01)


def test_planted_gap_is_the_top_weak_slice() -> None:
    result = find_weak_slices(synthetic(0, gap=0.15), FAST)
    top = result.weak[0]
    assert (top.column, top.value) == ("source", "c")
    assert top.ci_low < top.gap < top.ci_high < 0
    assert top.q_value < 0.001
    assert [s.name for s in result.weak] == ["source=c"]


def test_gap_ci_covers_the_planted_difference() -> None:
    frame = synthetic(3, n=2000, gap=0.1)
    stat = next(s for s in find_weak_slices(frame, SliceSection(bootstrap=1000)).tested if s.name == "source=c")
    assert stat.ci_low < -0.1 < stat.ci_high < 0  # the interval covers the true gap
    assert stat.gap == pytest.approx(stat.slice_mean - stat.rest_mean)


def test_null_tables_flag_almost_nothing_over_many_seeds() -> None:
    """No planted gap: Benjamini–Hochberg at 5% keeps the share of runs with any false flag near 5%."""
    flagged = sum(bool(find_weak_slices(synthetic(100 + seed), SliceSection(bootstrap=300)).weak)
                  for seed in range(40))
    assert flagged <= 4


def test_small_slices_are_not_tested() -> None:
    frame = synthetic(0).with_columns(rare=pl.when(pl.int_range(pl.len()) < 5).then(pl.lit("r")).otherwise(pl.lit("s")))
    names = {s.column for s in find_weak_slices(frame, FAST).tested}
    assert "rare" not in names
    assert {"source", "category"} <= names


def test_lower_is_better_metrics_flag_the_higher_slice() -> None:
    frame = synthetic(5).with_columns(
        tuned_toxic=pl.when(pl.col("source") == "b").then(0.6).otherwise(0.05) + pl.int_range(pl.len()) % 2 * 0.1)
    result = find_weak_slices(frame, SliceSection(metrics=["toxic"], bootstrap=400))
    assert result.weak[0].name == "source=b"
    assert result.weak[0].gap > 0


def test_derived_slices_from_curation_columns() -> None:
    frame = pl.DataFrame({
        "output": ["a", "a b", "a b c d e f", "x", "y y", "z z z z z z z"],
        "instruction": ["q"] * 6,
        "pii_redacted": [["EMAIL_ADDRESS"], [], [], ["PERSON"], [], []],
        "tox_toxicity": [0.01, 0.2, 0.9, None, 0.05, 0.6],
        "cluster_id": [None, 1, 1, 2, 2, 2],
    }, schema_overrides={"cluster_id": pl.Int64})
    sizes = pl.DataFrame({"cluster_id": [1, 2], "_size": [2, 7]})
    out = derived_slices(frame, sizes)
    assert out.get_column("pii_found").to_list() == [True, False, False, True, False, False]
    assert out.get_column("toxicity_bucket").to_list() == ["low", "medium", "high", None, "low", "high"]
    assert out.get_column("cluster_size").to_list() == ["1", "2", "2", "6+", "6+", "6+"]
    assert out.get_column("answer_length").to_list() == ["short", "medium", "long", "short", "medium", "long"]


def test_weak_slices_render_and_serialize() -> None:
    result = find_weak_slices(synthetic(0, gap=0.15), FAST)
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(result)
    text = console.file.getvalue()
    assert "source=c" in text and "WEAK" in text and "top weak slice: source=c" in text
    data = result.as_dict()
    assert data["weak"][0]["slice"] == "source=c" and data["weak"][0]["significant"] is True
    assert len(data["slices"]) == len(result.tested)
