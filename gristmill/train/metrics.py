"""Per-step metrics: one JSON line per step in metrics.jsonl, mirrored to the trackers `loop.report_to` names.

Trackers: TensorBoard, Trackio (local-first: an SQLite file under TRACKIO_DIR, `trackio show` to look), W&B and
MLflow, each an extra (`pip install 'gristmill[trackio]'`). Every tracker gets the resolved config as
hyperparameters and the training data's SHA-256 (the checksum train.json and the SPDX manifest record), then each
step's numbers; the run is closed when training ends (marked failed when it stopped on an exception, a pruned
sweep trial included). Which run each tracker wrote is kept in trackers.json beside metrics.jsonl, so a resumed
training continues the same tracker run and `log_eval` adds the eval figures to it afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gristmill.errors import require
from gristmill.files import file_sha256, write_json

if TYPE_CHECKING:
    from gristmill.train.config import TrainConfig

TRACKERS_FILE = "trackers.json"


class MetricsLog:
    """Append-only metrics.jsonl plus the trackers named in `report_to` (each checked when built).

    `params` (the resolved config and data checksum, `tracking_params`) go to every tracker once; `project` is the
    W&B / Trackio project and the MLflow experiment."""

    def __init__(self, path: Path, report_to: Sequence[str] = (), run_name: str = "gristmill",
                 append: bool = False, params: dict[str, Any] | None = None, project: str = "gristmill") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = open(path, "a" if append else "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        refs = read_refs(path.parent) if append else {}
        if not report_to:
            self._trackers: list[Tracker] = []
            return
        name = refs.get("run_name") or f"{path.parent.parent.name}-{run_name}-{dt.datetime.now():%Y%m%d-%H%M%S}"
        self._trackers = [open_tracker(t, path.parent, name, project, params or {}, refs.get(t)) for t in report_to]
        write_json({"run_name": name, "project": project, **{t.name: t.ref for t in self._trackers}},
                   path.parent / TRACKERS_FILE)

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()  # a killed run keeps every finished step
        numbers = {k: v for k, v in record.items() if isinstance(v, int | float) and k != "step"}
        for tracker in self._trackers:
            tracker.log(numbers, int(record.get("step", 0)))

    def close(self, failed: bool = False) -> None:
        self._file.close()
        for tracker in self._trackers:
            tracker.close(failed)


def read_metrics(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_refs(folder: Path) -> dict[str, Any]:
    path = folder / TRACKERS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def data_sha256(files: Sequence[Path]) -> str:
    """One file: its SHA-256 (as the manifest lists it); several: SHA-256 over their names and digests."""
    if len(files) == 1:
        return file_sha256(files[0])
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}:{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def tracking_params(cfg: TrainConfig) -> dict[str, Any]:
    """What every tracker records about a run: the resolved config and the data's checksum."""
    return {**cfg.model_dump(mode="json"), "data_sha256": data_sha256(cfg.data_files())}


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"adapter": {"r": 16}} → {"adapter.r": 16}; lists and None become strings (what hparam tables take)."""
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value if isinstance(value, bool | int | float | str) else json.dumps(value)
    return flat


def log_eval(train_dir: Path, figures: dict[str, float], step: int, params: dict[str, Any]) -> list[str]:
    """Add evaluation figures (`eval/tuned/rouge_l`, ...) to the tracker runs training wrote; the trackers used.
    `params` are the run's (Trackio replaces a resumed run's config with what it is given)."""
    refs = read_refs(train_dir)
    names: list[str] = [n for n in ("tensorboard", "trackio", "wandb", "mlflow") if n in refs]
    for name in names:
        tracker = open_tracker(name, train_dir, refs["run_name"], refs.get("project", "gristmill"), params,
                               refs[name])
        tracker.log(figures, step)
        tracker.close(False)
    return names


# ------------------------------------------------------------------------------------------------ trackers


class Tracker:
    """One tracker run: `ref` says how to find it again (ids), `log` a step's numbers, `close` ends it."""

    name = ""

    def __init__(self) -> None:
        self.ref: dict[str, Any] = {}

    def log(self, values: dict[str, float], step: int) -> None:
        raise NotImplementedError

    def close(self, failed: bool) -> None:
        raise NotImplementedError


