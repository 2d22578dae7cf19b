"""minhash_dedup: drop near-duplicate rows (DESIGN §3).

shingles → MinHash signatures → LSH bands → candidate pairs → exact-Jaccard check → union-find clusters →
one row kept per cluster. Signatures equal `datasketch.MinHash(num_perm, seed, scheme, hashfunc=shingle_hash)`
updated with the same shingles (`shingles`); bands and rows are chosen from the threshold by datasketch's rule
(`optimal_bands`). All per-row work runs in compiled kernels over flat arrays (`_minhash_kernels`), a batch of
rows per call; memory holds signatures and shingle hashes, never more than one batch of lowercased text.

Shingles: the text fields are joined with a newline and lowercased; tokens are runs of word characters (see
`_minhash_kernels` for the exact definition), joined by single spaces. A word shingle is `ngram` consecutive
tokens, a char shingle `ngram` consecutive characters of that normalized text. A document too short for one
n-gram (fewer than `ngram` tokens or characters, empty included) is one shingle: its whole normalized text, as
text-dedup and datatrove do. So two empty documents (or two made only of punctuation) are duplicates.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import polars as pl
from pydantic import Field, model_validator
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from gristmill.config import Section
from gristmill.curate.base import LIVE, Pass, PhaseFn, drop_where
from gristmill.curate.dedup_index import DedupIndex, Hits, NewRows, band_values, check_meta, open_index
from gristmill.curate.minhash_scan import BandSpill
from gristmill.errors import ConfigError
from gristmill.records import DROP_REASON, field_text

# Text fields that count for near-duplicates, per kind: `rejected` answers differ by design in preference data.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "sft": ("instruction", "input", "output"),
    "preference": ("prompt", "chosen"),
    "chat": ("messages",),
    "text": ("text",),
}
CHUNK_ROWS = 16_384  # rows shingled per kernel call: bounds the lowercased text held at once
VERIFY_PAIRS = 250_000  # candidate pairs checked at a time: bounds the shingle sets held (minhash_scan)
FULL_BUCKET_LIMIT = 200  # buckets up to this size yield all their pairs; larger ones a star and a chain
RECALL_WEIGHTS = (0.05, 0.95)  # default (false positive, false negative) weights when candidates are verified
DATASKETCH_WEIGHTS = (0.5, 0.5)  # datasketch's default, used when they are not


class MinHashConfig(Section):
    threshold: float = Field(0.8, gt=0.0, le=1.0)  # Jaccard similarity at which two rows are duplicates
    num_perm: int = Field(128, ge=2, le=4096)
    ngram: int = Field(5, ge=1)
    shingle: Literal["word", "char"] = "word"
    fields: list[str] | None = None  # text fields that count; default per kind (DEFAULT_FIELDS)
    seed: int = Field(1, ge=0, lt=2**32)  # permutation seed, as datasketch's MinHash(seed=...)
    scheme: Literal["affine32", "legacy"] = "affine32"  # datasketch >= 2.0 default, or its pre-2.0 scheme
    bands: int | None = Field(None, ge=1)  # LSH bands and rows per band; default: chosen from the threshold
    rows: int | None = Field(None, ge=1)
    # (false positive, false negative) weights for choosing bands; default (0.05, 0.95) with verify, since
    # verified candidates cost only a check, else datasketch's (0.5, 0.5)
    weights: tuple[float, float] | None = None
    verify: bool = True  # exact Jaccard of the shingle sets on candidate pairs (else: every candidate counts)
    keep: Literal["first", "longest", "highest_score"] = "first"
    score_column: str | None = None  # for keep=highest_score
    # a persistent index of the rows earlier runs saw: redis://host:port/db or a local directory (dedup_index)
    index: str | None = None
    index_name: str = "gristmill"  # the key prefix in Redis (datasketch's `basename`)

    @model_validator(mode="after")
    def _consistent(self) -> MinHashConfig:
        if (self.bands is None) != (self.rows is None):
            raise ValueError("give both bands and rows, or neither (then they are chosen from the threshold)")
        if self.bands is not None and self.rows is not None and self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands * rows = {self.bands * self.rows} exceeds num_perm = {self.num_perm}")
        if self.weights is not None and (min(self.weights) < 0 or abs(sum(self.weights) - 1.0) > 1e-9):
            raise ValueError(f"weights must be two non-negative numbers summing to 1, got {self.weights}")
        if self.keep == "highest_score" and not self.score_column:
            raise ValueError("keep: highest_score needs score_column (the column to rank rows by)")
        if self.index is not None and self.keep != "first":
            raise ValueError("an index holds rows that earlier runs already kept or dropped, so they come first: "
                             "use keep: first with index")
        return self

    def index_meta(self) -> dict[str, Any]:
        """What an index's band values and shingle sets depend on: an index is used only with the same."""
        bands, rows = self.band_shape()
        return {"num_perm": self.num_perm, "seed": self.seed, "scheme": self.scheme, "ngram": self.ngram,
                "shingle": self.shingle, "bands": bands, "band_rows": rows}

    def lsh_weights(self) -> tuple[float, float]:
        if self.weights is not None:
            return self.weights
        return RECALL_WEIGHTS if self.verify else DATASKETCH_WEIGHTS

    def band_shape(self) -> tuple[int, int]:
        """(bands, rows): as given, or minimizing weighted false positives and negatives (datasketch's rule)."""
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        return optimal_bands(self.threshold, self.num_perm, *self.lsh_weights())


