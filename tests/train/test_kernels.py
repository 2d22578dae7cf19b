"""The Triton LoRA-dropout kernels (gristmill/train/kernels.py) compute the torch function with the mask that
`dropout_keep` materializes: each kernel alone, the three drawing one mask from one seed, the keep rate, and the
fused LoRA node with `dropout_kernel: triton` against the same function written out in torch.

Without a GPU the kernels run in Triton's interpreter on CPU tensors (tests/conftest.py sets TRITON_INTERPRET
before Triton is imported). The interpreter emulates bf16 with numpy, and two of its shortcuts are not what the
GPU does: `tl.dot` multiplies bf16 operands as their raw 16-bit integers, and fp32 → bf16 rounds toward zero. The
`gpu_like_bf16` fixture puts the GPU's arithmetic there instead (exact bf16 products, round to nearest even), so
the kernels are held to the same tolerances as on the GPU. The `cuda` cases run the compiled kernels
(`pytest -m gpu tests/train/test_kernels.py` on the GPU machine).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from gristmill.errors import ConfigError
from gristmill.train import kernels

HAS_TRITON = importlib.util.find_spec("triton") is not None
INTERPRETED = os.environ.get("TRITON_INTERPRET") == "1"
ON_CPU = pytest.param("cpu", marks=pytest.mark.skipif(not (HAS_TRITON and INTERPRETED),
                                                      reason="needs triton, and TRITON_INTERPRET=1 (no GPU here)"))
ON_CUDA = pytest.param("cuda", marks=[pytest.mark.gpu, pytest.mark.skipif(
    not kernels.available(), reason="needs triton and a CUDA GPU")])
DEVICES = [ON_CPU, ON_CUDA]
DTYPES = [torch.float32, torch.bfloat16]


@pytest.fixture(autouse=True, scope="module")
def gpu_like_bf16() -> Iterator[None]:
    """In the interpreter: bf16 `tl.dot` on the values (products exact in fp32, as on tensor cores) and fp32 →
    bf16 rounded to nearest even (the GPU's `.to(tl.bfloat16)`), done with torch."""
    if not (HAS_TRITON and INTERPRETED):
        yield
        return
    import numpy as np
    import triton.language as tl
    from triton.runtime import interpreter

    def as_fp32(handle: Any) -> Any:
        if handle.dtype.scalar != tl.bfloat16:
            return handle
        values = torch.from_numpy(handle.data.view(np.int16).copy()).view(torch.bfloat16).float().numpy()
        return interpreter.TensorHandle(values, tl.float32)

    builder = interpreter.InterpreterBuilder
    dot, cast = builder.create_dot, builder.cast_impl

    def create_dot(self: Any, a: Any, b: Any, acc: Any, *args: Any) -> Any:
        return dot(self, as_fp32(a), as_fp32(b), acc, *args)

    def cast_impl(self: Any, src: Any, dst_type: Any) -> Any:
        if src.dtype.scalar == tl.float32 and dst_type.scalar == tl.bfloat16:
            rounded = torch.from_numpy(np.ascontiguousarray(src.data)).to(torch.bfloat16).view(torch.int16)
            return interpreter.TensorHandle(rounded.numpy().view(np.uint16), tl.bfloat16)
        return cast(self, src, dst_type)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builder, "create_dot", create_dot)
        patch.setattr(builder, "cast_impl", cast_impl)
        patch.setattr(builder, "create_fp_trunc", cast_impl)
        yield


def inputs(device: str, dtype: torch.dtype, T: int, K: int, r: int) -> tuple[torch.Tensor, ...]:
    """x [T, K], A [r, K] and grad_down [T, r], seeded."""
    generator = torch.Generator().manual_seed(T * K + r)
    x = torch.randn(T, K, generator=generator)
    a = torch.randn(r, K, generator=generator) / K**0.5
    grad_down = torch.randn(T, r, generator=generator)
    return tuple(t.to(device, dtype) for t in (x, a, grad_down))


def assert_rounded_alike(actual: torch.Tensor, expected: torch.Tensor) -> None:
    """Equal up to the last bit of the output's dtype (both sides summed in fp32, in different orders)."""
    bf16 = actual.dtype == torch.bfloat16
    torch.testing.assert_close(actual, expected.to(actual.dtype), rtol=2**-7 if bf16 else 1e-5,
                               atol=1e-3 if bf16 else 1e-5)


# T and K not multiples of the blocks (32 rows, 128 features); r below, at and above the 16 `tl.dot` needs
SHAPES = [(77, 200, 8), (77, 200, 16), (40, 300, 64)]
P = 0.3


