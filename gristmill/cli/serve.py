"""`gristmill serve`: a thin layer over gristmill.serve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gristmill.cli.key import KeyCommandOpt, KeyFileOpt, serving_key
from gristmill.models import EMBEDDED

if TYPE_CHECKING:
    from gristmill.serve import ServeSpec


def parse_adapters(items: list[str]) -> dict[str, str]:
    """NAME=PATH pairs from --adapter (repeatable)."""
    from gristmill.errors import ConfigError

    pairs = [item.partition("=") for item in items]
    problems = [f"--adapter {item!r}: expected NAME=PATH" for item, (name, sep, path) in zip(items, pairs, strict=True)
                if not (name and sep and path)]
    if problems:
        raise ConfigError(problems)
    return {name: path for name, _, path in pairs}


def serve_command(
    run: Annotated[Path | None, typer.Argument(help="A trained run directory: serve its base and its adapter.")]
    = None,
    base: Annotated[str, typer.Option("--base", help="Base model: `embedded`, a hub id, folder or .gguf (a RUN "
                                      "sets it).")] = EMBEDDED,
    adapter: Annotated[list[str] | None, typer.Option("--adapter", help="NAME=PATH of a run directory or peft "
                                                      "folder (repeat).")] = None,
    tenants: Annotated[Path | None, typer.Option("--tenants", help="tenants.yaml: API-key hashes → adapters, "
                                                 "and the admin key hash.")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    max_adapters: Annotated[int, typer.Option("--max-adapters", help="Adapters resident at once (LRU).")] = 8,
    max_batch: Annotated[int, typer.Option("--max-batch", help="Requests per batched forward pass.")] = 32,
    lora_engine: Annotated[str, typer.Option("--lora-engine", help="How one batch mixes adapters: packed (two "
                                             "matmuls per layer) or peft (peft's mixed batches).")] = "packed",
    engine: Annotated[str, typer.Option(help="embedded (this process) or vllm (print vLLM's command; serve the "
                                        "tenant gateway in front of it with --upstream).")] = "embedded",
    upstream: Annotated[str | None, typer.Option(help="With --engine vllm: the running vLLM server's URL.")]
    = None,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
) -> None:
    """Serve a base and its adapters over an OpenAI-compatible API (hot swap, tenants, batching across adapters).

    [bold]gristmill serve runs/demo[/]   or   [bold]gristmill serve --adapter acme=runs/a --adapter bob=runs/b[/]
    """
    import logging

    from gristmill.cli.console import err
    from gristmill.serve import ServeSpec, serve

    spec = ServeSpec(base=base, run=str(run) if run else None, adapters=parse_adapters(adapter or []),
                     tenants=str(tenants) if tenants else None, max_adapters=max_adapters, max_batch=max_batch,
                     lora_engine=lora_engine, key=serving_key(key_file, key_command))
    if engine == "vllm":
        serve_vllm(spec, host, port, upstream)
        return
    if engine != "embedded":
        from gristmill.errors import ConfigError

        raise ConfigError([f"--engine {engine!r}: expected embedded or vllm"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    err.print(f"[dim]loading {spec.run or spec.base}; then listening on http://{host}:{port}/v1[/]")
    serve(spec, host=host, port=port)


def serve_vllm(spec: ServeSpec, host: str, port: int, upstream: str | None) -> None:
    """Start vLLM (when installed and no --upstream is given) on port+1, and the tenant gateway on `port`."""
    import os
    import shlex
    import shutil
    import subprocess

    import uvicorn

    from gristmill.cli.console import err
    from gristmill.errors import GristmillError
    from gristmill.serve.gateway import create_gateway
    from gristmill.serve.tenants import Tenants
    from gristmill.serve.vllm import RUNTIME_LORA_ENV, vllm_command

    command = vllm_command(spec, "127.0.0.1", port + 1)
    shown = " ".join(f"{k}={v}" for k, v in RUNTIME_LORA_ENV.items()) + " " + shlex.join(command)
    err.print(f"[bold]vLLM:[/] {shown}", soft_wrap=True, highlight=False)
    process = None
    if upstream is None:
        if shutil.which("vllm") is None:
            raise GristmillError("vLLM is not installed here: start it with the command above (on a GPU machine) "
                                 "and pass --upstream http://HOST:PORT to serve the tenant gateway in front of it")
        process = subprocess.Popen(command, env={**os.environ, **RUNTIME_LORA_ENV})
        upstream = f"http://127.0.0.1:{port + 1}"
    tenants = Tenants.load(spec.tenants)
    try:
        uvicorn.run(create_gateway(upstream, tenants, spec.base_name()), host=host, port=port)
    finally:
        if process is not None:
            process.terminate()
