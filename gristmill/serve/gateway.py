"""The tenant gateway: authenticates and authorizes exactly as `gristmill serve` does (another tenant's adapter
is a 404 and the upstream never hears of it), then forwards the request body untouched, streams included, to an
OpenAI-compatible upstream: vLLM started with `vllm_command`, or any other (the tests use our own engine)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import Request  # this module is imported only when a gateway is built
from fastapi.responses import Response, StreamingResponse

from gristmill.serve.app import authenticate, openai_style_app, parse
from gristmill.serve.protocol import (
    ChatRequest,
    CompletionRequest,
    LoadAdapterRequest,
    ServeError,
    UnloadAdapterRequest,
    model_not_found,
)
from gristmill.serve.tenants import Tenants

ROUTES = [("/v1/chat/completions", ChatRequest, "generation"), ("/v1/completions", CompletionRequest, "generation"),
          ("/v1/load_lora_adapter", LoadAdapterRequest, "admin"),
          ("/v1/unload_lora_adapter", UnloadAdapterRequest, "admin")]  # POST routes: path, body, who may call


def create_gateway(upstream: str, tenants: Tenants, base_name: str, upstream_key: str | None = None) -> Any:
    """An app that authenticates and authorizes like `gristmill serve`, then forwards to `upstream`."""
    app = openai_style_app("gristmill gateway")
    headers = {"content-type": "application/json"} | ({"authorization": f"Bearer {upstream_key}"}
                                                       if upstream_key else {})
    http = httpx.AsyncClient(base_url=upstream.rstrip("/"), timeout=None, headers=headers)

    def allowed(caller: Any, model: str) -> bool:
        return caller.may_use(None if model == base_name else model)

    @app.get("/v1/models")
    async def models(request: Request) -> Any:
        caller = authenticate(tenants, request)
        try:
            listing = (await http.get("/v1/models")).json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ServeError(502, f"the upstream server did not list its models ({type(exc).__name__})",
                             kind="server_error", code="upstream_unavailable") from None
        listing["data"] = [m for m in listing.get("data", []) if allowed(caller, m["id"])]
        return listing

    async def generation(request: Request, kind: type[Any], path: str) -> Any:
        caller = authenticate(tenants, request)
        body = await parse(request, kind)
        body.checked_max_tokens()
        if not allowed(caller, body.model):
            raise model_not_found(body.model)
        return await forward(http, path, await request.body(), stream=body.stream)

    async def admin(request: Request, kind: type[Any], path: str) -> Any:
        authenticate(tenants, request, admin=True)
        await parse(request, kind)
        return await forward(http, path, await request.body(), stream=False)

    handlers = {"generation": generation, "admin": admin}
    for path, kind, role in ROUTES:
        app.add_api_route(path, _route(handlers[role], kind, path), methods=["POST"])
    return app


def _route(handler: Any, kind: type[Any], path: str) -> Any:
    """A route for `path` that parses a `kind` body and hands it to `handler`."""

    async def route(request: Request) -> Any:
        return await handler(request, kind, path)

    return route


async def forward(http: Any, path: str, body: bytes, stream: bool) -> Any:
    """POST the body upstream; hand back its status and body (a stream stays a stream, closed when done)."""
    try:
        reply = await http.send(http.build_request("POST", path, content=body), stream=True)
    except httpx.HTTPError as exc:
        raise ServeError(502, f"the upstream server did not answer ({type(exc).__name__})", kind="server_error",
                         code="upstream_unavailable") from None
    media = reply.headers.get("content-type", "application/json")
    if stream and reply.status_code == 200:
        async def relay() -> Any:
            try:
                async for part in reply.aiter_raw():
                    yield part
            finally:  # also when our client hangs up: closing the upstream stream stops its generation
                await reply.aclose()

        return StreamingResponse(relay(), status_code=200, media_type=media)
    content = await reply.aread()
    await reply.aclose()
    return Response(content, status_code=reply.status_code, media_type=media)
