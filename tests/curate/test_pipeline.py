from __future__ import annotations

import itertools
import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gristmill.config import CurateConfig
from gristmill.curate import ExactDedup, Normalize, Pipeline, Quality, build_passes
from gristmill.curate.stage import load_curate_config, run_curate
from gristmill.errors import ConfigError
from gristmill.rundir import RunDir


def test_real_files_of_every_kind_are_accounted_for(codegen_path: Path, roleplay_path: Path, hh_path: Path) -> None:
    for paths, kind in (([codegen_path, roleplay_path], "sft"), ([hh_path], "preference")):
        result = Pipeline([Normalize(), ExactDedup(), Quality()]).run([str(p) for p in paths])
        stats = result.stats
        assert result.kind == kind
        assert stats["rows_in"] == sum(len(p.read_text().splitlines()) for p in paths)
        assert stats["rows_in"] == stats["kept"] + stats["rejected"]
        assert result.kept.height == stats["kept"] and result.rejected.height == stats["rejected"]


def untimed(stats: dict) -> dict:
    """Stats without the timings, which differ from run to run."""
    passes = [{k: v for k, v in p.items() if k != "seconds"} for p in stats["passes"]]
    return {**stats, "seconds": None, "passes": passes}


def test_streaming_and_in_memory_give_identical_outputs(codegen_path: Path, tmp_path: Path) -> None:
    passes = lambda: [Normalize(), ExactDedup(), Quality()]  # noqa: E731
    in_memory = Pipeline(passes(), batch_rows=50).run(codegen_path)
    on_disk = Pipeline(passes(), batch_rows=50).run(codegen_path, output=tmp_path)
    assert untimed(on_disk.stats) == untimed(in_memory.stats)
    assert_frame_equal(in_memory.kept, pl.read_parquet(tmp_path / "kept.parquet"))
    assert_frame_equal(in_memory.rejected, pl.read_parquet(tmp_path / "rejected.parquet"))
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file is left behind
    assert json.loads((tmp_path / "stats.json").read_text())["kept"] == in_memory.stats["kept"]


def test_pass_stats_add_up(codegen_path: Path) -> None:
    stats = Pipeline([Normalize(), ExactDedup(), Quality(min_output_words=40)]).run(codegen_path).stats
    for before, after in itertools.pairwise(stats["passes"]):
        assert after["rows_in"] == before["rows_out"]
    assert stats["passes"][-1]["rows_out"] == stats["kept"]
    assert sum(stats["drop_reasons"].values()) == stats["rejected"]


def test_report_renders_every_section(codegen_path: Path) -> None:
    text = Pipeline([Normalize(), Quality(min_output_words=40)]).run(codegen_path).report.render_text()
    for heading in ("Passes", "Dropped by reason", "Sources", "Lengths of kept rows", "✓ rows in 240 = kept"):
        assert heading in text


def write_config(tmp_path: Path, data: Path, **extra: object) -> Path:
    config = {"kind": "sft", "inputs": [{"path": str(data), "license": "MIT"}],
              "passes": [{"normalize": {}}, {"exact_dedup": {}}], "output": str(tmp_path / "run"), **extra}
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(config))  # JSON is YAML
    return path


