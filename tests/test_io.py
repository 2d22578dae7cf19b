from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from gristmill.curate import Pipeline
from gristmill.errors import InputError

GOOD = [
    {"instruction": "Add two numbers.", "input": "2, 3", "output": "5"},
    {"instruction": "Name a colour.", "input": "", "output": "Blue, like the sky."},
    {"instruction": "Say hi in French.", "input": "", "output": "Bonjour !"},
]


def write_broken_jsonl(path: Path) -> dict[int, str]:
    """A JSONL file with one of every kind of bad line between good ones; returns line → expected reason."""
    big_output = "word " * 1_000_000  # a 5 MB line that is valid JSON
    lines: list[bytes] = [
        json.dumps(GOOD[0]).encode(),  # 1
        b'{"instruction": "unterminated", "output": "x"',  # 2 bad JSON
        b'{"instruction": "caf\xe9", "input": "", "output": "latin-1 byte"}',  # 3 invalid UTF-8
        json.dumps({"instruction": "no output field"}).encode(),  # 4 missing field
        json.dumps({"instruction": "numeric output", "input": "", "output": 42}).encode(),  # 5 wrong type
        b"",  # 6 blank line: not a row
        json.dumps(GOOD[1]).encode(),  # 7
        json.dumps(["a", "list"]).encode(),  # 8 not an object
        json.dumps({"instruction": "huge", "input": "", "output": big_output}).encode(),  # 9 5 MB line
        json.dumps(GOOD[2], ensure_ascii=False).encode(),  # 10
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return {2: "invalid JSON", 3: "invalid UTF-8", 4: "missing field 'output'", 5: "field 'output' is a number",
            8: "expected a JSON object"}


def test_broken_jsonl_every_line_accounted_and_good_rows_intact(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    expected = write_broken_jsonl(path)
    result = Pipeline([], kind="sft").run(path, output=tmp_path / "out")
    quarantine = {q["line"]: q for q in result.quarantine}
    assert sorted(quarantine) == sorted(expected)
    for line, reason in expected.items():
        assert reason in quarantine[line]["reason"], (line, quarantine[line]["reason"])
        assert quarantine[line]["file"] == str(path)
    kept = result.kept
    assert kept.get_column("source_line").to_list() == [1, 7, 9, 10]
    assert kept.select("instruction", "input", "output").rows()[:2] + kept.select(
        "instruction", "input", "output").rows()[3:] == [tuple(g.values()) for g in GOOD]
    assert len(kept.get_column("output")[2]) == 5_000_000
    stats = result.stats
    assert (stats["rows_in"], stats["kept"], stats["rejected"], stats["quarantined"]) == (9, 4, 5, 5)
    assert stats["accounted"] and stats["sources"][0]["blank_lines"] == 1
    on_disk = [json.loads(line) for line in (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()]
    assert [q["line"] for q in on_disk] == sorted(expected)


def test_batches_are_line_accurate_across_batch_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    expected = write_broken_jsonl(path)
    result = Pipeline([], kind="sft", batch_rows=3).run(path)
    assert sorted(q["line"] for q in result.quarantine) == sorted(expected)
    assert result.kept.get_column("source_line").to_list() == [1, 7, 9, 10]


def test_mixed_types_in_one_column_are_quarantined_not_cast(tmp_path: Path) -> None:
    rows = [GOOD[0], {"instruction": "x", "input": "", "output": 1.5},
            {"instruction": "y", "input": "", "output": True}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    result = Pipeline([], kind="sft").run(path)
    assert [(q["line"], q["reason"]) for q in result.quarantine] == [
        (2, "field 'output' is a number, expected a string"),
        (3, "field 'output' is a boolean, expected a string"),
    ]
    assert result.kept.height == 1


def test_formats_read_the_same_rows(tmp_path: Path) -> None:
    frame = pl.DataFrame(GOOD)
    frame.write_parquet(tmp_path / "d.parquet")
    frame.write_csv(tmp_path / "d.csv")
    (tmp_path / "d.json").write_text(json.dumps(GOOD))
    frame.write_ndjson(tmp_path / "d.jsonl")
    for name in ("d.parquet", "d.csv", "d.json", "d.jsonl"):
        kept = Pipeline([]).run(tmp_path / name).kept
        assert kept.select("instruction", "input", "output").rows() == [tuple(g.values()) for g in GOOD], name
    csv_lines = Pipeline([]).run(tmp_path / "d.csv").kept.get_column("source_line").to_list()
    assert csv_lines == [2, 3, 4]  # line 1 is the header


def test_hf_dataset_folder_and_object(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list(GOOD)
    ds.save_to_disk(str(tmp_path / "ds"))
    from_folder = Pipeline([]).run(tmp_path / "ds").kept
    from_object = Pipeline([]).run(ds).kept
    assert from_folder.select("output").to_series().to_list() == [g["output"] for g in GOOD]
    assert from_object.select("output").to_series().to_list() == [g["output"] for g in GOOD]


def test_globs_and_several_inputs_keep_their_licenses(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"part{i}.jsonl").write_text(json.dumps(GOOD[i]) + "\n")
    result = Pipeline([]).run([{"path": str(tmp_path / "part[01].jsonl"), "license": "MIT", "name": "a"},
                               {"path": str(tmp_path / "part2.jsonl"), "license": "CC-BY-4.0"}])
    kept = result.kept
    assert kept.select("source", "license").rows() == [("a", "MIT"), ("a", "MIT"), ("part2", "CC-BY-4.0")]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"", "the file is empty"), (b"\n\n", "no rows")],
)
def test_unreadable_inputs_are_one_line_errors(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "data.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        Pipeline([]).run(path)


def test_unknown_extension_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "data.xlsx").write_text("x")
    with pytest.raises(InputError, match="unknown format"):
        Pipeline([]).run(tmp_path / "data.xlsx")


@pytest.mark.parametrize("encrypted", [False, True])
def test_parquet_appender_merges_odd_schemas_plain_or_encrypted(tmp_path: Path, encrypted: bool) -> None:
    """A batch whose schema differs (a column all-null in the first) is merged at close; encrypted, the file
    is ciphertext from the first byte and reads back the same."""
    from gristmill import crypto
    from gristmill.io import ParquetAppender

    key = bytes(range(32)) if encrypted else None
    path = tmp_path / ("kept.parquet.enc" if encrypted else "kept.parquet")
    appender = ParquetAppender(path, key)
    frames = [pl.DataFrame({"a": [1, 2], "b": [None, None]}), pl.DataFrame({"a": [3], "b": ["x"]}),
              pl.DataFrame({"a": [4], "b": [None]})]
    for frame in frames:
        appender.append(frame)
    assert appender.close() == path
    back = crypto.read_parquet(path, key) if key else pl.read_parquet(path)
    assert sorted(back.rows()) == [(1, None), (2, None), (3, "x"), (4, None)]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary or set-aside file left
    if encrypted:
        assert path.read_bytes()[:8] == crypto.MAGIC


def test_parquet_appender_abort_leaves_nothing(tmp_path: Path) -> None:
    from gristmill.io import ParquetAppender

    appender = ParquetAppender(tmp_path / "kept.parquet.enc", bytes(range(32)))
    appender.append(pl.DataFrame({"a": [1]}))
    appender.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_preference_row_whose_dialogue_has_no_human_turn_is_quarantined(tmp_path: Path) -> None:
    rows = [{"chosen": "\n\nHuman: Hi there\n\nAssistant: Hello!", "rejected": "\n\nHuman: Hi there\n\nAssistant: Go."},
            {"chosen": "\n\nHuman:\n\nAssistant: Hello!", "rejected": "\n\nHuman:\n\nAssistant: Go away."}]
    path = tmp_path / "hh.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = Pipeline([], kind="preference").run(path)
    assert result.kept.get_column("prompt").to_list() == ["\n\nHuman: Hi there\n\nAssistant:"]
    assert [(q["line"], q["reason"]) for q in result.quarantine] == [(2, "prompt: a dialogue with no Human turn")]


# ------------------------------------------------------------------------------------- issue 21: nothing lost

SFT = {"instruction": "Name a colour.", "input": "", "output": "Blue, like the sky."}


def sft_line(**extra: object) -> bytes:
    return json.dumps({**SFT, **extra}, ensure_ascii=False).encode()


def run_lines(tmp_path: Path, lines: list[bytes], batch_rows: int = 100_000, name: str = "d.jsonl"):
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return Pipeline([], kind="sft", batch_rows=batch_rows).run(path, output=tmp_path / "out")


@pytest.mark.parametrize("bad", [b"caf\xe9", b"\xff", b"\xed\xa0\x80"])  # latin-1, never UTF-8, a surrogate
@pytest.mark.parametrize("with_bad_json", [False, True])
def test_invalid_utf8_is_quarantined_on_the_fast_path_and_the_slow_path_alike(
        tmp_path: Path, bad: bytes, with_bad_json: bool) -> None:
    lines = [b'{"instruction": "' + bad + b'", "input": "", "output": "one two three four"}', sft_line()]
    if with_bad_json:  # a bad-JSON line sends the batch line by line
        lines.append(b"{not json")
    result = run_lines(tmp_path, lines)
    assert [(q["line"], q["reason"].split(" at ")[0]) for q in result.quarantine][:1] == [(1, "invalid UTF-8")]
    assert pl.read_parquet(tmp_path / "out" / "kept.parquet").get_column("source_line").to_list() == [2]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"instruction": "lone \\ud800", "input": "", "output": "x"}', "lone UTF-16 surrogate"),
        (sft_line(output=[None, None]), "field 'output' is an array, expected a string"),
        (sft_line(output={"a": 1}), "field 'output' is an object, expected a string"),
        (b'{"instruction": "a", "instruction": "b", "output": "c"}', "key 'instruction' appears twice"),
        (sft_line(meta=[]).replace(b"[]", b"[" * 1000 + b"]" * 1000), "nested more deeply"),
        (sft_line(messages=[1, 2]), "must be a list of {role, content} objects"),
        (sft_line(score=1).replace(b"1}", b"1e400}"), "does not fit a 64-bit float"),
    ],
)
def test_one_bad_line_is_quarantined_and_the_run_goes_on(tmp_path: Path, line: bytes, reason: str) -> None:
    result = run_lines(tmp_path, [sft_line(), line, sft_line(input="x")])
    assert [q["line"] for q in result.quarantine] == [2]
    assert reason in result.quarantine[0]["reason"]
    assert pl.read_parquet(tmp_path / "out" / "kept.parquet").get_column("source_line").to_list() == [1, 3]
    (tmp_path / "out" / "quarantine.jsonl").read_text(encoding="utf-8")  # written, and valid UTF-8


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([{}], ["{}"]),  # Arrow cannot write an empty struct
        ([{"a": {"b": {"c": [1, {"d": None}]}}}], ['{"a":{"b":{"c":[1,{"d":null}]}}}']),
        ([[None, None]], ["[null,null]"]),
        ([1, [1, 2]], ["1", "[1,2]"]),
        ([1, {"k": "v"}], ["1", '{"k":"v"}']),
        ([True, 1], ["true", "1"]),
        ([123456789012345678901234567890], ["123456789012345678901234567890"]),
        (["2024-01-01"], ["2024-01-01"]),  # pyarrow would make it a timestamp
        ([1, 2.5], [1.0, 2.5]),  # numbers stay numbers while every integer is exact as a float
        ([1, None, 3], [1, None, 3]),
    ],
)
@pytest.mark.parametrize("batch_rows", [1, 100])
def test_pass_through_columns_never_change_a_value_silently(
        tmp_path: Path, values: list[object], expected: list[object], batch_rows: int) -> None:
    lines = [sft_line(meta=v) if v is not None else sft_line() for v in values]
    result = run_lines(tmp_path, lines, batch_rows=batch_rows)
    assert result.quarantine == []
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet").sort("source_line")  # odd schemas merge last
    assert kept.get_column("meta").to_list() == expected
    as_text = isinstance(expected[0], str) and not isinstance(values[0], str)
    assert ("meta" in result.stats["json_text_columns"]) == as_text


