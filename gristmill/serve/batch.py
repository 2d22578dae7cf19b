"""One batched `generate` call for several jobs: left-padded prompts, one adapter per row, and per-row stopping
(transformers' stopping criteria may answer per row; a row that is done gets padding until the batch ends)."""

from __future__ import annotations

from typing import Any

from gristmill.serve.job import Job
from gristmill.serve.stack import AdapterStack


def run_batch(stack: AdapterStack, tokenizer: Any, batch: list[Job], eos_ids: list[int], lock: Any) -> None:
    """Generate for every job of `batch` at once, streaming text to each as it comes; every job is finished after."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    width = max(len(job.prompt_ids) for job in batch)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    device = stack.base.device
    input_ids = torch.tensor([[pad] * (width - len(j.prompt_ids)) + j.prompt_ids for j in batch], device=device)
    attention_mask = torch.tensor([[0] * (width - len(j.prompt_ids)) + [1] * len(j.prompt_ids) for j in batch],
                                  device=device)
    streamer = RowStreamer(batch, tokenizer, eos_ids, lock)

    class RowsDone(StoppingCriteria):
        def __call__(self, ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.tensor([job.finish_reason is not None or job.cancelled for job in batch], device=ids.device)

    stack.generate([job.adapter for job in batch], input_ids=input_ids, attention_mask=attention_mask,
                   max_new_tokens=max(job.max_new_tokens for job in batch), pad_token_id=pad,
                   eos_token_id=streamer.eos_ids, stopping_criteria=StoppingCriteriaList([RowsDone()]),
                   streamer=streamer, **batch[0].sampling.generate_kwargs())
    for job in batch:
        if job.finish_reason is None:
            streamer.finish(job, "cancelled" if job.cancelled else "length")


class RowStreamer:
    """transformers' streamer protocol (`put` each step's tokens, `end`) for a batch: row i feeds job i."""

    def __init__(self, batch: list[Job], tokenizer: Any, eos_ids: list[int], lock: Any) -> None:
        self.lock = lock
        self.batch = batch
        self.tokenizer = tokenizer
        self.eos_ids = eos_ids
        self.prompt_seen = False
        self.holdback = max((len(s) for job in batch for s in job.stop), default=1) - 1

    def put(self, values: Any) -> None:
        if not self.prompt_seen:  # the first call hands over the prompts
            self.prompt_seen = True
            return
        for job, token in zip(self.batch, values.reshape(len(self.batch), -1)[:, -1].tolist(), strict=True):
            if job.finish_reason is None and not job.cancelled:
                self._advance(job, int(token))

    def end(self) -> None:
        """Nothing left to flush: every job is finished by `run_batch`."""

    def finish(self, job: Job, reason: str) -> None:
        if not job.streaming and not job.stop:  # its text was never decoded along the way: as streaming would
            with self.lock:                      # have sent it (a character split across tokens left out)
                kept = len(job.tokens)
                job.text = self.tokenizer.decode(job.tokens, skip_special_tokens=True)
                while job.text.endswith("\ufffd") and kept:
                    kept -= 1
                    job.text = self.tokenizer.decode(job.tokens[:kept], skip_special_tokens=True)
        finish(job, reason)

    def _advance(self, job: Job, token: int) -> None:
        if token in self.eos_ids:
            self.finish(job, "stop")
            return
        job.tokens.append(token)
        if not job.streaming and not job.stop:  # nothing to send or to watch for before the end
            if len(job.tokens) >= job.max_new_tokens:
                self.finish(job, "length")
            return
        with self.lock:
            text = self.tokenizer.decode(job.tokens, skip_special_tokens=True)
        if text.endswith("\ufffd"):  # a character split across tokens: wait for the rest of it
            text = job.text
        cut = min((text.find(s) for s in job.stop if s in text), default=-1)
        job.text = text[:cut] if cut >= 0 else text
        if cut >= 0:
            finish(job, "stop")
        elif len(job.tokens) >= job.max_new_tokens:
            finish(job, "length")
        else:
            flush(job, len(job.text) - self.holdback)  # a stop string may still be forming at the end


def flush(job: Job, upto: int) -> None:
    if upto > job.sent:
        job.on_text(job.text[job.sent:upto])
        job.sent = upto


def finish(job: Job, reason: str) -> None:
    job.finish_reason = reason
    flush(job, len(job.text))
    job.on_done(reason)
