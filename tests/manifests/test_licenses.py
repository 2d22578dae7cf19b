from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from manifest_runs import text_config
from rich.console import Console

from gristmill.config import LicensesConfig
from gristmill.curate.stage import load_curate_config, run_curate
from gristmill.errors import ConfigError
from gristmill.manifests import LicenseError, Manifest
from gristmill.manifests.licenses import expression_failure
from gristmill.rundir import RunDir

COMMERCIAL = LicensesConfig(commercial=True)


def _render(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=110, color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_audit_counts_kept_rows_per_license_and_source(tmp_path: Path) -> None:
    outcome = run_curate(text_config(tmp_path / "run"), RunDir(tmp_path / "run"))
    audit = outcome.result.stats["licenses"]
    assert [(c["license"], c["rows"], c["sources"], c["flags"], c["failure"]) for c in audit["licenses"]] == [
        ("CC-BY-SA-3.0", 150, {"wikipedia_talk": 150}, ["share-alike"], None),
        ("LicenseRef-MSR-Paraphrase-Corpus", 150, {"mrpc": 150}, ["unknown terms"], None),
    ]
    assert audit["failed"] == []
    assert json.loads((tmp_path / "run" / "curate" / "stats.json").read_text())["licenses"] == audit
    text = _render(outcome.result.report)
    assert "LicenseRef-MSR-Paraphrase-Corpus │ mrpc (150)           │ unknown terms │  150 │ 50.0%" in text
    assert "! CC-BY-SA-3.0 (150 rows) is share-alike: a dataset mixing it with other licenses" in text
    assert "✓ license rules pass" in text


def test_commercial_run_fails_naming_the_sources_of_unknown_terms(tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    run_curate(text_config(tmp_path / "run"), run)  # without rules it passes and writes a manifest
    assert (tmp_path / "run" / "manifest.spdx.json").exists()
    with pytest.raises(LicenseError) as info:
        run_curate(text_config(tmp_path / "run", commercial=True), run)
    assert str(info.value) == (
        "license audit failed:\n  - LicenseRef-MSR-Paraphrase-Corpus: unknown terms, and licenses.commercial is "
        "true (list it in licenses.allow once cleared); 150 kept rows from mrpc (150)\nDrop those inputs, declare "
        "their correct license, or change the `licenses:` rules of the config.")
    assert not run.marker("curate").exists()  # the stage did not finish
    assert not (tmp_path / "run" / "manifest.spdx.json").exists()  # the old one described replaced outputs
    stats = json.loads((tmp_path / "run" / "curate" / "stats.json").read_text())
    assert stats["licenses"]["failed"] == ["LicenseRef-MSR-Paraphrase-Corpus"]


def test_forbidden_license_fails_and_allow_clears_a_reference(tmp_path: Path) -> None:
    with pytest.raises(LicenseError, match=r"CC-BY-SA-3\.0: listed in licenses\.forbid; 150 kept rows from "
                                           r"wikipedia_talk \(150\)"):
        run_curate(text_config(tmp_path / "a", forbid=["CC-BY-SA-3.0"]), RunDir(tmp_path / "a"))
    text = "Microsoft Research Paraphrase Corpus license: research use only."
    cfg = text_config(tmp_path / "b", commercial=True, allow=["LicenseRef-MSR-Paraphrase-Corpus"],
                      texts={"LicenseRef-MSR-Paraphrase-Corpus": text})
    outcome = run_curate(cfg, RunDir(tmp_path / "b"))
    assert outcome.result.stats["licenses"]["failed"] == []
    manifest = Manifest.load(tmp_path / "b")
    assert manifest.validate() == []
    ((ref, ref_text),) = [(e.license_id, e.extracted_text) for e in manifest.document.extracted_licensing_info]
    assert (ref, ref_text) == ("LicenseRef-MSR-Paraphrase-Corpus", text)
    assert str(manifest.package("./curate/kept.parquet").license_concluded) == (
        "CC-BY-SA-3.0 AND LicenseRef-MSR-Paraphrase-Corpus")


@pytest.mark.parametrize(
    ("expression", "rules", "failure"),
    [
        ("MIT OR CC-BY-NC-4.0", COMMERCIAL, None),
        ("MIT AND CC-BY-NC-4.0", COMMERCIAL, "non-commercial, and licenses.commercial is true"),
        ("CC-BY-NC-SA-4.0", COMMERCIAL, "non-commercial, and licenses.commercial is true"),
        ("CC-BY-NC-4.0", LicensesConfig(), None),
        ("NOASSERTION", COMMERCIAL, "unknown terms, and licenses.commercial is true (list it in licenses.allow "
                                    "once cleared)"),
        ("NOASSERTION", LicensesConfig(commercial=True, allow=["NOASSERTION"]), None),
        ("GPL-2.0-only WITH Classpath-exception-2.0", LicensesConfig(forbid=["GPL-2.0-only"]),
         "listed in licenses.forbid"),
        ("(Apache-2.0 OR MIT) AND CC-BY-4.0", LicensesConfig(forbid=["MIT"]), None),
    ],
)
def test_expressions_pass_when_some_choice_passes(expression: str, rules: LicensesConfig, failure: str | None
                                                  ) -> None:
    assert expression_failure(expression, rules) == failure


def test_license_config_problems_are_reported_together(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"instruction": "a b", "input": "", "output": "c d"}) + "\n")
    config = tmp_path / "c.yaml"
    config.write_text(
        "inputs:\n  - {path: d.jsonl, license: FooBar}\n  - {path: d.jsonl, license: MIT OR Apache-2.0, url: x y}\n"
        "licenses: {commercial: true, forbid: [CC-BY-NC-4], texts: {MSR: some text}}\n")
    with pytest.raises(ConfigError) as info:
        load_curate_config(config)
    assert info.value.problems == [
        "inputs[0].license: 'FooBar' is not on the SPDX license list (https://spdx.org/licenses/); for a license "
        "with no SPDX id write LicenseRef-FooBar",
        "inputs[1].url: 'x y' is not a URL (https://..., git+https://...)",
        "licenses.forbid[0]: 'CC-BY-NC-4' is not on the SPDX license list (https://spdx.org/licenses/); for a "
        "license with no SPDX id write LicenseRef-CC-BY-NC-4",
        "licenses.texts.MSR: keys must be LicenseRef- ids",
    ]


def test_license_in_both_forbid_and_allow_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    (tmp_path / "d.jsonl").write_text("{}\n")
    config.write_text("inputs: [{path: d.jsonl}]\nlicenses: {forbid: [MIT, CC0-1.0], allow: [CC0-1.0, MIT]}\n")
    with pytest.raises(ConfigError) as info:
        load_curate_config(config)
    assert info.value.problems == [
        "licenses: Value error, ['CC0-1.0', 'MIT'] listed in both forbid and allow (got {'forbid': ['MIT', "
        "'CC0-1.0'], 'allow': ['CC0-1.0', 'MIT']})",
    ]
