"""One forward pass over a Batch → per-token log p(target), or one score per sequence.

Packed batches go through a variable-length attention registered with transformers' attention interface:
on CUDA PyTorch's flash varlen kernel (`torch.nn.attention.varlen`), elsewhere one causal SDPA call per
example. Either way attention never crosses an example boundary.
"""

from __future__ import annotations

import functools
import inspect
import itertools
from typing import Any

import torch

from gristmill.train import distributed
from gristmill.train.adapters import base_model
from gristmill.train.data import IGNORE, Batch
from gristmill.train.losses import linear_logprobs

VARLEN = "gristmill_varlen"
GATHER, RESTORE = "gristmill_gather", "gristmill_restore"  # forward keywords of a `data.pack_pairs` row
# torch 2.11's varlen_attn has no `enable_gqa` but calls the flash kernel, which reads each key/value head for its
# group of query heads: fewer key/value heads go in as they are (outputs equal the repeated heads', gradients to
# rounding; measured on an H200). Before 2.11 they are repeated to the query's heads.
NATIVE_GQA_SINCE = (2, 11)


def _cuda_varlen(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, cu: torch.Tensor, max_len: int,
                 scale: float | None) -> torch.Tensor:
    """[T, H, D] tensors through torch's flash varlen kernel (its signature moved between torch releases)."""
    from torch.nn.attention.varlen import varlen_attn

    params = _varlen_params()
    kwargs: dict[str, Any] = {"scale": scale} if "scale" in params else {}
    if key.shape[1] != query.shape[1]:  # grouped-query attention
        if "enable_gqa" in params:
            kwargs["enable_gqa"] = True
        elif torch_release() < NATIVE_GQA_SINCE:  # give every query head its key/value head
            repeat = query.shape[1] // key.shape[1]
            key, value = key.repeat_interleave(repeat, 1), value.repeat_interleave(repeat, 1)
    if "window_size" in params:
        kwargs["window_size"] = (-1, 0)
    else:
        kwargs["is_causal"] = True
    cu = cu.to(device=query.device, dtype=torch.int32)
    return varlen_attn(query, key, value, cu, cu, max_len, max_len, **kwargs)  # type: ignore[return-value]


def varlen_attention(module: Any, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                     attention_mask: Any, scaling: float | None = None, dropout: float = 0.0,
                     **kwargs: Any) -> tuple[torch.Tensor, None]:
    """transformers attention function for packed rows: [1, H, T, D] in, [1, T, H, D] out."""
    cu = kwargs.get("cu_seq_lens_q")
    if cu is None:  # an unpacked call (generation, padded batch): plain causal SDPA
        from transformers.integrations.sdpa_attention import sdpa_attention_forward

        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout,
                                      scaling=scaling, **kwargs)
    gather, restore = kwargs.get(GATHER), kwargs.get(RESTORE)
    if gather is not None:  # the row's tokens gathered into the sequences `cu` marks (data.pack_pairs)
        query, key, value = (t.index_select(2, gather) for t in (query, key, value))
    if query.is_cuda and _has_cuda_varlen():
        q, k, v = (t[0].transpose(0, 1) for t in (query, key, value))
        out = _cuda_varlen(q, k, v, cu, int(kwargs["max_length_q"]), scaling).unsqueeze(0)
        return (out if restore is None else out.index_select(1, restore)), None
    groups = query.shape[1] // key.shape[1]
    key, value = key.repeat_interleave(groups, 1), value.repeat_interleave(groups, 1)
    bounds = cu.tolist()
    parts = [torch.nn.functional.scaled_dot_product_attention(
        query[:, :, s:e], key[:, :, s:e], value[:, :, s:e], is_causal=True, scale=scaling)
        for s, e in itertools.pairwise(bounds)]  # one causal block per example
    out = torch.cat(parts, dim=2).transpose(1, 2)
    return (out.contiguous() if restore is None else out.index_select(1, restore)), None


@functools.cache
def torch_release() -> tuple[int, int]:
    major, minor = torch.__version__.split(".")[:2]
    return int(major), int(minor)


