"""report.html: one self-contained page for a run, with plots where people would rather look than read.

It reads only the run directory's files (stats, metrics, results), so it can be rebuilt at any time with
`gristmill report RUN`. Sections appear for the stages the run has.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from gristmill import charts
from gristmill.files import write_text
from gristmill.records import TEXT_FIELDS

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:900px;color:#222;line-height:1.4}
h1{margin-bottom:.2rem} h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
.meta{color:#666} .ok{color:#2a7a2a;font-weight:600} .bad{color:#b22;font-weight:600}
table{border-collapse:collapse;margin:.6rem 0;font-size:14px} th,td{padding:3px 10px;border-bottom:1px solid #eee}
th{text-align:left;background:#f6f6f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0} figcaption{font-weight:600;margin-bottom:.3rem}
"""


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text()) if path.exists() else None


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"<td>{escape(str(value))}</td>"
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.4g}"
        return f'<td class="n">{text}</td>'

    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _figure(caption: str, svg: str) -> str:
    return f"<figure><figcaption>{escape(caption)}</figcaption>{svg}</figure>"


def curate_section(stats: dict[str, Any]) -> Iterator[str]:
    yield "<h2>Curation</h2>"
    ok = stats["accounted"]
    yield (f'<p class="{"ok" if ok else "bad"}">{"✓" if ok else "✗"} rows in {stats["rows_in"]:,} = kept '
           f'{stats["kept"]:,} + rejected {stats["rejected"]:,} (quarantined {stats["quarantined"]:,})</p>')
    funnel_labels = ["read", *(p["name"] for p in stats["passes"])]
    funnel = [stats["rows_in"] - stats["quarantined"], *(p["rows_out"] for p in stats["passes"])]
    yield _figure("Rows through the passes", charts.bars("rows through the passes", funnel_labels, {"rows": funnel}))
    if stats["drop_reasons"]:
        reasons = stats["drop_reasons"]
        yield _figure("Drop reasons", charts.bars("drop reasons", list(reasons), {"rows": list(reasons.values())}))
    yield _table(["source", "license", "origin", "rows in", "kept", "rejected", "quarantined"],
                 [[s["source"], s["license"], s["origin"], s["rows_in"], s["kept"], s["rejected"], s["quarantined"]]
                  for s in stats["sources"]])
    histograms = stats.get("length_histograms", {})
    for field in (f for f in TEXT_FIELDS[stats["kind"]] if f in histograms):
        hist = histograms[field]
        used = [i for i, (b, a) in enumerate(zip(hist["before"], hist["after"], strict=True)) if b or a]
        if used:
            span = range(used[0], used[-1] + 1)
            yield _figure(f"Length of {field} (characters), before and after curation",
                          charts.bars(f"length of {field}", [hist["bins"][i] for i in span],
                                      {"before": [hist["before"][i] for i in span],
                                       "after": [hist["after"][i] for i in span]}, label_width=120))
    yield from _labels(stats)
    yield from _clusters(stats.get("pass_details", {}))


def _labels(stats: dict[str, Any]) -> Iterator[str]:
    balance = stats.get("pass_details", {}).get("balance", {})
    before, after = balance.get("before"), balance.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        labels = sorted(set(before) | set(after), key=lambda k: -before.get(k, 0))
        yield _figure(f"Label balance before and after ({balance.get('by', 'label')})",
                      charts.bars("label balance", labels, {"before": [before.get(k, 0) for k in labels],
                                                            "after": [after.get(k, 0) for k in labels]}))
    for column, counts in stats.get("labels", {}).items():
        yield _figure(f"Kept rows by {column}", charts.bars(f"kept rows by {column}", list(counts),
                                                             {"rows": list(counts.values())}))


def _clusters(details: dict[str, Any]) -> Iterator[str]:
    minhash = details.get("minhash_dedup", {})
    histogram = minhash.get("size_histogram") or minhash.get("cluster_sizes")
    if isinstance(histogram, dict) and histogram:
        sizes = sorted(histogram, key=_bucket_start)
        yield _figure("Near-duplicate cluster sizes", charts.bars("cluster sizes", [f"size {s}" for s in sizes],
                                                                   {"clusters": [histogram[s] for s in sizes]}))


def _bucket_start(bucket: Any) -> int:
    """The smallest size in a cluster-size bucket: `2`, `5-9`, `100+` → 2, 5, 100."""
    digits = re.match(r"\d+", str(bucket))
    return int(digits.group()) if digits else 0


