"""Triton source of the LoRA down-projection with its dropout fused in (`train/kernels.py` is the torch side
and imports this module on first use, so that gristmill imports without Triton).

The keep mask of element (row, col) of a [T, K] layer input is drawn in registers and never stored. The columns
are cut into four quarters of Q = ⌈K/4⌉; one Philox call (`tl.rand4x`, four uniforms) at counter row·Q + c gives
the draws of columns c, c + Q, c + 2Q and c + 3Q, and the element is kept when its uniform is >= p. So each
kernel walks the first quarter's columns and handles the four quarters' blocks together: a quarter of the
Philox work of one call an element, and the same (seed, row, col) gives the same bit in every kernel. The
64-bit counter's high word is Philox's second counter word.

The adapter rank r is padded to R, a power of two of at least 16 (what `tl.dot` takes), by masked loads that
read zeros. Tile sizes are autotuned per (Q, R) on the GPU (the interpreter takes the first). The steps of the
two reductions are not tuned (the column step of the down-projection, the row step of grad A), but a tile's
shape can still change how `tl.dot` rounds inside a step: the mask and the function stay, the last fp32 bits may
differ between the sizes the tuner picks, as they do between cuBLAS's algorithms.
"""

from __future__ import annotations

import os

import triton
import triton.language as tl

INTERPRETED = os.environ.get("TRITON_INTERPRET") == "1"
DOWN_BLOCK_K = tl.constexpr(64)  # columns a step of the down-projection's walk along K
GRAD_A_BLOCK_T = tl.constexpr(64)  # rows a step of grad A's walk along the rows


def _configs(sizes: list[dict[str, int]], warps: tuple[int, ...] = (4, 8), stages: tuple[int, ...] = (3, 4)
             ) -> list[triton.Config]:
    """Tile sizes × warps × pipeline stages to try; only the first in the interpreter."""
    configs = [triton.Config(dict(size), num_warps=w, num_stages=s) for size in sizes for w in warps for s in stages]
    return configs[:1] if INTERPRETED else configs


@triton.jit
def _uniforms(seed, rows, cols, Q):
    """The four quarters' uniforms for the [rows, cols] block of the first quarter (`rows` int64)."""
    return tl.rand4x(seed, rows[:, None] * Q + cols[None, :])


@triton.jit
def _dropped(x_ptr, stride_xt, stride_xk, rows, cols, in_quarter, T, K, u, p, scale, dtype: tl.constexpr):
    """The [rows, cols] block of x ⊙ (u >= p) / (1-p), rounded to `dtype` as torch's dropout rounds it; zeros
    past the input and past the quarter."""
    inside = (rows[:, None] < T) & in_quarter[None, :] & (cols[None, :] < K)
    x = tl.load(x_ptr + rows[:, None] * stride_xt + cols[None, :] * stride_xk, mask=inside, other=0.0)
    return tl.where(u >= p, x.to(tl.float32) * scale, 0.0).to(dtype)


@triton.jit
def _down_step(acc, x_ptr, a_ptr, stride_xt, stride_xk, rows, cols, ranks, in_quarter, T, K, r, u, p, scale,
               PRECISION: tl.constexpr):
    """acc + dropped[rows, cols] · A[:, cols]ᵀ for one quarter's block."""
    dropped = _dropped(x_ptr, stride_xt, stride_xk, rows, cols, in_quarter, T, K, u, p, scale,
                       a_ptr.dtype.element_ty)
    a = tl.load(a_ptr + ranks[:, None] * K + cols[None, :],
                mask=(ranks[:, None] < r) & in_quarter[None, :] & (cols[None, :] < K), other=0.0)
    return tl.dot(dropped, tl.trans(a), acc, input_precision=PRECISION)


