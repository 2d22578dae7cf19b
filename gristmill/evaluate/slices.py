"""Weak slices: where the tuned model does worse than on the rest of the data, with intervals and error control.

Each held-out example carries its curation metadata. A slice is `column == value` over the source, the origin,
label and other user columns with few distinct values, and derived properties: length terciles of the
reference answer and of the prompt (`answer_length`, `prompt_length`), PII found (`pii_found`: any `pii_*`
count > 0 or a non-empty `pii_redacted`), toxicity bucket (`toxicity_bucket`, from the largest `tox_*` score),
and near-duplicate cluster size (`cluster_size`, from `cluster_id`).

For every slice with at least `min_support` examples, the gap is mean(metric in slice) − mean(metric in the
rest). Its distribution comes from one nonparametric bootstrap of the whole table (rows drawn with
replacement, multinomial weights), shared by all slices, so every slice is a matrix product per batch of
replicates rather than a loop. The percentile interval gives the confidence interval; the p-value is the
two-sided normal tail of gap / bootstrap standard error; Benjamini–Hochberg over every (slice, metric) test
controls the false discovery rate. A slice is weak when its q-value is at most `fdr`, its interval excludes 0
on the worse side, and the gap is at least `min_gap`. Weak slices are ranked by how much worse they are at the
least (the interval bound nearest 0), largest first. A weak slice that is no longer worse once the rows of
a higher-ranked weak slice are left out is marked as explained by it (short prompts that are mostly one bad
source), and the plan acts only on the slices nothing explains.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl
from rich.console import Group, RenderableType
from rich.text import Text

from gristmill.evaluate.config import HIGHER_IS_BETTER, SliceSection
from gristmill.records import ALL_TEXT_FIELDS, META_COLUMNS

# Columns that are never slices themselves (text, ids, provenance details, raw scores behind derived slices).
NOT_SLICES = {*ALL_TEXT_FIELDS, *META_COLUMNS, "license", "dup_of", "drop_reason", "cluster_id", "pii_redacted",
              "messages", "generator", "reference"} - {"source", "origin"}
DERIVED = ("answer_length", "prompt_length", "pii_found", "toxicity_bucket", "cluster_size")
BOOTSTRAP_CHUNK = 256
LENGTH_LABELS = ["short", "medium", "long"]


# ------------------------------------------------------------------------------------------ slice columns


def _words(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.extract_all(r"\S+").list.len()


def _bucket(frame: pl.DataFrame, expr: pl.Expr) -> pl.Expr:
    """Terciles of a length (short ≤ q⅓ < medium ≤ q⅔ < long); equal lengths always share a bucket."""
    values = frame.select(expr).to_series().to_numpy()
    if values.size == 0:
        return pl.lit(None, pl.String)
    low, high = np.quantile(values, [1 / 3, 2 / 3])
    return (pl.when(expr <= low).then(pl.lit(LENGTH_LABELS[0])).when(expr <= high).then(pl.lit(LENGTH_LABELS[1]))
            .otherwise(pl.lit(LENGTH_LABELS[2])))


def derived_slices(frame: pl.DataFrame, cluster_sizes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Add the derived slice columns that the frame's metadata allows (see module docstring)."""
    columns = set(frame.columns)
    exprs: list[pl.Expr] = []
    reference = "output" if "output" in columns else "chosen" if "chosen" in columns else None
    if reference:
        exprs.append(_bucket(frame, _words(reference)).alias("answer_length"))
    prompt_parts = [c for c in ("instruction", "input", "prompt") if c in columns]
    if prompt_parts:
        prompt_words = pl.sum_horizontal(_words(c) for c in prompt_parts)
        exprs.append(_bucket(frame, prompt_words).alias("prompt_length"))
    pii_counts = [c for c in frame.columns if c.startswith("pii_") and frame.schema[c].is_numeric()]
    if "pii_redacted" in columns and isinstance(frame.schema["pii_redacted"], pl.List):
        exprs.append((pl.col("pii_redacted").list.len().fill_null(0) > 0).alias("pii_found"))
    elif pii_counts:
        exprs.append((pl.sum_horizontal(pl.col(pii_counts).fill_null(0)) > 0).alias("pii_found"))
    tox = [c for c in frame.columns if c.startswith("tox_") and frame.schema[c].is_float()]
    if tox:
        worst = pl.max_horizontal(pl.col(tox))
        exprs.append(pl.when(worst.is_null()).then(None).when(worst < 0.1).then(pl.lit("low"))
                     .when(worst < 0.5).then(pl.lit("medium")).otherwise(pl.lit("high")).alias("toxicity_bucket"))
    frame = frame.with_columns(exprs)
    if "cluster_id" in columns:
        frame = _with_cluster_size(frame, cluster_sizes)
    return frame


