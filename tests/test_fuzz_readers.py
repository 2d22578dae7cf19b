"""Property-based fuzzing of the readers: whatever the bytes, every line is accounted for, nothing crashes, and
no kept value differs from what Python's own json (or csv) module reads on that line.

The default suite runs a few dozen examples per reader; `-m slow` runs thousands.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from gristmill.curate import Pipeline
from gristmill.errors import GristmillError, InputError
from gristmill.io import _parse_fast, _parse_slow, _split_lines, _with_lines

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TEXT_FIELDS = ("instruction", "input", "output")
PASS_THROUGH = ("meta", "n", "source")  # `source` is ours: the input's is kept as `orig_source`

any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=8)  # surrogates included
plain_text = st.text(max_size=8)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(plain_text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name in draw(st.permutations([*TEXT_FIELDS, *PASS_THROUGH])):
        if draw(st.integers(0, 3)) == 0:
            continue  # absent
        text_field = name in TEXT_FIELDS
        record[name] = draw(any_text if text_field and draw(st.integers(0, 4)) else json_values)
    if draw(st.integers(0, 9)) == 0:  # now and then a key of any text (NUL, surrogates, names of ours)
        record[draw(any_text | st.sampled_from(["_line", "id"]))] = draw(json_values)
    return record


def encode(record: Any, ensure_ascii: bool) -> bytes:
    return json.dumps(record, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """One line: mostly JSON objects, some broken in one of the ways real files break."""
    line = encode(draw(records()), draw(st.booleans()))
    how = draw(st.sampled_from(["as is"] * 6 + ["blank", "spaces", "crlf", "two objects", "cut", "byte",
                                                 "array", "duplicate key", "bom", "deep"]))
    if how == "blank":
        return b""
    if how == "spaces":
        return b"  " + line + b" \t"
    if how == "crlf":
        return line + b"\r"
    if how == "two objects":
        return line + encode(draw(records()), True)
    if how == "cut":
        return line[: draw(st.integers(0, max(len(line) - 1, 0)))]
    if how == "byte":
        at = draw(st.integers(0, len(line)))
        return line[:at] + bytes([draw(st.integers(0, 255).filter(lambda b: b != 10))]) + line[at:]  # one line
    if how == "array":
        return b"[" + line + b"]"
    if how == "duplicate key":
        return line[:-1] + b', "output": "again"}' if len(line) > 2 else line
    if how == "bom":
        return b"\xef\xbb\xbf" + line
    if how == "deep":
        depth = draw(st.sampled_from([2, 64, 200, 1200]))
        return line[:-1] + (b', "meta": ' if len(line) > 2 else b'"meta": ') + b"[" * depth + b"]" * depth + b"}"
    return line


GOOD_FIRST = json.dumps({"instruction": "first", "input": "", "output": "row"}).encode()


def reference(line: bytes, first: bool) -> dict[str, Any] | None:
    """What Python's json module reads on a line, or None when the line cannot be a row."""
    if first:
        line = line.removeprefix(b"\xef\xbb\xbf")
    try:
        pairs: list[list[tuple[str, Any]]] = []
        record = json.loads(line.decode("utf-8"), object_pairs_hook=lambda p: pairs.append(p) or dict(p))
        json.dumps(record, ensure_ascii=False).encode("utf-8")  # no lone surrogate anywhere
    except (ValueError, RecursionError, UnicodeError):
        return None
    if not isinstance(record, dict) or any(len(dict(p)) != len(p) for p in pairs):
        return None
    if any("\x00" in key for key in record):  # no column name may hold a NUL
        return None
    if any(not isinstance(record.get(f), str | None) for f in TEXT_FIELDS):
        return None
    if any(isinstance(v, float) and math.isinf(v) for v in _leaves(record)):
        return None
    if record.get("instruction") is None or record.get("output") is None:
        return None  # a required field is missing
    return record


def blank(line: bytes, first: bool) -> bool:
    """Only JSON whitespace (after the byte order mark that may open a file)."""
    return not (line.removeprefix(b"\xef\xbb\xbf") if first else line).strip(b" \t\r")


def _leaves(value: Any) -> list[Any]:
    leaves, stack = [], [value]
    while stack:  # no recursion: values may nest a thousand deep
        item = stack.pop()
        if isinstance(item, dict | list):
            stack.extend(item.values() if isinstance(item, dict) else item)
        else:
            leaves.append(item)
    return leaves


