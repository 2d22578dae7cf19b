"""CUDA-only checks: the flash varlen kernel path, NF4 QLoRA training, and the de-quantized weight cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_varlen_attention_matches_per_example_sdpa_on_cuda() -> None:
    """Grouped-query heads (8 query, 2 key/value) go in unrepeated; outputs and all three gradients match
    per-example SDPA over repeated heads in fp32."""
    from gristmill.train.forward import varlen_attention

    torch.manual_seed(0)
    lengths = [37, 128, 5, 300]
    cu = torch.tensor([0, 37, 165, 170, 470], dtype=torch.int32, device="cuda")
    q, k, v = (torch.randn(1, heads, sum(lengths), 64, device="cuda", dtype=torch.bfloat16, requires_grad=True)
               for heads in (8, 2, 2))
    grad = torch.randn(1, sum(lengths), 8, 64, device="cuda", dtype=torch.bfloat16)
    out, _ = varlen_attention(None, q, k, v, None, scaling=0.125, cu_seq_lens_q=cu, max_length_q=300)
    got = torch.autograd.grad(out, (q, k, v), grad)
    q32, k32, v32 = (t.detach().float().requires_grad_() for t in (q, k, v))
    parts = []
    for s, e in zip(cu[:-1].tolist(), cu[1:].tolist(), strict=True):
        ref = torch.nn.functional.scaled_dot_product_attention(
            q32[:, :, s:e], k32[:, :, s:e].repeat_interleave(4, 1), v32[:, :, s:e].repeat_interleave(4, 1),
            is_causal=True, scale=0.125)
        parts.append(ref)
    expected = torch.cat(parts, dim=2).transpose(1, 2)
    wanted = torch.autograd.grad(expected, (q32, k32, v32), grad.float())
    assert (out.float() - expected).norm() / expected.norm() < 1e-2
    for mine, theirs in zip(got, wanted, strict=True):
        assert mine.shape == theirs.shape
        assert (mine.float() - theirs).norm() / theirs.norm() < 2e-2


@pytest.mark.parametrize("head", ["auto", "on"])
def test_qlora_sft_lowers_loss_on_cuda(tiny_model: Path, sft_data: Path, tmp_path: Path, head: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Also with the output head in host memory (`on`; `auto` keeps it: memory is not tight)."""
    import json

    from gristmill.train import offload, session
    from gristmill.train.config import TrainConfig
    from gristmill.train.sft import run_sft

    monkeypatch.setattr(offload, "MIN_EMBEDDING_BYTES", 0)  # the tiny head is 64 KB
    freed: list[int] = []
    monkeypatch.setattr(session, "offload_output_head",
                        lambda model: freed.append(offload.offload_output_head(model)) or freed[-1])
    cfg = TrainConfig.model_validate({
        "model": {"name": str(tiny_model), "offload_output_head": head},
        "data": {"path": str(sft_data), "seq_len": 256},
        "optim": {"lr": 3e-3, "warmup_steps": 2}, "loop": {"max_steps": 30, "eval_every": 30},
        "output": {"dir": str(tmp_path)}})
    rows = [json.loads(line) for line in sft_data.read_text().splitlines()][:96]
    rows = [{k: r.get(k) or "" for k in ("instruction", "input", "output")} for r in rows]
    report = run_sft(cfg, rows=(rows[:86], rows[86:]))  # rows in memory: the GPU machine has no polars
    history = report.result.state.history
    assert report.record["decisions"]["quantized_nf4"] is True
    assert report.record["decisions"]["attention"] == "varlen"
    assert sum(history[-5:]) / 5 < sum(history[:5]) / 5
    assert (len(freed) == 1 and freed[0] > 0) if head == "on" else freed == []


def test_dequantized_cache_gives_the_nf4_forward(tiny_model: Path) -> None:
    from gristmill.models import load_model
    from gristmill.train.adapters import attach_adapter, dequantize_base
    from gristmill.train.config import AdapterSection

    model, _ = load_model(str(tiny_model), device="cuda", quantize_4bit=True)
    model = attach_adapter(model, AdapterSection())
    ids = torch.randint(0, 400, (2, 64), device="cuda")
    with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16):
        before = model(input_ids=ids).logits.float()
        assert dequantize_base(model) > 0
        after = model(input_ids=ids).logits.float()
    assert (before - after).abs().max().item() < 1e-2
