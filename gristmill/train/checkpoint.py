"""Checkpoints that resume exactly: trainable weights, optimizer, loop counters, data position, RNG states.

The learning rate is a pure function of the step, so the step is the whole scheduler state. A checkpoint is
written into a temporary folder and renamed, so a kill mid-save never leaves one that looks complete. In an
encrypted run the weights and optimizer states are serialized in memory and sealed (`*.enc`); the counters stay
plain.

Every rank calls `save_checkpoint`; under FSDP or ZeRO-3 (`distributed.py`) the shards are gathered into whole
tensors and rank 0 writes them, with the optimizer states keyed by parameter name (torch.distributed.checkpoint's
`get_optimizer_state_dict`; for ZeRO-3 the same form, from DeepSpeed's tensor-fragment API). Either way the files
hold whole tensors, so a checkpoint resumes on any number of ranks, sharded or not.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from gristmill import crypto
from gristmill.errors import GristmillError
from gristmill.train import distributed

STATE_FILE = "state.json"


@dataclass
class LoopState:
    """Counters the loop carries from step to step (JSON-serializable)."""

    step: int = 0
    epoch: int = 0
    position: int = 0  # micro-batches of the current epoch already consumed
    tokens_seen: int = 0
    best_val: float | None = None
    evals_since_best: int = 0
    history: list[float] = field(default_factory=list)  # training loss per step, for the resume check


def rng_state() -> dict[str, Any]:
    state: dict[str, Any] = {"python": random.getstate(), "numpy": np.random.get_state(),
                             "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def trainable_state(model: Any) -> dict[str, torch.Tensor]:
    """Whole trainable tensors on the host (FSDP shards or ZeRO-3 partitions gathered: every rank calls this)."""
    return {name: distributed.whole(p).cpu().contiguous()
            for name, p in model.named_parameters() if p.requires_grad}


def optimizer_state(model: Any, optimizer: Any) -> dict[str, Any]:
    """The optimizer's own state dict (keyed by position); under FSDP keyed by parameter name and whole (gathered
    from the shards onto rank 0's host)."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_optimizer_state_dict

    if distributed.is_zero3(model):
        return zero3_optimizer_state(model, optimizer)
    if not distributed.is_fsdp(model):
        return optimizer.state_dict()
    return get_optimizer_state_dict(model, optimizer,
                                    options=StateDictOptions(full_state_dict=True, cpu_offload=True))


