from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from planted_data import curate_run

from gristmill.cli.eval import load_job
from gristmill.errors import ConfigError, InputError
from gristmill.evaluate.stage import split_rows, training_facts


def test_a_run_config_gives_the_job_with_paths_relative_to_it(tmp_path: Path) -> None:
    curate_run(tmp_path / "runs" / "demo", n=10, seed=0)
    config = tmp_path / "pipeline.yaml"
    config.write_text("train:\n  data: {path: runs/demo, max_examples: 30, val_fraction: 0.2}\n"
                      "eval:\n  json: {schema: schemas/answer.json}\n  gates: ['rouge_l >= 0.2']\n")
    job = load_job(config)
    assert job.run_root == tmp_path / "runs" / "demo"
    assert job.adapter_dir == tmp_path / "runs" / "demo" / "train" / "adapter"
    assert job.out == tmp_path / "runs" / "demo" / "eval"
    assert job.cfg.json_.schema_ == str(tmp_path / "schemas" / "answer.json")
    assert job.cfg.gates == ["rouge_l >= 0.2"]


def test_held_out_rows_are_the_trainers_validation_split(tmp_path: Path) -> None:
    from gristmill.train.config import load_train_config
    from gristmill.train.sft import SFT_COLUMNS, load_records

    curate_run(tmp_path / "run", n=25, seed=0)
    config = tmp_path / "pipeline.yaml"
    config.write_text("train:\n  data: {path: run, max_examples: 70, val_fraction: 0.2}\n  loop: {seed: 7}\n")
    job = load_job(config)
    held, train = split_rows(job)
    train_rows, val_rows = load_records(load_train_config(config), SFT_COLUMNS, "sft")
    assert held.select(SFT_COLUMNS).to_dicts() == val_rows
    assert train.select(SFT_COLUMNS).to_dicts() == train_rows
    assert {"id", "source", "license", "origin"} <= set(held.columns)  # curation metadata kept for the slices


def test_config_without_a_train_section_or_a_run_without_training_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "pipeline.yaml"
    config.write_text("eval: {}\n")
    with pytest.raises(ConfigError, match="train: required section is missing"):
        load_job(config)
    with pytest.raises(InputError, match=r"no train/train\.json"):
        load_job(tmp_path)


def test_training_facts_count_values_and_contradicting_answers() -> None:
    rows = pl.DataFrame({"source": ["a", "a", "a", "b", "b"], "instruction": ["q1", "q1", "q2", "q1", "q3"],
                         "input": [""] * 5, "output": ["x", "y", "z", "x", "x"],
                         "flag": [True, True, False, None, True]})
    facts = training_facts(rows, {"source", "flag"}, "sft")
    assert facts.counts == {"flag": {"false": 1, "true": 3}, "source": {"a": 3, "b": 2}}
    assert facts.conflicts == {"a": pytest.approx(2 / 3), "b": 0.0}
