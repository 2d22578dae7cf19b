"""Direct preference optimization on the same loop: pairs in, DPO (or IPO / cDPO) loss out.

Chosen and rejected of each pair go through the model in one forward pass (packed side by side). The
reference is the model as it was before training: with a fresh adapter that is the base with the adapter
disabled, so no second copy of the weights exists. Its log-probs are computed once, before the first step,
and cached on disk under a fingerprint of the model and the exact token ids (data + template + truncation),
so a rerun or a second run on the same data skips the reference passes entirely. In an encrypted run the cache
is sealed with the run's key and kept in the run (`train/reference_cache/`), never in the shared cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch

from gristmill import crypto
from gristmill.chat import dialogue_messages, render
from gristmill.train import distributed
from gristmill.train.config import TrainConfig
from gristmill.train.data import Example, pack_pairs, pair_length, tokenize_pairs
from gristmill.train.forward import token_logprobs
from gristmill.train.loop import StepCallback, Task, autocast, train
from gristmill.train.losses import dpo_loss, sequence_logps
from gristmill.train.session import TrainReport, finish, plan_memory, prepare
from gristmill.train.sft import Rows, collate_fn, load_records

PREFERENCE_COLUMNS = ("prompt", "chosen", "rejected")
Pair = tuple[Example, Example]


def answerable(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """(rows whose prompt has a user turn, how many had none): one bad row never stops a training run (curation
    quarantines such rows; this guards tables that did not go through it)."""
    kept = [r for r in records if any(m["role"] == "user" for m in dialogue_messages(r["prompt"]))]
    return kept, len(records) - len(kept)


def preference_examples(records: Sequence[dict[str, Any]], tokenizer: Any, cfg: TrainConfig) -> list[Pair]:
    """(prompt+chosen, prompt+rejected) examples; the prompt keeps its last `max_prompt_tokens` tokens."""
    pref = cfg.preference
    max_len = pref.max_prompt_tokens + pref.max_completion_tokens
    sides = []
    for side in ("chosen", "rejected"):
        texts = [render(tokenizer, dialogue_messages(r["prompt"], cfg.data.system_prompt), r[side]) for r in records]
        sides.append(tokenize_pairs(tokenizer, [p for p, _ in texts], [c for _, c in texts], max_len,
                                    max_prompt=pref.max_prompt_tokens))
    return list(zip(sides[0], sides[1], strict=True))


def pair_batch(pairs: Sequence[Pair], indices: Sequence[int], collate: Any) -> Any:
    """Chosen and rejected interleaved (c0, r0, c1, r1, ...) in one batch, so one forward scores both;
    `collate` is `pack` or `pad` of those sequences, or `pack_pairs`, which packs the pairs themselves."""
    if collate is pack_pairs:
        batch = pack_pairs([pairs[i] for i in indices])
    else:
        batch = collate([side for i in indices for side in pairs[i]])
    batch.pair_index = torch.as_tensor(list(indices), dtype=torch.long)
    return batch


def pair_collate(cfg: TrainConfig, pad_id: int, attention: str) -> Any:
    """`pack_pairs` where packed rows can share prompts (the varlen attention runs them), else the SFT collate."""
    if cfg.preference.share_prompt and cfg.data.packing and attention == "varlen":
        return pack_pairs
    return collate_fn(cfg, pad_id)


def batch_lengths(pairs: Sequence[Pair], collate: Any) -> list[int]:
    """Tokens each pair takes in a batch of `collate`."""
    if collate is pack_pairs:
        return [pair_length(*pair) for pair in pairs]
    return [len(chosen) + len(rejected) for chosen, rejected in pairs]


def pair_logps(model: Any, batch: Any, average: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """(log π(chosen|x), log π(rejected|x)) per pair; `average` divides by the completion length (IPO)."""
    token_lp = token_logprobs(model, batch)
    seq = sequence_logps(token_lp, batch.seq_of_target, batch.n_seqs)
    if average:
        seq = seq / sequence_logps(torch.ones_like(token_lp), batch.seq_of_target, batch.n_seqs).clamp(min=1)
    return seq[0::2], seq[1::2]


def reference_context(model: Any) -> contextlib.AbstractContextManager[Any]:
    """The reference policy: the same weights with the adapter switched off."""
    if hasattr(model, "disable_adapter"):
        return model.disable_adapter()
    raise ValueError("a reference without an adapter needs preference.reference_cache: true "
                     "(the reference is then the model before training)")


@torch.no_grad()
def reference_logps(model: Any, pairs: Sequence[Pair], cfg: TrainConfig, collate: Any, average: bool) -> torch.Tensor:
    """[n_pairs, 2] reference log-probs of the model as it is now (before training), in eval mode."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    out = torch.zeros(len(pairs), 2, dtype=torch.float32)
    order = list(range(len(pairs)))
    per_batch = max(1, cfg.data.batch_size)
    for start in range(0, len(order), per_batch):
        indices = order[start: start + per_batch]
        batch = pair_batch(pairs, indices, collate).to(device)
        with autocast(device):
            chosen, rejected = pair_logps(model, batch, average)
        out[indices] = torch.stack([chosen, rejected], dim=1).float().cpu()
    model.train(was_training)
    return out


def fingerprint(cfg: TrainConfig, pairs: Sequence[Pair], device: str, quantized: bool, average: bool) -> str:
    """SHA-256 of the model identity and the exact token ids (so data, template and truncation are all in it)."""
    digest = hashlib.sha256()
    model = cfg.model
    digest.update(repr((model.name, model.gguf_file, model.dtype, cfg.adapter.init_from, device, quantized,
                        average)).encode())
    for chosen, rejected in pairs:
        for example in (chosen, rejected):
            digest.update(np.asarray(example.ids, dtype=np.int32).tobytes())
            digest.update(example.n_prompt.to_bytes(4, "little"))
    return digest.hexdigest()


