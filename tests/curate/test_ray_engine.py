"""engine: ray gives what engine: local gives: kept ids, rejected reasons, clusters, dup_of, stats, quarantine,
lineage and the manifest's counts, on a local Ray instance (`ray.init(num_cpus=2)`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from gristmill.config import CurateConfig, validate
from gristmill.curate.stage import make_pipeline, run_curate
from gristmill.errors import ConfigError
from gristmill.manifests.spdx import Manifest
from gristmill.rundir import RunDir

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

DATA = Path(__file__).parents[1] / "data" / "toolformer_similarity_sample.jsonl"  # 30 near-duplicate families

# Row-local passes as tasks, both in-order passes on the driver: the default suite's check.
LIGHT: list[dict[str, Any]] = [
    {"normalize": {}},
    {"exact_dedup": {}},
    {"quality": {"min_output_words": 3}},
    {"minhash_dedup": {"threshold": 0.7}},
]
# Plus the model passes in actor pools (each actor a fresh process that imports presidio or loads a model).
FULL: list[dict[str, Any]] = [
    {"normalize": {}},
    {"exact_dedup": {}},
    {"quality": {"min_output_words": 3}},
    {"pii": {"spacy_model": None, "action": "redact"}},
    {"minhash_dedup": {"threshold": 0.7}},
    {"toxicity": {"backend": "profanity_check", "threshold": 0.9}},
]


@pytest.fixture(scope="module")
def ray_instance() -> Any:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def write_input(tmp: Path) -> Path:
    """The sample, with exact copies, rows holding an e-mail and a phone number, a toxic row and an unreadable
    line, in two files (so a batch boundary falls inside the table)."""
    rows = [json.loads(line) for line in DATA.read_text().splitlines()]
    rows = [{k: r[k] for k in ("id", "instruction", "input", "output")} for r in rows]
    for r in rows:
        r["id"] = str(r["id"])
    extra = [dict(rows[3], id="copy-3"), dict(rows[40], id="copy-40"), dict(rows[3], id="copy-3b"),
             {"id": "pii-1", "instruction": "Who do I write to about the invoice?", "input": "",
              "output": "Write to Maria at maria.lopez@example.org or call +1 (415) 555-0132 before Friday."},
             {"id": "tox-1", "instruction": "Say something about the neighbour.", "input": "",
              "output": "He is a stupid idiot and a worthless piece of shit, fuck him."},
             {"id": "short-1", "instruction": "Answer briefly.", "input": "", "output": "ok"}]
    first, second = tmp / "a.jsonl", tmp / "b.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in rows[:150] + extra[:3]))
    second.write_text("".join(json.dumps(r) + "\n" for r in rows[150:] + extra[3:]) + "{not json\n")
    return tmp


def curate(root: Path, engine: str, out: str, passes: list[dict[str, Any]],
           phases: list[tuple[str, int, int | None]] | None = None) -> tuple[Any, Path]:
    cfg = validate(CurateConfig, {"kind": "sft", "inputs": [{"path": str(root / "*.jsonl"), "license": "MIT"}],
                                  "passes": passes, "batch_rows": 64, "output": str(root / out),
                                  "engine": engine, "ray": {"actors": 1}})
    phase = None if phases is None else lambda what, done, total: phases.append((what, done, total))
    outcome = run_curate(cfg, RunDir(cfg.output), phase_progress=phase)
    return outcome.result, Path(cfg.output)


def without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items()
                if k not in ("seconds", "texts_per_second") and not k.endswith("_seconds")}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def assert_same(tmp_path: Path, passes: list[dict[str, Any]],
                phases: list[tuple[str, int, int | None]] | None = None) -> tuple[Any, Any]:
    """Curate the same input with both engines; everything but timings must be equal. `phases`: what the Ray run
    said of its progress (it is watched only when given, as the CLI does)."""
    root = write_input(tmp_path)
    local, local_dir = curate(root, "local", "local", passes)
    on_ray, ray_dir = curate(root, "ray", "ray", passes, phases)

    # the same rows, in the same order, with the same columns and values: ids, reasons, dup_of, clusters, redactions
    for name in ("kept", "rejected"):
        ours, theirs = getattr(on_ray, name), getattr(local, name)
        assert ours.columns == theirs.columns
        assert ours.equals(theirs), name
    assert on_ray.rejected.get_column("dup_of").drop_nulls().len() > 0
    assert on_ray.kept.get_column("cluster_id").drop_nulls().len() > 0

    assert on_ray.quarantine == local.quarantine
    assert without_timings(on_ray.stats) == without_timings(local.stats)
    assert pl.read_parquet(ray_dir / "lineage.parquet").equals(pl.read_parquet(local_dir / "lineage.parquet"))

    def annotations(run: Path) -> Any:
        manifest = Manifest.load(run)
        config = {k: v for k, v in manifest.annotation("curate.config").items() if k not in ("engine", "ray", "output")}
        return without_timings([manifest.annotation("curate.totals"), manifest.annotation("curate.passes"), config])

    assert annotations(ray_dir) == annotations(local_dir)
    return local, on_ray


def test_ray_engine_equals_local(tmp_path: Path, ray_instance: Any) -> None:
    local, on_ray = assert_same(tmp_path, LIGHT)
    assert {"exact_dedup", "minhash_dedup", "quality:short_output", "quarantine"} <= set(local.stats["drop_reasons"])
    # exact copies of the sample's 4th row, read two blocks after it, point at it
    copies = on_ray.rejected.filter(pl.col("orig_id").is_in(["copy-3", "copy-3b"]))
    rows = pl.concat([on_ray.kept, on_ray.rejected], how="diagonal_relaxed")
    original = rows.filter(pl.col("orig_id") == str(json.loads(DATA.read_text().splitlines()[3])["id"]))
    assert copies.get_column("drop_reason").to_list() == ["exact_dedup", "exact_dedup"]
    assert copies.get_column("dup_of").to_list() == original.get_column("id").to_list() * 2


@pytest.mark.slow  # each model pass's actor is a new process: ~40 s more on a loaded 2-core machine
def test_ray_engine_with_model_passes_equals_local(tmp_path: Path, ray_instance: Any) -> None:
    pytest.importorskip("presidio_analyzer")
    pytest.importorskip("profanity_check")
    phases: list[tuple[str, int, int | None]] = []
    local, on_ray = assert_same(tmp_path, FULL, phases)
    for name in ("pii", "toxicity"):  # each model pass says how far it is, block by block, up to all its rows
        done = [(d, t) for what, d, t in phases if what == f"{name}: rows done"]
        assert len(done) >= 3 and done == sorted(done) and done[-1][0] == done[-1][1] > 0, (name, done)
    assert {"exact_dedup", "minhash_dedup", "toxicity"} <= set(local.stats["drop_reasons"])
    assert local.stats["pass_details"]["pii"]["rows_with_pii"] >= 1
    assert on_ray.stats["pass_details"]["pii"] == {**local.stats["pass_details"]["pii"],
                                                   "texts_per_second": on_ray.stats["pass_details"]["pii"][
                                                       "texts_per_second"]}
    redacted = on_ray.kept.filter(pl.col("orig_id") == "pii-1").get_column("output")[0]
    assert "maria.lopez@example.org" not in redacted and "<EMAIL_ADDRESS>" in redacted


def test_ray_engine_refuses_what_it_cannot_run(tmp_path: Path) -> None:
    base = {"kind": "sft", "inputs": [{"path": str(DATA)}], "engine": "ray"}
    with pytest.raises(ConfigError, match="balance needs the whole table"):
        make_pipeline(validate(CurateConfig, {**base, "passes": [{"balance": {"by": "id", "max_ratio": 2}}]}))
    assert make_pipeline(validate(CurateConfig, {**base, "passes": [{"minhash_dedup": {}}]})).passes


def test_cli_engine_option(tmp_path: Path, ray_instance: Any) -> None:
    """`gristmill curate --engine ray` runs on the Ray instance already initialized and writes what local does,
    with the CLI's progress watching the passes (a row-local pass is pickled to the workers without it)."""
    from typer.testing import CliRunner

    from gristmill.cli import app

    root = write_input(tmp_path)
    data = str(root / "a.jsonl")
    for engine in ("local", "ray"):
        result = CliRunner().invoke(app, ["curate", data, "-p", "normalize", "-p", "exact_dedup", "-p", "quality",
                                          "-o", str(root / engine), "--engine", engine])
        assert result.exit_code == 0, result.output
    kept = [pl.read_parquet(root / engine / "curate" / "kept.parquet") for engine in ("local", "ray")]
    assert kept[0].equals(kept[1]) and kept[0].height == 150  # 153 rows: the 2 copies, and one the sample has
    result = CliRunner().invoke(app, ["curate", data, "-o", str(root / "spark"), "--engine", "spark"])
    assert isinstance(result.exception, ConfigError)
    assert "engine: Input should be 'local' or 'ray'" in result.exception.problems[0]