def same_value(read: Any, expected: Any, as_json: bool) -> bool:
    """A value read back equals the input's: natively (same JSON type), or as the JSON text of it."""
    if as_json and read is not None:
        read = json.loads(read)
    if isinstance(expected, bool) or isinstance(read, bool):
        return type(read) is type(expected)
    if isinstance(expected, dict | list):
        return as_json and read == expected
    return read == expected


def check_jsonl(lines: list[bytes], batch_rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        result = Pipeline([], kind="sft", batch_rows=batch_rows).run(path, output=Path(folder) / "out")
        stats = result.stats
        content = [i for i, line in enumerate(lines, start=1) if not blank(line, i == 1)]
        assert stats["accounted"] and stats["rows_in"] == len(content)
        assert stats["rows_in"] + stats["sources"][0]["blank_lines"] == len(lines)
        kept = pl.read_parquet(Path(folder) / "out" / "kept.parquet")
        quarantined = {q["line"]: q["reason"] for q in result.quarantine}
        assert len(quarantined) == len(result.quarantine)  # one entry a line
        assert sorted([*kept.get_column("source_line").to_list(), *quarantined]) == content
        json_columns = set(stats["json_text_columns"])
        for row in kept.iter_rows(named=True):
            expected = reference(lines[row["source_line"] - 1], row["source_line"] == 1)
            assert expected is not None, (row["source_line"], lines[row["source_line"] - 1])
            for name in TEXT_FIELDS:
                assert row[name] == (expected.get(name) or "" if name == "input" else expected[name])
            for name in PASS_THROUGH:
                column = "orig_source" if name == "source" else name
                assert same_value(row.get(column), expected.get(name), column in json_columns), (name, row)
        for line, reason in quarantined.items():  # a readable row is set aside only for a column type clash
            if reference(lines[line - 1], line == 1) is not None:
                assert "where earlier rows hold" in reason, (line, reason, lines[line - 1])


@FAST
@given(st.lists(jsonl_lines(), max_size=12), st.integers(1, 5))
def test_jsonl_every_line_accounted_and_nothing_changed(lines: list[bytes], batch_rows: int) -> None:
    check_jsonl([GOOD_FIRST, *lines], batch_rows)


@pytest.mark.slow
@SLOW
@given(st.lists(jsonl_lines(), max_size=30), st.integers(1, 8))
def test_jsonl_every_line_accounted_and_nothing_changed_long(lines: list[bytes], batch_rows: int) -> None:
    check_jsonl([GOOD_FIRST, *lines], batch_rows)


def check_paths_agree(lines: list[bytes]) -> None:
    block = _split_lines(b"\n".join(lines) + b"\n", 1)
    fast = _parse_fast(block)
    if fast is not None:  # when the fast path answers, it answers what the line-by-line path does
        slow = _parse_slow(Path("x.jsonl"), block.numbered())
        assert slow.quarantined == [] and slow.json_columns == set()
        if fast.height:  # numbered as read_jsonl numbers it (an input `_line` kept as `orig__line`, as slow does)
            fast = _with_lines(fast, pl.Series("_line", [n for n, _ in block.numbered()], dtype=pl.Int64))
        columns = [c for c in fast.columns if c != "_line"]
        assert columns == [c for c in slow.frame.columns if c != "_line"]  # where `_line` sits is not data
        assert_frame_equal(fast, slow.frame.select(fast.columns))


def test_an_input_field_named_like_our_line_numbers_reads_the_same_on_both_paths() -> None:
    """Found by the long fuzz run: an input `_line` is kept as `orig__line`, in its place, by either path."""
    check_paths_agree([b'{"_line": null}'])
    check_paths_agree([b'{"_line": 3, "instruction": "a"}', b"", b'{"_line": 4, "instruction": "b"}'])
    check_paths_agree([b'{"instruction": "a", "orig__line": 1, "_line": 2}'])


@FAST
@given(st.lists(jsonl_lines(), min_size=1, max_size=8))
def test_fast_path_agrees_with_the_line_by_line_path(lines: list[bytes]) -> None:
    check_paths_agree(lines)


@pytest.mark.slow
@SLOW
@given(st.lists(jsonl_lines(), min_size=1, max_size=20))
def test_fast_path_agrees_with_the_line_by_line_path_long(lines: list[bytes]) -> None:
    check_paths_agree(lines)


def check_json_array(items: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(json.dumps([{"instruction": "a", "output": "b"}, *items]).encode("utf-8", "surrogatepass"))
        try:
            result = Pipeline([], kind="sft").run(path, output=Path(folder) / "out")
        except InputError as exc:  # a whole-file refusal must say why in one line
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        assert result.stats["accounted"] and result.stats["rows_in"] == len(items) + 1


@FAST
@given(st.lists(records() | json_values, max_size=8))
def test_json_array_items_accounted(items: list[Any]) -> None:
    check_json_array(items)


@pytest.mark.slow
@SLOW
@given(st.lists(records() | json_values, max_size=20))
def test_json_array_items_accounted_long(items: list[Any]) -> None:
    check_json_array(items)


csv_cells = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t;é')), max_size=8)


def csv_record(cells: tuple[str, ...]) -> str:
    """One record as Python's csv module writes it; quoted whole where a bare \r would read as a line end."""
    text = io.StringIO()
    quoting = csv.QUOTE_ALL if any("\r" in c for c in cells) else csv.QUOTE_MINIMAL
    csv.writer(text, lineterminator="\n", quoting=quoting).writerow(cells)
    return text.getvalue()


def check_csv(rows: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        records = [csv_record(("instruction", "output")), *map(csv_record, [("first", "row"), *rows])]
        path.write_text("".join(records), encoding="utf-8")
        result = Pipeline([], kind="sft").run(path)
        assert result.stats["accounted"] and result.stats["rows_in"] == len(rows) + 1
        starts = {}  # the line each record starts on: 1 + the newlines written before it (as wc -l counts)
        for index, cells in enumerate([("first", "row"), *rows], start=1):
            starts["".join(records[:index]).count("\n") + 1] = cells
        for row in result.kept.iter_rows(named=True):
            assert (row["instruction"], row["output"]) == starts[row["source_line"]]


@FAST
@given(st.lists(st.tuples(csv_cells.filter(bool), csv_cells.filter(bool)), max_size=8))
def test_csv_records_accounted_and_numbered_by_physical_line(rows: list[tuple[str, str]]) -> None:
    check_csv(rows)


@pytest.mark.slow
@SLOW
@given(st.lists(st.tuples(csv_cells.filter(bool), csv_cells.filter(bool)), max_size=20))
def test_csv_records_accounted_and_numbered_by_physical_line_long(rows: list[tuple[str, str]]) -> None:
    check_csv(rows)


def parquet_bytes() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"instruction": ["a", "b"] * 50, "output": ["c", "d"] * 50}).write_parquet(buffer)
    return buffer.getvalue()


PARQUET = parquet_bytes()


@st.composite
def damaged_parquet(draw: st.DrawFn) -> bytes:
    data = bytearray(PARQUET)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))]) if draw(st.booleans()) else bytes(data)


