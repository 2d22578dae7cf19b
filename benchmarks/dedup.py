"""Benchmark: minhash_dedup against datasketch and rensa on the same corpus, one core each, in one run.

    python benchmarks/dedup.py --words tests/data/toolformer_similarity_sample.jsonl --docs 100000 \\
        --labels PATH/TO/gpteacher_toolformer_similarity_labels.jsonl

The corpus: `--docs` documents of 50–300 words drawn from the word frequencies of a real text file (`--words`,
any JSONL; every string value counts), 15% of them near-duplicates made by a few word edits (substitute,
insert, delete) of an earlier document, so their Jaccard similarity spreads from 1.0 down to about 0.5.

Each method runs in its own process (NUMBA_NUM_THREADS=1, POLARS_MAX_THREADS=1, RAYON_NUM_THREADS=1) and
reports docs/s for signatures (shingling included), LSH (index, candidates, checks, clusters) and in total,
plus the peak resident memory the run added. The datasketch loops are slow, so they run on the first
`--baseline-docs` documents and their rate is extrapolated (the table says so).

Quality: every pair a method declares duplicate, restricted to a sample of `--sample` documents (whole
near-duplicate families, so the sample keeps the corpus' duplicate rate), against the truth computed by brute
force: exact Jaccard >= threshold of the word 5-gram sets of every pair in the sample (sparse products).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD, NUM_PERM, NGRAM, SEED = 0.8, 128, 5, 1
ONE_CORE = {"NUMBA_NUM_THREADS": "1", "POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
METHODS = ("ours", "ours_datasketch_weights", "datasketch_update", "datasketch_update_batch", "rensa")
# Our pass with options: the defaults, and bands chosen with datasketch's default weights (b=9, r=13 at 0.8).
OURS = {"ours": {}, "ours_datasketch_weights": {"weights": (0.5, 0.5)}}
BASELINES_ON_SUBSET = ("datasketch_update", "datasketch_update_batch")

# ------------------------------------------------------------------------------------------ corpus


def vocabulary(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Whitespace-separated words of every string in a JSONL file, with their relative frequencies."""
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for value in json.loads(line).values():
            if isinstance(value, str):
                for word in value.split():
                    counts[word] = counts.get(word, 0) + 1
    words = np.array(sorted(counts))
    freq = np.array([counts[w] for w in words], dtype=np.float64)
    return words, freq / freq.sum()


def near_copy(doc: np.ndarray, n_words: int, rng: np.random.Generator) -> np.ndarray:
    """A copy of `doc` (word ids) with 1 to 6% of its length in random word edits."""
    out = list(doc)
    for _ in range(max(1, round(rng.uniform(0.0, 0.06) * len(out)))):
        op, at, word = rng.integers(3), int(rng.integers(len(out))), int(rng.integers(n_words))
        if op == 0:
            out[at] = word
        elif op == 1:
            out.insert(at, word)
        elif len(out) > 50:
            del out[at]
    return np.array(out)


def synthetic_corpus(n_docs: int, words: np.ndarray, probs: np.ndarray, seed: int = 0,
                     dup_fraction: float = 0.15) -> pl.DataFrame:
    """`text` and `family` (the original a near-duplicate was made from) of n_docs shuffled documents."""
    rng = np.random.default_rng(seed)
    n_orig = n_docs - int(n_docs * dup_fraction)
    lengths = rng.integers(50, 301, n_orig)
    ids = rng.choice(len(words), size=int(lengths.sum()), p=probs)
    docs = np.split(ids, np.cumsum(lengths)[:-1])
    families = list(range(n_orig))
    for _ in range(n_docs - n_orig):
        source = int(rng.integers(len(docs)))
        docs.append(near_copy(docs[source], len(words), rng))
        families.append(families[source])
    order = rng.permutation(n_docs)
    return pl.DataFrame({"text": [" ".join(words[docs[i]]) for i in order],
                         "family": np.array(families)[order]})


