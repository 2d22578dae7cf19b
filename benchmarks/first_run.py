"""Benchmark: what a first `gristmill curate` with minhash_dedup costs, against a second run and datasketch's loop.

    python benchmarks/first_run.py --words tests/data/toolformer_similarity_sample.jsonl --docs 20000

The corpus is benchmarks/dedup.py's (`--docs` documents of 50–300 words with the word frequencies of `--words`,
15% near-duplicates). Three commands, each timed from the shell's point of view (interpreter start, imports,
reading, hashing, writing), one after the other:

- `gristmill curate CORPUS -p minhash_dedup` with an empty numba cache (`NUMBA_CACHE_DIR` a new folder): the
  first run a user sees, its kernels compiled on first use;
- the same command again with that cache: every later run;
- datasketch's loop as a script would write it (a MinHash per document, `update_batch` of the same word 5-gram
  shingles, `MinHashLSH` insert and query), also a fresh interpreter, reading the same JSONL.

`--compile-only` times compiling the kernels alone (import and first call on one tiny document) in a fresh
interpreter with an empty cache and with a warm one, which is the part of the first run that a cache removes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dedup import NGRAM, NUM_PERM, SEED, THRESHOLD, synthetic_corpus, vocabulary

DATASKETCH = f"""
import json, sys
from datasketch import MinHash, MinHashLSH
from gristmill.curate.minhash import shingles
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
lsh = MinHashLSH(threshold={THRESHOLD}, num_perm={NUM_PERM})
hashes = []
for key, text in enumerate(texts):
    minhash = MinHash(num_perm={NUM_PERM}, seed={SEED})
    minhash.update_batch([s.encode() for s in shingles(text.lower(), {NGRAM})])
    lsh.insert(key, minhash)
    hashes.append(minhash)
pairs = sum(1 for key, m in enumerate(hashes) for other in lsh.query(m) if other > key)
print(pairs)
"""

COMPILE = """
import polars as pl
from gristmill.curate.minhash import MinHashDedup
dedup = MinHashDedup(threshold=0.8)
dedup.setup("text")
dedup.apply(pl.DataFrame({"id": ["a", "b"], "text": ["one two three four five six", "one two three four five"],
                          "drop_reason": [None, None]}, schema_overrides={"drop_reason": pl.String}))
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=Path, default=Path("tests/data/toolformer_similarity_sample.jsonl"))
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/first_run.json"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gm-first-run-"))
    corpus = work / "corpus.jsonl"
    words, probs = vocabulary(args.words)
    synthetic_corpus(args.docs, words, probs).select("text").write_ndjson(corpus)
    cache = work / "numba-cache"
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    curate = [sys.executable, "-m", "gristmill", "curate", str(corpus), "-p", "minhash_dedup", "--force", "-o"]
    compile_env = {**os.environ, "NUMBA_CACHE_DIR": str(work / "compile-cache")}
    results = {
        "docs": args.docs,
        "compile_only_cold_s": timed([sys.executable, "-c", COMPILE], compile_env),
        "compile_only_warm_s": timed([sys.executable, "-c", COMPILE], compile_env),
        "gristmill_first_run_s": timed([*curate, str(work / "run1")], env),
        "gristmill_second_run_s": timed([*curate, str(work / "run2")], env),
        "datasketch_loop_s": timed([sys.executable, "-c", DATASKETCH, str(corpus)], env),
    }
    stats = json.loads((work / "run2" / "curate" / "stats.json").read_text())
    results["kept"] = stats["rows_kept"] if "rows_kept" in stats else stats.get("kept")
    print(json.dumps(results, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
