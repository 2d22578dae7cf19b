"""Read any supported input into Polars in batches, quarantining what cannot be read; write atomically.

Formats: JSONL (optionally .gz), JSON arrays, CSV/TSV, Parquet, Arrow, and Hugging Face `datasets` folders
made by `save_to_disk`. Every input line is kept, or quarantined with its file, line number and reason; no
value is changed on the way.

JSONL is read line by line with Python's json (the reference), or, for a block where whole-block checks show
it gives the same rows, with pyarrow's parser at a fraction of the cost: valid UTF-8, one object per line,
only strings and plain scalars in the columns. Text fields hold strings (or message lists). A pass-through
column keeps its type while its values agree; objects, arrays, integers beyond int64 and columns whose JSON
types disagree are kept as each value's JSON text (`ColumnTypes`, stats' `json_text_columns`).
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import json
import math
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from gristmill.errors import InputError
from gristmill.files import atomic_path, naming_the_file, temp_path, write_bytes
from gristmill.records import LINE

RAW_SNIPPET_CHARS = 500
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TABLE_SUFFIXES = (".parquet", ".arrow", ".csv", ".tsv", ".json", *JSONL_SUFFIXES)

# Names that hold text in some kind (canonical or alias); their values must be strings (or message lists).
LIST_OK_FIELDS = {"messages", "conversations", "chosen", "rejected"}


def _text_names() -> frozenset[str]:
    """Every column name that holds text in some kind, conversations included."""
    from gristmill.records import TEXT_NAMES

    return TEXT_NAMES | LIST_OK_FIELDS


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
    json_columns: set[str] = field(default_factory=set)  # pass-through columns holding each value's JSON text


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception's message as one short line, for error messages that must stay one line."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "…"


def snippet(raw: str | bytes) -> str:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="backslashreplace")
    return raw if len(raw) <= RAW_SNIPPET_CHARS else raw[:RAW_SNIPPET_CHARS] + f"… ({len(raw)} chars)"


# --------------------------------------------------------------------------------------------- paths


def expand_inputs(pattern: str | Path, split: str | None = None) -> list[Path]:
    """Files (or dataset folders) a path or glob names, sorted; InputError when it names none. A `DatasetDict`
    folder (`save_to_disk` of several splits) gives the folder of `split`, or of every split."""
    text = os.path.expanduser(str(pattern))
    if is_dataset_dict(Path(text)):
        return dataset_dict_splits(Path(text), split)
    if Path(text).is_dir() and not is_dataset_folder(Path(text)):
        return hub_folder_splits(Path(text), split)
    if split is not None:
        raise InputError(f"{pattern}: `split: {split}` needs a folder of splits (a DatasetDict from save_to_disk, "
                         "or a dataset repository's folder: train.jsonl, data/test-00000-of-00001.parquet, ...)")
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


def is_dataset_dict(path: Path) -> bool:
    return path.is_dir() and (path / "dataset_dict.json").exists()


def dataset_dict_splits(path: Path, split: str | None) -> list[Path]:
    """The split folders of a DatasetDict folder: `split`, or all of them in the order it lists them."""
    try:
        splits = [str(s) for s in json.loads((path / "dataset_dict.json").read_text(encoding="utf-8"))["splits"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}/dataset_dict.json: not a DatasetDict index ({one_line(exc)})") from None
    if split is not None and split not in splits:
        raise InputError(f"{path}: no split {split!r} (the DatasetDict has {', '.join(splits)})")
    chosen = [path / s for s in ([split] if split is not None else splits)]
    missing = [str(p) for p in chosen if not is_dataset_folder(p)]
    if missing:
        raise InputError(f"{missing[0]}: the split folder is missing or incomplete (state.json, dataset_info.json)")
    return chosen


def hub_folder_splits(path: Path, split: str | None) -> list[Path]:
    """The data files of a folder laid out as a dataset repository (what `datasets.load_dataset(folder)` reads:
    `train.jsonl`, `data/test-00000-of-00001.parquet`, `train/*.csv`, ...): those of `split`, or of every split,
    as `datasets` resolves them, read here so every row keeps its file and line."""
    from gristmill.errors import require

    require("datasets", "datasets", f"reading the folder {path} by its splits")
    from datasets.data_files import get_data_patterns, resolve_pattern

    try:
        patterns = get_data_patterns(str(path))
    except Exception as exc:  # datasets' EmptyDatasetError and friends: no data file it recognizes
        raise InputError(f"{path}: a folder with no data files that `datasets` recognizes ({one_line(exc)})") from None
    if split is not None and split not in patterns:
        raise InputError(f"{path}: no split {split!r} (the folder has {', '.join(patterns)})")
    files = [Path(f) for name in ([split] if split is not None else patterns)
             for pattern in patterns[name] for f in resolve_pattern(pattern, str(path))]
    unreadable = [f for f in files if not f.name.lower().endswith(TABLE_SUFFIXES)]
    if unreadable:
        raise InputError(f"{unreadable[0]}: unknown format (expected one of {', '.join(TABLE_SUFFIXES)})")
    return files


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
UTF8_BOM = b"\xef\xbb\xbf"
JSON_WHITESPACE = (9, 10, 13, 32)


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
    """Line boundaries of a buffer, found with numpy rather than a loop over lines."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buffer == 10)
    ends = newlines if len(data) and data[-1] == 10 else np.append(newlines, len(data))
    starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
    return LineBlock(data, first_line, starts, ends)