def test_rerun_with_same_config_and_inputs_skips_the_stage(codegen_path: Path, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_bytes(codegen_path.read_bytes())
    cfg = load_curate_config(write_config(tmp_path, data))
    run = RunDir(cfg.output)
    first = run_curate(cfg, run)
    second = run_curate(cfg, run)
    assert (first.skipped, second.skipped) == (False, True)
    assert_frame_equal(first.result.kept, second.result.kept)
    data.write_bytes(data.read_bytes() + b'{"instruction": "new", "input": "", "output": "row"}\n')
    third = run_curate(cfg, run)  # the input changed: the stage runs again
    assert not third.skipped and third.result.stats["rows_in"] == first.result.stats["rows_in"] + 1
    assert (run.root / "config.resolved.yaml").exists()


def test_config_problems_are_reported_together(tmp_path: Path, codegen_path: Path) -> None:
    """A top-level typo is reported with the nested problems, not instead of them."""
    path = write_config(tmp_path, codegen_path, passes=[{"normalise": {}}, {"quality": {"min_words": 3}}],
                        batch_rows=0, colour="red")
    with pytest.raises(ConfigError) as info:
        load_curate_config(path)
    problems = info.value.problems
    assert problems[0] == ("colour: unknown key (expected one of: batch_rows, engine, eval, inputs, kind, licenses, "
                           "output, passes, quarantine, ray, run, sweep, synth, train)")
    assert problems[1].startswith("batch_rows: Input should be greater than or equal to 1")
    assert "passes[0]: unknown pass 'normalise' (expected one of: normalize" in problems[2]
    assert problems[3].startswith("passes[1].quality.min_words: unknown key (expected one of: drop_truncated")
    assert len(problems) == 4


def test_a_pipeline_config_reports_problems_of_every_section_at_once(tmp_path: Path, codegen_path: Path) -> None:
    from gristmill.workflow import load_run_spec

    path = write_config(tmp_path, codegen_path, passes=[{"normalise": {}}], colour="red",
                        train={"data": {"seq_lenn": 8}}, eval={"gates": "nope"})
    with pytest.raises(ConfigError) as info:
        load_run_spec(path)
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == ["colour", "passes[0]", "train.data.seq_lenn", "eval.gates"]


def test_input_paths_are_relative_to_the_config_file(tmp_path: Path, codegen_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.jsonl").write_bytes(codegen_path.read_bytes())
    config = tmp_path / "sub" / "c.yaml"
    config.write_text("inputs:\n  - {path: d.jsonl, license: MIT}\n")
    cfg = load_curate_config(config)
    assert cfg.inputs[0].path == str(tmp_path / "sub" / "d.jsonl")
    assert isinstance(cfg, CurateConfig) and build_passes(cfg.passes) == []


def test_with_a_pii_pass_the_quarantine_keeps_no_raw_text(tmp_path: Path) -> None:
    """Lines that cannot be read never reach the pii pass, so their raw text is not written unless asked for."""
    from gristmill.curate import PII

    data = tmp_path / "d.jsonl"
    data.write_text('{"instruction": "Write to me", "output": "Sure, at jane.roe@example.org or 555-0100."}\n'
                    '{"instruction": "Mail jane.roe@example.org", "output": \n')
    hidden = Pipeline([PII()]).run(data, output=tmp_path / "a")
    kept = Pipeline([PII()], quarantine_text=True).run(data, output=tmp_path / "b")
    assert [(q["line"], q["raw"]) for q in hidden.quarantine] == [(2, "")]
    assert kept.quarantine[0]["raw"].startswith('{"instruction": "Mail jane.roe@example.org"')
    assert "jane.roe@example.org" not in (tmp_path / "a" / "quarantine.jsonl").read_text()
    assert "jane.roe@example.org" in (tmp_path / "b" / "quarantine.jsonl").read_text()
    assert Pipeline([]).run(data).quarantine[0]["raw"] != ""  # without a pii pass the text helps find the problem


def test_rows_rejected_before_the_pii_pass_are_redacted_too(tmp_path: Path) -> None:
    """A duplicate rejected by exact_dedup went to rejected.parquet with the raw email and phone."""
    from gristmill.curate import PII, ExactDedup

    row = {"instruction": "How do I reach you?", "output": "Write to jane.roe@gmail.com or call 415-555-2671."}
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n")
    result = Pipeline([ExactDedup(), PII()]).run(data, output=tmp_path / "run")
    assert result.rejected.get_column("drop_reason").to_list() == ["exact_dedup"]
    for name in ("kept.parquet", "rejected.parquet"):
        output = pl.read_parquet(tmp_path / "run" / name).get_column("output").item()
        assert "jane.roe@gmail.com" not in output and "<EMAIL_ADDRESS>" in output, name
    assert result.stats["pass_details"]["pii"]["rows_with_pii"] == 1  # the report counts the rows it decided on