def test_a_string_column_quarantines_a_later_value_of_another_type(tmp_path: Path) -> None:
    """Earlier strings cannot be turned into JSON text once written, so the odd row is set aside, saying why."""
    result = run_lines(tmp_path, [sft_line(meta="a"), sft_line(meta=1), sft_line(meta="b")], batch_rows=1)
    assert [(q["line"], q["reason"].split(";")[0]) for q in result.quarantine] == [
        (2, "field 'meta' holds integer values where earlier rows hold string values")]
    assert pl.read_parquet(tmp_path / "out" / "kept.parquet").get_column("meta").to_list() == ["a", "b"]


def test_blank_line_before_a_two_object_line_keeps_line_numbers(tmp_path: Path) -> None:
    result = run_lines(tmp_path, [b"", sft_line() + sft_line(), sft_line(input="3"), sft_line(input="4")])
    assert [(q["line"], q["reason"].split(" at ")[0]) for q in result.quarantine] == [(2, "invalid JSON: Extra data")]
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")
    assert kept.select("source_line", "input").rows() == [(3, "3"), (4, "4")]


def test_an_object_spanning_two_lines_is_quarantined_not_misnumbered(tmp_path: Path) -> None:
    result = run_lines(tmp_path, [sft_line()[:-1], b"}" + sft_line(input="x"), sft_line(input="3")])
    assert [q["line"] for q in result.quarantine] == [1, 2]
    assert pl.read_parquet(tmp_path / "out" / "kept.parquet").get_column("input").to_list() == ["3"]


