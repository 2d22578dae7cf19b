"""Shared pieces of the training benchmarks (train_sft.py, train_dpo.py): model shapes, NF4 bases, timers.

Random-weight models of real shapes are built on the GPU from a config and their linear layers quantized to
NF4 with double quantization by bitsandbytes, exactly the layers and settings `from_pretrained` with a
BitsAndBytesConfig would produce, so ours and trl get identical bases without a 16 GB save/load round trip.
"""

from __future__ import annotations

import gc
import json
import time
from pathlib import Path
from typing import Any

import torch

ON_GPU = torch.cuda.is_available()  # on CPU the scripts run unquantized (a smoke test of the code path only)
DEVICE = "cuda" if ON_GPU else "cpu"

SHAPES: dict[str, dict[str, Any]] = {
    "1b": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 2048,
           "intermediate_size": 8192, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
           "head_dim": 64, "vocab_size": 128256, "max_position_embeddings": 131072, "rms_norm_eps": 1e-5,
           "rope_theta": 500000.0, "tie_word_embeddings": True, "bos_token_id": 128000, "eos_token_id": 128001,
           "hidden_act": "silu"},
    "8b": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
           "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
           "head_dim": 128, "vocab_size": 128256, "max_position_embeddings": 131072, "rms_norm_eps": 1e-5,
           "rope_theta": 500000.0, "tie_word_embeddings": False, "bos_token_id": 128000, "eos_token_id": 128001,
           "hidden_act": "silu"},
    "70b": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8192,
            "intermediate_size": 28672, "num_hidden_layers": 80, "num_attention_heads": 64, "num_key_value_heads": 8,
            "head_dim": 128, "vocab_size": 128256, "max_position_embeddings": 131072, "rms_norm_eps": 1e-5,
            "rope_theta": 500000.0, "tie_word_embeddings": False, "bos_token_id": 128000, "eos_token_id": 128001,
            "hidden_act": "silu"},
    "135m": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 576,  # SmolLM2-135M
             "intermediate_size": 1536, "num_hidden_layers": 30, "num_attention_heads": 9, "num_key_value_heads": 3,
             "head_dim": 64, "vocab_size": 49152, "max_position_embeddings": 8192, "rms_norm_eps": 1e-5,
             "rope_theta": 100000.0, "tie_word_embeddings": True, "bos_token_id": 1, "eos_token_id": 2,
             "hidden_act": "silu"},
    "tiny": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
             "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
             "vocab_size": 4096, "max_position_embeddings": 4096, "tie_word_embeddings": False, "hidden_act": "silu"},
}


def write_config(shape: str, folder: Path) -> Path:
    """The shape as a config.json in `folder` (what the issue calls 'a config written as config.json')."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(SHAPES[shape], indent=1))
    return folder


def word_tokenizer(vocab_size: int, folder: Path) -> Any:
    """A word-level tokenizer whose words are t0 … t{vocab-1}: text of n words is exactly n tokens."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {f"t{i}": i for i in range(vocab_size - 2)}
    vocab.update({"<pad>": vocab_size - 2, "</s>": vocab_size - 1})
    core = Tokenizer(models.WordLevel(vocab, unk_token="</s>"))
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="</s>")
    tokenizer.save_pretrained(folder)
    return tokenizer


def random_words(rng: Any, n: int, vocab_size: int) -> str:
    return " ".join(f"t{i}" for i in rng.integers(0, vocab_size - 2, n))


def build_nf4_model(shape: str, folder: Path, device: str = DEVICE, quantize: bool = ON_GPU) -> Any:
    """Random-weight model of `shape`, bf16, linear layers of the decoder in NF4 + double quantization."""
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.from_pretrained(write_config(shape, folder))
    torch.manual_seed(0)
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16 if ON_GPU else torch.float32,
                                                 attn_implementation="sdpa")
    if quantize:
        quantize_nf4(model, device)
    return model


