"""A synth run killed with SIGKILL midway, then rerun, ends with the same rows as a run never interrupted."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import yaml
from fake_openai import FakeOpenAI, client_options

from gristmill.llm.cache import ResponseCache
from gristmill.synth.config import load_synth_config
from gristmill.synth.stage import run_synth

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


def faults(key: str, attempt: int) -> str | None:
    pick = int(hashlib.sha256(key.encode()).hexdigest()[:4], 16) % 5
    return ("429", "500", "not_json", None, None)[pick] if attempt == 0 else None


def write_config(path: Path, url: str, output: Path) -> Path:
    config = {"output": str(output), "synth": {
        "client": client_options(url, concurrency=2),
        "self_instruct": {"num_instructions": 12, "prompts_per_round": 3},
        "back_translation": {"source": str(EXAMPLES / "gpteacher_roleplay_sample.jsonl"), "limit": 8,
                             "pivots": ["French", "German"]}}}
    path.write_text(yaml.safe_dump(config))
    return path


def wait_for(condition, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not come true in time")
        time.sleep(0.01)


def test_a_run_killed_with_sigkill_resumes_to_the_same_rows(api_key: str, tmp_path: Path) -> None:
    with FakeOpenAI(faults=faults, delay_s=0.02) as server:
        reference = run_synth(load_synth_config(write_config(tmp_path / "ref.yaml", server.url, tmp_path / "ref")),
                              tmp_path / "ref")
        reference_requests = server.requests
        config = write_config(tmp_path / "run.yaml", server.url, tmp_path / "run")
        before = server.requests
        child = subprocess.Popen([sys.executable, "-m", "gristmill", "synth", str(config)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
        try:
            wait_for(lambda: server.requests - before >= reference_requests // 2 or child.poll() is not None)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL  # killed, not finished
        assert not (tmp_path / "run" / "synth" / "rows.parquet").exists()
        cached = len(ResponseCache(tmp_path / "run" / "synth" / "cache.sqlite"))
        resumed = run_synth(load_synth_config(config), tmp_path / "run")
    assert cached > 0 and resumed.stats.cache_hits == cached
    assert resumed.rows.drop("id").equals(reference.rows.drop("id"))
    assert resumed.rows["id"].to_list() == reference.rows["id"].to_list()
    assert resumed.rows["id"].n_unique() == resumed.rows.height
    assert pl.read_parquet(tmp_path / "run" / "synth" / "rows.parquet").equals(reference.rows)