def _content_mask(data: bytes | memoryview, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Lines holding a byte other than JSON whitespace."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    text_bytes = ~np.isin(buffer, JSON_WHITESPACE)
    counts = np.concatenate(([0], np.cumsum(text_bytes, dtype=np.int64)))
    return counts[ends] - counts[starts] > 0


def _read_chunk(handle: Any, path: Path, line: int) -> bytes:
    try:
        return handle.read(BLOCK_BYTES)
    except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt .gz, an I/O error mid-file
        raise InputError(f"{path}: cannot read past line {line - 1}: the file is truncated or corrupt "
                         f"({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})") from exc


def _line_blocks(path: Path, batch_rows: int) -> Iterator[LineBlock]:
    """Blocks of at most `batch_rows` lines, read in large chunks so lines are never iterated in Python.

    A UTF-8 byte order mark at the start of the file is not data and is dropped, so line 1 reads the same
    whichever path parses it."""
    with _open_binary(path) as handle:
        carry, first_line = b"", 1
        chunk = _read_chunk(handle, path, first_line).removeprefix(UTF8_BOM)
        while True:
            data = carry + chunk
            if not data:
                return
            cut = len(data) if not chunk else data.rfind(b"\n") + 1
            if cut == 0:  # a line longer than a chunk: keep reading
                carry, chunk = data, _read_chunk(handle, path, first_line)
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
            chunk = _read_chunk(handle, path, first_line)


def _one_object_per_line(block: LineBlock) -> bool:
    """True when every line with content starts with `{` and ends with `}` (JSON whitespace aside); also
    fills in which lines are blank. Then no object can span two lines (after a `}` inside an object or array
    only `,`, `]` or `}` may follow, never `{`), so pyarrow's rows map onto content lines one to one as long
    as their counts agree."""
    data = np.frombuffer(block.data, dtype=np.uint8)
    starts, ends = block.starts, block.ends
    if bool((ends > starts).all()) and bool((data[starts] == 123).all()) and bool((data[ends - 1] == 125).all()):
        block.content = np.ones(len(starts), dtype=bool)  # the common case: checked from two bytes a line
        return True
    text = np.flatnonzero(~np.isin(data, JSON_WHITESPACE))  # rarer: blank lines, CRLF, indentation
    first, end = np.searchsorted(text, starts), np.searchsorted(text, ends)
    block.content = end > first
    first, last = text[first[block.content]], text[end[block.content] - 1]
    return bool((data[first] == 123).all()) and bool((data[last] == 125).all())


def _valid_utf8(data: bytes | memoryview) -> bool:
    """The whole block is UTF-8 (pyarrow's JSON reader does not check its strings): ASCII at a glance, else
    Arrow's vectorized check of one binary value cast to a string."""
    if not len(data) or int(np.frombuffer(data, dtype=np.uint8).max()) < 0x80:
        return True
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    block = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        block.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _exact_floats(column: pa.ChunkedArray) -> bool:
    """No value at or beyond 2**53: below it every integer is exact as a double, so no integer literal in
    the column lost digits when pyarrow gave the column a float type."""
    largest = pc.max(pc.abs(column)).as_py() if len(column) else None
    return largest is None or largest < EXACT_FLOAT_INT


def _fast_types_ok(table: pa.Table) -> bool:
    """Columns pyarrow typed the way the line-by-line reader would, so both paths give the same rows.

    Text names hold strings (or message lists); other columns hold plain scalars. Anything else (nested
    values, kept as JSON text; timestamps pyarrow guessed from strings; floats that may hide a large
    integer) goes line by line."""
    text_names = _text_names()
    for name, dtype in zip(table.schema.names, table.schema.types, strict=True):
        if "\x00" in name or not name:  # the line-by-line path says which line; Polars renames ""
            return False
        if name in text_names:
            if not (pa.types.is_string(dtype) or pa.types.is_null(dtype) or _message_list_type(name, dtype)):
                return False
        elif pa.types.is_floating(dtype):
            if not _exact_floats(table.column(name)):
                return False
        elif not (pa.types.is_string(dtype) or pa.types.is_int64(dtype) or pa.types.is_boolean(dtype)
                  or pa.types.is_null(dtype)):
            return False
    return True


def _message_list_type(name: str, dtype: pa.DataType) -> bool:
    """A list of {role, content, ...} objects whose fields are all strings."""
    if name not in LIST_OK_FIELDS or not pa.types.is_list(dtype) or not pa.types.is_struct(dtype.value_type):
        return False
    fields = dtype.value_type
    return fields.num_fields > 0 and all(pa.types.is_string(fields.field(i).type) or pa.types.is_null(
        fields.field(i).type) for i in range(fields.num_fields))


def _parse_fast(block: LineBlock) -> pl.DataFrame | None:
    """Parse a block with pyarrow; None when it cannot be trusted to give exactly what the line-by-line
    reader would (the caller then goes line by line). Every check looks at the whole block at once."""
    if not _one_object_per_line(block) or not _valid_utf8(block.data):
        return None
    longest = int((block.ends - block.starts).max())
    options = pa_json.ReadOptions(block_size=max(1 << 20, longest + 16))
    try:
        table = pa_json.read_json(pa.BufferReader(block.data), read_options=options)
    except pa.ArrowException:  # bad JSON, a type that changes, and pyarrow's own failures on odd values
        return None
    if table.num_rows != int(block.has_content().sum()) or not _fast_types_ok(table):
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


# Line by line: Python's json, with the checks pyarrow does (and some it does not) made explicit.

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
EXACT_FLOAT_INT = 1 << 53


def _json_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:40]} does not fit a 64-bit float")
    return value


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"key {twice[:80]!r} appears twice in one object")
    return record