@functools.cache
def _varlen_params() -> frozenset[str]:
    """The keyword names of this torch's `varlen_attn` (read once: every attention call of every layer asks)."""
    from torch.nn.attention.varlen import varlen_attn

    return frozenset(inspect.signature(varlen_attn).parameters)


def _has_cuda_varlen() -> bool:
    try:
        from torch.nn.attention.varlen import varlen_attn  # noqa: F401
    except ImportError:
        return False
    return True


def enable_varlen(model: Any) -> bool:
    """Switch the model to the varlen attention; False when the model does not use the attention interface."""
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface

    AttentionInterface.register(VARLEN, varlen_attention)
    AttentionMaskInterface.register(VARLEN, lambda *args, **kwargs: None)  # the mask is implied by cu_seqlens
    try:
        model.set_attn_implementation(VARLEN)
    except (ValueError, AttributeError, NotImplementedError):
        return False
    return True


def model_inputs(batch: Batch) -> dict[str, Any]:
    """Keyword arguments for a transformers forward: packed rows carry the flash-attention varlen kwargs."""
    inputs: dict[str, Any] = {"input_ids": batch.input_ids, "position_ids": batch.position_ids,
                              "use_cache": False}
    if batch.cu_seqlens is not None:
        inputs.update(cu_seq_lens_q=batch.cu_seqlens, cu_seq_lens_k=batch.cu_seqlens,
                      max_length_q=batch.max_len, max_length_k=batch.max_len)
        if batch.gather is not None:
            inputs.update({GATHER: batch.gather, RESTORE: batch.restore})
    else:
        inputs["attention_mask"] = batch.attention_mask
    return inputs


def backbone_and_head(model: Any) -> tuple[Any, Any] | None:
    """(decoder stack, output embedding) of a causal LM, or None when logits need more than h·Wᵀ."""
    base = base_model(model)
    config = base.config
    if getattr(config, "final_logit_softcapping", None) or getattr(config, "logit_scale", None):
        return None
    backbone = getattr(base, getattr(base, "base_model_prefix", "model"), None)
    head = base.get_output_embeddings()
    if backbone is None or head is None or not hasattr(head, "weight"):
        return None
    return backbone, head


def token_logprobs(model: Any, batch: Batch) -> torch.Tensor:
    """log p(label) for every label position of the batch (in row-major order), fp32, [n_targets]."""
    mask = batch.labels != IGNORE
    targets = batch.labels[mask]
    # FSDP gathers the root's weights (embeddings, head) in the root's own forward only: a sharded model runs it
    parts = None if _uses_virtual_tokens(model) or distributed.is_sharded(model) else backbone_and_head(model)
    if parts is None:  # prompt/prefix tuning, unusual heads or FSDP: the model's own forward and logits
        logits = model(**model_inputs(batch)).logits
        logits = logits[:, -batch.labels.shape[1]:][mask].float()  # drop virtual-token positions
        return logits.gather(1, targets[:, None]).squeeze(1) - torch.logsumexp(logits, dim=-1)
    backbone, head = parts
    hidden = backbone(**model_inputs(batch)).last_hidden_state
    return linear_logprobs(hidden[mask], head.weight, targets)


def _uses_virtual_tokens(model: Any) -> bool:
    config = getattr(model, "peft_config", {}).get(getattr(model, "active_adapter", "default"))
    return bool(config is not None and getattr(config, "num_virtual_tokens", None))


def last_token_hidden(model: Any, batch: Batch) -> torch.Tensor:
    """Final hidden state at the last token of each sequence, [n_seqs, d] (the reward model's input)."""
    base = base_model(model)
    backbone = getattr(base, base.base_model_prefix)
    hidden = backbone(**model_inputs(batch)).last_hidden_state
    if batch.cu_seqlens is not None:
        return hidden[0, batch.cu_seqlens[1:].long() - 1]
    last = batch.attention_mask.sum(dim=1) - 1
    return hidden[torch.arange(hidden.shape[0], device=hidden.device), last]
