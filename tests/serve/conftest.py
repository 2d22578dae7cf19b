"""A server on loopback over the tiny Llama: three tenants' adapters, a tenants file, an admin key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import deploy_runs
import pytest
from deploy_runs import KEYS

tiny_base = deploy_runs.tiny_base  # session fixtures shared with tests/export
tiny_run = deploy_runs.tiny_run


@pytest.fixture(scope="session")
def adapters(tiny_run: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three adapters on the tiny base: the run itself, and two variants as plain peft folders."""
    from deploy_runs import adapter_variant

    folder = tmp_path_factory.mktemp("adapters")
    return {"support-bot": tiny_run, "sales-bot": adapter_variant(tiny_run, folder / "sales", seed=1),
            "legal-bot": adapter_variant(tiny_run, folder / "legal", seed=2)}


@pytest.fixture(scope="session")
def tenants_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gristmill.serve.tenants import key_hash

    path = tmp_path_factory.mktemp("tenants") / "tenants.yaml"
    path.write_text(f"""tenants:
  - {{name: acme, key_sha256: {key_hash(KEYS['acme'])}, adapters: [support-bot, legal-bot]}}
  - {{name: globex, key_sha256: {key_hash(KEYS['globex'])}, adapters: [sales-bot]}}
admin_key_sha256: {key_hash(KEYS['admin'])}
""")
    return path


@pytest.fixture(scope="module")
def server(tiny_base: Path, adapters: dict[str, Path], tenants_file: Path) -> Iterator[Any]:
    from gristmill.serve import BackgroundServer, ServeSpec

    spec = ServeSpec(base=str(tiny_base), adapters={k: str(v) for k, v in adapters.items()},
                     tenants=str(tenants_file), max_adapters=2, served_name="tiny")
    with BackgroundServer(spec) as running:
        yield running
