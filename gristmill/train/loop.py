"""The training loop: one function that reads top to bottom (nanoGPT's train.py is the model).

SFT, DPO and the reward model differ only in their Task: how micro-batches are built and what the loss is.
Everything else (accumulation, schedule, clipping, validation, early stopping, checkpoints, resume, metrics)
is here, once.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from gristmill.train import distributed
from gristmill.train.adapters import build_optimizer, trainable_parameters
from gristmill.train.checkpoint import LoopState, latest_checkpoint, load_checkpoint, save_checkpoint, trainable_state
from gristmill.train.config import TrainConfig
from gristmill.train.data import Batch
from gristmill.train.metrics import MetricsLog, tracking_params
from gristmill.train.schedule import lr_at

StepCallback = Callable[[dict[str, Any]], None]
LossFn = Callable[[Any, Batch, int], tuple[torch.Tensor, dict[str, float]]]


@dataclass
class Task:
    """What a kind of training supplies to the loop.

    plan(seed) → one epoch of micro-batches (example indices); batch(indices) → a Batch; units(batch) → what
    the loss averages over (completion tokens for SFT, pairs for DPO); loss(model, batch, step_units).
    """

    name: str
    plan: Callable[[int], list[list[int]]]
    batch: Callable[[list[int]], Batch]
    units: Callable[[Batch], int]
    loss: LossFn
    val_batches: list[Batch] = field(default_factory=list)
    val_loss: LossFn | None = None  # when validation scores differently (DPO: the validation reference)


@dataclass
class LoopResult:
    state: LoopState
    total_steps: int
    stopped_early: bool
    seconds: float
    peak_memory_bytes: int
    last_record: dict[str, Any]


def train(model: Any, task: Task, cfg: TrainConfig, out: Path, *, resume: bool = True,
          on_step: StepCallback | None = None) -> LoopResult:
    """Train `model` on `task`; write metrics.jsonl and checkpoints under `out`; resume from the latest one.
    Under a launcher, this process is one rank of several (`distributed.py`): the same loop, a share of each
    micro-batch, gradients summed across ranks (`loop.parallel: fsdp` or `zero3`: the model sharded first); rank 0
    writes."""
    device = next(model.parameters()).device
    ranks = distributed.ranks()
    loop = cfg.loop
    engine = loop.parallel if ranks.active else "ddp"  # one process has nothing to shard
    sharded = engine != "ddp"
    if engine == "fsdp":
        distributed.shard(model)  # before the optimizer is built: it holds this rank's shards only
    params = trainable_parameters(model)
    optim = cfg.optim.model_copy(update={"optimizer": "adamw"}) if engine == "zero3" else cfg.optim  # it shards
    optimizer = build_optimizer(params, optim, device.type)
    zero3 = None
    if engine == "zero3":  # DeepSpeed partitions the model and takes over the optimizer
        zero3 = distributed.Zero3(model, optimizer, loop.grad_accum, cfg.optim.grad_clip, ranks.world)
        optimizer = zero3.optimizer
    forward_model = zero3.engine if zero3 else model  # the engine's forward gathers the partitions
    checkpoints = out / "checkpoints"
    last = latest_checkpoint(checkpoints) if resume else None
    state = load_checkpoint(last, model, optimizer) if last else LoopState()
    if last is None:
        seed_everything(loop.seed)
    plans: dict[int, list[list[int]]] = {}  # epoch -> micro-batches; a pure function of the seed and epoch
    total = total_steps(task, cfg, plans)
    log = MetricsLog(out / "metrics.jsonl", loop.report_to, run_name=task.name, append=last is not None,
                     params=tracking_params(cfg) if loop.report_to else None, project=loop.project) \
        if ranks.main else None
    best_weights, stopped_early, started = None, False, time.perf_counter()
    record: dict[str, Any] = {}
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    model.train()
    try:
        while state.step < total:
            # --- the micro-batches of this step, resumable from (epoch, position) alone
            shares = [(ranks.shard(indices), indices) for indices in next_micro_batches(task, cfg, state, plans)]
            # FSDP gathers each layer's weights inside every forward, so every rank runs every micro-batch: a rank
            # whose share is empty runs the micro-batch's first example with weight 0 (its gradients are zeros)
            work = [(task.batch(share or indices[:1]).to(device), 1.0 if share else 0.0)
                    for share, indices in shares if share or sharded]
            batches = [batch for batch, weight in work if weight]
            # the loss averages over the whole step (every micro-batch, every rank), not per micro-batch
            step_units = int(ranks.sum(sum(task.units(b) for b in batches)))
            lr = lr_at(state.step, cfg.optim, total)
            for group in optimizer.param_groups:
                group["lr"] = lr
            tick = time.perf_counter()
            step_loss = torch.zeros((), device=device)
            metrics: dict[str, float] = {}
            for batch, weight in work:
                with autocast(device):
                    loss, batch_metrics = task.loss(forward_model, batch, step_units)
                loss = loss * weight  # 0 for a sharded run's filler; 1.0 leaves the loss exactly as it is
                if zero3:
                    zero3.backward(loss)  # reduce-scattered into each owner's partition; the last one steps
                else:
                    loss.backward()  # grads add up over micro-batches; each loss is already divided by step_units
                step_loss += loss.detach()
                for key, value in batch_metrics.items() if weight else ():  # a filler measured nothing of ours
                    metrics[key] = metrics.get(key, 0.0) + value / len(batches)
            if zero3:
                grad_norm = zero3.grad_norm()  # clipped and stepped by the engine at the step's last micro-batch
            else:
                if not sharded:  # FSDP has reduce-scattered (summed) each gradient into its shard during backward
                    ranks.sum_grads(params)  # the global step's gradient on every rank, before clipping sees it
                grad_norm = float(distributed.full(torch.nn.utils.clip_grad_norm_(params,
                                                                                   cfg.optim.grad_clip or math.inf)))
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)  # frees the grads before the next forward
            loss_value = ranks.sum(step_loss)  # one host sync per step
            seconds = time.perf_counter() - tick
            tokens = int(ranks.sum(sum(b.n_tokens for b in batches)))
            metrics = ranks.mean(metrics)
            state.step += 1
            state.tokens_seen += tokens
            state.history.append(loss_value)
            record = {"step": state.step, "total_steps": total, "loss": loss_value, "lr": lr,
                      "grad_norm": float(grad_norm), "tokens": tokens, "tokens_per_s": tokens / max(seconds, 1e-9),
                      "epoch": state.epoch, "memory_gib": memory_gib(device), **metrics}
            # --- validation, early stopping on a plateau, and keeping the best weights seen
            if task.val_batches and (state.step % loop.eval_every == 0 or state.step == total):
                val_loss, val_metrics = evaluate(forward_model, task)
                record.update(val_loss=val_loss, **{f"val_{k}": v for k, v in val_metrics.items()})
                if state.best_val is None or val_loss < state.best_val:
                    state.best_val, state.evals_since_best = val_loss, 0
                    best_weights = trainable_state(model)
                else:
                    state.evals_since_best += 1
                    patience = loop.early_stop_patience
                    stopped_early = bool(patience and state.evals_since_best >= patience)
            if log is not None:
                log.write(record)
            if on_step is not None and ranks.main:
                on_step(record)
            if state.step % loop.save_every == 0 and state.step < total and not stopped_early:
                save_checkpoint(checkpoints, model, optimizer, state, loop.keep_checkpoints, write=ranks.main)
            ranks.barrier()  # a rank that resumes reads a checkpoint only once rank 0 has finished writing it
            if stopped_early:
                break
    except BaseException:
        if log is not None:
            log.close(failed=True)  # trackers are ended as failed, not left running (a pruned trial, Ctrl-C)
        raise
    if log is not None:
        log.close()
    if stopped_early and best_weights is not None:
        restore(model, best_weights)  # the adapter we keep is the one with the best validation loss
    return LoopResult(state, total, stopped_early, time.perf_counter() - started, peak_memory(device), record)


def next_micro_batches(task: Task, cfg: TrainConfig, state: LoopState,
                       plans: dict[int, list[list[int]]]) -> list[list[int]]:
    """The next `grad_accum` micro-batches; an epoch's leftover (fewer than grad_accum) is skipped."""
    accum = cfg.loop.grad_accum
    plan = epoch_plan(task, cfg, state.epoch, plans)
    if state.position + accum > len(plan):
        state.epoch, state.position = state.epoch + 1, 0
        plan = epoch_plan(task, cfg, state.epoch, plans)
    micro = plan[state.position: state.position + accum]
    state.position += accum
    return micro