def save_checkpoint(folder: Path, model: Any, optimizer: Any, state: LoopState, keep: int,
                    write: bool = True) -> Path:
    """Write checkpoints/step-NNNNNN atomically and keep only the newest `keep` of them. Every rank calls it
    (gathering shards takes them all); only the one with `write` writes."""
    from safetensors.torch import save, save_file

    weights, optimizer_states = trainable_state(model), optimizer_state(model, optimizer)
    target = folder / f"step-{state.step:06d}"
    tmp = folder / f".tmp-step-{state.step:06d}"
    if not write:
        return target
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    blob = {"optimizer": optimizer_states, "rng": rng_state()}
    sealer = crypto.active()
    if sealer is not None:
        sealer.write_bytes(save(weights), tmp / "trainable.safetensors")
        buffer = io.BytesIO()
        torch.save(blob, buffer)
        sealer.write_bytes(buffer.getvalue(), tmp / "optimizer_rng.pt")
    else:
        save_file(weights, str(tmp / "trainable.safetensors"))
        torch.save(blob, tmp / "optimizer_rng.pt")
    (tmp / STATE_FILE).write_text(json.dumps(asdict(state)))
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    for old in sorted(folder.glob("step-*"))[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def latest_checkpoint(folder: Path) -> Path | None:
    found = sorted(p for p in folder.glob("step-*") if (p / STATE_FILE).exists())
    return found[-1] if found else None


def load_checkpoint(path: Path, model: Any, optimizer: Any) -> LoopState:
    """Restore weights, optimizer and RNG in place; return the loop counters."""
    from safetensors.torch import load

    weights = load(crypto.load_bytes(path / "trainable.safetensors"))  # sealed ones opened in memory
    params = dict(model.named_parameters())
    missing = sorted(set(weights) - set(params))
    if missing:
        raise GristmillError(f"{path}: checkpoint holds parameters this model lacks ({missing[:3]} ...); "
                             "was it made with another adapter config?")
    for name, param in params.items():  # the model's order on every rank (safetensors' own differs per process),
        if name in weights:  # as ZeRO-3's gathers are collectives
            distributed.load_full(param, weights[name])
    blob = torch.load(io.BytesIO(crypto.load_bytes(path / "optimizer_rng.pt")), weights_only=False)
    load_optimizer_state(model, optimizer, blob["optimizer"])
    set_rng_state(blob["rng"])
    return LoopState(**json.loads((path / STATE_FILE).read_text()))


def load_optimizer_state(model: Any, optimizer: Any, states: dict[str, Any]) -> None:
    """Saved optimizer states into this rank's optimizer: keyed by position (unsharded runs) or by parameter name
    (FSDP runs); into an FSDP model by name, each rank cutting out its shards."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, set_optimizer_state_dict

    positional = isinstance(states["param_groups"][0]["params"][0], int)
    if positional and not distributed.is_sharded(model):
        optimizer.load_state_dict(states)
        return
    if positional:  # the optimizer's i-th parameter is the model's i-th trainable one, sharded or not
        states = by_name(model, states)
    if distributed.is_zero3(model):
        load_zero3_optimizer_state(model, optimizer, states)
        return
    set_optimizer_state_dict(model, optimizer, states, options=StateDictOptions(full_state_dict=True))


def zero3_optimizer_state(model: Any, optimizer: Any) -> dict[str, Any]:
    """ZeRO-3's AdamW states, held per rank as pieces of flat fp32 partitions, gathered whole and keyed by
    parameter name (the form FSDP's are saved in; a collective). Elementwise states (`exp_avg`, `exp_avg_sq`)
    come from DeepSpeed's tensor-fragment API, scalars (`step`) from the partitions' own state."""
    from deepspeed.utils import safe_get_full_optimizer_state

    inner = optimizer.optimizer  # torch's AdamW over the flat partitions
    states: dict[str, Any] = next(iter(inner.state.values()), {})  # one flat partition's states, for their keys
    names, per_name = [], {}
    for name, param in model.named_parameters():
        if param.requires_grad:
            names.append(name)
            per_name[name] = {key: safe_get_full_optimizer_state(param, key).cpu() if elementwise(value) else
                              value.clone() for key, value in states.items()}
    hyper = {k: v for k, v in inner.param_groups[0].items() if k != "params"}
    return {"state": per_name if states else {}, "param_groups": [{**hyper, "params": names}]}


def load_zero3_optimizer_state(model: Any, optimizer: Any, states: dict[str, Any]) -> None:
    """Whole optimizer states keyed by name cut into this rank's ZeRO-3 partitions. AdamW makes its states at the
    first step, so before that each flat partition gets them here (zeros), then each parameter's piece is set."""
    from deepspeed.utils import safe_set_full_optimizer_state

    if not states["state"]:
        return
    first = next(iter(states["state"].values()))
    for flat in optimizer.fp32_partitioned_groups_flat:  # what DeepSpeed keys torch's AdamW states by
        optimizer.optimizer.state[flat] = {key: torch.zeros_like(flat) if elementwise(value) else value.clone()
                                           for key, value in first.items()}
    for name, param in model.named_parameters():
        for key, value in states["state"].get(name, {}).items() if param.requires_grad else ():
            if elementwise(value):
                safe_set_full_optimizer_state(param, value.to(torch.float32), key)


def elementwise(value: Any) -> bool:
    """An optimizer state with one number per weight (Adam's moments), not a scalar (its step count)."""
    return isinstance(value, torch.Tensor) and value.dim() > 0


def by_name(model: Any, states: dict[str, Any]) -> dict[str, Any]:
    """A positional optimizer state dict keyed by parameter name instead (torch.distributed.checkpoint's form)."""
    names = [name for name, p in model.named_parameters() if p.requires_grad]
    return {"state": {names[i]: value for i, value in states["state"].items()},
            "param_groups": [{**group, "params": [names[i] for i in group["params"]]}
                             for group in states["param_groups"]]}
