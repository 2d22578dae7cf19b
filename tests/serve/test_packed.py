"""Packed LoRA (every resident adapter side by side, one row mask per batch) against peft on the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

IDS = torch.tensor([[5, 17, 42, 99, 3, 250], [7, 7, 300, 12, 8, 1], [9, 40, 41, 42, 43, 44]])


def rank8_adapter(base_dir: Path, folder: Path) -> Path:
    """A LoRA of another rank (8) and alpha (4) on the tiny base, with random B."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(3)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base_dir),
                           LoraConfig(r=8, lora_alpha=4, target_modules=["q_proj", "v_proj", "down_proj"]))
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.2)
    model.save_pretrained(str(folder))
    return folder


def peft_logits(base_dir: Path, adapter: Path | None, ids: torch.Tensor) -> torch.Tensor:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(base_dir)
    if adapter is not None:
        model = PeftModel.from_pretrained(model, str(adapter))
    with torch.no_grad():
        return model.eval()(ids).logits


@pytest.fixture(scope="module")
def two_ranks(tiny_base: Path, adapters: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return [adapters["sales-bot"], rank8_adapter(tiny_base, tmp_path_factory.mktemp("r8") / "adapter")]


def test_a_mixed_batch_equals_each_row_under_its_adapter_in_peft(tiny_base: Path, two_ranks: list[Path]) -> None:
    from transformers import AutoModelForCausalLM

    from gristmill.serve.packed import PackedLoRA

    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    packed = PackedLoRA(model, slots=3)
    packed.load(2, two_ranks[0])  # r=4 first, then r=8 widens every slot, keeping what slot 2 holds
    packed.load(0, two_ranks[1])
    packed.set_rows([2, None, 0])
    with torch.no_grad():
        mixed = model(IDS).logits
    expected = [peft_logits(tiny_base, two_ranks[0], IDS[:1]), peft_logits(tiny_base, None, IDS[1:2]),
                peft_logits(tiny_base, two_ranks[1], IDS[2:])]
    for row, want in enumerate(expected):
        assert (mixed[row] - want[0]).abs().max().item() < 1e-5, row
    assert (expected[0][0] - peft_logits(tiny_base, None, IDS[:1])[0]).abs().max().item() > 1e-3


def test_a_cleared_slot_is_the_base_again(tiny_base: Path, two_ranks: list[Path]) -> None:
    from transformers import AutoModelForCausalLM

    from gristmill.serve.packed import PackedLoRA

    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    packed = PackedLoRA(model, slots=2)
    packed.load(1, two_ranks[1])
    packed.clear(1)
    packed.set_rows([1])
    with torch.no_grad():
        assert torch.equal(model(IDS[:1]).logits, peft_logits(tiny_base, None, IDS[:1]))


def test_packed_refuses_what_it_cannot_serve(tiny_base: Path, two_ranks: list[Path], tmp_path: Path) -> None:
    import shutil

    from transformers import AutoModelForCausalLM

    from gristmill.errors import GristmillError
    from gristmill.serve.packed import PackedLoRA

    dora = shutil.copytree(two_ranks[1], tmp_path / "dora")
    config = json.loads((dora / "adapter_config.json").read_text())
    (dora / "adapter_config.json").write_text(json.dumps({**config, "use_dora": True}))
    packed = PackedLoRA(AutoModelForCausalLM.from_pretrained(tiny_base), slots=1)
    with pytest.raises(GristmillError, match="DoRA"):
        packed.load(0, dora)


def test_the_stack_generates_the_same_with_either_lora_engine(tiny_base: Path, adapters: dict[str, Path]) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from gristmill.serve.stack import AdapterRef, AdapterStack

    ids = AutoTokenizer.from_pretrained(tiny_base)("def add(a, b):").input_ids
    refs = [AdapterRef("sales-bot", adapters["sales-bot"]), None]
    outputs = []
    for lora_engine in ("packed", "peft"):
        stack = AdapterStack(AutoModelForCausalLM.from_pretrained(tiny_base).eval(), 2, lora_engine)
        out = stack.generate(refs, input_ids=torch.tensor([ids, ids]), attention_mask=torch.ones(2, len(ids)),
                             max_new_tokens=8, do_sample=False, pad_token_id=1)
        outputs.append(out[:, len(ids):].tolist())
    assert outputs[0] == outputs[1]
    assert outputs[0][0] != outputs[0][1]  # the adapter row differs from the base row