def masked_inputs(device: str, dtype: torch.dtype, T: int, K: int, r: int
                  ) -> tuple[tuple[torch.Tensor, ...], torch.Tensor, torch.Tensor]:
    """`inputs`, a seed drawn on the device, and the keep mask the kernels draw from it."""
    seed = kernels.draw_seed(device)
    return inputs(device, dtype, T, K, r), seed, kernels.dropout_keep((T, K), P, seed)


def torch_dropped(x: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
    """x with `keep`'s dropout applied as torch does it: the scaled input rounded to x's dtype."""
    return (x.float() * keep / (1 - P)).to(x.dtype)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("T", "K", "r"), SHAPES)
def test_lora_down_is_dropped_input_times_a(device: str, dtype: torch.dtype, T: int, K: int, r: int) -> None:
    (x, a, _), seed, keep = masked_inputs(device, dtype, T, K, r)
    assert_rounded_alike(kernels.lora_down(x, a, P, seed), torch_dropped(x, keep).float() @ a.float().t())


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("T", "K", "r"), SHAPES)
def test_lora_grad_a_is_grad_down_times_dropped_input(device: str, dtype: torch.dtype, T: int, K: int,
                                                      r: int) -> None:
    (x, _, grad_down), seed, keep = masked_inputs(device, dtype, T, K, r)
    grad_a = kernels.lora_grad_a(grad_down, x, P, seed)
    assert grad_a.dtype == torch.float32
    torch.testing.assert_close(grad_a, grad_down.float().t() @ torch_dropped(x, keep).float(), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("T", "K", "r"), SHAPES)
def test_lora_grad_input_is_masked_grad_down_times_a(device: str, dtype: torch.dtype, T: int, K: int,
                                                     r: int) -> None:
    (_, a, grad_down), seed, keep = masked_inputs(device, dtype, T, K, r)
    assert_rounded_alike(kernels.lora_grad_input(grad_down, a, P, seed),
                         (grad_down.float() @ a.float()) * keep / (1 - P))


@pytest.mark.parametrize("device", DEVICES)
def test_grad_a_splits_its_rows_and_reads_strided_inputs(device: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many row slices (GRAD_A_PROGRAMS large against 2 column blocks) summed in fp32, over an input that is a
    transposed view: the mask belongs to the logical (row, col), not to the memory layout."""
    monkeypatch.setattr(kernels, "GRAD_A_PROGRAMS", 16)
    T, K, r = 300, 130, 16
    generator = torch.Generator().manual_seed(3)
    x = torch.randn(K, T, generator=generator).to(device).t()
    a, grad_down = torch.randn(r, K, generator=generator).to(device), torch.randn(T, r, generator=generator).to(device)
    seed = kernels.draw_seed(device)
    dropped = x * kernels.dropout_keep((T, K), P, seed) / (1 - P)
    torch.testing.assert_close(kernels.lora_grad_a(grad_down, x, P, seed), grad_down.t() @ dropped,
                               rtol=1e-5, atol=1e-4)
    torch.testing.assert_close(kernels.lora_down(x, a, P, seed), dropped @ a.t(), rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_tile_size_computes_the_same_function(device: str, dtype: torch.dtype) -> None:
    """The sizes the autotuner picks among change the work per program, not the mask or the function: each
    kernel at its smallest and largest tiles agrees with the other to the output's rounding (shapes not multiples
    of either), and the keep bits are the same (x = 1, A selecting features)."""
    T, K, r = 150, 620, 16
    x, a, grad_down = inputs(device, dtype, T, K, r)
    seed = kernels.draw_seed(device)
    small, large = {"BLOCK_T": 16, "BLOCK_K": 32}, {"BLOCK_T": 64, "BLOCK_K": 128}
    calls = {"lora_down": lambda x, a, tiles: kernels.lora_down(x, a, P, seed, {"BLOCK_T": tiles["BLOCK_T"]}),
             "lora_grad_input": lambda x, a, tiles: kernels.lora_grad_input(grad_down, a, P, seed, tiles)}
    for name, call in calls.items():
        assert_rounded_alike(call(x, a, small), call(x, a, large))
        ones, eye = torch.ones_like(x), torch.eye(r, K, device=device, dtype=dtype)
        assert torch.equal(call(ones, eye, small) != 0, call(ones, eye, large) != 0), name
    # grad A's largest tile holds four [64, 128] blocks of x: in fp32 it fits an H100's shared memory only
    # unpipelined (the autotuner skips a config that does not fit)
    grad_a = [kernels.lora_grad_a(grad_down, x, P, seed, {"BLOCK_K": tiles["BLOCK_K"], "num_stages": stages})
              for tiles, stages in ((small, 3), (large, 1))]
    torch.testing.assert_close(grad_a[0], grad_a[1], rtol=1e-5, atol=1e-4)


@pytest.fixture(autouse=True)
def first_tiles_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every autotuned kernel tries only its first tile size (the interpreter's one): the test above holds the
    sizes to one function, and on the GPU tuning each test's new shape among all of them takes minutes."""
    if not HAS_TRITON:
        return
    source = kernels._source()
    for name in ("lora_down_kernel", "lora_grad_a_kernel", "lora_grad_input_kernel"):
        tuned = getattr(source, name)
        monkeypatch.setattr(tuned, "configs", tuned.configs[:1])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("p", [0.05, 0.3, 0.5])
