"""`--engine vllm`: the vLLM command line (vLLM does not install here), and the tenant gateway in front of an
OpenAI-compatible upstream (our own engine stands in for vLLM)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from deploy_runs import KEYS


def test_vllm_command_enables_lora_with_every_adapter(adapters: dict[str, Path], tiny_base: Path) -> None:
    from gristmill.serve import ServeSpec
    from gristmill.serve.vllm import vllm_command

    spec = ServeSpec(base=str(tiny_base), adapters={"sales-bot": str(adapters["sales-bot"])},
                     run=str(adapters["support-bot"]), max_adapters=4, max_batch=64)
    command = vllm_command(spec, "127.0.0.1", 9001)
    assert command[:3] == ["vllm", "serve", str(tiny_base)]
    options = {arg: command[i + 1] for i, arg in enumerate(command[:-1]) if arg.startswith("--")}
    assert options["--served-model-name"] == tiny_base.name
    assert (options["--port"], options["--max-loras"], options["--max-num-seqs"]) == ("9001", "4", "64")
    assert options["--max-lora-rank"] == "8"  # r=4 rounds up to the smallest rank vLLM accepts
    assert options["--enable-lora"] == "--max-loras"  # a flag: no value of its own
    modules = command[command.index("--lora-modules") + 1:]
    assert modules == [f"demo={adapters['support-bot'] / 'train' / 'adapter'}", f"sales-bot={adapters['sales-bot']}"]


def test_vllm_command_names_the_embedded_base_by_its_hub_id() -> None:
    from gristmill.models import EMBEDDED_HUB_ID
    from gristmill.serve import ServeSpec
    from gristmill.serve.vllm import vllm_command

    command = vllm_command(ServeSpec())
    assert command[2] == EMBEDDED_HUB_ID
    assert command[command.index("--max-lora-rank") + 1] == "16"
    assert "--lora-modules" not in command


@pytest.fixture(scope="module")
def gateway(tiny_base: Path, adapters: dict[str, Path], tenants_file: Path) -> Iterator[tuple[Any, Any]]:
    """Our engine, open (no tenants), as the upstream; the gateway with the tenants file in front of it."""
    import uvicorn

    from gristmill.serve import BackgroundServer, ServeSpec
    from gristmill.serve.gateway import create_gateway
    from gristmill.serve.server import Built
    from gristmill.serve.tenants import Tenants

    spec = ServeSpec(base=str(tiny_base), adapters={k: str(v) for k, v in adapters.items()}, served_name="tiny")
    with BackgroundServer(spec) as upstream:
        app = create_gateway(upstream.url, Tenants.load(tenants_file), "tiny")
        front = BackgroundServer(built=Built(app, _Nothing(), None))
        assert isinstance(front.server, uvicorn.Server)
        with front:
            yield front, upstream


class _Nothing:
    def stop(self) -> None:
        """The gateway has no engine of its own."""


def test_gateway_serves_tenants_and_hides_other_tenants_adapters(gateway: tuple[Any, Any]) -> None:
    front, upstream = gateway
    api = openai.OpenAI(base_url=f"{front.url}/v1", api_key=KEYS["globex"], max_retries=0)
    assert [m.id for m in api.models.list().data] == ["tiny", "sales-bot"]
    plain = api.chat.completions.create(model="sales-bot", messages=[{"role": "user", "content": "hi"}],
                                        max_tokens=6, temperature=0)
    streamed = api.chat.completions.create(model="sales-bot", messages=[{"role": "user", "content": "hi"}],
                                           max_tokens=6, temperature=0, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == plain.choices[0].message.content
    loads = upstream.built.engine.stack.loads
    with pytest.raises(openai.NotFoundError):
        api.chat.completions.create(model="support-bot", messages=[{"role": "user", "content": "hi"}])
    assert upstream.built.engine.stack.loads == loads  # the upstream never heard of it
    assert httpx.post(f"{front.url}/v1/completions", json={"model": "tiny", "prompt": "x"}).status_code == 401


def test_gateway_forwards_admin_routes_only_for_the_admin(gateway: tuple[Any, Any],
                                                          adapters: dict[str, Path]) -> None:
    front, upstream = gateway
    body = json.dumps({"lora_name": "legal-v2", "lora_path": str(adapters["legal-bot"])})
    tenant = httpx.post(f"{front.url}/v1/load_lora_adapter", content=body,
                        headers={"Authorization": f"Bearer {KEYS['acme']}"})
    assert tenant.status_code == 403
    admin = httpx.post(f"{front.url}/v1/load_lora_adapter", content=body,
                       headers={"Authorization": f"Bearer {KEYS['admin']}"})
    assert admin.status_code == 200 and "legal-v2" in admin.text
    assert "legal-v2" in upstream.built.registry.names()


def test_gateway_without_its_upstream_says_so(tenants_file: Path) -> None:
    from gristmill.serve import BackgroundServer
    from gristmill.serve.gateway import create_gateway
    from gristmill.serve.server import Built
    from gristmill.serve.tenants import Tenants

    app = create_gateway("http://127.0.0.1:9", Tenants.load(tenants_file), "tiny")  # port 9: nothing listens
    with BackgroundServer(built=Built(app, _Nothing(), None)) as front:
        reply = httpx.post(f"{front.url}/v1/completions", json={"model": "tiny", "prompt": "x"},
                           headers={"Authorization": f"Bearer {KEYS['acme']}"})
    assert reply.status_code == 502
    assert reply.json()["error"]["code"] == "upstream_unavailable"
