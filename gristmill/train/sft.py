"""Supervised fine-tuning: instruction → answer examples, loss on the answer tokens only; or whole conversations
(kind `chat`), loss on every assistant turn."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from gristmill.errors import SchemaError
from gristmill.train.config import TrainConfig
from gristmill.train.data import Example, chat_examples, pack, pad, plan_batches, sft_examples
from gristmill.train.forward import token_logprobs
from gristmill.train.loop import StepCallback, Task, train
from gristmill.train.losses import sft_loss
from gristmill.train.session import TrainReport, finish, plan_memory, prepare

SFT_COLUMNS = ("instruction", "input", "output")
CHAT_COLUMNS = ("messages",)
Rows = tuple[list[dict[str, Any]], list[dict[str, Any]]]  # (train rows, validation rows) given in memory


def sft_kind(cfg: TrainConfig, rows: Rows | None, detected: str | None = None) -> str:
    """`chat` or `sft`: as configured, else as the data says (a `messages` column is a conversation; `detected`:
    the kind reading the data file found)."""
    if cfg.data.kind in ("sft", "chat"):
        return cfg.data.kind
    if rows is not None:
        return "chat" if rows[0] and "messages" in rows[0][0] else "sft"
    return "chat" if detected == "chat" else "sft"


def load_records(cfg: TrainConfig, columns: Sequence[str], kind: str, frame: Any = None) -> Rows:
    """(train rows, validation rows) as dicts of the canonical text columns (of `frame` when the data file was read
    already)."""
    from gristmill.tables import read_rows, split_validation  # Polars only where a table is read

    frame = frame if frame is not None else read_rows(cfg.data.path, kind)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(f"{cfg.data.path}: training data lacks columns {missing} (kind={kind} needs "
                          f"{', '.join(columns)}; have {frame.columns})")
    if cfg.data.max_examples:
        frame = frame.head(cfg.data.max_examples)
    rows = frame.select(columns).to_dicts()
    if cfg.data.val_path:
        return rows, read_rows(cfg.data.val_path, kind).select(columns).to_dicts()
    train_idx, val_idx = split_validation(len(rows), cfg.data.val_fraction, cfg.loop.seed)
    return [rows[i] for i in train_idx], [rows[i] for i in val_idx]


def collate_fn(cfg: TrainConfig, pad_id: int) -> Any:
    return pack if cfg.data.packing else partial(pad, pad_id=pad_id)


def batch_plan(lengths: Sequence[int], cfg: TrainConfig, seed: int) -> list[list[int]]:
    data = cfg.data
    budget = cfg.token_budget(max(lengths) if len(lengths) else None)
    return plan_batches(lengths, packing=data.packing, batch_tokens=budget, batch_size=data.batch_size,
                        bucket=data.bucket_by_length, seed=seed)


def validation_batches(examples: Sequence[Any], cfg: TrainConfig, collate: Any) -> list[Any]:
    plan = batch_plan([len(e) for e in examples], cfg, seed=0)
    batches = [collate([examples[i] for i in ix]) for ix in plan]
    return batches[: cfg.loop.eval_batches] if cfg.loop.eval_batches else batches


def sft_task(train_examples: Sequence[Example], val_examples: Sequence[Example], cfg: TrainConfig,
             pad_id: int) -> Task:
    """The SFT Task: batches of examples (packed or padded), mean NLL over the step's completion tokens."""
    collate = collate_fn(cfg, pad_id)
    lengths = [len(e) for e in train_examples]

    def loss(model: Any, batch: Any, step_tokens: int) -> tuple[Any, dict[str, float]]:
        return sft_loss(token_logprobs(model, batch), step_tokens), {}

    return Task(name="sft", plan=lambda seed: batch_plan(lengths, cfg, seed),
                batch=lambda ix: collate([train_examples[i] for i in ix]), units=lambda b: b.n_targets,
                loss=loss, val_batches=validation_batches(val_examples, cfg, collate))


def run_sft(cfg: TrainConfig, *, resume: bool = True, on_step: StepCallback | None = None,
           rows: Rows | None = None) -> TrainReport:
    """Train an SFT adapter as `cfg` says; outputs go to cfg.output_dir() (adapter/, metrics.jsonl, train.json).

    `rows` gives (train, validation) rows in memory instead of reading `cfg.data.path`.
    """
    from gristmill.chat import set_chat_template

    table = None
    if rows is None and cfg.data.kind not in ("sft", "chat"):  # the data says which: read it once, here
        from gristmill.tables import read_table

        table = read_table(cfg.data.path)
    kind = sft_kind(cfg, rows, table.kind if table is not None else None)
    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"kind": kind})})
    columns = CHAT_COLUMNS if kind == "chat" else SFT_COLUMNS
    frame = table.frame if table is not None and table.kind == kind else None
    train_rows, val_rows = rows if rows is not None else load_records(cfg, columns, kind, frame)
    prepared = prepare(cfg)
    set_chat_template(prepared.tokenizer, cfg.model.chat_template)
    make = partial(chat_examples if kind == "chat" else sft_examples, tokenizer=prepared.tokenizer,
                   max_len=cfg.data.seq_len,
                   completion_only=cfg.data.completion_only, system=cfg.data.system_prompt)
    train_examples, val_examples = make(train_rows), make(val_rows)
    plan_memory(prepared, cfg, [len(e) for e in train_examples])
    task = sft_task(train_examples, val_examples, cfg, prepared.tokenizer.pad_token_id)
    out = cfg.output_dir()
    result = train(prepared.model, task, cfg, out, resume=resume, on_step=on_step)
    counts = {"train": len(train_examples), "validation": len(val_examples)}
    return finish("sft", cfg, prepared, result, out, counts)