def _load_line(line: bytes) -> tuple[Any, str | None]:
    """One line parsed, or why it cannot be."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"invalid UTF-8 at byte {exc.start}"
    try:
        return json.loads(text, parse_float=_json_float, object_pairs_hook=_no_duplicate_keys), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "invalid JSON: nested more deeply than the parser allows"
    except ValueError as exc:  # a hook's refusal, or an integer with more digits than Python converts
        return None, f"invalid JSON: {exc}"


def check_record(record: Any) -> str | None:
    """Why one parsed JSON record cannot be a row, or None. Text fields must hold strings (message lists
    where a conversation is allowed), and no string may hold a lone UTF-16 surrogate."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {_json_type(record).removeprefix('a ').removeprefix('an ')}"
    text_names = _text_names()
    for key, value in record.items():
        if "\x00" in key:
            return f"the key {json.dumps(key)[:60]} holds a NUL character (\\u0000), which no column name may"
        if key in text_names and value is not None and not isinstance(value, str):
            if key in LIST_OK_FIELDS and isinstance(value, list):
                if not all(isinstance(m, dict) and m and all(isinstance(v, str | None) for v in m.values())
                           for m in value):
                    return f"field {key!r} must be a list of {{role, content}} objects with string values"
                continue
            return f"field {key!r} is {_json_type(value)}, expected a string"
    return _surrogate_problem(record)


def _surrogate_problem(record: dict[str, Any]) -> str | None:
    """A string holding a lone surrogate (`"\\ud800"` is valid JSON, but not text any file can store)."""
    stack: list[Any] = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return (f"the string {json.dumps(value)[:60]} holds a lone UTF-16 surrogate (\\ud800-\\udfff), "
                        "which is not text")
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {str: "a string", list: "an array", dict: "an object", type(None): "null"}.get(
        type(value), type(value).__name__)


def _parse_slow(path: Path, numbered: list[tuple[int, bytes]]) -> RawBatch:
    """Line-by-line parse: every bad line is quarantined with its reason, good ones are kept."""
    good: list[dict[str, Any]] = []
    bad: list[Quarantined] = []
    for number, line in numbered:
        record, problem = _load_line(line)
        problem = problem or check_record(record)
        if problem:
            bad.append(Quarantined(str(path), number, problem, snippet(line)))
            continue
        if LINE in record:  # an input field called like our line numbers: kept in its place, as in _with_lines
            kept = _orig_names([LINE], set(record))[LINE]
            record = {kept if key == LINE else key: value for key, value in record.items()}
        record[LINE] = number
        good.append(record)
    frame, json_columns, odd = records_frame(good, str(path))
    return RawBatch(frame, sorted(bad + odd, key=lambda q: q.line), json_columns=json_columns)


