"""The embedded model (SmolLM2-135M, a Q4_1 GGUF) through export: the case issue 16 reported crashing."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

pytestmark = pytest.mark.slow


def test_embedded_base_merges_and_exports_gguf(tmp_path: Path) -> None:
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM

    from gristmill.export import export_run
    from gristmill.models import EMBEDDED_HUB_ID, load_model

    base, _ = load_model("embedded", device="cpu", dtype="float32", plain=True)
    torch.manual_seed(0)
    lora = get_peft_model(base, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "k_proj", "v_proj"]))
    with torch.no_grad():
        for name, param in lora.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.01)
    adapter = tmp_path / "adapter"
    lora.save_pretrained(str(adapter))
    (adapter / "adapter_config.json").write_text((adapter / "adapter_config.json").read_text().replace(
        str(base.config.name_or_path), EMBEDDED_HUB_ID))
    report = export_run(adapter, merged=True, gguf="q8_0", out=tmp_path / "export")

    ids = torch.tensor([[1, 504, 3458, 314, 253, 1234, 30]])
    fresh, _ = load_model("embedded", device="cpu", dtype="float32", plain=True)
    with torch.no_grad():
        expected = PeftModel.from_pretrained(fresh, str(adapter)).eval()(ids).logits
        merged = AutoModelForCausalLM.from_pretrained(report.files["merged"])
        assert merged.dtype == torch.bfloat16
        merged_logits = merged.float()(ids).logits
        gguf = AutoModelForCausalLM.from_pretrained(tmp_path / "export", gguf_file="model.q8_0.gguf",
                                                    dtype=torch.float32)(ids).logits
    scale = expected.abs().max().item()
    assert (merged_logits - expected).abs().max().item() < 0.05 * scale  # bf16 weights
    assert (gguf - expected).abs().max().item() < 0.08 * scale  # bf16, then Q8_0
    assert (gguf.argmax(-1) == expected.argmax(-1)).float().mean().item() >= 0.85
