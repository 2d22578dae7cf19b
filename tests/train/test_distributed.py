"""Two ranks over gloo train the same adapter as one process with the same global batch, and a run resumes
from a checkpoint on another number of ranks (the launcher is torch's, as `gristmill train --nproc` uses it); the
same with the model sharded by FSDP2 (`loop.parallel: fsdp`), for LoRA and for full fine-tuning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

torch = pytest.importorskip("torch")


def write_config(folder: Path, model: Path, data: Path, kind: str, parallel: str = "ddp", method: str = "lora",
                 batches: dict[str, Any] | None = None) -> Path:
    """`batches`: data settings over the defaults (and `grad_accum`, a loop setting; `quantize`, a model one)."""
    batches = dict(batches or {})
    accum = batches.pop("grad_accum", 1)
    quantize = batches.pop("quantize", "auto")
    config = {"train": {
        "model": {"name": str(model), "quantize": quantize},
        "adapter": {"dropout": 0.0, "method": method},  # dropout masks differ per rank
        "data": {"path": str(data), "seq_len": 64, "max_examples": 48, "val_fraction": 0.1, "batch_size": 8,
                 **batches},
        "loop": {"max_steps": 6, "eval_every": 3, "save_every": 2, "keep_checkpoints": 8,
                 "early_stop_patience": None, "parallel": parallel, "grad_accum": accum},
        "optim": {"lr": 0.002, "warmup_steps": 1},
        "output": {"dir": str(folder / "out")}}}
    path = folder / f"{kind}.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def train(config: Path, kind: str, nproc: int) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "GRISTMILL_CACHE": str(config.parent / "cache")}
    done = subprocess.run([sys.executable, "-m", "gristmill", "train", kind, str(config), "--nproc", str(nproc)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]


def losses(out: Path, key: str = "loss") -> list[float]:
    records = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return [r[key] for r in records if "loss" in r]


def adapter(out: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    weights, = (out / "adapter").glob("*.safetensors")  # adapter_model (peft) or model (full fine-tuning)
    return load_file(str(weights))


def assert_same_adapter(a: Path, b: Path) -> None:
    left, right = adapter(a), adapter(b)
    assert left.keys() == right.keys()
    assert left  # not an empty file on both sides
    for name in left:
        torch.testing.assert_close(left[name], right[name], rtol=1e-4, atol=1e-5, msg=name)


@pytest.fixture(scope="module")
def runs(tiny_model: Path, sft_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name, nproc in (("one", 1), ("two", 2)):
        folder = tmp_path_factory.mktemp(name)
        train(write_config(folder, tiny_model, sft_data, "sft"), "sft", nproc)
        folders[name] = folder
    return folders


def test_two_gloo_ranks_train_what_one_process_trains(runs: dict[str, Path]) -> None:
    one, two = losses(runs["one"] / "out"), losses(runs["two"] / "out")
    assert len(one) == len(two) == 6
    assert two == pytest.approx(one, rel=1e-4)
    assert_same_adapter(runs["one"] / "out", runs["two"] / "out")


@pytest.mark.parametrize(("written_by", "resumed_on"), [("two", 1), ("one", 2)])
def test_a_checkpoint_resumes_on_another_number_of_ranks(runs: dict[str, Path], tmp_path: Path,
                                                         written_by: str, resumed_on: int) -> None:
    """Rank 0's step-4 checkpoint, resumed on the other rank count, ends where the uninterrupted run did."""
    folder = tmp_path / "resumed"
    shutil.copytree(runs[written_by], folder)
    config = folder / "sft.yaml"
    config.write_text(config.read_text().replace(str(runs[written_by]), str(folder)))
    out = folder / "out"
    shutil.rmtree(out / "adapter")
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["step-000002", "step-000004"]
    train(config, "sft", resumed_on)
    assert_same_adapter(out, runs["one"] / "out")


def assert_same_weights(a: Path, b: Path) -> None:
    """The saved weights of a sharded and an unsharded run agree to rounding. The sharded model runs the model's
    own forward (full logits) where one process takes the hidden states and the head apart, so the two differ in
    the last float bits from step 1 (losses to ~1e-7); Adam's step (m / sqrt(v), lr 0.002) turns that into
    ~1e-4..5e-4 for the odd weight whose gradients nearly cancel (measured: 1 of 2,048 and 1 of 8,192 in a tensor).
    So: at most 1 in 1,000 weights of a tensor outside (rtol 1e-4, atol 1e-5), and none off by half a step of lr."""
    left, right = adapter(a), adapter(b)
    assert left.keys() == right.keys()
    assert left
    for name in left:
        off = ~torch.isclose(left[name], right[name], rtol=1e-4, atol=1e-5)
        assert off.float().mean().item() <= 1e-3, (name, int(off.sum()), left[name].numel())
        assert (left[name] - right[name]).abs().max().item() <= 1e-3, name


