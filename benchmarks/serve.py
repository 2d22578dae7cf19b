"""Serving many adapters on one base: `gristmill serve` against what a user writes without gristmill.

Baseline: one PeftModel holding every adapter, and per request `set_adapter` + `generate` under a lock (a FastAPI
app on uvicorn, as a user would put it behind HTTP). Ours: the gristmill server, twice: with its hand-written
packed LoRA (`--lora-engine packed`, the default) and with peft's mixed-adapter batches (`--lora-engine peft`). All
serve the same base and adapters on loopback to the same bounded clients: C concurrent clients, each sending R
chat requests in a row, spread over N adapters, greedy, max_tokens new tokens. Each side runs in its own child
process (so peak memory is its own), one after the other, in one command:

    python benchmarks/serve.py                      # embedded SmolLM2-135M, 16 clients, 8 adapters, 128 tokens
    python benchmarks/serve.py --clients 4 --requests 1 --max-tokens 16   # a quick look
    python benchmarks/serve.py --device cuda --shape 1b --tokenizer DIR  # a GPU: random 1B-shaped base, bf16

`--shape 1b` builds a random-weight base of Llama-3.2-1B's shape (benchmarks/train_common.py) with the vocabulary of
the tokenizer in DIR (default: SmolLM2's, 49,152 tokens, saved once from the embedded GGUF), saved once under --work;
`--shape proxy` one of 8 layers, hidden 64, whose CPU step is op dispatch, as a GPU step is. The clients run in a
process of their own. Two views of gristmill's engine alone:

    python benchmarks/serve.py --step-times --shape proxy --dtype float32 --streaming 0.5   # a step bare vs in server
    python benchmarks/serve.py --decode-ab                  # streamed rows' text work: incremental vs whole decode

Adapters are LoRA r=16 on all linear layers (gristmill's default) with random weights (small B, so the answers stay
text): their speed is that of trained ones. The quality figure: the share of requests whose greedy answer is the
same text on both sides (batching pads prompts, which may move a near-tie in the logits).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

PROMPTS = [
    "Write a detailed guide to brewing coffee at home.",
    "Explain how a bicycle gear system works, step by step.",
    "Describe the water cycle to a ten-year-old, with examples.",
    "List ten tips for writing clear emails, and explain each.",
    "Tell a long story about a lighthouse keeper and a storm.",
    "Explain the difference between a list and a tuple in Python, with code.",
    "Describe how to plan a week of healthy meals on a budget.",
    "Explain how vaccines train the immune system, in detail.",
]
# the CPU stand-in for a GPU: hidden 64, so a step's matmuls are next to nothing and its time is the Python and
# dispatch of each op, as on a GPU, where a step is bound by the CPU issuing kernels (8 layers, so that the
# 49,152-wide output layer is not most of it)
PROXY = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
         "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 4096,
         "tie_word_embeddings": False, "hidden_act": "silu"}
SIDES = {"baseline": None, "ours": "packed", "ours_peft": "peft"}  # side → gristmill's --lora-engine
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def make_adapters(model: str, count: int, folder: Path, rank: int = 16) -> list[Path]:
    """`count` LoRA adapters (r=rank, all linear layers) with random weights, from the model's config alone."""
    import torch
    from peft import LoraConfig
    from safetensors.torch import save_file
    from transformers import AutoConfig

    from gristmill.models import portable_model_name, resolve_model

    source, gguf = resolve_model(model)
    config = AutoConfig.from_pretrained(source, **({"gguf_file": gguf} if gguf else {}))
    hidden, inter, heads = config.hidden_size, config.intermediate_size, config.num_attention_heads
    head_dim = getattr(config, "head_dim", None) or hidden // heads
    kv = config.num_key_value_heads * head_dim
    shapes = {"q_proj": (hidden, hidden), "k_proj": (hidden, kv), "v_proj": (hidden, kv), "o_proj": (hidden, hidden),
              "gate_proj": (hidden, inter), "up_proj": (hidden, inter), "down_proj": (inter, hidden)}
    folders = []
    for index in range(count):
        out = folder / f"adapter{index}"
        generator = torch.Generator().manual_seed(index)
        weights = {}
        for layer in range(config.num_hidden_layers):
            for name, (fan_in, fan_out) in shapes.items():
                block = "self_attn" if name.endswith(("q_proj", "k_proj", "v_proj", "o_proj")) else "mlp"
                key = f"base_model.model.model.layers.{layer}.{block}.{name}"
                weights[f"{key}.lora_A.weight"] = torch.randn(rank, fan_in, generator=generator) / fan_in**0.5
                weights[f"{key}.lora_B.weight"] = torch.randn(fan_out, rank, generator=generator) * 0.002
        out.mkdir(parents=True, exist_ok=True)
        save_file(weights, str(out / "adapter_model.safetensors"), metadata={"format": "pt"})
        LoraConfig(r=rank, lora_alpha=2 * rank, target_modules=TARGETS, task_type="CAUSAL_LM",
                   base_model_name_or_path=portable_model_name(model)).save_pretrained(str(out))
        folders.append(out)
    return folders


