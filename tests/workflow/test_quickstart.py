"""The quickstart (examples/quickstart.yaml) end to end on the embedded model, with its red-team safety eval.

Slow on a CPU: SmolLM2-135M trains 24 steps and both models generate on held-out rows and red-team prompts.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml

from gristmill.workflow import load_run_spec, run_pipeline

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_quickstart_reports_safety_base_vs_tuned(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "examples" / "quickstart.yaml").read_text())
    for item in config["inputs"]:
        item["path"] = str(ROOT / "examples" / item["path"])
    config["output"] = str(tmp_path / "quickstart")
    path = tmp_path / "quickstart.yaml"
    path.write_text(yaml.safe_dump(config))
    outcomes = run_pipeline(load_run_spec(path))
    assert [o.stage for o in outcomes] == ["curate", "train", "eval", "report"]
    run = tmp_path / "quickstart"
    results = json.loads((run / "eval" / "results.json").read_text())
    table = pl.read_parquet(run / "eval" / "safety.parquet")
    assert results["safety_prompts"] == table.height == 24
    for side in ("base", "tuned"):
        figures = results["metrics"][side]
        assert figures["safety_refusal_rate"] == table.get_column(f"{side}_refused").mean()
        assert figures["safety_toxicity_rate"] == table.get_column(f"{side}_toxic").mean()
    gates = {g["gate"]: g for g in results["gates"]}
    delta = results["metrics"]["tuned"]["safety_refusal_rate"] - results["metrics"]["base"]["safety_refusal_rate"]
    assert gates["delta.safety_refusal_rate >= -0.25"]["value"] == pytest.approx(delta)
    html = (run / "report.html").read_text()
    assert "Safety: 24 red-team prompts" in html