def read_jsonl(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    for block in _line_blocks(path, batch_rows):
        frame = _parse_fast(block)
        if frame is None:
            batch = _parse_slow(path, block.numbered())
        else:
            numbers = np.flatnonzero(block.has_content()) + block.first_line
            batch = RawBatch(_with_lines(frame, pl.Series(LINE, numbers, dtype=pl.Int64)) if frame.height
                             else pl.DataFrame())
        batch.blank_lines = len(block.starts) - int(block.has_content().sum())
        yield batch


# --------------------------------------------------------------------------------------------- records → frame


def records_frame(records: list[dict[str, Any]], file: str) -> tuple[pl.DataFrame, set[str], list[Quarantined]]:
    """Parsed records as a frame with one exact type a column, never a silent cast.

    Text fields hold strings (or message lists). A pass-through column holds strings, booleans, integers
    (int64) or numbers (float64, when every integer in it is exact as a float) when all its values agree;
    otherwise (objects, arrays, mixed types, integers beyond int64) every value is kept as its JSON text,
    and the column is named in the returned set. A text column mixing strings and message lists keeps the
    majority form; the other rows come back quarantined."""
    text_names = _text_names()
    if not records:
        return pl.DataFrame(), set(), []
    columns: dict[str, pl.Series] = {}
    json_columns: set[str] = set()
    odd: list[Quarantined] = []
    for key in dict.fromkeys(k for r in records for k in r):
        values = [r.get(key) for r in records]
        if key == LINE:
            columns[key] = pl.Series(key, values, dtype=pl.Int64)
        elif key in text_names:
            columns[key], bad_rows = _text_column(key, values)
            odd += [Quarantined(file, records[i][LINE], reason, snippet(json.dumps(records[i][key])))
                    for i, reason in bad_rows]
        else:
            columns[key], as_json = _pass_through_column(key, values)
            if as_json:
                json_columns.add(key)
    frame = pl.DataFrame(columns)  # from a dict: a list of series would rename a column called "" to column_0
    if odd:
        lines = pl.Series([q.line for q in odd], dtype=pl.Int64)
        frame = frame.filter(~pl.col(LINE).is_in(lines.implode()))
    return frame, json_columns, odd


def _text_column(key: str, values: list[Any]) -> tuple[pl.Series, list[tuple[int, str]]]:
    strings = sum(isinstance(v, str) for v in values)
    lists = sum(isinstance(v, list) for v in values)
    if strings == lists == 0:
        return pl.Series(key, values, dtype=pl.Null), []
    if lists == 0:
        return pl.Series(key, values, dtype=pl.String), []
    keep_lists = lists > strings
    other = "a string" if keep_lists else "a list of messages"
    bad = [(i, f"field {key!r} is {other} where the other rows of its batch hold "
               f"{'message lists' if keep_lists else 'strings'}")
           for i, v in enumerate(values) if v is not None and isinstance(v, list) != keep_lists]
    bad_rows = {i for i, _ in bad}
    kept = [None if i in bad_rows else v for i, v in enumerate(values)]
    if not keep_lists:
        return pl.Series(key, kept, dtype=pl.String), bad
    fields = dict.fromkeys(k for v in kept if v for m in v for k in m)
    dtype = pl.List(pl.Struct({k: pl.String for k in fields})) if fields else pl.List(pl.Null)
    return pl.Series(key, kept, dtype=dtype), bad


def _scalar_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if INT64_MIN <= value <= INT64_MAX else "json"
    return {str: "string", float: "float"}.get(type(value), "json")


def _pass_through_column(key: str, values: list[Any]) -> tuple[pl.Series, bool]:
    """A user column: its native type when every value has the same JSON type, else JSON text."""
    kinds = {_scalar_kind(v) for v in values if v is not None}
    if not kinds:
        return pl.Series(key, values, dtype=pl.Null), False
    if len(kinds) == 1 and kinds < {"boolean", "integer", "string", "float"}:
        dtype = {"boolean": pl.Boolean, "integer": pl.Int64, "string": pl.String, "float": pl.Float64}
        return pl.Series(key, values, dtype=dtype[kinds.pop()]), False
    if kinds == {"integer", "float"} and all(abs(v) <= EXACT_FLOAT_INT for v in values if isinstance(v, int)):
        return pl.Series(key, [None if v is None else float(v) for v in values], dtype=pl.Float64), False
    return pl.Series(key, [None if v is None else json_text(v) for v in values], dtype=pl.String), True


def json_text(value: Any) -> str:
    """A value as compact JSON text (non-ASCII kept as is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------------- others


def _numbered(frame: pl.DataFrame, first: int = 1) -> pl.DataFrame:
    return _with_lines(frame, pl.int_range(first, first + frame.height, dtype=pl.Int64))


def _with_lines(frame: pl.DataFrame, lines: pl.Expr | pl.Series) -> pl.DataFrame:
    """The frame with its line numbers; an input column that happens to be called like ours is kept
    under an `orig_` prefix, as canonical_batch keeps input columns named like our metadata."""
    if LINE in frame.columns:
        frame = frame.rename(_orig_names([LINE], set(frame.columns)))
    return frame.with_columns(lines.alias(LINE))


def read_json_array(path: Path) -> Iterator[RawBatch]:
    """A JSON array of objects (or `{"data": [...]}`); each item is checked like a JSONL line, numbered by
    its position in the array."""
    data, problem = _load_line(path.read_bytes().removeprefix(UTF8_BOM))
    if problem and "Extra data" in problem:  # a .json file that is really JSONL is common; read it as such
        yield from read_jsonl(path, 100_000)
        return
    if problem:
        raise InputError(f"{path}: {problem}")
    if isinstance(data, dict):
        # {"data": [...]} / {"rows": [...]}: a single top-level list of records.
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise InputError(f"{path}: expected a JSON array of objects (or JSONL)")
        data = lists[0]
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON array of objects, got {_json_type(data)}")
    good: list[dict[str, Any]] = []
    bad: list[Quarantined] = []
    for index, record in enumerate(data, start=1):
        problem = check_record(record)
        if problem:
            bad.append(Quarantined(str(path), index, f"item {index}: {problem}", snippet(json.dumps(record))))
        else:
            renames = _orig_names([LINE], set(record)) if LINE in record else {}
            good.append({**{renames.get(k, k): v for k, v in record.items()}, LINE: index})
    frame, json_columns, odd = records_frame(good, str(path))
    yield RawBatch(frame, sorted(bad + odd, key=lambda q: q.line), json_columns=json_columns)


def read_csv(path: Path, separator: str) -> Iterator[RawBatch]:
    try:
        frame = pl.read_csv(path, separator=separator, infer_schema=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise InputError(f"{path}: cannot parse as {'TSV' if separator == chr(9) else 'CSV'}: "
                         f"{str(exc).splitlines()[0]}") from exc
    _check_column_names(frame.columns, path)
    lines = _csv_record_lines(path.read_bytes(), frame.height)
    if lines is None:  # the records could not be matched to lines: number them as rows after the header
        yield RawBatch(_numbered(frame, first=2))
    else:
        yield RawBatch(_with_lines(frame, pl.Series(LINE, lines, dtype=pl.Int64)))


def _csv_record_lines(data: bytes, rows: int) -> np.ndarray | None:
    """The physical line each data record starts on. A quoted field may hold newlines, so records and lines
    differ: a newline ends a record only outside quotes (`""` inside quotes toggles twice)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buffer == 10)
    inside = np.bitwise_xor.accumulate((buffer == 34).view(np.uint8)) if len(buffer) else buffer
    record_ends = newlines[inside[newlines] == 0] if len(newlines) else newlines
    starts = record_ends + 1
    starts = starts[starts < len(data)]  # the header is record 0; a final newline starts nothing
    if len(starts) != rows:
        return None
    return np.searchsorted(newlines, starts) + 1  # 1 + the newlines before each start


