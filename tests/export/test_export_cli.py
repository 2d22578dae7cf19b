"""`gristmill export RUN` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run_cli


def test_export_command_writes_merged_and_gguf(tiny_run: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["export", str(tiny_run), "--merged", "--gguf", "f16", "--out", str(tmp_path / "x")],
                             capsys)
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert written == ["adapter", "adapter.lora.gguf", "base.f16.gguf", "merged", "model.f16.gguf"]
    assert "merged gguf (f16)" in out


def test_export_of_a_folder_that_is_no_run_is_a_one_line_error(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["export", str(tmp_path)], capsys)
    assert code == 1
    assert "neither a trained run" in err and "Traceback" not in err
