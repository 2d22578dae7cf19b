"""Continuous batching in the embedded engine: requests join the running batch at the next step and leave it when
done. Driven through the engine itself (no HTTP); every join is triggered from a running row's own text callback,
so the order of events is fixed and the assertions read the engine's records, never the clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch

from gristmill.serve.job import Job, Sampling
from gristmill.serve.stack import AdapterRef

PROMPTS = ["def add(a, b):", "Tell me about the weather today, please, and tomorrow too",
           "Write a function", "x", "Once upon a time there was"]


def adapter_dir(path: Path) -> Path:
    return path / "train" / "adapter" if (path / "train").exists() else path


def alone(base: Path, adapter: Path | None, prompt_ids: list[int], max_new: int) -> list[int]:
    """Plain transformers + peft: greedy tokens for one prompt alone under one adapter (EOS and after left out)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base)
    if adapter is not None:
        model = PeftModel.from_pretrained(model, str(adapter))
    with torch.no_grad():
        out = model.eval().generate(input_ids=torch.tensor([prompt_ids]), max_new_tokens=max_new, do_sample=False,
                                    pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    new = out[0, len(prompt_ids):].tolist()
    return new[:new.index(tokenizer.eos_token_id)] if tokenizer.eos_token_id in new else new


class Engine:
    """An EmbeddedEngine over the tiny base, with helpers to make jobs and wait for them."""

    def __init__(self, base: Path, lora_engine: str, max_adapters: int = 3, max_batch: int = 32) -> None:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from gristmill.serve.engine import EmbeddedEngine

        tokenizer = AutoTokenizer.from_pretrained(base)
        model = AutoModelForCausalLM.from_pretrained(base).eval()
        self.engine = EmbeddedEngine(model, tokenizer, "tiny", max_adapters=max_adapters, max_batch=max_batch,
                                     lora_engine=lora_engine)
        self.done: dict[int, threading.Event] = {}

    def job(self, prompt: str, adapter: AdapterRef | None, max_new: int, sampling: Sampling | None = None,
            on_token: Callable[[Job], object] | None = None) -> Job:
        finished = threading.Event()
        holder: list[Job] = []
        job = Job(self.engine.encode_text(prompt), adapter, max_new, sampling or Sampling(),
                  on_text=lambda text: on_token(holder[0]) if on_token else None,
                  on_done=lambda reason: finished.set())
        holder.append(job)
        self.done[id(job)] = finished
        return job

    def wait(self, *jobs: Job) -> None:
        for job in jobs:
            assert self.done[id(job)].wait(120), "a job never finished"


def once(when: Callable[[Job], bool], then: Callable[[], object]) -> Callable[[Job], object]:
    """A text callback that runs `then` the first time `when(job)` holds."""
    fired: list[bool] = []

    def callback(job: Job) -> None:
        if not fired and when(job):
            fired.append(True)
            then()

    return callback


def record_steps(run: Engine) -> list[tuple[list[tuple[AdapterRef | None, list[int]]], torch.Tensor]]:
    """Wrap the stack's forward: for each decode step, every row's (adapter, prompt + tokens so far) and logits."""
    stack, steps = run.engine.stack, []
    forward = stack.forward

    def recording(rows: list[AdapterRef | None], **kwargs: Any) -> Any:
        out = forward(rows, **kwargs)
        if "logits_to_keep" not in kwargs:  # a decode step (a prefill keeps the last position's logits only)
            jobs = run.engine._running.jobs
            assert [job.adapter for job in jobs] == rows
            steps.append(([(job.adapter, job.prompt_ids + job.tokens) for job in jobs], out.logits[:, -1].clone()))
        return out

    stack.forward = recording  # type: ignore[method-assign]
    return steps


@pytest.mark.parametrize("lora_engine", ["packed", "peft"])
def test_requests_joining_a_running_batch_get_what_each_alone_would(tiny_base: Path, adapters: dict[str, Path],
                                                                   lora_engine: str) -> None:
    refs = {name: AdapterRef(name, adapter_dir(path)) for name, path in adapters.items()}
    run = Engine(tiny_base, lora_engine)
    later: list[Job] = []
    first = run.job(PROMPTS[0], refs["support-bot"], 16, on_token=once(
        lambda job: len(job.tokens) >= 3, lambda: [run.engine.submit(j) for j in later[:3]]))
    later += [run.job(PROMPTS[1], refs["sales-bot"], 10),  # a longer prompt than the running row's
              run.job(PROMPTS[2], None, 12),  # the base, no adapter
              run.job(PROMPTS[4], None, 14, Sampling(0.9, 0.9), on_token=once(  # sampled, in the same forward
                  lambda job: len(job.tokens) >= 2, lambda: run.engine.submit(later[3]))),
              run.job(PROMPTS[3], refs["legal-bot"], 8)]  # a shorter prompt, joining later still
    steps = record_steps(run)
    run.engine.submit(first)
    run.engine.start()
    try:
        run.wait(first, *later)
    finally:
        run.engine.stop()
        del run.engine.stack.forward  # the recording wrapper
    for contexts, logits in steps:  # each row of each step: the logits of its whole text alone, without a cache
        for (ref, ids), got in zip(contexts, logits, strict=True):
            want = run.engine.stack.forward([ref], input_ids=torch.tensor([ids])).logits[0, -1]
            torch.testing.assert_close(got, want, atol=1e-4, rtol=1e-4)
    assert len(steps) == len(run.engine.step_rows) >= 15  # the first token comes from the prefill
    greedy = {0: (first, "support-bot"), 1: (later[0], "sales-bot"), 2: (later[1], None), 4: (later[3], "legal-bot")}
    for prompt, (job, name) in greedy.items():
        expected = alone(tiny_base, adapter_dir(adapters[name]) if name else None, job.prompt_ids,
                         job.max_new_tokens)
        assert job.tokens == expected, (prompt, name)
    assert later[2].finish_reason in ("length", "stop") and later[2].tokens
    assert run.engine.batches == [1, 3, 1]
    assert [rows for rows, _ in run.engine.joins] == [0, 1, 4]  # every join found rows still being generated
    assert first.finish_reason == "length" and len(first.tokens) == 16  # it ran on after the others joined
    assert max(run.engine.step_rows) == 5


def test_a_cancelled_row_leaves_at_once_and_frees_its_place(tiny_base: Path, adapters: dict[str, Path]) -> None:
    refs = {name: AdapterRef(name, adapter_dir(path)) for name, path in adapters.items()}
    run = Engine(tiny_base, "packed", max_batch=2)

    def cancel(job: Job) -> None:
        job.cancelled = True  # as the app does when the client hangs up

    doomed = run.job(PROMPTS[0], refs["support-bot"], 64,
                     on_token=once(lambda job: len(job.tokens) >= 3, lambda: cancel(doomed)))
    kept = run.job(PROMPTS[1], refs["sales-bot"], 24)
    waiting = run.job(PROMPTS[2], refs["legal-bot"], 8)  # no room (max_batch 2) until a row leaves
    for job in (doomed, kept, waiting):
        run.engine.submit(job)
    run.engine.start()
    try:
        run.wait(doomed, kept, waiting)
    finally:
        run.engine.stop()
    assert doomed.finish_reason == "cancelled" and len(doomed.tokens) < 8
    assert run.engine.batches == [2, 1]
    rows_before, at_step = run.engine.joins[1]
    assert rows_before == 1 and at_step < 8  # it took the cancelled row's place while `kept` ran on
    assert run.engine.step_rows[at_step] == 2 and max(run.engine.step_rows) == 2
    for job, name in ((kept, "sales-bot"), (waiting, "legal-bot")):
        assert job.tokens == alone(tiny_base, adapter_dir(adapters[name]), job.prompt_ids, job.max_new_tokens)
    assert kept.finish_reason == "length"


def test_a_load_needing_a_running_rows_slot_waits_for_it(tiny_base: Path, adapters: dict[str, Path]) -> None:
    """Both slots pinned by running rows: loading a third adapter waits until one row is done, and evicts an adapter
    no running row needs (the running rows' outputs stay their adapters' own)."""
    refs = {name: AdapterRef(name, adapter_dir(path)) for name, path in adapters.items()}
    run = Engine(tiny_base, "packed", max_adapters=2)
    loaded: list[Any] = []

    def load() -> None:
        loaded.append(run.engine.call(lambda stack: (stack.ensure([refs["legal-bot"]]), len(stack.pinned))[1]))

    short = run.job(PROMPTS[0], refs["support-bot"], 6, on_token=once(lambda job: len(job.tokens) >= 2, load))
    long = run.job(PROMPTS[1], refs["sales-bot"], 20)
    run.engine.submit(short)
    run.engine.submit(long)
    run.engine.start()
    try:
        run.wait(short, long)
        pinned_when_loaded = loaded[0].result(120)
    finally:
        run.engine.stop()
    assert pinned_when_loaded == 1  # it ran once `short` was done, with only `long`'s adapter pinned
    assert set(run.engine.stack.resident) == {refs["sales-bot"].key, refs["legal-bot"].key}
    for job, name in ((short, "support-bot"), (long, "sales-bot")):
        assert job.tokens == alone(tiny_base, adapter_dir(adapters[name]), job.prompt_ids, job.max_new_tokens)


def test_a_model_with_sliding_window_layers_is_refused_up_front() -> None:
    from types import SimpleNamespace

    from transformers import MistralConfig

    from gristmill.errors import GristmillError
    from gristmill.serve.batch import RunningBatch

    stack: Any = SimpleNamespace(base=SimpleNamespace(config=MistralConfig(num_hidden_layers=2, sliding_window=64)))
    with pytest.raises(GristmillError, match="sliding-window"):
        RunningBatch(stack, None, [], None)


@pytest.mark.parametrize("stop", [(), ("e",)])
def test_a_streamed_rows_text_decoded_token_by_token_is_the_whole_decode(tiny_base: Path,
                                                                        stop: tuple[str, ...]) -> None:
    """Random token ids (byte-level pieces that split characters, special tokens) through the streamer: the text
    sent piece by piece with the incremental decoder equals what decoding every token so far at each step sends."""
    import random

    from transformers import AutoTokenizer

    from gristmill.serve.batch import RowStreamer

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    streamer = RowStreamer(tokenizer, [tokenizer.eos_token_id], threading.Lock())
    rng = random.Random(0)
    ids = [[rng.randrange(len(tokenizer)) for _ in range(rng.randrange(1, 40))] for _ in range(60)]
    ids.append(tokenizer("naïve café, “quoted” — 你好 🙂").input_ids)  # characters of 2, 3 and 4 bytes
    for row in ids:
        row = [token for token in row if token != tokenizer.eos_token_id]
        sent: dict[bool, list[str]] = {True: [], False: []}
        for incremental in (True, False):
            job = Job([1], None, 1000, Sampling(), on_text=sent[incremental].append, on_done=lambda _: None,
                      stop=stop)
            job.decoder = None if incremental else False  # False: decode every token so far at each step
            for token in row:
                if job.finish_reason is None:
                    streamer.advance(job, token)
            if job.finish_reason is None:
                streamer.finish(job, "length")
            assert job.decoder is not False if incremental else job.decoder is False
        assert sent[True] == sent[False]
        if not stop:  # both are the whole decode, less a character that the last token left split
            assert "".join(sent[True]) == tokenizer.decode(row, skip_special_tokens=True).rstrip("\ufffd")