def test_keep_rate_is_one_minus_p(device: str, p: float) -> None:
    """Over 2^17 draws the kept share is 1-p within 4 standard deviations (1-p±0.0055 at most); another seed
    gives another mask."""
    seed = kernels.draw_seed(device)
    keep = kernels.dropout_keep((128, 1024), p, seed)
    assert abs(keep.float().mean().item() - (1 - p)) < 4 * (p * (1 - p) / keep.numel()) ** 0.5
    rows = keep.float().mean(1)  # and no row is far off (each row its own offsets, not a repeat of row 0)
    assert (rows - (1 - p)).abs().max().item() < 6 * (p * (1 - p) / 1024) ** 0.5
    assert not torch.equal(keep[0], keep[1])
    assert not torch.equal(keep[:, :256], keep[:, 256:512])  # the quarters drawn together are four draws
    assert not torch.equal(keep, kernels.dropout_keep((128, 1024), p, seed + 1))


@pytest.mark.parametrize("device", DEVICES)
def test_forward_and_backward_kernels_draw_one_mask(device: str) -> None:
    """With x = 1 and A selecting the first 16 features, each kernel's output is the keep mask itself (times
    1/(1-p)) on those features: forward, grad_A one row at a time, and the input gradient all show the same
    bits, `dropout_keep`'s, for the same seed tensor or a copy of it."""
    T, K, r = 40, 48, 16
    x = torch.ones(T, K, device=device)
    a = torch.eye(r, K, device=device)
    seed = kernels.draw_seed(device)
    keep = kernels.dropout_keep((T, K), P, seed)[:, :r]
    forward = kernels.lora_down(x, a, P, seed) != 0
    grad_input = kernels.lora_grad_input(torch.ones(T, r, device=device), a, P, seed.clone())[:, :r] != 0
    grad_a = torch.stack([kernels.lora_grad_a(one_hot(t, T, r, device), x, P, seed)[0] for t in range(T)])
    grad_a = grad_a[:, :r] != 0  # row t of the dropped input, picked by a grad_down of one 1 at (t, 0)
    assert 0.5 < keep.float().mean().item() < 0.9
    assert torch.equal(forward, keep) and torch.equal(grad_input, keep) and torch.equal(grad_a, keep)


def one_hot(t: int, T: int, r: int, device: str) -> torch.Tensor:
    grad_down = torch.zeros(T, r, device=device)
    grad_down[t, 0] = 1.0
    return grad_down


@pytest.mark.parametrize("device", DEVICES)
def test_seed_is_drawn_from_the_device_generator(device: str) -> None:
    """The same generator state gives the same seed: what checkpointing's recompute relies on."""
    torch.manual_seed(11)
    first = kernels.draw_seed(device)
    torch.manual_seed(11)
    assert torch.equal(kernels.draw_seed(device), first)
    assert not torch.equal(kernels.draw_seed(device), first)


# --------------------------------------------------------------------------------------------- the fused node


def node_inputs(device: str, dtype: torch.dtype) -> tuple[torch.Tensor, ...]:
    """Base weight [80, 96] and x [2, 37, 96] in `dtype`, fp32 LoRA A [8, 96] and B [80, 8], the loss weights."""
    generator = torch.Generator().manual_seed(0)
    weight = torch.randn(80, 96, generator=generator).div_(10).to(device, dtype)
    x = torch.randn(2, 37, 96, generator=generator).to(device, dtype)
    lora_a = torch.randn(8, 96, generator=generator).div_(10).to(device)
    lora_b = torch.randn(80, 8, generator=generator).div_(10).to(device)
    return weight, x, lora_a, lora_b, torch.randn(2, 37, 80, generator=generator).to(device)


