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


# ------------------------------------------------------------------------------------- issue 21: clear messages

ROW = json.dumps({"instruction": "a", "input": "", "output": "one two three four"})


def one_line_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    code, _, err = run_cli(args, capsys)
    assert code == 1 and "Traceback" not in err and "Aborted" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_truncated_gzip_is_one_line_not_aborted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    data = gzip.compress(("\n".join([ROW] * 2000) + "\n").encode())
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    err = one_line_error(capsys, ["curate", str(path), "-o", str(tmp_path / "r")])
    assert err.startswith(f"error: {path}: cannot read past line ") and "truncated or corrupt" in err
    proc = subprocess.run([sys.executable, "-m", "gristmill", "--debug", "curate", str(path), "-o",
                           str(tmp_path / "r")], capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "InputError" in proc.stderr and "Aborted" not in proc.stderr


def yaml_alias_bomb(levels: int, fan_out: int = 10) -> str:
    """Each anchor lists the one before `fan_out` times: fan_out**levels values from a few hundred bytes."""
    lines = ["  a0: &a0 [" + ", ".join(["x"] * fan_out) + "]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan_out) + "]" for i in range(1, levels)]
    return "\n".join(lines)


def test_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.jsonl").write_text(ROW + "\n")
    config = tmp_path / "c.yaml"
    config.write_text(f"inputs: [{{path: d.jsonl}}]\nrun:\n{yaml_alias_bomb(9)}\n"
                      "passes: [{label_rules: {column: c, rules: *a8}}]\n")
    assert len(config.read_bytes()) < 1024
    err = one_line_error(capsys, ["curate", str(config), "-o", str(tmp_path / "out")])
    assert "expands to more than 100,000 values through YAML aliases" in err


def test_recursive_yaml_alias_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("inputs: [{path: d.jsonl}]\npasses: &p [*p]\n")
    assert "refers to a node that contains it" in one_line_error(capsys, ["curate", str(config)])


def test_config_errors_never_print_a_whole_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Below the cap an alias still expands to thousands of values; the error shows a line of it."""
    (tmp_path / "d.jsonl").write_text(ROW + "\n")
    config = tmp_path / "c.yaml"
    config.write_text(f"inputs: [{{path: d.jsonl}}]\nrun:\n{yaml_alias_bomb(4)}\n"
                      "passes: [{label_rules: {column: c, rules: *a3}}]\n")
    code, _, err = run_cli(["curate", str(config), "-o", str(tmp_path / "out")], capsys)
    assert code == 1 and "Traceback" not in err
    assert len(err) < 4000  # the value expands to 1,000 strings


def test_config_file_over_the_size_cap_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("inputs: [{path: d.jsonl}]\n# " + "x" * (1 << 20) + "\n")
    assert "larger than 1 MiB" in one_line_error(capsys, ["curate", str(config)])


def test_output_under_a_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.jsonl").write_text(ROW + "\n")
    (tmp_path / "file").write_text("")
    err = one_line_error(capsys, ["curate", str(tmp_path / "d.jsonl"), "-o", str(tmp_path / "file" / "run")])
    assert err.startswith(f"error: {tmp_path / 'file'}") and "Not a directory" in err


@pytest.fixture
def small_tmpfs(tmp_path: Path):
    """A 256 KiB file system of its own (needs root and mount rights; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_and_read_only_output_are_one_line_errors(
        tmp_path: Path, small_tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps({"instruction": f"q{i} " * 9, "input": "", "output": f"a {i} " * 20})
                              for i in range(20_000)) + "\n")
    err = one_line_error(capsys, ["curate", str(data), "-o", str(small_tmpfs / "run"), "-p", "exact_dedup"])
    assert err.startswith(f"error: {small_tmpfs / 'run' / 'curate'}/")
    assert err.endswith(": No space left on device (free some space or write the run elsewhere (--output))")
    assert [p.name for p in (small_tmpfs / "run" / "curate").iterdir()] == [".started.json"]  # no partial file
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    err = one_line_error(capsys, ["curate", str(data), "-o", str(small_tmpfs / "run2")])
    assert err == f"error: {small_tmpfs / 'run2'}: Read-only file system (the file system is read-only; write " \
                  "the run elsewhere (--output))"


def test_key_file_open_to_others_warns_and_strict_keys_refuses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gristmill.crypto import generate_key

    (tmp_path / "d.jsonl").write_text(ROW + "\n")
    keys = tmp_path / "keys"
    keys.mkdir()
    key = keys / "k"
    key.write_text(generate_key())
    key.chmod(0o644)
    base = ["curate", str(tmp_path / "d.jsonl"), "--encrypt", "--key-file", str(key)]
    code, _, err = run_cli([*base, "-o", str(tmp_path / "a")], capsys)
    assert code == 0
    assert f"warning: {key}: the key file is open to group or others (mode 644)" in err
    err = one_line_error(capsys, [*base, "-o", str(tmp_path / "b"), "--strict-keys"])
    assert err.endswith("(--strict-keys refuses such a key)")
    key.chmod(0o600)
    code, _, err = run_cli([*base, "-o", str(tmp_path / "c"), "--strict-keys"], capsys)
    assert code == 0 and "warning" not in err


def test_manifest_explain_finds_a_csv_row_by_the_line_it_starts_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "x.csv"
    data.write_text('instruction,input,output\nfirst,,"one\ntwo three four"\nsecond,,"five six seven eight"\n'
                    'third,,"nine\n\nten eleven twelve"\nfourth,,thirteen fourteen fifteen sixteen\n')
    assert run_cli(["curate", str(data), "-o", str(tmp_path / "run"), "-p", "exact_dedup"], capsys)[0] == 0
    ids = dict(pl.read_parquet(tmp_path / "run" / "curate" / "kept.parquet").select("instruction", "id").rows())
    for line, instruction in ((2, "first"), (4, "second"), (5, "third"), (8, "fourth")):
        code, out, _ = run_cli(["manifest", "explain", str(tmp_path / "run"), f"{data}:{line}"], capsys)
        assert code == 0 and f"kept: row {ids[instruction]} read from" in out, (line, out)
