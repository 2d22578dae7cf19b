"""The running batch of continuous batching: rows join at the next decode step and leave when they are done.

The engine owns the decode loop instead of one `generate` call per batch. The rows share one transformers
`DynamicCache`, left-padded: new jobs are prefilled together (each under its own adapter), their cache is padded on
the left to the running batch's width (or the batch's to theirs) and concatenated to it; each step is one forward of
every live row's last token, with the attention mask hiding the padding and per-row position ids (the count of
real tokens before it, as `generate` computes them for left-padded rows). Each row picks its token under its own
`Sampling` (greedy rows by argmax, sampled rows through transformers' temperature and top-p warpers). A row that is
done (EOS, its own `max_tokens`, a stop string, its client hanging up) is dropped from the cache at once, and
leading columns that only padding is left in are cut off, so a finished row frees its place.
"""

from __future__ import annotations

from typing import Any

from gristmill.errors import GristmillError
from gristmill.serve.job import Job
from gristmill.serve.stack import AdapterStack


class RunningBatch:
    """The live rows: their jobs, one left-padded KV cache, its attention mask, and each row's next input token."""

    def __init__(self, stack: AdapterStack, tokenizer: Any, eos_ids: list[int], lock: Any) -> None:
        from transformers import DynamicCache

        if any(DynamicCache(config=stack.base.config).is_sliding):
            raise GristmillError("the embedded engine's continuous batching pads and merges full KV caches; this "
                                 "model has sliding-window attention layers, which it does not handle yet")
        self.stack = stack
        self.pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        self.streamer = RowStreamer(tokenizer, eos_ids, lock)
        self.jobs: list[Job] = []
        self.cache: Any = None  # DynamicCache of the live rows (None while there are none)
        self.mask: Any = None  # (rows, cache width): 1 for a real token, 0 for left padding
        self.next_ids: Any = None  # (rows, 1): each row's last picked token, not in the cache yet

    @property
    def adapters(self) -> set[tuple[str, int]]:
        return {job.adapter.key for job in self.jobs if job.adapter is not None}

    def join(self, jobs: list[Job]) -> None:
        """Prefill `jobs` together, pick their first tokens, and merge them into the running rows."""
        import torch
        from transformers import DynamicCache

        device = self.stack.base.device
        width = max(len(job.prompt_ids) for job in jobs)
        input_ids = torch.tensor([[self.pad] * (width - len(j.prompt_ids)) + j.prompt_ids for j in jobs],
                                 device=device)
        mask = torch.tensor([[0] * (width - len(j.prompt_ids)) + [1] * len(j.prompt_ids) for j in jobs],
                            device=device)
        cache = DynamicCache()
        logits = self.stack.forward([job.adapter for job in jobs], input_ids=input_ids, attention_mask=mask,
                                    position_ids=(mask.cumsum(-1) - 1).clamp(min=0), cache=cache,
                                    use_cache=True, logits_to_keep=1).logits
        tokens = pick(jobs, logits[:, -1].float())
        if self.cache is None:
            self.jobs, self.cache, self.mask = list(jobs), cache, mask
            self.next_ids = tokens[:, None]
        else:
            self._merge(jobs, cache, mask, tokens)
        self._advance(jobs, tokens.tolist())

    def step(self) -> None:
        """One forward of every live row's last token, and each row's next token."""
        import torch

        positions = self.mask.sum(-1, keepdim=True)  # the count of real tokens before the new one
        self.mask = torch.cat([self.mask, self.mask.new_ones(len(self.jobs), 1)], dim=1)
        logits = self.stack.forward([job.adapter for job in self.jobs], input_ids=self.next_ids,
                                    attention_mask=self.mask, position_ids=positions, cache=self.cache,
                                    use_cache=True).logits
        tokens = pick(self.jobs, logits[:, -1].float())
        self.next_ids = tokens[:, None]
        self._advance(list(self.jobs), tokens.tolist())

    def drop_cancelled(self) -> None:
        """Finish and drop the rows whose clients went away since the last step."""
        for job in self.jobs:
            if job.cancelled and job.finish_reason is None:
                self.streamer.finish(job, "cancelled")
        self._drop_finished()

    def fail(self, error: BaseException) -> list[Job]:
        """Every live row ends with `error` (a failed forward leaves the cache unusable); → the rows that ended."""
        ended = [job for job in self.jobs if job.finish_reason is None]
        for job in ended:
            job.finish_reason = "error"
            job.on_done(error)
        self.jobs, self.cache, self.mask, self.next_ids = [], None, None, None
        return ended

    def _advance(self, jobs: list[Job], tokens: list[int]) -> None:
        for job, token in zip(jobs, tokens, strict=True):
            if job.finish_reason is None and not job.cancelled:
                self.streamer.advance(job, token)
        self.drop_cancelled()

    def _merge(self, jobs: list[Job], cache: Any, mask: Any, tokens: Any) -> None:
        import torch
        from torch.nn.functional import pad

        width = max(self.mask.shape[1], mask.shape[1])

        def left(tensor: Any, dim_from_end: int) -> Any:  # pad `tensor` on the left of its width dimension
            missing = width - tensor.shape[-dim_from_end]
            return pad(tensor, (0, 0) * (dim_from_end - 1) + (missing, 0)) if missing else tensor

        for old, new in zip(self.cache.layers, cache.layers, strict=True):
            old.keys = torch.cat([left(old.keys, 2), left(new.keys, 2)])
            old.values = torch.cat([left(old.values, 2), left(new.values, 2)])
        self.mask = torch.cat([left(self.mask, 1), left(mask, 1)])
        self.next_ids = torch.cat([self.next_ids, tokens[:, None]])
        self.jobs += jobs

    def _drop_finished(self) -> None:
        import torch

        keep = [row for row, job in enumerate(self.jobs) if job.finish_reason is None]
        if len(keep) == len(self.jobs):
            return
        if not keep:
            self.jobs, self.cache, self.mask, self.next_ids = [], None, None, None
            return
        index = torch.tensor(keep, device=self.mask.device)
        self.cache.batch_select_indices(index)
        self.mask, self.next_ids = self.mask[index], self.next_ids[index]
        self.jobs = [self.jobs[row] for row in keep]
        start = int(self.mask.any(0).nonzero()[0])  # columns before it hold padding only
        if start:
            for layer in self.cache.layers:
                layer.keys, layer.values = layer.keys[:, :, start:], layer.values[:, :, start:]
            self.mask = self.mask[:, start:]


