"""Benchmark: ROC-AUC and texts/s of each offline toxicity backend on labelled comments.

    python benchmarks/toxicity.py --data PATH/TO/wikipedia_talk_toxicity_test.jsonl \\
        [--detoxify-model original] [--detoxify-checkpoint CKPT --detoxify-config DIR] [--hf-model DIR]

The data: JSONL with `text` and a boolean `toxic` label, e.g. the Wikipedia Talk toxicity test sample of
github.com/conversationai/unintended-ml-bias-analysis (`toxicity_nonfuzzed_testset.csv` as JSONL).

Each backend scores every text through the `toxicity` pass (a Pipeline run, tag only, so the pass's own
overhead counts), and the AUC is computed on its deciding score (the highest category). The anchor is the
library a user would call directly: `profanity_check.predict_prob` on the same texts, same run.
A backend that cannot load (detoxify without network or a local checkpoint) is reported with the reason.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


def load(path: Path, limit: int | None) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    return [r["text"] for r in rows], np.asarray([bool(r["toxic"]) for r in rows])


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def through_the_pass(options: dict[str, Any], texts: list[str]) -> tuple[np.ndarray, float]:
    """Deciding scores of the `toxicity` pass (tag only) and its texts/s: the pass's own time (scoring and
    columns), not the model loading nor the pipeline's reading of the input."""
    import polars as pl

    from gristmill.curate import Pipeline, Toxicity

    toxicity = Toxicity(action="tag", **options)
    _ = toxicity.scorer  # load the model before the clock starts
    kept = Pipeline([toxicity], kind="text").run(pl.DataFrame({"text": texts})).kept.sort("source_line")
    columns = [c for c in kept.columns if c.startswith("tox_")]
    scores = kept.select(pl.max_horizontal(columns)).to_series().to_numpy()
    return scores, float(toxicity.summary()["texts_per_second"])


def raw_profanity_check(texts: list[str]) -> tuple[np.ndarray, float]:
    from profanity_check import predict_prob

    started = time.perf_counter()
    scores = predict_prob(texts)
    return np.asarray(scores), len(texts) / (time.perf_counter() - started)


def backends(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {"profanity_check (gristmill pass)": {"backend": "profanity_check"}}
    if args.detoxify_checkpoint:
        chosen["detoxify checkpoint (gristmill pass)"] = {
            "backend": "detoxify", "checkpoint": args.detoxify_checkpoint, "config_path": args.detoxify_config}
    else:
        chosen[f"detoxify {args.detoxify_model} (gristmill pass)"] = {"backend": "detoxify",
                                                                      "model": args.detoxify_model}
    if args.hf_model:
        chosen["hf (gristmill pass)"] = {"backend": "hf", "model": args.hf_model}
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="JSONL with text and a boolean toxic label")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--detoxify-model", default="original", help="detoxify model name (needs its download)")
    parser.add_argument("--detoxify-checkpoint", default=None, help="a local detoxify checkpoint instead")
    parser.add_argument("--detoxify-config", default=None, help="folder with that checkpoint's HF config+tokenizer")
    parser.add_argument("--hf-model", default=None, help="a local sequence-classification model folder")
    args = parser.parse_args(argv)
    texts, labels = load(args.data, args.limit)
    rows = []
    scores, rate = raw_profanity_check(texts)
    rows.append(("profanity_check.predict_prob (direct, anchor)", f"{auc(labels, scores):.3f}", f"{rate:,.0f}"))
    for name, options in backends(args).items():
        try:
            scores, rate = through_the_pass(options, texts)
        except Exception as exc:  # a backend that cannot load is reported, not hidden
            reason = str(exc).splitlines()[0][:150] if str(exc) else type(exc).__name__
            rows.append((name, "n/a", f"could not load: {type(exc).__name__}: {reason}"))
            continue
        rows.append((name, f"{auc(labels, scores):.3f}", f"{rate:,.0f}"))
    print(f"{len(texts):,} texts, {int(labels.sum()):,} toxic\n", file=sys.stderr)
    print("| backend | ROC-AUC | texts/s |\n|---|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