def read_parquet(path: Path, batch_rows: int) -> Iterator[RawBatch]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:  # a column name that is not UTF-8, too
        raise InputError(f"{path}: not a readable Parquet file ({one_line(exc)})") from exc
    first = 1
    batches = parquet.iter_batches(batch_size=batch_rows)
    while True:
        try:
            record_batch = next(batches, None)
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:  # a corrupt page or column chunk
            raise InputError(f"{path}: cannot read the rows after row {first - 1}: the file is corrupt "
                             f"({one_line(exc)})") from exc
        if record_batch is None:
            return
        yield arrow_batch(pa.Table.from_batches([record_batch]), first, path)
        first += record_batch.num_rows


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
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not a readable Arrow IPC file ({one_line(exc)})") from exc
    yield arrow_batch(table, 1, path)


def arrow_batch(table: pa.Table, first: int, path: Path) -> RawBatch:
    """Rows of an Arrow table numbered from `first`; rows whose strings are not UTF-8 are quarantined (Parquet
    and Arrow files written by other tools may hold any bytes in a string column, and Polars does not check)."""
    try:
        table.validate(full=True)
        bad = None
    except pa.ArrowInvalid:
        bad = _invalid_utf8_rows(table, path, first)
    _check_column_names(table.column_names, path)
    frame = _from_arrow(_without_bad_metadata(table))
    frame = _numbered(frame, first)
    if bad is None:
        return RawBatch(frame)
    rows, reasons = bad
    quarantined = [Quarantined(str(path), first + int(i), reasons[int(i)], "") for i in rows]
    return RawBatch(frame.filter(~pl.col(LINE).is_in(pl.Series([first + int(i) for i in rows]).implode())),
                    quarantined)