@triton.autotune(configs=_configs([{"BLOCK_T": 16}, {"BLOCK_T": 32}, {"BLOCK_T": 64}]), key=["Q", "R"])
@triton.jit
def lora_down_kernel(x_ptr, a_ptr, out_ptr, seed_ptr, T, K, Q, r, stride_xt, stride_xk, p, scale,
                     R: tl.constexpr, PRECISION: tl.constexpr, BLOCK_T: tl.constexpr):
    """out[T, r] = (x ⊙ keep / (1-p)) · Aᵀ: one program a block of rows, walking the quarter's columns."""
    seed = tl.load(seed_ptr)
    rows = tl.program_id(0).to(tl.int64) * BLOCK_T + tl.arange(0, BLOCK_T)
    ranks = tl.arange(0, R)
    acc = tl.zeros((BLOCK_T, R), dtype=tl.float32)
    for k in range(0, Q, DOWN_BLOCK_K):
        cols = k + tl.arange(0, DOWN_BLOCK_K)
        in_quarter = cols < Q
        u0, u1, u2, u3 = _uniforms(seed, rows, cols, Q)
        acc = _down_step(acc, x_ptr, a_ptr, stride_xt, stride_xk, rows, cols, ranks, in_quarter, T, K, r, u0, p,
                         scale, PRECISION)
        acc = _down_step(acc, x_ptr, a_ptr, stride_xt, stride_xk, rows, cols + Q, ranks, in_quarter, T, K, r, u1,
                         p, scale, PRECISION)
        acc = _down_step(acc, x_ptr, a_ptr, stride_xt, stride_xk, rows, cols + 2 * Q, ranks, in_quarter, T, K, r,
                         u2, p, scale, PRECISION)
        acc = _down_step(acc, x_ptr, a_ptr, stride_xt, stride_xk, rows, cols + 3 * Q, ranks, in_quarter, T, K, r,
                         u3, p, scale, PRECISION)
    tl.store(out_ptr + rows[:, None] * r + ranks[None, :], acc.to(out_ptr.dtype.element_ty),
             mask=(rows[:, None] < T) & (ranks[None, :] < r))


@triton.jit
def _grad_a_step(acc, grad, x_ptr, stride_xt, stride_xk, rows, cols, in_quarter, T, K, u, p, scale,
                 PRECISION: tl.constexpr):
    """acc + grad_down[rows]ᵀ · dropped[rows, cols] for one quarter's block."""
    dropped = _dropped(x_ptr, stride_xt, stride_xk, rows, cols, in_quarter, T, K, u, p, scale, grad.dtype)
    return tl.dot(tl.trans(grad), dropped, acc, input_precision=PRECISION)


@triton.jit
def _store_grad_a(partial_ptr, acc, split, ranks, cols, in_quarter, r, K):
    out = partial_ptr + split * r * K + ranks[:, None] * K + cols[None, :]
    tl.store(out, acc, mask=(ranks[:, None] < r) & in_quarter[None, :] & (cols[None, :] < K))


@triton.autotune(configs=_configs([{"BLOCK_K": 32}, {"BLOCK_K": 64}, {"BLOCK_K": 128}]), key=["Q", "R"])
@triton.jit
def lora_grad_a_kernel(grad_ptr, x_ptr, partial_ptr, seed_ptr, T, K, Q, r, stride_xt, stride_xk, p, scale,
                       rows_per_split, R: tl.constexpr, PRECISION: tl.constexpr, BLOCK_K: tl.constexpr):
    """partial[split, r, K] = grad_downᵀ · (x ⊙ keep / (1-p)) over the split's rows: one program a block of the
    quarter's columns (and the three blocks a quarter on) and a slice of rows; the caller sums the slices in a
    fixed order."""
    seed = tl.load(seed_ptr)
    cols = tl.program_id(0) * BLOCK_K + tl.arange(0, BLOCK_K)
    in_quarter = cols < Q
    split = tl.program_id(1)
    ranks = tl.arange(0, R)
    acc0 = tl.zeros((R, BLOCK_K), dtype=tl.float32)
    acc1, acc2, acc3 = acc0, acc0, acc0
    first = split * rows_per_split
    for t in range(first, tl.minimum(first + rows_per_split, T), GRAD_A_BLOCK_T):
        rows = t + tl.arange(0, GRAD_A_BLOCK_T).to(tl.int64)
        grad = tl.load(grad_ptr + rows[:, None] * r + ranks[None, :],
                       mask=(rows[:, None] < T) & (ranks[None, :] < r), other=0.0)
        u0, u1, u2, u3 = _uniforms(seed, rows, cols, Q)
        acc0 = _grad_a_step(acc0, grad, x_ptr, stride_xt, stride_xk, rows, cols, in_quarter, T, K, u0, p, scale,
                            PRECISION)
        acc1 = _grad_a_step(acc1, grad, x_ptr, stride_xt, stride_xk, rows, cols + Q, in_quarter, T, K, u1, p,
                            scale, PRECISION)
        acc2 = _grad_a_step(acc2, grad, x_ptr, stride_xt, stride_xk, rows, cols + 2 * Q, in_quarter, T, K, u2, p,
                            scale, PRECISION)
        acc3 = _grad_a_step(acc3, grad, x_ptr, stride_xt, stride_xk, rows, cols + 3 * Q, in_quarter, T, K, u3, p,
                            scale, PRECISION)
    _store_grad_a(partial_ptr, acc0, split, ranks, cols, in_quarter, r, K)
    _store_grad_a(partial_ptr, acc1, split, ranks, cols + Q, in_quarter, r, K)
    _store_grad_a(partial_ptr, acc2, split, ranks, cols + 2 * Q, in_quarter, r, K)
    _store_grad_a(partial_ptr, acc3, split, ranks, cols + 3 * Q, in_quarter, r, K)


