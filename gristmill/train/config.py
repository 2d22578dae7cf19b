"""The `train` section: one small pydantic model per concept (model, adapter, data, optimizer, loop, DPO)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from gristmill.config import Section, Switch, load_yaml, validate, yaml_switch

AdapterMethod = Literal["lora", "ia3", "prompt", "prefix", "bitfit", "full"]
# Settings written `auto`/`off` (or a number of layers) in YAML, where `off` and `on` arrive as booleans.
AutoOff = Annotated[Literal["auto", "off"], BeforeValidator(yaml_switch)]
Layers = Annotated[Literal["auto", "on", "off"] | int, BeforeValidator(yaml_switch)]


class ModelSection(Section):
    """Which base model, how it is loaded and how attention runs."""

    name: str = "embedded"  # `embedded` (SmolLM2-135M-Instruct), a hub id, a folder or a .gguf file
    gguf_file: str | None = None
    quantize: Literal["auto", "nf4", "none"] = "auto"  # auto: NF4 on CUDA, none on CPU (nf4: bitsandbytes on either)
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    attention: Literal["auto", "varlen", "sdpa", "eager"] = "auto"  # auto: varlen when the model allows it
    chat_template: str | None = None  # a named template (chatml, llama3, alpaca, plain) or a Jinja string
    dequantize_cache: bool = False  # keep a bf16 copy of the NF4 weights: same numbers, no per-step dequant
    # torch.compile each decoder layer (regional compilation: one compile serves every layer), or only the
    # element-wise glue between the matmuls (pointwise: SiLU(gate)·up and the rotary embedding); auto: pointwise
    # on CUDA (+6 % tokens/s and 7 GiB less on an 8B step, benchmarks/BENCHMARKS.md), off elsewhere
    compile: Literal["auto", "off", "layers", "pointwise"] = "auto"
    offload_embeddings: AutoOff = "auto"  # auto: a frozen, untied input embedding in host memory
    # the frozen output head (and a tied input embedding) in host memory, copied over once per forward;
    # auto: on CUDA when memory is tight (the checkpointing plan must recompute layers with it on the GPU)
    offload_output_head: Switch = "auto"


class AdapterSection(Section):
    """peft adapter (or BitFit / full fine-tuning) and what stays frozen."""

    method: AdapterMethod = "lora"
    r: int = Field(default=16, ge=1)
    alpha: float = 32.0
    dropout: float = Field(default=0.05, ge=0.0, lt=1.0)
    target_modules: str | list[str] = "all-linear"
    virtual_tokens: int = Field(default=20, ge=1)  # prompt and prefix tuning
    freeze: list[Literal["embeddings", "norms", "lm_head"]] = Field(default_factory=list)  # full / bitfit
    init_from: str | None = None  # a saved adapter folder to continue from (DPO on top of SFT)
    fused: Switch = "auto"  # LoRA linears and frozen RMSNorms fused (train/fused.py); auto: CUDA
    # the fused LoRA linears' dropout: torch's kernel, or Triton's drawn inside the down-projection (train/kernels.py);
    # auto: Triton's where it runs (fused linears on a CUDA GPU with Triton), else torch's
    dropout_kernel: Literal["auto", "torch", "triton"] = "auto"


class DataSection(Section):
    """What to train on and how examples become token batches."""

    path: str  # a run directory (uses curate/kept.parquet) or any dataset file gristmill reads
    kind: Literal["sft", "chat", "preference"] | None = None
    val_path: str | None = None
    val_fraction: float = Field(default=0.05, ge=0.0, lt=1.0)
    max_examples: int | None = Field(default=None, ge=1)
    seq_len: int = Field(default=2048, ge=8)
    batch_tokens: int | None = Field(default=None, ge=8)  # per micro-batch when packing; default batch_size*seq_len
    batch_size: int = Field(default=8, ge=1)  # examples (pairs for DPO) per micro-batch when not packing
    packing: bool = True
    bucket_by_length: bool = True  # when not packing: batch examples of similar length together
    completion_only: bool = True  # loss on the answer tokens only
    system_prompt: str | None = None


class OptimSection(Section):
    """Optimizer and learning-rate schedule (warmup then cosine)."""

    optimizer: Literal["auto", "adamw", "paged_adamw_8bit"] = "auto"  # auto: paged 8-bit on CUDA for large sets
    lr: float = Field(default=1e-4, gt=0)  # low by default, against forgetting
    min_lr_ratio: float = Field(default=0.1, ge=0.0, le=1.0)
    warmup_steps: int = Field(default=10, ge=0)
    schedule: Literal["cosine", "constant"] = "cosine"
    weight_decay: float = Field(default=0.0, ge=0.0)
    betas: tuple[float, float] = (0.9, 0.999)
    grad_clip: float | None = Field(default=1.0, gt=0)


class LoopSection(Section):
    """How long to train, when to validate, stop early and checkpoint."""

    max_steps: int | None = Field(default=None, ge=1)
    epochs: float = Field(default=1.0, gt=0)
    grad_accum: int = Field(default=1, ge=1)
    eval_every: int = Field(default=50, ge=1)
    eval_batches: int | None = Field(default=None, ge=1)
    early_stop_patience: int | None = Field(default=3, ge=1)  # evals without improvement before stopping
    save_every: int = Field(default=100, ge=1)
    keep_checkpoints: int = Field(default=2, ge=1)
    seed: int = 0
    gradient_checkpointing: Layers = "auto"  # int: that many layers checkpointed
    max_memory_gib: float | None = Field(default=None, gt=0)  # budget for the auto decision (default: free)
    offload_activations: AutoOff = "auto"  # auto: checkpointed layers park their input on the host
    report_to: list[Literal["tensorboard", "trackio", "wandb", "mlflow"]] = Field(default_factory=list)
    project: str = "gristmill"  # the W&B / Trackio project and MLflow experiment runs are logged under
    # on several ranks: ddp (every rank holds the model; trainable gradients summed), fsdp (FSDP2: parameters,
    # gradients and optimizer states sharded across the ranks) or zero3 (the same sharding by DeepSpeed's ZeRO
    # stage 3: the `deepspeed` extra; a bf16 or fp32 base, torch's AdamW)
    parallel: Literal["ddp", "fsdp", "zero3"] = "ddp"


class PreferenceSection(Section):
    """DPO (Rafailov et al., 2023) and its variants."""

    beta: float = Field(default=0.1, gt=0)
    loss: Literal["sigmoid", "ipo"] = "sigmoid"
    label_smoothing: float = Field(default=0.0, ge=0.0, lt=0.5)  # cDPO
    reference_cache: bool = True
    max_prompt_tokens: int = Field(default=512, ge=1)
    max_completion_tokens: int = Field(default=512, ge=1)
    # packed rows hold each pair's prompt once, shared by its chosen and rejected completions (data.pack_pairs;
    # needs `data.packing` and the varlen attention, else each side is its own sequence)
    share_prompt: bool = True


class OutputSection(Section):
    dir: str | None = None  # default: RUN/train when data.path is a run directory, else runs/train
    merge: bool = False  # also save the base with the adapter merged in


class TrainConfig(Section):
    """Everything `gristmill train sft|dpo|rm` needs."""

    model: ModelSection = Field(default_factory=ModelSection)
    adapter: AdapterSection = Field(default_factory=AdapterSection)
    data: DataSection
    optim: OptimSection = Field(default_factory=OptimSection)
    loop: LoopSection = Field(default_factory=LoopSection)
    preference: PreferenceSection = Field(default_factory=PreferenceSection)
    output: OutputSection = Field(default_factory=OutputSection)

    @model_validator(mode="after")
    def _packing_needs_position_ids(self) -> TrainConfig:
        if self.adapter.method in ("prompt", "prefix") and self.data.packing:
            raise ValueError(f"adapter.method {self.adapter.method} prepends virtual tokens, which packing cannot "
                             "keep inside each example: set data.packing: false")
        return self

    @model_validator(mode="after")
    def _zero3_takes_what_it_can_partition(self) -> TrainConfig:
        if self.loop.parallel != "zero3":
            return self
        if self.model.quantize == "nf4":
            raise ValueError("loop.parallel: zero3 partitions a bf16 or fp32 base; for an NF4 base (QLoRA) use "
                             "loop.parallel: fsdp")
        if self.adapter.fused == "on":
            raise ValueError("loop.parallel: zero3 gathers each weight through its module's own forward, which "
                             "adapter.fused: on bypasses; set adapter.fused: auto or off")
        if self.optim.optimizer == "paged_adamw_8bit":
            raise ValueError("loop.parallel: zero3 shards torch's AdamW states itself; set optim.optimizer: adamw")
        return self

    def example_tokens(self) -> int:
        """Longest micro-batch unit in tokens: one example, or one pair (chosen + rejected) for preferences."""
        if self.data.kind == "preference":
            return 2 * (self.preference.max_prompt_tokens + self.preference.max_completion_tokens)
        return self.data.seq_len

    def token_budget(self, longest: int | None = None) -> int:
        """Tokens per micro-batch: `batch_tokens` when packing, else batch_size units as long as the longest one
        in the data (`longest`, capped at seq_len), so short data does not get a huge default batch."""
        if self.data.packing and self.data.batch_tokens:
            return self.data.batch_tokens
        unit = self.example_tokens()
        return self.data.batch_size * (min(unit, longest) if longest else unit)

    def data_files(self) -> list[Path]:
        """The files training reads: a run's curated rows, the data file or a folder's files, the validation file."""
        from gristmill import crypto

        path = Path(self.data.path)
        kept, table = crypto.stored(path / "curate" / "kept.parquet"), crypto.stored(path)  # sealed: the .enc
        files = [kept] if kept else ([table] if table and table.is_file() else sorted(p for p in path.rglob("*")
                                                                                       if p.is_file()))
        return files + ([Path(self.data.val_path)] if self.data.val_path else [])

    def output_dir(self) -> Path:
        if self.output.dir:
            return Path(self.output.dir)
        data = Path(self.data.path)
        return data / "train" if data.is_dir() and (data / "curate").is_dir() else Path("runs/train")


def load_train_config(path: str | Path, overrides: dict[str, Any] | None = None) -> TrainConfig:
    """Read a YAML file whose `train:` section (or top level) is a TrainConfig; paths are relative to it."""
    path = Path(path)
    raw = load_yaml(path)
    section = raw.get("train", raw)
    data = section.get("data") if isinstance(section, dict) else None
    if isinstance(data, dict):
        for key in ("path", "val_path"):
            if isinstance(data.get(key), str) and not Path(data[key]).is_absolute():
                data[key] = str(path.parent / data[key])
    if overrides:
        section = {**section, **overrides}
    return validate(TrainConfig, section, source=str(path), prefix="train." if "train" in raw else "")