@functools.lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int, false_positive_weight: float = 0.5,
                  false_negative_weight: float = 0.5) -> tuple[int, int]:
    """The (bands, rows) minimizing weighted false positive and negative probability mass, as
    `datasketch.lsh._optimal_param` chooses them (same integrals, same search order, first minimum wins).

    The integrands are polynomials of degree at most num_perm, so Gauss-Legendre quadrature with
    num_perm/2 + 1 nodes is exact for them: all (b, r) at once in numpy, instead of 2 scipy calls each.
    """
    nodes, node_weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    shape = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], np.float64)
    b, r = shape[:, :1], shape[:, 1:]

    def collision(s: np.ndarray) -> np.ndarray:  # P(a pair of similarity s shares a band), per (b, r) row
        return 1 - (1 - s[None, :] ** r) ** b

    below = threshold / 2 * (nodes + 1)  # the nodes mapped onto [0, threshold] and [threshold, 1]
    above = threshold + (1 - threshold) / 2 * (nodes + 1)
    false_positive = threshold / 2 * (collision(below) @ node_weights)
    false_negative = (1 - threshold) / 2 * ((1 - collision(above)) @ node_weights)
    best = int(np.argmin(false_positive * false_positive_weight + false_negative * false_negative_weight))
    return int(shape[best, 0]), int(shape[best, 1])


def permutations(num_perm: int, seed: int, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters datasketch's MinHash draws from `RandomState(seed)`, contiguous."""
    gen = np.random.RandomState(seed)
    if scheme == "legacy":
        prime = np.uint64((1 << 61) - 1)
        pairs = [(gen.randint(1, prime, dtype=np.uint64), gen.randint(0, prime, dtype=np.uint64))
                 for _ in range(num_perm)]
        params = np.array(pairs, dtype=np.uint64).T
    else:
        a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
        params = np.array([a, gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)])
    return np.ascontiguousarray(params[0]), np.ascontiguousarray(params[1])


def document_text(fields: list[str] | tuple[str, ...]) -> pl.Expr:
    """The text a row is compared by: its fields joined by newlines, lowercased (nulls count as empty)."""
    return pl.concat_str([field_text(f).fill_null("") for f in fields], separator="\n").str.to_lowercase()


