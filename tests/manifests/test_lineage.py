from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from manifest_runs import SftRun, run_cli

from gristmill.manifests.lineage import SCHEMA, Lineage, LineageError, build_lineage, explain


def _line(path: Path, number: int) -> dict[str, object]:
    return json.loads(path.read_text().splitlines()[number - 1])


def test_lineage_has_one_row_per_input_record(sft_run: SftRun) -> None:
    lineage = Lineage.load(sft_run.root)
    stats = json.loads((sft_run.root / "curate" / "stats.json").read_text())
    rows_in = sum(len(p.read_text().splitlines()) for p in (sft_run.codegen, sft_run.roleplay, sft_run.extras))
    assert rows_in == 405 == stats["rows_in"] == lineage.frame.height
    assert lineage.counts() == {"kept": stats["kept"], "quarantined": 2, "rejected": stats["rejected"] - 2}
    assert lineage.frame.schema == pl.Schema(SCHEMA)
    located = lineage.frame.select("source_file", "source_line").unique()
    assert located.height == 405  # every record has its own file and line


def test_every_dropped_row_is_explained(sft_run: SftRun) -> None:
    dropped = Lineage.load(sft_run.root).dropped()
    rejected = pl.read_parquet(sft_run.root / "curate" / "rejected.parquet")
    quarantine = [json.loads(x) for x in (sft_run.root / "curate" / "quarantine.jsonl").read_text().splitlines()]
    expected = {(f, n): r for f, n, r in rejected.select("source_file", "source_line", "drop_reason").iter_rows()}
    expected |= {(q["file"], q["line"]): "quarantine" for q in quarantine}
    assert {(t.source_file, t.source_line): t.drop_reason for t in dropped} == expected
    assert len(dropped) == len(expected) == 130
    for trace in dropped:
        name, _, detail = (trace.drop_reason or "").partition(":")
        head = "quarantined" if trace.status == "quarantined" else f"rejected by {name}" + (
            f" ({detail})" if detail else "")
        assert trace.explanation().startswith(f"{head}: ")
        assert trace.where in trace.explanation()


def test_duplicates_and_broken_lines_are_explained_with_their_origin(sft_run: SftRun) -> None:
    code, role, extras = sft_run.codegen, sft_run.roleplay, sft_run.extras
    stories = [t.explanation() for n in range(1, 6) for t in explain(sft_run.root, (extras, n))]
    kept_id, rejected_id, role_id = (t.id for t in (*explain(sft_run.root, (code, 4)), *explain(sft_run.root, (
        code, 3)), *explain(sft_run.root, (role, 1))))
    meta = "(source extras, license MIT, origin human)"
    assert stories == [
        f"rejected by exact_dedup: row {kept_id} read from {extras}:1 {meta}; duplicate of row {kept_id} read from "
        f"{code}:4 (kept)",
        f"rejected by exact_dedup: row {rejected_id} read from {extras}:2 {meta}; duplicate of row {rejected_id} "
        f"read from {code}:3 (rejected by quality (short_output))",
        f"quarantined: {extras}:3 could not be read (invalid JSON: Unterminated string starting at at column 17)",
        f"quarantined: {extras}:4 could not be read (field 'output' is a number, expected a string)",
        f"rejected by exact_dedup: row {role_id} read from {extras}:5 {meta}; duplicate of row {role_id} read from "
        f"{role}:1 (kept)",
    ]


def test_kept_row_traces_to_its_file_and_line(sft_run: SftRun) -> None:
    (trace,) = explain(sft_run.root, (sft_run.codegen, 4))
    assert (trace.status, trace.source_file, trace.source_line, trace.source) == (
        "kept", str(sft_run.codegen), 4, "codegen")
    kept = pl.read_parquet(sft_run.root / "curate" / "kept.parquet").filter(pl.col("id") == trace.id)
    assert kept.select("source_file", "source_line").rows() == [(str(sft_run.codegen), 4)]
    assert kept.item(0, "instruction") == _line(sft_run.codegen, 4)["instruction"]
    copies = explain(sft_run.root, trace.id)  # by id: every copy of the row
    assert [(t.source_file, t.source_line, t.status) for t in copies] == [
        (str(sft_run.codegen), 4, "kept"), (str(sft_run.extras), 1, "rejected")]


