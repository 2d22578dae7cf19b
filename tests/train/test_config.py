from __future__ import annotations

from pathlib import Path

import pytest

from gristmill.errors import ConfigError
from gristmill.train.config import TrainConfig, load_train_config


def test_unknown_and_bad_keys_are_all_reported_with_their_path(tmp_path: Path) -> None:
    path = tmp_path / "train.yaml"
    path.write_text("train:\n  data: {path: d.jsonl, seq_lenn: 5}\n  optim: {lr: -1}\n")
    with pytest.raises(ConfigError) as caught:
        load_train_config(path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("train.data.seq_lenn: unknown key (expected one of:")
    assert problems[1].startswith("train.optim.lr: Input should be greater than 0")


def test_data_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "train.yaml"
    path.write_text("data: {path: runs/demo}\n")
    assert load_train_config(path).data.path == str(tmp_path / "runs/demo")


def test_virtual_token_methods_refuse_packing() -> None:
    with pytest.raises(ValueError, match=r"set data\.packing: false"):
        TrainConfig.model_validate({"data": {"path": "x"}, "adapter": {"method": "prefix"}})


def test_fsdp_takes_an_nf4_base_and_ddp_is_the_default() -> None:
    assert TrainConfig.model_validate({"data": {"path": "x"}}).loop.parallel == "ddp"
    cfg = TrainConfig.model_validate({"data": {"path": "x"}, "model": {"quantize": "nf4"},
                                      "loop": {"parallel": "fsdp"}})
    assert (cfg.model.quantize, cfg.loop.parallel) == ("nf4", "fsdp")


@pytest.mark.parametrize(("section", "setting", "advice"), [
    ("model", {"quantize": "nf4"}, "loop.parallel: fsdp"), ("optim", {"optimizer": "paged_adamw_8bit"}, "adamw"),
    ("adapter", {"fused": "on"}, "adapter.fused: auto or off")])
def test_zero3_refuses_what_it_cannot_partition(section: str, setting: dict[str, str], advice: str) -> None:
    zero3 = {"data": {"path": "x"}, "loop": {"parallel": "zero3"}}
    assert TrainConfig.model_validate(zero3).loop.parallel == "zero3"  # its defaults are fine
    with pytest.raises(ValueError, match=advice):
        TrainConfig.model_validate({**zero3, section: setting})


def test_output_goes_into_the_run_directory(tmp_path: Path) -> None:
    (tmp_path / "curate").mkdir()
    assert TrainConfig.model_validate({"data": {"path": str(tmp_path)}}).output_dir() == tmp_path / "train"


def test_token_budget_follows_the_longest_example_up_to_seq_len() -> None:
    """batch_size 8: data whose longest example is 300 tokens gets 2,400-token micro-batches, not 8 × 2,048."""
    cfg = TrainConfig.model_validate({"data": {"path": "x", "batch_size": 8, "seq_len": 2048}})
    assert (cfg.token_budget(300), cfg.token_budget(5000), cfg.token_budget()) == (2400, 16384, 16384)
    packed = TrainConfig.model_validate({"data": {"path": "x", "batch_tokens": 4096}})
    assert packed.token_budget(300) == 4096
    pairs = TrainConfig.model_validate({"data": {"path": "x", "kind": "preference", "batch_size": 2},
                                        "preference": {"max_prompt_tokens": 100, "max_completion_tokens": 50}})
    assert pairs.token_budget() == 2 * 2 * 150


def test_on_and_off_written_in_yaml_are_taken_as_the_words(tmp_path) -> None:
    """YAML 1.1 reads on/off as booleans: `fused: off` was refused, and `gradient_checkpointing: on` became 1
    layer (True is an int)."""
    from gristmill.train.config import load_train_config

    path = tmp_path / "t.yaml"
    path.write_text("train:\n  data: {path: d.jsonl}\n  adapter: {fused: off}\n  model: {offload_embeddings: off, "
                    "offload_output_head: on}\n  loop: {gradient_checkpointing: on, offload_activations: off}\n")
    cfg = load_train_config(path)
    assert (cfg.adapter.fused, cfg.model.offload_embeddings, cfg.model.offload_output_head) == ("off", "off", "on")
    assert (cfg.loop.gradient_checkpointing, cfg.loop.offload_activations) == ("on", "off")
