"""Encryption at rest: AES-256-GCM in authenticated 1 MiB chunks (the STREAM construction).

File layout (all integers big-endian):

    magic "GRISTENC" (8) | version (1) | chunk size (4) | salt (16) | key check (16) | chunk 0 | chunk 1 | ...

Each file gets its own AES key, derived with HKDF-SHA256 from the master key and the file's random salt, so
nonces never repeat across files. Chunk `i` is sealed with nonce `i (8 bytes) | final flag (1) | 0 0 0` and
the header as associated data: a flipped byte, a reordered chunk, a chunk cut off the end or a changed
header all fail authentication. The key check (an HMAC of the file key) tells a wrong key apart from a
tampered file. Memory stays at one chunk whatever the file size.

Envelope encryption. A run directory gets its own random 256-bit data key, which encrypts every file of the
run; the data key is stored in `RUN/.keys.json` only wrapped (AES key wrap, RFC 3394) by a key-encryption key
derived from the master key. The master key comes from a `KeyProvider`: an environment variable
(`GRISTMILL_KEY`), a key file, a command that prints it (`--key-command`, any KMS CLI), or any callable. It is
never written beside the data. Rotating the master key re-wraps the data key; no data file changes. Runs
encrypted before envelopes existed (files sealed with the master key itself, no `.keys.json`) still read.

With encryption on, a command makes the run's `Sealer` active (`sealing`), and every writer below the stages
(`save_bytes`, `save_parquet`, ...) seals what it writes; readers find the `.enc` twin and open it in memory.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import io
import json
import os
import shlex
import struct
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, cast

from gristmill.errors import GristmillError, GristmillWarning
from gristmill.files import atomic_path, write_json
from gristmill.files import write_bytes as write_plain_bytes

if TYPE_CHECKING:  # Polars only where a table is read: the trainer imports this module without it
    import polars as pl
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENV_VAR = "GRISTMILL_KEY"
SUFFIX = ".enc"
MAGIC = b"GRISTENC"
VERSION = 1
CHUNK = 1 << 20
TAG = 16
KEY_BYTES = 32
HEADER = struct.Struct(">8sBI16s16s")  # magic, version, chunk size, salt, key check


class EncryptionError(GristmillError):
    """A key that is missing or malformed, a wrong key, or an encrypted file that fails authentication."""


# ----------------------------------------------------------------------------------------------- keys


class KeyProvider(Protocol):
    """Where a 32-byte key comes from. `name` says where, for messages; it never holds the key."""

    @property
    def name(self) -> str: ...

    def key(self) -> bytes: ...


def parse_key(value: str | bytes, where: str) -> bytes:
    """A 32-byte key from raw bytes, 64 hex digits or base64 (standard or URL-safe)."""
    if isinstance(value, bytes) and len(value) == KEY_BYTES:
        return value
    text = value.decode("ascii", errors="replace") if isinstance(value, bytes) else value
    text = text.strip()
    candidates: list[Callable[[str], bytes]] = [
        bytes.fromhex,
        lambda t: base64.b64decode(t, validate=True),
        lambda t: base64.b64decode(t, altchars=b"-_", validate=True),
    ]
    for decode in candidates:
        try:
            key = decode(text)
        except (ValueError, binascii.Error):
            continue
        if len(key) == KEY_BYTES:
            return key
    raise EncryptionError(f"{where}: not a 256-bit key (expected 32 bytes as 64 hex digits or base64; "
                          "make one with: python -c \"import os,base64;print(base64.b64encode(os.urandom(32))"
                          ".decode())\")")


@dataclass(frozen=True)
class EnvKey:
    """The key in an environment variable (hex or base64)."""

    var: str = ENV_VAR

    @property
    def name(self) -> str:
        return f"environment variable {self.var}"

    def key(self) -> bytes:
        value = os.environ.get(self.var)
        if not value:
            raise EncryptionError(f"no key: environment variable {self.var} is not set (set it to a base64 or hex "
                                  "256-bit key, or pass --key-file)")
        return parse_key(value, self.name)


class KeyFileWarning(GristmillWarning):
    """A key file that other users of the machine may read."""


@dataclass(frozen=True)
class FileKey:
    """The key in a file (raw 32 bytes, hex or base64), kept away from the data it protects. A file that
    group or others may access is a warning, or with `strict` an error."""

    path: Path
    strict: bool = False

    @property
    def name(self) -> str:
        return f"key file {self.path}"

    def key(self) -> bytes:
        try:
            data = Path(self.path).read_bytes()
            mode = Path(self.path).stat().st_mode & 0o777
        except OSError as exc:
            raise EncryptionError(f"{self.path}: cannot read the key file ({exc.strerror or exc})") from None
        if mode & 0o077:
            problem = (f"{self.path}: the key file is open to group or others (mode {mode:03o}); "
                       f"run `chmod 600 {self.path}`")
            if self.strict:
                raise EncryptionError(f"{problem} (--strict-keys refuses such a key)")
            warnings.warn(f"{problem}; --strict-keys refuses such a key", KeyFileWarning, stacklevel=2)
        return parse_key(data, str(self.path))


@dataclass(frozen=True)
class CallableKey:
    """A key fetched by any function: the hook for a KMS (`CallableKey(fetch_from_kms, "aws-kms alias/x")`)."""

    fetch: Callable[[], bytes | str]
    name: str = "key callback"

    def key(self) -> bytes:
        return parse_key(self.fetch(), self.name)


@dataclass(frozen=True)
class CommandKey:
    """The key a command prints on stdout (hex or base64): any KMS CLI serves, e.g.
    `aws kms decrypt --ciphertext-blob fileb://master.bin --query Plaintext --output text`.
    The command runs through the shell; its stderr is shown (shortened) only when it fails."""

    command: str
    timeout_s: float = 120.0

    @property
    def name(self) -> str:
        words = shlex.split(self.command) if self.command.strip() else [""]
        return f"key command {Path(words[0]).name}"

    def key(self) -> bytes:
        try:
            done = subprocess.run(self.command, shell=True, capture_output=True, timeout=self.timeout_s,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise EncryptionError(f"{self.name}: no key after {self.timeout_s:.0f} s") from None
        if done.returncode != 0:
            from gristmill.http import scrub

            last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            raise EncryptionError(f"{self.name} failed (exit {done.returncode}): {scrub(last, None)[:200]}")
        return parse_key(done.stdout, self.name)


def key_provider(key_file: str | Path | None = None, env: str = ENV_VAR, strict: bool = False,
                 key_command: str | None = None) -> KeyProvider:
    """The key command or the key file when one is given (a key file with `strict` is refused when group or
    others may read it), else the environment variable."""
    if key_file is not None and key_command is not None:
        raise EncryptionError("give either --key-file or --key-command, not both")
    if key_command is not None:
        return CommandKey(key_command)
    return FileKey(Path(key_file), strict) if key_file is not None else EnvKey(env)


def check_key(provider: KeyProvider, data_dir: str | Path) -> bytes:
    """The key, fetched once; fails on a missing or malformed key, or on a key file inside the folder whose
    data it encrypts (a key stored beside the data protects nothing)."""
    key = provider.key()
    if isinstance(provider, FileKey):
        key_path, data = Path(provider.path).resolve(), Path(data_dir).resolve()
        if key_path == data or data in key_path.parents:
            raise EncryptionError(f"{provider.path}: the key file is inside {data_dir}, the folder it would "
                                  "encrypt; keep keys away from the data (another folder, a secret store)")
    return key


def generate_key() -> str:
    """A fresh random 256-bit key, base64-encoded (what GRISTMILL_KEY or a key file holds)."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def _key_bytes(key: bytes | str | KeyProvider) -> tuple[bytes, str]:
    if isinstance(key, bytes | str):
        return parse_key(key, "key"), "the given key"
    return key.key(), key.name