def test_edits_recorded_by_passes_show_in_the_lineage(sft_run: SftRun) -> None:
    lineage = Lineage.load(sft_run.root).frame
    kept = pl.read_parquet(sft_run.root / "curate" / "kept.parquet")
    edited = kept.filter(pl.col("edits").list.len() > 0).select("source_file", "source_line", "edits")
    assert edited.height > 0
    joined = edited.join(lineage, on=["source_file", "source_line"], suffix="_lineage")
    assert joined.get_column("edits").to_list() == joined.get_column("edits_lineage").to_list()
    (trace,) = Lineage(lineage).explain((edited.item(0, "source_file"), edited.item(0, "source_line")))
    assert trace.explanation().endswith("; edited by " + ", ".join(edited.item(0, "edits")))


def test_relative_paths_find_the_same_file(sft_run: SftRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sft_run.codegen.parent)
    (trace,) = explain(sft_run.root, (sft_run.codegen.name, 4))
    assert trace.source_file == str(sft_run.codegen)


def test_unknown_rows_and_missing_lineage_are_clear_errors(sft_run: SftRun, tmp_path: Path) -> None:
    with pytest.raises(LineageError, match=r"no row .*extras.jsonl:99 in this run's lineage"):
        explain(sft_run.root, (sft_run.extras, 99))
    with pytest.raises(LineageError, match="no row id 'ffff' in this run's lineage"):
        explain(sft_run.root, "ffff")
    with pytest.raises(LineageError, match=r"lineage\.parquet: no lineage"):
        explain(tmp_path / "nowhere", "ffff")


def test_columns_from_later_passes_flow_into_the_lineage(tmp_path: Path) -> None:
    """cluster_id (minhash), pii_redacted (pii; a list, or one type as text) and parent_id (upsampled copies)."""
    base = {"id": ["a", "b"], "source": ["s", "s"], "license": ["MIT", "MIT"], "origin": ["human", "upsample"],
            "parent_id": [None, "a"], "source_file": ["f.jsonl", "f.jsonl"], "source_line": [1, 1],
            "edits": [["pii:output"], []], "cluster_id": [7, 7]}
    pl.DataFrame({**base, "pii_redacted": [["EMAIL_ADDRESS", "PERSON"], []]}).write_parquet(tmp_path / "kept.parquet")
    pl.DataFrame({**{k: v[:1] for k, v in base.items()}, "drop_reason": ["pii"], "pii_redacted": ["US_SSN"]}
                 ).write_parquet(tmp_path / "rejected.parquet")
    (tmp_path / "quarantine.jsonl").write_text("")
    frame = build_lineage(tmp_path, []).collect()
    assert frame.select("status", "cluster_id", "pii_redacted", "parent_id").rows() == [
        ("kept", "7", ["EMAIL_ADDRESS", "PERSON"], None), ("kept", "7", [], "a"), ("rejected", "7", ["US_SSN"], None)]
    first, copy = Lineage(frame).explain("a")[0], Lineage(frame).explain("b")[0]
    assert first.explanation() == (
        "kept: row a read from f.jsonl:1 (source s, license MIT, origin human); "
        "near-duplicate cluster 7; edited by pii:output; PII redacted: EMAIL_ADDRESS, PERSON")
    assert copy.explanation().endswith("origin upsample); near-duplicate cluster 7; derived from row a")


def test_cli_explains_a_row(sft_run: SftRun, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["manifest", "explain", str(sft_run.root), f"{sft_run.extras}:4"], capsys)
    assert code == 0
    assert "field 'output' is a number, expected a string" in out.replace("\n", " ")


def test_a_row_is_found_by_the_12_characters_of_its_id_the_terminal_prints(sft_run: SftRun) -> None:
    (trace,) = explain(sft_run.root, (sft_run.codegen, 4))
    assert trace.id is not None and len(trace.id) == 16
    assert [t.explanation() for t in explain(sft_run.root, trace.id[:12])] == \
        [t.explanation() for t in explain(sft_run.root, trace.id)]
    with pytest.raises(LineageError, match="no row id"):
        explain(sft_run.root, trace.id[:5])  # too short to be taken as a prefix: read as a whole id
