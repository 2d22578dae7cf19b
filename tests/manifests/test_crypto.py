from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gristmill import crypto
from gristmill.crypto import (
    CHUNK,
    HEADER,
    TAG,
    CallableKey,
    EncryptionError,
    EnvKey,
    FileKey,
    check_key,
    decrypt_file,
    encrypt_file,
    parse_key,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def _encrypted(tmp_path: Path, size: int, seed: int = 0) -> tuple[Path, bytes]:
    data = (bytes(range(256)) * (size // 256 + 1))[:size] if seed == 0 else os.urandom(size)
    plain = tmp_path / "plain.bin"
    plain.write_bytes(data)
    return encrypt_file(plain, KEY), data


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK, 2 * CHUNK + 17])
def test_round_trip_is_byte_identical(tmp_path: Path, size: int) -> None:
    sealed, data = _encrypted(tmp_path, size, seed=1)
    chunks = max(1, -(-size // CHUNK))
    assert sealed.stat().st_size == HEADER.size + size + chunks * TAG
    assert decrypt_file(sealed, KEY, tmp_path / "back.bin").read_bytes() == data


def test_same_plaintext_encrypts_differently_each_time(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, 1000)
    again = encrypt_file(tmp_path / "plain.bin", KEY, tmp_path / "again.enc")
    assert sealed.read_bytes() != again.read_bytes()  # a fresh salt, so a fresh file key


def test_wrong_key_fails_clearly_and_writes_nothing(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, 5000)
    with pytest.raises(EncryptionError, match=r"plain.bin.enc: wrong key \(the given key is not the key this file"):
        decrypt_file(sealed, OTHER_KEY, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.bin", "plain.bin.enc"]  # no temporary left


@pytest.mark.parametrize(("offset", "chunk"), [(HEADER.size, 0), (HEADER.size + CHUNK + TAG + 5, 1), (-1, 2)])
def test_flipped_byte_fails_authentication(tmp_path: Path, offset: int, chunk: int) -> None:
    sealed, _ = _encrypted(tmp_path, 2 * CHUNK + 100)
    data = bytearray(sealed.read_bytes())
    data[offset] ^= 0x01
    sealed.write_bytes(bytes(data))
    with pytest.raises(EncryptionError, match=rf"chunk {chunk} failed authentication: the file was modified"):
        decrypt_file(sealed, KEY, tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()


def test_flipped_header_byte_is_caught(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, 100)
    data = bytearray(sealed.read_bytes())
    data[20] ^= 0x80  # inside the salt: the derived key no longer matches the key check
    sealed.write_bytes(bytes(data))
    with pytest.raises(EncryptionError, match=r"wrong key .* or its header is damaged"):
        crypto.decrypt_bytes(sealed, KEY)


def test_file_cut_at_a_chunk_boundary_is_reported_truncated(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, 2 * CHUNK + 100)
    sealed.write_bytes(sealed.read_bytes()[: HEADER.size + 2 * (CHUNK + TAG)])
    with pytest.raises(EncryptionError, match=r"truncated \(it ends after chunk 1; the final chunk is missing\)"):
        crypto.decrypt_bytes(sealed, KEY)


def test_file_cut_inside_a_chunk_fails(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, CHUNK + 100)
    sealed.write_bytes(sealed.read_bytes()[:-50])
    with pytest.raises(EncryptionError, match="chunk 1 failed authentication"):
        crypto.decrypt_bytes(sealed, KEY)
    sealed.write_bytes(sealed.read_bytes()[: HEADER.size + CHUNK + TAG + 3])
    with pytest.raises(EncryptionError, match=r"truncated \(chunk 1 is 3 bytes, shorter than its tag\)"):
        crypto.decrypt_bytes(sealed, KEY)


def test_swapped_chunks_fail(tmp_path: Path) -> None:
    sealed, _ = _encrypted(tmp_path, 3 * CHUNK)
    raw = sealed.read_bytes()
    head, size = HEADER.size, CHUNK + TAG
    first, second = raw[head: head + size], raw[head + size: head + 2 * size]
    sealed.write_bytes(raw[:head] + second + first + raw[head + 2 * size:])
    with pytest.raises(EncryptionError, match="chunk 0 failed authentication"):
        crypto.decrypt_bytes(sealed, KEY)


def test_plain_file_is_not_mistaken_for_an_encrypted_one(tmp_path: Path) -> None:
    plain = tmp_path / "kept.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(plain)
    with pytest.raises(EncryptionError, match=r"kept\.parquet: not a gristmill encrypted file"):
        crypto.decrypt_bytes(plain, KEY)


def test_keys_parse_from_hex_base64_and_raw_bytes() -> None:
    assert parse_key(KEY.hex(), "k") == KEY
    assert parse_key(base64.b64encode(KEY).decode() + "\n", "k") == KEY
    assert parse_key(base64.urlsafe_b64encode(KEY), "k") == KEY
    assert parse_key(KEY, "k") == KEY
    with pytest.raises(EncryptionError, match=r"^k: not a 256-bit key \(expected 32 bytes"):
        parse_key(base64.b64encode(KEY[:16]).decode(), "k")


def test_key_providers_read_env_file_and_callback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRISTMILL_KEY", KEY.hex())
    key_file = tmp_path / "k"
    key_file.write_text(base64.b64encode(OTHER_KEY).decode())
    key_file.chmod(0o600)
    assert EnvKey().key() == KEY
    assert FileKey(key_file).key() == OTHER_KEY
    assert CallableKey(lambda: KEY, "kms alias/test").key() == KEY
    assert crypto.key_provider(key_file) == FileKey(key_file)
    assert crypto.key_provider() == EnvKey("GRISTMILL_KEY")


def test_missing_key_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRISTMILL_KEY", raising=False)
    with pytest.raises(EncryptionError, match="no key: environment variable GRISTMILL_KEY is not set"):
        EnvKey().key()
    with pytest.raises(EncryptionError, match="nokey: cannot read the key file"):
        FileKey(tmp_path / "nokey").key()


def test_key_file_inside_the_run_directory_is_refused(tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "secrets").mkdir(parents=True)
    key_file = run / "secrets" / "key"
    key_file.write_text(KEY.hex())
    with pytest.raises(EncryptionError, match=r"the key file is inside .*run, the folder it would encrypt"):
        check_key(FileKey(key_file), run)
    outside = tmp_path / "key"
    outside.write_text(KEY.hex())
    assert check_key(FileKey(outside), run) == KEY


def test_encrypted_parquet_reads_back_only_with_the_key(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["a", "b"], "output": ["x" * 10, "y"], "n": [1, 2]})
    path = crypto.write_parquet(frame, tmp_path / "kept.parquet.enc", base64.b64encode(KEY).decode())
    assert not path.read_bytes().startswith(b"PAR1")
    assert_frame_equal(crypto.read_parquet(path, KEY), frame)
    assert_frame_equal(crypto.scan_output(tmp_path / "kept.parquet", KEY).filter(pl.col("n") > 1).collect(),
                       frame.tail(1))
    assert crypto.scan_output(tmp_path / "kept.parquet", KEY).collect_schema() == frame.schema
    with pytest.raises(EncryptionError, match=r"kept.parquet.enc: the file is encrypted; reading it needs the key"):
        crypto.scan_output(tmp_path / "kept.parquet", None)
    with pytest.raises(EncryptionError, match="wrong key"):
        crypto.read_parquet(path, OTHER_KEY)


def test_streams_use_constant_memory_per_chunk() -> None:
    """A 3-chunk stream is read and written one chunk at a time: each write is at most one sealed chunk."""
    writes: list[int] = []

    class Recorder(io.BytesIO):
        def write(self, data: bytes) -> int:  # type: ignore[override]
            writes.append(len(data))
            return super().write(data)

    sealed = Recorder()
    crypto.encrypt_stream(io.BytesIO(b"z" * (3 * 1000)), sealed, KEY, chunk_size=1000)
    assert writes == [HEADER.size, 1000 + TAG, 1000 + TAG, 1000 + TAG]
    plain = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(sealed.getvalue()), plain, KEY)
    assert plain.getvalue() == b"z" * 3000


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 350])
@pytest.mark.parametrize("piece", [1, 7, 100, 1000])
def test_writer_seals_what_is_written_in_any_pieces(size: int, piece: int) -> None:
    """Written through `EncryptingWriter` in pieces of any size, the file has the layout encrypt_stream gives
    (full chunks, then a final one of 1..chunk bytes, or one empty chunk) and decrypts to the same bytes."""
    data = os.urandom(size)
    sealed = io.BytesIO()
    with crypto.EncryptingWriter(sealed, KEY, chunk_size=100) as writer:
        for start in range(0, size, piece):
            writer.write(data[start:start + piece])
        assert writer.tell() == size
    chunks = max(1, -(-size // 100))
    assert len(sealed.getvalue()) == HEADER.size + size + chunks * TAG
    plain = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(sealed.getvalue()), plain, KEY)
    assert plain.getvalue() == data
