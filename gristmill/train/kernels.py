"""LoRA dropout fused into the adapter's down-projection: Triton kernels that never store the dropped input or
its mask (`adapter.dropout_kernel: triton`).

The fused LoRA node (`train/fused.py`) computes s·(drop(x)·Aᵀ)·Bᵀ. With torch's dropout, each adapted linear
writes an input-sized dropped copy and a bool mask in forward, and in backward draws the mask again and reads
and writes input-sized tensors twice more (dropped for grad_A, the masked adapter term of the input gradient).
Here each element's keep bit is drawn in registers from one int64 seed per call that backward keeps instead of
a generator state: Philox (`tl.rand4x`) at counter row·Q + c, Q = ⌈K/4⌉, gives the draws of columns c, c + Q,
c + 2Q and c + 3Q at once (train/dropout_kernels.py):

- `lora_down`: (x ⊙ keep/(1-p))·Aᵀ, reading x once;
- `lora_grad_a`: grad_downᵀ·(x ⊙ keep/(1-p)), reading x once, summed in fp32 over row slices (no atomics, so
  the same inputs give the same bits);
- `lora_grad_input`: (grad_down·A) ⊙ keep/(1-p), written once, for the input gradient's `addmm_` to add g·W to.

`dropout_keep` materializes the very mask the kernels draw, for tests and for reading. The kernels' source
(`train/dropout_kernels.py`) is imported on first use: gristmill imports without Triton.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from types import ModuleType
from typing import Any

import torch

Tiles = dict[str, int] | None

GRAD_A_PROGRAMS = 512  # grad_A splits the rows until about this many programs run (more slices, more fp32 sums)
GRAD_A_COLUMNS = 64  # the quarter's columns a grad_A program is counted as taking, for the split (not tuned)
KEEP_BLOCK = 1024


def available() -> bool:
    """Whether the kernels can run here: Triton is installed and a CUDA GPU is present."""
    return importlib.util.find_spec("triton") is not None and torch.cuda.is_available()


def draw_seed(device: torch.device | str) -> torch.Tensor:
    """One int64 seed on `device`, drawn from its default generator: no host sync, and checkpointing's
    recompute, which restores the generator first, draws the same one."""
    return torch.empty(1, dtype=torch.int64, device=device).random_()


def dropout_keep(shape: tuple[int, ...] | torch.Size, p: float, seed: torch.Tensor | int,
                 device: torch.device | str | None = None) -> torch.Tensor:
    """The keep mask (bool, `shape`, the last dimension K) the kernels draw for an input of that shape: element
    (row, col) is kept when uniform number col // Q of Philox's four at (seed, row·Q + col mod Q), Q = ⌈K/4⌉,
    is >= p. `seed`: a `draw_seed` tensor, or an int for `device`."""
    if isinstance(seed, int):
        seed = torch.tensor([seed], dtype=torch.int64, device=device)
    n, K = math.prod(shape), shape[-1]
    out = torch.empty(shape, dtype=torch.int8, device=seed.device)
    _source().dropout_keep_kernel[(blocks(n, KEEP_BLOCK),)](out, seed, n, K, quarter(K), p, BLOCK=KEEP_BLOCK)
    return out.bool()


def lora_down(x: torch.Tensor, a: torch.Tensor, p: float, seed: torch.Tensor, tiles: Tiles = None) -> torch.Tensor:
    """(x ⊙ keep/(1-p))·Aᵀ for x [T, K] and A [r, K], in A's dtype: the kept elements are scaled in fp32 and
    rounded to A's dtype (as torch's dropout and autocast round them), the product accumulates in fp32. `tiles`
    (each kernel's tuned sizes, e.g. {"BLOCK_T": 16}) skips the autotuner: for tests."""
    (T, K), r = x.shape, a.shape[0]
    a = a.contiguous()
    out = torch.empty(T, r, dtype=a.dtype, device=x.device)
    _launch(_source().lora_down_kernel, lambda meta: (blocks(T, meta["BLOCK_T"]),), tiles,
            x, a, out, seed, T, K, quarter(K), r, x.stride(0), x.stride(1), p, 1.0 / (1.0 - p),
            **_constants(r, a.dtype))
    return out


def lora_grad_a(grad_down: torch.Tensor, x: torch.Tensor, p: float, seed: torch.Tensor, tiles: Tiles = None
                ) -> torch.Tensor:
    """grad_downᵀ·(x ⊙ keep/(1-p)), [r, K] in fp32, for grad_down [T, r] and x [T, K] (dropped x is rounded to
    grad_down's dtype for the product). The rows are cut into slices, one program per slice and column block,
    and the slices' fp32 sums are added in a fixed order: deterministic."""
    (T, K), r = x.shape, grad_down.shape[1]
    grad_down = grad_down.contiguous()
    row_step = _source().GRAD_A_BLOCK_T.value
    row_blocks = blocks(T, row_step)
    column_blocks = blocks(quarter(K), GRAD_A_COLUMNS)
    rows_per_split = blocks(row_blocks, max(1, min(row_blocks, GRAD_A_PROGRAMS // column_blocks))) * row_step
    splits = blocks(T, rows_per_split)
    partial = torch.empty(splits, r, K, dtype=torch.float32, device=x.device)
    _launch(_source().lora_grad_a_kernel, lambda meta: (blocks(quarter(K), meta["BLOCK_K"]), splits), tiles,
            grad_down, x, partial, seed, T, K, quarter(K), r, x.stride(0), x.stride(1), p, 1.0 / (1.0 - p),
            rows_per_split, **_constants(r, grad_down.dtype))
    return partial[0] if splits == 1 else partial.sum(0)


def lora_grad_input(grad_down: torch.Tensor, a: torch.Tensor, p: float, seed: torch.Tensor, tiles: Tiles = None
                    ) -> torch.Tensor:
    """(grad_down·A) ⊙ keep/(1-p), [T, K] in grad_down's dtype, for grad_down [T, r] and A [r, K] (of that
    dtype): the product in fp32, scaled and rounded once."""
    (T, r), K = grad_down.shape, a.shape[1]
    grad_down, a = grad_down.contiguous(), a.to(grad_down.dtype).contiguous()
    out = torch.empty(T, K, dtype=grad_down.dtype, device=grad_down.device)
    grid = lambda meta: (blocks(T, meta["BLOCK_T"]), blocks(quarter(K), meta["BLOCK_K"]))  # noqa: E731
    _launch(_source().lora_grad_input_kernel, grid, tiles,
            grad_down, a, out, seed, T, K, quarter(K), r, p, 1.0 / (1.0 - p), **_constants(r, grad_down.dtype))
    return out


def quarter(K: int) -> int:
    """Q: the columns of one of the four quarters the kernels draw together (the last may be short)."""
    return blocks(K, 4)


def _launch(kernel: Any, grid: Any, tiles: Tiles, *args: Any, **constants: Any) -> None:
    """Run an autotuned kernel, or with `tiles` its plain function at those sizes (and Triton's default warps)."""
    if tiles is None:
        kernel[grid](*args, **constants)
    else:
        kernel.fn[grid](*args, **constants, **tiles)


def blocks(n: int, size: int) -> int:
    return -(-n // size)


def _constants(r: int, dtype: torch.dtype) -> dict[str, object]:
    """The kernels' compile-time constants besides the tuned tiles: the rank padded to a power of two of at least
    16 (`tl.dot`'s least), and fp32 products in full fp32 (torch's default; TF32 would lose bits)."""
    return {"R": max(16, 1 << (r - 1).bit_length()), "PRECISION": "ieee" if dtype == torch.float32 else "tf32"}


@functools.cache
def _source() -> ModuleType:
    from gristmill.train import dropout_kernels

    return dropout_kernels
