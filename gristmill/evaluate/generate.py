"""Generation for evaluation: prompts rendered exactly as in training, batched, left-padded, greedy by default.

Prompts go through the trainer's own chat-template code (`gristmill.chat.render`), so the model sees at
evaluation the very text it was trained on up to the answer. Batches are formed from prompts of similar
length (fewer pad tokens), left-padded so every row continues from the same position, and decoded up to the
first end-of-sequence token. Throughput is measured without extra passes: a logits processor notes when the
first new token is scored, which splits each batch into prefill (prompt tokens/s) and the whole generation
(generated tokens/s, end to end).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gristmill.evaluate.config import GenerationSection


@dataclass
class Generated:
    """Generations in input order, with token counts and timings."""

    texts: list[str]
    prompt_tokens: list[int]
    new_tokens: list[int]
    prefill_seconds: float = 0.0
    total_seconds: float = 0.0

    def throughput(self) -> dict[str, float | None]:
        return {"prompt_tokens_per_s": sum(self.prompt_tokens) / self.prefill_seconds if self.prefill_seconds else None,
                "generated_tokens_per_s": sum(self.new_tokens) / self.total_seconds if self.total_seconds else None}


class FirstTokenClock:
    """A logits processor that only notes the time it is first called (prefill done) and passes scores on."""

    def __init__(self) -> None:
        self.first: float | None = None

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        if self.first is None:
            if scores.is_cuda:
                import torch

                torch.cuda.synchronize(scores.device)
            self.first = time.perf_counter()
        return scores


@dataclass
class Generator:
    """Generates answers for prompts with one model and tokenizer (tokenizer padding on the left)."""

    model: Any
    tokenizer: Any
    cfg: GenerationSection
    max_prompt_tokens: int
    end_ids: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        ends = getattr(self.model.generation_config, "eos_token_id", None)
        ends = ends if isinstance(ends, list) else [ends]
        self.end_ids = {i for i in [*ends, self.tokenizer.eos_token_id] if i is not None}

    def __call__(self, prompts: Sequence[str], on_batch: Callable[[int, int], None] | None = None) -> Generated:
        """Generate for every prompt (input order kept); `on_batch(done, total)` after each batch."""
        ids = self.tokenizer(list(prompts), add_special_tokens=False)["input_ids"]
        ids = [row[max(0, len(row) - self.max_prompt_tokens):] for row in ids]  # keep the end, as training did
        order = np.argsort([len(row) for row in ids], kind="stable")
        texts: list[str] = [""] * len(ids)
        new: list[int] = [0] * len(ids)
        prefill = total = 0.0
        for number, start in enumerate(range(0, len(order), self.cfg.batch_size)):
            batch = order[start:start + self.cfg.batch_size].tolist()
            outputs, seconds = self._batch([ids[i] for i in batch], self.cfg.seed + number)
            prefill, total = prefill + seconds[0], total + seconds[1]
            for index, (text, count) in zip(batch, outputs, strict=True):
                texts[index], new[index] = text, count
            if on_batch is not None:
                on_batch(min(start + self.cfg.batch_size, len(ids)), len(ids))
        return Generated(texts, [len(row) for row in ids], new, prefill, total)

    def _batch(self, rows: list[list[int]], seed: int) -> tuple[list[tuple[str, int]], tuple[float, float]]:
        import torch
        from transformers import LogitsProcessorList

        pad = self.tokenizer.pad_token_id
        width = max(len(r) for r in rows)
        input_ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=self.model.device)
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=self.model.device)
        clock = FirstTokenClock()
        options: dict[str, Any] = {"max_new_tokens": self.cfg.max_new_tokens, "pad_token_id": pad,
                                   "eos_token_id": sorted(self.end_ids), "do_sample": self.cfg.temperature > 0,
                                   "logits_processor": LogitsProcessorList([clock])}
        if self.cfg.temperature > 0:
            options.update(temperature=self.cfg.temperature, top_p=self.cfg.top_p, top_k=0)
        else:
            options.update(temperature=None, top_p=None, top_k=None)  # greedy: no sampling settings
        torch.manual_seed(seed)
        started = time.perf_counter()
        with torch.inference_mode():
            output = self.model.generate(input_ids=input_ids, attention_mask=mask, **options)
        if output.is_cuda:
            torch.cuda.synchronize(output.device)
        ended = time.perf_counter()
        decoded = [self._decode(row) for row in output[:, width:].tolist()]
        return decoded, ((clock.first or ended) - started, ended - started)

    def _decode(self, ids: list[int]) -> tuple[str, int]:
        """Text up to the first end token, and the tokens generated (the end token counts)."""
        end = next((i for i, token in enumerate(ids) if token in self.end_ids), None)
        kept = ids if end is None else ids[:end]
        return self.tokenizer.decode(kept, skip_special_tokens=True).strip(), len(kept) + (end is not None)


# ------------------------------------------------------------------------------------------------ perplexity


def perplexity(model: Any, tokenizer: Any, text: str, window: int, max_tokens: int | None,
               batch_size: int = 8) -> dict[str, float]:
    """Perplexity of `text` in non-overlapping windows of `window` tokens: exp(mean next-token NLL)."""
    import torch

    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    ids = ids[:max_tokens] if max_tokens else ids
    windows = [ids[i:i + window] for i in range(0, len(ids), window)]
    windows = [w for w in windows if len(w) >= 2]
    nll, count = 0.0, 0
    with torch.inference_mode():
        for start in range(0, len(windows), batch_size):
            for length, group in _same_length(windows[start:start + batch_size]).items():
                batch = torch.tensor(group, device=model.device)
                logits = model(input_ids=batch).logits[:, :-1].float()
                losses = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                           batch[:, 1:].reshape(-1), reduction="sum")
                nll += float(losses)
                count += len(group) * (length - 1)
    mean = nll / max(count, 1)
    return {"perplexity": float(np.exp(mean)), "nll": mean, "tokens": count}


def _same_length(windows: list[list[int]]) -> dict[int, list[list[int]]]:
    groups: dict[int, list[list[int]]] = {}
    for w in windows:
        groups.setdefault(len(w), []).append(w)
    return groups
