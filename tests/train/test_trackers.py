"""Trackers read back: what gristmill logged to TensorBoard, Trackio, W&B (offline) and MLflow (a local file store)
is the config, the data checksum, every step's numbers and the eval figures, and each run is closed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gristmill.errors import MissingDependencyError
from gristmill.train.metrics import MetricsLog, data_sha256, flatten, log_eval, read_refs

PARAMS = {"adapter": {"r": 8, "alpha": 16.0, "target_modules": "all-linear"}, "optim": {"lr": 0.001},
          "loop": {"report_to": ["x"], "max_steps": None}, "data_sha256": "ab" * 32}
STEPS = [{"step": 1, "loss": 2.5, "lr": 0.001}, {"step": 2, "loss": 2.0, "lr": 0.0005, "val_loss": 2.25}]
EVAL = {"eval/tuned/rouge_l": 0.375, "eval/base/rouge_l": 0.25}


def log_run(folder: Path, tracker: str) -> Path:
    train = folder / "run" / "train"
    log = MetricsLog(train / "metrics.jsonl", [tracker], run_name="sft", params=PARAMS, project="gm-test")
    for record in STEPS:
        log.write(record)
    log.close()
    assert log_eval(train, EVAL, 2, PARAMS) == [tracker]
    return train


@pytest.mark.parametrize("tracker,module", [("tensorboard", "tensorboard"), ("trackio", "trackio"),
                                            ("wandb", "wandb"), ("mlflow", "mlflow")])
def test_a_missing_tracker_names_its_extra(tracker: str, module: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if the package were not installed
    with pytest.raises(MissingDependencyError, match=rf"pip install 'gristmill\[{tracker}\]'"):
        MetricsLog(tmp_path / "metrics.jsonl", [tracker])


def test_the_data_checksum_is_the_file_digest_the_manifest_lists(tmp_path: Path) -> None:
    import hashlib

    one, two = tmp_path / "a.parquet", tmp_path / "b.jsonl"
    one.write_bytes(b"rows"), two.write_bytes(b"more")
    assert data_sha256([one]) == hashlib.sha256(b"rows").hexdigest()
    both = hashlib.sha256(f"a.parquet:{hashlib.sha256(b'rows').hexdigest()}\n"
                          f"b.jsonl:{hashlib.sha256(b'more').hexdigest()}\n".encode()).hexdigest()
    assert data_sha256([one, two]) == both
    assert flatten(PARAMS)["adapter.r"] == 8 and flatten(PARAMS)["loop.report_to"] == '["x"]'


def test_tensorboard_reads_back_steps_config_and_eval(tmp_path: Path) -> None:
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    train = log_run(tmp_path, "tensorboard")
    events = EventAccumulator(str(train / "tensorboard"))
    events.Reload()
    scalars = {tag: [(e.step, e.value) for e in events.Scalars(tag)] for tag in events.Tags()["scalars"]}
    assert scalars["loss"] == [(1, 2.5), (2, 2.0)]
    assert scalars["val_loss"] == [(2, 2.25)]
    assert scalars["eval/tuned/rouge_l"] == [(2, 0.375)] and scalars["eval/base/rouge_l"] == [(2, 0.25)]
    config = events.Tensors("config/text_summary")[0].tensor_proto.string_val[0].decode()
    assert json.loads(config.removeprefix("```json\n").removesuffix("\n```")) == PARAMS
    plugins = events.PluginTagToContent("hparams")
    assert "_hparams_/session_start_info" in plugins


TRACKIO_READ = """
import json, sys
from pathlib import Path
from gristmill.train.metrics import MetricsLog, log_eval
from trackio.sqlite_storage import SQLiteStorage
params, steps, evals = json.loads(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
train = Path(sys.argv[4])
log = MetricsLog(train / "metrics.jsonl", ["trackio"], run_name="sft", params=params, project="gm-test")
for record in steps:
    log.write(record)
log.close()
log_eval(train, evals, 2, params)
name = json.loads((train / "trackers.json").read_text())["trackio"]["name"]
logs = SQLiteStorage.get_logs("gm-test", name)
config = SQLiteStorage.get_run_config("gm-test", name)
print("RESULT " + json.dumps({"runs": SQLiteStorage.get_runs("gm-test"), "name": name, "logs": logs, "config": config},
                 default=str))
"""  # trackio prints progress lines of its own


def test_trackio_reads_back_steps_config_and_eval(tmp_path: Path) -> None:
    pytest.importorskip("trackio")
    import os

    train = tmp_path / "run" / "train"
    env = {**os.environ, "TRACKIO_DIR": str(tmp_path / "trackio")}  # read once, when trackio is imported
    done = subprocess.run([sys.executable, "-c", TRACKIO_READ, json.dumps(PARAMS), json.dumps(STEPS),
                           json.dumps(EVAL), str(train)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))[7:])
    assert found["runs"] == [found["name"]] and found["name"].startswith("run-sft-")
    by_step: dict[int, dict] = {}
    for entry in found["logs"]:
        by_step.setdefault(entry["step"], {}).update({k: v for k, v in entry.items() if not k.startswith("_")
                                                       and k not in ("step", "timestamp")})
    assert by_step[1]["loss"] == 2.5 and by_step[2]["loss"] == 2.0 and by_step[2]["val_loss"] == 2.25
    assert by_step[2]["eval/tuned/rouge_l"] == 0.375
    assert found["config"]["adapter"] == PARAMS["adapter"] and found["config"]["data_sha256"] == "ab" * 32
    assert (tmp_path / "trackio").is_dir()


def wandb_records(path: Path) -> list:
    """The protobuf records of an offline W&B run file (LevelDB's log format: 32 KiB blocks of chunks, each with a
    7-byte header of crc32, length, type; type 1 a whole record, 2-4 its first, middle, last part)."""
    import struct

    from wandb.proto import wandb_internal_pb2

    data, records, pos, pending = path.read_bytes(), [], 7, b""  # after the file's 7-byte ":W&B" header
    while pos + 7 <= len(data):
        left = 32768 - pos % 32768
        _, length, kind = struct.unpack("<IHB", data[pos:pos + 7]) if left >= 7 else (0, 0, 0)
        if left < 7 or (length == 0 and kind == 0):  # block padding
            pos += left
            continue
        pending += data[pos + 7:pos + 7 + length]
        pos += 7 + length
        if kind in (1, 4):
            record = wandb_internal_pb2.Record()
            record.ParseFromString(pending)
            records.append(record)
            pending = b""
    return records


def finished_wandb_records(path: Path) -> list:
    """The records once the run's exit record is in the file (W&B's service process writes it after finish()
    returns); an unfinished file after 60 s is returned as it is, and the test's exit-code check fails on it."""
    import time

    deadline = time.monotonic() + 60
    while True:
        records = wandb_records(path)
        if any(r.WhichOneof("record_type") == "exit" for r in records) or time.monotonic() > deadline:
            return records
        time.sleep(0.2)