def _from_arrow(table: pa.Table) -> pl.DataFrame:
    """pl.from_arrow, keeping a column called "" by that name (Polars would call it column_0)."""
    names = table.column_names
    frame = pl.from_arrow(table.rename_columns([f"column_{i}" for i in range(len(names))]) if "" in names
                          else table)
    assert isinstance(frame, pl.DataFrame)
    return frame.rename(dict(zip(frame.columns, names, strict=True))) if "" in names else frame


def _check_column_names(names: list[str], path: Path) -> None:
    """A column name holding a NUL character cannot be written (Arrow passes names as C strings)."""
    bad = next((n for n in names if "\x00" in n), None)
    if bad is not None:
        raise InputError(f"{path}: the column name {json.dumps(bad)[:60]} holds a NUL character (\\u0000), "
                         "which no column name may; rename it")


def _without_bad_metadata(table: pa.Table) -> pa.Table:
    """The table without its schema's key-value metadata when any of it is not UTF-8 (Polars panics on it);
    the columns and their types are untouched."""
    fields = [table.schema.metadata, *(f.metadata for f in table.schema)]
    try:
        for metadata in fields:
            for key, value in (metadata or {}).items():
                key.decode("utf-8"), value.decode("utf-8")
    except UnicodeDecodeError:
        return pa.Table.from_arrays(table.columns, names=table.column_names)
    return table


def _invalid_utf8_rows(table: pa.Table, path: Path, first: int) -> tuple[np.ndarray, dict[int, str]]:
    """Rows holding a string that is not UTF-8, with the first such column of each named."""
    reasons: dict[int, str] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        binary = column.cast(pa.large_binary() if pa.types.is_large_string(column.type) else pa.binary())
        for row, value in enumerate(binary.to_pylist()):  # row by row: only a table that failed the check
            if value is not None and not _valid_utf8(value):
                reasons.setdefault(row, f"field {name!r} is not valid UTF-8")
    if not reasons:  # the bad bytes are inside a nested column: nothing row by row to set aside
        raise InputError(f"{path}: a nested column holds strings that are not valid UTF-8 (rows {first} to "
                         f"{first + table.num_rows - 1})")
    return np.array(sorted(reasons)), reasons


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
        self.tmp = temp_path(self.path)
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
            with naming_the_file(self.path):
                pending.result()  # re-raises a failed write

    def _write(self, frame: pl.DataFrame) -> None:
        import pyarrow.parquet as pq

        from gristmill.records import ALL_TEXT_FIELDS

        table = frame.to_arrow(compat_level=pl.CompatLevel.newest())  # string views as they are: no copy
        nested = [i for i, dtype in enumerate(frame.dtypes) if dtype.is_nested()]
        for i in nested:  # Arrow's Parquet writer cannot slice string views inside lists (conversations)
            column = frame.select(frame.columns[i]).to_arrow(compat_level=pl.CompatLevel.oldest())
            table = table.set_column(i, column.schema.field(0), column.column(0))
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
        with naming_the_file(self.path):
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


RETRO_JSON = ("boolean", "integer", "float")  # types whose earlier values become their JSON text in a cast to String


def _column_kind(dtype: pl.DataType) -> str | None:
    if dtype == pl.Null:
        return None
    if dtype == pl.String:
        return "string"
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "integer"
    return "float" if dtype.is_float() else f"other:{dtype}"