def family_sample(families: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """Indices (ascending) of whole families, drawn at random until `size` documents are in."""
    rng = np.random.default_rng(seed)
    unique = rng.permutation(np.unique(families))
    per_family = pl.DataFrame({"family": families}).group_by("family").len()
    sizes = dict(zip(per_family["family"].to_list(), per_family["len"].to_list(), strict=True))
    chosen, total = [], 0
    for fam in unique:
        if total >= size:
            break
        chosen.append(fam)
        total += sizes[fam]
    return np.flatnonzero(np.isin(families, chosen))


# ------------------------------------------------------------------------------------------ truth and quality


def truth_pairs(texts: list[str], threshold: float = THRESHOLD, ngram: int = NGRAM) -> set[tuple[int, int]]:
    """Every pair (i < j) whose word n-gram sets have Jaccard >= threshold, by brute force (sparse products)."""
    from scipy import sparse

    from gristmill.curate.minhash import shingles

    index: dict[str, int] = {}
    rows, cols = [], []
    for doc, text in enumerate(texts):
        ids = {index.setdefault(s, len(index)) for s in shingles(text.lower(), ngram)}
        rows += [doc] * len(ids)
        cols += list(ids)
    matrix = sparse.csr_matrix((np.ones(len(rows), np.int32), (rows, cols)), shape=(len(texts), len(index)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    common = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    jaccard = common.data / (sizes[common.row] + sizes[common.col] - common.data)
    keep = jaccard >= threshold
    return set(zip(common.row[keep].tolist(), common.col[keep].tolist(), strict=True))


def pairs_within(left: np.ndarray, right: np.ndarray, sample: np.ndarray) -> list[tuple[int, int]]:
    """Pairs with both ends in `sample` (sorted corpus indices), renumbered to positions in the sample."""
    inside = np.isin(left, sample) & np.isin(right, sample)
    a, b = np.searchsorted(sample, left[inside]), np.searchsorted(sample, right[inside])
    return sorted({(int(min(x, y)), int(max(x, y))) for x, y in zip(a, b, strict=True)})


def cluster_pairs(roots: np.ndarray, docs: np.ndarray, sample: np.ndarray) -> list[tuple[int, int]]:
    """Every pair of sample documents that share a cluster (what dedup acts on: the transitive closure).

    `roots[k]` is the cluster root (a corpus index) of corpus document `docs[k]`.
    """
    in_sample = np.isin(docs, sample)
    groups: dict[int, list[int]] = {}
    for position, root in zip(np.searchsorted(sample, docs[in_sample]).tolist(), roots[in_sample].tolist(),
                              strict=True):
        groups.setdefault(root, []).append(position)
    return [(x, y) for members in groups.values() for i, x in enumerate(members) for y in members[i + 1:]]


def precision_recall(found: list[tuple[int, int]] | set[tuple[int, int]], truth: set[tuple[int, int]]
                     ) -> dict[str, float]:
    found = set(found)
    hit = len(found & truth)
    return {"pairs": len(found), "precision": hit / len(found) if found else 1.0,
            "recall": hit / len(truth) if truth else 1.0}


# ------------------------------------------------------------------------------------------ methods (one process each)


def peak_rss_reset() -> int:
    """Reset the kernel's peak-RSS mark for this process (Linux) and return the current RSS in bytes."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_bytes("VmRSS")


def _status_bytes(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Clock:
    """Wall and CPU seconds per named phase (CPU time is what one core spent, whatever else the machine runs)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu


def prepare(method: str, texts: pl.Series) -> Any:
    """The input each method starts from: for ours a curation frame and the pass, its compiled kernels loaded
    from numba's cache (or compiled once) on a few rows; for the others the text column."""
    from gristmill.curate.minhash import MinHashDedup

    if method not in OURS:
        return texts
    frame = pl.DataFrame({"id": pl.int_range(texts.len(), eager=True).cast(pl.String), "text": texts,
                          "drop_reason": pl.Series([None] * texts.len(), dtype=pl.String)})
    dedup = MinHashDedup(threshold=THRESHOLD, num_perm=NUM_PERM, ngram=NGRAM, seed=SEED, **OURS[method])
    dedup.setup("text")
    dedup.apply(frame.head(200))
    return frame, dedup


def run_ours(prepared: tuple[pl.DataFrame, Any], clock: Clock) -> dict[str, Any]:
    """The whole minhash_dedup pass on a frame of texts (shingles, signatures, LSH, exact checks, clusters, keep
    policy, columns); then its two halves again on their own: signatures (text to signature matrix), and LSH
    (bands, candidates, exact checks, union-find)."""
    from gristmill.curate import _minhash_kernels as kernels
    from gristmill.curate.minhash import document_text, exact_jaccard

    frame, dedup = prepared
    with clock.phase("total"):
        dedup.apply(frame)
    finder = dedup.finder
    with clock.phase("signatures"):
        sig, hashes, offsets = finder.signatures(frame, document_text(["text"]))
    with clock.phase("lsh"):
        left, right = finder.candidates(sig)
        jaccard, checked = exact_jaccard(lambda docs: kernels.pack_sets(hashes, offsets, docs), left, right,
                                         THRESHOLD)
        kernels.union_find(sig.shape[0], left[jaccard >= THRESHOLD], right[jaccard >= THRESHOLD])
    found = dedup.found
    return {"left": found.left, "right": found.right, "roots": found.roots,
            "note": f"b={found.bands} r={found.rows}, exact check of {checked:,} candidates"}


def python_shingles(texts: pl.Series) -> Iterator[list[bytes]]:
    from gristmill.curate.minhash import shingles

    for text in texts.to_list():
        yield [s.encode() for s in shingles(text.lower(), NGRAM)]


def datasketch_pairs(lsh: Any, minhashes: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    left, right = [], []
    for key, minhash in enumerate(minhashes):
        for other in lsh.query(minhash):
            if other > key:
                left.append(key)
                right.append(other)
    return np.array(left, np.int64), np.array(right, np.int64)


def run_datasketch(texts: pl.Series, clock: Clock, batch: bool) -> dict[str, Any]:
    """As most scripts use it: a MinHash per document (default SHA-1 hash), MinHashLSH insert, then query."""
    from datasketch import MinHash, MinHashLSH

    with clock.phase("signatures"):
        minhashes = []
        for doc in python_shingles(texts):
            minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
            if batch:
                minhash.update_batch(doc)
            else:
                for shingle in doc:
                    minhash.update(shingle)
            minhashes.append(minhash)
    with clock.phase("lsh"):
        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        for key, minhash in enumerate(minhashes):
            lsh.insert(key, minhash)
        left, right = datasketch_pairs(lsh, minhashes)
    return {"left": left, "right": right, "note": f"b={lsh.b} r={lsh.r}, candidates as duplicates"}


def run_rensa(texts: pl.Series, clock: Clock) -> dict[str, Any]:
    """rensa's RMinHash built in bulk from Python shingle sets, RMinHashLSH (16 bands), estimated-Jaccard check."""
    import rensa

    with clock.phase("signatures"):
        token_sets = [[s.decode() for s in doc] for doc in python_shingles(texts)]
        with clock.phase("rensa_signatures_only"):
            minhashes = rensa.RMinHash.from_token_sets(token_sets, NUM_PERM, SEED)
    with clock.phase("lsh"):
        lsh = rensa.RMinHashLSH(THRESHOLD, NUM_PERM, 16)
        lsh.insert_many(minhashes)
        left, right, checked_left, checked_right = [], [], [], []
        for key, candidates in enumerate(lsh.query_all(minhashes)):
            for other in candidates:
                if other > key:
                    left.append(key)
                    right.append(other)
                    if minhashes[key].jaccard(minhashes[other]) >= THRESHOLD:
                        checked_left.append(key)
                        checked_right.append(other)
    return {"left": np.array(checked_left, np.int64), "right": np.array(checked_right, np.int64),
            "candidates_left": np.array(left, np.int64), "candidates_right": np.array(right, np.int64),
            "note": "b=16 r=8, estimated-Jaccard check"}


def run_method(method: str, texts: Any, clock: Clock) -> dict[str, Any]:
    if method in OURS:
        return run_ours(texts, clock)
    if method == "rensa":
        return run_rensa(texts, clock)
    return run_datasketch(texts, clock, batch=method == "datasketch_update_batch")


def worker(method: str, corpus: Path, subset_path: Path | None, sample_path: Path, out: Path) -> None:
    """Run one method in this (fresh, one-core) process and write its figures and sample pairs as JSON."""
    texts = pl.read_parquet(corpus).get_column("text")
    subset = np.load(subset_path) if subset_path else np.arange(texts.len())
    texts = texts.gather(subset)
    prepared = prepare(method, texts)
    start_rss = peak_rss_reset()
    clock = Clock()
    result = run_method(method, prepared, clock)
    peak = _status_bytes("VmHWM") - start_rss
    for times in (clock.wall, clock.cpu):
        times.setdefault("total", times["signatures"] + times["lsh"])
    sample = np.load(sample_path)
    report: dict[str, Any] = {
        "method": method, "docs": texts.len(), "peak_mem_mb": round(peak / 2**20, 1), "note": result["note"],
        "wall_s": clock.wall, "cpu_s": clock.cpu,
        "pairs": pairs_within(subset[result["left"]], subset[result["right"]], sample),
    }
    if "roots" in result:
        report["cluster_pairs"] = cluster_pairs(subset[result["roots"]], subset, sample)
    if "candidates_left" in result:
        report["candidate_pairs"] = pairs_within(subset[result["candidates_left"]],
                                                 subset[result["candidates_right"]], sample)
    out.write_text(json.dumps(report))


# ------------------------------------------------------------------------------------------ labelled data


LABEL_SETTINGS: dict[str, dict[str, Any]] = {
    "defaults (instruction+input+output, word 5-grams)": {},
    "output only, word 1-grams (closest to the labels)": {"fields": ["output"], "ngram": 1},
}


def label_agreement(path: Path, thresholds: tuple[float, ...] = (0.9, 0.8, 0.7, 0.6)) -> list[dict[str, Any]]:
    """Our keep/drop decisions on the GPTeacher toolformer set against its `kept_at_sim_T` labels.

    Upstream's similarity measure is undocumented (the labels are silver): agreement is the share of rows where
    we and the label agree; drop precision/recall treat the label's drops as the truth.
    """
    from gristmill.curate import MinHashDedup, Pipeline

    raw = pl.read_ndjson(path).drop("id")
    rows = []
    for setting, options in LABEL_SETTINGS.items():
        for threshold in thresholds:
            started = time.perf_counter()
            result = Pipeline([MinHashDedup(threshold=threshold, **options)], kind="sft").run(raw)
            seconds = time.perf_counter() - started
            kept_lines = result.kept.get_column("source_line").to_numpy()
            ours_dropped = ~np.isin(np.arange(1, raw.height + 1), kept_lines)
            label_dropped = ~raw.get_column(f"kept_at_sim_{threshold}").to_numpy()
            both = int(np.count_nonzero(ours_dropped & label_dropped))
            rows.append({"setting": setting, "threshold": threshold, "label_dropped": int(label_dropped.sum()),
                         "ours_dropped": int(ours_dropped.sum()),
                         "agreement": float(np.mean(ours_dropped == label_dropped)),
                         "drop_precision": both / max(int(ours_dropped.sum()), 1),
                         "drop_recall": both / max(int(label_dropped.sum()), 1), "seconds": round(seconds, 2)})
    return rows


# ------------------------------------------------------------------------------------------ main


def spawn(method: str, corpus: Path, subset: Path | None, sample: Path, workdir: Path) -> dict[str, Any]:
    out = workdir / f"{method}.json"
    command = [sys.executable, __file__, "--worker", method, "--corpus", str(corpus), "--sample-file", str(sample),
               "--out", str(out)] + (["--subset", str(subset)] if subset else [])
    subprocess.run(command, check=True, env={**os.environ, **ONE_CORE})
    return json.loads(out.read_text())


def summarize(result: dict[str, Any], truth: set[tuple[int, int]]) -> dict[str, Any]:
    docs = result["docs"]
    row: dict[str, Any] = {"method": result["method"], "docs": docs, "peak_mem_mb": result["peak_mem_mb"],
                           "note": result["note"], "wall_s": result["wall_s"], "cpu_s": result["cpu_s"]}
    for clock in ("cpu", "wall"):
        for phase in ("signatures", "lsh", "total"):
            row[f"{phase}_docs_s_{clock}"] = docs / max(result[f"{clock}_s"][phase], 1e-9)
    row["pairs"] = precision_recall([tuple(p) for p in result["pairs"]], truth)
    for key in ("cluster_pairs", "candidate_pairs"):
        if key in result:
            row[key] = precision_recall([tuple(p) for p in result[key]], truth)
    return row


def render(rows: list[dict[str, Any]], truth_count: int, sample_docs: int) -> str:
    """A plain table: docs/s by CPU time (wall time in brackets), peak memory, pair precision and recall."""
    lines = [f"{'method':<24}{'docs':>8}{'signatures docs/s':>22}{'LSH docs/s':>22}{'total docs/s':>22}"
             f"{'peak MB':>9}{'P':>7}{'R':>7}  note"]
    for r in rows:
        rates = "".join(f"{r[f'{phase}_docs_s_cpu']:>12,.0f} ({r[f'{phase}_docs_s_wall']:>7,.0f})"
                        for phase in ("signatures", "lsh", "total"))
        p = r["pairs"]
        lines.append(f"{r['method']:<24}{r['docs']:>8,}{rates}{r['peak_mem_mb']:>9,.0f}{p['precision']:>7.3f}"
                     f"{p['recall']:>7.3f}  {r['note']}")
        for key in ("cluster_pairs", "candidate_pairs"):
            if key in r:
                figures = f"{r[key]['precision']:>7.3f}{r[key]['recall']:>7.3f}"
                lines.append(f"{'  ' + key.replace('_', ' '):<24}{'':>83}{figures}")
    lines.append(f"truth: {truth_count:,} pairs with exact Jaccard >= {THRESHOLD} among {sample_docs:,} sample docs; "
                 "docs/s by CPU time of one core (wall time in brackets)")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--words", type=Path, default=ROOT / "tests/data/toolformer_similarity_sample.jsonl",
                        help="JSONL file whose words make the synthetic vocabulary")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--baseline-docs", type=int, default=10_000, help="documents for the datasketch loops")
    parser.add_argument("--sample", type=int, default=5_000, help="documents in the brute-force truth sample")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--labels", type=Path, help="gpteacher_toolformer_similarity_labels.jsonl (optional)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/out/dedup.json")
    for hidden in ("--worker", "--corpus", "--subset", "--sample-file", "--out"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        worker(args.worker, Path(args.corpus), Path(args.subset) if args.subset else None, Path(args.sample_file),
               Path(args.out))
        return
    words, probs = vocabulary(args.words)
    corpus = synthetic_corpus(args.docs, words, probs)
    families = corpus.get_column("family").to_numpy()
    subset = family_sample(families, min(args.baseline_docs, args.docs), seed=1)  # for the slow loops
    sample = subset[family_sample(families[subset], args.sample, seed=2)]  # the truth sample, inside it
    truth = truth_pairs(corpus.get_column("text").gather(sample).to_list())
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus.write_parquet(workdir / "corpus.parquet")
        np.save(workdir / "subset.npy", subset)
        np.save(workdir / "sample.npy", sample)
        for method in args.methods.split(","):
            on_subset = workdir / "subset.npy" if method in BASELINES_ON_SUBSET else None
            results.append(summarize(spawn(method, workdir / "corpus.parquet", on_subset, workdir / "sample.npy",
                                           workdir), truth))
            print(render(results[-1:], len(truth), len(sample)).splitlines()[1], flush=True)
    print(render(results, len(truth), len(sample)))
    labels = label_agreement(args.labels) if args.labels else []
    for row in labels:
        print(f"labels @ {row['threshold']}, {row['setting']}: agreement {row['agreement']:.3f}, drop precision "
              f"{row['drop_precision']:.3f}, recall {row['drop_recall']:.3f} (we drop {row['ours_dropped']:,}, "
              f"labels drop {row['label_dropped']:,}; {row['seconds']} s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"docs": args.docs, "sample_docs": len(sample), "truth_pairs": len(truth),
                                     "results": results, "labels": labels}, indent=2))


if __name__ == "__main__":
    main()
