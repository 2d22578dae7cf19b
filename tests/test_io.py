from __future__ import annotations

import json
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