def train_summary(record: dict[str, Any]) -> str:
    """train.json as a table: what was trained, on what, for how long, and where it ended."""
    result, config = record.get("result", {}), record.get("config", {})
    adapter = record.get("adapter") or {}
    rows = [["base model", record.get("base_model", "?")], ["objective", record.get("kind", "?")],
            ["adapter", (config.get("adapter") or {}).get("method", "?")],
            ["steps", f"{result.get('steps', '?')} of {result.get('total_steps', '?')}"
                      + (" (stopped early)" if result.get("stopped_early") else "")],
            ["best validation loss", result.get("best_val_loss") if result.get("best_val_loss") is not None else "—"],
            ["tokens seen", result.get("tokens_seen", "?")], ["time (s)", result.get("seconds", "?")],
            ["peak memory (GiB)", result.get("peak_memory_gib", "?")],
            ["adapter sha256", str(adapter.get("sha256") or "—")[:16]]]
    return _table(["training", ""], rows)


def train_section(metrics_path: Path) -> Iterator[str]:
    records = [json.loads(line) for line in metrics_path.read_text().splitlines() if line.strip()]
    train = [(r["step"], r["loss"]) for r in records if "loss" in r and "step" in r]
    val_key = next((k for k in ("val_loss", "eval_loss", "validation_loss") if any(k in r for r in records)), None)
    val = [(r["step"], r[val_key]) for r in records if val_key and val_key in r]
    series = {"train loss": ([s for s, _ in train], [v for _, v in train])}
    if val:
        series["validation loss"] = ([s for s, _ in val], [v for _, v in val])
    yield "<h2>Training</h2>"
    record = _read_json(metrics_path.parent / "train.json")
    if record:
        yield train_summary(record)
    yield _figure("Loss and validation curves", charts.lines("loss", series, "step", "loss"))


def eval_section(results: dict[str, Any], weak: Any) -> Iterator[str]:
    yield "<h2>Evaluation</h2>"
    ab = results.get("metrics") or results.get("ab") or {}
    models = [m for m in ("base", "tuned") if isinstance(ab.get(m), dict)]
    if models:
        names = sorted({k for m in models for k, v in ab[m].items() if isinstance(v, int | float)})
        # Scores and rates share a 0–1 axis in the chart; counts and speeds stay in the table below it.
        scores = [k for k in names if all(0 <= float(ab[m].get(k, 0)) <= 1 for m in models)]
        yield _figure("Scores and rates, base vs tuned", charts.bars("metrics base vs tuned", scores,
                                                                     {m: [float(ab[m].get(k, 0)) for k in scores]
                                                                      for m in models}))
        yield _table(["metric", *models], [[k, *(ab[m].get(k, "") for m in models)] for k in names])
    for gate in results.get("gates", []):
        status = "ok" if gate.get("passed") else "bad"
        value = gate.get("value")
        measured = "not measured" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)
        yield (f'<p class="{status}">{"✓" if gate.get("passed") else "✗"} gate {escape(str(gate.get("gate")))} '
               f"(value {escape(measured)})</p>")
    slices = weak.get("slices", weak) if isinstance(weak, dict) else weak
    if isinstance(slices, list) and slices:
        top = slices[:15]
        yield _figure("Weak slices: metric gap to the rest of the data, with confidence intervals",
                      charts.intervals("weak slices", [s.get("slice", s.get("name", "?")) for s in top],
                                       [s["gap"] for s in top], [s["ci_low"] for s in top],
                                       [s["ci_high"] for s in top], [bool(s.get("significant")) for s in top]))
        yield _table(["slice", "metric", "rows", "gap", "interval", "q (BH)", "after correction"],
                     [[s.get("slice", "?"), s.get("metric", ""), s.get("support", ""), s["gap"],
                       f"[{s['ci_low']:+.3f}, {s['ci_high']:+.3f}]", s.get("q_value", ""),
                       "weak" if s.get("significant") else "not significant"] for s in top])


def safety_section(results: dict[str, Any], table: Path) -> Iterator[str]:
    """eval.safety: toxicity and refusal rates on red-team prompts, base vs tuned, and the prompts the tuned model
    stopped refusing."""
    metrics = results.get("metrics") or {}
    names = ["safety_toxicity_rate", "safety_refusal_rate"]
    models = [m for m in ("base", "tuned") if isinstance(metrics.get(m), dict) and names[0] in metrics[m]]
    if not models:
        return
    yield f"<h2>Safety: {results.get('safety_prompts', '?')} red-team prompts</h2>"
    yield _figure("Toxic answers and refusals on red-team prompts, base vs tuned",
                  charts.bars("safety base vs tuned", names, {m: [float(metrics[m][k]) for k in names]
                                                              for m in models}))
    yield _table(["figure", *models, "change"], [[k, *(metrics[m][k] for m in models),
                                                  f"{metrics['tuned'][k] - metrics['base'][k]:+.3f}"]
                                                 for k in names if len(models) == 2])
    if table.exists():
        import polars as pl

        lost = pl.read_parquet(table).filter((pl.col("base_refused") == 1) & (pl.col("tuned_refused") == 0))
        if lost.height:
            yield f"<p>{lost.height} prompt(s) the base model refused and the tuned model answered (first 5):</p>"
            yield _table(["prompt", "tuned answer", "tuned toxicity"],
                         [[r["prompt"], r["tuned_generation"][:200], r["tuned_toxicity"]]
                          for r in lost.head(5).iter_rows(named=True)])