@triton.jit
def _grad_input_block(out_ptr, grad, a_ptr, rows, cols, ranks, in_quarter, T, K, r, u, p, scale,
                      PRECISION: tl.constexpr):
    """out[rows, cols] = (grad_down[rows] · A[:, cols]) ⊙ (u >= p) / (1-p), rounded once."""
    inside = in_quarter[None, :] & (cols[None, :] < K)
    a = tl.load(a_ptr + ranks[:, None] * K + cols[None, :], mask=(ranks[:, None] < r) & inside, other=0.0)
    product = tl.dot(grad, a, input_precision=PRECISION)
    tl.store(out_ptr + rows[:, None] * K + cols[None, :],
             tl.where(u >= p, product * scale, 0.0).to(out_ptr.dtype.element_ty),
             mask=(rows[:, None] < T) & inside)


@triton.autotune(configs=_configs([{"BLOCK_T": t, "BLOCK_K": k} for t in (32, 64) for k in (32, 64)]),
                 key=["Q", "R"])
@triton.jit
def lora_grad_input_kernel(grad_ptr, a_ptr, out_ptr, seed_ptr, T, K, Q, r, p, scale, R: tl.constexpr,
                           PRECISION: tl.constexpr, BLOCK_T: tl.constexpr, BLOCK_K: tl.constexpr):
    """out[T, K] = (grad_down · A) ⊙ keep / (1-p): one program a [BLOCK_T, BLOCK_K] block of the first quarter
    and the three blocks a quarter on."""
    seed = tl.load(seed_ptr)
    rows = tl.program_id(0).to(tl.int64) * BLOCK_T + tl.arange(0, BLOCK_T)
    cols = tl.program_id(1) * BLOCK_K + tl.arange(0, BLOCK_K)
    in_quarter = cols < Q
    ranks = tl.arange(0, R)
    grad = tl.load(grad_ptr + rows[:, None] * r + ranks[None, :], mask=(rows[:, None] < T) & (ranks[None, :] < r),
                   other=0.0)
    u0, u1, u2, u3 = _uniforms(seed, rows, cols, Q)
    _grad_input_block(out_ptr, grad, a_ptr, rows, cols, ranks, in_quarter, T, K, r, u0, p, scale, PRECISION)
    _grad_input_block(out_ptr, grad, a_ptr, rows, cols + Q, ranks, in_quarter, T, K, r, u1, p, scale, PRECISION)
    _grad_input_block(out_ptr, grad, a_ptr, rows, cols + 2 * Q, ranks, in_quarter, T, K, r, u2, p, scale,
                      PRECISION)
    _grad_input_block(out_ptr, grad, a_ptr, rows, cols + 3 * Q, ranks, in_quarter, T, K, r, u3, p, scale,
                      PRECISION)


@triton.jit
def dropout_keep_kernel(out_ptr, seed_ptr, n, K, Q, p, BLOCK: tl.constexpr):
    """out[n] (bool as int8) = the keep mask of a [n / K, K] input, as the kernels above draw it: element
    (row, col) is lane col // Q of the four uniforms at counter row·Q + col mod Q."""
    seed = tl.load(seed_ptr)
    flat = tl.program_id(0).to(tl.int64) * BLOCK + tl.arange(0, BLOCK)
    row, col = flat // K, flat % K
    lane = col // Q
    u0, u1, u2, u3 = tl.rand4x(seed, row * Q + col % Q)
    u = tl.where(lane == 0, u0, tl.where(lane == 1, u1, tl.where(lane == 2, u2, u3)))
    tl.store(out_ptr + flat, (u >= p).to(tl.int8), mask=flat < n)
