"""Frozen or waiting tensors kept in host memory during training, so a memory budget holds more tokens.

Three things a QLoRA step keeps on the GPU without using them most of the time:
- the input embedding (128k × 4096 bf16 = 1 GiB for a Llama-3 8B): frozen, read once per forward for a few
  thousand rows. `HostEmbedding` keeps it in host memory and sends only the looked-up rows over.
- the output head (as large; for a model that ties it to the input embedding, such as Llama-3.2-1B, the same
  0.5 GiB tensor): frozen, read once per forward by the loss. `HostHead` keeps it in pinned host memory and
  `losses.linear_logprobs` copies it to the GPU a block of vocabulary rows at a time: one host-to-device copy
  of the head per forward (0.5 GiB: ~10 ms at PCIe 5's ~50 GB/s), so it moves only when memory is tight (on an
  H200 the 1B DPO step gained 11% overall: two fewer layers to recompute, BENCHMARKS.md).
- the input of every checkpointed decoder layer (tokens × hidden, bf16), held from the forward until backward
  recomputes the layer. `host_checkpoint` copies it to pinned host memory asynchronously and back when backward
  needs it; the rest is checkpointing as `torch.utils.checkpoint` does it (RNG and autocast state restored, so
  dropout masks and dtypes are the same in the recomputation).

None changes a number beyond rounding: a lookup and a copy are exact, and the streamed loss is the same
function summed in a different order. Tests compare both with the plain model.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import torch

from gristmill.plan import MIN_OFFLOAD_BYTES
from gristmill.train.adapters import base_model

MIN_EMBEDDING_BYTES = MIN_OFFLOAD_BYTES  # below this the GPU memory saved is not worth a host lookup per forward


class HostEmbedding(torch.nn.Module):
    """An `nn.Embedding` whose (frozen) weight lives in host memory; forward returns rows on `device`.

    The weight is deliberately not a registered parameter or buffer: `next(model.parameters()).device` (how
    the loop and transformers find the model's device) and `model.to(...)` must not see a host tensor.
    """

    def __init__(self, embedding: torch.nn.Embedding, device: torch.device,
                 host_weight: torch.Tensor | None = None) -> None:
        super().__init__()
        self.original = type(embedding)
        self.padding_idx = embedding.padding_idx
        self.embedding_dim = embedding.embedding_dim
        self.num_embeddings = embedding.num_embeddings
        self.host_weight = embedding.weight.detach().to("cpu") if host_weight is None else host_weight
        self.device = device

    @property
    def weight(self) -> torch.Tensor:
        return self.host_weight

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        ids = input_ids.to("cpu").reshape(-1)
        rows = torch.empty((ids.numel(), self.embedding_dim), dtype=self.weight.dtype,
                           pin_memory=self.device.type == "cuda")  # pinned: the copy below is asynchronous
        torch.index_select(self.host_weight, 0, ids, out=rows)
        return rows.reshape(*input_ids.shape, self.embedding_dim).to(self.device, non_blocking=True)


def offload_input_embeddings(model: Any) -> int:
    """Move a frozen, untied input embedding of a CUDA model to host memory; the bytes freed on the GPU (0 when
    it stays: trained, tied to the output layer, small, not on CUDA, or a subclass whose forward does more than
    look rows up, such as Gemma's scaled embedding)."""
    base = base_model(model)
    embedding = base.get_input_embeddings()
    output = base.get_output_embeddings()
    weight = getattr(embedding, "weight", None)
    if (type(embedding) is not torch.nn.Embedding or not _worth_moving(weight)  # subclasses scale
            or (output is not None and output.weight is weight)):
        return 0
    freed = _nbytes(weight)
    base.set_input_embeddings(HostEmbedding(embedding, weight.device))
    del embedding, weight
    torch.cuda.empty_cache()
    return freed


def _worth_moving(weight: torch.Tensor | None) -> TypeGuard[torch.Tensor]:
    """A frozen CUDA tensor large enough for host memory to be worth a copy or lookup per forward."""
    return (weight is not None and not weight.requires_grad and weight.device.type == "cuda"
            and _nbytes(weight) >= MIN_EMBEDDING_BYTES)


def _nbytes(tensor: torch.Tensor) -> int:
    return tensor.numel() * tensor.element_size()


class HostHead(torch.nn.Module):
    """A bias-free `nn.Linear` output head whose frozen weight lives in pinned host memory.

    The training loss reads `weight` and streams it (`losses.linear_logprobs`); a plain forward (the model's
    own logits, generation) copies it over a block at a time too and returns the whole logits. Like
    `HostEmbedding`, the weight is not a registered parameter.
    """

    BLOCK_BYTES = 64 << 20  # weight rows copied to the device at a time by `forward`

    def __init__(self, host_weight: torch.Tensor, device: torch.device) -> None:
        super().__init__()
        self.out_features, self.in_features = host_weight.shape
        self.host_weight = host_weight
        self.device = device

    @property
    def weight(self) -> torch.Tensor:
        return self.host_weight

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        rows = max(1, self.BLOCK_BYTES // (self.in_features * self.host_weight.element_size()))
        blocks = [torch.nn.functional.linear(hidden, self.host_weight[s:s + rows].to(self.device, non_blocking=True))
                  for s in range(0, self.out_features, rows)]
        return torch.cat(blocks, dim=-1)


def offload_output_head(model: Any) -> int:
    """Move a frozen, bias-free output head of a CUDA model to pinned host memory, and the input embedding with
    it when the two are tied (they then share the host tensor); the bytes freed on the GPU (0 when it stays:
    trained, with a bias, small, not on CUDA, or tied to an embedding whose forward does more than look rows up)."""
    base = base_model(model)
    head, embedding = base.get_output_embeddings(), base.get_input_embeddings()
    weight = getattr(head, "weight", None)
    if type(head) is not torch.nn.Linear or head.bias is not None or not _worth_moving(weight):
        return 0
    tied = getattr(embedding, "weight", None) is weight
    if tied and type(embedding) is not torch.nn.Embedding:
        return 0
    host = torch.empty(weight.shape, dtype=weight.dtype, pin_memory=True)
    host.copy_(weight)
    base.set_output_embeddings(HostHead(host, weight.device))
    if tied:
        base.set_input_embeddings(HostEmbedding(embedding, weight.device, host))
    freed = _nbytes(weight)
    del head, embedding, weight
    torch.cuda.empty_cache()
    return freed


def restore_embeddings(model: Any) -> None:
    """Put an offloaded input embedding and output head back on their device, tied again if they were (saving
    and generation then see the model as it was loaded)."""
    base = base_model(model)
    embedding, head = base.get_input_embeddings(), base.get_output_embeddings()
    restored: torch.nn.Parameter | None = None
    if isinstance(embedding, HostEmbedding):
        new = embedding.original(embedding.num_embeddings, embedding.embedding_dim,
                                 padding_idx=embedding.padding_idx, device="meta")
        restored = torch.nn.Parameter(embedding.host_weight.to(embedding.device), requires_grad=False)
        new.weight = restored
        base.set_input_embeddings(new)
    if isinstance(head, HostHead):
        linear = torch.nn.Linear(head.in_features, head.out_features, bias=False, device="meta")
        tied = isinstance(embedding, HostEmbedding) and embedding.host_weight is head.host_weight
        linear.weight = restored if tied and restored is not None else \
            torch.nn.Parameter(head.host_weight.to(head.device), requires_grad=False)
        base.set_output_embeddings(linear)


class _HostCheckpoint(torch.autograd.Function):
    """Checkpoint `function(hidden, *args)`: no activations kept, `hidden` parked in host memory until backward."""

    @staticmethod
    def forward(ctx: Any, function: Any, hidden: torch.Tensor, *args: Any) -> Any:
        ctx.function, ctx.args, ctx.device = function, args, hidden.device
        ctx.autocast = (torch.is_autocast_enabled(hidden.device.type), torch.get_autocast_dtype(hidden.device.type))
        ctx.rng = _rng_state(hidden.device)
        if hidden.is_cuda:
            ctx.host = torch.empty(hidden.shape, dtype=hidden.dtype, pin_memory=True)
            ctx.host.copy_(hidden, non_blocking=True)  # stream order keeps the source alive until it is read
        else:
            ctx.host = hidden.detach()
        with torch.no_grad():
            return function(hidden, *args)

    @staticmethod
    def backward(ctx: Any, *grads: torch.Tensor) -> tuple[Any, ...]:
        hidden = ctx.host.to(ctx.device, non_blocking=True).detach().requires_grad_(True)
        devices = [ctx.device] if ctx.device.type == "cuda" else []
        with torch.random.fork_rng(devices=devices):
            _set_rng_state(ctx.device, ctx.rng)
            enabled, dtype = ctx.autocast
            with torch.enable_grad(), torch.autocast(ctx.device.type, dtype=dtype, enabled=enabled):
                outputs = ctx.function(hidden, *ctx.args)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads, strict=False)
                 if isinstance(o, torch.Tensor) and o.requires_grad and g is not None]
        torch.autograd.backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, hidden.grad, *(None for _ in ctx.args))


def host_checkpoint(function: Any, hidden: torch.Tensor, *args: Any) -> Any:
    """A `_gradient_checkpointing_func` for transformers' decoder layers (`hidden` comes first, positionally)."""
    return _HostCheckpoint.apply(function, hidden, *args)


def _rng_state(device: torch.device) -> tuple[torch.Tensor, torch.Tensor | None]:
    return torch.get_rng_state(), torch.cuda.get_rng_state(device) if device.type == "cuda" else None


def _set_rng_state(device: torch.device, state: tuple[torch.Tensor, torch.Tensor | None]) -> None:
    torch.set_rng_state(state[0])
    if state[1] is not None:
        torch.cuda.set_rng_state(state[1], device)