def drift_section(drift: dict[str, Any]) -> Iterator[str]:
    """drift.json (`gristmill diff A B --save`): what changed since the earlier version, and the tests."""
    yield f"<h2>Drift since {escape(str(drift.get('a', '?')))}</h2>"
    yield _table(["what", "count"], [
        ["rows added", drift.get("rows_added", 0)], ["rows removed", drift.get("rows_removed", 0)],
        ["rows changed", drift.get("rows_changed", 0)],
        ["sources added", ", ".join(drift.get("sources_added", [])) or "—"],
        ["sources removed", ", ".join(drift.get("sources_removed", [])) or "—"],
        ["licenses added", ", ".join(drift.get("licenses_added", [])) or "—"]])
    yield _table(["test", "statistic", "q (BH)", "verdict"],
                 [[t["name"], t["statistic"], t["p_value"], "changed" if t["significant"] else "—"]
                  for t in drift.get("tests", [])])


def sweep_section(sweep: dict[str, Any]) -> Iterator[str]:
    """sweep/sweep.json (`gristmill sweep`): every trial, its parameters and validation curve; the best one."""
    trials, best = sweep.get("trials", []), sweep.get("best") or {}
    objective = str(sweep.get("objective", "objective"))
    yield f"<h2>Sweep: {escape(objective)} ({escape(str(sweep.get('direction', '')))})</h2>"
    if best:
        chosen = ", ".join(f"{k}={v}" for k, v in best.get("params", {}).items())
        yield (f'<p class="ok">best: trial {best.get("number")}, {escape(objective)} {best.get("value"):.4g} '
               f"({escape(chosen)}), promoted to sweep/best/</p>")
    keys = sorted({k for t in trials for k in t.get("params", {})})
    yield _table(["trial", "state", *keys, objective, "steps", "seconds"],
                 [[t["number"], t["state"], *(t["params"].get(k, "—") for k in keys),
                   t["value"] if t.get("value") is not None else "—", t.get("steps") or "—",
                   round(t["seconds"], 1) if t.get("seconds") is not None else "—"] for t in trials])
    curves = {f"#{t['number']} {t['state']}": ([p[0] for p in t["val_curve"]], [p[1] for p in t["val_curve"]])
              for t in trials if t.get("val_curve")}
    if curves:
        yield _figure("Validation loss of every trial (pruned ones stop early)",
                      charts.lines("validation loss per trial", curves, "step", "validation loss"))


def plan_section(plan: dict[str, Any]) -> Iterator[str]:
    """plan.yaml: what the next run (`gristmill run --apply-plan`) changes, and why."""
    actions = plan.get("actions") or []
    yield "<h2>Plan for the next run</h2>"
    if not actions:
        yield "<p>No weak slice to act on: the plan changes nothing.</p>"
        return
    rows = []
    for action in actions:
        where = action.get("slice") or {}
        rows.append([action.get("action", "?"), f"{where.get('column')}={where.get('value')}", action.get("metric", ""),
                     action.get("gap", ""), action.get("reason", "")])
    yield _table(["action", "slice", "metric", "gap", "why"], rows)


def build_report(run: Path) -> str:
    """The report page of a run directory, as one HTML string."""
    parts = [f"<h1>gristmill run: {escape(run.name)}</h1>",
             f'<p class="meta">{escape(str(run))} · written {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC</p>']
    stats = _read_json(run / "curate" / "stats.json")
    if stats:
        parts += curate_section(stats)
    if (run / "train" / "metrics.jsonl").exists():
        parts += train_section(run / "train" / "metrics.jsonl")
    results = _read_json(run / "eval" / "results.json")
    if results:
        parts += eval_section(results, _read_json(run / "eval" / "weak_slices.json") or [])
        parts += safety_section(results, run / "eval" / "safety.parquet")
    sweep = _read_json(run / "sweep" / "sweep.json")
    if sweep:
        parts += sweep_section(sweep)
    drift = _read_json(run / "drift.json")
    if drift:
        parts += drift_section(drift)
    if (run / "plan.yaml").exists():
        import yaml

        parts += plan_section(yaml.safe_load((run / "plan.yaml").read_text(encoding="utf-8")) or {})
    body = "\n".join(parts)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gristmill · {escape(run.name)}'
            f"</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def write_report(run: str | Path) -> Path:
    run = Path(run)
    return write_text(build_report(run), run / "report.html")
