"""What every kind of training does around the loop: load and prepare the model, save the outputs, record the run.

`prepare` loads the base (NF4 on CUDA by default), attaches the adapter, picks the attention and decides
gradient checkpointing; `finish` saves the adapter (loadable with plain `peft.PeftModel.from_pretrained`),
optionally merges it, and writes RUN/train/train.json for the manifest.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gristmill import crypto
from gristmill.crypto import EncryptionError
from gristmill.errors import ConfigError, GristmillWarning, require
from gristmill.files import file_sha256, write_json
from gristmill.plan import step_overhead_bytes
from gristmill.train import distributed, fused, kernels
from gristmill.train.adapters import attach_adapter, base_model, dequantize_base, optimizer_name, parameter_counts
from gristmill.train.checkpoint import trainable_state
from gristmill.train.checkpointing import CheckpointPlan, apply_checkpointing, plan_checkpointing
from gristmill.train.config import TrainConfig
from gristmill.train.forward import enable_varlen
from gristmill.train.loop import LoopResult, seed_everything
from gristmill.train.offload import offload_input_embeddings, offload_output_head, restore_embeddings
from gristmill.trained import load_adapter, save_sealed_adapter, save_sealed_model, trains_embeddings


@dataclass
class Prepared:
    """A model ready to train and the decisions taken while preparing it (all logged in train.json)."""

    model: Any
    tokenizer: Any
    device: str
    quantized: bool
    attention: str
    decisions: dict[str, Any] = field(default_factory=dict)


def choose_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def prepare(cfg: TrainConfig, head: str = "causal_lm", task_type: str = "CAUSAL_LM") -> Prepared:
    """Load the base model, attach the adapter and choose attention (checkpointing: `plan_memory`, once the
    example lengths are known)."""
    from gristmill.models import load_model

    refuse_unsealable(cfg)
    device = choose_device()
    ranks = distributed.init(device)  # under a launcher: join the ranks (and take this rank's GPU) before loading
    if cfg.loop.parallel == "zero3" and ranks.active:
        require("deepspeed", "deepspeed", "loop.parallel: zero3")  # before the model loads, not after
    quantize = cfg.model.quantize == "nf4" or (
        cfg.model.quantize == "auto" and device == "cuda" and cfg.adapter.method not in ("bitfit", "full")
        and cfg.loop.parallel == "ddp")  # FSDP shards a bf16 base (README: More GPUs, on NF4)
    model, tokenizer = load_model(cfg.model.name, gguf_file=cfg.model.gguf_file, device=device,
                                  dtype=cfg.model.dtype, quantize_4bit=quantize, head=head,  # type: ignore[arg-type]
                                  shardable_4bit=quantize and cfg.loop.parallel == "fsdp")
    seed_everything(cfg.loop.seed)  # adapter initialization is reproducible (and the same before a resume)
    return adapt(model, tokenizer, cfg, device, quantize, task_type)


def refuse_unsealable(cfg: TrainConfig) -> None:
    """Under encryption, outputs that cannot be sealed yet are refused before any work (not after training)."""
    if crypto.active() is None:
        return
    if cfg.adapter.method in ("bitfit", "full"):
        raise EncryptionError(f"adapter.method: {cfg.adapter.method} saves a whole model, which an encrypted run "
                              "does not seal yet; use a peft adapter (lora, ia3, prompt, prefix)")


def adapt(model: Any, tokenizer: Any, cfg: TrainConfig, device: str, quantized: bool,
          task_type: str = "CAUSAL_LM") -> Prepared:
    """A loaded base made ready to train: adapter, fused forwards, embedding offload, attention, optimizer."""
    model = attach_adapter(model, cfg.adapter, task_type)
    if quantized and cfg.model.dequantize_cache:
        dequantize_base(model)
    # ZeRO-3 gathers a weight for backward only through its own module's forward, which fusing bypasses
    fusing = fused.wanted(cfg.adapter.fused, device) and cfg.loop.parallel != "zero3"
    dropout_kernel = choose_dropout_kernel(cfg, device, fusing)
    fusion = fused.fuse(model, dropout_kernel) if fusing else {}
    trainable, total = parameter_counts(model)  # before the embedding leaves the parameters for host memory
    offloaded = offload_input_embeddings(model) if cfg.model.offload_embeddings == "auto" else 0
    attention = choose_attention(model, cfg)
    prepared = Prepared(model, tokenizer, device, quantized, attention)
    compiling = cfg.model.compile if cfg.model.compile != "auto" else \
        "pointwise" if device.startswith("cuda") and kernels.available() else "off"  # inductor needs Triton
    if compiling == "layers":
        prepared.decisions["compiled_layers"] = fused.compile_layers(model)
    elif compiling == "pointwise":
        prepared.decisions["compiled_pointwise"] = fused.compile_pointwise(model)
    prepared.decisions["embeddings_offloaded_gib"] = round(offloaded / 2**30, 3)
    optimizer = optimizer_name([p for p in model.parameters() if p.requires_grad], cfg.optim, device)
    prepared.decisions.update(trainable_params=trainable, total_params=total, attention=attention,
                              quantized_nf4=quantized, device=device, optimizer=optimizer, fused=fusion,
                              dropout_kernel=dropout_kernel if fusing else None)
    return prepared


def choose_dropout_kernel(cfg: TrainConfig, device: str, fusing: bool) -> str:
    """The fused LoRA linears' dropout kernel: Triton's where it runs (faster: the mask is drawn inside the
    down-projection and never stored), else torch's. `adapter.dropout_kernel: triton` where its kernels would not
    run is refused, not replaced by torch's."""
    wanted = cfg.adapter.dropout_kernel
    missing = ("the LoRA linears are not fused here (adapter.fused off, or loop.parallel: zero3)" if not fusing
               else "there is no CUDA GPU" if not device.startswith("cuda")
               else "Triton is not installed (pip install triton)" if not kernels.available() else None)
    if wanted == "auto":
        return "torch" if missing else "triton"
    if wanted == "triton" and missing:
        raise ConfigError([f"adapter.dropout_kernel: triton runs inside the fused LoRA linears on a CUDA GPU, "
                           f"and {missing}; set adapter.dropout_kernel: torch"])
    return wanted


