"""`gristmill train sft|dpo|rm` and `gristmill score`: thin layers over gristmill.train."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from gristmill.cli.key import KeyCommandOpt, KeyFileOpt

train_app = typer.Typer(help="Fine-tune an adapter on curated data: sft, dpo, or a reward model (rm).",
                        no_args_is_help=True, rich_markup_mode="rich")

ConfigArg = Annotated[Path | None, typer.Argument(help="YAML with a `train:` section (or its keys at the top).")]
DataOpt = Annotated[str | None, typer.Option("--data", "-d", help="A run directory or dataset file (overrides "
                                                                     "data.path).")]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Hub id, folder, .gguf file or `embedded`.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Output folder (default: RUN/train).")]
StepsOpt = Annotated[int | None, typer.Option("--max-steps", help="Stop after this many optimizer steps.")]
RestartOpt = Annotated[bool, typer.Option("--restart", help="Ignore existing checkpoints and start over.")]
NprocOpt = Annotated[int, typer.Option("--nproc", min=1, help="Ranks on this machine (one per GPU; gloo processes "
                                                               "on a CPU), started by torch's elastic launcher.")]


def build_config(config: Path | None, data: str | None, model: str | None, output: Path | None,
                 max_steps: int | None) -> Any:
    """The TrainConfig from the file (if any) with the command-line options laid over it."""
    from gristmill.config import validate
    from gristmill.errors import ConfigError
    from gristmill.train.config import TrainConfig

    raw: dict[str, Any] = {}
    if config is not None:
        from gristmill.train.config import load_train_config

        raw = load_train_config(config).model_dump(exclude_unset=True)
    elif data is None:
        raise ConfigError(["give a config file or --data PATH"])
    for section, key, value in (("data", "path", data), ("model", "name", model),
                                ("output", "dir", str(output) if output else None), ("loop", "max_steps", max_steps)):
        if value is not None:
            raw.setdefault(section, {})[key] = value
    return validate(TrainConfig, raw, source=str(config) if config else "command line")


def training_progress() -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from gristmill.cli.console import err, progress_display

    return progress_display(lambda: Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"), TextColumn("{task.fields[rate]} tok/s"),
        TextColumn("{task.fields[memory]} GiB"), TimeElapsedColumn(), TimeRemainingColumn(),
        console=err, transient=True))


def run_training(kind: str, cfg: Any, restart: bool, nproc: int = 1, key_file: Path | None = None,
                 key_command: str | None = None) -> None:
    """Train as `cfg` says; in (or from) an encrypted run, with its key: everything written is sealed."""
    import os
    import sys

    from gristmill.cli.key import run_sealer
    from gristmill.crypto import run_root_of, sealing

    if nproc > 1 and "WORLD_SIZE" not in os.environ:  # the launcher starts N copies of this command as ranks
        from gristmill.train import distributed

        distributed.launch(nproc, sys.argv[1:])  # the key options travel with the command line
        return
    root = run_root_of(cfg.output_dir()) or run_root_of(Path(cfg.data.path)) or cfg.output_dir()
    with sealing(run_sealer(root, key_file, key_command)):
        _train(kind, cfg, restart)


def _train(kind: str, cfg: Any, restart: bool) -> None:
    from gristmill.cli.console import out
    from gristmill.train import distributed
    from gristmill.train.dpo import run_dpo
    from gristmill.train.rm import run_rm
    from gristmill.train.sft import run_sft

    runner = {"sft": run_sft, "dpo": run_dpo, "rm": run_rm}[kind]
    if not distributed.ranks().main:  # the other ranks train quietly; rank 0 shows progress and the report
        runner(cfg, resume=not restart)
        distributed.close()
        return
    with training_progress() as progress:
        task = progress.add_task(f"train {kind}", total=None, loss="—", rate="—", memory="—")

        def on_step(record: dict[str, Any]) -> None:
            progress.update(task, completed=record["step"], total=record["total_steps"],
                            loss=f"{record['loss']:.4f}", rate=f"{record['tokens_per_s']:,.0f}",
                            memory=f"{record['memory_gib']:.1f}")

        report = runner(cfg, resume=not restart, on_step=on_step)
    distributed.close()
    out.print(report)
    out.print(f"[dim]wrote {report.output_dir}: adapter/, metrics.jsonl, train.json[/]")


@train_app.command()
def sft(config: ConfigArg = None, data: DataOpt = None, model: ModelOpt = None, output: OutputOpt = None,
        max_steps: StepsOpt = None, restart: RestartOpt = False, nproc: NprocOpt = 1,
        key_file: KeyFileOpt = None, key_command: KeyCommandOpt = None) -> None:
    """Supervised fine-tuning (QLoRA on CUDA): loss on the answers only, packed batches.

    [bold]gristmill train sft train.yaml[/]   or   [bold]gristmill train sft --data runs/demo[/]
    """
    run_training("sft", build_config(config, data, model, output, max_steps), restart, nproc,
                 key_file, key_command)


@train_app.command()
def dpo(config: ConfigArg = None, data: DataOpt = None, model: ModelOpt = None, output: OutputOpt = None,
        max_steps: StepsOpt = None, restart: RestartOpt = False, nproc: NprocOpt = 1,
        key_file: KeyFileOpt = None, key_command: KeyCommandOpt = None) -> None:
    """Direct preference optimization on prompt/chosen/rejected pairs (reference log-probs cached on disk)."""
    run_training("dpo", build_config(config, data, model, output, max_steps), restart, nproc,
                 key_file, key_command)


@train_app.command()
def rm(config: ConfigArg = None, data: DataOpt = None, model: ModelOpt = None, output: OutputOpt = None,
       max_steps: StepsOpt = None, restart: RestartOpt = False, nproc: NprocOpt = 1,
        key_file: KeyFileOpt = None, key_command: KeyCommandOpt = None) -> None:
    """A reward model (score head + LoRA, Bradley–Terry loss); `gristmill score` uses it."""
    run_training("rm", build_config(config, data, model, output, max_steps), restart, nproc,
                 key_file, key_command)


def score(
    reward_model: Annotated[Path, typer.Argument(help="Output folder of `gristmill train rm` (holds train.json).")],
    data: Annotated[str, typer.Argument(help="Rows to score: a run directory or dataset file.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet file to write.")] = Path("scored.parquet"),
    min_score: Annotated[float | None, typer.Option(help="Keep rows scoring at least this.")] = None,
    top: Annotated[int | None, typer.Option(help="Keep the N best rows.")] = None,
) -> None:
    """Score rows with a trained reward model; rank, filter and write them (synthetic data, say)."""
    import polars as pl

    from gristmill.cli.console import out
    from gristmill.io import write_parquet
    from gristmill.tables import read_rows
    from gristmill.train.rm import score_frame

    frame = read_rows(data)
    scored = score_frame(reward_model, frame)
    column = "reward" if "reward" in scored.columns else "reward_chosen"
    scored = scored.sort(column, descending=True)
    if min_score is not None:
        scored = scored.filter(pl.col(column) >= min_score)
    if top is not None:
        scored = scored.head(top)
    write_parquet(scored, output)
    out.print(f"scored {frame.height:,} rows, kept {scored.height:,} → {output}")
