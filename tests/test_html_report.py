from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gristmill.curate.stage import load_curate_config, run_curate
from gristmill.html_report import build_report, write_report
from gristmill.rundir import RunDir

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def curated_run(tmp_path_factory: pytest.TempPathFactory, codegen_path: Path, roleplay_path: Path) -> Path:
    """A curated run with every pass (minhash_dedup's cluster-size buckets once broke the report)."""
    tmp_path = tmp_path_factory.mktemp("report")
    config = {
        "inputs": [{"path": str(codegen_path), "license": "MIT"}, {"path": str(roleplay_path), "license": "MIT"}],
        "passes": [{"normalize": {}}, {"exact_dedup": {}}, {"minhash_dedup": {"threshold": 0.5}}, {"pii": {}},
                   {"toxicity": {"backend": "profanity_check"}}, {"quality": {"min_output_words": 20}},
                   {"label_rules": {"column": "category", "default": "other",
                                    "rules": [{"keywords": ["python"], "label": "python"}]}},
                   {"balance": {"by": "category", "max_ratio": 2.0}}],
        "output": str(tmp_path / "run"),
    }
    (tmp_path / "c.yaml").write_text(json.dumps(config))
    cfg = load_curate_config(tmp_path / "c.yaml")
    run_curate(cfg, RunDir(cfg.output))
    run = tmp_path / "run"
    (run / "train").mkdir()
    (run / "train" / "metrics.jsonl").write_text(
        "".join(json.dumps({"step": s, "loss": 2.0 / s}) + "\n" for s in range(1, 11))
        + json.dumps({"step": 10, "val_loss": 0.4}) + "\n")
    return run


def test_cluster_size_buckets_sort_by_size() -> None:
    from gristmill.html_report import _bucket_start

    assert sorted(["100+", "10-99", "3", "5-9", "2"], key=_bucket_start) == ["2", "3", "5-9", "10-99", "100+"]


def test_report_has_a_chart_per_section(curated_run: Path) -> None:
    html = build_report(curated_run)
    for caption in ("Rows through the passes", "Drop reasons", "Length of output (characters), before and after",
                    "Label balance before and after (category)", "Loss and validation curves",
                    "Near-duplicate cluster sizes"):
        assert caption in html
    assert html.count('<svg class="chart"') == 9  # funnel, reasons, 3 lengths, balance, labels, clusters, loss


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run installs it)")
def test_report_renders_in_headless_chromium(curated_run: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    page_path = write_report(curated_run)
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_path.resolve().as_uri())
        charts = page.evaluate("() => Array.from(document.querySelectorAll('svg.chart')).map("
                               "s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height, "
                               "s.querySelectorAll('.mark').length])")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert errors == []
    assert len(charts) == 9
    assert all(width > 100 and height > 20 and marks > 0 for width, height, marks in charts)
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_report_shows_training_gates_slices_and_the_plan(tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "train").mkdir(parents=True)
    (run / "eval").mkdir()
    (run / "train" / "metrics.jsonl").write_text(json.dumps({"step": 1, "loss": 2.0}) + "\n")
    (run / "train" / "train.json").write_text(json.dumps({
        "kind": "sft", "base_model": "embedded", "config": {"adapter": {"method": "lora"}},
        "adapter": {"sha256": "ab" * 32},
        "result": {"steps": 24, "total_steps": 24, "stopped_early": False, "best_val_loss": 1.25, "seconds": 301.5,
                   "peak_memory_gib": 1.5, "tokens_seen": 24000}}))
    (run / "eval" / "results.json").write_text(json.dumps({
        "metrics": {"base": {"rouge_l": 0.2}, "tuned": {"rouge_l": 0.3}},
        "gates": [{"gate": "forgetting_ppl_delta < 0.25", "passed": True, "value": 0.031}]}))
    slice_row = {"metric": "rouge_l", "support": 20, "gap": -0.1, "ci_low": -0.2, "ci_high": -0.05, "q_value": 0.01}
    (run / "eval" / "weak_slices.json").write_text(json.dumps({"slices": [
        {**slice_row, "slice": "source=roleplay", "significant": True},
        {**slice_row, "slice": "category=other", "significant": False, "q_value": 0.4}]}))
    (run / "plan.yaml").write_text("version: 1\nrun: run\nactions:\n- action: upweight\n  slice: {column: source, "
                                   "value: roleplay}\n  metric: rouge_l\n  gap: -0.1\n  reason: worse than the rest\n")
    html = build_report(run)
    assert "<td>steps</td><td>24 of 24</td>" in html and "<td>embedded</td>" in html
    assert "gate forgetting_ppl_delta &lt; 0.25 (value 0.031)" in html
    assert "<td>source=roleplay</td>" in html and "<td>weak</td>" in html and "<td>not significant</td>" in html
    assert "Plan for the next run" in html and "<td>upweight</td><td>source=roleplay</td>" in html
