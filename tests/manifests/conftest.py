from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from manifest_runs import SftRun, sft_config, write_extras

from gristmill.curate.stage import run_curate
from gristmill.rundir import RunDir


@pytest.fixture
def sft_data(tmp_path: Path, codegen_path: Path, roleplay_path: Path) -> Path:
    """Copies of the inputs, so tests may modify them."""
    data = tmp_path / "data"
    data.mkdir()
    codegen = Path(shutil.copy(codegen_path, data))
    roleplay = Path(shutil.copy(roleplay_path, data))
    write_extras(codegen, roleplay, data / "extras.jsonl")
    return data


@pytest.fixture
def sft_run(sft_data: Path, tmp_path: Path) -> SftRun:
    cfg = sft_config(sft_data, tmp_path / "run")
    run_curate(cfg, RunDir(cfg.output))
    return SftRun(Path(cfg.output), sft_data / "gpteacher_codegen_sample.jsonl",
                  sft_data / "gpteacher_roleplay_sample.jsonl", sft_data / "extras.jsonl", cfg)
