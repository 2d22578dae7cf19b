"""Text scorers behind one interface: `score(texts) -> {category: scores in [0, 1]}`.

Curation's `toxicity` pass uses them to filter training data; evaluation reuses them to score generations.
Backends:
- `detoxify`: detoxify's own loading code (a model name it downloads when online, or a local checkpoint with
  `config_path` naming the folder of the Hugging Face config and tokenizer, for offline use).
- `profanity_check`: alt-profanity-check's linear model (ships its weights; offline, fast).
- `hf`: any local Hugging Face sequence-classification model (sigmoid per label for multi-label models,
  softmax otherwise).
- `openai_moderation`: the moderations endpoint of any OpenAI-compatible server, through the `openai` package.
- `perspective`: Google's Perspective API (`comments:analyze`) over httpx.

The two API backends retry 429, 5xx, timeouts and connection errors with full-jitter exponential backoff (a
`Retry-After` header wins), the policy synthesis uses; 401/403/404 stop at once. API keys come from
environment variables and are never written anywhere.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, Protocol, TypeVar

import numpy as np
from pydantic import Field, model_validator

from gristmill.config import Section
from gristmill.errors import ConfigError, GristmillError, require
from gristmill.http import retry_after_seconds, scrub

T = TypeVar("T")
RETRYABLE_STATUS = {408, 409, 425, 429}
FATAL_STATUS = {401, 403, 404}
DETOXIFY_NAMES = {"toxic": "toxicity", "identity_hate": "identity_attack", "severe_toxic": "severe_toxicity"}


class ScorerError(GristmillError):
    """A scoring backend that failed for good (a refused key, retries spent)."""


class Scorer(Protocol):
    """What every backend provides. Scores are float arrays as long as `texts`, one per category."""

    name: str

    def score(self, texts: list[str]) -> dict[str, np.ndarray]: ...


def batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def torch_device(device: str | None) -> str:
    """The device to run on: as given, or CUDA when there is one."""
    if device is not None:
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def api_key(env: str | None, backend: str) -> str | None:
    if env is None:
        return None
    value = os.environ.get(env)
    if not value:
        raise ConfigError([f"toxicity.api_key_env: the environment variable {env} is not set (it holds the "
                           f"{backend} API key)"])
    return value


# --------------------------------------------------------------------------------------------- local models


class DetoxifyScorer:
    """detoxify's models through `detoxify.Detoxify`, batched (its `predict` takes one batch at a time)."""

    name = "detoxify"

    def __init__(self, model: str = "original", checkpoint: str | None = None, config_path: str | None = None,
                 device: str | None = None, batch_size: int = 32) -> None:
        detoxify = require("detoxify", "toxicity", "The detoxify toxicity backend")
        self.detoxify = detoxify.Detoxify(model_type=model, checkpoint=checkpoint, device=torch_device(device),
                                          huggingface_config_path=config_path)
        self.batch_size = batch_size

    def score(self, texts: list[str]) -> dict[str, np.ndarray]:
        parts: dict[str, list[float]] = {name: [] for name in self.detoxify.class_names}
        for batch in batches(texts, self.batch_size):
            for name, values in self.detoxify.predict(batch).items():
                parts[name] += values if isinstance(values, list) else [values]
        return {DETOXIFY_NAMES.get(k, k): np.asarray(v, dtype=np.float64) for k, v in parts.items()}


class ProfanityCheckScorer:
    """alt-profanity-check: a linear SVM over character n-grams, calibrated probabilities."""

    name = "profanity_check"

    def __init__(self) -> None:
        self.predict_prob = require("profanity_check", "toxicity", "The profanity_check backend").predict_prob

    def score(self, texts: list[str]) -> dict[str, np.ndarray]:
        values = self.predict_prob(texts) if texts else np.zeros(0)
        return {"profanity": np.asarray(values, dtype=np.float64)}


class HFScorer:
    """A local Hugging Face sequence-classification model; one category per label of its config."""

    name = "hf"

    def __init__(self, model: str, device: str | None = None, batch_size: int = 32, max_length: int = 512) -> None:
        transformers = require("transformers", "toxicity", "The hf toxicity backend")
        self.torch = require("torch", "toxicity", "The hf toxicity backend")
        self.device = torch_device(device)
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(model)
        self.model = transformers.AutoModelForSequenceClassification.from_pretrained(model).to(self.device).eval()
        config = self.model.config
        self.labels = [str(config.id2label[i]).lower() for i in range(config.num_labels)]
        self.multi_label = config.problem_type == "multi_label_classification" or config.num_labels == 1
        self.batch_size, self.max_length = batch_size, max_length

    def score(self, texts: list[str]) -> dict[str, np.ndarray]:
        torch = self.torch
        chunks = []
        with torch.inference_mode():
            for batch in batches(texts, self.batch_size):
                inputs = self.tokenizer(batch, return_tensors="pt", truncation=True, padding=True,
                                        max_length=self.max_length).to(self.device)
                logits = self.model(**inputs).logits.float()
                chunks.append((logits.sigmoid() if self.multi_label else logits.softmax(-1)).cpu().numpy())
        scores = np.concatenate(chunks) if chunks else np.zeros((0, len(self.labels)))
        return {label: scores[:, i].astype(np.float64) for i, label in enumerate(self.labels)}


