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

With `loop.parallel: zero3` DeepSpeed's ZeRO stage 3 engine does the same sharding (the `deepspeed` extra): the
loop hands it the model and its optimizer, runs the forward through the engine and lets it reduce-scatter, clip
and step. Its partitions are gathered whole the same way for checkpoints (DeepSpeed's tensor-fragment API), so a
ZeRO-3 checkpoint resumes on one process, under DDP or FSDP, and the other way round.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist

from gristmill.errors import require


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


def is_fsdp(model: Any) -> bool:
    from torch.distributed.fsdp import FSDPModule

    return isinstance(model, FSDPModule)


def is_zero3(model: Any) -> bool:
    """Whether DeepSpeed's ZeRO-3 has partitioned this model's parameters (it tags each with a `ds_id`)."""
    return hasattr(next(model.parameters()), "ds_id")


def is_sharded(model: Any) -> bool:
    """Whether each rank holds only a piece of the model's parameters (FSDP or ZeRO-3): only the model's own
    forward gathers them."""
    return is_fsdp(model) or is_zero3(model)


def full(tensor: torch.Tensor) -> torch.Tensor:
    """The whole tensor of an FSDP shard (a collective: every rank calls it in the same order); others as they are."""
    from torch.distributed.tensor import DTensor

    return tensor.full_tensor() if isinstance(tensor, DTensor) else tensor


def whole(param: torch.nn.Parameter) -> torch.Tensor:
    """A trainable parameter's whole value, detached: gathered from its FSDP shards or from ZeRO-3's fp32
    partitions (a collective either way)."""
    if hasattr(param, "ds_id"):
        from deepspeed.utils import safe_get_full_fp32_param

        return safe_get_full_fp32_param(param)
    return full(param.detach())


@torch.no_grad()
def load_full(param: torch.Tensor, value: torch.Tensor) -> None:
    """Copy a whole tensor into a parameter, or into this rank's shard of it (every rank holds `value`, so each
    cuts out its own piece; no communication under FSDP). A ZeRO-3 parameter is set twice: its optimizer's fp32
    partition and the partition the forward gathers."""
    from torch.distributed.tensor import DTensor, distribute_tensor

    if hasattr(param, "ds_id"):
        import deepspeed
        from deepspeed.utils import safe_set_full_fp32_param

        safe_set_full_fp32_param(param, value.to(torch.float32))
        with deepspeed.zero.GatheredParameters([param], modifier_rank=0):  # rank 0's copy, partitioned again
            param.data.copy_(value.to(param.device, param.dtype))
    elif isinstance(param, DTensor):
        piece = distribute_tensor(value.to(param.device, param.dtype), param.device_mesh, param.placements,
                                  src_data_rank=None)
        param.to_local().copy_(piece.to_local())
    else:
        param.copy_(value.to(param.device))


def zero3_state_dict(model: Any) -> dict[str, torch.Tensor]:
    """A ZeRO-3 model's whole state dict on the host (its partitions gathered: a collective)."""
    import deepspeed

    with deepspeed.zero.GatheredParameters(list(model.parameters())):
        return {name: tensor.detach().cpu().clone() for name, tensor in model.state_dict().items()}


class Zero3:
    """DeepSpeed's ZeRO-3 engine, as the loop drives it: the engine runs each forward (gathering the layers'
    partitions), its backward reduce-scatters each gradient into its owner's fp32 partition, and its step after
    the step's last micro-batch clips and updates (DeepSpeed's contract: `step()` after every backward, the update
    at the accumulation boundary)."""

    def __init__(self, model: Any, optimizer: torch.optim.Optimizer, grad_accum: int, grad_clip: float | None,
                 world: int) -> None:
        deepspeed = require("deepspeed", "deepspeed", "loop.parallel: zero3")
        config = {"train_micro_batch_size_per_gpu": 1, "gradient_accumulation_steps": grad_accum,
                  "gradient_clipping": grad_clip or 0.0, "zero_optimization": {"stage": 3},
                  "zero_allow_untested_optimizer": True, "steps_per_print": 2**31 - 1}
        self.engine, self.optimizer, _, _ = deepspeed.initialize(model=model, optimizer=optimizer, config=config,
                                                                 dist_init_required=False)
        self.world = world

    def backward(self, loss: torch.Tensor) -> None:
        """The loss is already divided by the step's global units and DeepSpeed averages the ranks' gradients:
        times the number of ranks, so they are summed (as DDP and FSDP here sum them)."""
        self.engine.backward(loss * self.world, scale_wrt_gas=False)
        self.engine.step()  # a no-op until the step's last micro-batch

    def grad_norm(self) -> float:
        """The step's gradient norm before clipping (as `clip_grad_norm_` returns it)."""
        return float(self.engine.get_global_grad_norm() or 0.0)


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


def close() -> None:
    """Leave the process group once this rank's training is done: the ranks wait for each other, then tear the
    group down (a gloo rank that exits with its group alive can abort on a peer's closed connection)."""
    if dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


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
