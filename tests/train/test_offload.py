"""Host-memory offloading changes no number: a checkpointed layer that parks its input on the host gives the
same loss and gradients as the plain model (LoRA dropout on, so the recomputation must replay the same
masks), the host embedding gives the same rows, the host output head the same logits and log-probs, and both
go back on request (tied again when they were)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import torch
from tiny_llama import lora_model, loss_and_grads

from gristmill.train import offload
from gristmill.train.checkpointing import CheckpointPlan, apply_checkpointing
from gristmill.train.losses import linear_logprobs
from gristmill.train.offload import (
    HostEmbedding,
    HostHead,
    offload_input_embeddings,
    offload_output_head,
    restore_embeddings,
)

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.gpu)]


@pytest.mark.parametrize("device", DEVICES)
def test_host_checkpoint_gives_the_plain_loss_and_gradients(tiny_model: Path, device: str) -> None:
    """On CUDA the input goes to pinned host memory and back asynchronously, under bf16 autocast."""
    ids = torch.randint(5, 400, (2, 24), generator=torch.Generator().manual_seed(1)).to(device)
    plain_loss, plain_grads = loss_and_grads(lora_model(tiny_model, device), ids, seed=7)
    model = lora_model(tiny_model, device)
    apply_checkpointing(model, CheckpointPlan(2, 2, 0, 0, "test", offload=True))
    loss, grads = loss_and_grads(model, ids, seed=7)
    assert loss == pytest.approx(plain_loss, rel=1e-6)
    assert grads.keys() == plain_grads.keys() and len(grads) == 2 * 2 * 7  # A and B of 7 linears, 2 layers
    for name, grad in grads.items():
        torch.testing.assert_close(grad, plain_grads[name], rtol=1e-4, atol=1e-6, msg=name)


@pytest.mark.parametrize("device", DEVICES)
def test_host_embedding_returns_the_same_rows_and_is_restored(tiny_model: Path, device: str) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model).to(device)
    original = model.get_input_embeddings()
    ids = torch.tensor([[5, 9, 300], [1, 2, 3]], device=device)
    expected = original(ids)
    plain_loss = model(input_ids=ids, labels=ids).loss
    model.set_input_embeddings(HostEmbedding(original, torch.device(device)))
    torch.testing.assert_close(model.get_input_embeddings()(ids), expected, rtol=0, atol=0)
    assert next(model.parameters()).device.type == device  # the loop finds the model's device this way
    assert model(input_ids=ids, labels=ids).loss.item() == plain_loss.item()
    restore_embeddings(model)
    restored = model.get_input_embeddings()
    assert type(restored) is torch.nn.Embedding and torch.equal(restored.weight, original.weight)


def test_embeddings_stay_when_trained_tied_or_on_cpu(tiny_model: Path) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    model.get_input_embeddings().weight.requires_grad_(False)
    assert offload_input_embeddings(model) == 0  # on CPU there is no GPU memory to free
    assert type(model.get_input_embeddings()) is torch.nn.Embedding


@pytest.mark.parametrize("device", DEVICES)
def test_host_head_gives_the_same_logits_and_is_restored_tied(tiny_model: Path, device: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A tied model: the head and the input embedding share one host tensor, and go back as one parameter."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model).to(device)
    model.lm_head.weight = model.get_input_embeddings().weight
    model.requires_grad_(False)
    weight = model.lm_head.weight.detach().clone()
    ids = torch.tensor([[5, 9, 300, 7], [1, 2, 3, 4]], device=device)
    expected = model(input_ids=ids).logits
    monkeypatch.setattr(HostHead, "BLOCK_BYTES", 64 * 100 * 4)  # 100 vocabulary rows a block: 6 blocks
    if device == "cuda":
        monkeypatch.setattr(offload, "MIN_EMBEDDING_BYTES", 0)
        assert offload_output_head(model) == weight.numel() * weight.element_size()
    else:  # pinned memory needs CUDA: put the modules in by hand
        host = weight.to("cpu")
        model.set_output_embeddings(HostHead(host, torch.device(device)))
        model.set_input_embeddings(HostEmbedding(model.get_input_embeddings(), torch.device(device), host))
    head, embedding = model.get_output_embeddings(), model.get_input_embeddings()
    assert isinstance(head, HostHead) and isinstance(embedding, HostEmbedding)
    assert head.weight.device.type == "cpu" and head.weight is embedding.weight
    torch.testing.assert_close(model(input_ids=ids).logits, expected, rtol=1e-5, atol=1e-5)
    restore_embeddings(model)
    assert type(model.lm_head) is torch.nn.Linear and model.lm_head.weight is model.get_input_embeddings().weight
    assert model.lm_head.weight.device.type == device and torch.equal(model.lm_head.weight, weight)


@pytest.mark.gpu
def test_streamed_head_gives_the_resident_logprobs_and_gradients() -> None:
    """bf16 hidden states against a 128k-row head in pinned host memory vs the same head on the GPU."""
    generator = torch.Generator().manual_seed(0)
    weight = (torch.randn(128_256, 256, generator=generator) * 0.05).to(torch.bfloat16)
    hidden = torch.randn(600, 256, generator=generator).to("cuda", torch.bfloat16).requires_grad_(True)
    targets = torch.randint(0, 128_256, (600,), generator=generator).cuda()
    upstream = torch.randn(600, generator=generator).cuda()
    resident = linear_logprobs(hidden, weight.cuda(), targets)
    (resident * upstream).sum().backward()
    expected_grad, hidden.grad = hidden.grad.clone(), None
    host = torch.empty(weight.shape, dtype=weight.dtype, pin_memory=True).copy_(weight)
    streamed = linear_logprobs(hidden, host, targets)  # 600 rows against 27,962-row blocks: 5 blocks
    (streamed * upstream).sum().backward()
    torch.testing.assert_close(streamed, resident, rtol=1e-5, atol=1e-4)
    torch.testing.assert_close(hidden.grad, expected_grad, rtol=2e-2, atol=1e-4)  # bf16, summed in another order


def test_head_goes_to_host_only_when_layers_must_be_checkpointed(tiny_model: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`model.offload_output_head: auto` moves the head when the plan recomputes layers, then plans again."""
    from gristmill.train import session
    from gristmill.train.config import TrainConfig

    moved: list[int] = []
    monkeypatch.setattr(session, "offload_output_head", lambda model: moved.append(1) or 123)
    model = lora_model(tiny_model)
    for budget_gib, setting, expected in [(100.0, "auto", []), (1e-6, "auto", [1]), (100.0, "on", [1]),
                                          (1e-6, "off", [])]:
        moved.clear()
        cfg = TrainConfig.model_validate({"data": {"path": "-"}, "model": {"offload_output_head": setting},
                                          "loop": {"max_memory_gib": budget_gib}})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            plan = session.decide_checkpointing(model, cfg, "cpu", 64)
        # a budget no layer fits is named as passed, not silently exceeded
        passed = [w for w in caught if w.category is session.MemoryBudgetWarning]
        assert len(passed) == (1 if budget_gib < 1 else 0), (budget_gib, setting)
        assert moved == expected, (budget_gib, setting)
        assert plan.head_offloaded_bytes == 123 * len(expected)
        assert plan.layers == (2 if budget_gib < 1 else 0)