@pytest.mark.parametrize("with_bad_json", [False, True])
def test_a_bom_on_line_one_is_dropped_whatever_else_the_batch_holds(tmp_path: Path, with_bad_json: bool) -> None:
    lines = [b"\xef\xbb\xbf" + sft_line(), sft_line(input="2"), *([b"{bad"] if with_bad_json else [])]
    result = run_lines(tmp_path, lines)
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")
    assert kept.get_column("source_line").to_list() == [1, 2]
    assert [q["line"] for q in result.quarantine] == ([3] if with_bad_json else [])


def test_csv_records_report_the_physical_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('instruction,input,output\na,,"two\nlines"\nb,,"three\n\nlines"\nc,,one\n')
    kept = Pipeline([], kind="sft").run(path).kept
    assert kept.select("instruction", "source_line").rows() == [("a", 2), ("b", 4), ("c", 7)]


def test_truncated_gzip_is_a_one_line_input_error(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(b"\n".join([sft_line()] * 1000) + b"\n")
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"d\.jsonl\.gz: cannot read past line \d+: the file is truncated"):
        Pipeline([], kind="sft").run(path)


def test_corrupt_parquet_page_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pl.DataFrame([SFT] * 2000).with_columns(pl.col("output") + pl.int_range(2000).cast(pl.String)).write_parquet(
        path, compression="uncompressed")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = b"\xff" * 64  # inside the data pages, footer intact
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"d\.parquet: .*corrupt"):
        Pipeline([], kind="sft").run(path)