def _with_cluster_size(frame: pl.DataFrame, sizes: pl.DataFrame | None) -> pl.DataFrame:
    """`cluster_size` bucket (1, 2, 3-5, 6+); sizes count every curated row of a cluster when given."""
    if sizes is None:
        sizes = frame.filter(pl.col("cluster_id").is_not_null()).group_by("cluster_id").len(name="_size")
    size = pl.col("_size").fill_null(1)
    bucket = (pl.when(size <= 1).then(pl.lit("1")).when(size == 2).then(pl.lit("2"))
              .when(size <= 5).then(pl.lit("3-5")).otherwise(pl.lit("6+")))
    joined = frame.join(sizes.select("cluster_id", pl.col("_size").cast(pl.Int64)), on="cluster_id", how="left",
                        nulls_equal=False)
    return joined.with_columns(bucket.alias("cluster_size")).drop("_size")


def slice_candidates(frame: pl.DataFrame, cfg: SliceSection, skip: set[str]) -> list[str]:
    """Columns whose values define slices: derived ones, source/origin, and low-cardinality user columns."""
    chosen = []
    for name in frame.columns:
        if name in skip or (name in NOT_SLICES and name not in cfg.columns):
            continue
        if name.startswith(("pii_", "tox_")) and name not in cfg.columns:
            continue
        dtype = frame.schema[name]
        if not (dtype == pl.String or dtype == pl.Boolean or dtype == pl.Categorical or dtype.is_integer()
                or isinstance(dtype, pl.Enum)):
            continue
        distinct = frame.get_column(name).drop_nulls().n_unique()
        if 2 <= distinct <= cfg.max_levels or (name in cfg.columns and distinct >= 2):
            chosen.append(name)
    return chosen


# ------------------------------------------------------------------------------------------------ statistics


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """BH-adjusted p-values (q-values): q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1."""
    p = np.asarray(p_values, dtype=np.float64)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return q


@dataclass
class GapSamples:
    """Bootstrap replicates of each slice's gap (B × S) and of the mean of a second value inside it."""

    gap: np.ndarray
    inside: np.ndarray | None


def bootstrap_gaps(values: np.ndarray, members: np.ndarray, replicates: int, seed: int,
                   second: np.ndarray | None = None) -> GapSamples:
    """Replicates of mean(values | slice) − mean(values | rest) for every slice row of `members` (S × N).

    One multinomial resample of the N rows per replicate, shared by all slices; `second` (optional) gets
    the mean inside each slice from the same resamples (the tuned − base delta, for the feedback rules).
    """
    rng = np.random.default_rng(seed)
    n = values.size
    member = members.astype(np.float64).T  # N × S
    gaps, inside = [], []
    for start in range(0, replicates, BOOTSTRAP_CHUNK):
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=min(BOOTSTRAP_CHUNK, replicates - start))
        weights = weights.astype(np.float64)
        count = weights @ member
        total = weights @ values
        in_sum = (weights * values) @ member
        both = (count > 0) & (count < n)  # a replicate that drew no row of the slice (or of the rest) says nothing
        with np.errstate(invalid="ignore", divide="ignore"):
            gaps.append(np.where(both, in_sum / count - (total[:, None] - in_sum) / (n - count), np.nan))
            if second is not None:
                inside.append(np.where(count > 0, ((weights * second) @ member) / count, np.nan))
    return GapSamples(np.concatenate(gaps), np.concatenate(inside) if second is not None else None)