def shingle_hashes(texts: pl.Series, ngram: int, shingle: str) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every shingle of already lowercased `texts`: (hashes, offsets), one kernel call.

    Document d's hashes are `hashes[offsets[d]:offsets[d+1]]` (text order, repeats kept).
    """
    from gristmill.curate import _minhash_kernels as kernels
    from gristmill.hashing import string_buffers

    data, offsets = string_buffers(texts)
    return kernels.shingle_hashes(data, offsets, ngram, shingle == "char")


@functools.lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str]:
    from gristmill.curate._minhash_kernels import SEPARATOR_RANGES

    ranges = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in SEPARATOR_RANGES)
    return re.compile(f"[^\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f{ranges}]+")


def shingles(text: str, ngram: int = 5, shingle: str = "word") -> list[str]:
    """The shingles of one lowercased document in plain Python: the spec the compiled kernel implements.

    Slow (one call per row); for tests, and to give datasketch or another tool exactly the same sets:
    `MinHash(hashfunc=xxhash.xxh32_intdigest).update_batch([s.encode() for s in shingles(text)])`.
    """
    tokens = _token_pattern().findall(text)
    units: list[str] | str = tokens if shingle == "word" else " ".join(tokens)
    joiner = " " if shingle == "word" else ""
    if len(units) < ngram:
        return [" ".join(tokens)]
    return [joiner.join(units[i:i + ngram]) for i in range(len(units) - ngram + 1)]


def shingle_hash(value: str | bytes, shingle: str = "word") -> int:
    """The 32-bit hash of one shingle, in plain Python: what the compiled kernel computes for it.

    Its units are the xxHash32 (seed 0) of each space-separated token (word shingles) or its code points (char
    shingles); the hash is `fmix64(sum(unit[k] * G^(m-1-k)) mod 2^64)` truncated to 32 bits, with G the 64-bit
    golden ratio and fmix64 MurmurHash3's finalizer. Stable: fixed by this definition and xxHash's
    specification. Give it to datasketch (`MinHash(hashfunc=shingle_hash)`) to reproduce our signatures there.
    """
    import xxhash

    text = value.decode("utf-8") if isinstance(value, bytes) else value
    units = [xxhash.xxh32_intdigest(t.encode("utf-8")) for t in text.split()] if shingle == "word" else \
        [ord(c) for c in text]
    mask = (1 << 64) - 1
    h = 0
    for unit in units:
        h = (h * 0x9E3779B97F4A7C15 + unit) & mask
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & mask
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & mask
    h ^= h >> 33
    return h & 0xFFFFFFFF


@dataclass
class Digest:
    """What minhash_dedup keeps of one batch as it scans the table (`MinHashDedup.digest`): its live rows'
    positions, ids and keep keys (`info`), band keys [bands, live rows], shingle hashes with their offsets, and
    the band values a persistent index stores (only with one)."""

    rows: int  # rows of the batch, live or not
    info: pl.DataFrame
    keys: np.ndarray
    hashes: np.ndarray
    offsets: np.ndarray
    values: np.ndarray | None
    seconds: float = 0.0


@dataclass
class NearDuplicates:
    """What the finder found over n documents: each one's cluster root (smallest index in its cluster)."""

    roots: np.ndarray
    bands: int
    rows: int
    candidate_pairs: int = 0  # distinct pairs sharing a band
    pairs_checked: int = 0  # candidates whose shingle sets were compared (the rest failed on set sizes)
    left: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # confirmed pairs
    right: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def pairs_confirmed(self) -> int:
        return int(self.left.shape[0])