def test_missing_required_field_in_the_first_rows_names_the_file(tmp_path: Path) -> None:
    from gristmill.errors import SchemaError

    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"instruction": "q", "input": ""}) + "\n")
    with pytest.raises(SchemaError) as info:
        Pipeline([], kind="sft").run(path)
    assert str(info.value).startswith(f"{path}: missing field 'output'")
    assert "_line" not in str(info.value)


def test_stale_temp_files_of_a_dead_process_are_removed_on_the_next_write(tmp_path: Path) -> None:
    import subprocess
    import sys

    from gristmill.io import write_parquet

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)  # that process has exited: what it left behind is stale
    stale = [f".kept.parquet.gm{pid}-abc123.tmp", f".kept.parquet.gm{pid}-abc123.0.odd",
             f".kept.parquet.gm{pid}-abc123.merged"]
    live = f".kept.parquet.gm{os.getpid()}-xyz.tmp"  # this process may still be writing it
    others = [".kept.parquet.abc.tmp", "notes.tmp", f".rejected.parquet.gm{pid}-abc.tmp", "kept.parquet.gm1-a.tmp"]
    for name in [*stale, live, *others]:
        (tmp_path / name).write_bytes(b"partial")
    write_parquet(pl.DataFrame({"a": [1]}), tmp_path / "kept.parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live, *others, "kept.parquet"])


def test_parquet_strings_that_are_not_utf8_are_quarantined_row_by_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    raw = pa.array([b"ok", b"caf\xe9", b"fine"], pa.binary())
    instruction = pa.Array.from_buffers(pa.string(), 3, raw.buffers())  # other tools write such files
    pq.write_table(pa.table({"instruction": instruction, "output": ["a", "b", "c"]}), tmp_path / "d.parquet")
    result = Pipeline([], kind="sft").run(tmp_path / "d.parquet", output=tmp_path / "out")
    assert [(q["line"], q["reason"]) for q in result.quarantine] == [(2, "field 'instruction' is not valid UTF-8")]
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")  # readable: no invalid UTF-8 reached it
    assert kept.select("instruction", "source_line").rows() == [("ok", 1), ("fine", 3)]


@pytest.mark.parametrize("with_bad_json", [False, True])
def test_an_input_field_named_like_our_line_column_is_kept(tmp_path: Path, with_bad_json: bool) -> None:
    result = run_lines(tmp_path, [sft_line(_line=7), sft_line(_line=8), *([b"{bad"] if with_bad_json else [])])
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")
    assert kept.select("source_line", "orig__line").rows() == [(1, 7), (2, 8)]
    assert len(result.quarantine) == int(with_bad_json)


def test_a_conversation_column_mixing_strings_and_message_lists_keeps_the_majority(tmp_path: Path) -> None:
    def turns(answer: str) -> list[dict[str, str]]:
        return [{"role": "user", "content": "Q"}, {"role": "assistant", "content": answer}]

    lines = [json.dumps({"chosen": turns("good"), "rejected": turns("bad")}).encode(),
             json.dumps({"chosen": "\n\nHuman: Q\n\nAssistant: good", "rejected": turns("bad")}).encode(),
             json.dumps({"chosen": turns("fine"), "rejected": turns("poor")}).encode()]
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = Pipeline([], kind="preference").run(path)
    assert [(q["line"], q["reason"]) for q in result.quarantine] == [
        (2, "field 'chosen' is a string where the other rows of its batch hold message lists")]
    assert result.kept.select("prompt", "chosen", "rejected", "source_line").rows() == [
        ("Q", "good", "bad", 1), ("Q", "fine", "poor", 3)]


def test_a_column_left_empty_by_the_quarantine_does_not_retype_later_batches(tmp_path: Path) -> None:
    """Found by fuzzing: the only value of `meta` in batch one was on a quarantined line, which left an empty
    text column that turned batch two's booleans into the strings 'false' when the batches merged."""
    lines = [sft_line(), b'{"meta": []}', b"{}", sft_line(meta=False)]
    result = run_lines(tmp_path, lines, batch_rows=2)
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet").sort("source_line")
    assert kept.get_column("meta").to_list() == [None, False]
    assert result.stats["json_text_columns"] == {}


def test_parquet_column_name_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    """Found by fuzzing: pyarrow raises UnicodeDecodeError on such a schema, which became a traceback."""
    path = tmp_path / "d.parquet"
    pl.DataFrame([SFT]).write_parquet(path, compression="uncompressed")
    data = path.read_bytes()
    path.write_bytes(data.replace(b"instruction", b"\x80nstruction"))
    with pytest.raises(InputError, match=r"d\.parquet: not a readable Parquet file"):
        Pipeline([], kind="sft").run(path)


@pytest.mark.parametrize(
    ("extra", "columns"),
    [
        ({"": 1}, {"": 1}),  # Polars would call it column_0
        ({"": None}, {"": None}),  # all null: typed Null by position, not by pl.col("")
        ({"source": "y", "orig_source": "x"}, {"orig_source": "x", "orig_source_2": "y"}),
        ({"_line": 4, "orig__line": 3}, {"orig__line": 3, "orig__line_2": 4}),
    ],
)
@pytest.mark.parametrize("with_bad_json", [False, True])
def test_input_column_names_are_kept_without_collisions(
        tmp_path: Path, extra: dict[str, object], columns: dict[str, object], with_bad_json: bool) -> None:
    """Found by fuzzing: an empty key was renamed column_N, and a rename onto a name the input already had
    (orig_source) crashed with DuplicateError."""
    run_lines(tmp_path, [sft_line(**extra), *([b"{bad"] if with_bad_json else [])])
    kept = pl.read_parquet(tmp_path / "out" / "kept.parquet")
    assert {name: kept.get_column(name).item() for name in columns} == columns


def test_a_key_holding_a_nul_is_quarantined_and_a_nul_column_name_refused(tmp_path: Path) -> None:
    """Found by fuzzing: Arrow passes column names as C strings, and Polars panicked on the NUL."""
    result = run_lines(tmp_path, [sft_line(), sft_line(**{"a\u0000b": 1})])
    assert [(q["line"], q["reason"]) for q in result.quarantine] == [
        (2, 'the key "a\\u0000b" holds a NUL character (\\u0000), which no column name may')]
    path = tmp_path / "d.csv"
    path.write_text("instruction,output,a\x00b\nq,a,1\n")
    with pytest.raises(InputError, match=r'd\.csv: the column name "a\\u0000b" holds a NUL character'):
        Pipeline([], kind="sft").run(path)


def test_parquet_whose_schema_metadata_is_not_utf8_is_read(tmp_path: Path) -> None:
    """Found by fuzzing: a damaged byte in the ARROW:schema key made Polars panic (Utf8Error)."""
    path = tmp_path / "d.parquet"
    pl.DataFrame([SFT] * 3).write_parquet(path)
    path.write_bytes(path.read_bytes().replace(b"ARROW:schema", b"AR\xa0OW:schema"))
    assert Pipeline([], kind="sft").run(path).stats["kept"] == 3


def test_a_column_called_empty_string_is_never_taken_for_another(tmp_path: Path) -> None:
    """Found by fuzzing: pl.col("") did not name the column called "", and casting it cast `instruction`."""
    path = tmp_path / "d.json"
    path.write_text(json.dumps([{"instruction": "a", "output": "b"}, {"": None}, {"*": None}]))
    result = Pipeline([], kind="sft").run(path)
    assert (result.stats["kept"], result.stats["quarantined"]) == (1, 2)
    assert result.kept.get_column("instruction").to_list() == ["a"]


def test_a_datasetdict_folder_is_read_by_split(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    from gristmill.errors import InputError
    from gristmill.tables import read_table

    rows = {"train": [{"instruction": f"q{i}", "output": f"the answer is {i}"} for i in range(3)],
            "test": [{"instruction": "q9", "output": "the answer is 9"}]}
    datasets.DatasetDict({k: datasets.Dataset.from_list(v) for k, v in rows.items()}).save_to_disk(str(tmp_path / "ds"))
    train = read_table({"path": str(tmp_path / "ds"), "split": "train"}).frame
    assert train.get_column("instruction").to_list() == ["q0", "q1", "q2"]
    both = read_table(str(tmp_path / "ds")).frame
    assert sorted(both.get_column("source").unique().to_list()) == ["ds-test", "ds-train"] and both.height == 4
    with pytest.raises(InputError, match=r"no split 'validation' \(the DatasetDict has train, test\)"):
        read_table({"path": str(tmp_path / "ds"), "split": "validation"})


def test_a_dataset_repository_folder_is_read_by_split_with_lines(tmp_path: Path) -> None:
    """The layout `datasets.load_dataset(folder)` reads (split in the file name, sharded under data/): the splits
    are `datasets`' own, and each row still traces to its file and line."""
    pytest.importorskip("datasets")
    from gristmill.errors import InputError
    from gristmill.tables import read_table

    (tmp_path / "repo" / "data").mkdir(parents=True)
    for split, numbers in (("train", range(3)), ("test", [9])):
        (tmp_path / "repo" / "data" / f"{split}-00000-of-00001.jsonl").write_text("".join(
            json.dumps({"instruction": f"q{i}", "output": f"the answer is {i}"}) + "\n" for i in numbers))
    (tmp_path / "repo" / "README.md").write_text("# a dataset card\n")
    train = read_table({"path": str(tmp_path / "repo"), "split": "train"}).frame
    assert train.get_column("instruction").to_list() == ["q0", "q1", "q2"]
    assert train.get_column("source_line").to_list() == [1, 2, 3]
    assert train.get_column("source_file").to_list()[0].endswith("data/train-00000-of-00001.jsonl")
    assert read_table(str(tmp_path / "repo")).frame.height == 4
    with pytest.raises(InputError, match=r"no split 'validation' \(the folder has train, test\)"):
        read_table({"path": str(tmp_path / "repo"), "split": "validation"})
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no data files"):
        read_table(str(tmp_path / "empty"))


def test_sharegpt_conversations_are_read_as_chat_turns(tmp_path: Path) -> None:
    path = tmp_path / "sharegpt.jsonl"
    turns = [{"from": "human", "value": "What is the capital of France?"},
             {"from": "gpt", "value": "Paris is the capital of France."}]
    path.write_text(json.dumps({"id": "a1", "conversations": turns}) + "\n")
    kept = Pipeline([]).run(path).kept
    assert kept.get_column("messages").to_list() == [[
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": "Paris is the capital of France."}]]
