"""Where a trained adapter and its base are: a run directory, a training output folder, or a plain peft folder.

Export and serve both start here, so `gristmill export RUN` and `gristmill serve RUN` read a run the same way.
An encrypted run's adapter is sealed (`adapter_model.safetensors.enc`, `adapter_config.json.enc`): it is written
from the state dict in memory and read back into peft from memory, never decrypted to disk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gristmill import crypto
from gristmill.errors import GristmillError, InputError

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"


@dataclass(frozen=True)
class TrainedAdapter:
    """A saved adapter and the base it was trained on (`base` as `gristmill.models.load_model` takes it)."""

    name: str
    adapter_dir: Path
    base: str
    gguf_file: str | None = None


def find_trained(path: str | Path, name: str | None = None, sealer: crypto.Sealer | None = None) -> TrainedAdapter:
    """RUN (holding train/train.json), a training output folder (train.json) or a peft adapter folder (a sealed
    one's config is opened with `sealer`, default the active one)."""
    path = Path(path)
    for record in (path / "train" / "train.json", path / "train.json"):
        if record.is_file():
            return _from_record(record, name or _run_name(path))
    if has_adapter(path):
        from gristmill.models import local_model_name

        base = adapter_config(path, sealer).get("base_model_name_or_path") or ""
        return TrainedAdapter(name or path.name, path, local_model_name(base))
    raise InputError(f"{path}: neither a trained run (no train/train.json) nor an adapter folder "
                     "(no adapter_config.json)")


def _from_record(record: Path, name: str) -> TrainedAdapter:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        base, gguf_file, saved = data["base_model"], data.get("gguf_file"), data["adapter"]["path"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{record}: not a train.json that gristmill wrote ({exc})") from exc
    beside = record.parent / "adapter"  # the run directory may have moved since training
    adapter_dir = beside if has_adapter(beside) else Path(saved)
    if not has_adapter(adapter_dir):
        raise InputError(f"{record}: the adapter it names ({saved}) is not there")
    return TrainedAdapter(name, adapter_dir, base, gguf_file)


def _run_name(path: Path) -> str:
    resolved = path.resolve()
    return resolved.parent.name if resolved.name == "train" else resolved.name


def has_adapter(folder: str | Path) -> bool:
    """Whether `folder` holds a peft adapter, plain or sealed."""
    return crypto.stored(Path(folder) / ADAPTER_CONFIG) is not None


def adapter_config(folder: str | Path, sealer: crypto.Sealer | None = None) -> dict[str, Any]:
    """adapter_config.json of a plain or sealed adapter (sealed: opened with `sealer`, default the active one)."""
    return json.loads(crypto.load_bytes(Path(folder) / ADAPTER_CONFIG, sealer))


def adapter_weights(folder: str | Path, sealer: crypto.Sealer | None = None) -> dict[str, Any]:
    """The adapter's tensors, from a plain or sealed adapter_model.safetensors (sealed: decrypted in memory)."""
    from safetensors.torch import load, load_file

    path = Path(folder) / ADAPTER_WEIGHTS
    return load_file(str(path)) if path.exists() else load(crypto.load_bytes(path, sealer))


def trains_embeddings(model: Any) -> bool:
    """Whether a peft model trains its input or output embedding (LoRA on it, or a trainable copy). peft's
    `save_embedding_layers="auto"` asks the hub whether the base's vocabulary grew instead: a network call at every
    save, and a warning offline. gristmill never resizes the vocabulary, so the embedding is saved when trained."""
    base = model.get_base_model()
    layers = [m for m in (base.get_input_embeddings(), base.get_output_embeddings()) if m is not None]
    return any(p.requires_grad for layer in layers for p in layer.parameters())


def save_sealed_adapter(model: Any, folder: Path, state_dict: dict[str, Any] | None = None) -> Path:
    """A peft model's adapter, as `save_pretrained` would write it (the same tensor names and config), sealed with
    the active sealer: serialized in memory, so no plaintext weight reaches the disk. `state_dict`: the model's
    tensors when they are not its parameters' own (gathered from shards)."""
    from peft import get_peft_model_state_dict
    from safetensors.torch import save

    sealer = crypto.active()
    assert sealer is not None, "save_sealed_adapter needs an active sealer (crypto.sealing)"
    config = model.peft_config["default"].to_dict()
    config = {**{k: sorted(v) if isinstance(v, set) else v for k, v in config.items()}, "inference_mode": True}
    adapter = get_peft_model_state_dict(model, state_dict, save_embedding_layers=trains_embeddings(model))
    state = {name: tensor.detach().cpu().contiguous() for name, tensor in adapter.items()}
    folder.mkdir(parents=True, exist_ok=True)
    sealer.write_bytes(save(state, metadata={"format": "pt"}), folder / ADAPTER_WEIGHTS)
    sealer.write_bytes(json.dumps(config, indent=2, sort_keys=True).encode("utf-8"), folder / ADAPTER_CONFIG)
    return folder


def load_adapter(base: Any, folder: str | Path, adapter_name: str = "default", is_trainable: bool = False,
                 sealer: crypto.Sealer | None = None) -> Any:
    """`PeftModel.from_pretrained(base, folder)` (or, when `base` is a PeftModel already, its `load_adapter`), for a
    sealed adapter too: config and weights opened in memory with `sealer` (default: the active one) and set into
    the model with `set_peft_model_state_dict`. Returns the PeftModel."""
    from peft import PeftConfig, PeftModel, get_peft_model, set_peft_model_state_dict

    folder = Path(folder)
    into = base if isinstance(base, PeftModel) else None
    if (folder / ADAPTER_CONFIG).exists():
        if into is not None:
            into.load_adapter(str(folder), adapter_name=adapter_name, is_trainable=is_trainable)
            return into
        return PeftModel.from_pretrained(base, str(folder), adapter_name=adapter_name, is_trainable=is_trainable)
    config = PeftConfig.from_peft_type(**adapter_config(folder, sealer))
    config.inference_mode = not is_trainable
    if into is not None:
        into.add_adapter(adapter_name, config)
        model = into
    else:  # the task's PeftModel class, as from_pretrained makes it
        model = get_peft_model(base, config, adapter_name=adapter_name)
    weights = adapter_weights(folder, sealer)
    loaded: Any = set_peft_model_state_dict(model, weights, adapter_name=adapter_name)  # torch's (missing, unexpected)
    unexpected = list(loaded.unexpected_keys)
    if unexpected:
        raise GristmillError(f"{folder}: the adapter holds tensors this model lacks ({unexpected[:3]} ...)")
    return model


def save_sealed_model(model: Any, tokenizer: Any, folder: Path) -> Path:
    """A whole model (merged weights) as `save_pretrained` would lay it out, sealed with the active sealer: the
    weights serialized in memory (`model.safetensors`, tied copies stored once as transformers does), its config,
    and the base's tokenizer files (these pass through a private temporary folder; they hold no trained weight)."""
    import tempfile

    from safetensors.torch import save

    sealer = crypto.active()
    assert sealer is not None, "save_sealed_model needs an active sealer (crypto.sealing)"
    seen: set[tuple[int, int]] = set()
    state = {}
    for name, tensor in model.state_dict().items():
        where = (tensor.data_ptr(), tensor.numel())
        if where in seen:  # a tied weight (the output head sharing the embedding): from_pretrained ties it again
            continue
        seen.add(where)
        state[name] = tensor.detach().cpu().contiguous()
    folder.mkdir(parents=True, exist_ok=True)
    sealer.write_bytes(save(state, metadata={"format": "pt"}), folder / "model.safetensors")
    sealer.write_bytes(model.config.to_json_string().encode("utf-8"), folder / "config.json")
    with tempfile.TemporaryDirectory() as scratch:
        tokenizer.save_pretrained(scratch)
        for path in sorted(Path(scratch).iterdir()):
            sealer.write_bytes(path.read_bytes(), folder / path.name)
    return folder
