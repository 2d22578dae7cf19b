"""Build the server (base, adapters, tenants, engine, app) and run it on uvicorn, in the foreground (`serve`) or on
a background thread (`BackgroundServer`, for scripts, tests and benchmarks)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gristmill.errors import GristmillError, require
from gristmill.models import EMBEDDED


@dataclass
class ServeSpec:
    """What to serve. `run` (a trained run directory) sets the base and adds its adapter under the run's name."""

    base: str = EMBEDDED
    gguf_file: str | None = None
    run: str | None = None
    adapters: dict[str, str] = field(default_factory=dict)  # name → run directory or peft folder
    tenants: str | None = None
    max_adapters: int = 8
    max_batch: int = 32
    lora_engine: str = "packed"  # how a batch mixes adapters: packed (packed.py), or peft's mixed batches
    device: str | None = None
    dtype: str | None = None
    served_name: str | None = None  # the base's name in requests (default: `embedded`, a hub id or folder name)
    key: Any = None  # a crypto.KeyProvider: the master key of encrypted runs' adapters

    def resolved(self) -> tuple[str, str | None, dict[str, str]]:
        """(base, gguf_file, adapters) with the run's base and adapter filled in."""
        from gristmill.trained import find_trained

        if self.run is None:
            return self.base, self.gguf_file, dict(self.adapters)
        from gristmill.crypto import sealer_for

        trained = find_trained(self.run, sealer=sealer_for(self.run, self.key))
        return trained.base, trained.gguf_file, {trained.name: str(trained.adapter_dir), **self.adapters}

    def base_name(self) -> str:
        return self.served_name or served_name(self.resolved()[0])


@dataclass
class Built:
    app: Any
    engine: Any
    registry: Any


def build(spec: ServeSpec) -> Built:
    """Load the base once, register the adapters (loaded on first use), start the engine, make the app."""
    for module in ("fastapi", "uvicorn"):
        require(module, "serve", "gristmill serve")
    from gristmill.models import load_model
    from gristmill.serve.app import create_app
    from gristmill.serve.engine import EmbeddedEngine
    from gristmill.serve.registry import Registry
    from gristmill.serve.tenants import Tenants

    tenants = Tenants.load(spec.tenants)  # a bad tenants file fails before the model loads
    base, gguf_file, adapters = spec.resolved()
    model, tokenizer = load_model(base, gguf_file=gguf_file, device=spec.device, dtype=spec.dtype, plain=True)
    engine = EmbeddedEngine(model, tokenizer, spec.base_name(), spec.max_adapters, spec.max_batch,
                            lora_engine=spec.lora_engine)
    registry = Registry(engine, spec.key)
    for name, path in adapters.items():
        registry.register(name, path)
    engine.start()
    return Built(create_app(engine, registry, tenants), engine, registry)


def served_name(base: str) -> str:
    path = Path(base)
    return base if base == EMBEDDED or not path.exists() else (path.stem if path.suffix == ".gguf" else path.name)


def serve(spec: ServeSpec, host: str = "127.0.0.1", port: int = 8000, log_config: Any = None) -> None:
    """Serve in the foreground until interrupted."""
    import uvicorn

    built = build(spec)
    try:
        uvicorn.run(built.app, host=host, port=port, log_config=log_config, access_log=True)
    finally:
        built.engine.stop()


class BackgroundServer:
    """A server on a background thread: `with BackgroundServer(spec) as server: server.url`."""

    def __init__(self, spec: ServeSpec | None = None, host: str = "127.0.0.1", port: int = 0,
                 built: Built | None = None) -> None:
        self.built = built or build(spec or ServeSpec())
        import uvicorn

        config = uvicorn.Config(self.built.app, host=host, port=port, log_config=None, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="gristmill-http", daemon=True)
        self.url = ""

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise GristmillError("the HTTP server did not start")
            time.sleep(0.02)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        self.url = f"http://{host}:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.built.engine.stop()
