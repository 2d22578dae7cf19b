"""`export_run` on a real (tiny) run: merged safetensors equal base + adapter, GGUF files read back right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch

IDS = torch.tensor([[5, 17, 42, 99, 3, 250, 77, 300, 12, 8]])
BF16_EPS = 2.0**-8  # bf16 keeps 8 significant bits: relative rounding of one value


def logits(model: Any) -> torch.Tensor:
    with torch.no_grad():
        return model(IDS).logits.float()


def peft_logits(base_dir: Path, adapter_dir: Path) -> torch.Tensor:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
    return logits(PeftModel.from_pretrained(base, str(adapter_dir)).eval())


@pytest.fixture(scope="module")
def exported(tiny_run: Path) -> Any:
    from gristmill.export import export_run

    return export_run(tiny_run, merged=True, gguf="q8_0")


def test_merged_model_logits_equal_base_plus_adapter(exported: Any, tiny_base: Path, tiny_run: Path) -> None:
    from transformers import AutoModelForCausalLM

    expected = peft_logits(tiny_base, tiny_run / "train" / "adapter")
    merged = AutoModelForCausalLM.from_pretrained(exported.files["merged"])
    assert merged.dtype == torch.float32  # the tiny base is saved in float32: its own dtype is kept
    assert (logits(merged) - expected).abs().max().item() < 1e-4
    base = logits(AutoModelForCausalLM.from_pretrained(tiny_base))
    assert (base - expected).abs().max().item() > 0.05  # the adapter changes the output


def test_bf16_merge_is_within_bf16_rounding(tiny_run: Path, tiny_base: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM

    from gristmill.export.merged import export_merged
    from gristmill.trained import find_trained

    folder = export_merged(find_trained(tiny_run), tmp_path / "bf16", dtype="bfloat16")
    merged = AutoModelForCausalLM.from_pretrained(folder)
    assert merged.dtype == torch.bfloat16
    expected = peft_logits(tiny_base, tiny_run / "train" / "adapter")
    error = (logits(merged.float()) - expected).abs().max().item()
    assert error < 8 * BF16_EPS * expected.abs().max().item()  # weights rounded once, then exact float32 compute


def test_merge_of_a_gguf_base_saves(tiny_base: Path, tiny_run: Path, tmp_path: Path) -> None:
    """The bug of issue 16: a GGUF-loaded base (the embedded model's path) kept transformers' GGUF quantizer, and
    save_pretrained refused: "The model is quantized with gguf and is not serializable"."""
    from transformers import AutoModelForCausalLM

    from gristmill.export.gguf_files import write_model_gguf
    from gristmill.train.session import merge_into

    gguf_base = write_model_gguf(tiny_base, tmp_path / "base.f16.gguf", "f16")
    target = merge_into(str(gguf_base), None, tiny_run / "train" / "adapter", tmp_path / "merged")
    config = json.loads((target / "config.json").read_text())
    assert "quantization_config" not in config
    assert config["dtype"] == "float16"  # the GGUF file's own float type
    merged = AutoModelForCausalLM.from_pretrained(target, dtype=torch.float32)
    expected = peft_logits(tiny_base, tiny_run / "train" / "adapter")
    assert (logits(merged) - expected).abs().max().item() < 0.05  # f16 weights, twice rounded


def test_training_on_a_gguf_base_with_output_merge_writes_the_merged_model(tiny_base: Path, tmp_path: Path) -> None:
    """`output.merge: true` on a GGUF base: the path that crashed on the embedded model."""
    from deploy_runs import train_tiny_run
    from transformers import AutoModelForCausalLM

    from gristmill.export.gguf_files import write_model_gguf

    gguf_base = write_model_gguf(tiny_base, tmp_path / "base.f16.gguf", "f16")
    run = train_tiny_run(gguf_base, tmp_path / "run", merge=True)
    record = json.loads((run / "train" / "train.json").read_text())
    assert record["merged"] == str(run / "train" / "merged")
    merged = AutoModelForCausalLM.from_pretrained(run / "train" / "merged")
    assert merged.dtype == torch.float16 and merged.config.num_hidden_layers == 2
    config = json.loads((run / "train" / "adapter" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == str(gguf_base)


def test_gguf_models_load_with_transformers_within_q8_0_error(exported: Any, tiny_base: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = exported.files["base gguf (q8_0)"].parent
    cases = [("base.q8_0.gguf", tiny_base), ("model.q8_0.gguf", exported.files["merged"])]
    for name, reference_dir in cases:
        reference = logits(AutoModelForCausalLM.from_pretrained(reference_dir, dtype=torch.float32))
        loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
        error = (logits(loaded) - reference).abs().max().item()
        assert 0 < error < 0.02 * reference.abs().max().item(), name  # Q8_0: 8-bit blocks of 32, not exact
    text = "def add(a, b):\n    return a + b<|im_end|>"
    ours = AutoTokenizer.from_pretrained(tiny_base)
    theirs = AutoTokenizer.from_pretrained(folder, gguf_file=cases[0][0])
    assert theirs(text).input_ids == ours(text).input_ids


def test_lora_gguf_holds_the_adapter_tensors(exported: Any, tiny_run: Path) -> None:
    from gguf import GGUFReader
    from safetensors.torch import load_file

    from gristmill.export.gguf_files import from_llama_cpp_rows, llama_config, lora_key_parts

    reader = GGUFReader(exported.files["adapter gguf (lora, f32)"])
    fields = {k: f.contents() for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    assert (fields["general.type"], fields["adapter.type"], fields["adapter.lora.alpha"]) == ("adapter", "lora", 8.0)
    config = llama_config(exported.files["merged"])
    stored = {t.name: t for t in reader.tensors}
    adapter = load_file(str(tiny_run / "train" / "adapter" / "adapter_model.safetensors"))
    assert len(stored) == len(adapter) == 2 * 7 * 2  # 2 layers × 7 modules × (A, B)
    layer0_q = stored["blk.0.attn_q.weight.lora_b"]
    assert tuple(int(n) for n in layer0_q.shape) == (4, 64)  # ggml order: (r, out features)
    for key, tensor in adapter.items():
        hf_name, part = lora_key_parts(key)
        block, module = hf_name.split(".")[2], {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v",
                                                 "o_proj": "attn_output", "gate_proj": "ffn_gate",
                                                 "up_proj": "ffn_up", "down_proj": "ffn_down"}[hf_name.split(".")[4]]
        data = stored[f"blk.{block}.{module}.weight.{part}"].data.reshape(tensor.shape)
        back = from_llama_cpp_rows(hf_name, data, config) if part == "lora_b" else data
        assert torch.equal(torch.from_numpy(back.copy()), tensor.float()), key


def test_exported_adapter_names_the_embedded_base_portably(tiny_run: Path, tmp_path: Path) -> None:
    from gristmill.export import portable_adapter
    from gristmill.models import EMBEDDED_HUB_ID, embedded_model_path
    from gristmill.trained import TrainedAdapter

    trained = TrainedAdapter("demo", tiny_run / "train" / "adapter", str(embedded_model_path().parent),
                             embedded_model_path().name)
    config = json.loads((portable_adapter(trained, tmp_path / "adapter") / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == EMBEDDED_HUB_ID
    assert "site-packages" not in json.dumps(config)


def test_training_records_a_portable_base_name(tiny_run: Path, tiny_base: Path) -> None:
    config = json.loads((tiny_run / "train" / "adapter" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == str(tiny_base)  # a user's folder is recorded as given
