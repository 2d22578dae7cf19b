"""Drift between two curated versions of a dataset (`gristmill diff RUN_A RUN_B`).

Rows are matched by id (a hash of their text, so an edited row is a removed one plus an added one): added,
removed, and changed (the same id with another license, origin or label). Sources and licenses added or
removed. Distributions get a test each: chi-square on the shares of every category column (source, origin,
labels), Kolmogorov–Smirnov on the length of every text field, chi-square on the rates of rows with PII found
(`pii_redacted`) and of toxic rows (`tox_*` at or above `toxic_at`), when the runs have those columns. p values
are corrected for the number of tests (Benjamini–Hochberg), so two runs of the same data report nothing. The
added rows are also checked for near-duplicates among the old version's (MinHash, as `minhash_dedup`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from rich.console import Group, RenderableType

from gristmill.errors import InputError
from gristmill.records import TEXT_FIELDS, detect_kind, field_text

CATEGORY_LIMIT = 50  # a string column with at most this many values (and not a text field) is a category
MATCHED = ("license", "origin")  # an id in both versions with another value here is a changed row
TOXIC_AT = 0.5


@dataclass
class DriftTest:
    name: str
    statistic: float
    p_value: float
    significant: bool = False
    a: Any = None  # what was compared, for the report: shares, rates or median lengths
    b: Any = None


@dataclass
class Drift:
    """What changed from version A to version B; `as_dict` is `gristmill diff --json`."""

    a: str
    b: str
    sources_added: list[str]
    sources_removed: list[str]
    licenses_added: list[str]
    licenses_removed: list[str]
    rows_a: int
    rows_b: int
    rows_added: int
    rows_removed: int
    rows_changed: int
    near_duplicates_of_a: int | None  # added rows with a near-duplicate in version A
    tests: list[DriftTest] = field(default_factory=list)
    alpha: float = 0.01

    def figures(self) -> dict[str, float]:
        """What `--fail-on` conditions name: counts, and rate changes (B − A) as `<name>` for each rate test."""
        out: dict[str, float] = {k: float(getattr(self, k)) for k in ("rows_added", "rows_removed", "rows_changed")}
        out["sources_added"], out["sources_removed"] = len(self.sources_added), len(self.sources_removed)
        for test in self.tests:
            if test.name.endswith("_rate"):
                out[test.name] = float(test.b) - float(test.a)
        out["significant_tests"] = float(sum(t.significant for t in self.tests))
        return out

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tests"] = [asdict(t) for t in self.tests]
        return data

    def __rich__(self) -> RenderableType:
        from gristmill.report import table

        rows = [["rows", f"{self.rows_a:,} → {self.rows_b:,}",
                 f"+{self.rows_added:,} / −{self.rows_removed:,} / {self.rows_changed:,} changed"],
                ["sources", f"+{len(self.sources_added)} / −{len(self.sources_removed)}",
                 ", ".join([*(f"+{s}" for s in self.sources_added), *(f"−{s}" for s in self.sources_removed)])],
                ["licenses", f"+{len(self.licenses_added)} / −{len(self.licenses_removed)}",
                 ", ".join([*(f"+{s}" for s in self.licenses_added), *(f"−{s}" for s in self.licenses_removed)])]]
        if self.near_duplicates_of_a is not None:
            rows.append(["added rows near-duplicating A", f"{self.near_duplicates_of_a:,}", ""])
        summary = table(f"Drift {self.a} → {self.b}", ["what", "count", "detail"], rows)
        tests = table(f"Distribution tests (significant: q < {self.alpha} after Benjamini–Hochberg)",
                      ["test", "statistic", "q", "verdict"],
                      [[t.name, f"{t.statistic:.3g}", f"{t.p_value:.2g}", "changed" if t.significant else "—"]
                       for t in self.tests])
        return Group(summary, tests)


def curated_rows(run: str | Path) -> pl.DataFrame:
    """The kept rows of a curated run directory (or of a kept.parquet file)."""
    path = Path(run)
    kept = path / "curate" / "kept.parquet" if path.is_dir() else path
    if not kept.exists():
        sealed = kept.with_name(kept.name + ".enc")
        why = "it is encrypted (decrypt it first)" if sealed.exists() else "run `gristmill curate` first"
        raise InputError(f"{run}: no curated rows at {kept} ({why})")
    return pl.read_parquet(kept)


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """q values: p·m/rank, made monotone from the largest p down (Benjamini & Hochberg, 1995)."""
    if not p_values:
        return []
    p = np.asarray(p_values, dtype=np.float64)
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1.0)
    out = np.empty_like(q)
    out[order] = q
    return out.tolist()


def category_columns(a: pl.DataFrame, b: pl.DataFrame, kind: str) -> list[str]:
    skip = {*TEXT_FIELDS[kind], "id", "parent_id", "source_file", "source_line", "dup_of", "cluster_id", "license"}
    shared = [c for c in a.columns if c in b.columns and c not in skip and a.schema[c] in (pl.String, pl.Boolean)]
    return [c for c in shared if max(a[c].n_unique(), b[c].n_unique()) <= CATEGORY_LIMIT]


def chi_square(name: str, a: pl.Series, b: pl.Series) -> DriftTest | None:
    """Chi-square test of independence between version and value (the value shares of A and B)."""
    from scipy.stats import chi2_contingency

    values = sorted({*a.cast(pl.String).fill_null("∅").to_list(), *b.cast(pl.String).fill_null("∅").to_list()})
    if len(values) < 2:
        return None
    counts = [[int((s.cast(pl.String).fill_null("∅") == v).sum()) for v in values] for s in (a, b)]
    result = chi2_contingency(np.asarray(counts))
    shares = [{v: round(c / max(sum(row), 1), 4) for v, c in zip(values, row, strict=True)} for row in counts]
    return DriftTest(name, float(result.statistic), float(result.pvalue), a=shares[0], b=shares[1])


def length_test(name: str, a: pl.Series, b: pl.Series) -> DriftTest | None:
    from scipy.stats import ks_2samp

    la, lb = a.fill_null("").str.len_chars().to_numpy(), b.fill_null("").str.len_chars().to_numpy()
    if len(la) == 0 or len(lb) == 0:
        return None
    result = ks_2samp(la, lb)
    return DriftTest(name, float(result.statistic), float(result.pvalue), a=float(np.median(la)),
                     b=float(np.median(lb)))


def rate_test(name: str, a: pl.Series, b: pl.Series) -> DriftTest | None:
    """Chi-square on a 2×2 table (version × flag); `a`/`b` hold each row's flag."""
    from scipy.stats import chi2_contingency

    table = np.asarray([[int(s.sum()), len(s) - int(s.sum())] for s in (a, b)])
    rate_a, rate_b = (float(row[0] / max(row.sum(), 1)) for row in table)
    if (table.sum(axis=0) == 0).any():  # nobody (or everybody) flagged in both: nothing to test
        return DriftTest(name, 0.0, 1.0, a=rate_a, b=rate_b)
    result = chi2_contingency(table)
    return DriftTest(name, float(result.statistic), float(result.pvalue), a=rate_a, b=rate_b)