# --------------------------------------------------------------------------------------------- HTTP APIs


@dataclass
class RetryPolicy:
    """How API backends retry: full-jitter exponential backoff, a server's Retry-After first."""

    max_retries: int = 6
    backoff_s: float = 1.0
    backoff_max_s: float = 60.0
    timeout_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        if retry_after is not None:
            return min(retry_after, self.backoff_max_s)
        return rng.uniform(0, min(self.backoff_max_s, self.backoff_s * 2 ** attempt))


@dataclass
class Attempt:
    """One failed request: whether to retry, what the server asked us to wait, and why."""

    status: int | None  # None: timeout or connection error
    retry_after: float | None
    message: str


def with_retries(call: Callable[[], T | Attempt], policy: RetryPolicy, what: str, retries: dict[str, int],
                 rng: random.Random) -> T:
    """`call()` until it returns a result; a retryable Attempt sleeps and tries again, a fatal one raises."""
    for attempt in range(policy.max_retries + 1):
        result = call()
        if not isinstance(result, Attempt):
            return result
        outcome = result
        if outcome.status in FATAL_STATUS:
            raise ScorerError(f"{what} refused the request ({outcome.message}); check the URL and the API key")
        retryable = outcome.status is None or outcome.status in RETRYABLE_STATUS or outcome.status >= 500
        if not retryable or attempt == policy.max_retries:
            break
        reason = f"http_{outcome.status}" if outcome.status else "connection"
        retries[reason] = retries.get(reason, 0) + 1
        time.sleep(policy.delay(attempt, outcome.retry_after, rng))
    raise ScorerError(f"{what} failed after {attempt + 1} attempt(s): {outcome.message}")


class OpenAIModerationScorer:
    """The moderations endpoint (`POST {base_url}/moderations`), a batch of texts per request."""

    name = "openai_moderation"

    def __init__(self, model: str = "omni-moderation-latest", base_url: str | None = None,
                 api_key_env: str | None = "OPENAI_API_KEY", batch_size: int = 32,
                 policy: RetryPolicy | None = None) -> None:
        self.openai = require("openai", "toxicity", "The openai_moderation backend")
        self.policy = policy or RetryPolicy()
        key = api_key(api_key_env, "OpenAI moderation") or "not-needed"
        self.client = self.openai.OpenAI(base_url=base_url, api_key=key, max_retries=0, timeout=self.policy.timeout_s)
        self.model, self.batch_size, self.where = model, batch_size, base_url or "api.openai.com"
        self.retries: dict[str, int] = {}
        self.rng = random.Random()

    def _attempt(self, batch: list[str]) -> Any:
        openai = self.openai
        try:
            return self.client.moderations.create(model=self.model, input=batch)
        except (openai.APITimeoutError, openai.APIConnectionError) as exc:
            return Attempt(None, None, scrub(str(exc), self.client.api_key))
        except openai.APIStatusError as exc:  # error bodies may quote the key they were sent
            return Attempt(int(exc.status_code), retry_after_seconds(exc.response.headers),
                           scrub(f"HTTP {exc.status_code}: {str(exc.message)[:200]}", self.client.api_key))

    def score(self, texts: list[str]) -> dict[str, np.ndarray]:
        rows: list[dict[str, float]] = []
        for batch in batches(texts, self.batch_size):
            response = with_retries(partial(self._attempt, batch), self.policy, self.where, self.retries, self.rng)
            rows += [dict(result.category_scores.model_dump(by_alias=True)) for result in response.results]
        categories = sorted({c for row in rows for c in row})
        return {c.replace("/", "_").replace("-", "_"): np.asarray([row.get(c) or 0.0 for row in rows])
                for c in categories}


