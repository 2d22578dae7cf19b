from __future__ import annotations

import base64
from pathlib import Path

import polars as pl
import pytest
from manifest_runs import run_cli, sft_config
from polars.testing import assert_frame_equal

from gristmill.crypto import CallableKey, EncryptionError, FileKey
from gristmill.curate.stage import load_result, run_curate
from gristmill.manifests import Manifest, crypto
from gristmill.manifests.lineage import Lineage
from gristmill.manifests.verify import verify
from gristmill.rundir import RunDir

KEY = bytes(range(32))


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "gristmill.key"
    path.parent.mkdir()
    path.write_text(base64.b64encode(KEY).decode())
    path.chmod(0o600)  # a key file open to others is warned about
    return path


def test_encrypted_run_writes_only_ciphertext_and_reads_back_with_the_key(sft_data: Path, tmp_path: Path,
                                                                           key_file: Path) -> None:
    plain_cfg, sealed_cfg = sft_config(sft_data, tmp_path / "plain"), sft_config(sft_data, tmp_path / "sealed")
    run_curate(plain_cfg, RunDir(tmp_path / "plain"))
    outcome = run_curate(sealed_cfg, RunDir(tmp_path / "sealed"), key=FileKey(key_file))
    stage = tmp_path / "sealed" / "curate"
    assert sorted(p.name for p in stage.iterdir()) == [
        ".done.json", ".started.json", "kept.parquet.enc", "quarantine.jsonl.enc", "rejected.parquet.enc", "stats.json"]
    expected = pl.read_parquet(tmp_path / "plain" / "curate" / "kept.parquet")
    assert_frame_equal(crypto.read_parquet(stage / "kept.parquet.enc", KEY), expected)
    assert_frame_equal(outcome.result.kept, expected)
    assert Lineage.load(tmp_path / "sealed", KEY).counts() == Lineage.load(tmp_path / "plain").counts()
    with pytest.raises(EncryptionError, match=r"lineage\.parquet\.enc: the file is encrypted"):
        Lineage.load(tmp_path / "sealed")
    manifest = Manifest.load(tmp_path / "sealed")
    assert manifest.annotation("curate.encryption") == {
        "chunk_bytes": 1 << 20, "cipher": "AES-256-GCM", "key_from": f"key file {key_file}",
        "data_key": "wrapped in .keys.json",
        "files": ["kept.parquet.enc", "quarantine.jsonl.enc", "rejected.parquet.enc"]}
    assert KEY.hex() not in (tmp_path / "sealed" / "manifest.spdx.json").read_text()
    assert verify(tmp_path / "sealed").ok  # checksums of the ciphertext: verifiable without the key