def flags(frame: pl.DataFrame) -> dict[str, pl.Series]:
    """Per-row flags whose rate is compared: PII found, toxic."""
    out = {}
    if "pii_redacted" in frame.columns:
        out["pii_rate"] = frame["pii_redacted"].list.len().fill_null(0) > 0
    tox = [c for c in frame.columns if c.startswith("tox_")]
    if tox:
        out["toxicity_rate"] = frame.select(pl.max_horizontal(tox).fill_null(0.0) >= TOXIC_AT).to_series()
    return out


def near_duplicates(a: pl.DataFrame, added: pl.DataFrame, kind: str, threshold: float) -> int:
    """Added rows of B that have a near-duplicate (MinHash, `threshold`) among A's rows."""
    from gristmill.curate.minhash import MinHashDedup

    if added.height == 0 or a.height == 0:
        return 0
    fields = list(TEXT_FIELDS[kind])
    both = pl.concat([a.select("id", *fields).with_columns(_b=pl.lit(False)),
                      added.select("id", *fields).with_columns(_b=pl.lit(True))])
    dedup = MinHashDedup(threshold=threshold, keep="first")
    dedup.setup(kind)
    clustered = dedup.apply(both.with_columns(drop_reason=pl.lit(None, pl.String)))
    spans = (clustered.filter(pl.col("cluster_id").is_not_null())
             .group_by("cluster_id").agg(has_a=(~pl.col("_b")).any(), added=pl.col("_b").sum()))
    return int(spans.filter(pl.col("has_a")).get_column("added").sum() or 0)


def diff_runs(run_a: str | Path, run_b: str | Path, alpha: float = 0.01, near_duplicate_threshold: float = 0.8
              ) -> Drift:
    """What changed from the curated rows of `run_a` to those of `run_b` (see the module doc)."""
    a, b = curated_rows(run_a), curated_rows(run_b)
    kind = detect_kind(b.columns) or detect_kind(a.columns) or "text"
    ids_a, ids_b = set(a["id"].to_list()), set(b["id"].to_list())
    matched = [c for c in MATCHED if c in a.columns and c in b.columns]
    both = a.select("id", *matched).unique("id").join(b.select("id", *matched).unique("id"), on="id", suffix="_b")
    changed = both.filter(pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_b")) for c in matched)).height \
        if matched else 0
    added = b.filter(~pl.col("id").is_in(list(ids_a)))
    tests = [chi_square(f"share_of_{c}", a[c], b[c]) for c in category_columns(a, b, kind)]
    tests += [length_test(f"length_of_{f}", a.select(field_text(f)).to_series(), b.select(field_text(f)).to_series())
              for f in TEXT_FIELDS[kind] if f in a.columns and f in b.columns]
    flags_a, flags_b = flags(a), flags(b)
    tests += [rate_test(name, flags_a[name], flags_b[name]) for name in flags_a if name in flags_b]
    kept_tests = [t for t in tests if t is not None]
    for test, q in zip(kept_tests, benjamini_hochberg([t.p_value for t in kept_tests]), strict=True):
        test.p_value, test.significant = q, q < alpha
    sources = [set(df["source"].unique().to_list()) if "source" in df.columns else set() for df in (a, b)]
    licenses = [set(df["license"].unique().to_list()) if "license" in df.columns else set() for df in (a, b)]
    return Drift(
        str(run_a), str(run_b), sorted(sources[1] - sources[0]), sorted(sources[0] - sources[1]),
        sorted(licenses[1] - licenses[0]), sorted(licenses[0] - licenses[1]), a.height, b.height,
        len(ids_b - ids_a), len(ids_a - ids_b), changed,
        near_duplicates(a, added, kind, near_duplicate_threshold) if set(TEXT_FIELDS[kind]) <= set(b.columns)
        else None, kept_tests, alpha)


__all__ = ["Drift", "DriftTest", "benjamini_hochberg", "diff_runs"]