def choose_attention(model: Any, cfg: TrainConfig) -> str:
    """Packed batches need attention that stops at example boundaries: the varlen function when possible."""
    wanted = cfg.model.attention
    if wanted in ("auto", "varlen") and cfg.data.packing and enable_varlen(model):
        return "varlen"
    name = "sdpa" if wanted in ("auto", "varlen") else wanted
    base = base_model(model)
    base.set_attn_implementation(name)  # packed rows then rely on transformers' position-id packing detection
    return name


def plan_memory(prepared: Prepared, cfg: TrainConfig, lengths: list[int]) -> None:
    """Decide checkpointing for the largest micro-batch these examples make, and record the decision."""
    tokens = cfg.token_budget(max(lengths) if lengths else None)
    prepared.decisions["checkpointing"] = decide_checkpointing(prepared.model, cfg, prepared.device, tokens).as_dict()
    prepared.decisions["micro_batch_tokens"] = tokens


class MemoryBudgetWarning(GristmillWarning):
    """`loop.max_memory_gib` cannot be kept with this micro-batch, even with every layer checkpointed."""


def decide_checkpointing(model: Any, cfg: TrainConfig, device: str, tokens: int) -> CheckpointPlan:
    """Checkpoint only as many layers as the memory budget needs (budget: config, else free GPU memory, or
    available RAM on CPU); when that is any (`model.offload_output_head: auto`), first make room by moving the
    output head to host memory."""
    import torch

    configured = int(cfg.loop.max_memory_gib * 2**30) if cfg.loop.max_memory_gib else None
    if device == "cuda":
        free, _ = torch.cuda.mem_get_info()
        budget: int | None = configured or int(free * 0.9) + torch.cuda.memory_allocated()
    else:
        available = _available_ram()
        budget = configured or (int(available * 0.5) if available else None)  # RAM is shared: stay modest
    offload = device == "cuda" and cfg.loop.offload_activations == "auto"

    def plan() -> CheckpointPlan:  # the process's RAM is already outside MemAvailable: count it on CUDA only
        used = (torch.cuda.memory_allocated() if device == "cuda" else 0) + _fixed_step_bytes(model, tokens)
        return plan_checkpointing(model, cfg.loop.gradient_checkpointing, tokens, budget, used, offload)

    chosen = plan()
    setting = cfg.model.offload_output_head
    if setting == "on" or (setting == "auto" and chosen.layers > 0):
        freed = offload_output_head(model)
        if freed:
            chosen = plan()
            chosen.head_offloaded_bytes = freed
    if chosen.over_budget and configured:
        warnings.warn(f"loop.max_memory_gib {cfg.loop.max_memory_gib:g} will be passed: {chosen.reason}",
                      MemoryBudgetWarning, stacklevel=2)
    apply_checkpointing(model, chosen)
    return chosen