def random_base(shape: str, tokenizer_dir: Path, folder: Path) -> Path:
    """A random-weight model of `shape` in bf16 with the tokenizer of `tokenizer_dir`, saved into `folder` once."""
    import torch
    from train_common import SHAPES
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    if (folder / "config.json").exists():
        return folder
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    shape_config = {**{**SHAPES, "proxy": PROXY}[shape], "vocab_size": len(tokenizer),
                    "bos_token_id": tokenizer.bos_token_id, "eos_token_id": tokenizer.eos_token_id}
    config = AutoConfig.for_model(**shape_config)
    torch.manual_seed(0)
    with torch.device("cuda" if torch.cuda.is_available() else "cpu"):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def embedded_tokenizer(folder: Path) -> Path:
    """SmolLM2's tokenizer (the embedded model's, read from its GGUF) saved into `folder` once."""
    if not (folder / "tokenizer.json").exists():
        from gristmill.models import load_tokenizer

        load_tokenizer().save_pretrained(folder)
    return folder


def baseline_app(model_name: str, adapters: list[Path], max_tokens: int, device: str, dtype: str | None) -> Any:
    """What a user writes without gristmill: one PeftModel, a lock, set_adapter + generate per request."""
    import torch
    from fastapi import FastAPI
    from peft import PeftModel

    from gristmill.models import load_model

    base, tokenizer = load_model(model_name, device=device, dtype=dtype, plain=True)
    model = PeftModel.from_pretrained(base, str(adapters[0]), adapter_name="a0").eval()
    for index, folder in enumerate(adapters[1:], start=1):
        model.load_adapter(str(folder), adapter_name=f"a{index}")
    lock = threading.Lock()
    app = FastAPI()

    @app.post("/v1/chat/completions")
    def chat(body: dict) -> dict:  # a plain `def`: FastAPI runs it on its thread pool
        text = tokenizer.apply_chat_template(body["messages"], tokenize=False, add_generation_prompt=True)
        ids = tokenizer(text, return_tensors="pt", add_special_tokens=False).input_ids.to(device)
        with lock, torch.inference_mode():
            model.set_adapter(body["model"])
            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                 max_new_tokens=body.get("max_tokens", max_tokens),
                                 pad_token_id=tokenizer.pad_token_id)
        new = out[0, ids.shape[1]:]
        new = new[new != tokenizer.eos_token_id]
        return {"choices": [{"message": {"content": tokenizer.decode(new, skip_special_tokens=True)}}],
                "usage": {"completion_tokens": int(new.numel())}}

    return app


