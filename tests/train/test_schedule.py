from __future__ import annotations

import pytest

from gristmill.train.config import OptimSection
from gristmill.train.schedule import lr_at


def test_warmup_then_cosine_to_the_floor() -> None:
    """lr 1e-3, 4 warmup steps, floor 10%, 14 steps: warmup 2.5e-4 … 1e-3; cosine over steps 4..13 (9 intervals);
    step 8 is 4/9 of the way: 1e-4 + 9e-4 · ½(1 + cos(4π/9)) = 6.2814168e-4; the last step sits on the floor."""
    cfg = OptimSection(lr=1e-3, warmup_steps=4, min_lr_ratio=0.1)
    assert lr_at(0, cfg, 14) == pytest.approx(2.5e-4)
    assert lr_at(3, cfg, 14) == pytest.approx(1e-3)
    assert lr_at(4, cfg, 14) == pytest.approx(1e-3)
    assert lr_at(8, cfg, 14) == pytest.approx(6.281416799501e-4)
    assert lr_at(13, cfg, 14) == pytest.approx(1e-4)


def test_constant_schedule_after_warmup() -> None:
    cfg = OptimSection(lr=2e-4, warmup_steps=2, schedule="constant")
    assert [lr_at(s, cfg, 10) for s in range(4)] == pytest.approx([1e-4, 2e-4, 2e-4, 2e-4])