def two_sided_p(gap: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Normal-tail p-value of gap / se (se 0: p 1 when the gap is 0, else 0)."""
    z = np.divide(np.abs(gap), se, out=np.where(gap == 0, 0.0, np.inf), where=se > 0)
    return np.array([math.erfc(v / math.sqrt(2)) for v in z])


# ---------------------------------------------------------------------------------------------- the finder


@dataclass
class SliceStat:
    """One tested slice: its support, means, gap with interval, p and q values, and whether it is weak."""

    column: str
    value: Any
    metric: str
    support: int
    slice_mean: float
    rest_mean: float
    gap: float
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float = 1.0
    weak: bool = False
    delta_mean: float | None = None  # tuned − base inside the slice
    delta_ci_low: float | None = None
    delta_ci_high: float | None = None
    explained_by: str | None = None  # a higher-ranked weak slice without whose rows this one is not worse

    @property
    def name(self) -> str:
        return f"{self.column}={self.value}"

    def worse_by_at_least(self) -> float:
        """How much worse than the rest the slice is at the least (the interval bound nearest 0, sign-fixed)."""
        return -self.ci_high if HIGHER_IS_BETTER[self.metric] else self.ci_low


@dataclass
class WeakSlices:
    """Every tested slice (weak ones first, ranked) and the settings that produced them."""

    tested: list[SliceStat]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def weak(self) -> list[SliceStat]:
        return [s for s in self.tested if s.weak]

    @property
    def to_act_on(self) -> list[SliceStat]:
        """Weak slices that no higher-ranked weak slice explains, each once (its best-ranked metric)."""
        chosen: dict[str, SliceStat] = {}
        for stat in self.weak:
            if stat.explained_by is None:
                chosen.setdefault(stat.name, stat)
        return list(chosen.values())

    def as_dict(self) -> dict[str, Any]:
        """weak_slices.json: settings, then every tested slice ranked (`significant` marks the weak ones)."""
        slices = [{"slice": s.name, **asdict(s), "significant": s.weak} for s in self.tested]
        return {"settings": self.settings, "weak": [s for s in slices if s["significant"]], "slices": slices}

    def __rich__(self) -> RenderableType:
        from gristmill.report import table

        if not self.tested:
            return Text("weak slices: no slice had enough support to test", style="dim")
        rows = [[s.name, s.metric, s.support, f"{s.slice_mean:.3f}", f"{s.gap:+.3f}",
                 f"[{s.ci_low:+.2f}, {s.ci_high:+.2f}]", f"{s.q_value:.1g}", _verdict(s)]
                for s in self.tested[:15]]
        confidence = self.settings.get("confidence", 0.95)
        head = table(f"Weak slices ({len(self.weak)} of {len(self.tested)} tested; gap = slice mean − rest mean, "
                     f"{confidence:.0%} bootstrap CI, BH q ≤ {self.settings.get('fdr')})",
                     ["slice", "metric", "n", "mean", "gap", "CI", "q", ""], rows, numeric_from=2)
        if not self.weak:
            return Group(head, Text("no weak slice: no gap is significant after multiple-comparison control",
                                    style="green"))
        head.columns[0].min_width = min(max(len(s.name) for s in self.tested[:15]), 40)  # names stay whole
        explained = dict.fromkeys((s.name, s.explained_by) for s in self.weak if s.explained_by)
        notes = [Text(f"{name} is explained by {by} (not worse without its rows)", style="dim")
                 for name, by in explained]
        return Group(head, *notes, Text(f"top weak slice: {self.weak[0].name}", style="bold red"))


def _verdict(stat: SliceStat) -> str:
    if not stat.weak:
        return ""
    return "explained" if stat.explained_by else "WEAK"


def _slice_masks(frame: pl.DataFrame, columns: list[str], min_support: int) -> list[tuple[str, Any, np.ndarray]]:
    masks = []
    for column in columns:
        series = frame.get_column(column)
        for value, count in series.value_counts(sort=True).rows():
            if value is None or count < min_support or frame.height - count < min_support:
                continue
            masks.append((column, value, (series == value).fill_null(False).to_numpy()))
    return masks


def metric_gaps(frame: pl.DataFrame, metric: str, columns: list[str], cfg: SliceSection) -> list[SliceStat]:
    """Gap statistics of every supported slice for one metric (`tuned_<metric>`; rows where it is null skipped)."""
    column = f"tuned_{metric}"
    rows = frame.filter(pl.col(column).is_not_null())
    masks = _slice_masks(rows, columns, cfg.min_support)
    if not masks:
        return []
    values = rows.get_column(column).cast(pl.Float64).to_numpy()
    base = f"base_{metric}"
    second = values - rows.get_column(base).cast(pl.Float64).fill_null(np.nan).to_numpy() \
        if base in rows.columns else None
    members = np.stack([m for _, _, m in masks])
    samples = bootstrap_gaps(values, members, cfg.bootstrap, cfg.seed, second)
    observed = np.array([values[m].mean() - values[~m].mean() for _, _, m in masks])
    se = np.nanstd(samples.gap, axis=0, ddof=1)
    tail = (1 - cfg.confidence) / 2
    low, high = np.nanquantile(samples.gap, [tail, 1 - tail], axis=0)
    p = two_sided_p(observed, se)
    stats = []
    for index, (name, value, mask) in enumerate(masks):
        stat = SliceStat(name, value, metric, int(mask.sum()), float(values[mask].mean()),
                         float(values[~mask].mean()), float(observed[index]), float(low[index]),
                         float(high[index]), float(p[index]))
        if samples.inside is not None and second is not None:
            d_low, d_high = np.nanquantile(samples.inside[:, index], [tail, 1 - tail])
            stat.delta_mean = float(np.nanmean(second[mask]))
            stat.delta_ci_low, stat.delta_ci_high = float(d_low), float(d_high)
        stats.append(stat)
    return stats


def find_weak_slices(frame: pl.DataFrame, cfg: SliceSection, cluster_sizes: pl.DataFrame | None = None
                     ) -> WeakSlices:
    """Test every supported slice for every configured metric; BH across all tests; weak ones ranked first."""
    metric_columns = {c for c in frame.columns if c.startswith(("base_", "tuned_"))}
    with_slices = derived_slices(frame, cluster_sizes)
    columns = slice_candidates(with_slices, cfg, skip=metric_columns)
    tested = [s for metric in cfg.metrics if f"tuned_{metric}" in frame.columns
              for s in metric_gaps(with_slices, metric, columns, cfg)]
    q = benjamini_hochberg(np.array([s.p_value for s in tested]))
    for stat, q_value in zip(tested, q, strict=True):
        stat.q_value = float(q_value)
        stat.weak = bool(q_value <= cfg.fdr and stat.worse_by_at_least() > 0 and abs(stat.gap) >= cfg.min_gap)
    tested.sort(key=lambda s: (not s.weak, -s.worse_by_at_least(), s.q_value, s.name))
    explain_overlaps(with_slices, [s for s in tested if s.weak], cfg)
    settings = {**cfg.model_dump(mode="json"), "columns_tested": columns, "examples": frame.height}
    return WeakSlices(tested, settings)


def explain_overlaps(frame: pl.DataFrame, weak: list[SliceStat], cfg: SliceSection) -> None:
    """Mark weak slices that a higher-ranked one explains: without the higher one's rows they are not worse.

    Slices overlap (short prompts may mostly come from one bad source); the plan acts on the explaining slice.
    """
    for index, later in enumerate(weak):
        for earlier in weak[:index]:
            if earlier.column == later.column or earlier.metric != later.metric or earlier.explained_by:
                continue
            outside = frame.filter((pl.col(earlier.column) != earlier.value).fill_null(True))
            again = [s for s in metric_gaps(outside, later.metric, [later.column], cfg) if s.value == later.value]
            if not again or again[0].worse_by_at_least() <= 0:
                later.explained_by = earlier.name
                break