def epoch_plan(task: Task, cfg: TrainConfig, epoch: int, plans: dict[int, list[list[int]]]) -> list[list[int]]:
    if epoch not in plans:
        plans[epoch] = task.plan(cfg.loop.seed * 1_000_003 + epoch)
    return plans[epoch]


def total_steps(task: Task, cfg: TrainConfig, plans: dict[int, list[list[int]]]) -> int:
    if cfg.loop.max_steps:
        return cfg.loop.max_steps
    per_epoch = len(epoch_plan(task, cfg, 0, plans)) // cfg.loop.grad_accum
    return max(1, math.ceil(per_epoch * cfg.loop.epochs))


@torch.no_grad()
def evaluate(model: Any, task: Task) -> tuple[float, dict[str, float]]:
    """Loss over every validation batch averaged over all their units (not a mean of batch means), and
    the task's metrics weighted the same way."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    score = task.val_loss or task.loss
    units = sum(task.units(b) for b in task.val_batches)
    total = torch.zeros((), device=device)
    metrics: dict[str, float] = {}
    for batch in task.val_batches:
        with autocast(device):
            loss, batch_metrics = score(model, batch.to(device), units)
        total += loss.float()
        for key, value in batch_metrics.items():
            metrics[key] = metrics.get(key, 0.0) + value * task.units(batch) / units
    model.train(was_training)
    return total.item(), metrics


def autocast(device: torch.device) -> contextlib.AbstractContextManager[Any]:
    """bf16 autocast on CUDA (fp32 master weights for the adapter); plain fp32 on CPU."""
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def restore(model: Any, weights: dict[str, torch.Tensor]) -> None:
    params = dict(model.named_parameters())
    for name, tensor in weights.items():
        distributed.load_full(params[name], tensor)


def memory_gib(device: torch.device) -> float:
    if device.type == "cuda":
        return torch.cuda.memory_allocated(device) / 2**30
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def peak_memory(device: torch.device) -> int:
    return int(torch.cuda.max_memory_allocated(device)) if device.type == "cuda" else 0
