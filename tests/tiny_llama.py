"""The tiny model the tests train: any `tokenizers` tokenizer wrapped as a transformers fast tokenizer with the
chatml template, and a 2-layer, 64-wide Llama over its vocabulary, saved together for from_pretrained."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SPECIALS = ["<unk>", "<pad>", "<s>", "<|im_start|>", "<|im_end|>"]


def save_tiny_llama(tokenizer: Any, folder: Path, max_positions: int, bias: bool = False) -> Path:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from gristmill.chat import TEMPLATES

    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>",
                                   bos_token="<s>", eos_token="<|im_end|>")
    fast.chat_template = TEMPLATES["chatml"]
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=max_positions,
                         attention_bias=bias, mlp_bias=bias, pad_token_id=fast.pad_token_id,
                         bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


def lora_model(folder: Path, device: str = "cpu", dropout: float = 0.3) -> Any:
    """The saved tiny Llama with a LoRA adapter (r=4) whose B is not zero, in train mode."""
    import torch
    from transformers import AutoModelForCausalLM

    from gristmill.train.adapters import attach_adapter
    from gristmill.train.config import AdapterSection

    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(folder).to(device)
    model = attach_adapter(model, AdapterSection(r=4, dropout=dropout))
    with torch.no_grad():  # LoRA B starts at zero; make the adapters matter
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.02)
    model.train()
    return model


def loss_and_grads(model: Any, ids: Any, seed: int) -> tuple[float, dict[str, Any]]:
    """Causal-LM loss on `ids` (bf16 autocast on CUDA) and the gradients it leaves, seeded for dropout."""
    import torch

    torch.manual_seed(seed)
    with torch.autocast(ids.device.type, dtype=torch.bfloat16, enabled=ids.is_cuda):
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    grads = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    model.zero_grad(set_to_none=True)
    return loss.item(), grads