def lora_linear(device: str, dtype: torch.dtype, p: float, dropout_kernel: str, autocast: bool,
                seed: int = 5) -> dict[str, torch.Tensor]:
    """Output and gradients of the fused LoRA node over a plain linear (x [2, 37, 96] in `dtype`, fp32 adapter
    of rank 8, scale 2), seeded; the loss a fixed weighting of the output; under bf16 autocast when
    `autocast`."""
    from gristmill.train.fused import _LoRALinear

    weight, x, lora_a, lora_b, weights = node_inputs(device, dtype)
    base = torch.nn.Linear(96, 80, bias=False, device=device, dtype=dtype).requires_grad_(False)
    base.weight.copy_(weight)
    x.requires_grad_(), lora_a.requires_grad_(), lora_b.requires_grad_()
    torch.manual_seed(seed)
    with torch.autocast(device, dtype=torch.bfloat16, enabled=autocast):
        out = _LoRALinear.apply(x, lora_a, lora_b, base, 2.0, p, dropout_kernel)
    (out.float() * weights).sum().backward()
    return {"out": out.detach().float(), "x": x.grad, "lora_a": lora_a.grad, "lora_b": lora_b.grad}


def written_out(device: str, dtype: torch.dtype, p: float, autocast: bool,
                seed: int = 5) -> dict[str, torch.Tensor]:
    """`lora_linear`'s function in plain torch, in fp32, with the mask the kernels draw for that seed."""
    weight, x, lora_a, lora_b, weights = node_inputs(device, dtype)
    x = x.float().requires_grad_()
    lora_a.requires_grad_(), lora_b.requires_grad_()
    torch.manual_seed(seed)
    keep = kernels.dropout_keep((2 * 37, 96), p, kernels.draw_seed(device)).view(2, 37, 96)
    out = x @ weight.float().t() + 2.0 * ((x * keep / (1 - p)) @ lora_a.t()) @ lora_b.t()
    (out * weights).sum().backward()
    return {"out": out.detach(), "x": x.grad, "lora_a": lora_a.grad, "lora_b": lora_b.grad}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(("dtype", "autocast"), [(torch.float32, False), (torch.bfloat16, False),
                                                 (torch.float32, True)])
def test_fused_lora_with_triton_dropout_matches_torch_with_its_mask(device: str, dtype: torch.dtype,
                                                                    autocast: bool) -> None:
    """Output and the gradients of x, A and B; in bf16 each within 1% of its norm (bf16 rounds the output,
    grad_down and the products: a few tenths of a percent), where a wrong mask is off by tens of percent."""
    results = lora_linear(device, dtype, 0.3, "triton", autocast)
    expected = written_out(device, dtype, 0.3, autocast)
    errors = {name: relative_error(value, expected[name]) for name, value in results.items()}
    if dtype == torch.bfloat16 or autocast:
        assert max(errors.values()) < 1e-2, errors
    else:
        torch.testing.assert_close(results, expected, rtol=1e-4, atol=1e-5)  # names the item that differs
    other_seed = lora_linear(device, dtype, 0.3, "triton", autocast, seed=6)
    assert relative_error(other_seed["lora_a"], expected["lora_a"]) > 0.1  # the mask follows the generator


def relative_error(value: torch.Tensor, expected: torch.Tensor) -> float:
    return ((value.float() - expected).norm() / expected.norm()).item()


@pytest.mark.parametrize("dtype", DTYPES)
def test_triton_setting_without_dropout_is_the_torch_path(dtype: torch.dtype) -> None:
    """p = 0 (eval, or no dropout) never reaches the kernels: the same bits as `dropout_kernel: torch`."""
    results = lora_linear("cpu", dtype, 0.0, "triton", autocast=False)
    expected = lora_linear("cpu", dtype, 0.0, "torch", autocast=False)
    for name, value in results.items():
        assert torch.equal(value, expected[name]), name


@pytest.mark.slow  # 4 s in the interpreter
@pytest.mark.parametrize("device", DEVICES)
def test_checkpointing_recomputes_the_triton_masks(tiny_model: Path, device: str) -> None:
    """A checkpointed layer's recompute draws each seed again from the restored generator: the gradients are
    the plain forward's (tiny Llama, 14 fused LoRA linears of rank 4, dropout 0.3)."""
    from tiny_llama import lora_model, loss_and_grads

    from gristmill.train.checkpointing import CheckpointPlan, apply_checkpointing
    from gristmill.train.fused import fuse

    ids = torch.randint(5, 400, (2, 24), generator=torch.Generator().manual_seed(1)).to(device)
    plain = lora_model(tiny_model, device)
    fuse(plain, dropout_kernel="triton")
    expected = loss_and_grads(plain, ids, seed=7)
    model = lora_model(tiny_model, device)
    fuse(model, dropout_kernel="triton")
    apply_checkpointing(model, CheckpointPlan(2, 2, 0, 0, "test", offload=device == "cuda"))
    loss, grads = loss_and_grads(model, ids, seed=7)
    assert loss == pytest.approx(expected[0], rel=1e-6)
    assert grads.keys() == expected[1].keys() and len(grads) == 2 * 2 * 7
    for name, grad in grads.items():
        torch.testing.assert_close(grad, expected[1][name], rtol=1e-4, atol=1e-6, msg=name)
    assert loss != loss_and_grads(plain, ids, seed=8)[0]  # dropout is on: another seed, another loss


