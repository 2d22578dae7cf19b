"""Reward model: a one-output score head on the base with a LoRA adapter, trained with Bradley–Terry.

`score_frame` then ranks or filters any rows (synthetic data, say) by the trained model's score.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from gristmill.config import validate
from gristmill.errors import ConfigError, GristmillError
from gristmill.train.adapters import base_model
from gristmill.train.config import TrainConfig
from gristmill.train.dpo import PREFERENCE_COLUMNS, Pair, answerable, pair_batch, preference_examples
from gristmill.train.forward import last_token_hidden
from gristmill.train.loop import StepCallback, Task, autocast, train
from gristmill.train.losses import bradley_terry_loss
from gristmill.train.session import TrainReport, finish, plan_memory, prepare
from gristmill.train.sft import Rows, batch_plan, collate_fn, load_records


def sequence_scores(model: Any, batch: Any) -> torch.Tensor:
    """One scalar per sequence: the score head applied to the last token's final hidden state."""
    base = base_model(model)
    hidden = last_token_hidden(model, batch)
    return base.score(hidden.to(base.score.weight.dtype if hasattr(base.score, "weight") else hidden.dtype)
                      ).squeeze(-1).float()


def rm_task(pairs: Sequence[Pair], val_pairs: Sequence[Pair], cfg: TrainConfig, pad_id: int) -> Task:
    """Pairs in, −log σ(r_chosen − r_rejected) averaged over the step's pairs, pairwise accuracy out."""
    collate = collate_fn(cfg, pad_id)
    lengths = [len(c) + len(r) for c, r in pairs]

    def loss(model: Any, batch: Any, step_pairs: int) -> tuple[Any, dict[str, float]]:
        scores = sequence_scores(model, batch)
        chosen, rejected = scores[0::2], scores[1::2]
        losses = bradley_terry_loss(chosen, rejected)
        return losses.sum() / step_pairs, {"accuracy": (chosen > rejected).float().mean().item(),
                                           "margin": (chosen - rejected).mean().item()}

    val_plan = batch_plan([len(c) + len(r) for c, r in val_pairs], cfg, seed=0)
    return Task(name="rm", plan=lambda seed: batch_plan(lengths, cfg, seed),
                batch=lambda ix: pair_batch(pairs, ix, collate), units=lambda b: b.n_seqs // 2, loss=loss,
                val_batches=[pair_batch(val_pairs, ix, collate) for ix in val_plan][: cfg.loop.eval_batches or None])


def run_rm(cfg: TrainConfig, *, resume: bool = True, on_step: StepCallback | None = None,
           rows: Rows | None = None) -> TrainReport:
    """Train a reward model on preference pairs; pairwise accuracy on the validation split is logged."""
    from gristmill.chat import set_chat_template

    if cfg.loop.parallel != "ddp":  # its score head runs outside the root's forward, where the shards are gathered
        raise ConfigError([f"loop.parallel: {cfg.loop.parallel} is not supported for reward models yet; "
                           "use loop.parallel: ddp"])
    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"kind": "preference"})})
    train_rows, val_rows = rows if rows is not None else load_records(cfg, PREFERENCE_COLUMNS, "preference")
    (train_rows, skipped), (val_rows, val_skipped) = answerable(train_rows), answerable(val_rows)
    prepared = prepare(cfg, head="score", task_type="SEQ_CLS")
    prepared.decisions["rows_without_a_user_turn_skipped"] = skipped + val_skipped
    set_chat_template(prepared.tokenizer, cfg.model.chat_template)
    pairs = preference_examples(train_rows, prepared.tokenizer, cfg)
    val_pairs = preference_examples(val_rows, prepared.tokenizer, cfg)
    plan_memory(prepared, cfg, [len(c) + len(r) for c, r in pairs])
    task = rm_task(pairs, val_pairs, cfg, prepared.tokenizer.pad_token_id)
    out = cfg.output_dir()
    result = train(prepared.model, task, cfg, out, resume=resume, on_step=on_step)
    counts = {"train_pairs": len(pairs), "validation_pairs": len(val_pairs)}
    return finish("rm", cfg, prepared, result, out, counts, head="score")


# --------------------------------------------------------------------------------------------- scoring


def load_reward_model(train_dir: str | Path) -> tuple[Any, Any, TrainConfig]:
    """The reward model a `train rm` run saved: base from its train.json plus the adapter folder."""
    from peft import PeftModel

    from gristmill.models import load_model
    from gristmill.train.session import choose_device

    train_dir = Path(train_dir)
    record_path = train_dir / "train.json"
    if not record_path.exists():
        raise GristmillError(f"{train_dir}: no train.json (expected the output folder of `gristmill train rm`)")
    record = json.loads(record_path.read_text())
    if record.get("kind") != "rm":
        raise GristmillError(f"{record_path}: kind is {record.get('kind')!r}, not a reward model (rm)")
    cfg = validate(TrainConfig, record["config"], source=str(record_path))
    device = choose_device()
    model, tokenizer = load_model(cfg.model.name, gguf_file=cfg.model.gguf_file, device=device, head="score")
    model = PeftModel.from_pretrained(model, str(train_dir / "adapter")).to(device).eval()
    return model, tokenizer, cfg


@torch.no_grad()
def score_texts(model: Any, tokenizer: Any, cfg: TrainConfig, prompts: Sequence[str], answers: Sequence[str],
                batch_size: int = 16) -> list[float]:
    """Reward of each (prompt, answer), templated exactly as in training."""
    from gristmill.chat import set_chat_template
    from gristmill.train.data import pad

    set_chat_template(tokenizer, cfg.model.chat_template)
    rows = [{"prompt": p, "chosen": a, "rejected": a} for p, a in zip(prompts, answers, strict=True)]
    examples = [chosen for chosen, _ in preference_examples(rows, tokenizer, cfg)]
    device = next(model.parameters()).device
    scores: list[float] = []
    for start in range(0, len(examples), batch_size):
        batch = pad(examples[start: start + batch_size], tokenizer.pad_token_id).to(device)
        with autocast(device):
            scores += sequence_scores(model, batch).tolist()
    return scores


def score_frame(train_dir: str | Path, frame: Any) -> Any:
    """Add a `reward` column to SFT rows (instruction+input → output) or preference rows (both sides)."""
    import polars as pl

    model, tokenizer, cfg = load_reward_model(train_dir)
    if "output" in frame.columns:
        prompts = frame.select(pl.concat_str(pl.col("instruction"), pl.lit("\n\n"), pl.col("input").fill_null(""))
                               .str.strip_chars()).to_series().to_list()
        return frame.with_columns(reward=pl.Series(score_texts(model, tokenizer, cfg, prompts,
                                                               frame["output"].to_list())))
    prompts = frame["prompt"].to_list()
    return frame.with_columns(
        reward_chosen=pl.Series(score_texts(model, tokenizer, cfg, prompts, frame["chosen"].to_list())),
        reward_rejected=pl.Series(score_texts(model, tokenizer, cfg, prompts, frame["rejected"].to_list())))
