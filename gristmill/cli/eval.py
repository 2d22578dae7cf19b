"""`gristmill eval CONFIG|RUN_DIR`: base vs tuned on held-out rows, gates, weak slices and the plan.

Exit codes: 0 when every gate passes, 3 when a gate fails (the outputs are still written), 1 for any other
error (bad config, missing run), 2 for usage errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from gristmill.cli.key import KeyCommandOpt, KeyFileOpt

GATE_FAILED_EXIT = 3


def load_job(target: Path, eval_config: Path | None = None) -> Any:
    """The eval job for a trained run directory (its train/train.json), or for a run config file whose `train:`
    section says what was trained (validated by the trainer's config, paths relative to the file)."""
    from gristmill.config import load_yaml
    from gristmill.errors import ConfigError
    from gristmill.evaluate.config import load_eval_section, resolve_eval_config
    from gristmill.evaluate.stage import TrainedRun, job_for
    from gristmill.evaluate.stage import load_job as load_run_job
    from gristmill.train.config import load_train_config

    if target.is_dir():
        return load_run_job(target, eval_config)
    raw = load_yaml(target)
    if "train" not in raw:
        raise ConfigError(["train: required section is missing (eval needs the model and data it was trained on)"],
                          str(target))
    train = load_train_config(target)
    section = raw.get("eval") or {}
    cfg = load_eval_section(eval_config) if eval_config else resolve_eval_config(section, target.parent, str(target))
    return job_for(TrainedRun(train.model_dump(mode="json"), train.output_dir()), cfg)


def eval_command(
    target: Annotated[Path, typer.Argument(help="A trained run directory, or a run config (.yaml) with train: and "
                                           "eval: sections.")],
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Take the eval: section from this file "
                                                "instead.")] = None,
    force: Annotated[bool, typer.Option(help="Run even if this evaluation already finished.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.json instead of the tables.")] = False,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
) -> None:
    """Evaluate base vs tuned side by side; write eval/results.json, per_example.parquet, weak_slices.json and
    plan.yaml; exit 3 when a gate fails.

    [bold]gristmill eval runs/demo[/]   or   [bold]gristmill eval pipeline.yaml[/]
    """
    from gristmill.cli.console import err, out, rows_progress
    from gristmill.cli.key import run_sealer
    from gristmill.crypto import sealing
    from gristmill.evaluate import run_eval

    job = load_job(target, config)
    with sealing(run_sealer(job.run_root, key_file, key_command)), rows_progress() as progress:  # encrypted runs
        task = progress.add_task("evaluating", total=None, rate="")

        def advance(phase: str, done: int, total: int) -> None:
            progress.update(task, description=phase, completed=done, total=total)

        result = run_eval(job, force=force, progress=advance)
    if not result.skipped and (job.train.output_dir / "trackers.json").exists():  # trained with report_to
        from gristmill.train.config import TrainConfig
        from gristmill.workflow import track_eval

        track_eval(TrainConfig.model_validate(job.train.config), result.figures, job.train.output_dir)
    if as_json:
        typer.echo(json.dumps(json.loads(result.paths["results"].read_text(encoding="utf-8")), indent=2))
    else:
        out.print(result)
        out.print(f"[dim]wrote {job.out}: results.json, per_example.parquet, weak_slices.json; "
                  f"plan: {result.paths['plan']}[/]")
    if not result.passed:
        for gate in result.failed_gates:
            err.print(f"[bold red]gate failed:[/] {gate.gate} (got "
                      f"{'not measured' if gate.value is None else f'{gate.value:.4g}'})", highlight=False)
        raise typer.Exit(GATE_FAILED_EXIT)