def _available_ram() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except OSError:  # not Linux: no RAM limit known, every layer keeps its activations
        return None
    found = [int(line.split()[1]) * 1024 for line in lines if line.startswith("MemAvailable:")]
    return found[0] if found else None


def _fixed_step_bytes(model: Any, tokens: int) -> int:
    """Memory a step needs besides layer activations (`plan.step_overhead_bytes`, fp32 AdamW states counted)."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return step_overhead_bytes(trainable, base_model(model).config.hidden_size, tokens)


# --------------------------------------------------------------------------------------------- outputs


@dataclass
class TrainReport:
    """The outcome of a training run; renders as a Rich table."""

    kind: str
    output_dir: Path
    adapter_dir: Path
    result: LoopResult
    record: dict[str, Any]

    def __rich__(self) -> Any:
        from rich.table import Table

        last = self.result.last_record
        table = Table(title=f"train {self.kind}", show_header=False)
        rows = [("steps", f"{self.result.state.step} / {self.result.total_steps}"
                 + (" (stopped early)" if self.result.stopped_early else "")),
                ("final loss", f"{last.get('loss', float('nan')):.4f}"),
                ("best validation loss", "—" if self.result.state.best_val is None
                 else f"{self.result.state.best_val:.4f}"),
                ("tokens seen", f"{self.result.state.tokens_seen:,}"),
                ("time", f"{self.result.seconds:.1f} s"),
                ("adapter", str(self.adapter_dir))]
        rows += [(k.replace("_", " "), f"{v:.3f}") for k, v in last.items()
                 if k in ("reward_accuracy", "reward_margin", "val_reward_accuracy")]
        for key, value in rows:
            table.add_row(key, value)
        return table


def save_adapter(model: Any, folder: Path, tokenizer: Any = None, base_name: str | None = None,
                 state_dict: dict[str, Any] | None = None) -> Path:
    """peft adapters via save_pretrained (safetensors); BitFit / full fine-tuning save the trainable tensors.

    `base_name` is what adapter_config.json records as the base: a portable name (the embedded model's hub id,
    not its site-packages path); `state_dict` the tensors to save when the parameters are FSDP shards."""
    from gristmill.models import portable_model_name

    folder.mkdir(parents=True, exist_ok=True)
    for config in (getattr(model, "peft_config", None) or {}).values():
        config.base_model_name_or_path = portable_model_name(base_name or config.base_model_name_or_path or "")
        if isinstance(getattr(config, "target_modules", None), set):  # a set saves in per-process hash order
            config.target_modules = sorted(config.target_modules)
    if crypto.active() is not None:  # an encrypted run: sealed from memory; evaluation loads the base's tokenizer
        return save_sealed_adapter(model, folder, state_dict)
    embeddings = {"save_embedding_layers": trains_embeddings(model)} if hasattr(model, "peft_config") else {}
    model.save_pretrained(str(folder), safe_serialization=True, state_dict=state_dict, **embeddings)
    if tokenizer is not None:
        tokenizer.save_pretrained(str(folder))
    return folder


def merge_adapter(cfg: TrainConfig, adapter_dir: Path, target: Path, head: str = "causal_lm") -> Path:
    """The base with the adapter folded in, saved in the base checkpoint's own dtype (see `merge_into`)."""
    return merge_into(cfg.model.name, cfg.model.gguf_file, adapter_dir, target, head=head)


