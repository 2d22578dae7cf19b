"""Self-Instruct of a few hundred instructions with the embedded model, offline, on the local backend.

Slow on a CPU (hours on a shared 2-core machine): `pytest -m slow tests/synth/test_embedded_self_instruct.py -s`.
GRISTMILL_SLOW_SELF_INSTRUCT_N sets the number of instructions (default 300); GRISTMILL_SLOW_RUN_DIR keeps the
run directory (and its answer cache, so a second run is free) instead of a temporary one.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import polars as pl
import pytest

from gristmill.rouge import RougeIndex
from gristmill.synth.config import SynthConfig
from gristmill.synth.self_instruct import load_seed_tasks
from gristmill.synth.stage import run_synth


def worst_pair(texts: list[str]) -> tuple[float, str, str]:
    """The most similar pair among `texts` (every pair, through a growing index)."""
    index = RougeIndex()
    worst = (0.0, "", "")
    for text in texts:
        score, where = index.best(text)
        if score > worst[0]:
            worst = (score, index.texts[where], text)
        index.add(text)
    return worst


@pytest.mark.slow
def test_embedded_model_self_instruct_keeps_every_pair_below_the_rouge_threshold(tmp_path: Path) -> None:
    target = int(os.environ.get("GRISTMILL_SLOW_SELF_INSTRUCT_N", "300"))
    run = Path(os.environ.get("GRISTMILL_SLOW_RUN_DIR", tmp_path / "run"))
    cfg = SynthConfig.model_validate({
        "client": {"backend": "local", "model": "embedded", "batch_size": 32, "device": "cpu"},
        "self_instruct": {"num_instructions": target, "prompts_per_round": 32, "max_stalled_rounds": 3,
                          "instruction_sampling": {"temperature": 0.7, "top_p": 0.5, "max_tokens": 128},
                          "instance_sampling": {"temperature": 0.0, "max_tokens": 48}},
    })
    started = time.perf_counter()
    result = run_synth(cfg, run, force=True)
    seconds = time.perf_counter() - started
    info = result.methods["self_instruct"]
    filtered = result.filtered
    without_instance = filtered.filter(pl.col("reason") == "no_instance")["instruction"].to_list()
    instructions = list(dict.fromkeys([*result.rows["instruction"].to_list(), *without_instance]))
    seeds = [t.instruction for t in load_seed_tasks()]
    score, first, second = worst_pair(instructions)
    seed_index = RougeIndex(seeds)
    against_seeds = max(seed_index.best(i)[0] for i in instructions)
    summary = {"instructions": len(instructions), "rows": result.rows.height, "rounds": info["rounds"],
               "filtered_by_reason": info["filtered_by_reason"], "worst_pair_rouge_l": score,
               "worst_pair": [first, second], "worst_against_seeds": against_seeds,
               "usage": result.stats.as_dict(), "seconds": round(seconds, 1),
               "examples": result.rows.head(5).select("instruction", "input", "output").to_dicts()}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    assert info["instructions"] == len(instructions) == target
    assert score < 0.7 and against_seeds < 0.7
    assert result.stats.errors == 0
    assert set(result.rows["generator"]) == {"SmolLM2-135M-Instruct.Q4_1.gguf"}