def quantize_nf4(model: Any, device: str) -> None:
    quantize_linears(model, device)
    model.is_loaded_in_4bit = True  # what trl checks to treat the base as QLoRA (adapter weights in bf16)
    gc.collect()
    torch.cuda.empty_cache() if device == "cuda" else None


def quantize_linears(root: Any, device: str) -> None:
    """Every `nn.Linear` under `root` (the output head and a classifier excepted) replaced by bitsandbytes'
    NF4 `Linear4bit` with double quantization; the bf16 weight is freed as each layer is replaced."""
    import bitsandbytes as bnb

    for module in list(root.modules()):
        for name, child in list(module.named_children()):
            if not isinstance(child, torch.nn.Linear) or name in ("lm_head", "score"):
                continue
            layer = bnb.nn.Linear4bit(child.in_features, child.out_features, bias=child.bias is not None,
                                      compute_dtype=torch.bfloat16, compress_statistics=True, quant_type="nf4",
                                      device="meta")
            layer.weight = bnb.nn.Params4bit(child.weight.data, requires_grad=False, compress_statistics=True,
                                             quant_type="nf4", module=layer).to(device)
            if child.bias is not None:
                layer.bias = child.bias
            setattr(module, name, layer)
            del child


def build_layerwise(shape: str, folder: Path, device: str = DEVICE, quantize: bool = ON_GPU, seed: int = 0,
                    progress: Any = None) -> Any:
    """Random-weight model of `shape` built one decoder layer at a time, so no more than one layer's full-precision
    weights exist at once (a 70B shape's 131 GiB of bf16 never does): the skeleton on the meta device (accelerate's
    `init_empty_weights`; buffers such as the rotary frequencies are real), then each layer materialized on
    `device`, initialized from its own seed (`init_seeded`) and, with `quantize`, its linears turned to NF4 before
    the next; the embedding, final norm and output head stay in bf16 (fp32 off the GPU)."""
    from accelerate import init_empty_weights
    from transformers import AutoConfig, AutoModelForCausalLM

    config = AutoConfig.from_pretrained(write_config(shape, folder))
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    with init_empty_weights():
        model = AutoModelForCausalLM.from_config(config, dtype=dtype, attn_implementation="sdpa")
    for index, (name, module) in enumerate(seeded_parts(model)):
        module.to_empty(device=device)
        init_seeded(module, seed * 1_000_003 + index, config.initializer_range)
        if quantize and ".layers." in f"{name}.":
            quantize_linears(module, device)
        if progress is not None:
            progress(index, name)
    for module in model.modules():  # buffers were made on the host (rotary frequencies): onto the device
        for key, buffer in module._buffers.items():
            if buffer is not None:
                module._buffers[key] = buffer.to(device)
    model.is_loaded_in_4bit = quantize
    return model


def seeded_parts(model: Any) -> list[tuple[str, Any]]:
    """The units `build_layerwise` materializes and seeds one at a time, in order: each decoder layer, then every
    other module that holds parameters of its own (embedding, final norm, output head)."""
    layers = model.get_decoder().layers
    inside = {id(m) for layer in layers for m in layer.modules()}
    rest = [(name, m) for name, m in model.named_modules()
            if id(m) not in inside and any(True for _ in m.parameters(recurse=False))]
    return [(f"model.layers.{i}", layer) for i, layer in enumerate(layers)] + rest


@torch.no_grad()
def init_seeded(root: Any, seed: int, std: float) -> None:
    """Llama's initialization (`_init_weights`: linear and embedding weights N(0, std), biases 0, norm weights 1)
    drawn from a generator seeded with `seed`, so a unit gets the same weights however the model was built."""
    generator = None
    for module in root.modules():
        weight = getattr(module, "weight", None)
        if isinstance(module, (torch.nn.Linear, torch.nn.Embedding)):
            if generator is None:
                generator = torch.Generator(weight.device).manual_seed(seed)
            weight.normal_(0.0, std, generator=generator)
            if getattr(module, "bias", None) is not None:
                module.bias.zero_()
        elif "Norm" in type(module).__name__ and weight is not None:
            weight.fill_(1.0)


