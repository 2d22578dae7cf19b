"""`gristmill run` end to end on a tiny local model: stages, skipping, and a run killed during training."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from gristmill.workflow import load_run_spec, run_pipeline

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "data"


def _build_tiny_model(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("tiny_builder", ROOT / "tests" / "train" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_tiny_model(folder)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    return _build_tiny_model(tmp_path_factory.mktemp("tiny"))


def write_config(folder: Path, model: Path, max_steps: int = 12) -> Path:
    config = {
        "kind": "sft",
        "inputs": [{"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "license": "MIT", "name": "codegen"},
                   {"path": str(EXAMPLES / "gpteacher_roleplay_sample.jsonl"), "license": "MIT",
                    "name": "roleplay"}],
        "passes": [{"normalize": {}}, {"exact_dedup": {}}, {"quality": {"min_output_words": 3}}],
        "output": str(folder / "run"),
        "train": {"model": {"name": str(model)},
                  "data": {"seq_len": 128, "max_examples": 64, "val_fraction": 0.25, "batch_size": 4},
                  "loop": {"max_steps": max_steps, "eval_every": 4, "save_every": 2, "keep_checkpoints": 8,
                           "early_stop_patience": None, "report_to": ["tensorboard"]},
                  "optim": {"lr": 0.001, "warmup_steps": 2}},
        "eval": {"data": {"max_examples": 6}, "generation": {"max_new_tokens": 6, "batch_size": 6},
                 "slices": {"min_support": 2}},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(run: Path) -> dict[str, str]:
    """Checksums of what a run produces that must not depend on being interrupted."""
    files = [run / "curate" / "kept.parquet", *sorted((run / "train" / "adapter").glob("*.safetensors")),
             run / "eval" / "per_example.parquet"]
    return {str(f.relative_to(run)): sha256(f) for f in files}


@pytest.fixture(scope="module")
def whole(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, bool]]]:
    """One uninterrupted run, shared by the tests below."""
    folder = tmp_path_factory.mktemp("whole")
    outcomes = run_pipeline(load_run_spec(write_config(folder, tiny)))
    return folder, [(o.stage, o.skipped) for o in outcomes]


def test_run_goes_through_every_stage_then_skips_them(tiny: Path, whole: tuple[Path, list[tuple[str, bool]]]
                                                      ) -> None:
    folder, stages = whole
    assert stages == [("curate", False), ("train", False), ("eval", False), ("report", False)]
    run = folder / "run"
    for name in ("curate/kept.parquet", "train/adapter", "eval/results.json", "eval/weak_slices.json", "plan.yaml",
                 "report.html", "manifest.spdx.json", "lineage.parquet"):
        assert (run / name).exists(), name
    from gristmill.manifests import Manifest

    manifest = Manifest.load(run)
    assert manifest.validate() == []
    assert any("adapter" in (p.file_name or "") for p in manifest.document.packages)
    # the tracker run got the config, the data checksum the manifest lists, every step and the eval figures
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(run / "train" / "tensorboard"))
    events.Reload()
    assert [e.step for e in events.Scalars("loss")] == list(range(1, 13))
    results = json.loads((run / "eval" / "results.json").read_text())
    assert [(e.step, round(e.value, 6)) for e in events.Scalars("eval/tuned/rouge_l")] == [
        (12, round(results["metrics"]["tuned"]["rouge_l"], 6))]
    config = json.loads(events.Tensors("config/text_summary")[0].tensor_proto.string_val[0].decode()[8:-4])
    kept = manifest.package(manifest.file_name(run / "curate" / "kept.parquet"))
    assert config["data_sha256"] == next(c.value for c in kept.checksums if c.algorithm.name == "SHA256")
    assert config["loop"]["max_steps"] == 12
    second = run_pipeline(load_run_spec(write_config(folder, tiny)))
    assert [(o.stage, o.skipped) for o in second][:3] == [("curate", True), ("train", True), ("eval", True)]


def test_a_run_killed_during_training_resumes_to_the_same_outputs(
        tiny: Path, whole: tuple[Path, list[tuple[str, bool]]], tmp_path: Path) -> None:
    reference = outputs(whole[0] / "run")
    killed = tmp_path / "killed"
    killed.mkdir()

    config = write_config(killed, tiny)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "gristmill", "run", str(config)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    checkpoints = killed / "run" / "train" / "checkpoints"
    deadline = time.monotonic() + 600
    while not list(checkpoints.glob("step-000004")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "run" / "train" / ".done.json").exists(), "the run finished before it could be killed"
    assert (killed / "run" / "curate" / ".done.json").exists()

    resumed = run_pipeline(load_run_spec(config))
    assert [(o.stage, o.skipped) for o in resumed][:2] == [("curate", True), ("train", False)]
    metrics = [json.loads(line) for line in (killed / "run" / "train" / "metrics.jsonl").read_text().splitlines()]
    assert metrics[-1]["step"] == 12
    assert outputs(killed / "run") == reference


def test_retraining_after_a_config_change_removes_only_what_training_wrote(
        tiny: Path, whole: tuple[Path, list[tuple[str, bool]]], tmp_path: Path) -> None:
    import shutil

    shutil.copytree(whole[0] / "run", tmp_path / "run")
    train = tmp_path / "run" / "train"
    (train / "notes.txt").write_text("the user's own file")
    (train / "data").mkdir()
    (train / "data" / "rows.jsonl").write_text("{}\n")
    assert (train / "checkpoints" / "step-000010").is_dir()
    outcomes = run_pipeline(load_run_spec(write_config(tmp_path, tiny, max_steps=8)))
    assert ("train", False) in [(o.stage, o.skipped) for o in outcomes]
    assert (train / "notes.txt").read_text() == "the user's own file"
    assert (train / "data" / "rows.jsonl").exists()
    assert not (train / "checkpoints" / "step-000010").exists()  # the other config's checkpoints are gone
    assert json.loads((train / "train.json").read_text())["result"]["steps"] == 8


def three_step_run(folder: Path, model: Path, inputs: list[dict], passes: list[dict], kind: str | None = None,
                   data: dict | None = None, **train: dict) -> None:
    """curate → train (3 steps) → eval (4 rows) on the tiny model; every stage runs."""
    config = {
        **({"kind": kind} if kind else {}), "inputs": inputs, "passes": passes, "output": str(folder / "run"),
        "train": {"model": {"name": str(model)}, "data": {"val_fraction": 0.2, "batch_size": 4, **(data or {})},
                  "loop": {"max_steps": 3, "eval_every": 3, "early_stop_patience": None},
                  "optim": {"lr": 0.001, "warmup_steps": 1}, **train},
        "eval": {"data": {"max_examples": 4}, "generation": {"max_new_tokens": 4, "batch_size": 4},
                 "slices": {"min_support": 2}},
    }
    path = folder / "pipeline.yaml"
    path.write_text(yaml.safe_dump(config))
    outcomes = run_pipeline(load_run_spec(path))
    assert [(o.stage, o.skipped) for o in outcomes][:3] == [("curate", False), ("train", False), ("eval", False)]


def test_a_dpo_run_on_hh_rlhf_rows_with_one_turn_prompts(tiny: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """normalize strips the blank lines before a one-turn prompt's `Human:`; the dialogue must still parse
    (it parsed to an empty conversation and stopped training with a traceback)."""
    monkeypatch.setenv("GRISTMILL_CACHE", str(tmp_path / "cache"))  # the reference log-probs of this test only
    three_step_run(tmp_path, tiny, [{"path": str(EXAMPLES / "hh_rlhf_harmless_sample.jsonl"), "license": "MIT",
                                     "name": "hh"}], [{"normalize": {}}], kind="preference",
                   data={"seq_len": 128, "max_examples": 48},
                   preference={"max_prompt_tokens": 64, "max_completion_tokens": 64})
    record = json.loads((tmp_path / "run" / "train" / "train.json").read_text())
    assert record["result"]["steps"] == 3 and record["decisions"]["rows_without_a_user_turn_skipped"] == 0
    kept = [json.loads(line) for line in (EXAMPLES / "hh_rlhf_harmless_sample.jsonl").read_text().splitlines()]
    assert sum(r["prompt"].count("Human:") == 1 for r in kept[:48]) > 0  # the case this test is about


def test_a_chat_run_keeps_conversations_whole(tiny: Path, tmp_path: Path) -> None:
    """kind: chat end to end on multi-turn ShareGPT rows: curation keeps every turn (and redacts PII in an early
    one), training learns every assistant turn, eval generates the last answer given the turns before it."""
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "hh_rlhf_chat_sample.jsonl").read_text()
            .splitlines()]
    rows[0]["conversations"][0]["value"] += " Write to me at jane.roe@example.org."
    data = tmp_path / "chats.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    three_step_run(tmp_path, tiny, [{"path": str(data), "license": "MIT", "name": "hh_chat"}],
                   [{"normalize": {}}, {"exact_dedup": {}}, {"pii": {"keep_reserved": "nowhere"}}],
                   data={"seq_len": 256})
    import polars as pl

    kept = pl.read_parquet(tmp_path / "run" / "curate" / "kept.parquet")
    first = kept.filter(pl.col("source_line") == 1).get_column("messages").to_list()[0]
    assert [t["role"] for t in first] == ["user" if t["from"] == "human" else "assistant"
                                          for t in rows[0]["conversations"]]
    assert "jane.roe@example.org" not in first[0]["content"] and "<EMAIL_ADDRESS>" in first[0]["content"]
    record = json.loads((tmp_path / "run" / "train" / "train.json").read_text())
    assert record["config"]["data"]["kind"] == "chat" and record["result"]["steps"] == 3
    per_example = pl.read_parquet(tmp_path / "run" / "eval" / "per_example.parquet")
    assert per_example.height == 4 and "messages" in per_example.columns


def test_gristmill_run_trains_on_two_ranks(tiny: Path, tmp_path: Path) -> None:
    """`gristmill run --nproc 2`: the train stage runs on two gloo ranks (torch's launcher), the rest as usual."""
    config = write_config(tmp_path, tiny, max_steps=4)
    done = subprocess.run([sys.executable, "-m", "gristmill", "run", str(config), "--nproc", "2"],
                          capture_output=True, text=True, timeout=900, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    run = tmp_path / "run"
    record = json.loads((run / "train" / "train.json").read_text())
    assert record["result"]["steps"] == 4 and (run / "train" / ".done.json").exists()
    assert (run / "eval" / "results.json").exists() and "trained on 2 ranks: 4 steps" in done.stdout


@pytest.mark.slow  # two runs' worth of rank processes on the shared 2-core machine
def test_an_encrypted_run_trains_on_two_ranks_with_its_key(tiny: Path, tmp_path: Path) -> None:
    """`gristmill run --encrypt --nproc 2`: the ranks get the key command, read the sealed rows, and rank 0 seals
    the checkpoints and the adapter."""
    import shlex

    config = write_config(tmp_path, tiny, max_steps=4)
    key_command = f"{shlex.quote(sys.executable)} -c 'print(\"{bytes(range(32)).hex()}\")'"
    done = subprocess.run([sys.executable, "-m", "gristmill", "run", str(config), "--nproc", "2", "--encrypt",
                           "--key-command", key_command], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    run = tmp_path / "run"
    assert "trained on 2 ranks: 4 steps" in done.stdout
    adapter = sorted(p.name for p in (run / "train" / "adapter").iterdir())
    assert adapter == ["adapter_config.json.enc", "adapter_model.safetensors.enc"]
    assert all(p.name.endswith((".enc", "state.json")) for p in (run / "train" / "checkpoints").rglob("*")
               if p.is_file())
    assert (run / "eval" / "per_example.parquet.enc").exists()
