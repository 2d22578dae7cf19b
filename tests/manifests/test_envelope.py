"""Envelope keys: a data key per run wrapped by the master key (env, file or a key command), and rotation that
re-wraps it without touching the data."""

from __future__ import annotations

import base64
import hashlib
import json
import shlex
import sys
from pathlib import Path

import polars as pl
import pytest
from manifest_runs import run_cli, sft_config
from polars.testing import assert_frame_equal

from gristmill import crypto
from gristmill.crypto import CommandKey, EncryptionError, FileKey
from gristmill.curate.stage import load_result, run_curate
from gristmill.rundir import RunDir

OLD, NEW = bytes(range(32)), bytes(range(100, 132))


def key_file(folder: Path, key: bytes, name: str) -> Path:
    path = folder / "keys" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(base64.b64encode(key).decode())
    path.chmod(0o600)
    return path


def printing(key: bytes) -> str:
    """A key command: any program that prints the key (here python; in production a KMS CLI)."""
    return f"{shlex.quote(sys.executable)} -c 'print(\"{key.hex()}\")'"


def _frame(table: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return table.collect() if isinstance(table, pl.LazyFrame) else table


def digests(run: Path) -> dict[str, str]:
    return {str(p.relative_to(run)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(run.rglob("*.enc"))}


def test_each_run_gets_its_own_data_key_and_only_its_wrapped_form_is_stored(sft_data: Path, tmp_path: Path) -> None:
    master = key_file(tmp_path, OLD, "k")
    keys = []
    for name in ("a", "b"):
        run_curate(sft_config(sft_data, tmp_path / name), RunDir(tmp_path / name), key=FileKey(master))
        record = json.loads((tmp_path / name / ".keys.json").read_text())
        assert record["key_id"] == crypto.key_id(OLD)
        keys.append(crypto.run_data_key(tmp_path / name, FileKey(master)))
    assert keys[0] != keys[1] and OLD not in keys
    for name, data_key in zip(("a", "b"), keys, strict=True):
        stored = (tmp_path / name / ".keys.json").read_bytes()
        assert data_key.hex().encode() not in stored and base64.b64encode(data_key) not in stored
        with pytest.raises(EncryptionError, match="wrong key"):  # a file opens with its run's data key only
            crypto.decrypt_bytes(tmp_path / name / "curate" / "kept.parquet.enc", keys[1 - "ab".index(name)])


def test_a_key_command_serves_the_master_key(sft_data: Path, tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    outcome = run_curate(sft_config(sft_data, run.root), run, key=CommandKey(printing(OLD)))
    assert json.loads((run.root / ".keys.json").read_text())["key_id"] == crypto.key_id(OLD)
    again = load_result(run.root / "curate", crypto.run_data_key(run.root, CommandKey(printing(OLD))))
    assert_frame_equal(_frame(again.kept), _frame(outcome.result.kept))
    with pytest.raises(EncryptionError, match=r"key command sh failed \(exit 3\): no such alias"):
        CommandKey("sh -c 'echo no such alias >&2; exit 3'").key()
    with pytest.raises(EncryptionError, match="not a 256-bit key"):
        CommandKey("echo hello").key()


def test_rotation_rewraps_the_data_key_and_leaves_every_data_file_unchanged(
        sft_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = key_file(tmp_path, OLD, "old"), key_file(tmp_path, NEW, "new")
    cfg, run = sft_config(sft_data, tmp_path / "run"), RunDir(tmp_path / "run")
    first = run_curate(cfg, run, key=FileKey(old))
    before = digests(run.root)
    assert len(before) == 4  # kept, rejected, quarantine, lineage
    code, out, err = run_cli(["key", "rotate", str(run.root), "--key-file", str(old), "--new-key-command",
                              printing(NEW)], capsys)
    assert code == 0, err
    assert f"re-wrapped under key {crypto.key_id(NEW)}" in out
    assert digests(run.root) == before  # not a byte of data re-encrypted
    record = json.loads((run.root / ".keys.json").read_text())
    assert [r["to_key_id"] for r in record["rotations"]] == [crypto.key_id(NEW)]
    with pytest.raises(EncryptionError, match=rf"wrong key \(key file {old} is key {crypto.key_id(OLD)}"):
        run_curate(cfg, run, key=FileKey(old))
    again = run_curate(cfg, run, key=FileKey(new))  # the new key reads everything the old one wrote
    assert again.skipped
    assert_frame_equal(_frame(again.result.kept), _frame(first.result.kept))
    code, _, err = run_cli(["key", "rotate", str(run.root), "--key-file", str(old), "--new-key-file", str(new)], capsys)
    assert code == 1 and "wrong key" in err


def test_a_run_sealed_with_the_master_key_itself_still_reads_but_cannot_rotate(
        sft_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Runs encrypted before envelope keys: files sealed with the master key, no .keys.json."""
    old = key_file(tmp_path, OLD, "old")
    cfg, run = sft_config(sft_data, tmp_path / "run"), RunDir(tmp_path / "run")
    first = run_curate(cfg, run, key=FileKey(old))
    data_key = crypto.run_data_key(run.root, FileKey(old))
    for sealed in sorted(run.root.rglob("*.enc")):  # re-seal as the earlier scheme did: with the master key
        crypto.write_bytes(crypto.decrypt_bytes(sealed, data_key), sealed, OLD)
    (run.root / ".keys.json").unlink()
    assert crypto.run_data_key(run.root, FileKey(old)) == OLD
    again = run_curate(cfg, run, key=FileKey(old))
    assert_frame_equal(_frame(again.result.kept), _frame(first.result.kept))
    assert not (run.root / ".keys.json").exists()
    code, _, err = run_cli(["key", "rotate", str(run.root), "--key-file", str(old), "--new-key-env", "NEW_KEY"], capsys)
    assert code == 1 and "sealed with the master key itself" in err


def test_encrypting_a_plaintext_run_leaves_no_plaintext_table_behind(sft_data: Path, tmp_path: Path) -> None:
    cfg, run = sft_config(sft_data, tmp_path / "run"), RunDir(tmp_path / "run")
    run_curate(cfg, run)
    assert (run.root / "lineage.parquet").exists()
    run_curate(cfg, run, key=FileKey(key_file(tmp_path, OLD, "k")))
    tables = sorted(str(p.relative_to(run.root)) for p in run.root.rglob("*") if p.is_file()
                    and b"PAR1" in p.read_bytes())
    assert tables == []
    assert sorted(p.name for p in run.root.rglob("*.enc")) == [
        "kept.parquet.enc", "lineage.parquet.enc", "quarantine.jsonl.enc", "rejected.parquet.enc"]
