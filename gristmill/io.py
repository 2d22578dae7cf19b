"""Read any supported input into Polars in batches, quarantining what cannot be read; write atomically.

Formats: JSONL (optionally .gz), JSON arrays, CSV/TSV, Parquet, Arrow, and Hugging Face `datasets` folders
made by `save_to_disk`. JSONL is parsed a batch at a time with pyarrow's strict parser (a column that changes
type is an error, not a silent cast); a batch it rejects is parsed line by line so that each bad line is
quarantined with its file, line number and reason while the good lines come through untouched.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json

from gristmill.errors import InputError
from gristmill.files import atomic_path, write_bytes

RAW_SNIPPET_CHARS = 500
LINE = "_line"  # the line (or row) number readers attach; it becomes `source_line`
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TABLE_SUFFIXES = (".parquet", ".arrow", ".csv", ".tsv", ".json", *JSONL_SUFFIXES)

# Names that hold text in some kind (canonical or alias); their values must be strings (or message lists).
LIST_OK_FIELDS = {"messages", "conversations", "chosen", "rejected"}


@dataclass
class Quarantined:
    """One input record that could not become a row, and why."""

    file: str
    line: int
    reason: str
    raw: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "raw": self.raw}


@dataclass
class RawBatch:
    """Rows parsed from one stretch of one file, with a `source_line` column, plus what was quarantined."""

    frame: pl.DataFrame
    quarantined: list[Quarantined] = field(default_factory=list)
    blank_lines: int = 0


def snippet(raw: str | bytes) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="backslashreplace")
    return raw if len(raw) <= RAW_SNIPPET_CHARS else raw[:RAW_SNIPPET_CHARS] + f"… ({len(raw)} chars)"


# --------------------------------------------------------------------------------------------- paths


def expand_inputs(pattern: str | Path) -> list[Path]:
    """Files (or dataset folders) a path or glob names, sorted; InputError when it names none."""
    text = os.path.expanduser(str(pattern))
    if glob.has_magic(text):
        paths = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
        paths = [p for p in paths if p.is_file() or is_dataset_folder(p)]
        if not paths:
            raise InputError(f"{pattern}: the pattern matches no file")
        return paths
    path = Path(text)
    if not path.exists():
        raise InputError(f"{pattern}: no such file")
    return [path]


def is_dataset_folder(path: Path) -> bool:
    return path.is_dir() and (path / "state.json").exists() and (path / "dataset_info.json").exists()


def detect_format(path: Path) -> str:
    if is_dataset_folder(path):
        return "hf_dataset"
    name = path.name.lower()
    for suffix in (".jsonl.gz", ".ndjson.gz", ".jsonl", ".ndjson"):
        if name.endswith(suffix):
            return "jsonl"
    for suffix, fmt in ((".parquet", "parquet"), (".arrow", "arrow"), (".csv", "csv"), (".tsv", "tsv"),
                        (".json", "json")):
        if name.endswith(suffix):
            return fmt
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file or a `datasets` save_to_disk folder")
    raise InputError(f"{path}: unknown format (expected one of {', '.join(TABLE_SUFFIXES)}, "
                     "or a `datasets` save_to_disk folder)")


# --------------------------------------------------------------------------------------------- JSONL


def _open_binary(path: Path) -> io.BufferedReader | gzip.GzipFile:
    try:
        return gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror or exc})") from exc


BLOCK_BYTES = 32 << 20


@dataclass
class LineBlock:
    """Whole lines of a file: their bytes, the number of the first line, and which lines hold content."""

    data: bytes | memoryview
    first_line: int
    starts: np.ndarray  # byte offset where each line starts
    ends: np.ndarray  # byte offset of each line's end (its newline, or the end of data)
    content: np.ndarray | None = None  # bool: the line has a non-whitespace byte (None: not yet known)

    def has_content(self) -> np.ndarray:
        if self.content is None:
            self.content = _content_mask(self.data, self.starts, self.ends)
        return self.content

    def numbered(self) -> list[tuple[int, bytes]]:
        return [(self.first_line + int(i), bytes(self.data[self.starts[i]:self.ends[i]]))
                for i in np.flatnonzero(self.has_content())]


def _split_lines(data: bytes | memoryview, first_line: int) -> LineBlock:
    """Line boundaries and blank lines of a buffer, found with numpy rather than a loop over lines."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buffer == 10)
    ends = newlines if len(data) and data[-1] == 10 else np.append(newlines, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    return LineBlock(data, first_line, starts, ends)


def _content_mask(data: bytes | memoryview, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Lines holding a byte other than JSON whitespace (only computed when a block has blank lines)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    text_bytes = ~np.isin(buffer, (9, 10, 13, 32))
    counts = np.concatenate(([0], np.cumsum(text_bytes, dtype=np.int64)))
    return counts[ends] - counts[starts] > 0


def _line_blocks(path: Path, batch_rows: int) -> Iterator[LineBlock]:
    """Blocks of at most `batch_rows` lines, read in large chunks so lines are never iterated in Python."""
    with _open_binary(path) as handle:
        carry, first_line = b"", 1
        while True:
            try:
                chunk = handle.read(BLOCK_BYTES)
            except OSError as exc:  # truncated gzip, I/O error mid-file
                raise InputError(f"{path}: read failed near line {first_line} ({exc})") from exc
            data = carry + chunk
            if not data:
                return
            cut = len(data) if not chunk else data.rfind(b"\n") + 1
            if cut == 0:  # a line longer than a chunk: keep reading
                carry = data
                continue
            block, carry = memoryview(data)[:cut], data[cut:]
            lines = _split_lines(block, first_line)
            for lo in range(0, len(lines.starts), batch_rows):
                hi = min(lo + batch_rows, len(lines.starts))
                offset = int(lines.starts[lo])
                yield LineBlock(block[offset:int(lines.ends[hi - 1])], first_line + lo,
                                lines.starts[lo:hi] - offset, lines.ends[lo:hi] - offset)
            first_line += len(lines.starts)
            if not chunk:
                return


def _parse_fast(block: LineBlock) -> pl.DataFrame | None:
    """Parse a block with pyarrow's strict JSON reader; None when any line is bad (caller goes line by line)."""
    longest = int((block.ends - block.starts).max())
    options = pa_json.ReadOptions(block_size=max(1 << 20, longest + 16))
    try:
        table = pa_json.read_json(pa.BufferReader(block.data), read_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    # pyarrow skips blank lines; more rows than content lines means a line held several objects.
    if table.num_rows != len(block.starts) and table.num_rows != int(block.has_content().sum()):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def check_record(record: Any) -> str | None:
    """Why one parsed JSON record cannot be a row, or None. Text fields must hold strings."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    from gristmill.records import TEXT_NAMES

    for key, value in record.items():
        if key in TEXT_NAMES and value is not None and not isinstance(value, str):
            if key in LIST_OK_FIELDS and isinstance(value, list):
                continue
            return f"field {key!r} is {_json_type(value)}, expected a string"
    return None


def _json_type(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}.get(
        type(value), type(value).__name__)


def _parse_slow(path: Path, numbered: list[tuple[int, bytes]]) -> RawBatch:
    """Line-by-line parse: every bad line is quarantined with its reason, good ones are kept."""
    good: list[dict[str, Any]] = []
    bad: list[Quarantined] = []
    for number, line in numbered:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append(Quarantined(str(path), number, f"invalid UTF-8 at byte {exc.start}", snippet(line)))
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            bad.append(Quarantined(str(path), number, f"invalid JSON: {exc.msg} at column {exc.colno}",
                                   snippet(text)))
            continue
        problem = check_record(record)
        if problem:
            bad.append(Quarantined(str(path), number, problem, snippet(text)))
            continue
        record[LINE] = number
        good.append(record)
    frame = pl.from_dicts(good, infer_schema_length=None, strict=False) if good else pl.DataFrame()
    return RawBatch(frame, bad)


def read_jsonl(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    for block in _line_blocks(path, batch_rows):
        frame = _parse_fast(block)
        if frame is not None and frame.height == len(block.starts):  # no blank lines: the common case
            numbers = np.arange(block.first_line, block.first_line + frame.height, dtype=np.int64)
        elif frame is not None:
            numbers = np.flatnonzero(block.has_content()) + block.first_line
        blank = len(block.starts) - (frame.height if frame is not None else int(block.has_content().sum()))
        if frame is not None and frame.height == 0:
            yield RawBatch(pl.DataFrame(), [], blank)
        elif frame is not None and all(_fast_types_ok(frame)):
            yield RawBatch(frame.with_columns(pl.Series(LINE, numbers, dtype=pl.Int64)), [], blank)
        else:
            batch = _parse_slow(path, block.numbered())
            batch.blank_lines = blank
            yield batch


def _fast_types_ok(frame: pl.DataFrame) -> Iterator[bool]:
    """A fast-path column of text names holding numbers is checked line by line, for exact reasons."""
    from gristmill.records import TEXT_NAMES

    for name, dtype in frame.schema.items():
        if name in TEXT_NAMES:
            yield dtype in (pl.String, pl.Null) or (name in LIST_OK_FIELDS and isinstance(dtype, pl.List))


# --------------------------------------------------------------------------------------------- others


def _numbered(frame: pl.DataFrame, first: int = 1) -> pl.DataFrame:
    return frame.with_columns(pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(LINE))


def read_json_array(path: Path) -> Iterator[RawBatch]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: invalid UTF-8 at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        # A .json file that is really JSONL is common; read it as such.
        if exc.msg == "Extra data":
            yield from read_jsonl(path, 100_000)
            return
        raise InputError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
    if isinstance(data, dict):
        # {"data": [...]} / {"rows": [...]}: a single top-level list of records.
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise InputError(f"{path}: expected a JSON array of objects (or JSONL)")
        data = lists[0]
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON array of objects, got {type(data).__name__}")
    good: list[dict[str, Any]] = []
    bad: list[Quarantined] = []
    for index, record in enumerate(data, start=1):
        problem = check_record(record)
        if problem:
            bad.append(Quarantined(str(path), index, f"item {index}: {problem}", snippet(json.dumps(record))))
        else:
            good.append({**record, LINE: index})
    frame = pl.from_dicts(good, infer_schema_length=None, strict=False) if good else pl.DataFrame()
    yield RawBatch(frame, bad)


def read_csv(path: Path, separator: str) -> Iterator[RawBatch]:
    try:
        frame = pl.read_csv(path, separator=separator, infer_schema=False)
    except pl.exceptions.ComputeError as exc:
        raise InputError(f"{path}: cannot parse as {'TSV' if separator == chr(9) else 'CSV'}: "
                         f"{str(exc).splitlines()[0]}") from exc
    yield RawBatch(_numbered(frame, first=2))  # line 1 is the header


def read_parquet(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc
    first = 1
    for record_batch in parquet.iter_batches(batch_size=batch_rows):
        frame = pl.from_arrow(record_batch)
        assert isinstance(frame, pl.DataFrame)
        yield RawBatch(_numbered(frame, first))
        first += frame.height


def _read_arrow_file(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        try:
            return pa.ipc.open_stream(source).read_all()  # what `datasets` writes
        except pa.ArrowInvalid:
            source.seek(0)
            return pa.ipc.open_file(source).read_all()


def read_arrow(path: Path) -> Iterator[RawBatch]:
    if path.is_dir():  # `datasets.Dataset.save_to_disk` folder
        state = json.loads((path / "state.json").read_text())
        tables = [_read_arrow_file(path / f["filename"]) for f in state.get("_data_files", [])]
        if not tables:
            raise InputError(f"{path}: the dataset folder lists no data files in state.json")
        table = pa.concat_tables(tables)
    else:
        try:
            table = _read_arrow_file(path)
        except pa.ArrowInvalid as exc:
            raise InputError(f"{path}: not an Arrow IPC file ({exc})") from exc
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    yield RawBatch(_numbered(frame))


def read_raw(path: Path, fmt: str = "auto", batch_rows: int = 100_000) -> Iterator[RawBatch]:
    """Batches of raw rows (input column names, plus `source_line`) from one file."""
    fmt = detect_format(path) if fmt == "auto" else fmt
    if path.is_file() and path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    readers: dict[str, Callable[[], Iterator[RawBatch]]] = {
        "jsonl": lambda: read_jsonl(path, batch_rows),
        "json": lambda: read_json_array(path),
        "csv": lambda: read_csv(path, ","),
        "tsv": lambda: read_csv(path, "\t"),
        "parquet": lambda: read_parquet(path, batch_rows),
        "arrow": lambda: read_arrow(path),
        "hf_dataset": lambda: read_arrow(path),
    }
    if fmt not in readers:
        raise InputError(f"{path}: unknown format {fmt!r} (expected one of {', '.join(readers)})")
    return readers[fmt]()


def frame_batch(frame: pl.DataFrame) -> RawBatch:
    """An in-memory frame as one raw batch, its rows numbered from 1."""
    return RawBatch(_numbered(frame))


def frame_from_object(obj: Any) -> pl.DataFrame:
    """A Polars frame from a Polars/pandas frame, a pyarrow table or a `datasets.Dataset`."""
    if isinstance(obj, pl.DataFrame):
        return obj
    if isinstance(obj, pl.LazyFrame):
        return obj.collect()
    if isinstance(obj, pa.Table):
        return pl.DataFrame(obj)
    if hasattr(obj, "to_polars") and hasattr(obj, "features"):  # datasets.Dataset
        return obj.to_polars()
    if type(obj).__name__ == "DataFrame" and hasattr(obj, "to_dict"):  # pandas
        return pl.from_pandas(obj)
    raise InputError(f"cannot read an object of type {type(obj).__name__} (expected a path, a Polars or "
                     "pandas DataFrame, a pyarrow Table or a datasets.Dataset)")


# --------------------------------------------------------------------------------------------- threads


def prefetch(items: Iterator[Any], depth: int = 2) -> Iterator[Any]:
    """Iterate `items` in a background thread, up to `depth` ahead: reading and parsing (pyarrow, Polars,
    numba kernels release the GIL) overlap with the passes. Exceptions are re-raised in the consumer."""
    import queue
    import threading

    done = object()
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        slots.put((True, item), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put((True, done))
        except BaseException as exc:  # handed to the consumer, which raises it
            slots.put((False, exc))

    thread = threading.Thread(target=produce, name="gristmill-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = slots.get()
            if not ok:
                raise item
            if item is done:
                return
            yield item
    finally:
        stop.set()


# --------------------------------------------------------------------------------------------- writing


def write_parquet(frame: pl.DataFrame, path: str | Path) -> Path:
    with atomic_path(path) as tmp:
        frame.write_parquet(tmp)
    return Path(path)


LOW_CARDINALITY = ("source", "license", "origin", "source_file", "drop_reason")


class ParquetAppender:
    """Append frames to one Parquet file as row groups: a temporary name until `close` renames it.

    Memory holds one batch at a time. A frame whose schema differs from the first one's (a column that
    was all-null in one batch, say) is set aside and merged at close with Polars' relaxed concat. With `key`
    the file is written encrypted as it grows (gristmill.crypto's format), so no plaintext reaches the disk;
    frames set aside then wait in memory instead of in a file.
    """

    def __init__(self, path: str | Path, key: bytes | None = None) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gristmill-write")
        self.pending: Future[None] | None = None  # one write in flight, so memory holds at most two batches
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        self.key = key
        self.writer: Any = None
        self.streams: list[Any] = []  # encrypted: the sealing file the writer writes into, then its raw file
        self.odd: list[Path] = []
        self.odd_frames: list[pl.DataFrame] = []  # encrypted: the set-aside frames

    def append(self, frame: pl.DataFrame) -> None:
        """Queue a frame for writing; the write overlaps with the caller's next batch."""
        self._wait()
        self.pending = self.pool.submit(self._write, frame)

    def _wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # re-raises a failed write

    def _write(self, frame: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        from gristmill.records import ALL_TEXT_FIELDS

        table = frame.to_arrow(compat_level=pl.CompatLevel.newest())  # string views as they are: no copy
        if self.writer is None:
            # Text columns are mostly unique and nobody filters on their min/max: dictionaries and statistics
            # for them cost time (a fifth of the writer's) and save nothing.
            dictionary = [c for c in table.schema.names if c in LOW_CARDINALITY]
            statistics = [c for c in table.schema.names if c not in ALL_TEXT_FIELDS]
            self.writer = pq.ParquetWriter(self._open(self.tmp), table.schema, compression="zstd",
                                           compression_level=1, use_dictionary=dictionary,
                                           write_statistics=statistics)
        if table.schema.equals(self.writer.schema):
            self.writer.write_table(table)
        elif self.key is not None:
            self.odd_frames.append(frame)
        else:
            odd = self.tmp.with_suffix(f".{len(self.odd)}.odd")
            frame.write_parquet(odd)
            self.odd.append(odd)

    def _open(self, path: Path) -> Any:
        """What a Parquet writer writes into: `path` itself, or with a key an encrypting file over it."""
        if self.key is None:
            return path
        from gristmill.crypto import EncryptingWriter

        raw = open(path, "wb")  # noqa: SIM115  # closed in _close_streams, after the writer's footer
        self.streams = [EncryptingWriter(raw, self.key), raw]
        return self.streams[0]

    def _close_streams(self) -> None:
        for stream in self.streams:
            stream.close()
        self.streams = []

    def close(self, empty_schema: dict[str, pl.DataType] | None = None) -> Path:
        self._wait()
        self.pool.shutdown()
        if self.writer is None:  # nothing appended: an empty file with the schema
            pl.DataFrame(schema=empty_schema).write_parquet(self._open(self.tmp))
        else:
            self.writer.close()
        self._close_streams()
        if self.odd or self.odd_frames:
            self._merge_odd()
        os.replace(self.tmp, self.path)
        self._remove_odd()
        return self.path

    def _merge_odd(self) -> None:
        merged = self.tmp.with_suffix(".merged")
        if self.key is None:
            scans = [pl.scan_parquet(p) for p in [self.tmp, *self.odd]]
            pl.concat(scans, how="diagonal_relaxed").sink_parquet(merged)
        else:  # the written part is decrypted in memory, never to disk
            from gristmill.crypto import read_parquet

            frames = [read_parquet(self.tmp, self.key), *self.odd_frames]
            pl.concat(frames, how="diagonal_relaxed").write_parquet(self._open(merged))
            self._close_streams()
        os.replace(merged, self.tmp)

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # the run already failed; a write error adds nothing
            self._wait()
        self.pool.shutdown()
        with contextlib.suppress(Exception):
            if self.writer is not None:
                self.writer.close()
            self._close_streams()
        self.tmp.unlink(missing_ok=True)
        self._remove_odd()

    def _remove_odd(self) -> None:
        for odd in self.odd:
            odd.unlink(missing_ok=True)




def jsonl_bytes(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def write_jsonl(records: list[dict[str, Any]], path: str | Path) -> Path:
    return write_bytes(jsonl_bytes(records), path)



# --------------------------------------------------------------------------------------------- canonical rows


@dataclass
class Batch:
    """Canonical rows from one input (metadata columns first), plus what could not become a row."""

    frame: pl.DataFrame
    quarantined: list[Quarantined]
    blank_lines: int = 0


def _type_name(dtype: pl.DataType) -> str:
    if dtype.is_numeric():
        return "a number"
    return "a boolean" if dtype == pl.Boolean else str(dtype)


def _quarantine_rows(frame: pl.DataFrame, bad: pl.Expr, reason: pl.Expr, file: str) -> list[Quarantined]:
    rows = frame.filter(bad).with_columns(_reason=reason)
    out = []
    for row in rows.iter_rows(named=True):
        line, why = row.pop(LINE), row.pop("_reason")
        out.append(Quarantined(file, int(line), why, snippet(json.dumps(row, default=str, ensure_ascii=False))))
    return out


def canonical_batch(raw: RawBatch, kind: str, file: str, source: str, license: str, origin: str,
                    fields: dict[str, str] | None = None, first: bool = True) -> Batch:
    """Aliases → canonical columns; rows with missing or non-text fields are quarantined with their line."""
    from gristmill.records import (
        DROP_REASON,
        META_COLUMNS,
        TEXT_FIELDS,
        empty_dialogue,
        expected_columns,
        row_ids,
        to_canonical,
    )

    frame = raw.frame
    if frame.height == 0:
        return Batch(frame, sorted(raw.quarantined, key=lambda q: q.line), raw.blank_lines)
    # A table gristmill wrote (kept.parquet) keeps its metadata, so rows still trace to their first source.
    curated = set(META_COLUMNS) <= set(frame.columns)
    if not curated:  # input columns named like our metadata are kept under an `orig_` prefix
        frame = frame.rename({c: f"orig_{c}" for c in (*META_COLUMNS[:3], "source_file", "source_line")
                              if c in frame.columns})
    frame = to_canonical(frame, kind, fields, strict=first)
    quarantined = list(raw.quarantined)
    for name, dtype in ((f, frame.schema[f]) for f in TEXT_FIELDS[kind]):
        if dtype not in (pl.String, pl.Null):
            wrong = pl.col(name).is_not_null()
            quarantined += _quarantine_rows(frame, wrong, pl.lit(f"field {name!r} is {_type_name(dtype)}, "
                                                                 "expected a string"), file)
            frame = frame.filter(~wrong).with_columns(pl.col(name).cast(pl.String))
        elif dtype == pl.Null:
            frame = frame.with_columns(pl.col(name).cast(pl.String))
    missing = pl.any_horizontal(pl.col(f).is_null() for f in TEXT_FIELDS[kind])
    first_missing = pl.coalesce(pl.when(pl.col(f).is_null()).then(pl.lit(f)) for f in TEXT_FIELDS[kind])
    reason = pl.format("missing field '{}' ({})", first_missing, pl.lit(expected_columns(kind)))
    quarantined += _quarantine_rows(frame, missing, reason, file)
    frame = frame.filter(~missing)
    if kind == "preference":  # a dialogue with no Human turn leaves nothing to answer
        empty = empty_dialogue("prompt")
        quarantined += _quarantine_rows(frame, empty, pl.lit("prompt: a dialogue with no Human turn"), file)
        frame = frame.filter(~empty)
    if curated:
        frame = frame.drop(LINE, DROP_REASON, strict=False).with_columns(drop_reason=pl.lit(None, pl.String))
    else:
        meta: dict[str, pl.Expr | pl.Series] = {
            "id": row_ids(frame, kind),
            "source": pl.lit(source),
            "license": pl.lit(license),
            "origin": pl.col("origin").cast(pl.String).fill_null(origin) if "origin" in frame.columns
            else pl.lit(origin),
            "parent_id": pl.col("parent_id").cast(pl.String) if "parent_id" in frame.columns
            else pl.lit(None, pl.String),
            "source_file": pl.lit(file),
            "source_line": pl.col(LINE).cast(pl.Int64),
        }
        frame = frame.with_columns(**meta, drop_reason=pl.lit(None, pl.String)).drop(LINE)
    order = [*META_COLUMNS, *TEXT_FIELDS[kind]]
    quarantined.sort(key=lambda q: q.line)  # batches arrive in line order, so the whole file stays sorted
    return Batch(frame.select(*order, pl.exclude(order)), quarantined, raw.blank_lines)