# ----------------------------------------------------------------------------------------------- format


def _file_keys(master: bytes, salt: bytes) -> tuple[bytes, bytes]:
    """Per-file AES key and its key check, derived from the master key and the file's salt."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    file_key = HKDF(hashes.SHA256(), KEY_BYTES, salt, b"gristmill aes-256-gcm file key v1").derive(master)
    check = hmac.new(file_key, b"gristmill key check v1", "sha256").digest()[:16]
    return file_key, check


def _nonce(index: int, final: bool) -> bytes:
    return struct.pack(">QB3x", index, final)


class EncryptingWriter(io.RawIOBase):
    """A writable file that encrypts what is written to it into `dst`, one chunk in memory at a time.

    Writers that take a file object (pyarrow's ParquetWriter, json lines) write through it, so the plaintext
    never reaches the disk. A chunk is sealed once the next byte arrives (only then is it known not to be the
    last); `close` seals the last one as final. `tell` is the plaintext position, which is what writers ask.
    """

    def __init__(self, dst: BinaryIO, key: bytes, chunk_size: int = CHUNK) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        super().__init__()
        salt = os.urandom(16)
        file_key, check = _file_keys(key, salt)
        self.header = HEADER.pack(MAGIC, VERSION, chunk_size, salt, check)
        self.dst, self.chunk_size, self.aead = dst, chunk_size, AESGCM(file_key)
        self.buffer, self.index, self.position = bytearray(), 0, 0
        dst.write(self.header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.buffer += data
        self.position += len(data)
        while len(self.buffer) > self.chunk_size:  # more follows this chunk: it is not the final one
            self._seal(bytes(self.buffer[:self.chunk_size]), final=False)
            del self.buffer[:self.chunk_size]
        return len(data)

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), final=True)  # an exact multiple of the chunk size ends on a full chunk
            self.buffer.clear()
        super().close()

    def _seal(self, block: bytes, final: bool) -> None:
        self.dst.write(self.aead.encrypt(_nonce(self.index, final), block, self.header))
        self.index += 1


def encrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes, chunk_size: int = CHUNK) -> None:
    """Encrypt everything `src` holds into `dst`, one chunk in memory at a time."""
    with EncryptingWriter(dst, key, chunk_size) as sealed:
        while block := src.read(chunk_size):
            sealed.write(block)


@contextlib.contextmanager
def sealed_output(path: str | Path, key: bytes) -> Iterator[BinaryIO]:
    """Write `path` (an `.enc` file) encrypted, atomically: a file object for writers that stream."""
    with atomic_path(path) as tmp, open(tmp, "wb") as raw, EncryptingWriter(raw, key) as sealed:
        yield cast(BinaryIO, sealed)


def _read_header(src: BinaryIO, name: str) -> tuple[bytes, int, bytes, bytes]:
    raw = src.read(HEADER.size)
    if len(raw) < HEADER.size or not raw.startswith(MAGIC):
        raise EncryptionError(f"{name}: not a gristmill encrypted file (no {MAGIC.decode()} header)")
    _, version, chunk_size, salt, check = HEADER.unpack(raw)
    if version != VERSION:
        raise EncryptionError(f"{name}: encrypted with format version {version}; this gristmill reads {VERSION}")
    return raw, chunk_size, salt, check


def decrypt_stream(src: BinaryIO, dst: BinaryIO, key: bytes, name: str = "input", key_name: str = "the key"
                   ) -> None:
    """Decrypt and authenticate chunk by chunk; raises EncryptionError on a wrong key, tampering or truncation."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, chunk_size, salt, check = _read_header(src, name)
    file_key, expected = _file_keys(key, salt)
    if not hmac.compare_digest(check, expected):
        raise EncryptionError(f"{name}: wrong key ({key_name} is not the key this file was encrypted with, "
                              "or its header is damaged)")
    aead = AESGCM(file_key)
    sealed = chunk_size + TAG
    block, index = src.read(sealed), 0
    while True:
        following = src.read(sealed) if len(block) == sealed else b""
        final = not following
        try:
            dst.write(aead.decrypt(_nonce(index, final), block, header))
        except InvalidTag:
            raise _chunk_error(aead, block, header, index, final, name) from None
        if final:
            return
        block, index = following, index + 1


def _chunk_error(aead: AESGCM, block: bytes, header: bytes, index: int, final: bool, name: str) -> EncryptionError:
    """Why chunk `index` failed: the file ends early (a valid non-final last chunk), or it was modified."""
    from cryptography.exceptions import InvalidTag

    if final and len(block) >= TAG:
        try:
            aead.decrypt(_nonce(index, False), block, header)
        except InvalidTag:
            pass
        else:
            return EncryptionError(f"{name}: truncated (it ends after chunk {index}; the final chunk is missing)")
    if len(block) < TAG:
        return EncryptionError(f"{name}: truncated (chunk {index} is {len(block)} bytes, shorter than its tag)")
    return EncryptionError(f"{name}: chunk {index} failed authentication: the file was modified or damaged")


# ----------------------------------------------------------------------------------------------- files


def encrypted_path(path: str | Path) -> Path:
    return Path(f"{path}{SUFFIX}")


def encrypt_file(src: str | Path, key: bytes | str | KeyProvider, dst: str | Path | None = None,
                 remove_plain: bool = False) -> Path:
    """Encrypt `src` to `dst` (default `src.enc`), atomically; optionally delete the plaintext afterwards."""
    master, _ = _key_bytes(key)
    target = Path(dst) if dst is not None else encrypted_path(src)
    with open(src, "rb") as plain, atomic_path(target) as tmp, open(tmp, "wb") as sealed:
        encrypt_stream(plain, sealed, master)
    if remove_plain:
        Path(src).unlink()
    return target


def decrypt_file(src: str | Path, key: bytes | str | KeyProvider, dst: str | Path | None = None) -> Path:
    """Decrypt `src` to `dst` (default: `src` without `.enc`); nothing is left behind when it fails."""
    master, key_name = _key_bytes(key)
    master = _opening_key(src, master)
    target = Path(dst) if dst is not None else Path(str(src).removesuffix(SUFFIX))
    if target == Path(src):
        raise EncryptionError(f"{src}: give a destination (the file does not end in {SUFFIX})")
    with _open_sealed(src) as sealed, atomic_path(target) as tmp, open(tmp, "wb") as plain:
        decrypt_stream(sealed, plain, master, str(src), key_name)
    return target


def _open_sealed(path: str | Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise EncryptionError(f"{path}: cannot open ({exc.strerror or exc})") from None


def decrypt_bytes(path: str | Path, key: bytes | str | KeyProvider) -> bytes:
    """The plaintext of an encrypted file, in memory (for tables read whole anyway)."""
    master, key_name = _key_bytes(key)
    master = _opening_key(path, master)
    buffer = io.BytesIO()
    with _open_sealed(path) as sealed:
        decrypt_stream(sealed, buffer, master, str(path), key_name)
    return buffer.getvalue()


def write_parquet(frame: pl.DataFrame, path: str | Path, key: bytes | str | KeyProvider) -> Path:
    """Write a frame as encrypted Parquet (`kept.parquet.enc`); plaintext never touches the disk."""
    master, _ = _key_bytes(key)
    with sealed_output(path, master) as sealed:
        frame.write_parquet(sealed)
    return Path(path)


def write_bytes(data: bytes, path: str | Path, key: bytes | str | KeyProvider) -> Path:
    """Write `data` encrypted to `path` (an `.enc` file), atomically."""
    master, _ = _key_bytes(key)
    with sealed_output(path, master) as sealed:
        sealed.write(data)
    return Path(path)


def read_parquet(path: str | Path, key: bytes | str | KeyProvider) -> pl.DataFrame:
    """Read encrypted Parquet back; EncryptionError without the right key or when the file was tampered with."""
    import polars as pl

    return pl.read_parquet(io.BytesIO(decrypt_bytes(path, key)))


def scan_parquet(path: str | Path, key: bytes | str | KeyProvider) -> pl.LazyFrame:
    """A LazyFrame over encrypted Parquet: decrypted once, when first collected (or its schema asked for)."""
    import polars as pl

    cache: list[pl.DataFrame] = []

    def frame() -> pl.DataFrame:
        if not cache:
            cache.append(read_parquet(path, key))
        return cache[0]

    return pl.defer(frame, schema=lambda: frame().schema)


def scan_output(path: str | Path, key: bytes | str | KeyProvider | None) -> pl.LazyFrame:
    """A run's Parquet output, plain (`x.parquet`) or encrypted (`x.parquet.enc`, which needs `key`)."""
    import polars as pl

    path = Path(path)
    if path.exists():
        return pl.scan_parquet(path)
    return scan_parquet(path.with_name(path.name + SUFFIX), _needed(path, key))


def read_output_bytes(path: str | Path, key: bytes | str | KeyProvider | None) -> bytes:
    """A run's output file, plain or encrypted (`.enc`, which needs `key`)."""
    path = Path(path)
    if path.exists():
        return path.read_bytes()
    return decrypt_bytes(path.with_name(path.name + SUFFIX), _needed(path, key))


def _needed(path: Path, key: bytes | str | KeyProvider | None) -> bytes | str | KeyProvider:
    sealed = path.with_name(path.name + SUFFIX)
    if not sealed.exists():
        raise EncryptionError(f"{path}: no such file (nor an encrypted {sealed.name})")
    if key is None:
        raise EncryptionError(f"{sealed}: the file is encrypted; reading it needs the key "
                              f"(set {ENV_VAR} or pass --key-file)")
    return key


# ----------------------------------------------------------------------------------------------- envelope

KEYS_FILE = ".keys.json"
WRAP_ALGORITHM = "AES-256-KW (RFC 3394), KEK = HKDF-SHA256(master key)"


def key_id(master: bytes) -> str:
    """A public name for a master key (an HMAC of it): tells which key wrapped a data key, reveals nothing."""
    return hmac.new(master, b"gristmill key id v1", "sha256").hexdigest()[:16]


def _wrapping_key(master: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), KEY_BYTES, None, b"gristmill key wrapping key v1").derive(master)


def wrap_key(data_key: bytes, master: bytes) -> str:
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap

    return base64.b64encode(aes_key_wrap(_wrapping_key(master), data_key)).decode("ascii")


def unwrap_key(wrapped: str, master: bytes, where: str) -> bytes:
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

    try:
        return aes_key_unwrap(_wrapping_key(master), base64.b64decode(wrapped))
    except (InvalidUnwrap, ValueError, binascii.Error):
        raise EncryptionError(f"{where}: the data key does not unwrap under this master key (wrong key, or the "
                              "file was modified)") from None


def _keys_record(root: Path) -> dict[str, Any] | None:
    path = root / KEYS_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise EncryptionError(f"{path}: unreadable ({exc})") from None
    if not isinstance(record, dict) or "wrapped_key" not in record:
        raise EncryptionError(f"{path}: not a gristmill key record (no wrapped_key)")
    return record


def _legacy_sealed(root: Path) -> bool:
    """A run encrypted before envelopes: sealed files, no key record (they were sealed with the master key)."""
    return any(root.glob("*/*.enc"))


def is_encrypted(root: str | Path) -> bool:
    root = Path(root)
    return (root / KEYS_FILE).exists() or _legacy_sealed(root)


def _unwrap_record(root: Path, record: dict[str, Any], provider: KeyProvider) -> bytes:
    master = check_key(provider, root)
    if record.get("key_id") != key_id(master):
        raise EncryptionError(f"{root / KEYS_FILE}: wrong key ({provider.name} is key {key_id(master)}; this run's "
                              f"data key is wrapped by key {record.get('key_id')})")
    return unwrap_key(record["wrapped_key"], master, str(root / KEYS_FILE))


def run_data_key(root: str | Path, provider: KeyProvider, create: bool = True) -> bytes:
    """The run's data key: unwrapped from RUN/.keys.json, made (and stored wrapped) when the run has none yet,
    or for a run encrypted before envelopes, the master key itself."""
    root = Path(root)
    record = _keys_record(root)
    if record is not None:
        return _unwrap_record(root, record, provider)
    master = check_key(provider, root)
    if _legacy_sealed(root) or not create:
        return master
    data_key = os.urandom(KEY_BYTES)
    root.mkdir(parents=True, exist_ok=True)
    write_json({"version": 1, "cipher": "AES-256-GCM", "chunk_bytes": CHUNK, "wrap": WRAP_ALGORITHM,
                "key_id": key_id(master), "wrapped_key": wrap_key(data_key, master), "key_from": provider.name,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rotations": []}, root / KEYS_FILE)
    return data_key


def rotate_run_key(root: str | Path, old: KeyProvider, new: KeyProvider) -> dict[str, Any]:
    """Re-wrap the run's data key under the master key of `new`; no data file is read or rewritten. Afterwards
    only `new` opens the run. Returns the new key record."""
    root = Path(root)
    record = _keys_record(root)
    if record is None:
        why = ("its files are sealed with the master key itself (encrypted before envelope keys); decrypt and "
               "re-encrypt it") if _legacy_sealed(root) else "it is not encrypted"
        raise EncryptionError(f"{root}: no {KEYS_FILE} to rotate: {why}")
    data_key = _unwrap_record(root, record, old)
    master = check_key(new, root)
    rotation = {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "from_key_id": record["key_id"],
                "to_key_id": key_id(master)}
    record = {**record, "key_id": key_id(master), "wrapped_key": wrap_key(data_key, master), "key_from": new.name,
              "rotations": [*record.get("rotations", []), rotation]}
    write_json(record, root / KEYS_FILE)
    return record


# ----------------------------------------------------------------------------------------------- sealing


@dataclass(frozen=True)
class Sealer:
    """Seals and opens a run's files with its data key. `where` names the master key, for messages."""

    key: bytes = field(repr=False)
    where: str = "the run's data key"

    def write_bytes(self, data: bytes, path: str | Path) -> Path:
        """`data` sealed into `path.enc`, atomically; a plaintext `path` an earlier, unencrypted run left goes."""
        sealed = write_bytes(data, encrypted_path(path), self.key)
        Path(path).unlink(missing_ok=True)
        return sealed

    def read_bytes(self, path: str | Path) -> bytes:
        """The plaintext of `path.enc`, in memory."""
        return decrypt_bytes(encrypted_path(path), self.key)

    def write_parquet(self, frame: pl.DataFrame, path: str | Path) -> Path:
        sealed = write_parquet(frame, encrypted_path(path), self.key)
        Path(path).unlink(missing_ok=True)
        return sealed

    def seal_value(self, data: bytes, context: bytes) -> bytes:
        """A small value (a cache entry) sealed on its own: nonce | AES-GCM ciphertext, bound to `context`."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        return nonce + AESGCM(self._value_key()).encrypt(nonce, data, context)

    def open_value(self, blob: bytes, context: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(self._value_key()).decrypt(blob[:12], blob[12:], context)
        except InvalidTag:
            raise EncryptionError("a sealed cache entry failed authentication (another run's key, or modified)"
                                  ) from None

    def _value_key(self) -> bytes:
        return _file_keys(self.key, b"gristmill values")[0]


_ACTIVE: list[Sealer] = []  # a stack: the innermost `sealing` block wins (a global, so worker threads see it)
_OPENED: dict[tuple[str, Any, bytes], Sealer] = {}


def active() -> Sealer | None:
    """The sealer of the command running now (None: this run writes plaintext)."""
    return _ACTIVE[-1] if _ACTIVE else None


@contextlib.contextmanager
def sealing(sealer: Sealer | None) -> Iterator[Sealer | None]:
    """Within the block, every artifact written through this module is sealed with `sealer` (None: plain)."""
    if sealer is None:
        yield None
        return
    _ACTIVE.append(sealer)
    try:
        yield sealer
    finally:
        _ACTIVE.remove(sealer)


def open_run(root: str | Path, provider: KeyProvider | None) -> Sealer | None:
    """The run's sealer (its data key unwrapped, or made on first use; the master key fetched once per process),
    or None without a key; a run that is encrypted is refused without one."""
    root = Path(root)
    if provider is None:
        if is_encrypted(root):
            sealed = sorted(root.glob("*/*.enc"))
            why = KEYS_FILE if (root / KEYS_FILE).exists() else str(sealed[0].relative_to(root))
            raise EncryptionError(f"{root} is encrypted ({why}); rerun with --encrypt and its key (--key-file, "
                                  f"--key-command or ${ENV_VAR}), or write to another output")
        return None
    record = root / KEYS_FILE

    def memo() -> tuple[str, Any, bytes]:  # the key record is part of it: rotated or replaced, it is read anew
        return str(root.resolve()), provider, record.read_bytes() if record.exists() else b""

    found = _OPENED.get(memo())
    if found is None:
        found = Sealer(run_data_key(root, provider), provider.name)
        _OPENED[memo()] = found  # under the record as it is now (just made, on a new run)
    return found


def run_root_of(path: Path) -> Path | None:
    """The encrypted run directory `path` is or lies in (the nearest folder holding a key record), or None."""
    here = Path(os.path.abspath(path))
    for folder in (here, *here.parents):
        if (folder / KEYS_FILE).exists():
            return folder
    return None


def save_bytes(data: bytes, path: str | Path) -> Path:
    """Write `data` to `path`, sealed into `path.enc` when a sealer is active; refuses to write plaintext into
    an encrypted run (one with a key record above `path`)."""
    sealer = active()
    if sealer is not None:
        return sealer.write_bytes(data, path)
    root = run_root_of(Path(path))
    if root is not None:
        raise EncryptionError(f"{path}: {root} is encrypted; writing here needs its key (--encrypt with "
                              "--key-file, --key-command or $GRISTMILL_KEY)")
    encrypted_path(path).unlink(missing_ok=True)  # a stale sealed twin would shadow nothing but confuse readers
    return write_plain_bytes(data, path)


def save_text(text: str, path: str | Path) -> Path:
    return save_bytes(text.encode("utf-8"), path)


def save_parquet(frame: pl.DataFrame, path: str | Path) -> Path:
    """`frame` as Parquet at `path`, or sealed at `path.enc` when a sealer is active."""
    sealer = active()
    if sealer is not None:
        return sealer.write_parquet(frame, path)
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return save_bytes(buffer.getvalue(), path)


def stored(path: str | Path) -> Path | None:
    """Where `path` lies on disk: itself, its sealed `.enc` twin, or None."""
    path = Path(path)
    sealed = encrypted_path(path)
    return path if path.exists() else sealed if sealed.exists() else None


def load_bytes(path: str | Path, sealer: Sealer | None = None) -> bytes:
    """`path` read whole, or its sealed twin opened in memory with `sealer` (default: the active one)."""
    sealer = sealer or active()
    return read_output_bytes(path, sealer.key if sealer else None)


def sealer_for(path: str | Path, provider: KeyProvider | None) -> Sealer | None:
    """The sealer of the encrypted run `path` lies in (None when it lies in none); refused without a key."""
    root = run_root_of(Path(path))
    return open_run(root, provider) if root is not None else None


def load_parquet(path: str | Path) -> pl.DataFrame:
    import polars as pl

    return pl.read_parquet(io.BytesIO(load_bytes(path)))


def _opening_key(path: str | Path, key: bytes) -> bytes:
    """`key`, or when it is the master key of the run directory above `path`, that run's data key."""
    root = run_root_of(Path(path))
    record = _keys_record(root) if root is not None else None
    if record is not None and record.get("key_id") == key_id(key):
        return unwrap_key(record["wrapped_key"], key, str(root / KEYS_FILE) if root else KEYS_FILE)
    return key