def pick(jobs: list[Job], logits: Any) -> Any:
    """Row i's next token under jobs[i].sampling: argmax for greedy rows, a draw for sampled ones."""
    import torch
    from transformers import TemperatureLogitsWarper, TopPLogitsWarper

    tokens = logits.argmax(-1)
    for sampling in {job.sampling for job in jobs if job.sampling.temperature > 0}:
        rows = torch.tensor([row for row, job in enumerate(jobs) if job.sampling == sampling], device=logits.device)
        scores = TemperatureLogitsWarper(sampling.temperature)(None, logits[rows])
        if sampling.top_p < 1.0:
            scores = TopPLogitsWarper(sampling.top_p)(None, scores)
        tokens[rows] = torch.multinomial(scores.softmax(-1), 1).squeeze(1)
    return tokens


class RowStreamer:
    """Turns each row's picked tokens into its job's text: EOS, `max_tokens` and stop strings end it.

    A streamed row's text grows by one token's piece at a time, through the tokenizers library's incremental
    decoder (`DecodeStream`, which decodes a few tokens around the new one), not by decoding every token so far
    again at each step; the pieces add up to the whole decode (a character split across tokens waits for its
    last token either way). A tokenizer that is not a fast one, or that cleans up spaces after decoding (which
    may change earlier text), is decoded whole each step."""

    def __init__(self, tokenizer: Any, eos_ids: list[int], lock: Any) -> None:
        self.lock = lock  # the tokenizer's (the request threads encode with it)
        self.tokenizer = tokenizer
        self.eos_ids = eos_ids
        backend = getattr(tokenizer, "backend_tokenizer", None)
        self.backend = None if getattr(tokenizer, "clean_up_tokenization_spaces", False) else backend

    def finish(self, job: Job, reason: str) -> None:
        if not job.streaming and not job.stop:  # its text was never decoded along the way: as streaming would
            with self.lock:                      # have sent it (a character split across tokens left out)
                kept = len(job.tokens)
                job.text = self.tokenizer.decode(job.tokens, skip_special_tokens=True)
                while job.text.endswith("\ufffd") and kept:
                    kept -= 1
                    job.text = self.tokenizer.decode(job.tokens[:kept], skip_special_tokens=True)
        finish(job, reason)

    def advance(self, job: Job, token: int) -> None:
        if token in self.eos_ids:
            self.finish(job, "stop")
            return
        job.tokens.append(token)
        if not job.streaming and not job.stop:  # nothing to send or to watch for before the end
            if len(job.tokens) >= job.max_new_tokens:
                self.finish(job, "length")
            return
        text = self.decoded(job, token)
        cut = min((text.find(s) for s in job.stop if s in text), default=-1)
        job.text = text[:cut] if cut >= 0 else text
        if cut >= 0:
            finish(job, "stop")
        elif len(job.tokens) >= job.max_new_tokens:
            finish(job, "length")
        else:  # a stop string may still be forming at the end
            flush(job, len(job.text) - max((len(s) for s in job.stop), default=1) + 1)

    def decoded(self, job: Job, token: int) -> str:
        """The job's text with `token` (its last) decoded; unchanged while a character is split across tokens."""
        from tokenizers.decoders import DecodeStream

        if self.backend is not None and job.decoder is not False:
            with self.lock:
                if job.decoder is None:
                    job.decoder = DecodeStream(skip_special_tokens=True)
                try:
                    return job.text + (job.decoder.step(self.backend, token) or "")
                except Exception:  # tokenizers raises a plain Exception when it refuses its window ("invalid
                    job.decoder = False  # prefix"): this row is decoded whole from now on, which always works
        with self.lock:
            text = self.tokenizer.decode(job.tokens, skip_special_tokens=True)
        return job.text if text.endswith("\ufffd") else text


def flush(job: Job, upto: int) -> None:
    if upto > job.sent:
        job.on_text(job.text[job.sent:upto])
        job.sent = upto


def finish(job: Job, reason: str) -> None:
    job.finish_reason = reason
    flush(job, len(job.text))
    job.on_done(reason)

