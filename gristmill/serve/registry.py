"""The adapters the server knows by name (vLLM's load/unload semantics); which of them are resident is the stack's
business. A known adapter that was evicted is loaded again by the next request that names it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from gristmill.crypto import KeyProvider, sealer_for
from gristmill.errors import GristmillError
from gristmill.serve.engine import EmbeddedEngine
from gristmill.serve.protocol import ServeError
from gristmill.serve.stack import AdapterRef
from gristmill.trained import find_trained


class Registry:
    """name → AdapterRef. Changed only on the event loop; loads run on the engine's worker between batches."""

    def __init__(self, engine: EmbeddedEngine, key: KeyProvider | None = None) -> None:
        self.engine = engine
        self.key = key  # the master key of encrypted runs' adapters (each run unwraps its own data key)
        self._refs: dict[str, AdapterRef] = {}
        self._version = 0

    def names(self) -> list[str]:
        return sorted(self._refs)

    def get(self, name: str) -> AdapterRef | None:
        return self._refs.get(name)

    def register(self, name: str, path: str | Path) -> AdapterRef:
        """Know an adapter without loading it yet (the first request loads it). Raises on a path that holds none."""
        if name == self.engine.base_name:
            raise GristmillError(f"adapter name {name!r} is the base model's name; pick another")
        self._version += 1
        sealer = sealer_for(path, self.key)  # None for a plain adapter; an encrypted one without a key is refused
        ref = AdapterRef(name, find_trained(path, name, sealer).adapter_dir, self._version, sealer)
        self._refs[name] = ref
        return ref

    async def load(self, name: str, path: str, replace: bool = False) -> AdapterRef:
        """Load `path` as `name` now (an error comes back to the caller); `replace` swaps a loaded one in place."""
        if name in self._refs and not replace:
            raise ServeError(400, f"The lora adapter '{name}' has already been loaded (unload it first, or send "
                             "load_inplace: true).", param="lora_name")
        old = self._refs.get(name)
        try:
            ref = self.register(name, path)
            await asyncio.wrap_future(self.engine.call(lambda stack: stack.ensure([ref])))
        except GristmillError as exc:
            self._restore(name, old)
            raise ServeError(400, str(exc), param="lora_path") from None
        if old is not None:  # requests accepted before the swap keep the old weights until they are served
            await self._evict_unused(name, keep={ref.key})
        return ref

    async def unload(self, name: str) -> None:
        if self._refs.pop(name, None) is None:
            raise ServeError(404, f"The lora adapter '{name}' cannot be found.", param="lora_name",
                             code="model_not_found")
        await self._evict_unused(name, keep=set())

    def _restore(self, name: str, old: AdapterRef | None) -> None:
        if old is None:
            self._refs.pop(name, None)
        else:
            self._refs[name] = old

    async def _evict_unused(self, name: str, keep: set[tuple[str, int]]) -> None:
        engine = self.engine
        await asyncio.wrap_future(engine.call(lambda stack: stack.evict_except(keep | engine.pending_adapters(),
                                                                              {name})))
