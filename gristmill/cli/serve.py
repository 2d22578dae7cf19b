"""`gristmill serve`: a thin layer over gristmill.serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gristmill.models import EMBEDDED


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
    engine: Annotated[str, typer.Option(help="embedded (this process) or vllm (print vLLM's command; serve the "
                                        "tenant gateway in front of it with --upstream).")] = "embedded",
    upstream: Annotated[str | None, typer.Option(help="With --engine vllm: the running vLLM server's URL.")]
    = None,
) -> None:
    """Serve a base and its adapters over an OpenAI-compatible API (hot swap, tenants, batching across adapters).

    [bold]gristmill serve runs/demo[/]   or   [bold]gristmill serve --adapter acme=runs/a --adapter bob=runs/b[/]
    """
    import logging

    from gristmill.cli.console import err
    from gristmill.serve import ServeSpec, serve

    spec = ServeSpec(base=base, run=str(run) if run else None, adapters=parse_adapters(adapter or []),
                     tenants=str(tenants) if tenants else None, max_adapters=max_adapters, max_batch=max_batch)
    if engine == "vllm":
        from gristmill.cli.serve_vllm import serve_vllm

        serve_vllm(spec, host, port, upstream)
        return
    if engine != "embedded":
        from gristmill.errors import ConfigError

        raise ConfigError([f"--engine {engine!r}: expected embedded or vllm"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    err.print(f"[dim]loading {spec.run or spec.base}; then listening on http://{host}:{port}/v1[/]")
    serve(spec, host=host, port=port)
