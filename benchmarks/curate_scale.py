"""minhash_dedup at scale: gristmill's Pipeline (bounded memory, and the whole table in memory) against
datatrove's MinHash pipeline (its 4 stages on local disk), on the same seeded synthetic documents with planted
near-duplicates.

Documents: `--docs` texts of 120-180 words drawn with Zipf frequencies from a vocabulary of 30,000 made-up words;
`--dup-rate` of them are copies of an earlier original (same chunk of 100,000) with 1-2 words replaced, so every
planted copy is Jaccard >= ~0.85 to its original (word 5-grams). With `--cross-rate`, that fraction of the copies
in every chunk after the first take their original from an earlier chunk instead (from the first 2,000 originals of
each earlier chunk), so a batch deduped against an index of the documents before it has copies whose original is
in the index. Truth: a family is an original and its copies; pair precision/recall count the pairs of documents
put in one cluster against the pairs in one family.

Each method runs in its own process (`--method`), reading the same Parquet file; the parent measures wall time,
CPU time (the child's and its workers') and peak RSS (summed over the child and its worker processes, sampled
every 0.2 s; `own_peak_rss_mib` is the child process alone; `--pss` adds the summed PSS, which counts shared
pages such as Ray's object store once). `--engine ray` also runs the Pipeline with engine: ray on a local Ray
instance of `--workers` CPUs, its start-up included, and checks its clusters equal the local engine's. Usage:

    python benchmarks/curate_scale.py --docs 1000000 --datatrove-docs 100000
    python benchmarks/curate_scale.py --docs 1000000 --datatrove-docs 0 --in-memory-docs 0 --engine ray --pss

    # a 100k batch against a 1M-document index, built in runs of 250k (only the last run is timed)
    python benchmarks/curate_scale.py --docs 0 --in-memory-docs 0 --datatrove-docs 0 --index redis://... \
        --index-docs 1100000 --index-batch 100000 --index-build-batch 250000 --cross-rate 0.3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

CHUNK = 100_000
VOCAB = 30_000
POOL = 2_000  # originals of each chunk later chunks may copy (--cross-rate)


def generate(path: Path, docs: int, dup_rate: float, seed: int, cross: float = 0.0) -> None:
    """Write `docs` documents (columns doc, family, text) to a Parquet file, a chunk at a time; `cross` of the
    copies after the first chunk copy an original of an earlier chunk (cross=0 draws exactly what it always did)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    cross_rng = np.random.default_rng([seed, 1])  # its own stream, so cross=0 leaves the documents as they were
    pool_docs: list[int] = []
    pool_ids: list[np.ndarray] = []
    letters = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", np.uint8)
    vocab = pl.Series([bytes(rng.choice(letters, rng.integers(3, 10))).decode() for _ in range(VOCAB)])
    weights = 1.0 / np.arange(1, VOCAB + 1) ** 1.05
    weights /= weights.sum()
    writer = None
    for start in range(0, docs, CHUNK):
        n = min(CHUNK, docs - start)
        is_copy = rng.random(n) < dup_rate
        is_copy[0] = False
        family = np.arange(start, start + n)
        originals = np.flatnonzero(~is_copy)
        # each copy's source: a random original before it
        sources = originals[(rng.random(n) * np.searchsorted(originals, np.arange(n))).astype(np.int64)]
        lengths = rng.integers(120, 181, n)
        lengths[is_copy] = lengths[sources[is_copy]]
        earlier = np.full(n, -1)  # for a copy of an earlier chunk's original: its place in the pool
        if cross > 0 and pool_docs:
            crossing = np.flatnonzero(is_copy & (cross_rng.random(n) < cross))
            earlier[crossing] = cross_rng.integers(0, len(pool_docs), crossing.shape[0])
            lengths[crossing] = [pool_ids[k].shape[0] for k in earlier[crossing]]
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        ids = rng.choice(VOCAB, offsets[-1], p=weights)
        replacements = rng.choice(VOCAB, 2 * n, p=weights)
        for i in np.flatnonzero(is_copy):
            j = sources[i]
            if earlier[i] >= 0:
                ids[offsets[i]:offsets[i + 1]] = pool_ids[earlier[i]]
                family[i] = pool_docs[earlier[i]]
            else:
                ids[offsets[i]:offsets[i + 1]] = ids[offsets[j]:offsets[j + 1]]
                family[i] = start + j
            edits = offsets[i] + rng.choice(lengths[i], rng.integers(1, 3), replace=False)
            ids[edits] = replacements[2 * i:2 * i + edits.shape[0]]
        if cross > 0:
            for j in originals[:POOL]:
                pool_docs.append(start + int(j))
                pool_ids.append(ids[offsets[j]:offsets[j + 1]].astype(np.int32))
        flat = vocab.gather(ids).to_arrow().cast(pa.large_string())
        texts = pl.Series(pa.LargeListArray.from_arrays(pa.array(offsets), flat)).list.join(" ")
        table = pl.DataFrame({"doc": np.arange(start, start + n), "family": family, "text": texts}).to_arrow()
        writer = writer or pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table)
    assert writer is not None
    writer.close()


