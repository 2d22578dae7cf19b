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