def drive(url: str, args: argparse.Namespace, names: list[str]) -> dict[str, Any]:
    """C clients, R requests each (adapter and prompt rotate), all at once (or client i starting i × --stagger
    seconds after the first); latency and tokens per request. A --streaming share of the clients stream (SSE)."""
    import httpx

    def post(http: httpx.Client, body: dict[str, Any]) -> tuple[int, str]:
        """(completion tokens, text); for a stream, its chunks that carry text stand for the tokens (about one a
        token: the server sends a piece per token, holding back only a character split across tokens)."""
        if not body["stream"]:
            reply = http.post(f"{url}/v1/chat/completions", json=body)
            reply.raise_for_status()
            data = reply.json()
            return data["usage"]["completion_tokens"], data["choices"][0]["message"]["content"]
        pieces = []
        with http.stream("POST", f"{url}/v1/chat/completions", json=body) as reply:
            reply.raise_for_status()
            for line in reply.iter_lines():
                if line.startswith("data: {"):
                    pieces += [c["delta"].get("content") for c in json.loads(line[6:])["choices"]]
        return sum(bool(p) for p in pieces), "".join(p or "" for p in pieces)

    def client(index: int) -> list[dict[str, Any]]:
        done = []
        time.sleep(index * getattr(args, "stagger", 0.0))
        streams = int((index + 1) * args.streaming) > int(index * args.streaming)
        with httpx.Client(timeout=None) as http:
            for turn in range(args.requests):
                slot = index * args.requests + turn
                body = {"model": names[slot % len(names)], "temperature": 0, "max_tokens": args.max_tokens,
                        "messages": [{"role": "user", "content": PROMPTS[slot % len(PROMPTS)]}], "stream": streams}
                started = time.perf_counter()
                tokens, text = post(http, body)
                done.append({"slot": slot, "seconds": time.perf_counter() - started, "tokens": tokens,
                             "text": text, "stream": streams})
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(args.clients) as pool:
        rows = [row for rows in pool.map(client, range(args.clients)) for row in rows]
    wall = time.perf_counter() - started
    latencies = sorted(r["seconds"] for r in rows)
    tokens = sum(r["tokens"] for r in rows)
    return {"requests": len(rows), "seconds": round(wall, 2), "requests_per_s": round(len(rows) / wall, 3),
            "tokens": tokens, "tokens_per_s": round(tokens / wall, 2),
            "p50_s": round(statistics.median(latencies), 2),
            "p99_s": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 2),
            "texts": {str(r["slot"]): r["text"] for r in rows}}


