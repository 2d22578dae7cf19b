from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from cli_helpers import run_cli


def test_flags_only_form_curates_files(codegen_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["curate", str(codegen_path), "-o", str(tmp_path / "r"), "--license", "MIT"], capsys)
    assert code == 0
    assert "rows in 240 = kept" in out
    kept = pl.read_parquet(tmp_path / "r" / "curate" / "kept.parquet")
    assert set(kept.get_column("license")) == {"MIT"}


def test_config_form_and_skip_on_rerun(tmp_path: Path, codegen_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"inputs: [{{path: {codegen_path}, license: MIT}}]\npasses: [{{normalize: {{}}}}]\n"
                      f"output: {tmp_path / 'run'}\n")
    assert run_cli(["curate", str(config)], capsys)[0] == 0
    code, _, err = run_cli(["curate", str(config)], capsys)
    assert code == 0 and "already done" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("inputs: [{path: missing.jsonl}]\n", "missing.jsonl: no such file"),
        ("inputs: [{path: d.jsonl}]\npasses: [{dedupe: {}}]\n", "passes[0]: unknown pass 'dedupe'"),
        ("inputs: [{path: d.jsonl}]\nouput: x\n", "ouput: unknown key (expected one of:"),
        ("inputs: [{path: d.jsonl, licence: MIT}]\n", "inputs[0].licence: unknown key (expected one of: fields"),
        ("inputs: [\n", "invalid YAML:"),
    ],
)
def test_bad_input_is_one_line_error_without_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    (tmp_path / "d.jsonl").write_text(json.dumps({"instruction": "a", "input": "", "output": "b"}) + "\n")
    config = tmp_path / "c.yaml"
    config.write_text(content)
    code, _, err = run_cli(["curate", str(config), "-o", str(tmp_path / "out")], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_empty_file_and_unknown_pass_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    code, _, err = run_cli(["curate", str(empty), "-o", str(tmp_path / "o")], capsys)
    assert (code, err.strip()) == (1, f"error: {empty}: the file is empty")
    code, _, err = run_cli(["curate", str(empty), "-p", "nope"], capsys)
    assert code == 1 and "unknown pass 'nope'" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "gristmill", "--debug", "curate", str(tmp_path / "none.jsonl")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "Traceback" in proc.stderr and "InputError" in proc.stderr


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["curate"], capsys)
    assert code == 2 and "Missing argument" in err


def test_field_flags_map_columns_and_the_kind_follows_them(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "qa.jsonl"
    data.write_text('{"Question": "What is 2+2?", "Answer": "It is four, of course."}\n'
                    '{"Question": "Name a color.", "Answer": "Blue is a color, like the sky."}\n')
    code, _, err = run_cli(["curate", str(data), "-o", str(tmp_path / "r"), "--field", "instruction=Question",
                            "--field", "output=Answer"], capsys)
    assert code == 0, err
    kept = pl.read_parquet(tmp_path / "r" / "curate" / "kept.parquet")
    assert kept.get_column("instruction").to_list() == ["What is 2+2?", "Name a color."]
    assert json.loads((tmp_path / "r" / "curate" / "stats.json").read_text())["kind"] == "sft"
    code, _, err = run_cli(["curate", str(data), "-o", str(tmp_path / "r2"), "--field", "instruction"], capsys)
    assert code == 1 and "--field 'instruction': expected CANONICAL=COLUMN" in err
