"""The OpenAI-compatible HTTP layer (FastAPI): authentication, model → adapter resolution, prompt checks, plain
and SSE responses, and vLLM's adapter load/unload routes. Generation itself is the engine's.

Logged per request: an id, the model name, the tenant name, token counts and time. Never a key or a prompt.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request  # this module is imported only when a server is built
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.exceptions import HTTPException

from gristmill.serve.engine import EmbeddedEngine
from gristmill.serve.job import Job, Sampling
from gristmill.serve.protocol import (
    DEFAULT_MAX_TOKENS,
    ChatRequest,
    CompletionRequest,
    LoadAdapterRequest,
    ServeError,
    UnloadAdapterRequest,
    chat_response,
    chunk,
    completion_response,
    model_not_found,
    new_id,
    usage,
)
from gristmill.serve.registry import Registry
from gristmill.serve.tenants import Caller, Tenants

log = logging.getLogger("gristmill.serve")


def create_app(engine: EmbeddedEngine, registry: Registry, tenants: Tenants) -> FastAPI:
    """The ASGI app over a started engine."""
    app = openai_style_app("gristmill serve")
    service = Service(engine, registry, tenants)

    @app.get("/v1/models")
    async def models(request: Request) -> dict[str, Any]:
        return service.models(service.caller(request))

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        caller = service.caller(request)
        return await service.complete(caller, await parse(request, ChatRequest))

    @app.post("/v1/completions")
    async def completions(request: Request) -> Any:
        caller = service.caller(request)
        return await service.complete(caller, await parse(request, CompletionRequest))

    @app.post("/v1/load_lora_adapter")
    async def load_adapter(request: Request) -> PlainTextResponse:
        service.admin(request)
        body = await parse(request, LoadAdapterRequest)
        await registry.load(body.lora_name, body.lora_path, replace=body.load_inplace)
        return PlainTextResponse(f"Success: LoRA adapter '{body.lora_name}' added successfully.")

    @app.post("/v1/unload_lora_adapter")
    async def unload_adapter(request: Request) -> PlainTextResponse:
        service.admin(request)
        body = await parse(request, UnloadAdapterRequest)
        await registry.unload(body.lora_name)
        return PlainTextResponse(f"Success: LoRA adapter '{body.lora_name}' removed successfully.")

    return app


def openai_style_app(title: str) -> FastAPI:
    """A FastAPI app whose errors, ours and the framework's (404 route, 405 method), are OpenAI error bodies."""
    app = FastAPI(title=title, docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(ServeError)
    async def serve_error(_: Request, exc: ServeError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(ServeError(exc.status_code, str(exc.detail)).body(), status_code=exc.status_code)

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def authenticate(tenants: Tenants, request: Request, admin: bool = False) -> Caller:
    """The caller behind the request's bearer key: 401 without a known key, 403 for a tenant on an admin route."""
    caller = tenants.caller(request.headers.get("authorization"))
    if caller is None:
        raise ServeError(401, "Missing or unknown API key: send `Authorization: Bearer KEY`.",
                         kind="invalid_request_error", code="invalid_api_key")
    if admin and not caller.admin:
        raise ServeError(403, "This route needs the admin key.", kind="permission_error", code="forbidden")
    return caller


async def parse(request: Request, model: type[Any]) -> Any:
    """The JSON body validated into `model`, or a 400 naming what is wrong (never echoing the values)."""
    from pydantic import ValidationError

    raw = await request.body()
    try:
        data = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ServeError(400, f"the request body is not valid JSON ({type(exc).__name__} at byte "
                              f"{getattr(exc, 'pos', '?')})", code="invalid_json") from None
    if not isinstance(data, dict):
        raise ServeError(400, "the request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        first = exc.errors()[0]["loc"]
        raise ServeError(400, problems, param=str(first[0]) if first else None) from None


class Service:
    """What the routes do, apart from HTTP."""

    def __init__(self, engine: EmbeddedEngine, registry: Registry, tenants: Tenants) -> None:
        self.engine = engine
        self.registry = registry
        self.tenants = tenants

    def caller(self, request: Request) -> Caller:
        return authenticate(self.tenants, request)

    def admin(self, request: Request) -> None:
        authenticate(self.tenants, request, admin=True)

    def models(self, caller: Caller) -> dict[str, Any]:
        base = self.engine.base_name
        listed = [{"id": base, "object": "model", "created": 0, "owned_by": "gristmill", "parent": None}] \
            if caller.may_use(None) else []
        listed += [{"id": name, "object": "model", "created": 0, "owned_by": "gristmill", "parent": base}
                   for name in self.registry.names() if caller.may_use(name)]
        return {"object": "list", "data": listed}

    def resolve(self, caller: Caller, model: str) -> Any:
        """The adapter a request names (None for the base); another tenant's adapter is as unknown as a typo."""
        if model == self.engine.base_name:
            if not caller.may_use(None):
                raise model_not_found(model)
            return None
        if not caller.may_use(model):
            raise model_not_found(model)
        ref = self.registry.get(model)
        if ref is None:
            raise model_not_found(model)
        return ref

    async def complete(self, caller: Caller, body: ChatRequest | CompletionRequest) -> Any:
        max_tokens = body.checked_max_tokens()
        adapter = self.resolve(caller, body.model)
        prompt_ids = self.encode(body)
        param = "messages" if isinstance(body, ChatRequest) else "prompt"
        job, events = self.new_job(prompt_ids, adapter, self.budget(len(prompt_ids), max_tokens, param), body)
        rid = new_id("chatcmpl" if isinstance(body, ChatRequest) else "cmpl")
        self.engine.submit(job)
        if body.stream:
            return StreamingResponse(self.stream(rid, body, job, events, caller), media_type="text/event-stream")
        return await self.collect(rid, body, job, events, caller)

    def encode(self, body: ChatRequest | CompletionRequest) -> list[int]:
        if isinstance(body, CompletionRequest):
            return self.engine.encode_text(body.prompt_text())
        return self.engine.encode_chat([{"role": m.role, "content": m.text()} for m in body.messages])

    def budget(self, prompt_tokens: int, max_tokens: int | None, param: str) -> int:
        limit = self.engine.context_length
        wanted = max_tokens if max_tokens is not None else min(DEFAULT_MAX_TOKENS, limit - prompt_tokens)
        if prompt_tokens + max(wanted, 1) > limit:
            raise ServeError(400, f"This model's maximum context length is {limit} tokens. However, you requested "
                             f"{prompt_tokens + wanted} tokens ({prompt_tokens} in the prompt, {wanted} for the "
                             "completion). Please reduce the prompt or max_tokens.", param=param,
                             code="context_length_exceeded")
        return wanted

    def new_job(self, prompt_ids: list[int], adapter: Any, max_new: int, body: Any) -> tuple[Job, asyncio.Queue]:
        loop = asyncio.get_running_loop()
        events: asyncio.Queue = asyncio.Queue()
        job = Job(prompt_ids, adapter, max_new, Sampling(body.temperature, body.top_p),
                  on_text=lambda text: loop.call_soon_threadsafe(events.put_nowait, ("text", text)),
                  on_done=lambda end: loop.call_soon_threadsafe(events.put_nowait, ("done", end)),
                  stop=body.stops(), streaming=bool(body.stream))
        return job, events

    async def collect(self, rid: str, body: Any, job: Job, events: asyncio.Queue, caller: Caller) -> dict:
        started, pieces = time.perf_counter(), []
        try:
            while (event := await events.get())[0] == "text":
                pieces.append(event[1])
        finally:
            job.cancelled = job.finish_reason is None  # the client went away before the end
        end = event[1]
        self.log_request(rid, body.model, caller, job, started)
        if isinstance(end, BaseException):
            raise ServeError(500, "generation failed on the server", kind="server_error")
        use = usage(len(job.prompt_ids), len(job.tokens))
        build = chat_response if isinstance(body, ChatRequest) else completion_response
        return build(rid, body.model, "".join(pieces), end, use)

    async def stream(self, rid: str, body: Any, job: Job, events: asyncio.Queue,
                     caller: Caller) -> AsyncIterator[str]:
        chat, started = isinstance(body, ChatRequest), time.perf_counter()
        try:
            if chat:
                yield sse(chunk(True, rid, body.model, None, None, first=True))
            while (event := await events.get())[0] == "text":
                yield sse(chunk(chat, rid, body.model, event[1], None))
            if isinstance(event[1], BaseException):
                yield sse(ServeError(500, "generation failed on the server", kind="server_error").body())
            else:
                yield sse(chunk(chat, rid, body.model, None, event[1]))
            yield "data: [DONE]\n\n"
        finally:
            if job.finish_reason is None:  # the client hung up: its row stops at the next token
                job.cancelled = True
            self.log_request(rid, body.model, caller, job, started)

    @staticmethod
    def log_request(rid: str, model: str, caller: Caller, job: Job, started: float) -> None:
        log.info("%s model=%s tenant=%s prompt_tokens=%d completion_tokens=%d finish=%s seconds=%.3f", rid, model,
                 caller.name, len(job.prompt_ids), len(job.tokens), job.finish_reason or "cancelled",
                 time.perf_counter() - started)


def sse(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