def test_no_plaintext_table_reaches_the_disk_during_an_encrypted_run(
        sft_data: Path, tmp_path: Path, key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After every batch the stage folder holds only ciphertext (and no file starts as Parquet does), and
    nothing is left to encrypt after the fact."""
    from gristmill.io import ParquetAppender

    stage = tmp_path / "run" / "curate"
    seen: list[str] = []
    append = ParquetAppender.append

    def append_and_look(self: ParquetAppender, frame: pl.DataFrame) -> None:
        append(self, frame)
        self._wait()  # the batch is on disk now
        for path in stage.iterdir():
            head = path.read_bytes()[:8]
            assert not head.startswith(b"PAR1"), path.name
            if path.name.startswith((".kept", ".rejected")):
                assert head in (b"", crypto.MAGIC), path.name  # empty until the first chunk or header is flushed
            seen.append(path.name)

    def no_sealing_after_the_fact(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plaintext table was written and encrypted afterwards")

    monkeypatch.setattr(ParquetAppender, "append", append_and_look)
    monkeypatch.setattr(crypto, "encrypt_file", no_sealing_after_the_fact)
    cfg = sft_config(sft_data, tmp_path / "run").model_copy(update={"batch_rows": 50})
    outcome = run_curate(cfg, RunDir(tmp_path / "run"), key=FileKey(key_file))
    assert any(name.startswith(".kept.parquet.enc") for name in seen)  # the growing file was looked at
    assert outcome.result.kept.height == run_curate(sft_config(sft_data, tmp_path / "plain"),
                                                     RunDir(tmp_path / "plain")).result.kept.height


def test_finished_encrypted_run_resumes_only_with_the_key(sft_data: Path, tmp_path: Path, key_file: Path) -> None:
    cfg, run = sft_config(sft_data, tmp_path / "run"), RunDir(tmp_path / "run")
    first = run_curate(cfg, run, key=FileKey(key_file))
    again = run_curate(cfg, run, key=FileKey(key_file))
    assert again.skipped
    assert_frame_equal(again.result.kept, first.result.kept)
    assert again.result.paths["kept.parquet"].name == "kept.parquet.enc"
    with pytest.raises(EncryptionError, match=r"quarantine\.jsonl\.enc: the file is encrypted; reading it needs"):
        load_result(tmp_path / "run" / "curate")
    with pytest.raises(EncryptionError, match=r"is encrypted \(\.keys\.json\); rerun with --encrypt"):
        run_curate(cfg, run)  # without the key: refused, never replaced by plaintext
    assert sorted(p.name for p in (tmp_path / "run" / "curate").iterdir() if not p.name.startswith(".")) == [
        "kept.parquet.enc", "quarantine.jsonl.enc", "rejected.parquet.enc", "stats.json"]
    assert verify(tmp_path / "run").ok


def test_cli_encrypts_with_a_key_file_and_refuses_one_inside_the_run(
        sft_data: Path, tmp_path: Path, key_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(sft_data / "gpteacher_codegen_sample.jsonl")
    code, _, _ = run_cli(["curate", data, "-o", str(tmp_path / "r"), "--license", "MIT", "--encrypt",
                          "--key-file", str(key_file)], capsys)
    assert code == 0
    assert (tmp_path / "r" / "curate" / "kept.parquet.enc").exists()
    assert not (tmp_path / "r" / "curate" / "kept.parquet").exists()
    out = tmp_path / "kept.parquet"
    code, _, _ = run_cli(["manifest", "decrypt", str(tmp_path / "r" / "curate" / "kept.parquet.enc"), "-o", str(out),
                          "--key-file", str(key_file)], capsys)
    assert code == 0
    assert pl.read_parquet(out).height == 240
    inside = tmp_path / "r2" / "key"
    inside.parent.mkdir()
    inside.write_bytes(KEY)
    code, _, err = run_cli(["curate", data, "-o", str(tmp_path / "r2"), "--encrypt", "--key-file", str(inside)],
                           capsys)
    assert code == 1
    assert "the key file is inside" in err and "Traceback" not in err
    assert not (tmp_path / "r2" / "curate").exists()  # refused before any work


def test_cli_without_a_key_fails_before_any_work(sft_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GRISTMILL_KEY", raising=False)
    code, _, err = run_cli(["curate", str(sft_data / "extras.jsonl"), "-o", str(tmp_path / "r"), "--encrypt"], capsys)
    assert code == 1
    assert "no key: environment variable GRISTMILL_KEY is not set" in err
    assert not (tmp_path / "r").exists()


def test_a_key_callback_is_fetched_once_per_run(sft_data: Path, tmp_path: Path) -> None:
    """A KMS plugs in as a callback; one fetch serves every file of the run."""
    fetched: list[int] = []

    def fetch() -> bytes:
        fetched.append(1)
        return KEY

    outcome = run_curate(sft_config(sft_data, tmp_path / "run"), RunDir(tmp_path / "run"),
                         key=CallableKey(fetch, "kms alias/gristmill"))
    assert len(fetched) == 1
    assert Manifest.load(tmp_path / "run").annotation("curate.encryption")["key_from"] == "kms alias/gristmill"
    assert outcome.result.kept.height == outcome.result.stats["kept"]
