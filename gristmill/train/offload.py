"""Frozen or waiting tensors kept in host memory during training, so a memory budget holds more tokens.

Two things a QLoRA step keeps on the GPU without using them most of the time:
- the input embedding (128k × 4096 bf16 = 1 GiB for a Llama-3 8B): frozen, read once per forward for a few
  thousand rows. `HostEmbedding` keeps it in host memory and sends only the looked-up rows over.
- the input of every checkpointed decoder layer (tokens × hidden, bf16), held from the forward until backward
  recomputes the layer. `host_checkpoint` copies it to pinned host memory asynchronously and back when backward
  needs it; the rest is checkpointing as `torch.utils.checkpoint` does it (RNG and autocast state restored, so
  dropout masks and dtypes are the same in the recomputation).

Neither changes a number: an embedding lookup and a copy are exact. Tests compare both with the plain model.
"""

from __future__ import annotations

from typing import Any

import torch

MIN_EMBEDDING_BYTES = 64 << 20  # below this the GPU memory saved is not worth a host lookup per forward


class HostEmbedding(torch.nn.Module):
    """An `nn.Embedding` whose (frozen) weight lives in host memory; forward returns rows on `device`.

    The weight is deliberately not a registered parameter or buffer: `next(model.parameters()).device` (how
    the loop and transformers find the model's device) and `model.to(...)` must not see a host tensor.
    """

    def __init__(self, embedding: torch.nn.Embedding, device: torch.device) -> None:
        super().__init__()
        self.original = type(embedding)
        self.padding_idx = embedding.padding_idx
        self.embedding_dim = embedding.embedding_dim
        self.num_embeddings = embedding.num_embeddings
        self.host_weight = embedding.weight.detach().to("cpu")
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
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    embedding = base.get_input_embeddings()
    output = base.get_output_embeddings()
    weight = getattr(embedding, "weight", None)
    if (type(embedding) is not torch.nn.Embedding or weight is None or weight.requires_grad  # subclasses scale
            or weight.device.type != "cuda" or (output is not None and output.weight is weight)
            or weight.numel() * weight.element_size() < MIN_EMBEDDING_BYTES):
        return 0
    freed = weight.numel() * weight.element_size()
    base.set_input_embeddings(HostEmbedding(embedding, weight.device))
    del embedding, weight
    torch.cuda.empty_cache()
    return freed


def restore_input_embeddings(model: Any) -> None:
    """Put an offloaded input embedding back on its device (generation then needs no host round trip)."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    embedding = base.get_input_embeddings()
    if not isinstance(embedding, HostEmbedding):
        return
    restored = embedding.original(embedding.num_embeddings, embedding.embedding_dim,
                                  padding_idx=embedding.padding_idx, device="meta")
    restored.weight = torch.nn.Parameter(embedding.host_weight.to(embedding.device), requires_grad=False)
    base.set_input_embeddings(restored)


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