class NearDuplicateFinder:
    """Signatures, LSH, exact checks and clusters over the rows of a frame; the engine behind MinHashDedup."""

    def __init__(self, cfg: MinHashConfig) -> None:
        self.cfg = cfg
        self.bands, self.rows = cfg.band_shape()
        self.a, self.b = permutations(cfg.num_perm, cfg.seed, cfg.scheme)

    def signatures(self, frame: pl.DataFrame, text: pl.Expr, where: pl.Expr | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(signatures [n, num_perm] uint32, shingle hashes, offsets) of the rows `where` holds, compared by
        `text` (lowercased: see `document_text`). A chunk of rows at a time: only one chunk's text is built."""
        from gristmill.curate import _minhash_kernels as kernels

        kernel = kernels.signatures_legacy if self.cfg.scheme == "legacy" else kernels.signatures_affine32
        sigs, hashes, offsets, base = [], [], [np.zeros(1, np.int64)], 0
        for start in range(0, max(frame.height, 1), CHUNK_ROWS):
            chunk = frame.slice(start, CHUNK_ROWS)
            texts = (chunk if where is None else chunk.filter(where)).select(text).to_series()
            chunk_hashes, chunk_offsets = shingle_hashes(texts, self.cfg.ngram, self.cfg.shingle)
            sigs.append(kernel(chunk_hashes, chunk_offsets, self.a, self.b))
            if self.cfg.verify:  # the exact check needs the shingle sets; signatures alone do not
                hashes.append(chunk_hashes)
                offsets.append(chunk_offsets[1:] + base)
                base += chunk_hashes.shape[0]
        flat = np.concatenate(hashes) if hashes else np.empty(0, np.uint32)
        return np.concatenate(sigs), flat, np.concatenate(offsets)

    def band_keys(self, sig: np.ndarray) -> np.ndarray:
        """A 64-bit key per (band, row): rows whose signatures agree on a band share its key."""
        from gristmill.curate import _minhash_kernels as kernels

        return kernels.band_keys(sig, self.bands, self.rows)

    def candidates(self, sig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (left, right) pairs, left < right, sharing at least one band; sorted."""
        from gristmill.curate import _minhash_kernels as kernels

        keys = self.band_keys(sig)
        left, right = kernels.candidate_pairs(keys, np.argsort(keys, axis=1), FULL_BUCKET_LIMIT)
        codes = np.unique(left * np.int64(sig.shape[0]) + right)
        return codes // sig.shape[0], codes % sig.shape[0]

    def run(self, frame: pl.DataFrame, text: pl.Expr, where: pl.Expr | None = None) -> NearDuplicates:
        """Cluster the rows of `frame` where `where` holds (all by default) into near-duplicate groups, comparing
        them by `text` (see `document_text`). Indices in the result count those rows only, in frame order."""
        from gristmill.curate import _minhash_kernels as kernels

        clock = time.perf_counter()
        sig, hashes, offsets = self.signatures(frame, text, where)
        seconds = {"signatures": time.perf_counter() - clock}
        left, right = self.candidates(sig)
        found = self.cluster(sig.shape[0], left, right, lambda docs: kernels.pack_sets(hashes, offsets, docs))
        seconds["lsh"] = time.perf_counter() - clock - seconds["signatures"]
        found.seconds = seconds
        return found

    def cluster(self, n: int, left: np.ndarray, right: np.ndarray,
                packed_sets: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> NearDuplicates:
        """Check the candidate pairs of n rows (exactly, when verifying: `packed_sets(docs)` gives the shingle
        sets of rows `docs` as `_minhash_kernels.pack_sets` does) and join the confirmed ones into clusters."""
        from gristmill.curate import _minhash_kernels as kernels

        found = NearDuplicates(np.arange(n), self.bands, self.rows, candidate_pairs=left.shape[0])
        if self.cfg.verify:
            jaccard, found.pairs_checked = exact_jaccard(packed_sets, left, right, self.cfg.threshold)
            keep = jaccard >= self.cfg.threshold
            left, right = left[keep], right[keep]
        found.left, found.right = left, right
        found.roots = kernels.union_find(n, left, right)
        return found


def exact_jaccard(packed_sets: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], left: np.ndarray,
                  right: np.ndarray, threshold: float) -> tuple[np.ndarray, int]:
    """Jaccard of the shingle-hash sets of each (left, right) pair, and how many pairs needed a set compare.

    `VERIFY_PAIRS` pairs at a time, so the sets held are those of at most twice as many documents whatever the
    corpus size; within a slice, sets are sorted once per document, all in one numpy sort.
    """
    from gristmill.curate import _minhash_kernels as kernels

    parts, compared = [], 0
    for start in range(0, left.shape[0], VERIFY_PAIRS):
        lefts, rights = left[start:start + VERIFY_PAIRS], right[start:start + VERIFY_PAIRS]
        docs = np.unique(np.concatenate([lefts, rights]))
        packed, set_offsets = packed_sets(docs)
        packed.sort()
        values, sizes = kernels.unique_sets(packed, set_offsets)
        del packed
        jaccard, checked = kernels.pair_jaccard(values, set_offsets, sizes, np.searchsorted(docs, lefts),
                                                np.searchsorted(docs, rights), threshold)
        parts.append(jaccard)
        compared += checked
    return (np.concatenate(parts) if parts else np.empty(0, np.float64)), compared


def size_histogram(sizes: np.ndarray) -> dict[str, int]:
    """Clusters by size, in buckets `2`, `3`, `4`, `5-9`, `10-99`, `100+`."""
    buckets = {"2": (2, 2), "3": (3, 3), "4": (4, 4), "5-9": (5, 9), "10-99": (10, 99), "100+": (100, np.inf)}
    return {name: int(np.count_nonzero((sizes >= lo) & (sizes <= hi))) for name, (lo, hi) in buckets.items()}


def cluster_numbers(roots: np.ndarray) -> np.ndarray:
    """Cluster number per document (0, 1, ... in order of each cluster's first member), -1 for singletons."""
    _, inverse, counts = np.unique(roots, return_inverse=True, return_counts=True)
    numbers = np.cumsum(counts > 1) - 1
    return np.where(counts[inverse] > 1, numbers[inverse], -1)


class MinHashDedup(Pass):
    """Near-duplicate removal over live rows; adds `cluster_id` and `dup_of` (the id of the row kept).

    Clusters are connected components of the confirmed pairs, so a chain a~b~c makes one cluster even when a
    and c are less similar than the threshold; one row per cluster is kept (`keep`), the others get
    `drop_reason="minhash_dedup"`. Rows that an earlier pass dropped take no part and keep their `dup_of`.

    `apply` on a whole frame does it all in memory. A Pipeline instead shows the pass the table batch by batch
    (`begin_scan`, `observe` each batch, `resolve`, then `apply` each batch again in the same order): it keeps
    band keys and shingle hashes in files (`minhash_scan.BandSpill`) and per row only its id and keep key, never
    the texts. Both give the same clusters, kept rows and `dup_of`.
    """

    name = "minhash_dedup"
    Config = MinHashConfig
    whole_table = True
    scans = True
    decides_on = ("id", "dup_of", "cluster_id")  # what `apply` reads and writes once scanned (with drop_reason)

    def setup(self, kind: str) -> None:
        super().setup(kind)
        fields = self.cfg.fields or list(DEFAULT_FIELDS[kind])
        unknown = [f for f in fields if f not in self.fields]
        if unknown:
            raise ConfigError([f"minhash_dedup.fields: {unknown} are not text fields of kind={kind} "
                               f"(expected some of {list(self.fields)})"])
        self.text_fields = fields
        self.finder = NearDuplicateFinder(self.cfg)
        self.details: dict[str, Any] = {}
        self.spill: BandSpill | None = None
        self.marks: pl.DataFrame | None = None  # per clustered row: _pos, cluster_id, _duplicate, _dup_of
        self.example_rows = pl.DataFrame()  # the rows shown in the report: _rank, _pos, id, _kept
        self.example_texts: list[pl.DataFrame] = []  # their texts, caught as the rows go by: _pos, text

    # ------------------------------------------------------------------------------------- keep policy

    def keep_key(self) -> list[pl.Expr]:
        """The per-row values the keep policy ranks by (kept per row, so the texts need not be)."""
        if self.cfg.keep == "longest":
            return [pl.sum_horizontal(field_text(f).fill_null("").str.len_chars() for f in self.text_fields)
                    .alias("_length")]
        if self.cfg.keep == "highest_score":
            return [pl.col(self.cfg.score_column).alias("_score")]
        return []

    def keeper_order(self) -> tuple[list[pl.Expr], list[bool]]:
        """Sort keys that put the row to keep first within a cluster (ties: the earliest row)."""
        if self.cfg.keep == "longest":
            return [pl.col("_length"), pl.col("_pos")], [True, False]
        if self.cfg.keep == "highest_score":
            score = pl.col("_score")
            return [score.is_not_null(), score, pl.col("_pos")], [True, True, False]
        return [pl.col("_pos")], [False]

    def row_info(self, frame: pl.DataFrame, offset: int) -> pl.DataFrame:
        """Position (counted from `offset`), id and keep key of each live row of `frame`."""
        if self.cfg.keep == "highest_score" and self.cfg.score_column not in frame.columns:
            raise ConfigError([f"minhash_dedup.score_column: {self.cfg.score_column!r} is not a column "
                               f"(have {frame.columns})"])
        return (frame.with_row_index("_pos", offset).filter(LIVE)
                .select(pl.col("_pos").cast(pl.Int64), "id", *self.keep_key()))

    def members(self, found: NearDuplicates, info: pl.DataFrame) -> pl.DataFrame:
        """One row per clustered live row: its position, cluster number, whether it is kept, the kept id."""
        numbers = cluster_numbers(found.roots)
        clustered = np.flatnonzero(numbers >= 0)
        members = info[clustered].with_columns(cluster_id=pl.Series(numbers[clustered]))
        keys, descending = self.keeper_order()
        keeper = pl.col("_pos").sort_by(keys, descending=descending).first().over("cluster_id")
        members = members.with_columns(_kept=pl.col("_pos") == keeper)
        return members.with_columns(_kept_id=pl.col("id").filter(pl.col("_kept")).first().over("cluster_id"))

    # ------------------------------------------------------------------------------------- the table at once

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        if self.spill is not None:  # scanned: mark this batch from what `resolve` found
            marked = self.mark(frame, self.cursor)
            self.cursor += frame.height
            return marked
        if self.cfg.index is not None:
            raise ConfigError(["minhash_dedup.index: the pass looks rows up in its index only when a Pipeline "
                               "scans the table (not with an encrypted run, nor Pipeline(spill=False))"])
        info = self.row_info(frame, 0)
        self.conclude(self.finder.run(frame, document_text(self.text_fields), where=LIVE), info)
        return self.mark(frame, 0)

    def conclude(self, found: NearDuplicates, info: pl.DataFrame) -> None:
        """From the clusters over the live rows (`info`: their positions, ids, keep keys) to the marks."""
        members = self.members(found, info)
        from_index = members.filter(pl.col("_pos") < 0).get_column("cluster_id").unique()
        members = members.filter(pl.col("_pos") >= 0)  # rows of an index are not in this table
        self.found = found
        self.record(found, members, from_index)
        self.marks = members.select("_pos", "cluster_id", _duplicate=~pl.col("_kept"),
                                    _dup_of=pl.when(~pl.col("_kept")).then(pl.col("_kept_id")))
        self.example_texts = []

    def mark(self, frame: pl.DataFrame, offset: int) -> pl.DataFrame:
        """`drop_reason`, `dup_of` and `cluster_id` of the rows of `frame`, which start at position `offset`."""
        assert self.marks is not None
        positions = self.marks.get_column("_pos").to_numpy()
        lo, hi = np.searchsorted(positions, [offset, offset + frame.height])
        marks = self.marks.slice(int(lo), int(hi - lo)).with_columns(pl.col("_pos") - offset)
        self.catch_examples(frame, offset)
        frame = frame.drop("cluster_id", strict=False)  # a later minhash pass replaces an earlier one's clusters
        frame = frame.with_row_index("_pos").with_columns(pl.col("_pos").cast(pl.Int64))
        frame = frame.join(marks, on="_pos", how="left", maintain_order="left")
        previous = pl.col("dup_of") if "dup_of" in frame.columns else pl.lit(None, pl.String)
        frame = frame.with_columns(
            drop_where(pl.col("_duplicate"), self.name),
            dup_of=pl.when(pl.col("_duplicate").fill_null(False)).then(pl.col("_dup_of")).otherwise(previous),
        )
        return frame.drop("_pos", "_duplicate", "_dup_of")

    # ------------------------------------------------------------------------------------- batch by batch

    def begin_scan(self, directory: Path) -> None:
        self.spill = BandSpill(directory, self.finder.bands, self.cfg.verify)
        self.infos: list[pl.DataFrame] = []
        self.seen = self.cursor = 0
        self.hash_seconds = 0.0
        self.index: DedupIndex | None = None
        self.hits: list[Hits] = []
        self.pending: NewRows | None = None
        if self.cfg.index is not None:
            self.index = open_index(self.cfg.index, self.cfg.index_name)
            check_meta(self.index, self.cfg.index_meta(), "minhash_dedup.index")

    def observe(self, frame: pl.DataFrame) -> None:
        """Hash one batch (in table order): its band keys and shingles to the spill, its ids and keep keys kept;
        with an index, the index rows that share a band with its rows."""
        self.absorb(self.digest(frame, self.seen))

    def digest(self, frame: pl.DataFrame, offset: int) -> Digest:
        """What `observe` keeps of a batch whose first row is at position `offset`: row-local and stateless, so
        any worker may compute it and hand it to `absorb` (in table order)."""
        clock = time.perf_counter()
        info = self.row_info(frame, offset)
        sig, hashes, offsets = self.finder.signatures(frame, document_text(self.text_fields), where=LIVE)
        values = (band_values(sig, self.finder.bands, self.finder.rows, self.cfg.scheme == "legacy")
                  if self.cfg.index is not None else None)
        return Digest(frame.height, info, self.finder.band_keys(sig), hashes, offsets, values,
                      time.perf_counter() - clock)

    def absorb(self, digest: Digest) -> None:
        """Keep a batch's digest: the next batch of the table (see `observe`)."""
        assert self.spill is not None
        clock = time.perf_counter()
        self.infos.append(digest.info)
        if self.index is not None:
            assert digest.values is not None
            hits = self.index.lookup(digest.values)
            self.hits.append(Hits(hits.rows + self.spill.rows, hits.keys))
            self.spill.add_values(digest.values)
        self.spill.add(digest.keys, digest.hashes, digest.offsets)
        self.seen += digest.rows
        self.hash_seconds += time.perf_counter() - clock + digest.seconds

    def resolve(self, progress: PhaseFn | None = None) -> None:
        """Group the bands, check the candidates and cluster, once every batch has been observed."""
        assert self.spill is not None
        clock = time.perf_counter()
        info = pl.concat(self.infos) if self.infos else self.row_info(pl.DataFrame(
            {"id": [], DROP_REASON: []}, schema={"id": pl.String, DROP_REASON: pl.String}), 0)
        self.infos = []
        left, right = self.spill.candidates(FULL_BUCKET_LIMIT, progress)
        if self.index is None:
            found = self.finder.cluster(self.spill.rows, left, right, self.spill.packed_sets)
        else:
            found, info = self.cluster_with_index(left, right, info)
        self.spill.close()
        found.seconds = {"signatures": self.hash_seconds, "lsh": time.perf_counter() - clock}
        self.conclude(found, info)

    # ------------------------------------------------------------------------------------- persistent index

    def cluster_with_index(self, left: np.ndarray, right: np.ndarray, info: pl.DataFrame
                           ) -> tuple[NearDuplicates, pl.DataFrame]:
        """Cluster this table's rows together with the index rows they share a band with (and those rows'
        cluster roots), the index rows first in the order they were inserted: as one run over all the data."""
        from gristmill.curate import _minhash_kernels as kernels

        assert self.spill is not None and self.index is not None
        hit_rows = np.concatenate([h.rows for h in self.hits]) if self.hits else np.empty(0, np.int64)
        hit_keys = [k for h in self.hits for k in h.keys]
        old = self.fetch_clusters(set(hit_keys))
        keys = sorted(old, key=lambda k: old[k][0])  # insertion order
        at = {k: i for i, k in enumerate(keys)}
        m, n = len(keys), self.spill.rows
        total = np.int64(m + n)
        codes = np.unique(np.concatenate([(left + m) * total + (right + m),
                                          np.array([at[k] for k in hit_keys], np.int64) * total + hit_rows + m]))

        spill = self.spill

        def packed_sets(docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            earlier = [old[keys[d]][1] for d in docs[docs < m]]
            packed = [s.astype(np.uint64) | (np.uint64(r) << np.uint64(32)) for r, s in enumerate(earlier)]
            offsets = np.zeros(len(earlier) + 1, np.int64)
            np.cumsum([s.shape[0] for s in earlier], out=offsets[1:])
            new_packed, new_offsets = spill.packed_sets(docs[docs >= m] - m)
            return (np.concatenate([*packed, new_packed + (np.uint64(len(earlier)) << np.uint64(32))]),
                    np.concatenate([offsets, new_offsets[1:] + offsets[-1]]))

        found = self.finder.cluster(int(total), codes // total, codes % total, packed_sets)
        links = np.array([(at[k], at[parent]) for k, (_, _, parent) in old.items() if parent is not None],
                         np.int64).reshape(-1, 2)  # clusters the index already holds
        found.roots = kernels.union_find(int(total), np.concatenate([found.left, links[:, 0]]),
                                         np.concatenate([found.right, links[:, 1]]))
        self.plan_commit(found.roots, keys, old, info, hit_keys)
        earlier_info = pl.DataFrame({"_pos": np.arange(-m, 0, dtype=np.int64), "id": keys},
                                    schema={"_pos": pl.Int64, "id": pl.String})
        return found, pl.concat([earlier_info, info], how="diagonal_relaxed")

    def fetch_clusters(self, keys: set[str]) -> dict[str, tuple[int, np.ndarray, str | None]]:
        """The index rows `keys` and, following parents, the root of each one's cluster: seq, shingles, parent."""
        assert self.index is not None
        rows: dict[str, tuple[int, np.ndarray, str | None]] = {}
        wanted = sorted(keys)
        while wanted:
            fetched = self.index.fetch(wanted)
            for key, seq, shingle_set, parent in zip(wanted, fetched.seq, fetched.shingles, fetched.parents,
                                                     strict=True):
                rows[key] = (int(seq), shingle_set, parent)
            wanted = sorted({p for _, _, p in rows.values() if p is not None} - rows.keys())
        return rows

    def plan_commit(self, roots: np.ndarray, keys: list[str], old: dict[str, tuple[int, np.ndarray, str | None]],
                    info: pl.DataFrame, hit_keys: list[str]) -> None:
        """What `commit` will add once the outputs are written: this table's live rows (not those whose id the
        index or an earlier row already has) and each row's cluster root as its parent where that changed."""
        assert self.spill is not None
        m = len(keys)
        ids = info.get_column("id").to_list()
        key_of = keys + ids
        known = set(hit_keys)
        new = []
        for d, key in enumerate(ids):
            if key not in known:
                known.add(key)
                new.append(d)
        parents = {}
        for j in [*range(m), *(m + d for d in new)]:
            root = key_of[roots[j]]
            if roots[j] != j and (j >= m or old[keys[j]][2] != root):
                parents[key_of[j]] = root
        docs = np.array(new, dtype=np.int64)
        shingle_sets = self.spill.shingle_sets(docs) if self.cfg.verify else [np.empty(0, np.uint32)] * len(new)
        self.pending = NewRows([ids[d] for d in new], self.spill.values(docs), shingle_sets, parents)

    def commit(self) -> None:
        """Add this run's rows to the index (one transaction), after the run's outputs are written."""
        if self.spill is not None and self.index is not None and self.pending is not None:
            self.index.commit(self.cfg.index_meta(), self.pending)
            self.pending = None

    # ------------------------------------------------------------------------------------- report

    def record(self, found: NearDuplicates, members: pl.DataFrame, from_index: pl.Series | None = None) -> None:
        """Keep the figures for `summary` and which rows make up to three example clusters (the largest)."""
        sizes = members.group_by("cluster_id").len().sort(["len", "cluster_id"], descending=[True, False])
        self.details = {
            "clusters": sizes.height,
            "rows_in_clusters": members.height,
            "duplicates_dropped": int((~members.get_column("_kept")).sum()),
            "size_histogram": size_histogram(sizes.get_column("len").to_numpy()),
            "candidate_pairs": found.candidate_pairs,
            "pairs_checked": found.pairs_checked,
            "pairs_confirmed": found.pairs_confirmed,
            "bands": found.bands, "rows": found.rows,
            "weights": list(self.cfg.lsh_weights()), "verify": self.cfg.verify,
            "seconds": {k: round(v, 3) for k, v in found.seconds.items()},
        }
        if self.cfg.index is not None:
            matched = members.filter(pl.col("cluster_id").is_in(from_index.implode()) if from_index is not None
                                     else pl.lit(False))
            self.details["index"] = {"location": self.cfg.index, "rows_matching_index": matched.height,
                                     "rows_to_add": len(self.pending.keys) if self.pending is not None else 0}
        shown = [members.filter(pl.col("cluster_id") == cid).sort(["_kept", "_pos"], descending=[True, False])
                 .head(3).select(pl.lit(rank).alias("_rank"), "_pos", "id", "_kept")
                 for rank, cid in enumerate(sizes.get_column("cluster_id").head(3).to_list())]
        self.example_rows = pl.concat(shown) if shown else pl.DataFrame()

    def catch_examples(self, frame: pl.DataFrame, offset: int) -> None:
        """Keep the texts of the example rows that lie in `frame` (which starts at position `offset`); a frame
        without the text fields (an engine marks only `decides_on`) leaves that to a later call."""
        if self.example_rows.height == 0 or not set(self.text_fields) <= set(frame.columns):
            return
        local = self.example_rows.get_column("_pos").to_numpy() - offset
        local = local[(local >= 0) & (local < frame.height)]
        if local.shape[0]:
            text = pl.concat_str([field_text(f).fill_null("") for f in self.text_fields], separator="\n")
            self.example_texts.append(frame[local].select(text.alias("text")).with_columns(
                _pos=pl.Series(local + offset)))

    @property
    def examples(self) -> list[pl.DataFrame]:
        """Up to three clusters, each as (id, _kept, text) rows: the kept one first."""
        if self.example_rows.height == 0 or not self.example_texts:
            return []
        rows = self.example_rows.join(pl.concat(self.example_texts), on="_pos", how="left", maintain_order="left")
        return [part.select("id", "_kept", "text") for part in rows.partition_by("_rank", maintain_order=True)]

    def summary(self) -> dict[str, Any]:
        return self.details

    def report(self) -> RenderableType | None:
        if not self.details:
            return None
        d = self.details
        parts: list[RenderableType] = [Text.assemble(
            ("minhash_dedup", "bold"), f"  {d['clusters']:,} clusters, {d['rows_in_clusters']:,} rows in them, "
            f"{d['duplicates_dropped']:,} dropped; pairs: {d['candidate_pairs']:,} candidates, "
            f"{d['pairs_checked']:,} checked, {d['pairs_confirmed']:,} confirmed; "
            f"bands={d['bands']} rows={d['rows']}")]
        histogram = Table(title="Cluster sizes", title_justify="left", show_edge=False, header_style="bold cyan")
        for name in d["size_histogram"]:
            histogram.add_column(name, justify="right")
        histogram.add_row(*[f"{n:,}" for n in d["size_histogram"].values()])
        parts.append(histogram)
        for number, example in enumerate(self.examples, start=1):
            side = Table(title=f"Example cluster {number}", title_justify="left", show_lines=True, expand=True)
            for row in example.iter_rows(named=True):
                side.add_column(f"{'kept' if row['_kept'] else 'dropped'} {row['id'][:12]}", ratio=1)
            side.add_row(*differing_parts(example.get_column("text").to_list()))
            parts.append(side)
        return Group(*parts)


def differing_parts(texts: list[str], limit: int = 240, context: int = 30) -> list[str]:
    """The texts of a cluster, cut to `limit` characters from shortly before the first place they differ
    (near-duplicates often share a long template, which would fill the view)."""
    import os

    prefix = len(os.path.commonprefix(texts))  # noqa: RUF071 - the shared characters, not a path, are wanted
    start = prefix - context if prefix > 2 * context else 0
    return [("…" if start else "") + t[start:start + limit] + ("…" if len(t) > start + limit else "") for t in texts]
