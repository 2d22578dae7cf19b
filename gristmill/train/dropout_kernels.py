"""Triton source of the LoRA down-projection with its dropout fused in (`train/kernels.py` is the torch side
and imports this module on first use, so that gristmill imports without Triton).

Every kernel draws the keep mask of element (row, col) of the [T, K] layer input in registers, as
`tl.rand(seed, row·K + col) >= p` (Philox; the 64-bit offset's high word is Philox's second counter word, so
inputs past 2³² elements get fresh numbers), and the same (seed, offset) gives the same bit in every kernel:
the mask is never stored. The adapter rank r is padded to R, a power of two of at least 16 (what `tl.dot`
takes), by masked loads that read zeros.
"""

from __future__ import annotations

import triton
import triton.language as tl


@triton.jit
def _keep(seed, rows, cols, K, p):
    """The keep mask of the [rows, cols] block of a [T, K] input (`rows` int64: T·K may pass 2³¹)."""
    return tl.rand(seed, rows[:, None] * K + cols[None, :]) >= p


@triton.jit
def _dropped(x_ptr, stride_xt, stride_xk, seed, rows, cols, T, K, p, scale, dtype: tl.constexpr):
    """The [rows, cols] block of x ⊙ keep / (1-p), rounded to `dtype` as torch's dropout rounds it."""
    inside = (rows[:, None] < T) & (cols[None, :] < K)
    x = tl.load(x_ptr + rows[:, None] * stride_xt + cols[None, :] * stride_xk, mask=inside, other=0.0)
    keep = _keep(seed, rows, cols, K, p)
    return tl.where(keep, x.to(tl.float32) * scale, 0.0).to(dtype)


@triton.jit
def lora_down_kernel(x_ptr, a_ptr, out_ptr, seed_ptr, T, K, r, stride_xt, stride_xk, p, scale,
                     R: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_K: tl.constexpr, PRECISION: tl.constexpr):
    """out[T, r] = (x ⊙ keep / (1-p)) · Aᵀ: one program a block of rows, walking K."""
    seed = tl.load(seed_ptr)
    rows = tl.program_id(0).to(tl.int64) * BLOCK_T + tl.arange(0, BLOCK_T)
    ranks = tl.arange(0, R)
    acc = tl.zeros((BLOCK_T, R), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        cols = k + tl.arange(0, BLOCK_K)
        dropped = _dropped(x_ptr, stride_xt, stride_xk, seed, rows, cols, T, K, p, scale, a_ptr.dtype.element_ty)
        a = tl.load(a_ptr + ranks[:, None] * K + cols[None, :], mask=(ranks[:, None] < r) & (cols[None, :] < K),
                    other=0.0)
        acc = tl.dot(dropped, tl.trans(a), acc, input_precision=PRECISION)
    tl.store(out_ptr + rows[:, None] * r + ranks[None, :], acc.to(out_ptr.dtype.element_ty),
             mask=(rows[:, None] < T) & (ranks[None, :] < r))


@triton.jit
def lora_grad_a_kernel(grad_ptr, x_ptr, partial_ptr, seed_ptr, T, K, r, stride_xt, stride_xk, p, scale,
                       rows_per_split, R: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_K: tl.constexpr,
                       PRECISION: tl.constexpr):
    """partial[split, r, K] = grad_downᵀ · (x ⊙ keep / (1-p)) over the split's rows: one program a block of
    columns and a slice of rows (the caller sums the slices, in a fixed order)."""
    seed = tl.load(seed_ptr)
    cols = tl.program_id(0) * BLOCK_K + tl.arange(0, BLOCK_K)
    split = tl.program_id(1)
    ranks = tl.arange(0, R)
    acc = tl.zeros((R, BLOCK_K), dtype=tl.float32)
    first = split * rows_per_split
    for t in range(first, tl.minimum(first + rows_per_split, T), BLOCK_T):
        rows = t + tl.arange(0, BLOCK_T).to(tl.int64)
        grad = tl.load(grad_ptr + rows[:, None] * r + ranks[None, :],
                       mask=(rows[:, None] < T) & (ranks[None, :] < r), other=0.0)
        dropped = _dropped(x_ptr, stride_xt, stride_xk, seed, rows, cols, T, K, p, scale,
                           grad_ptr.dtype.element_ty)
        acc = tl.dot(tl.trans(grad), dropped, acc, input_precision=PRECISION)
    out = partial_ptr + split * r * K + ranks[:, None] * K + cols[None, :]
    tl.store(out, acc, mask=(ranks[:, None] < r) & (cols[None, :] < K))


@triton.jit
def lora_grad_input_kernel(grad_ptr, a_ptr, out_ptr, seed_ptr, T, K, r, p, scale, R: tl.constexpr,
                           BLOCK_T: tl.constexpr, BLOCK_K: tl.constexpr, PRECISION: tl.constexpr):
    """out[T, K] = (grad_down · A) ⊙ keep / (1-p), rounded once: one program a [BLOCK_T, BLOCK_K] block."""
    seed = tl.load(seed_ptr)
    rows = tl.program_id(0).to(tl.int64) * BLOCK_T + tl.arange(0, BLOCK_T)
    cols = tl.program_id(1) * BLOCK_K + tl.arange(0, BLOCK_K)
    ranks = tl.arange(0, R)
    grad = tl.load(grad_ptr + rows[:, None] * r + ranks[None, :], mask=(rows[:, None] < T) & (ranks[None, :] < r),
                   other=0.0)
    a = tl.load(a_ptr + ranks[:, None] * K + cols[None, :], mask=(ranks[:, None] < r) & (cols[None, :] < K),
                other=0.0)
    product = tl.dot(grad, a, input_precision=PRECISION)
    keep = _keep(seed, rows, cols, K, p)
    inside = (rows[:, None] < T) & (cols[None, :] < K)
    tl.store(out_ptr + rows[:, None] * K + cols[None, :],
             tl.where(keep, product * scale, 0.0).to(out_ptr.dtype.element_ty), mask=inside)


@triton.jit
def dropout_keep_kernel(out_ptr, seed_ptr, n, p, BLOCK: tl.constexpr):
    """out[n] (bool as int8) = the keep mask of an input of n elements, as the kernels above draw it."""
    seed = tl.load(seed_ptr)
    flat = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    keep = tl.rand(seed, flat) >= p  # flat = row·K + col, the offset the kernels above draw at
    tl.store(out_ptr + flat, keep.to(tl.int8), mask=flat < n)
