"""The train stage of a run: train on the run's curated rows, skipped when done with the same config and data.

Killed midway, it resumes from the last checkpoint (the stage's started fingerprint matches); with another config,
other data or `force`, what an earlier training wrote is removed first, and only that: a `train/` folder may
hold the user's own files too.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

from gristmill.rundir import RunDir, StageRun, fingerprint
from gristmill.train.config import TrainConfig

STAGE = "train"
# What training writes in its folder (the loop, finish() and the trackers); nothing else is ever removed.
OUTPUTS = ("checkpoints", "adapter", "merged", "metrics.jsonl", "train.json", "tensorboard", "wandb")


@dataclass
class TrainOutcome:
    report: Any  # a train.session.TrainReport (None when skipped)
    skipped: bool
    fingerprint: str


def remove_outputs(stage: StageRun) -> None:
    for name in OUTPUTS:
        path = stage.dir / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def run_train(cfg: TrainConfig, run: RunDir, kind: str, upstream: dict[str, str | None] | None = None,
              force: bool = False, on_step: Any = None) -> TrainOutcome:
    """Train `cfg` (its data and output folder already point into `run`); `upstream` holds the fingerprints of
    the stages whose rows it reads, so new data retrains."""
    from gristmill.train.dpo import run_dpo
    from gristmill.train.sft import run_sft

    stage = StageRun(run, STAGE, fingerprint({"train": cfg.model_dump(mode="json"), "upstream": upstream or {}}))
    if stage.finished(force):
        return TrainOutcome(None, True, stage.fingerprint)
    if not stage.begin(force):
        remove_outputs(stage)  # checkpoints of another config or other data
    trainer = run_dpo if kind == "preference" else run_sft
    report = trainer(cfg, resume=True, on_step=on_step)
    stage.finish()
    return TrainOutcome(report, False, stage.fingerprint)
