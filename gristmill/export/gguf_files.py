"""GGUF files for llama.cpp-family runtimes, written with the `gguf` package (its writer, tensor-name map and
Q8_0 quantizer): a whole model (merged, or the base alone) and a LoRA adapter in llama.cpp's adapter format.

Llama-architecture models (SmolLM2, Llama) with a byte-level BPE tokenizer. The layout follows llama.cpp's
`convert_hf_to_gguf.py` / `convert_lora_to_gguf.py`: the rows of q_proj and k_proj (and of their LoRA B) are
permuted into llama.cpp's rotary order, which transformers' GGUF loader undoes on the way back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gristmill.errors import GristmillError

OUT_TYPES = ("q8_0", "f16")
LLAMA_ARCHITECTURES = ("LlamaForCausalLM",)
QK_BLOCK = 32  # Q8_0 blocks run along a row: a row's length must be a multiple of this


def llama_config(folder: Path) -> dict[str, Any]:
    """config.json of a llama-architecture checkpoint (anything else is refused with what is supported)."""
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    arch = (config.get("architectures") or ["?"])[0]
    if arch not in LLAMA_ARCHITECTURES:
        raise GristmillError(f"{folder}: GGUF export supports {', '.join(LLAMA_ARCHITECTURES)} models, not {arch}")
    return config


def write_model_gguf(folder: Path, out: Path, out_type: str = "q8_0", pre: str = "gpt2") -> Path:
    """A safetensors checkpoint folder as one GGUF file: 2-D weights in `out_type` (q8_0 or f16), norms in F32,
    with the tokenizer (vocabulary, merges, special ids, chat template) in the file's metadata."""
    import gguf

    if out_type not in OUT_TYPES:
        raise GristmillError(f"--gguf {out_type!r}: expected one of {', '.join(OUT_TYPES)}")
    config = llama_config(folder)
    writer = gguf.GGUFWriter(str(out), gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.LLAMA])
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name(str(config.get("_name_or_path") or folder.name))
    _write_hparams(writer, config, out_type)
    _write_vocab(writer, folder, pre)
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, config["num_hidden_layers"])
    for hf_name, array in _checkpoint_arrays(folder):
        if hf_name == "lm_head.weight" and config.get("tie_word_embeddings"):
            continue
        name = _gguf_name(names, hf_name)
        data, qtype = _encode(to_llama_cpp_rows(hf_name, array, config), out_type)
        writer.add_tensor(name, data, raw_dtype=qtype)
    return _finish(writer, out)


def _write_hparams(writer: Any, config: dict[str, Any], out_type: str) -> None:
    import gguf

    heads = config["num_attention_heads"]
    rope = config.get("rope_parameters") or {}
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(heads)
    writer.add_head_count_kv(config.get("num_key_value_heads") or heads)
    writer.add_rope_freq_base(float(rope.get("rope_theta") or config.get("rope_theta") or 10000.0))
    writer.add_layer_norm_rms_eps(float(config["rms_norm_eps"]))
    writer.add_rope_dimension_count(config.get("head_dim") or config["hidden_size"] // heads)
    writer.add_vocab_size(config["vocab_size"])
    file_type = gguf.LlamaFileType.MOSTLY_Q8_0 if out_type == "q8_0" else gguf.LlamaFileType.MOSTLY_F16
    writer.add_file_type(file_type)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)


def _write_vocab(writer: Any, folder: Path, pre: str) -> None:
    """The byte-level BPE vocabulary as llama.cpp's `gpt2` tokenizer model, plus merges and special tokens."""
    import gguf
    from transformers import AutoTokenizer

    spec = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    if spec.get("model", {}).get("type") != "BPE":
        raise GristmillError(f"{folder}: GGUF export supports byte-level BPE tokenizers only")
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    by_id = {index: token for token, index in tokenizer.get_vocab().items()}
    special = set(tokenizer.all_special_ids) | {t["id"] for t in spec.get("added_tokens", []) if t.get("special")}
    size = max(by_id) + 1
    tokens = [by_id.get(i, f"[PAD{i}]") for i in range(size)]
    types = [gguf.TokenType.CONTROL if i in special else
             gguf.TokenType.NORMAL if i in by_id else gguf.TokenType.UNUSED for i in range(size)]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    gguf.SpecialVocab(folder, load_merges=True, n_vocab=size).add_to_gguf(writer, quiet=True)


def _checkpoint_arrays(folder: Path) -> Iterator[tuple[str, Any]]:
    """(name, float32 numpy array) for every tensor of the folder's safetensors files."""
    from safetensors import safe_open

    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise GristmillError(f"{folder}: no .safetensors files to convert")
    for file in files:
        with safe_open(str(file), framework="pt") as handle:
            for name in handle.keys():  # noqa: SIM118 (safe_open is not a mapping)
                yield name, handle.get_tensor(name).float().numpy()


