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
OUTPUTS = ("checkpoints", "adapter", "merged", "metrics.jsonl", "train.json", "tensorboard", "wandb",
           "train_config.yaml", "reference_cache", "trackers.json")


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
              force: bool = False, on_step: Any = None, nproc: int = 1, key: Any = None) -> TrainOutcome:
    """Train `cfg` (its data and output folder already point into `run`); `upstream` holds the fingerprints of
    the stages whose rows it reads, so new data retrains. With `nproc` > 1 the same training runs on that many
    ranks (`gristmill train ... --nproc`), started through torch's elastic launcher."""
    from gristmill.train.dpo import run_dpo
    from gristmill.train.sft import run_sft

    stage = StageRun(run, STAGE, fingerprint({"train": cfg.model_dump(mode="json"), "upstream": upstream or {}}))
    if stage.finished(force):
        return TrainOutcome(None, True, stage.fingerprint)
    if not stage.begin(force):
        remove_outputs(stage)  # checkpoints of another config or other data
    report: Any
    if nproc > 1:
        report = train_on_ranks(cfg, stage, "dpo" if kind == "preference" else "sft", nproc, key)
    else:
        trainer = run_dpo if kind == "preference" else run_sft
        report = trainer(cfg, resume=True, on_step=on_step)
    stage.finish()
    return TrainOutcome(report, False, stage.fingerprint)


def train_on_ranks(cfg: TrainConfig, stage: StageRun, command: str, nproc: int, key: Any = None) -> str:
    """`gristmill train COMMAND` on `nproc` ranks with this stage's config (written beside its outputs); an
    encrypted run's ranks are told where the master key is (`key`, a crypto.KeyProvider)."""
    import json

    import yaml

    from gristmill.files import write_text
    from gristmill.train import distributed

    config = write_text(yaml.safe_dump({"train": cfg.model_dump(mode="json")}, sort_keys=False),
                        stage.dir / "train_config.yaml")
    distributed.launch(nproc, ["train", command, str(config), *key_arguments(key)])  # raises when a rank fails
    record = json.loads((stage.dir / "train.json").read_text(encoding="utf-8"))["result"]
    return (f"trained on {nproc} ranks: {record['steps']} steps, final loss {record['final'].get('loss', 0):.4f}, "
            f"{record['seconds']:.1f} s")


def key_arguments(key: Any) -> list[str]:
    """The command-line options that give a rank process the same master key (an environment variable is
    inherited); a key only this process holds (a callback) cannot travel."""
    from gristmill.crypto import ENV_VAR, CommandKey, EncryptionError, EnvKey, FileKey

    if key is None or (isinstance(key, EnvKey) and key.var == ENV_VAR):
        return []
    if isinstance(key, FileKey):
        return ["--key-file", str(key.path)]
    if isinstance(key, CommandKey):
        return ["--key-command", key.command]
    raise EncryptionError(f"--nproc: the ranks cannot get the master key from {key.name}; give a key file, a key "
                          f"command or ${ENV_VAR}")