def cache_folder() -> Path:
    root = os.environ.get("GRISTMILL_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"),
                                                             "gristmill")
    return Path(root).expanduser() / "reference_logps"


def cached_reference(model: Any, pairs: Sequence[Pair], cfg: TrainConfig, collate: Any, key: str,
                     average: bool) -> tuple[torch.Tensor, bool]:
    """(reference log-probs, whether they came from the disk cache)."""
    from safetensors.torch import load, load_file, save, save_file

    sealer = crypto.active()  # encrypted: the cache is sealed with the run's key and kept inside the run
    folder = cfg.output_dir() / "reference_cache" if sealer is not None else cache_folder()
    path = folder / f"{key}.safetensors"
    if sealer is not None and crypto.stored(path) is not None:
        return load(sealer.read_bytes(path))["logps"], True
    if sealer is None and path.exists():
        return load_file(str(path))["logps"], True
    ranks = distributed.ranks()  # each rank scores its share of the pairs; rank 0 writes the cache
    mine = list(range(ranks.rank, len(pairs), ranks.world))
    logps = ranks.gather_rows(reference_logps(model, [pairs[i] for i in mine], cfg, collate, average), mine,
                              len(pairs))
    if ranks.main and sealer is not None:
        sealer.write_bytes(save({"logps": logps}), path)
    elif ranks.main:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        save_file({"logps": logps}, str(tmp))
        tmp.replace(path)
    ranks.barrier()
    return logps, False


def dpo_task(pairs: Sequence[Pair], val_pairs: Sequence[Pair], cfg: TrainConfig, pad_id: int,
             reference: torch.Tensor | None, val_reference: torch.Tensor | None, attention: str) -> Task:
    """The DPO Task: micro-batches of pairs, loss averaged over the step's pairs, reward metrics per step."""
    from gristmill.train.sft import batch_plan

    pref = cfg.preference
    collate = pair_collate(cfg, pad_id, attention)
    average = pref.loss == "ipo"
    lengths = batch_lengths(pairs, collate)

    def loss(model: Any, batch: Any, step_pairs: int, table: torch.Tensor | None) -> tuple[Any, dict[str, float]]:
        chosen, rejected = pair_logps(model, batch, average)
        if table is not None:
            ref = table[batch.pair_index.cpu()].to(chosen.device)
            ref_chosen, ref_rejected = ref[:, 0], ref[:, 1]
        else:
            with torch.no_grad(), reference_context(model):
                ref_chosen, ref_rejected = pair_logps(model, batch, average)
        out = dpo_loss(chosen, rejected, ref_chosen, ref_rejected, pref.beta, pref.label_smoothing, pref.loss)
        return out.losses.sum() / step_pairs, out.metrics()

    val_plan = batch_plan(batch_lengths(val_pairs, collate), cfg, seed=0)
    val_batches = [pair_batch(val_pairs, ix, collate) for ix in val_plan][: cfg.loop.eval_batches or None]
    return Task(name="dpo", plan=lambda seed: batch_plan(lengths, cfg, seed),
                batch=lambda ix: pair_batch(pairs, ix, collate), units=lambda b: b.n_seqs // 2,
                loss=partial(loss, table=reference), val_batches=val_batches,
                val_loss=partial(loss, table=val_reference))


def run_dpo(cfg: TrainConfig, *, resume: bool = True, on_step: StepCallback | None = None,
           rows: Rows | None = None) -> TrainReport:
    """Train a DPO adapter as `cfg` says (on top of `adapter.init_from` when given)."""
    from gristmill.chat import set_chat_template

    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"kind": "preference"})})
    train_rows, val_rows = rows if rows is not None else load_records(cfg, PREFERENCE_COLUMNS, "preference")
    (train_rows, skipped), (val_rows, val_skipped) = answerable(train_rows), answerable(val_rows)
    prepared = prepare(cfg)
    prepared.decisions["rows_without_a_user_turn_skipped"] = skipped + val_skipped
    set_chat_template(prepared.tokenizer, cfg.model.chat_template)
    pairs = preference_examples(train_rows, prepared.tokenizer, cfg)
    val_pairs = preference_examples(val_rows, prepared.tokenizer, cfg)
    attention = prepared.attention
    collate = pair_collate(cfg, prepared.tokenizer.pad_token_id, attention)
    prepared.decisions["prompts_shared"] = collate is pack_pairs
    plan_memory(prepared, cfg, batch_lengths(pairs, collate))
    average = cfg.preference.loss == "ipo"
    reference = val_reference = None
    if cfg.preference.reference_cache or cfg.adapter.init_from:  # an SFT start is its own reference
        key = fingerprint(cfg, pairs, prepared.device, prepared.quantized, average)
        reference, hit = cached_reference(prepared.model, pairs, cfg, collate, key, average)
        val_key = fingerprint(cfg, val_pairs, prepared.device, prepared.quantized, average)
        val_reference, _ = cached_reference(prepared.model, val_pairs, cfg, collate, val_key, average)
        prepared.decisions["reference_cache"] = {"key": key, "hit": hit}
    task = dpo_task(pairs, val_pairs, cfg, prepared.tokenizer.pad_token_id, reference, val_reference, attention)
    out = cfg.output_dir()
    result = train(prepared.model, task, cfg, out, resume=resume, on_step=on_step)
    return finish("dpo", cfg, prepared, result, out, {"train_pairs": len(pairs), "validation_pairs": len(val_pairs)})
