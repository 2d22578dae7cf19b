from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from gristmill.cli import app, main
from gristmill.curate import ExactDedup, Pipeline
from gristmill.synth.review import (
    ReviewSession,
    append_decision,
    apply_review,
    load_decisions,
    stratified_sample,
)
from gristmill.synth.stage import apply_review_to_run


def table(n_self: int = 40, n_bt: int = 20) -> pl.DataFrame:
    rows = [{"id": f"s{i:03d}", "origin": "self_instruct", "source": "self_instruct", "instruction": f"Task {i}.",
             "input": "", "output": f"Answer {i}."} for i in range(n_self)]
    rows += [{"id": f"b{i:03d}", "origin": "back_translation", "source": "back_translation",
              "instruction": f"Paraphrase {i}.", "input": "", "output": f"Out {i}."} for i in range(n_bt)]
    return pl.DataFrame(rows)


def test_stratified_sample_takes_the_rate_of_every_stratum_and_is_stable() -> None:
    sample = stratified_sample(table(), 0.05, "origin", seed=1)
    assert sample.group_by("origin").len().sort("origin").rows() == [("back_translation", 1),
                                                                     ("self_instruct", 2)]
    assert sample.equals(stratified_sample(table().reverse(), 0.05, "origin", seed=1))
    assert not sample.equals(stratified_sample(table(), 0.05, "origin", seed=2))
    assert stratified_sample(table(), 0.5, "origin").height == 30


def make_ask(answers: list[str]):
    script = iter(answers)
    asked: list[str] = []

    def ask(question: str, choices: list[str] | None, default: str | None) -> str:
        asked.append(question)
        answer = next(script)
        assert choices is None or answer in choices
        return answer

    ask.asked = asked  # type: ignore[attr-defined]
    return ask


def test_review_session_records_decisions_and_resumes(tmp_path: Path) -> None:
    sample = table(4, 2)
    path = tmp_path / "review.jsonl"
    shown: list[object] = []
    first = ReviewSession(sample, path, make_ask(["a", "r", "e", "output", "Better answer.", "a", "q"]),
                          shown.append).run()
    assert dict(first.decisions) == {"accept": 2, "reject": 1, "edit": 1} and first.pending == 3
    decisions = load_decisions(path)
    assert [(d["id"], d["decision"]) for d in decisions] == [
        ("s000", "accept"), ("s001", "reject"), ("s002", "edit"), ("s002", "accept")]
    assert decisions[2]["before"] == "Answer 2." and decisions[2]["after"] == "Better answer."
    second = ReviewSession(sample, path, make_ask(["s", "a", "r"]), shown.append).run()
    assert second.decided_before == 3 and dict(second.decisions) == {"skip": 1, "accept": 1, "reject": 1}
    assert ReviewSession(sample, path, make_ask([]), shown.append).pending() == []


def test_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "review.jsonl"
    append_decision(path, {"id": "a", "decision": "reject"})
    with open(path, "a") as handle:
        handle.write('{"id": "b", "decis')
    assert load_decisions(path) == [{"id": "a", "decision": "reject"}]


def test_apply_review_moves_rejected_rows_applies_edits_and_is_idempotent() -> None:
    kept = table(3, 0).with_columns(edits=pl.lit([], dtype=pl.List(pl.String)))
    rejected = kept.clear().with_columns(drop_reason=pl.lit(None, pl.String))
    records = [{"id": "s001", "decision": "reject"},
               {"id": "s002", "decision": "edit", "field": "output", "before": "Answer 2.", "after": "Fixed."},
               {"id": "s002", "decision": "accept"}]
    kept1, rejected1, counts = apply_review(kept, rejected, records)
    assert kept1["id"].to_list() == ["s000", "s002"] and kept1["output"].to_list() == ["Answer 0.", "Fixed."]
    assert kept1["edits"].to_list() == [[], ["review:output"]]
    assert rejected1.select("id", "drop_reason").rows() == [("s001", "review")]
    assert counts == {"rejected_by_review": 1, "restored": 0, "edited_rows": 1}
    kept2, rejected2, _ = apply_review(kept1, rejected1, records)
    assert kept2.equals(kept1) and rejected2.equals(rejected1)
    kept3, rejected3, counts3 = apply_review(kept2, rejected2, [*records, {"id": "s001", "decision": "accept"}])
    assert sorted(kept3["id"]) == ["s000", "s001", "s002"] and rejected3.height == 0 and counts3["restored"] == 1


@pytest.fixture
def synth_run(tmp_path: Path) -> Path:
    """A run whose synth/curated holds 40 synthetic and 3 human rows, as `gristmill synth` leaves it."""
    rows = table(30, 10).with_columns(
        license=pl.lit("NOASSERTION"), parent_id=pl.lit(None, pl.String)).drop("id", "source")
    human = pl.DataFrame({"instruction": ["H1 task.", "H2 task.", "H3 task."], "input": [""] * 3,
                          "output": ["a.", "b.", "c."]})
    Pipeline([ExactDedup()]).run([human, rows], output=tmp_path / "run" / "synth" / "curated")
    return tmp_path / "run"


def test_review_command_reads_decisions_from_stdin_and_applies_them(synth_run: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(synth_run), "--rate", "0.1"], input="r\na\ne\noutput\nNew.\na\ns\n")
    assert result.exit_code == 0, result.output
    decisions = load_decisions(synth_run / "synth" / "review.jsonl")
    assert [d["decision"] for d in decisions] == ["reject", "accept", "edit", "accept", "skip"]
    kept = pl.read_parquet(synth_run / "synth" / "curated" / "kept.parquet")
    rejected = pl.read_parquet(synth_run / "synth" / "curated" / "rejected.parquet")
    assert rejected.filter(pl.col("drop_reason") == "review")["id"].to_list() == [decisions[0]["id"]]
    assert kept.filter(pl.col("id") == decisions[2]["id"])["output"].to_list() == ["New."]
    stats = json.loads((synth_run / "synth" / "curated" / "stats.json").read_text())
    assert stats["kept"] == 42 and stats["rejected"] == 1 and stats["drop_reasons"]["review"] == 1
    again = CliRunner().invoke(app, ["review", str(synth_run), "--rate", "0.1"], input="")
    assert again.exit_code == 0 and "still pending" in again.output
    assert apply_review_to_run(synth_run / "synth")["rejected_by_review"] == 1  # applying twice changes nothing


def test_review_without_a_synth_run_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["review", str(tmp_path)])
    assert info.value.code == 1
    assert capsys.readouterr().err.strip() == (
        f"error: {tmp_path}/synth/curated/kept.parquet: no curated synthetic rows (run `gristmill synth CONFIG` "
        "first)")
