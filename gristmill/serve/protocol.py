"""The OpenAI wire format: request bodies, error bodies, and response / stream-chunk bodies.

Request models ignore fields they do not know (clients send many optional ones); the ones they read are
checked, and a bad one is an OpenAI-style 400 naming the parameter.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MAX_TOKENS = 256


class ServeError(Exception):
    """An error the client gets as `{"error": {...}}` with an HTTP status."""

    def __init__(self, status: int, message: str, *, kind: str = "invalid_request_error", param: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.param, self.code = status, message, kind, param, code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


def model_not_found(name: str) -> ServeError:
    return ServeError(404, f"The model '{name}' does not exist or you do not have access to it.", param="model",
                      code="model_not_found")


class GenerationParams(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str
    max_tokens: int | None = None
    temperature: float = Field(default=1.0, ge=0.0, le=2.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    n: int = 1
    stop: str | list[str] | None = None
    stream: bool = False

    def checked_max_tokens(self) -> int | None:
        if self.max_tokens is not None and self.max_tokens < 1:
            raise ServeError(400, f"max_tokens must be at least 1 (got {self.max_tokens})", param="max_tokens")
        if self.n != 1:
            raise ServeError(400, f"n={self.n}: this server returns one choice per request", param="n")
        return self.max_tokens

    def stops(self) -> tuple[str, ...]:
        found = [self.stop] if isinstance(self.stop, str) else list(self.stop or [])
        return tuple(s for s in found if s)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatRequest(GenerationParams):
    messages: list[ChatMessage] = Field(min_length=1)
    max_completion_tokens: int | None = None

    def checked_max_tokens(self) -> int | None:
        if self.max_tokens is None and self.max_completion_tokens is not None:
            self.max_tokens = self.max_completion_tokens
        return super().checked_max_tokens()


class CompletionRequest(GenerationParams):
    prompt: str | list[str]

    def prompt_text(self) -> str:
        if isinstance(self.prompt, list):
            if len(self.prompt) != 1:
                raise ServeError(400, "prompt: give one string (batches of prompts are separate requests)",
                                 param="prompt")
            return self.prompt[0]
        return self.prompt


class LoadAdapterRequest(BaseModel):
    """vLLM's body for POST /v1/load_lora_adapter (`load_inplace` replaces an adapter of the same name)."""

    model_config = ConfigDict(extra="ignore")

    lora_name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:/-]+$")
    lora_path: str = Field(min_length=1)
    load_inplace: bool = False


class UnloadAdapterRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    lora_name: str = Field(min_length=1)


# --------------------------------------------------------------------------------------------- responses


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:24]}"


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens}


def chat_response(rid: str, model: str, text: str, finish: str, use: dict[str, int]) -> dict[str, Any]:
    return {"id": rid, "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish,
                         "logprobs": None}], "usage": use}


def completion_response(rid: str, model: str, text: str, finish: str, use: dict[str, int]) -> dict[str, Any]:
    return {"id": rid, "object": "text_completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "text": text, "finish_reason": finish, "logprobs": None}], "usage": use}


def chunk(chat: bool, rid: str, model: str, text: str | None, finish: str | None,
          first: bool = False) -> dict[str, Any]:
    """One SSE chunk: a chat delta (`role` on the first) or a completion text piece."""
    if chat:
        delta: dict[str, Any] = {"role": "assistant", "content": ""} if first else \
            ({"content": text} if text else {})
        choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return {"id": rid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                "choices": [choice]}
    return {"id": rid, "object": "text_completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "text": text or "", "finish_reason": finish, "logprobs": None}]}