def test_wandb_offline_run_holds_config_steps_and_eval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("wandb")
    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_SILENT", "true")
    train = log_run(tmp_path, "wandb")
    run_id = read_refs(train)["wandb"]["id"]
    # training, then the eval figures added to the same run id; W&B names a run's folder by its start second and
    # adds "-1" to the second one when both start within the same second
    files = sorted((train / "wandb").glob(f"offline-run-*-{run_id}*/run-{run_id}.wandb"),
                   key=lambda path: (path.parent.name.split("-")[2], len(path.parent.name)))
    assert len(files) == 2
    history, config, exits = [], {}, []
    for path in files:
        for record in finished_wandb_records(path):
            kind = record.WhichOneof("record_type")
            if kind == "history":
                items = {(i.key or "/".join(i.nested_key)): json.loads(i.value_json) for i in record.history.item}
                history.append({k: v for k, v in items.items() if not k.startswith("_") or k == "_step"})
            elif kind == "run":
                config.update({(i.key or "/".join(i.nested_key)): json.loads(i.value_json)
                               for i in record.run.config.update})
            elif kind == "exit":
                exits.append(record.exit.exit_code)
    assert history == [{"_step": 1, "loss": 2.5, "lr": 0.001}, {"_step": 2, "loss": 2, "lr": 0.0005, "val_loss": 2.25},
                       {"_step": 2, **EVAL}]
    assert config["adapter"] == {"value": PARAMS["adapter"]} or config["adapter"] == PARAMS["adapter"]
    assert "ab" * 32 in json.dumps(config["data_sha256"])
    assert exits == [0, 0]  # both runs closed


def test_mlflow_file_store_holds_params_steps_eval_and_a_finished_run(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("mlflow")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", (tmp_path / "mlruns").as_uri())  # a local file store
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 would rather have a database
    train = log_run(tmp_path, "mlflow")
    from mlflow import MlflowClient

    client = MlflowClient()
    run = client.get_run(read_refs(train)["mlflow"]["run_id"])
    assert run.info.status == "FINISHED"
    assert run.data.params["adapter.r"] == "8" and run.data.params["data_sha256"] == "ab" * 32
    assert client.get_experiment(run.info.experiment_id).name == "gm-test"
    history = [(m.step, m.value) for m in client.get_metric_history(run.info.run_id, "loss")]
    assert history == [(1, 2.5), (2, 2.0)]
    assert run.data.metrics["eval/tuned/rouge_l"] == 0.375


def test_a_failed_training_closes_its_tracker_run_as_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("mlflow")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", (tmp_path / "mlruns").as_uri())  # a local file store
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 would rather have a database
    log = MetricsLog(tmp_path / "train" / "metrics.jsonl", ["mlflow"], params=PARAMS)
    log.write(STEPS[0])
    log.close(failed=True)
    from mlflow import MlflowClient

    assert MlflowClient().get_run(read_refs(tmp_path / "train")["mlflow"]["run_id"]).info.status == "FAILED"
