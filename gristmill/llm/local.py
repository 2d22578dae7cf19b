"""The local backend: chat requests answered in-process by a transformers model (the embedded default).

Requests are grouped by generation parameters, sorted by prompt length and generated in left-padded
batches of `batch_size` in a worker thread (the event loop stays free for progress). Sampling is seeded from
the request keys of the batch, so the same batch gives the same answers on every run. Parameters a local
`generate` has no equivalent for (presence_penalty, frequency_penalty) are ignored.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
from typing import Any

from gristmill.llm.backend import ClientConfig, Completion, FinishFn, Ledger, Request
from gristmill.llm.cache import canonical_json

DEFAULT_MAX_TOKENS = 256


class LocalBackend:
    """Generates with `gristmill.models.load_model(cfg.model)`; the model loads on first use."""

    def __init__(self, cfg: ClientConfig) -> None:
        from gristmill.models import model_label

        self.cfg = cfg
        self.label = model_label(cfg.model)
        self._loaded: tuple[Any, Any] | None = None

    def _model(self) -> tuple[Any, Any]:
        if self._loaded is None:
            from gristmill.models import load_model

            model, tokenizer = load_model(self.cfg.model, device=self.cfg.device, dtype=self.cfg.dtype)
            tokenizer.padding_side = "left"  # generation continues every prompt from the same position
            self._loaded = (model, tokenizer)
        return self._loaded

    async def run(self, jobs: list[tuple[str, Request]], finish: FinishFn, ledger: Ledger) -> None:
        for batch in self.batches(jobs):
            ledger.sent(len(batch))
            completions = await asyncio.to_thread(self.generate, batch)
            for (key, _), completion in zip(batch, completions, strict=True):
                finish(key, completion)

    def batches(self, jobs: list[tuple[str, Request]]) -> list[list[tuple[str, Request]]]:
        """Jobs with equal parameters, shortest prompts first, `batch_size` at a time (deterministic order)."""
        def params_of(job: tuple[str, Request]) -> str:
            return canonical_json(job[1].params)

        out: list[list[tuple[str, Request]]] = []
        for _, group in itertools.groupby(sorted(jobs, key=params_of), key=params_of):
            ordered = sorted(group, key=lambda job: (len(canonical_json(job[1].messages)), job[0]))
            out += [ordered[i:i + self.cfg.batch_size] for i in range(0, len(ordered), self.cfg.batch_size)]
        return out

    def generate(self, batch: list[tuple[str, Request]]) -> list[Completion]:
        import torch

        model, tokenizer = self._model()
        params = batch[0][1].params
        texts = [tokenizer.apply_chat_template(r.messages, add_generation_prompt=True, tokenize=False)
                 for _, r in batch]
        encoded = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
        seed = int(hashlib.sha256("".join(k for k, _ in batch).encode()).hexdigest()[:8], 16)
        torch.manual_seed(seed)
        with torch.inference_mode():
            output = model.generate(**encoded, **generation_options(params, tokenizer), tokenizer=tokenizer)
        new_tokens = output[:, encoded["input_ids"].shape[1]:]
        prompt_tokens = encoded["attention_mask"].sum(dim=1).tolist()
        limit = int(params.get("max_tokens") or DEFAULT_MAX_TOKENS)
        return [self._completion(row, int(n), limit, params.get("stop"), tokenizer)
                for row, n in zip(new_tokens, prompt_tokens, strict=True)]

    @staticmethod
    def _completion(row: Any, prompt_tokens: int, limit: int, stop: Any, tokenizer: Any) -> Completion:
        ids = row.tolist()
        ends = {tokenizer.eos_token_id, tokenizer.pad_token_id}
        length = next((i for i, token in enumerate(ids) if token in ends), len(ids))
        text = tokenizer.decode(ids[:length], skip_special_tokens=True)
        finish = "length" if length >= limit else "stop"
        for marker in [stop] if isinstance(stop, str) else (stop or []):
            if marker in text:  # OpenAI semantics: the answer ends before the stop sequence
                text, finish = text[:text.index(marker)], "stop"
        return Completion(text=text.strip(), finish_reason=finish, prompt_tokens=prompt_tokens,
                          completion_tokens=length)


def generation_options(params: dict[str, Any], tokenizer: Any) -> dict[str, Any]:
    """OpenAI-style parameters as `generate` keyword arguments (temperature 0 means greedy)."""
    temperature = float(params.get("temperature", 1.0))
    options: dict[str, Any] = {"max_new_tokens": int(params.get("max_tokens") or DEFAULT_MAX_TOKENS),
                               "pad_token_id": tokenizer.pad_token_id, "do_sample": temperature > 0}
    if temperature > 0:
        options.update(temperature=temperature, top_p=float(params.get("top_p", 1.0)), top_k=0)
    stop = params.get("stop")
    if stop:  # rows stop generating at a stop string instead of running to max_new_tokens
        options["stop_strings"] = [stop] if isinstance(stop, str) else list(stop)
    return options