def test_ray_engine_against_a_dedup_index(tmp_path: Path, ray_instance: Any) -> None:
    """Two batches, each deduped against a directory index of the batches before it: the same drops, and the
    same index, with either engine."""
    from gristmill.curate.dedup_index import open_index

    root = write_input(tmp_path)
    results: dict[str, list[pl.DataFrame]] = {}
    for engine in ("local", "ray"):
        index = str(tmp_path / f"index-{engine}")
        for batch in ("a", "b"):
            cfg = validate(CurateConfig, {
                "kind": "sft", "inputs": [{"path": str(root / f"{batch}.jsonl"), "license": "MIT"}],
                "passes": [{"minhash_dedup": {"threshold": 0.7, "index": index}}], "batch_rows": 64,
                "output": str(tmp_path / f"{engine}-{batch}"), "engine": engine})
            result = run_curate(cfg, RunDir(cfg.output)).result
            results.setdefault(engine, []).append(pl.concat([result.kept, result.rejected], how="diagonal_relaxed"))
    for ours, theirs in zip(results["ray"], results["local"], strict=True):
        assert ours.equals(theirs)
    second = results["ray"][1]
    assert second.filter(pl.col("drop_reason") == "minhash_dedup").height > 0
    stats = [{k: v for k, v in open_index(str(tmp_path / f"index-{engine}")).stats().items() if k != "location"}
             for engine in ("ray", "local")]
    assert stats[0] == stats[1] and stats[0]["rows"] > 0
    files = [sorted(p.name for p in (tmp_path / f"index-{engine}").iterdir()) for engine in ("ray", "local")]
    assert files[0] == files[1]
    for name in files[0]:  # the rows, their band values and shingle sets, and the clusters' parents
        if name.endswith(".parquet"):
            tables = [pl.read_parquet(tmp_path / f"index-{engine}" / name) for engine in ("ray", "local")]
            assert tables[0].equals(tables[1]), name
