"""`gristmill synth CONFIG` and `gristmill review RUN`: thin layers over gristmill.synth."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gristmill.cli.key import KeyCommandOpt, KeyFileOpt

if TYPE_CHECKING:
    from gristmill.llm.client import UsageStats


def _synth_progress() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from gristmill.cli.console import err, progress_display

    return progress_display(lambda: Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[requests]} requests · {task.fields[tokens]} tokens · "
                   "{task.fields[cache]} cached · {task.fields[errors]} errors"),
        TimeElapsedColumn(), console=err, transient=True,
    ))


def _curate_part(config: Path) -> object | None:
    """The curate keys of the same file (human inputs and passes), when it has any."""
    from gristmill.config import load_yaml
    from gristmill.curate.stage import load_curate_config

    return load_curate_config(config) if "inputs" in load_yaml(config) else None


def synth(
    config: Annotated[Path, typer.Argument(help="A config with a `synth:` section (or only synth keys).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Run directory (default: from config).")]
    = None,
    force: Annotated[bool, typer.Option(help="Run even if the stage finished with the same config and inputs.")]
    = False,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
) -> None:
    """Synthesize rows (Self-Instruct, back-translation) and curate them together with the human data.

    Answers are cached in RUN/synth/cache.sqlite: a killed run resumes, a rerun sends no request.
    """
    from gristmill.cli.console import err, out
    from gristmill.cli.key import run_sealer
    from gristmill.crypto import sealing
    from gristmill.llm.backend import SynthError
    from gristmill.rundir import RunDir
    from gristmill.synth.config import load_synth_config
    from gristmill.synth.stage import STAGE, run_synth

    cfg = load_synth_config(config)
    curate = _curate_part(config)
    run = RunDir(output or cfg.output)
    with sealing(run_sealer(run.root, key_file, key_command)), _synth_progress() as progress:  # encrypted runs
        task = progress.add_task("synthesizing", total=None, requests=0, tokens=0, cache=0, errors=0)

        def advance(phase: str, done: int, total: int, stats: UsageStats) -> None:
            progress.update(task, description=phase, completed=done, total=total or None, requests=stats.requests,
                            tokens=f"{stats.prompt_tokens + stats.completion_tokens:,}", cache=stats.cache_hits,
                            errors=stats.errors)

        result = run_synth(cfg, run, curate, progress=advance, force=force)  # type: ignore[arg-type]
    if result.skipped:
        err.print(f"[dim]synth: already done for this config and these inputs ({run.root}); --force reruns[/]")
    out.print(result)
    where = run.root / STAGE
    out.print(f"[dim]wrote {where}: rows.parquet, filtered.parquet, curated/, usage.json, cache.sqlite[/]")
    if result.incomplete:
        raise SynthError(result.incomplete_message(where))


def _ask(question: str, choices: list[str] | None, default: str | None) -> str:
    from rich.prompt import Prompt

    from gristmill.cli.console import out

    if default is None:
        return Prompt.ask(question, choices=choices, console=out)
    return Prompt.ask(question, choices=choices, default=default, console=out, show_default=choices is not None)


def review(
    run_dir: Annotated[Path, typer.Argument(help="The run directory (after `gristmill synth`).")],
    rate: Annotated[float, typer.Option(min=0.0001, max=1.0, help="Share of rows to review in each stratum.")]
    = 0.05,
    by: Annotated[str, typer.Option(help="Column to stratify the sample by.")] = "origin",
    seed: Annotated[int, typer.Option(help="Seed of the sample (the same seed resumes the same sample).")] = 0,
) -> None:
    """Review a stratified sample of synthetic rows: accept, reject, edit or skip each; resumable.

    Decisions go to RUN/synth/review.jsonl and are applied to RUN/synth/curated (rejected rows get
    drop_reason "review").
    """
    from gristmill.cli.console import out
    from gristmill.errors import ConfigError
    from gristmill.synth.review import ReviewSession, review_table, stratified_sample
    from gristmill.synth.stage import CURATED, REVIEW_LOG, STAGE, apply_review_to_run

    where = run_dir / STAGE
    table = review_table(where / CURATED)
    if by not in table.columns:
        raise ConfigError([f"--by: no column {by!r} in the synthetic rows (have {', '.join(table.columns)})"])
    sample = stratified_sample(table, rate, by, seed)
    summary = ReviewSession(sample, where / REVIEW_LOG, ask=_ask, show=out.print).run()
    summary.applied = apply_review_to_run(where)
    out.print(summary)
