"""`--engine vllm`: the command line that starts vLLM's OpenAI server with LoRA enabled (vLLM itself runs where
it installs, a CUDA machine); `gristmill.serve.gateway` puts the tenant gateway in front of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gristmill.serve.server import ServeSpec
from gristmill.trained import find_trained

VLLM_LORA_RANKS = (1, 8, 16, 32, 64, 128, 256, 320, 512)  # the values vLLM accepts for --max-lora-rank
RUNTIME_LORA_ENV = {"VLLM_ALLOW_RUNTIME_LORA_UPDATING": "True"}  # enables /v1/load_lora_adapter in vLLM


def vllm_command(spec: ServeSpec, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """`vllm serve BASE --enable-lora --lora-modules NAME=PATH ...` for the spec's base and adapters (run it with
    RUNTIME_LORA_ENV in the environment so adapters can be loaded and unloaded while it runs)."""
    from gristmill.models import portable_model_name, resolve_model

    base, gguf_file, adapters = spec.resolved()
    source, gguf = resolve_model(base, gguf_file)
    model = portable_model_name(base) if gguf is None or base == "embedded" else str(Path(source) / gguf)
    folders = {name: find_trained(path, name).adapter_dir for name, path in adapters.items()}
    command = ["vllm", "serve", model, "--served-model-name", spec.base_name(),
               "--host", host, "--port", str(port), "--enable-lora", "--max-loras", str(spec.max_adapters),
               "--max-lora-rank", str(max_lora_rank(folders.values())), "--max-num-seqs", str(spec.max_batch)]
    if folders:
        command += ["--lora-modules", *(f"{name}={folder}" for name, folder in folders.items())]
    return command


def max_lora_rank(folders: Any) -> int:
    """The smallest rank vLLM accepts that holds every adapter's r (16, gristmill's default, when none)."""
    ranks = [int(json.loads((Path(f) / "adapter_config.json").read_text(encoding="utf-8"))["r"]) for f in folders]
    needed = max(ranks, default=16)
    return next((r for r in VLLM_LORA_RANKS if r >= needed), needed)