class TensorBoard(Tracker):
    name = "tensorboard"

    def __init__(self, folder: Path, params: dict[str, Any]) -> None:
        super().__init__()
        require("tensorboard", "tensorboard", "report_to: tensorboard")
        from torch.utils.tensorboard import SummaryWriter
        from torch.utils.tensorboard.summary import hparams

        self.board = SummaryWriter(str(folder / "tensorboard"))
        if params:
            self.board.add_text("config", "```json\n" + json.dumps(params, indent=2) + "\n```")
            writer = self.board.file_writer  # opened by SummaryWriter.__init__
            assert writer is not None
            for summary in hparams(flatten(params), {}):  # the HParams tab: what add_hparams writes, in this run
                writer.add_summary(summary)

    def log(self, values: dict[str, float], step: int) -> None:
        for key, value in values.items():
            self.board.add_scalar(key, value, step)
        self.board.flush()

    def close(self, failed: bool) -> None:
        self.board.close()


class Trackio(Tracker):
    name = "trackio"

    def __init__(self, run_name: str, project: str, params: dict[str, Any], resume: bool) -> None:
        super().__init__()
        trackio = require("trackio", "trackio", "report_to: trackio")
        self.run = trackio.init(project=project, name=run_name, config=params or None,
                                resume="allow" if resume else "never", embed=False, auto_log_cpu=False,
                                auto_log_gpu=False)
        self.ref = {"project": project, "name": run_name}

    def log(self, values: dict[str, float], step: int) -> None:
        self.run.log(values, step=step)

    def close(self, failed: bool) -> None:
        self.run.finish()


class WandB(Tracker):
    name = "wandb"

    def __init__(self, folder: Path, run_name: str, project: str, params: dict[str, Any],
                 run_id: str | None) -> None:
        super().__init__()
        wandb = require("wandb", "wandb", "report_to: wandb")
        self.run = wandb.init(project=project, name=run_name, dir=str(folder), config=params or None, id=run_id,
                              resume="allow" if run_id else None, reinit="create_new")
        self.ref = {"id": self.run.id}

    def log(self, values: dict[str, float], step: int) -> None:
        self.run.log(values, step=step)

    def close(self, failed: bool) -> None:
        self.run.finish(exit_code=1 if failed else 0)


class MLflow(Tracker):
    name = "mlflow"

    def __init__(self, run_name: str, project: str, params: dict[str, Any], run_id: str | None) -> None:
        super().__init__()
        require("mlflow", "mlflow", "report_to: mlflow")
        from mlflow import MlflowClient

        self.client = MlflowClient()  # MLFLOW_TRACKING_URI says where (a local folder, a server)
        if run_id is None:
            experiment = self.client.get_experiment_by_name(project)
            experiment_id = experiment.experiment_id if experiment else self.client.create_experiment(project)
            run_id = self.client.create_run(experiment_id, run_name=run_name).info.run_id
            params = flatten(params)
            for start in range(0, len(params), 100):  # MLflow takes at most 100 params per batch
                self.client.log_batch(run_id, params=[_mlflow_param(k, v) for k, v in
                                                      list(params.items())[start:start + 100]])
        else:
            self.client.update_run(run_id, status="RUNNING")
        self.run_id = run_id
        self.ref = {"run_id": run_id}

    def log(self, values: dict[str, float], step: int) -> None:
        from mlflow.entities import Metric

        now = int(dt.datetime.now().timestamp() * 1000)
        self.client.log_batch(self.run_id, metrics=[Metric(k, float(v), now, step) for k, v in values.items()])

    def close(self, failed: bool) -> None:
        self.client.set_terminated(self.run_id, status="FAILED" if failed else "FINISHED")


def _mlflow_param(key: str, value: Any) -> Any:
    from mlflow.entities import Param

    return Param(key, str(value)[:6000])  # MLflow's limit on a param value


def open_tracker(name: str, folder: Path, run_name: str, project: str, params: dict[str, Any],
                 ref: dict[str, Any] | None) -> Tracker:
    """Start (or, with `ref` from trackers.json, continue) the named tracker's run."""
    if name == "tensorboard":
        return TensorBoard(folder, params)
    if name == "trackio":
        return Trackio(run_name, project, params, resume=ref is not None)
    if name == "wandb":
        return WandB(folder, run_name, project, params, (ref or {}).get("id"))
    if name == "mlflow":
        return MLflow(run_name, project, params, (ref or {}).get("run_id"))
    raise ValueError(f"unknown tracker {name!r}")