def merge_into(base_name: str, gguf_file: str | None, adapter_dir: Path | None, target: Path, *, dtype: Any = None,
               head: str = "causal_lm") -> Path:
    """Load the base as plain float32 tensors (GGUF blocks unpacked, the quantizer dropped), fold the adapter into
    it (none: the base alone) and save model + tokenizer as safetensors in `dtype` (default: the dtype the base's
    checkpoint stores)."""
    import torch

    from gristmill.models import checkpoint_dtype, load_model, portable_model_name, torch_dtype

    base, tokenizer = load_model(base_name, gguf_file=gguf_file, device="cpu", dtype="float32",
                                 head=head, plain=True)  # type: ignore[arg-type]
    merged = load_adapter(base, adapter_dir).merge_and_unload() if adapter_dir else base  # sealed: from memory
    out_dtype = checkpoint_dtype(base_name, gguf_file) if dtype is None else torch_dtype(dtype, "cpu")
    with torch.no_grad():
        merged = merged.to(out_dtype)
    merged.config.dtype = out_dtype
    merged.config.name_or_path = portable_model_name(base_name)
    if crypto.active() is not None:  # an encrypted run: the merged weights are sealed from memory
        return save_sealed_model(merged, tokenizer, target)
    merged.save_pretrained(str(target), safe_serialization=True)
    tokenizer.save_pretrained(str(target))
    return target



def saved_state(model: Any) -> dict[str, Any]:
    """A sharded model's tensors gathered whole onto rank 0's host, for saving (a collective: every rank calls it):
    a peft adapter's trainable tensors only (the frozen base is never gathered), else the whole model."""
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict

    if hasattr(model, "peft_config"):
        return trainable_state(model)
    if distributed.is_zero3(model):
        return distributed.zero3_state_dict(model)
    return get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=True))


def finish(kind: str, cfg: TrainConfig, prepared: Prepared, result: LoopResult, out: Path,
           counts: dict[str, int], head: str = "causal_lm") -> TrainReport:
    """Save the adapter, merge if asked, write train.json (base model, data checksum, settings, adapter sha256)."""
    import peft
    import torch
    import transformers

    restore_embeddings(prepared.model)
    gathered = saved_state(prepared.model) if distributed.is_sharded(prepared.model) else None  # every rank
    if not distributed.ranks().main:  # every rank holds the same adapter; rank 0 writes it
        return TrainReport(kind, out, out / "adapter", result, {})
    adapter_dir = save_adapter(prepared.model, out / "adapter", prepared.tokenizer, cfg.model.name, gathered)
    weights = next(iter(sorted([*adapter_dir.glob("*.safetensors"), *adapter_dir.glob("*.safetensors.enc")])), None)
    merged = merge_adapter(cfg, adapter_dir, out / "merged", head) if cfg.output.merge else None
    record = {
        "kind": kind, "base_model": cfg.model.name, "gguf_file": cfg.model.gguf_file,
        "data": [{"path": str(p), "sha256": file_sha256(p)} for p in cfg.data_files()],
        "examples": counts, "config": cfg.model_dump(mode="json"), "decisions": prepared.decisions,
        "adapter": {"path": str(adapter_dir), "file": weights.name if weights else None,
                    "sha256": file_sha256(weights) if weights else None},
        "merged": str(merged) if merged else None,
        "result": {"steps": result.state.step, "total_steps": result.total_steps,
                   "stopped_early": result.stopped_early, "best_val_loss": result.state.best_val,
                   "final": result.last_record, "seconds": round(result.seconds, 2),
                   "peak_memory_gib": round(result.peak_memory_bytes / 2**30, 3),
                   "tokens_seen": result.state.tokens_seen},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "peft": peft.__version__},
    }
    write_json(record, out / "train.json")
    return TrainReport(kind, out, adapter_dir, result, record)