def _gguf_name(names: Any, hf_name: str) -> str:
    name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
    if name is None:
        raise GristmillError(f"no GGUF name for tensor {hf_name} (llama architecture)")
    return name


def to_llama_cpp_rows(hf_name: str, array: Any, config: dict[str, Any], inverse: bool = False) -> Any:
    """q_proj / k_proj rows (output features) reordered as llama.cpp's rotary embedding expects them
    (`inverse`: back to transformers' order, to read a file back)."""
    heads = config["num_attention_heads"]
    if ".k_proj." in hf_name:
        heads = config.get("num_key_value_heads") or heads
    elif ".q_proj." not in hf_name:
        return array
    return _unpermute(array, heads) if inverse else _permute(array, heads)


def from_llama_cpp_rows(hf_name: str, array: Any, config: dict[str, Any]) -> Any:
    return to_llama_cpp_rows(hf_name, array, config, inverse=True)


def _permute(array: Any, heads: int) -> Any:
    rows = array.shape[0]
    return array.reshape(heads, 2, rows // heads // 2, *array.shape[1:]).swapaxes(1, 2).reshape(array.shape)


def _unpermute(array: Any, heads: int) -> Any:
    rows = array.shape[0]
    return array.reshape(heads, rows // heads // 2, 2, *array.shape[1:]).swapaxes(1, 2).reshape(array.shape)


def _encode(array: Any, out_type: str) -> tuple[Any, Any]:
    """(data, GGML type): vectors stay F32; matrices become Q8_0 (rows a multiple of 32 long) or F16."""
    import gguf
    import numpy as np

    types = gguf.GGMLQuantizationType
    if array.ndim < 2:
        return np.ascontiguousarray(array, dtype=np.float32), types.F32
    if out_type == "q8_0" and array.shape[-1] % QK_BLOCK == 0:
        return gguf.quants.quantize(np.ascontiguousarray(array, dtype=np.float32), types.Q8_0), types.Q8_0
    return np.ascontiguousarray(array, dtype=np.float16), types.F16


def _finish(writer: Any, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out


# ------------------------------------------------------------------------------------------ LoRA adapter


def write_lora_gguf(adapter_dir: Path, base_config: dict[str, Any], out: Path) -> Path:
    """A peft LoRA adapter in llama.cpp's adapter format (`general.type = adapter`, `adapter.type = lora`,
    `adapter.lora.alpha`), tensors `blk.N.<module>.weight.lora_a|lora_b` in F32, exactly peft's values."""
    import gguf
    from safetensors.torch import load_file

    alpha = lora_alpha(adapter_dir)
    writer = gguf.GGUFWriter(str(out), gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.LLAMA])
    writer.add_string(gguf.Keys.General.TYPE, gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.LLAMA, base_config["num_hidden_layers"])
    weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    for key in sorted(weights):
        hf_name, part = lora_key_parts(key)
        array = weights[key].float().numpy()
        if part == "lora_b":  # B's rows are the module's output features, permuted like the base weight's
            array = to_llama_cpp_rows(hf_name, array, base_config)
        writer.add_tensor(f"{_gguf_name(names, hf_name)}.{part}", array.astype("float32"),
                          raw_dtype=gguf.GGMLQuantizationType.F32)
    return _finish(writer, out)


def lora_alpha(adapter_dir: Path) -> float:
    """The adapter's alpha, after checking it is a LoRA that llama.cpp's scale (alpha / r) reproduces."""
    config = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    problems = [why for bad, why in (
        (config.get("peft_type") != "LORA", f"peft_type {config.get('peft_type')} (only LORA)"),
        (bool(config.get("use_dora")), "DoRA"), (bool(config.get("use_rslora")), "rsLoRA scaling"),
        (bool(config.get("rank_pattern") or config.get("alpha_pattern")), "per-module ranks or alphas"),
        (bool(config.get("modules_to_save")), "modules_to_save")) if bad]
    if problems:
        raise GristmillError(f"{adapter_dir}: llama.cpp's LoRA format cannot hold {', '.join(problems)}")
    return float(config["lora_alpha"])


def lora_key_parts(key: str) -> tuple[str, str]:
    """`base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight` → (`model.layers.0.self_attn.q_proj.weight`,
    `lora_a`)."""
    for marker, part in ((".lora_A.weight", "lora_a"), (".lora_B.weight", "lora_b")):
        if key.endswith(marker):
            module = key[: -len(marker)].removeprefix("base_model.model.")
            return f"{module}.weight", part
    raise GristmillError(f"adapter tensor {key}: not a LoRA A or B weight (llama.cpp's format holds only those)")
