"""`gristmill diff`: the planted changes between two curated versions, and nothing between two identical ones."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from cli_helpers import run_cli

from gristmill.curate.drift import benjamini_hochberg, diff_runs
from gristmill.curate.stage import load_curate_config, run_curate
from gristmill.rundir import RunDir

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
PASSES = [{"normalize": {}}, {"exact_dedup": {}}, {"toxicity": {"backend": "profanity_check", "action": "tag"}},
          {"label_rules": {"column": "category", "default": "other",
                           "rules": [{"keywords": ["imagine", "pretend", "role", "character"], "label": "roleplay"}]}}]


def curate(folder: Path, name: str, inputs: list[dict[str, str]]) -> Path:
    config = folder / f"{name}.json"
    config.write_text(json.dumps({"inputs": inputs, "passes": PASSES, "output": str(folder / name)}))
    cfg = load_curate_config(config)
    run_curate(cfg, RunDir(cfg.output))
    return folder / name


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A, A again, and B: a third of the roleplay rows (a shifted label share) and a new source of toxic rows."""
    folder = tmp_path_factory.mktemp("drift")
    roleplay = (EXAMPLES / "gpteacher_roleplay_sample.jsonl").read_text().splitlines()
    (folder / "role_third.jsonl").write_text("".join(line + "\n" for line in roleplay[::3]))
    rng = random.Random(0)
    insults = ["You are a fucking idiot and your code is shit.", "Shut up, you stupid bastard, nobody cares.",
               "What a damn moronic piece of crap this is, you asshole."]
    (folder / "forum.jsonl").write_text("".join(json.dumps({"instruction": f"Reply to message {i}", "input": "",
                                                            "output": rng.choice(insults)}) + "\n" for i in range(40)))
    code = {"path": str(EXAMPLES / "gpteacher_codegen_sample.jsonl"), "license": "MIT", "name": "codegen"}
    role = {"path": str(EXAMPLES / "gpteacher_roleplay_sample.jsonl"), "license": "MIT", "name": "roleplay"}
    a = curate(folder, "a", [code, role])
    again = curate(folder, "again", [code, role])
    b = curate(folder, "b", [code, {**role, "path": str(folder / "role_third.jsonl")},
                             {"path": str(folder / "forum.jsonl"), "license": "CC0-1.0", "name": "forum"}])
    return a, again, b


def test_the_planted_changes_are_found(versions: tuple[Path, Path, Path]) -> None:
    a, _, b = versions
    drift = diff_runs(a, b)
    assert (drift.sources_added, drift.sources_removed, drift.licenses_added) == (["forum"], [], ["CC0-1.0"])
    assert (drift.rows_added, drift.rows_removed, drift.rows_changed) == (40, 106, 0)
    significant = {t.name for t in drift.tests if t.significant}
    assert {"share_of_source", "share_of_category", "toxicity_rate"} <= significant
    toxicity = next(t for t in drift.tests if t.name == "toxicity_rate")
    assert toxicity.a < 0.01 < 0.1 < toxicity.b  # two GPTeacher rows score as profane already
    assert drift.near_duplicates_of_a == 0


def test_two_runs_of_the_same_data_differ_in_nothing(versions: tuple[Path, Path, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a, again, _ = versions
    drift = diff_runs(a, again)
    assert (drift.rows_added, drift.rows_removed, drift.rows_changed, drift.sources_added) == (0, 0, 0, [])
    assert [t.name for t in drift.tests if t.significant] == []
    code, out, _ = run_cli(["diff", str(a), str(again), "--json", "--fail-on", "significant_tests > 0"], capsys)
    assert code == 0 and json.loads(out)["rows_changed"] == 0


def test_fail_on_exits_3_on_a_rate_increase(versions: tuple[Path, Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, _, b = versions
    code, _, err = run_cli(["diff", str(a), str(b), "--fail-on", "toxicity_rate > +0.01", "--save"], capsys)
    assert code == 3 and "toxicity_rate > +0.01 (got +0.1" in err
    html = (b / "report.html").read_text()  # --save: drift.json beside B's tables, and a section in its report
    assert json.loads((b / "drift.json").read_text())["sources_added"] == ["forum"]
    assert "Drift since" in html and "<td>toxicity_rate</td>" in html


def test_benjamini_hochberg_by_hand() -> None:
    """p = 0.01, 0.04, 0.03 over m = 3: sorted 0.01·3/1 = 0.03, 0.03·3/2 = 0.045, 0.04·3/3 = 0.04; made monotone
    from the top, q(0.03) = min(0.045, 0.04) = 0.04."""
    assert benjamini_hochberg([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.04, 0.04])