class PerspectiveScorer:
    """Google's Perspective API: one `comments:analyze` request per text, attributes' summary scores."""

    name = "perspective"
    URL = "https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze"

    def __init__(self, attributes: list[str] | None = None, base_url: str | None = None,
                 api_key_env: str | None = "PERSPECTIVE_API_KEY", languages: list[str] | None = None,
                 requests_per_second: float | None = 1.0, policy: RetryPolicy | None = None) -> None:
        httpx = require("httpx", "toxicity", "The perspective backend")
        self.policy = policy or RetryPolicy()
        self.key = api_key(api_key_env, "Perspective")
        self.url = base_url.rstrip("/") + "/v1alpha1/comments:analyze" if base_url else self.URL
        self.attributes = attributes or ["TOXICITY"]
        self.languages = languages or ["en"]
        self.interval = 1.0 / requests_per_second if requests_per_second else 0.0
        self.client = httpx.Client(timeout=self.policy.timeout_s)
        self.httpx = httpx
        self.retries: dict[str, int] = {}
        self.rng = random.Random()
        self._last = 0.0

    def _attempt(self, text: str) -> dict[str, float] | Attempt:
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # the API's quota is per second: pace requests instead of collecting 429s
        self._last = time.monotonic()
        body = {"comment": {"text": text}, "languages": self.languages, "doNotStore": True,
                "requestedAttributes": {a: {} for a in self.attributes}}
        try:
            response = self.client.post(self.url, params={"key": self.key} if self.key else None, json=body)
        except self.httpx.TransportError as exc:  # the message may hold the URL, and the key is in its query
            return Attempt(None, None, scrub(f"{type(exc).__name__}: {exc}", self.key))
        if response.status_code != 200:
            return Attempt(response.status_code, retry_after_seconds(response.headers),
                           scrub(f"HTTP {response.status_code}: {response.text[:200]}", self.key))
        scores = response.json().get("attributeScores", {})
        return {a: float(scores.get(a, {}).get("summaryScore", {}).get("value", 0.0)) for a in self.attributes}

    def score(self, texts: list[str]) -> dict[str, np.ndarray]:
        rows = [with_retries(partial(self._attempt, text), self.policy, self.url, self.retries, self.rng)
                for text in texts]
        return {a.lower(): np.asarray([row[a] for row in rows], dtype=np.float64) for a in self.attributes}


Backend = Literal["detoxify", "profanity_check", "hf", "openai_moderation", "perspective"]


class ScorerConfig(Section):
    """Which toxicity scorer and how to reach it (the `toxicity` pass adds its threshold and action)."""

    backend: Backend = "profanity_check"
    model: str | None = None  # detoxify model name, hf model folder, or moderation model
    checkpoint: str | None = None  # detoxify: a local checkpoint file
    config_path: str | None = None  # detoxify: folder with the HF config + tokenizer of that checkpoint
    batch_size: int = Field(default=32, ge=1)
    device: str | None = None  # default: cuda when available
    base_url: str | None = None  # API backends: another server (a proxy, a local OpenAI-compatible one)
    api_key_env: str | None = None  # default: OPENAI_API_KEY / PERSPECTIVE_API_KEY
    attributes: list[str] | None = None  # perspective: default ["TOXICITY"]
    requests_per_second: float | None = Field(default=1.0, gt=0)  # perspective's default quota
    max_retries: int = Field(default=6, ge=0)
    backoff_s: float = Field(default=1.0, ge=0)

    @model_validator(mode="after")
    def _backend_needs(self) -> ScorerConfig:
        if self.backend == "hf" and not self.model:
            raise ValueError("backend hf needs `model`: the folder of a sequence-classification model")
        return self


def make_scorer(cfg: ScorerConfig) -> Scorer:
    """The backend the config names, built (and its dependencies checked) now."""
    policy = RetryPolicy(max_retries=cfg.max_retries, backoff_s=cfg.backoff_s)
    if cfg.backend == "detoxify":
        return DetoxifyScorer(cfg.model or "original", cfg.checkpoint, cfg.config_path, cfg.device, cfg.batch_size)
    if cfg.backend == "hf":
        assert cfg.model is not None
        return HFScorer(cfg.model, cfg.device, cfg.batch_size)
    if cfg.backend == "openai_moderation":
        return OpenAIModerationScorer(cfg.model or "omni-moderation-latest", cfg.base_url,
                                      cfg.api_key_env or "OPENAI_API_KEY", cfg.batch_size, policy)
    if cfg.backend == "perspective":
        return PerspectiveScorer(cfg.attributes, cfg.base_url, cfg.api_key_env or "PERSPECTIVE_API_KEY",
                                 requests_per_second=cfg.requests_per_second, policy=policy)
    return ProfanityCheckScorer()
