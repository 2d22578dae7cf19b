"""Ranks for the one training loop: data-parallel adapters on torch.distributed (gloo on CPUs, NCCL on GPUs).

Started by torch's elastic launcher (`torchrun`, `gristmill train ... --nproc N`), every rank holds the whole
(quantized) base and the same adapter, initialized from the same seed. The loop splits the examples of each
micro-batch across the ranks (rank r takes every world-th one), so the global batch is the config's whatever
the number of ranks; the loss of every rank is divided by the step's global count of loss units, and the
adapter's gradients are summed across ranks (one flat all-reduce): the step's gradient is the one a single
process computes on the whole batch, up to float rounding. Checkpoints, metrics and outputs are written by rank
0; every rank reads the same checkpoint, so a run resumes on any number of ranks.

With `loop.parallel: fsdp` the loop shards the model instead (PyTorch's FSDP2, `fully_shard`): each decoder layer
and the root hold 1/N of their parameters (frozen base and trainable ones alike), gathered for each layer's
forward and backward and freed after; gradients are reduce-scattered (summed, as above) so each rank updates its
shard of the weights and optimizer states. Checkpoints and the saved model are gathered into full tensors first,
so they are the same files whatever the number of ranks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class Ranks:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        """The rank that writes checkpoints, metrics and outputs."""
        return self.rank == 0

    @property
    def active(self) -> bool:
        return self.world > 1

    def shard(self, indices: list[int]) -> list[int]:
        """This rank's examples of a micro-batch: every world-th one, from its rank on."""
        return indices[self.rank::self.world]

    def sum(self, value: float | int | torch.Tensor) -> float:
        """A number summed over every rank (the value itself when there is one rank)."""
        if not self.active:
            return float(value)
        device = "cuda" if dist.get_backend() == "nccl" else "cpu"  # NCCL reduces GPU tensors only
        tensor = torch.as_tensor(value, dtype=torch.float64).reshape(1).to(device, copy=True)  # never the caller's
        dist.all_reduce(tensor)
        return float(tensor.item())

    def sum_grads(self, params: list[torch.nn.Parameter]) -> None:
        """Every trainable gradient summed over the ranks, in one flat buffer (a rank without examples in this
        step adds zeros)."""
        if not self.active:
            return
        grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in params]
        flat = torch.cat([g.reshape(-1).to(torch.float32) for g in grads])
        dist.all_reduce(flat)
        offset = 0
        for param, grad in zip(params, grads, strict=True):
            n = grad.numel()
            param.grad = flat[offset: offset + n].view_as(grad).to(grad.dtype)
            offset += n

    def mean(self, metrics: dict[str, float]) -> dict[str, float]:
        """Each metric averaged over the ranks that measured it (a rank without examples this step has none)."""
        if not self.active:
            return metrics
        every: list[Any] = [None] * self.world
        dist.all_gather_object(every, metrics)
        keys = sorted({k for m in every for k in m})
        return {k: sum(m[k] for m in every if k in m) / sum(1 for m in every if k in m) for k in keys}

    def gather_rows(self, part: torch.Tensor, rows: list[int], total: int) -> torch.Tensor:
        """The rows each rank computed (`rows` of `total`), put together in order on every rank."""
        if not self.active:
            return part
        pieces: list[Any] = [None] * self.world
        dist.all_gather_object(pieces, (rows, part.cpu()))
        out = torch.empty((total, *part.shape[1:]), dtype=part.dtype)
        for indices, values in pieces:
            out[indices] = values
        return out.to(part.device)

    def barrier(self) -> None:
        if self.active:
            dist.barrier()


def shard(model: Any) -> None:
    """FSDP2 over this process group: every decoder layer (the model's `_no_split_modules` classes, the unit
    accelerate's FSDP plugin wraps too), then the root for what is left (embeddings, final norm, head)."""
    from torch.distributed.fsdp import FSDPModule, fully_shard

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    layer_types = set(getattr(base, "_no_split_modules", None) or [])
    for module in [m for m in model.modules() if type(m).__name__ in layer_types]:
        fully_shard(module)
    fully_shard(model)
    for module in model.modules():
        if isinstance(module, FSDPModule):  # the loss is already divided by the step's global units: sum, not mean
            module.set_gradient_divide_factor(1.0)
            module.set_force_sum_reduction_for_comms(True)  # plain SUM (gloo has no pre-multiplied sum)


def is_sharded(model: Any) -> bool:
    from torch.distributed.fsdp import FSDPModule

    return isinstance(model, FSDPModule)


def full(tensor: torch.Tensor) -> torch.Tensor:
    """The whole tensor of an FSDP shard (a collective: every rank calls it in the same order); others as they are."""
    from torch.distributed.tensor import DTensor

    return tensor.full_tensor() if isinstance(tensor, DTensor) else tensor


@torch.no_grad()
def load_full(param: torch.Tensor, value: torch.Tensor) -> None:
    """Copy a whole tensor into a parameter, or into this rank's shard of it (every rank holds `value`, so each
    cuts out its own piece; no communication)."""
    from torch.distributed.tensor import DTensor, distribute_tensor

    if isinstance(param, DTensor):
        piece = distribute_tensor(value.to(param.device, param.dtype), param.device_mesh, param.placements,
                                  src_data_rank=None)
        param.to_local().copy_(piece.to_local())
    else:
        param.copy_(value.to(param.device))


def ranks() -> Ranks:
    """This process's place, from the launcher's environment (`RANK`, `WORLD_SIZE`, `LOCAL_RANK`)."""
    return Ranks(int(os.environ.get("RANK", 0)), int(os.environ.get("WORLD_SIZE", 1)),
                 int(os.environ.get("LOCAL_RANK", 0)))


def init(device: str) -> Ranks:
    """Join the process group the launcher set up (once), on this rank's GPU when there are GPUs."""
    here = ranks()
    if here.active and not dist.is_initialized():
        if device == "cuda":
            torch.cuda.set_device(here.local_rank)
        dist.init_process_group("nccl" if device == "cuda" else "gloo")
    return here


def launch(nproc: int, argv: list[str]) -> Any:
    """Run `python -m gristmill ARGV` on `nproc` local ranks through torch's elastic launcher (as `torchrun
    --standalone --nproc-per-node N -m gristmill ARGV`); multi-node runs call `torchrun` with its rendezvous
    flags directly."""
    from torch.distributed.run import main as torchrun

    return torchrun(["--standalone", f"--nproc-per-node={nproc}", "-m", "gristmill", *without_nproc(argv)])


def without_nproc(argv: list[str]) -> list[str]:
    """The command line without `--nproc N` (the ranks are started already; torchrun would also take the option
    for its own)."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--nproc":
            skip = True
        elif not arg.startswith("--nproc="):
            out.append(arg)
    return out
