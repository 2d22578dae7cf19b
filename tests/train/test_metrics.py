from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from gristmill.errors import MissingDependencyError
from gristmill.train.metrics import MetricsLog, read_metrics


def test_metrics_are_json_lines_and_a_resume_appends(tmp_path: Path) -> None:
    path = tmp_path / "metrics.jsonl"
    log = MetricsLog(path)
    log.write({"step": 1, "loss": 2.5})
    log.close()
    log = MetricsLog(path, append=True)
    log.write({"step": 2, "loss": 2.0, "note": "text is kept in the file"})
    log.close()
    assert read_metrics(path) == [{"step": 1, "loss": 2.5},
                                  {"step": 2, "loss": 2.0, "note": "text is kept in the file"}]


def test_tensorboard_is_used_only_when_installed(tmp_path: Path) -> None:
    if importlib.util.find_spec("tensorboard") is None:
        with pytest.raises(MissingDependencyError, match=r"pip install 'gristmill\[tensorboard\]'"):
            MetricsLog(tmp_path / "metrics.jsonl", ["tensorboard"])
        return
    log = MetricsLog(tmp_path / "metrics.jsonl", ["tensorboard"])
    log.write({"step": 1, "loss": 1.0})
    log.close()
    assert list((tmp_path / "tensorboard").glob("events.out.tfevents.*"))
