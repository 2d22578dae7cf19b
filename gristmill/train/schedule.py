"""Learning-rate schedule as a pure function of the step: linear warmup, then cosine decay to a floor."""

from __future__ import annotations

import math

from gristmill.train.config import OptimSection


def lr_at(step: int, cfg: OptimSection, total_steps: int) -> float:
    """Learning rate for optimizer step `step` (0-based) of `total_steps`.

    Warmup ramps linearly from lr/warmup to lr, so the first update is already non-zero; cosine then falls
    from lr to lr * min_lr_ratio at the last step.
    """
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    if cfg.schedule == "constant":
        return cfg.lr
    decay_steps = max(total_steps - cfg.warmup_steps - 1, 1)
    progress = min((step - cfg.warmup_steps) / decay_steps, 1.0)
    floor = cfg.lr * cfg.min_lr_ratio
    return floor + (cfg.lr - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))
