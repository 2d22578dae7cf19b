"""`gristmill train sft|rm` and `gristmill score` from the command line, on the tiny model."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from gristmill.cli import main


def run_cli(args: list[str]) -> int:
    """Exit code of `gristmill ARGS` (typer ends even a successful run with SystemExit(0))."""
    try:
        main(args)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def test_train_sft_command_writes_adapter_and_record(tiny_model: Path, sft_data: Path, tmp_path: Path) -> None:
    assert run_cli(["train", "sft", "--data", str(sft_data), "--model", str(tiny_model), "--max-steps", "2",
                    "-o", str(tmp_path)]) == 0
    record = json.loads((tmp_path / "train.json").read_text())
    assert record["result"]["steps"] == 2
    assert (tmp_path / "adapter" / "adapter_model.safetensors").exists()


def test_train_without_config_or_data_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["train", "sft"]) == 1
    assert "give a config file or --data PATH" in capsys.readouterr().err


def test_score_ranks_and_filters_rows_with_a_reward_model(tiny_model: Path, preference_data: Path,
                                                           tmp_path: Path) -> None:
    config = tmp_path / "rm.yaml"
    config.write_text(f"data: {{path: {preference_data}, max_examples: 16, batch_size: 8}}\n"
                      "preference: {max_prompt_tokens: 32, max_completion_tokens: 32}\n")
    assert run_cli(["train", "rm", str(config), "--model", str(tiny_model), "--max-steps", "2",
                    "-o", str(tmp_path / "rm")]) == 0
    scored_path = tmp_path / "scored.parquet"
    assert run_cli(["score", str(tmp_path / "rm"), str(preference_data), "-o", str(scored_path), "--top", "5"]) == 0
    scored = pl.read_parquet(scored_path)
    assert scored.height == 5
    assert scored["reward_chosen"].is_sorted(descending=True)