# ----------------------------------------------------------------------------------------- methods (child)


def passes(which: str) -> list[Any]:
    """minhash: the pass alone; curate: normalize, exact_dedup and quality before it (row-local passes too)."""
    from gristmill.curate import ExactDedup, MinHashDedup, Normalize, Quality

    return [MinHashDedup()] if which == "minhash" else [Normalize(), ExactDedup(), Quality(), MinHashDedup()]


def run_gristmill(data: Path, work: Path, spill: bool, which: str) -> pl.DataFrame:
    from gristmill.curate import Pipeline

    pipeline = Pipeline(passes(which), kind="text", spill=spill)
    result = pipeline.run(str(data), output=work / "out")
    rows = pl.concat([pl.scan_parquet(result.paths["kept.parquet"]).select("doc", "cluster_id"),
                      pl.scan_parquet(result.paths["rejected.parquet"]).select("doc", "cluster_id")]).collect()
    return rows.select("doc", cluster=pl.col("cluster_id").fill_null(-1))


def run_gristmill_ray(data: Path, work: Path, cpus: int, which: str) -> pl.DataFrame:
    """The same Pipeline with engine: ray, on a local Ray instance of `cpus` CPUs started here (its start-up is
    part of the wall time, and printed on its own)."""
    import ray

    from gristmill.curate.ray_engine import RayPipeline

    clock = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    print(json.dumps({"ray_init_s": round(time.perf_counter() - clock, 1)}), flush=True)
    try:
        result = RayPipeline(passes(which), kind="text").run(str(data), output=work / "out")
        rows = pl.concat([pl.scan_parquet(result.paths["kept.parquet"]).select("doc", "cluster_id"),
                          pl.scan_parquet(result.paths["rejected.parquet"]).select("doc", "cluster_id")]).collect()
    finally:
        ray.shutdown()
    return rows.select("doc", cluster=pl.col("cluster_id").fill_null(-1))


def run_index(data: Path, work: Path, batch: int, build_batch: int, location: str, report: Path) -> pl.DataFrame:
    """Build the index from all but the last `batch` documents, `build_batch` at a time (each run against the
    index the runs before it built, adding its rows), then curate the last `batch` against it, timed on its own.
    Which of the last batch's documents were dropped; the timings go to `report` (JSON)."""
    from gristmill.curate import MinHashDedup, Pipeline
    from gristmill.curate.dedup_index import open_index

    total = pl.scan_parquet(data).select(pl.len()).collect().item()
    open_index(location).drop()
    timings, each = {"index_build": 0.0, "index_batch": 0.0}, []
    cut = max(total - batch, 0)
    runs = [(start, min(build_batch, cut - start)) for start in range(0, cut, build_batch)] + [(cut, total - cut)]
    for number, (start, size) in enumerate(runs):  # one run per batch, as monthly batches would come
        last = number == len(runs) - 1
        frame = pl.scan_parquet(data).slice(start, size).collect()  # read before the clock starts
        clock = time.perf_counter()
        result = Pipeline([MinHashDedup(index=location)], kind="text").run(frame, output=work / f"batch-{number}")
        timings["index_batch" if last else "index_build"] += time.perf_counter() - clock
        del frame
        each.append({"run": number, "docs": size, "seconds": round(time.perf_counter() - clock, 1),
                     "load_average": [round(x, 2) for x in os.getloadavg()]})
        print(json.dumps(each[-1]), flush=True)
    figures = {"docs_in_index": cut, "batch": total - cut, "runs": len(runs),
               **{k: round(v, 1) for k, v in timings.items()},
               "batch_docs_per_s": round((total - cut) / timings["index_batch"]),
               "index_rows_after": open_index(location).stats()["rows"], "each_run": each}
    print(json.dumps(figures), flush=True)
    report.write_text(json.dumps(figures))
    open_index(location).drop()
    return pl.concat([result.kept.select("doc", dropped=pl.lit(False)),
                      result.rejected.select("doc", dropped=pl.lit(True))])