def drive_elsewhere(url: str, **overrides: Any) -> dict[str, Any]:
    """`drive` in a process of its own (the clients' JSON and HTTP work must not share the server's interpreter)."""
    extra = [item for key, value in overrides.items() for item in (f"--{key.replace('_', '-')}", str(value))]
    command = [sys.executable, *sys.argv, *extra, "--drive", url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the clients failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_side(side: str, args: argparse.Namespace, adapters: list[Path]) -> dict[str, Any]:
    """One side in this process: load, serve on loopback, one warm-up request, then the measured load."""
    import torch

    torch.set_num_threads(args.threads)
    from gristmill.serve import BackgroundServer, ServeSpec
    from gristmill.serve.server import Built

    names = [f"a{i}" for i in range(len(adapters))]
    if side != "baseline":
        spec = ServeSpec(base=args.model, adapters={n: str(p) for n, p in zip(names, adapters, strict=True)},
                         max_adapters=len(adapters), max_batch=args.clients, lora_engine=SIDES[side],
                         device=args.device, dtype=args.dtype)
        server = BackgroundServer(spec)
    else:
        app = baseline_app(args.model, adapters, args.max_tokens, args.device, args.dtype)
        server = BackgroundServer(built=Built(app, _NoEngine(), None))
    with server:
        drive_elsewhere(server.url, clients=1, requests=1, max_tokens=4)
        warm_steps = len(getattr(server.built.engine, "step_rows", []))
        result = drive_elsewhere(server.url)
    result["peak_rss_gib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)
    if torch.cuda.is_available():
        result["peak_gpu_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
    if side != "baseline":
        result["batch_sizes"] = server.built.engine.batches[1:]  # rows admitted together (joining a running batch)
        # decode steps and their rows (an engine from before continuous batching records none)
        steps = getattr(server.built.engine, "step_rows", [])[warm_steps:]
        result["decode_steps"] = len(steps)
        result["rows_per_step"] = round(statistics.mean(steps), 2) if steps else 0
    return result


def engines_ab(args: argparse.Namespace, adapters: list[Path]) -> dict[str, Any]:
    """The two LoRA engines alternately in one process on the same batch (C prompts over N adapters, greedy, no
    EOS stop): seconds per generated step, so that the machine's load moves both alike."""
    import torch

    from gristmill.models import load_model
    from gristmill.serve.stack import AdapterRef, AdapterStack

    torch.set_num_threads(args.threads)
    refs = [AdapterRef(f"a{i}", p) for i, p in enumerate(adapters)]
    stacks = {}
    for engine in ("peft", "packed"):
        model, tokenizer = load_model(args.model, device=args.device, dtype=args.dtype, plain=True)
        stacks[engine] = AdapterStack(model, len(refs), engine)
    texts = [tokenizer.apply_chat_template([{"role": "user", "content": PROMPTS[i % len(PROMPTS)]}], tokenize=False,
                                           add_generation_prompt=True) for i in range(args.clients)]
    tokenizer.padding_side = "left"
    batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(args.device)
    one = {k: v[:1] for k, v in batch.items()}
    rows = [refs[i % len(refs)] for i in range(args.clients)]
    seconds: dict[str, list[float]] = {"peft": [], "packed": [], "packed_one_row": [], "base_one_row": []}
    outputs: dict[str, Any] = {}
    runs = [("peft", stacks["peft"], rows, batch), ("packed", stacks["packed"], rows, batch),
            ("packed_one_row", stacks["packed"], rows[:1], one), ("base_one_row", stacks["packed"], [None], one)]
    for _ in range(args.rounds):
        for name, stack, row_refs, inputs in runs:
            started = time.perf_counter()
            out = stack.generate(row_refs, **inputs, max_new_tokens=args.max_tokens, min_new_tokens=args.max_tokens,
                                 do_sample=False, pad_token_id=tokenizer.pad_token_id)
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            seconds[name].append(round((time.perf_counter() - started) / args.max_tokens, 4))
            outputs[name] = out
    same = torch.equal(outputs["peft"], outputs["packed"])
    return {"rows": args.clients, "seconds_per_step": seconds, "packed_over_peft_speed": round(
        statistics.median(seconds["peft"]) / statistics.median(seconds["packed"]), 2), "same_tokens": same}


def step_times(args: argparse.Namespace, adapters: list[Path]) -> dict[str, Any]:
    """gristmill's engine, per decode step: bare (C jobs handed straight to the engine, the HTTP server idle) against
    inside the server under C clients in another process (a --streaming share of them streaming), alternately,
    --rounds times, on one loaded engine; and, as the floor, transformers' `generate` on the same C rows (its own
    loop, the engine's LoRA stack). A step is timed on the engine's thread (on CUDA it ends with the tokens copied
    to the host, so it is the GPU's time too); medians over every step and over the steps with all C rows."""
    import os

    import torch

    from gristmill.serve import BackgroundServer, ServeSpec
    from gristmill.serve.job import Job, Sampling
    from gristmill.serve.server import build

    torch.set_num_threads(args.threads)
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    names = [f"a{i}" for i in range(len(adapters))]
    spec = ServeSpec(base=args.model, adapters={n: str(p) for n, p in zip(names, adapters, strict=True)},
                     max_adapters=len(adapters), max_batch=args.clients, device=args.device, dtype=args.dtype)
    built = build(spec)
    engine = built.engine
    slots = range(args.clients * args.requests)
    prompts = [engine.encode_chat([{"role": "user", "content": PROMPTS[s % len(PROMPTS)]}]) for s in slots]
    refs = [built.registry.get(names[s % len(names)]) for s in slots]
    streams = [int((i + 1) * args.streaming) > int(i * args.streaming) for i in range(args.clients)]

    def bare() -> None:
        """The clients' requests as jobs, each client's next one submitted when its last one ends."""
        finished = threading.Semaphore(0)

        def submit(client: int, turn: int) -> None:
            slot = client * args.requests + turn
            nxt = (lambda _: submit(client, turn + 1)) if turn + 1 < args.requests else (lambda _: finished.release())
            engine.submit(Job(prompts[slot], refs[slot], args.max_tokens, Sampling(), on_text=lambda _: None,
                              on_done=nxt, streaming=streams[client]))

        for client in range(args.clients):
            submit(client, 0)
        for _ in range(args.clients):
            finished.acquire()

    def generate(stack: Any) -> float:
        """transformers' own loop (`generate`) on the C first requests as one batch: seconds per step."""
        pad = engine.tokenizer.pad_token_id
        width = max(len(p) for p in prompts[:args.clients])
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts[:args.clients]], device=args.device)
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts[:args.clients]],
                            device=args.device)
        started = time.perf_counter()
        stack.generate(refs[:args.clients], input_ids=ids, attention_mask=mask, max_new_tokens=args.max_tokens,
                       min_new_tokens=args.max_tokens, do_sample=False, pad_token_id=pad)
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        return (time.perf_counter() - started) / args.max_tokens

    split: list[tuple[float, float, float]] = []  # per decode step: seconds of wall, on a CPU, waiting for a CPU
    plain_step = engine._step

    def step_with_schedstat() -> None:  # the engine's step, with its thread's schedstat read around it
        steps, before, started = len(engine.step_rows), schedstat(), time.perf_counter()
        plain_step()
        if len(engine.step_rows) > steps:  # (a pass with no rows left is no step)
            after = schedstat()
            split.append((time.perf_counter() - started, after[0] - before[0], after[1] - before[1]))

    engine._step = step_with_schedstat  # type: ignore[method-assign]
    rounds = []
    with BackgroundServer(built=built) as server:
        drive_elsewhere(server.url, clients=1, requests=1, max_tokens=4)  # warm-up
        for index in range(args.rounds):
            step = engine.call(generate).result()  # on the engine's thread, between its steps
            rounds.append({"round": index + 1, "mode": "generate", "median_full_step_ms": round(1000 * step, 2),
                           "load_average": round(os.getloadavg()[0], 2)})
            print(json.dumps(rounds[-1]), file=sys.stderr)
            for mode in ("bare", "server"):
                first, started, before = len(engine.step_seconds), time.perf_counter(), thread_counters()
                if mode == "bare":
                    bare()
                elif args.clients_here:  # as this benchmark drove them before: threads of the server's process
                    drive(server.url, args, names)
                else:
                    drive_elsewhere(server.url)
                wall = time.perf_counter() - started
                used = {name: tuple(now - was for now, was in zip(counts, before.get(name, (0, 0, 0)), strict=True))
                        for name, counts in thread_counters().items()}
                while len(split) < len(engine.step_rows):  # the last step is timed after its rows end
                    time.sleep(0.001)
                seconds, rows = engine.step_seconds[first:], engine.step_rows[first:]
                starts = engine.step_started[first:]
                full = [t for t, n in zip(seconds, rows, strict=True) if n == args.clients]
                span = starts[-1] + seconds[-1] - starts[0]  # from the first step's start to the last one's end
                pairs = zip(starts, starts[1:], rows, rows[1:], strict=False)  # (each step, the next one)
                gaps = [b - a for a, b, n, m in pairs if n == m == args.clients]
                rounds.append({"round": index + 1, "mode": mode, "steps": len(seconds),
                               "rows_per_step": round(statistics.mean(rows), 2),
                               "median_step_ms": round(1000 * statistics.median(seconds), 2),
                               "median_full_step_ms": round(1000 * statistics.median(full), 2) if full else None,
                               # from one step's start to the next one's, both with all C rows: the step and
                               # what the engine's thread does (or waits for) between steps
                               "median_full_cycle_ms": round(1000 * statistics.median(gaps), 2) if gaps else None,
                               "mean_full_step_ms": round(1000 * statistics.mean(full), 2) if full else None,
                               "steps_per_s": round(len(seconds) / span, 2),
                               "wall_s": round(wall, 2),
                               # CPU time per step of the engine's thread, uvicorn's (the event loop) and the rest
                               "cpu_ms_per_step": {name: round(1000 * counts[0] / len(seconds), 2)
                                                   for name, counts in used.items() if counts[0] > 0.001},
                               **step_split(split[first:], rows, args.clients),
                               "engine_waits_per_step": round(used["gristmill-engine"][2] / len(seconds), 2),
                               "load_average": round(os.getloadavg()[0], 2)})
                print(json.dumps(rounds[-1]), file=sys.stderr)
    median = {(mode, key): statistics.median(r[key] for r in rounds if r["mode"] == mode)
              for mode in ("bare", "server") for key in ("median_full_step_ms", "median_full_cycle_ms")}
    median["generate", "median_full_step_ms"] = statistics.median(r["median_full_step_ms"] for r in rounds
                                                                  if r["mode"] == "generate")
    return {"model": args.shape or args.model, "device": args.device, "clients": args.clients,
            "adapters": args.adapters, "requests": args.requests, "max_tokens": args.max_tokens,
            "streaming_share": args.streaming, "threads": args.threads, "clients_here": args.clients_here,
            "switch_interval_s": sys.getswitchinterval(),
            "rounds": rounds,
            "generate_step_ms": median["generate", "median_full_step_ms"],
            "bare_step_ms": median["bare", "median_full_step_ms"],
            "server_step_ms": median["server", "median_full_step_ms"],
            "bare_cycle_ms": median["bare", "median_full_cycle_ms"],
            "server_cycle_ms": median["server", "median_full_cycle_ms"],
            "server_over_bare_cycle": round(median["server", "median_full_cycle_ms"]
                                            / median["bare", "median_full_cycle_ms"], 2)}


def schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of the calling thread so far (Linux)."""
    on_cpu, waiting = Path("/proc/thread-self/schedstat").read_text().split()[:2]
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def step_split(split: list[tuple[float, float, float]], rows: list[int], clients: int) -> dict[str, float]:
    """Medians over the steps with all rows: a step's time on a CPU, waiting for a CPU (the machine's other
    processes), and the rest, blocked (the GIL held by another thread of the process; on CUDA also the GPU)."""
    full = [s for s, n in zip(split, rows, strict=True) if n == clients] or split
    return {"engine_on_cpu_ms": round(1000 * statistics.median(s[1] for s in full), 2),
            "engine_run_queue_ms": round(1000 * statistics.median(s[2] for s in full), 2),
            "engine_blocked_ms": round(1000 * statistics.median(max(0.0, s[0] - s[1] - s[2]) for s in full), 3)}


def decode_ab(args: argparse.Namespace) -> dict[str, Any]:
    """The engine's text work for C streamed rows of --max-tokens tokens (README.md's tokens), per step: the
    incremental decoder (tokenizers' DecodeStream) against decoding every token so far at each step, alternately."""
    import threading

    from gristmill.models import load_tokenizer
    from gristmill.serve.batch import RowStreamer
    from gristmill.serve.job import Job, Sampling

    tokenizer = load_tokenizer(args.model)
    streamer = RowStreamer(tokenizer, [tokenizer.eos_token_id], threading.Lock())
    ids = [t for t in tokenizer(Path("README.md").read_text()).input_ids if t != tokenizer.eos_token_id]
    rows = [ids[i * args.max_tokens:(i + 1) * args.max_tokens] for i in range(args.clients)]
    seconds: dict[str, list[float]] = {"whole": [], "incremental": []}
    for _ in range(args.rounds):
        for way in seconds:
            jobs = [Job([], None, args.max_tokens + 1, Sampling(), on_text=lambda _: None, on_done=lambda _: None,
                        decoder=None if way == "incremental" else False) for _ in rows]
            started = time.perf_counter()
            for step in range(args.max_tokens):
                for job, row in zip(jobs, rows, strict=True):
                    streamer.advance(job, row[step])
            seconds[way].append(round(1000 * (time.perf_counter() - started) / args.max_tokens, 3))
    return {"rows": args.clients, "tokens": args.max_tokens, "ms_per_step": seconds,
            "whole_over_incremental": round(statistics.median(seconds["whole"])
                                            / statistics.median(seconds["incremental"]), 2)}


def thread_counters() -> dict[str, tuple[float, float, int]]:
    """(seconds on a CPU, seconds runnable but waiting for a CPU, voluntary context switches) of each live thread
    of this process, by name (Linux /proc: schedstat, status). A thread that only computes blocks (a voluntary
    switch) only to wait for the interpreter lock (or, on CUDA, for the GPU), so a decode step's time is its CPU
    time + the machine's other processes (the run-queue wait) + the GIL held by this process's other threads."""
    found = {}
    for thread in threading.enumerate():
        task = Path(f"/proc/self/task/{thread.native_id}")
        try:
            on_cpu, waiting = (int(v) / 1e9 for v in (task / "schedstat").read_text().split()[:2])
            status = (task / "status").read_text()
        except OSError:
            continue
        found[thread.name] = (on_cpu, waiting, int(status.split("voluntary_ctxt_switches:")[1].split()[0]))
    return found


class _NoEngine:
    def stop(self) -> None:
        """The baseline has no engine thread to stop."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded")
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--dtype", help="the base's dtype (default: the model's own on CUDA, float32 on CPU)")
    parser.add_argument("--shape", choices=["1b", "proxy"], help="a random-weight base of this shape instead of "
                        "--model (proxy: 8 layers, hidden 64, where a step is dispatch overhead, as on a GPU)")
    parser.add_argument("--tokenizer", type=Path, help="with --shape: the tokenizer folder (default: the embedded "
                        "model's)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--adapters", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1, help="requests per client, one after the other")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between clients' first requests "
                        "(default: all at once)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (on a shared 2-core machine, two "
                        "threads spin against the other users' processes and run ~10x slower than one)")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out/serve"))
    parser.add_argument("--side", choices=list(SIDES), help=argparse.SUPPRESS)
    parser.add_argument("--sides", nargs="+", choices=list(SIDES), default=list(SIDES))
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/serve_cpu.json"))
    parser.add_argument("--engines-ab", action="store_true", help="only the two LoRA engines, alternately, in one "
                        "process (no HTTP): seconds per step on the same batch")
    parser.add_argument("--rounds", type=int, default=3, help="with --engines-ab or --step-times: alternations")
    parser.add_argument("--step-times", action="store_true", help="only gristmill's engine: its decode step's "
                        "time bare against inside the server under the clients, alternately (see step_times)")
    parser.add_argument("--decode-ab", action="store_true", help="only the streamed rows' text work per step: "
                        "incremental decoding against decoding every token so far, alternately (no model)")
    parser.add_argument("--switch-interval", type=float, help="with --step-times: sys.setswitchinterval in the "
                        "server's process (default: Python's, 0.005 s)")
    parser.add_argument("--clients-here", action="store_true", help="with --step-times: the clients as threads of "
                        "the server's process (how this benchmark ran them before), not a process of their own")
    parser.add_argument("--streaming", type=float, default=0.0, help="the share of clients that stream (SSE)")
    parser.add_argument("--drive", metavar="URL", help=argparse.SUPPRESS)  # a client process: drive URL, JSON out
    args = parser.parse_args()
    if args.streaming and not args.step_times and "baseline" in args.sides:
        parser.error("--streaming: the baseline app answers with one JSON body (drop baseline from --sides)")
    if args.drive:
        print(json.dumps(drive(args.drive, args, [f"a{i}" for i in range(args.adapters)])))
        return
    if args.shape:
        tokenizer = args.tokenizer or embedded_tokenizer(args.work / "tokenizer-embedded")
        args.model = str(random_base(args.shape, tokenizer, args.work / f"base-{args.shape}"))
        sys.argv += ["--model", args.model]  # the children load the saved base
    adapters_dir = args.work / (f"adapters-{args.shape}" if args.shape else "adapters")
    adapters = sorted(adapters_dir.glob("adapter*"))[: args.adapters]
    if args.decode_ab:
        print(json.dumps(decode_ab(args)))
        return
    if args.step_times:
        if len(adapters) < args.adapters:
            adapters = make_adapters(args.model, args.adapters, adapters_dir)
        result = step_times(args, adapters)
        print(json.dumps(result))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
        return
    if args.engines_ab:
        print(json.dumps(engines_ab(args, adapters)))
        return
    if args.side:  # a child: one side, JSON on the last line of stdout
        print(json.dumps(run_side(args.side, args, adapters)))
        return
    if len(adapters) < args.adapters:
        adapters = make_adapters(args.model, args.adapters, adapters_dir)
    results = {side: child(side) for side in args.sides}
    report(results, args)


def child(side: str) -> dict[str, Any]:
    command = [sys.executable, *sys.argv, "--side", side]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"side {side} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    """Each side's figures, its tokens/s over the baseline's, and the share of answers equal to the baseline's."""
    base = results.get("baseline") or next(iter(results.values()))
    summary: dict[str, Any] = {"model": args.shape or args.model, "device": args.device, "clients": args.clients,
                               "adapters": args.adapters,
                               "requests": base["requests"], "max_tokens": args.max_tokens, "threads": args.threads,
                               "stagger_s": args.stagger}
    for side, result in results.items():
        same = sum(result["texts"][k] == v for k, v in base["texts"].items())
        summary[side] = {"tokens_per_s_ratio": round(result["tokens_per_s"] / base["tokens_per_s"], 2),
                         "same_text_share": round(same / len(base["texts"]), 3)}
    keys = ["requests_per_s", "tokens", "tokens_per_s", "p50_s", "p99_s", "seconds", "peak_rss_gib"]
    keys += ["peak_gpu_gib"] if "peak_gpu_gib" in base else []
    print(f"{'':>10} " + " ".join(f"{k:>15}" for k in keys))
    for side, result in results.items():
        print(f"{side:>10} " + " ".join(f"{result[k]:>15}" for k in keys))
    print(json.dumps(summary))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, **{s: {k: v for k, v in r.items() if k != "texts"}
                                                           for s, r in results.items()}}, indent=2) + "\n")


if __name__ == "__main__":
    main()