def test_kernels_are_interpreted_where_there_is_no_gpu() -> None:
    """The variable took effect: Triton's own tl.rand and our kernels are the interpreter's functions, each
    autotuned kernel with the one tile size the interpreter tries."""
    if not (HAS_TRITON and INTERPRETED):
        pytest.skip("needs triton, and TRITON_INTERPRET=1 (no GPU here)")
    import triton.language as tl
    from triton.runtime.interpreter import InterpretedFunction

    from gristmill.train import dropout_kernels

    assert isinstance(tl.rand, InterpretedFunction)
    assert isinstance(dropout_kernels.dropout_keep_kernel, InterpretedFunction)
    for tuned in (dropout_kernels.lora_down_kernel, dropout_kernels.lora_grad_a_kernel,
                  dropout_kernels.lora_grad_input_kernel):
        assert isinstance(tuned.fn, InterpretedFunction)
    assert len(dropout_kernels._configs([{"BLOCK_T": 16}, {"BLOCK_T": 32}])) == 1


@pytest.mark.parametrize(("fused", "message"), [("auto", "there is no CUDA GPU"),
                                                ("off", "the LoRA linears are not fused here")])
def test_triton_dropout_is_refused_where_it_cannot_run_and_auto_falls_back_to_torch(fused: str, message: str) -> None:
    from gristmill.train.config import TrainConfig
    from gristmill.train.session import choose_dropout_kernel

    cfg = TrainConfig.model_validate({"data": {"path": "-"},
                                      "adapter": {"dropout_kernel": "triton", "fused": fused}})
    with pytest.raises(ConfigError, match=message):
        choose_dropout_kernel(cfg, "cpu", fusing=fused == "auto")
    for kernel in ("torch", "auto"):  # torch's dropout runs anywhere, and auto takes it where Triton's cannot
        adapter = cfg.adapter.model_copy(update={"dropout_kernel": kernel})
        assert choose_dropout_kernel(cfg.model_copy(update={"adapter": adapter}), "cpu", fusing=fused == "auto") \
            == "torch"


# --------------------------------------------------------------------------------------------- GPU only


@pytest.mark.gpu
@pytest.mark.skipif(not kernels.available(), reason="needs triton and a CUDA GPU")
def test_offsets_past_two_to_the_32_on_cuda() -> None:
    """An input of more than 2^32 elements (4096 features, 2^20 + 64 rows: 8.6 GB in bf16): row 2^20 does not
    repeat row 0, and pointers past 2^31 elements land where torch's do (the last rows of each kernel against
    torch on those rows)."""
    T, K, r = 2**20 + 64, 4096, 16
    x = torch.randn(T, K, device="cuda", dtype=torch.bfloat16)
    a = (torch.randn(r, K, device="cuda") / 64).bfloat16()
    seed = kernels.draw_seed("cuda")
    keep = kernels.dropout_keep((T, K), P, seed)
    assert not torch.equal(keep[2**20], keep[0])
    tail = slice(T - 64, T)
    kept = keep[tail].clone()
    dropped = (x[tail].float() * kept / (1 - P)).bfloat16()
    del keep
    assert_rounded_alike(kernels.lora_down(x, a, P, seed)[tail], dropped.float() @ a.float().t())
    grad_down = torch.zeros(T, r, device="cuda", dtype=torch.bfloat16)
    grad_down[tail] = torch.randn(64, r, device="cuda", dtype=torch.bfloat16)
    torch.testing.assert_close(kernels.lora_grad_a(grad_down, x, P, seed), grad_down[tail].float().t()
                               @ dropped.float(), rtol=1e-5, atol=1e-3)
    del x
    adapter = kernels.lora_grad_input(grad_down, a, P, seed)[tail]
    assert_rounded_alike(adapter, (grad_down[tail].float() @ a.float()) * kept / (1 - P))