@FAST
@given(damaged_parquet() | st.binary(max_size=64))
def test_damaged_parquet_is_read_or_refused_in_one_line(data: bytes) -> None:
    check_parquet(data)


@pytest.mark.slow
@SLOW
@given(damaged_parquet() | st.binary(max_size=64))
def test_damaged_parquet_is_read_or_refused_in_one_line_long(data: bytes) -> None:
    check_parquet(data)


def check_parquet(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.parquet"
        path.write_bytes(data)
        try:
            result = Pipeline([], kind="sft").run(path)
        except GristmillError as exc:  # unreadable (InputError), or columns that no longer fit (SchemaError)
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        assert result.stats["accounted"]


def check_csv_bytes(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(b"instruction,output\nfirst,row\n" + body)
        try:
            result = Pipeline([], kind="sft").run(path, output=Path(folder) / "out")
        except GristmillError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
        assert result.stats["accounted"]
        lines = result.kept.get_column("source_line").to_list() + [q["line"] for q in result.quarantine]
        assert len(set(lines)) == len(lines) == result.stats["rows_in"]  # one row a line number


csv_bytes = st.lists(st.sampled_from([b"a", b",", b'"', b"\n", b"\r", b"\xe9", b"\x00", b" "]), max_size=30).map(
    b"".join) | st.binary(max_size=30)


@FAST
@given(csv_bytes)
def test_csv_of_any_bytes_is_read_or_refused_in_one_line(body: bytes) -> None:
    check_csv_bytes(body)


@pytest.mark.slow
@SLOW
@given(csv_bytes)
def test_csv_of_any_bytes_is_read_or_refused_in_one_line_long(body: bytes) -> None:
    check_csv_bytes(body)
