"""Checkpoints that resume exactly: trainable weights, optimizer, loop counters, data position, RNG states.

The learning rate is a pure function of the step, so the step is the whole scheduler state. A checkpoint is
written into a temporary folder and renamed, so a kill mid-save never leaves one that looks complete. In an
encrypted run the weights and optimizer states are serialized in memory and sealed (`*.enc`); the counters stay
plain.
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
    return {name: p.detach().cpu().contiguous() for name, p in model.named_parameters() if p.requires_grad}


def save_checkpoint(folder: Path, model: Any, optimizer: Any, state: LoopState, keep: int) -> Path:
    """Write checkpoints/step-NNNNNN atomically and keep only the newest `keep` of them."""
    from safetensors.torch import save, save_file

    target = folder / f"step-{state.step:06d}"
    tmp = folder / f".tmp-step-{state.step:06d}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    blob = {"optimizer": optimizer.state_dict(), "rng": rng_state()}
    sealer = crypto.active()
    if sealer is not None:
        sealer.write_bytes(save(trainable_state(model)), tmp / "trainable.safetensors")
        buffer = io.BytesIO()
        torch.save(blob, buffer)
        sealer.write_bytes(buffer.getvalue(), tmp / "optimizer_rng.pt")
    else:
        save_file(trainable_state(model), str(tmp / "trainable.safetensors"))
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
    with torch.no_grad():
        for name, tensor in weights.items():
            params[name].copy_(tensor.to(params[name].device))
    blob = torch.load(io.BytesIO(crypto.load_bytes(path / "optimizer_rng.pt")), weights_only=False)
    optimizer.load_state_dict(blob["optimizer"])
    set_rng_state(blob["rng"])
    return LoopState(**json.loads((path / STATE_FILE).read_text()))