@dataclass
class ColumnTypes:
    """The type each pass-through column has had so far in one run, so that batches (and files) agree.

    A column keeps its first type while its values agree. When a later value disagrees, a column of
    booleans or numbers turns into JSON text from then on; its earlier values turn into their JSON text
    when the batches are put together (Polars casts booleans and numbers to exactly that text). A column of
    strings (or of a type read from Parquet or Arrow) cannot be turned back that way, so a row whose value
    disagrees with it is quarantined, saying why. `json_text` names every JSON-text column and where it
    became one."""

    kinds: dict[str, str] = field(default_factory=dict)
    largest_int: dict[str, int] = field(default_factory=dict)
    json_text: dict[str, str] = field(default_factory=dict)

    def reconcile(self, frame: pl.DataFrame, json_columns: set[str], file: str,
                  skip: set[str] = frozenset()) -> tuple[pl.DataFrame, list[Quarantined]]:  # type: ignore[assignment]
        """The batch with each pass-through column made to agree with the run so far, and rows that cannot.

        Rows are set aside first, so that a row that goes to the quarantine never decides a column's type."""
        text_names = _text_names()
        kinds = {name: "json" if name in json_columns else _column_kind(dtype)
                 for name, dtype in frame.schema.items() if name != LINE and name not in text_names | skip}
        quarantined: list[Quarantined] = []
        for name, kind in kinds.items():
            known = self.kinds.get(name)
            if kind is not None and known not in (None, kind, "json", *RETRO_JSON):  # strings, Parquet's types
                frame, bad = _quarantine_disagreeing(frame, name, known, kind, file)  # type: ignore[arg-type]
                quarantined += bad
                kinds[name] = known
        for name, kind in kinds.items():
            if kind is None or frame.get_column(name).null_count() == frame.height:  # no value says anything,
                frame = _replace(frame, frame.get_column(name).cast(pl.Null))  # nor its type, when batches merge
                continue
            where = f"{file}:{int(frame.get_column(LINE).min())}"  # type: ignore[arg-type]
            known = self.kinds.setdefault(name, kind)
            if known != kind and not self._numbers_agree(frame, name, known, kind):
                self.kinds[name] = "json"  # booleans or numbers so far: their JSON text is what a cast gives
                if kind != "json":
                    frame = _replace(frame, _as_json_text(frame.get_column(name)))
            if self.kinds[name] == "json":
                self.json_text.setdefault(name, where)
        return frame, quarantined

    def _numbers_agree(self, frame: pl.DataFrame, name: str, known: str, kind: str) -> bool:
        """Integers and floats share a column while every integer in it is exact as a float."""
        if kind == "integer":
            largest = frame.get_column(name).abs().max()
            self.largest_int[name] = max(self.largest_int.get(name, 0), int(largest))  # type: ignore[arg-type]
        if {known, kind} != {"integer", "float"} or self.largest_int.get(name, 0) > EXACT_FLOAT_INT:
            return False
        self.kinds[name] = "float"
        return True


def _replace(frame: pl.DataFrame, column: pl.Series) -> pl.DataFrame:
    """The frame with the column of that name replaced: by position, as pl.col("") would not name a column
    called ""."""
    return frame.replace_column(frame.get_column_index(column.name), column)


def _as_json_text(column: pl.Series) -> pl.Series:
    """Each value of a column as its JSON text (null stays null)."""
    if column.dtype in (pl.Boolean, pl.Null) or column.dtype.is_numeric():
        return column.cast(pl.String)
    values = column.to_list()  # rare: a column whose type changed midway
    return pl.Series(column.name, [None if v is None else json_text_any(v) for v in values], dtype=pl.String)


