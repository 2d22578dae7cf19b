"""Per-step metrics: one JSON line per step in metrics.jsonl, mirrored to TensorBoard / W&B / MLflow when asked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gristmill.errors import require


class MetricsLog:
    """Append-only metrics.jsonl plus the trackers named in `report_to` (each checked when built)."""

    def __init__(self, path: Path, report_to: Sequence[str] = (), run_name: str = "gristmill",
                 append: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = open(path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._writers = [_tracker(name, path.parent, run_name) for name in report_to]

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()  # a killed run keeps every finished step
        numbers = {k: v for k, v in record.items() if isinstance(v, int | float) and k != "step"}
        for writer in self._writers:
            writer(numbers, int(record.get("step", 0)))

    def close(self) -> None:
        self._file.close()


def _tracker(name: str, folder: Path, run_name: str) -> Any:
    if name == "tensorboard":
        require("tensorboard", "tensorboard", "report_to: tensorboard")
        from torch.utils.tensorboard import SummaryWriter

        board = SummaryWriter(str(folder / "tensorboard"))

        def tensorboard(values: dict[str, float], step: int) -> None:
            for key, value in values.items():
                board.add_scalar(key, value, step)
            board.flush()
        return tensorboard
    if name == "wandb":
        wandb = require("wandb", "wandb", "report_to: wandb")
        run = wandb.init(project="gristmill", name=run_name, dir=str(folder))
        return lambda values, step: run.log(values, step=step)
    mlflow = require("mlflow", "mlflow", "report_to: mlflow")
    mlflow.start_run(run_name=run_name)
    return lambda values, step: mlflow.log_metrics(values, step=step)


def read_metrics(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