def free_gpu() -> None:
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()


def peak_gib() -> float:
    return torch.cuda.max_memory_allocated() / 2**30 if torch.cuda.is_available() else 0.0


class StepClock:
    """Wall-clock time of each optimizer step end; rates are taken after `warmup` steps."""

    def __init__(self, warmup: int = 3) -> None:
        self.warmup = warmup
        self.times: list[float] = []

    def tick(self) -> None:
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        self.times.append(time.perf_counter())

    def seconds(self) -> float:
        timed = self.times[self.warmup:]
        return timed[-1] - timed[0] if len(timed) > 1 else float("nan")

    def steps(self) -> int:
        return max(len(self.times) - self.warmup - 1, 0)


def trl_clock_callback(clock: StepClock) -> Any:
    from transformers import TrainerCallback

    class Clock(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            clock.tick()

    return Clock()


def our_config(**sections: Any) -> Any:
    """A TrainConfig for the benchmark (data path is unused: tasks are built in memory)."""
    from gristmill.train.config import TrainConfig

    sections["data"] = {"path": "-", **sections.get("data", {})}
    return TrainConfig.model_validate(sections)


def prepare_ours(model: Any, cfg: Any) -> dict[str, Any]:
    """Our adapter, attention and checkpointing decisions on an already built base (`session.adapt`, then the
    checkpointing plan for the configured token budget)."""
    from gristmill.train.session import adapt, decide_checkpointing

    device = "cuda" if torch.cuda.is_available() else "cpu"
    quantized = any(type(m).__name__ == "Linear4bit" for m in model.modules())  # quantize_nf4 sets no flag
    prepared = adapt(model, None, cfg, device, quantized)
    plan = decide_checkpointing(prepared.model, cfg, device, cfg.token_budget()).as_dict()
    decisions = prepared.decisions
    return {"model": prepared.model, "attention": prepared.attention, "checkpointing": plan,
            "optimizer": decisions["optimizer"], "fused": decisions["fused"],
            "offloaded": f"embeddings {decisions['embeddings_offloaded_gib']:.2f} GiB, "
                         f"output head {plan['output_head_offloaded_gib']:.2f} GiB, "
                         f"layer inputs {plan['inputs_offloaded']}"}


RESULT = "RESULT "


def isolated(script: str, function: str, **kwargs: Any) -> dict[str, Any]:
    """`function(**kwargs)` of `script`, run in a fresh process: its own CUDA context, so nothing one tool leaves
    behind (trl's trainer kept a 1 GiB embedding alive after `del`) counts in the next one's peak memory."""
    import subprocess
    import sys

    spec = json.dumps({"function": function, "kwargs": kwargs}, default=str)
    proc = subprocess.run([sys.executable, script, "--call", spec], stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT)]
    print("\n".join(line for line in proc.stdout.splitlines() if not line.startswith(RESULT))[-2000:], flush=True)
    if proc.returncode or not lines:
        return {"tool": function, "error": f"exit {proc.returncode}"}
    return json.loads(lines[-1][len(RESULT):])


def serve_call(namespace: dict[str, Any]) -> bool:
    """The child side of `isolated`: when the script was started as `SCRIPT --call SPEC`, call the function and
    print its row on one RESULT line, and say so (the script's own arguments are then not parsed)."""
    import sys

    if sys.argv[1:2] != ["--call"]:
        return False
    call = json.loads(sys.argv[2])
    kwargs = {k: Path(v) if k == "work" else v for k, v in call["kwargs"].items()}
    print(RESULT + json.dumps(namespace[call["function"]](**kwargs), default=str), flush=True)
    return True


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Plain-text table of result rows (printed last, so the device reply's tail carries it)."""
    widths = {c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns)]
    lines += ["  ".join(_fmt(r.get(c)).ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return "" if value is None else str(value)
