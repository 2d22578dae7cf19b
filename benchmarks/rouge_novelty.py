"""Benchmark: Self-Instruct's ROUGE-L novelty filter, ours (gristmill.rouge.RougeIndex) against
rouge_score (what the Self-Instruct and Alpaca code call: `RougeScorer(["rougeL"]).score` for every pool text).

    python benchmarks/rouge_novelty.py --data PATH/TO/instructions.jsonl [--data ...] --pool 5000 --candidates 200

`--data`: JSONL files whose rows have an `instruction` field (default: the bundled 175 seed tasks and the
bundled example samples). The first `--pool` distinct instructions form the pool, the next `--candidates` are
checked against it. Two workloads, both single-process on the same texts:

- max: the highest ROUGE-L F of each candidate against the whole pool (the filter's question);
- bootstrap: the Self-Instruct loop itself: candidates in order, each kept (and added to the pool) when its
  maximum is below 0.7.

Quality: the maxima must be equal bit for bit, and the keep/drop decisions identical.
"""

from __future__ import annotations

import argparse
import json
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 0.7


def load_instructions(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    if not paths:
        seeds = resources.files("gristmill.synth").joinpath("data/seed_tasks.jsonl").read_text(encoding="utf-8")
        texts += [json.loads(line)["instruction"] for line in seeds.splitlines() if line.strip()]
        paths = sorted((ROOT / "examples" / "data").glob("gpteacher_*.jsonl"))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                value = json.loads(line).get("instruction")
                if isinstance(value, str) and value.strip():
                    texts.append(value)
    return list(dict.fromkeys(texts))  # distinct, in order


def ours_max(pool: list[str], candidates: list[str]) -> tuple[list[float], float]:
    from gristmill.rouge import RougeIndex

    RougeIndex(["warm up the jit"]).best("warm up")
    started = time.perf_counter()
    index = RougeIndex(pool)
    scores = [index.best(c)[0] for c in candidates]
    return scores, time.perf_counter() - started


def rouge_score_max(pool: list[str], candidates: list[str]) -> tuple[list[float], float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    started = time.perf_counter()
    scores = [max((scorer.score(c, p)["rougeL"].fmeasure for p in pool), default=0.0) for c in candidates]
    return scores, time.perf_counter() - started


def ours_bootstrap(pool: list[str], candidates: list[str]) -> tuple[list[bool], float]:
    from gristmill.rouge import RougeIndex

    started = time.perf_counter()
    index, kept = RougeIndex(pool), []
    for c in candidates:
        keep = index.best(c)[0] < THRESHOLD
        kept.append(keep)
        if keep:
            index.add(c)
    return kept, time.perf_counter() - started


def rouge_score_bootstrap(pool: list[str], candidates: list[str]) -> tuple[list[bool], float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    started = time.perf_counter()
    current, kept = list(pool), []
    for c in candidates:
        keep = max((scorer.score(c, p)["rougeL"].fmeasure for p in current), default=0.0) < THRESHOLD
        kept.append(keep)
        if keep:
            current.append(c)
    return kept, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, action="append", default=[], help="JSONL with `instruction` rows")
    parser.add_argument("--pool", type=int, default=5000)
    parser.add_argument("--candidates", type=int, default=200)
    args = parser.parse_args()
    texts = load_instructions(args.data)
    pool, candidates = texts[:args.pool], texts[args.pool:args.pool + args.candidates]
    if len(candidates) < args.candidates:
        pool, candidates = texts[:-args.candidates], texts[-args.candidates:]
    print(f"{len(pool)} pool instructions, {len(candidates)} candidates")
    ours, t_ours = ours_max(pool, candidates)
    ref, t_ref = rouge_score_max(pool, candidates)
    kept_ours, tb_ours = ours_bootstrap(pool, candidates)
    kept_ref, tb_ref = rouge_score_bootstrap(pool, candidates)
    print(f"{'workload':<10} {'gristmill s':>12} {'rouge_score s':>14} {'speedup':>8}  quality")
    print(f"{'max':<10} {t_ours:>12.3f} {t_ref:>14.3f} {t_ref / t_ours:>7.0f}x  maxima equal: {ours == ref} "
          f"({sum(a == b for a, b in zip(ours, ref, strict=True))}/{len(ref)})")
    print(f"{'bootstrap':<10} {tb_ours:>12.3f} {tb_ref:>14.3f} {tb_ref / tb_ours:>7.0f}x  decisions equal: "
          f"{kept_ours == kept_ref} (kept {sum(kept_ours)}/{len(kept_ours)})")


if __name__ == "__main__":
    main()
