"""Host-memory offloading changes no number: a checkpointed layer that parks its input on the host gives the
same loss and gradients as the plain model (LoRA dropout on, so the recomputation must replay the same
masks), and the host embedding gives the same rows and goes back on request."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tiny_llama import lora_model, loss_and_grads

from gristmill.train.adapters import CheckpointPlan, apply_checkpointing
from gristmill.train.offload import HostEmbedding, offload_input_embeddings, restore_input_embeddings

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
    restore_input_embeddings(model)
    restored = model.get_input_embeddings()
    assert type(restored) is torch.nn.Embedding and torch.equal(restored.weight, original.weight)


def test_embeddings_stay_when_trained_tied_or_on_cpu(tiny_model: Path) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    model.get_input_embeddings().weight.requires_grad_(False)
    assert offload_input_embeddings(model) == 0  # on CPU there is no GPU memory to free
    assert type(model.get_input_embeddings()) is torch.nn.Embedding