def run_datatrove(data: Path, work: Path, workers: int) -> pl.DataFrame:
    """datatrove's four MinHash stages (signatures, buckets, clusters, filter) with its local executor."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import ParquetReader
    from datatrove.pipeline.writers import JsonlWriter

    shards = work / "input"
    shards.mkdir()
    frame = pl.read_parquet(data).with_columns(pl.col("doc").cast(pl.String))  # its ids are strings
    for rank in range(workers):  # one input file per task
        frame.gather_every(workers, rank).write_parquet(shards / f"{rank:03d}.parquet")
    del frame
    from datatrove.utils.hashing import HashConfig

    # Its defaults (5-grams, 14 buckets of 8 hashes, 64-bit hashes), but SHA-1 shingle hashes: its xxhash path
    # hands str to xxhash, which xxhash >= 4 refuses ("Strings must be encoded before hashing").
    config = MinhashConfig(hash_config=HashConfig(precision=64, hash_fc="sha1"))
    reader = lambda: ParquetReader(str(shards), id_key="doc")  # noqa: E731
    stages = [
        ([reader(), MinhashDedupSignature(output_folder=str(work / "sigs"), config=config)], workers),
        ([MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=config)],
         config.num_buckets),
        ([MinhashDedupCluster(input_folder=str(work / "buckets"), output_folder=str(work / "remove"), config=config,
                              save_cluster_id=True)], 1),
        ([reader(), MinhashDedupFilter(input_folder=str(work / "remove"), load_cluster_ids=True,
                                       exclusion_writer=JsonlWriter(str(work / "removed"))),
          JsonlWriter(str(work / "kept"))], workers),
    ]
    for number, (steps, tasks) in enumerate(stages):
        LocalPipelineExecutor(pipeline=steps, tasks=tasks, workers=min(workers, tasks),
                              logging_dir=str(work / f"logs-{number}")).run()
    rows = pl.concat([pl.read_ndjson(p) for p in sorted((work / "kept").glob("*")) +
                      sorted((work / "removed").glob("*"))], how="diagonal_relaxed")
    return rows.select(doc=pl.col("id").cast(pl.Int64),
                       cluster=pl.col("metadata").struct.field("minhash_cluster_id").cast(pl.Int64))


# ----------------------------------------------------------------------------------------- measuring (parent)


def pair_scores(truth: pl.DataFrame, found: pl.DataFrame) -> tuple[float, float]:
    """Pair precision and recall of found clusters against planted families (singletons: cluster -1)."""
    joined = truth.join(found, on="doc", how="left").with_columns(pl.col("cluster").fill_null(-1))
    pairs = lambda n: (n * (n - 1) // 2).sum()  # noqa: E731
    clustered = joined.filter(pl.col("cluster") >= 0)
    found_pairs = clustered.group_by("cluster").len().select(pairs(pl.col("len"))).item()
    true_pairs = joined.group_by("family").len().select(pairs(pl.col("len"))).item()
    both = clustered.group_by("cluster", "family").len().select(pairs(pl.col("len"))).item()
    return both / max(found_pairs, 1), both / max(true_pairs, 1)


def drop_scores(truth: pl.DataFrame, found: pl.DataFrame) -> tuple[float, float]:
    """Precision and recall of the dropped documents: a document should go when its family has an earlier one."""
    should = truth.with_columns(should=pl.col("doc") > pl.col("doc").min().over("family"))
    joined = found.join(should, on="doc")
    hits = joined.filter("dropped", "should").height
    return hits / max(joined.filter("dropped").height, 1), hits / max(joined.filter("should").height, 1)


def measure(method: str, data: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one method in a child process: wall time, CPU time of the child and the workers it reaped, and the
    peak of the summed RSS of the child and its workers (sampled every 0.2 s) beside the child's own peak."""
    import psutil

    out = work / f"{method}.parquet"
    clock = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--method", method, "--data", str(data), "--work",
                              str(work), "--workers", str(args.workers), "--result", str(out),
                              "--index-batch", str(args.index_batch), "--index-build-batch",
                              str(args.index_build_batch or args.index_batch), "--passes", args.passes,
                              *(["--index", args.index] if args.index else [])])
    tree_peak, pss_peak, parent, cpu_seen = 0, 0, psutil.Process(child.pid), {}
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)  # reaps the child only once it has ended
        if pid:
            break
        total = proportional = 0
        for process in [parent, *parent.children(recursive=True)]:
            try:
                total += process.memory_info().rss
                if args.pss:
                    proportional += process.memory_full_info().pss
                times = process.cpu_times()
                cpu_seen[process.pid] = times.user + times.system
            except psutil.Error:
                continue
        tree_peak, pss_peak = max(tree_peak, total), max(pss_peak, proportional)
        time.sleep(0.2)
    wall = time.perf_counter() - clock
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{method} failed with exit code {child.returncode}")
    # the child's and the workers it waited for; datatrove's pool workers are not waited for, so their CPU time
    # is the last sample of each (up to 0.2 s short a process)
    cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu_seen.values()))
    extra = out.with_suffix(".json")  # what the method reported of itself (the index run's timings)
    return {"method": method, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_rss_mib": round(tree_peak / 2**20), "own_peak_rss_mib": round(usage.ru_maxrss / 1024),
            **({"peak_pss_mib": round(pss_peak / 2**20)} if args.pss else {}),
            "result": out, **(json.loads(extra.read_text()) if extra.exists() else {})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--datatrove-docs", type=int, default=100_000, help="0: skip datatrove")
    parser.add_argument("--in-memory-docs", type=int, default=None, help="gristmill with spill=False (default: "
                        "--docs; 0: skip)")
    parser.add_argument("--dup-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2, help="datatrove's tasks and workers per stage; the CPUs "
                        "of the Ray instance with --engine ray")
    parser.add_argument("--engine", choices=["local", "ray"], default="local", help="ray: also the Pipeline with "
                        "engine: ray (ray.init(num_cpus=--workers)) on the --docs documents, beside the local engine")
    parser.add_argument("--tmp", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--index", default=None, help="also: a dedup index here (redis://... or a directory) "
                        "built from all but the last --index-batch of --index-docs documents, then that batch "
                        "deduped against it")
    parser.add_argument("--index-docs", type=int, default=None, help="documents for the index run (default: --docs)")
    parser.add_argument("--index-batch", type=int, default=100_000, help="the last batch, timed on its own")
    parser.add_argument("--index-build-batch", type=int, default=None, help="documents per run while building the "
                        "index (default: --index-batch)")
    parser.add_argument("--cross-rate", type=float, default=0.0, help="fraction of the copies whose original is "
                        "in an earlier chunk of 100k (default 0: copies only within a chunk)")
    parser.add_argument("--passes", choices=["minhash", "curate"], default="minhash", help="gristmill's passes: "
                        "minhash_dedup alone, or normalize, exact_dedup and quality before it")
    parser.add_argument("--pss", action="store_true", help="also the peak of the summed PSS (shared pages, such as "
                        "Ray's object store, divided among the processes that map them; slower to sample)")
    parser.add_argument("--method", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.method:  # a child: run one method, write its clusters
        work = Path(tempfile.mkdtemp(dir=args.work))
        runs = {"gristmill": lambda: run_gristmill(args.data, work, True, args.passes),
                "gristmill_in_memory": lambda: run_gristmill(args.data, work, False, args.passes),
                "gristmill_ray": lambda: run_gristmill_ray(args.data, work, args.workers, args.passes),
                "datatrove": lambda: run_datatrove(args.data, work, args.workers),
                "gristmill_index": lambda: run_index(args.data, work, args.index_batch,
                                                     args.index_build_batch or args.index_batch, args.index,
                                                     args.result.with_suffix(".json"))}
        runs[args.method]().write_parquet(args.result)
        shutil.rmtree(work)
        return
    root = Path(tempfile.mkdtemp(prefix="curate-scale-", dir=args.tmp))
    try:
        in_memory = args.docs if args.in_memory_docs is None else args.in_memory_docs
        index_docs = (args.docs if args.index_docs is None else args.index_docs) if args.index else 0
        sizes = {args.docs, args.datatrove_docs, in_memory, index_docs} - {0}
        plan = [("gristmill", args.docs), ("gristmill_in_memory", in_memory),
                ("datatrove", args.datatrove_docs), ("gristmill", args.datatrove_docs),
                ("gristmill_index", index_docs),
                ("gristmill_ray", args.docs if args.engine == "ray" else 0)]  # after gristmill at the same size
        rows, done = [], set()
        clusters: dict[tuple[str, int], pl.DataFrame] = {}
        for n in sorted(sizes):
            data = root / f"docs-{n}.parquet"
            clock = time.perf_counter()
            generate(data, n, args.dup_rate, args.seed, args.cross_rate)
            print(f"generated {n:,} documents in {time.perf_counter() - clock:.0f} s", flush=True)
            truth = pl.read_parquet(data, columns=["doc", "family"])
            for method, size in plan:
                if size != n or (method, n) in done:
                    continue
                done.add((method, n))
                figures = measure(method, data, root, args)
                found = pl.read_parquet(figures.pop("result"))
                if method == "gristmill_ray" and ("gristmill", n) in clusters:  # the engines' outputs, row by row
                    figures["same_clusters_as_local"] = found.sort("doc").equals(clusters["gristmill", n])
                if method == "gristmill":
                    clusters[method, n] = found.sort("doc")
                score = drop_scores if "dropped" in found.columns else pair_scores
                precision, recall = score(truth, found)
                figures |= {"docs": n, "docs_per_s": round(n / figures["wall_s"]),
                            "precision": round(precision, 4), "recall": round(recall, 4),
                            "scored_by": "dropped documents" if score is drop_scores else "pairs in one cluster"}
                rows.append(figures)
                print(json.dumps(figures), flush=True)
            data.unlink()
        if args.json:
            args.json.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                             "load_average": os.getloadavg(), "args": {k: str(v) for k, v in
                                             vars(args).items() if v is not None}, "rows": rows}, indent=1))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