def json_text_any(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _quarantine_disagreeing(frame: pl.DataFrame, name: str, known: str, kind: str,
                            file: str) -> tuple[pl.DataFrame, list[Quarantined]]:
    """Rows whose `name` disagrees with the type the column already has; JSON-text strings still agree."""
    column = frame.get_column(name)
    if kind == "json" and known == "string":  # a batch mixing strings and other values: keep the strings
        decoded = [None if v is None else json.loads(v) for v in column.to_list()]
        strings = pl.Series(name, [v if isinstance(v, str) else None for v in decoded], dtype=pl.String)
        bad = column.is_not_null() & strings.is_null()
        frame = _replace(frame, strings)
    else:
        bad = column.is_not_null()
    what = "JSON values of another type" if kind == "json" else f"{kind} values"
    reason = (f"field {name!r} holds {what} where earlier rows hold {known.removeprefix('other:')} values; "
              "kept as is it would change them")
    rows = frame.filter(bad)
    out = [Quarantined(file, int(line), reason, snippet(json_text_any(value)))
           for line, value in zip(rows.get_column(LINE).to_list(), column.filter(bad).to_list(), strict=True)]
    frame = frame.filter(~bad)
    return _replace(frame, frame.get_column(name).cast(_dtype_of(known, column.dtype))), out


def _dtype_of(known: str, fallback: pl.DataType) -> pl.DataType:
    return pl.String() if known == "string" else fallback


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


def _to_canonical(frame: pl.DataFrame, kind: str, fields: dict[str, str] | None, first: bool,
                  file: str) -> pl.DataFrame:
    """records.to_canonical, with the file named in its errors."""
    from gristmill.errors import SchemaError
    from gristmill.records import to_canonical

    try:
        return to_canonical(frame, kind, fields, strict=first)
    except SchemaError as exc:
        raise SchemaError(f"{file}: {exc}") from None


def _orig_names(names: list[str], taken: set[str]) -> dict[str, str]:
    """Input columns named like ours → `orig_NAME` (`orig_NAME_2`, ... when the input has that name too)."""
    renames: dict[str, str] = {}
    for name in names:
        new, n = f"orig_{name}", 1
        while new in taken:
            n += 1
            new = f"orig_{name}_{n}"
        renames[name] = new
        taken.add(new)
    return renames


def _text_fields_or_quarantine(frame: pl.DataFrame, kind: str, file: str) -> tuple[pl.DataFrame, list[Quarantined]]:
    """Rows whose text fields are strings and present; the others quarantined with the field and why."""
    from gristmill.records import TEXT_FIELDS, TURN_FIELDS, conversation_problem, expected_columns

    quarantined: list[Quarantined] = []
    for name, dtype in ((f, frame.schema[f]) for f in TEXT_FIELDS[kind]):
        if name in TURN_FIELDS and dtype != pl.Null:
            if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
                wrong = pl.col(name).is_not_null()
                quarantined += _quarantine_rows(frame, wrong, pl.lit(f"field {name!r} is {_type_name(dtype)}, "
                                                                     "expected a list of {role, content} turns"), file)
                frame = frame.filter(~wrong).with_columns(pl.lit(None, pl.List(pl.Struct({"role": pl.String,
                                                                                          "content": pl.String})))
                                                          .alias(name))
            continue
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
    if kind == "chat":  # every turn has text and a known role, and the conversation ends on an answer
        problem = conversation_problem("messages")
        quarantined += _quarantine_rows(frame, problem.is_not_null(), problem, file)
        frame = frame.filter(problem.is_null())
    if kind == "preference":  # a dialogue with no Human turn leaves nothing to answer
        from gristmill.records import empty_dialogue

        empty = empty_dialogue("prompt")
        quarantined += _quarantine_rows(frame, empty, pl.lit("prompt: a dialogue with no Human turn"), file)
        frame = frame.filter(~empty)
    return frame, quarantined


def _quarantine_rows(frame: pl.DataFrame, bad: pl.Expr, reason: pl.Expr, file: str) -> list[Quarantined]:
    rows = frame.filter(bad).with_columns(_reason=reason)
    out = []
    for row in rows.iter_rows(named=True):
        line, why = row.pop(LINE), row.pop("_reason")
        out.append(Quarantined(file, int(line), why, snippet(json.dumps(row, default=str, ensure_ascii=False))))
    return out


def canonical_batch(raw: RawBatch, kind: str, file: str, source: str, license: str, origin: str,
                    fields: dict[str, str] | None = None, first: bool = True,
                    columns: ColumnTypes | None = None) -> Batch:
    """Aliases → canonical columns; rows with missing or non-text fields are quarantined with their line.

    `columns` carries the pass-through column types from the batches before (one per run), so a column
    never changes type silently between batches or files."""
    from gristmill.records import DROP_REASON, META_COLUMNS, TEXT_FIELDS, row_ids

    frame = raw.frame
    if frame.height == 0:
        return Batch(frame, sorted(raw.quarantined, key=lambda q: q.line), raw.blank_lines)
    quarantined = list(raw.quarantined)
    json_columns = raw.json_columns
    # A table gristmill wrote (kept.parquet) keeps its metadata, so rows still trace to their first source.
    curated = set(META_COLUMNS) <= set(frame.columns)
    if not curated:  # input columns named like our metadata are kept under an `orig_` prefix
        renames = _orig_names([c for c in (*META_COLUMNS[:3], "source_file", "source_line") if c in frame.columns],
                              set(frame.columns))
        frame = frame.rename(renames)
        json_columns = {renames.get(c, c) for c in json_columns}
    mapped = set((fields or {}).values())  # columns the user named as text fields: strings, not JSON text
    for name in sorted(mapped & json_columns):
        frame, bad = _quarantine_disagreeing(frame, name, "string", "json", file)
        quarantined += bad
    frame, bad = _text_fields_or_quarantine(_to_canonical(frame, kind, fields, first, file), kind, file)
    quarantined += bad
    # Only rows that stay say what type a column has: a quarantined row's value must not turn it into JSON text.
    frame, bad = (columns or ColumnTypes()).reconcile(frame, json_columns, file, skip=mapped)
    quarantined += bad
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