@pytest.fixture(scope="module")
def fsdp_runs(tiny_model: Path, sft_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LoRA and full fine-tuning, each on one process and on two FSDP ranks (the same config: FSDP on one rank
    has nothing to shard, so the one-process run is the plain loop); LoRA on an NF4 base (QLoRA: the packed 4-bit
    weights stored as float32 so FSDP shards them, bitsandbytes' CPU kernels); and LoRA with one example per
    micro-batch (three a step), where the second rank's share is always empty and it runs every micro-batch at
    weight 0."""
    folders = {}
    for name, method, batches in (("lora", "lora", None), ("full", "full", None),
                                  ("qlora", "lora", {"quantize": "nf4"}),
                                  ("single", "lora", {"packing": False, "batch_size": 1, "grad_accum": 3})):
        for nproc in (1, 2):
            folder = tmp_path_factory.mktemp(f"fsdp-{name}-{nproc}")
            train(write_config(folder, tiny_model, sft_data, "sft", "fsdp", method, batches), "sft", nproc)
            folders[f"{name}-{nproc}"] = folder
    return folders


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lora", "full", "qlora", "single"])
def test_two_fsdp_ranks_train_what_one_process_trains(fsdp_runs: dict[str, Path], method: str) -> None:
    """The frozen base (LoRA) or every weight (full) sharded across two gloo ranks: the same losses, step by step,
    and the same saved weights (gathered whole by rank 0) as one process with the same global batch."""
    one, two = fsdp_runs[f"{method}-1"] / "out", fsdp_runs[f"{method}-2"] / "out"
    assert len(losses(one)) == len(losses(two)) == 6
    assert losses(two) == pytest.approx(losses(one), rel=1e-4)
    # Adam's step hardly sees a gradient's scale: the norm shows the shards' gradients were summed, not averaged
    assert losses(two, "grad_norm") == pytest.approx(losses(one, "grad_norm"), rel=1e-4)
    assert losses(one)[-1] < losses(one)[0]  # it trained
    assert_same_weights(one, two)
    train_json = json.loads((two / "train.json").read_text())
    assert train_json["config"]["loop"]["parallel"] == "fsdp"


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lora", "full"])
def test_a_two_rank_fsdp_checkpoint_resumes_on_one_process(fsdp_runs: dict[str, Path], tmp_path: Path,
                                                           method: str) -> None:
    """Step 4's checkpoint of the two FSDP ranks (weights and optimizer states gathered whole, keyed by name),
    resumed on one process, ends where the uninterrupted one-process run did."""
    written_by = fsdp_runs[f"{method}-2"]
    folder = tmp_path / "resumed"
    shutil.copytree(written_by, folder)
    config = folder / "sft.yaml"
    config.write_text(config.read_text().replace(str(written_by), str(folder)))
    out = folder / "out"
    shutil.rmtree(out / "adapter")
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["step-000002", "step-000004"]
    train(config, "sft", 1)
    assert losses(out)[-2:] == pytest.approx(losses(fsdp_runs[f"{method}-1"] / "out")[-2:], rel=1e-4)
    assert_same_weights(out, fsdp_runs[f"{method}-1"] / "out")


@pytest.mark.slow
def test_a_ddp_checkpoint_resumes_on_two_fsdp_ranks(runs: dict[str, Path], fsdp_runs: dict[str, Path],
                                                    tmp_path: Path) -> None:
    """One process's step-4 checkpoint (optimizer states keyed by position), resumed with `parallel: fsdp` on two
    ranks, ends where the uninterrupted run did."""
    folder = tmp_path / "resumed"
    shutil.copytree(runs["one"], folder)
    config = folder / "sft.yaml"
    config.write_text(config.read_text().replace(str(runs["one"]), str(folder)).replace("parallel: ddp",
                                                                                        "parallel: fsdp"))
    out = folder / "out"
    shutil.rmtree(out / "adapter")
    train(config, "sft", 2)
    assert json.loads((out / "train.json").read_text())["config"]["loop"]["parallel"] == "fsdp"
    assert losses(out)[-2:] == pytest.approx(losses(runs["one"] / "out")[-2:], rel=1e-4)
    assert_same_weights(out, runs["one"] / "out")


@pytest.mark.slow
@pytest.mark.parametrize("parallel", ["fsdp", "zero3"])
def test_dpo_on_two_sharded_ranks_trains_what_one_process_trains(tiny_model: Path, hh_path: Path,
                                                                 tmp_path: Path, parallel: str) -> None:
    """DPO (reference log-probs cached before sharding) on two FSDP or ZeRO-3 ranks: the same losses, gradient
    norms and adapter as one process. Four pairs a step split two ways leaves rank 1 an empty share now and then;
    its filler micro-batch once divided its (absent) metrics by zero."""
    if parallel == "zero3":
        pytest.importorskip("deepspeed")
    outs = []
    for nproc in (1, 2):
        folder = tmp_path / f"dpo-{nproc}"
        folder.mkdir()
        config = {"train": {
            "model": {"name": str(tiny_model)}, "adapter": {"dropout": 0.0},
            "data": {"path": str(hh_path), "kind": "preference", "max_examples": 24, "val_fraction": 0.1,
                     "batch_size": 4},
            "preference": {"max_prompt_tokens": 48, "max_completion_tokens": 32},
            "loop": {"max_steps": 3, "eval_every": 3, "early_stop_patience": None, "parallel": parallel},
            "optim": {"lr": 0.002, "warmup_steps": 1}, "output": {"dir": str(folder / "out")}}}
        (folder / "dpo.yaml").write_text(yaml.safe_dump(config))
        train(folder / "dpo.yaml", "dpo", nproc)
        outs.append(folder / "out")
    one, two = outs
    assert len(losses(one)) == len(losses(two)) == 3
    assert losses(two) == pytest.approx(losses(one), rel=1e-4)
    assert losses(two, "grad_norm") == pytest.approx(losses(one, "grad_norm"), rel=1e-4)
    assert_same_weights(one, two)


@pytest.fixture(scope="module")
def zero3_runs(tiny_model: Path, sft_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """DeepSpeed's ZeRO-3 (`loop.parallel: zero3`) on two gloo ranks: LoRA (beside the one-process run of
    `runs`, the same config), full fine-tuning, and one example per micro-batch (three a step, rank 1's share
    always empty: DeepSpeed's accumulation boundary must still fall on the step's last micro-batch), each beside
    one process with the same config."""
    pytest.importorskip("deepspeed")
    folders = {}
    for name, method, batches, ranks in (("lora", "lora", None, (2,)), ("full", "full", None, (1, 2)),
                                         ("single", "lora", {"packing": False, "batch_size": 1, "grad_accum": 3},
                                          (1, 2))):
        for nproc in ranks:
            folder = tmp_path_factory.mktemp(f"zero3-{name}-{nproc}")
            train(write_config(folder, tiny_model, sft_data, "sft", "zero3", method, batches), "sft", nproc)
            folders[f"{name}-{nproc}"] = folder
    return folders


@pytest.mark.slow
@pytest.mark.parametrize("method", ["lora", "full", "single"])
def test_two_zero3_ranks_train_what_one_process_trains(runs: dict[str, Path], zero3_runs: dict[str, Path],
                                                       method: str) -> None:
    """The model partitioned by ZeRO-3 across two ranks: the same losses, gradient norms (summed across the
    ranks, not averaged) and saved weights (gathered whole by rank 0) as one process with the same global batch."""
    one = (runs["one"] if method == "lora" else zero3_runs[f"{method}-1"]) / "out"
    two = zero3_runs[f"{method}-2"] / "out"
    assert len(losses(one)) == len(losses(two)) == 6
    assert losses(two) == pytest.approx(losses(one), rel=1e-4)
    assert losses(two, "grad_norm") == pytest.approx(losses(one, "grad_norm"), rel=1e-4)
    assert losses(one)[-1] < losses(one)[0]
    assert_same_weights(one, two)
    assert json.loads((two / "train.json").read_text())["config"]["loop"]["parallel"] == "zero3"


def resume_from(written_by: Path, tmp_path: Path, parallel: str, nproc: int) -> Path:
    """Step 4's checkpoint of a finished run, copied and resumed on `nproc` ranks with `parallel`."""
    folder = tmp_path / "resumed"
    shutil.copytree(written_by, folder)
    config = folder / "sft.yaml"
    text = config.read_text().replace(str(written_by), str(folder))
    config.write_text(text.replace(f"parallel: {yaml.safe_load(text)['train']['loop']['parallel']}",
                                   f"parallel: {parallel}"))
    out = folder / "out"
    shutil.rmtree(out / "adapter")
    train(config, "sft", nproc)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("written_by", "parallel", "nproc"), [("zero3", "ddp", 1), ("one", "zero3", 2),
                                                                ("zero3", "fsdp", 2)])
def test_zero3_checkpoints_resume_elsewhere(runs: dict[str, Path], zero3_runs: dict[str, Path], tmp_path: Path,
                                            written_by: str, parallel: str, nproc: int) -> None:
    """A two-rank ZeRO-3 checkpoint (weights and AdamW states gathered whole, keyed by name) resumed on one
    process and on two FSDP ranks, and one process's checkpoint (states keyed by position) resumed on two ZeRO-3
    ranks, each end where the uninterrupted one-process run did."""
    source = zero3_runs["lora-2"] if written_by == "zero3" else runs["one"]
    out = resume_from(source, tmp_path, parallel, nproc)
    assert json.loads((out / "train.json").read_text())["config"]["loop"]["parallel"] == parallel
    assert losses(out)[-2:] == pytest.approx(losses(runs["one"] / "out")[-2:], rel=1e-4)
    assert_same_weights(out, runs["one"] / "out")
