"""The typer application: `gristmill curate`, and the sub-apps of the other stages."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from gristmill import __version__
from gristmill.cli.key import KeyCommandOpt, KeyFileOpt, StrictOpt

app = typer.Typer(
    name="gristmill",
    help="Raw corpus → curated dataset → adapter → evaluation → the data slices to fix next.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)

CONFIG_SUFFIXES = (".yaml", ".yml")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gristmill {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")]
    = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """gristmill: data-centric fine-tuning from the terminal."""


def field_mapping(pairs: list[str]) -> dict[str, str]:
    """`--field instruction=Question` options as an input's `fields:` mapping (canonical name → column)."""
    from gristmill.errors import ConfigError

    bad = [p for p in pairs if "=" not in p or not all(part.strip() for part in p.split("=", 1))]
    if bad:
        raise ConfigError([f"--field {p!r}: expected CANONICAL=COLUMN, e.g. --field instruction=Question" for p in bad])
    return {name.strip(): column.strip() for name, column in (p.split("=", 1) for p in pairs)}


@app.command()
def curate(
    source: Annotated[list[str], typer.Argument(help="A config file (.yaml), or data files/globs to curate.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Run directory (default: from config, "
                                                 "or runs/<first input name>).")] = None,
    kind: Annotated[str | None, typer.Option(help="sft, chat, preference or text (detected when not given).")] = None,
    license: Annotated[str, typer.Option("--license", help="SPDX license of the data files.")] = "NOASSERTION",
    passes: Annotated[list[str] | None, typer.Option("--pass", "-p", help="A pass to run, in order (repeat). "
                                                     "Default: normalize, exact_dedup, quality.")] = None,
    fields: Annotated[list[str] | None, typer.Option("--field", "-f", help="Map a column onto a canonical field, "
                                                     "CANONICAL=COLUMN (repeat): --field instruction=Question."
                                                     )] = None,
    force: Annotated[bool, typer.Option(help="Run even if the stage finished with the same config and inputs.")]
    = False,
    engine: Annotated[str | None, typer.Option(help="local (one process) or ray (Ray Data; the same outputs). "
                                               "Default: the config's engine:, else local.")] = None,
    ray_address: Annotated[str | None, typer.Option(help="With --engine ray: an existing cluster, e.g. "
                                                    "ray://head:10001 (default: $RAY_ADDRESS, else a local "
                                                    "instance).")] = None,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Write the data tables encrypted (AES-256-GCM, "
                                          "*.enc); master key from --key-file, --key-command or "
                                          "$GRISTMILL_KEY.")] = False,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
    strict_keys: StrictOpt = False,
) -> None:
    """Curate raw data: every row is kept or rejected with a reason; writes kept/rejected Parquet and a report.

    [bold]gristmill curate config.yaml[/]   or   [bold]gristmill curate data.jsonl -o runs/demo[/]
    """
    from gristmill.cli.console import err, out, rows_progress
    from gristmill.config import CurateConfig, validate
    from gristmill.crypto import key_provider, open_run
    from gristmill.curate.stage import load_curate_config, run_curate
    from gristmill.errors import ConfigError
    from gristmill.rundir import RunDir

    if len(source) == 1 and source[0].endswith(CONFIG_SUFFIXES):
        if passes or kind or fields:
            raise ConfigError(["--pass, --kind and --field go with data files; with a config file set them in the "
                               "file"])
        cfg = load_curate_config(source[0])
    else:
        names = passes or ["normalize", "exact_dedup", "quality"]
        inputs = [{"path": s, "license": license, "fields": field_mapping(fields or [])} for s in source]
        default_out = f"runs/{Path(source[0]).name.split('.')[0].strip('*') or 'latest'}"
        cfg = validate(CurateConfig, {"kind": kind, "inputs": inputs, "passes": [{n: {}} for n in names],
                                      "output": default_out})
        from gristmill.curate import build_passes

        build_passes(cfg.passes)
    if output is not None:  # recorded as run, in config.resolved.yaml and the manifest
        cfg = cfg.model_copy(update={"output": str(output)})
    if engine is not None or ray_address is not None:
        ray = cfg.ray.model_dump() | ({"address": ray_address} if ray_address is not None else {})
        cfg = validate(CurateConfig, cfg.model_dump() | {"engine": engine or cfg.engine, "ray": ray})
    run = RunDir(cfg.output)
    key = key_provider(key_file, strict=strict_keys, key_command=key_command) if encrypt else None
    open_run(run.root, key)  # a missing, malformed, misplaced or wrong key fails before any work
    started = time.perf_counter()
    with rows_progress() as progress:
        task = progress.add_task("curating", total=None, rate="")

        def advance(rows: int) -> None:
            done = progress.tasks[task].completed + rows
            rate = done / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=rows, rate=f"{rate:,.0f} rows/s")

        phases: dict[str, Any] = {}
        first: dict[str, tuple[float, int]] = {}  # each phase's first report: when, and how much was done then

        def phase(what: str, done: int, total: int | None) -> None:  # a line per pass step (minhash, pii, ...)
            if what not in phases:
                phases[what] = progress.add_task(what, total=total, rate="")
                first[what] = (time.perf_counter(), done)
            since, done_then = first[what]
            seconds = time.perf_counter() - since
            unit = what.rsplit(": ", 1)[-1].split(" ", 1)[0]  # "pii: texts scanned" -> texts/s
            rate = f"{(done - done_then) / seconds:,.0f} {unit}/s" if seconds > 0.5 and done > done_then else ""
            progress.update(phases[what], completed=done, total=total, rate=rate)

        outcome = run_curate(cfg, run, force=force, progress=advance, key=key, phase_progress=phase)
    if outcome.skipped:
        err.print(f"[dim]curate: already done for this config and these inputs ({run.root}); --force reruns[/]")
    out.print(outcome.result.report)
    out.print(f"[dim]wrote {run.root / 'curate'}: kept.parquet, rejected.parquet, quarantine.jsonl, stats.json[/]")
    if not outcome.result.stats["accounted"]:
        raise typer.Exit(1)


@app.command("run")
def run_command(
    config: Annotated[Path, typer.Argument(help="A pipeline config: curate keys plus synth:, train:, eval: sections.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Run directory (default: from config).")]
    = None,
    apply_plan: Annotated[bool, typer.Option("--apply-plan", help="First apply the plan.yaml that the last eval of "
                                             "this run directory wrote (or --plan-file).")] = False,
    plan_file: Annotated[Path | None, typer.Option(help="The plan to apply with --apply-plan.")] = None,
    force: Annotated[bool, typer.Option(help="Rerun every stage, even finished ones.")] = False,
    nproc: Annotated[int, typer.Option("--nproc", min=1, help="Train on this many ranks (one per GPU; gloo "
                                       "processes on a CPU), started by torch's elastic launcher.")] = 1,
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Seal everything the run writes (tables, adapter, "
                                          "checkpoints, caches, eval results) with a per-run data key wrapped by "
                                          "the master key (--key-file, --key-command or $GRISTMILL_KEY).")] = False,
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
    strict_keys: StrictOpt = False,
) -> None:
    """Curate → (synth → curate) → train → eval → plan → report.html, in one run directory.

    Finished stages are skipped when config and inputs are unchanged, so a killed run resumes where it stopped.
    """
    from gristmill.cli.console import err, out, rows_progress
    from gristmill.crypto import key_provider
    from gristmill.errors import InputError
    from gristmill.workflow import StageOutcome, load_run_spec, run_pipeline

    plan = None
    if apply_plan:
        spec0 = load_run_spec(config, output)
        plan = plan_file or spec0.run.root / "plan.yaml"
        if not plan.exists():
            raise InputError(f"{plan}: no plan to apply (run `gristmill run` with an eval: section first)")
    spec = load_run_spec(config, output, plan)
    for note in spec.notes:
        err.print(f"[dim]{note}[/]")

    def show(outcome: StageOutcome) -> None:
        verdict = "skipped (already done)" if outcome.skipped else f"done in {outcome.seconds:.1f} s"
        out.rule(f"[bold]{outcome.stage}[/] · {verdict}")
        if outcome.detail is not None and not outcome.skipped:
            out.print(outcome.detail)

    with rows_progress() as progress:
        task = progress.add_task("curating", total=None, rate="")

        def curate_rows(rows: int) -> None:
            progress.update(task, advance=rows)

        def train_step(record: dict) -> None:
            progress.update(task, description=f"training · loss {record['loss']:.3f} · "
                            f"{record['tokens_per_s']:,.0f} tok/s", completed=record["step"],
                            total=record["total_steps"], rate=f"{record.get('memory_gib', 0):.1f} GiB")

        def eval_step(phase: str, done: int, total: int) -> None:
            progress.update(task, description=phase, completed=done, total=total, rate="")

        outcomes = run_pipeline(spec, force=force, on_stage=lambda o: progress.console.print(
            f"[dim]{o.stage}: {'skipped' if o.skipped else f'{o.seconds:.1f} s'}[/]"),
            curate_progress=curate_rows, train_step=train_step, eval_progress=eval_step, nproc=nproc,
            key=key_provider(key_file, strict=strict_keys, key_command=key_command) if encrypt else None)
    for outcome in outcomes:
        show(outcome)
    out.print(f"[bold]report:[/] {spec.run.root / 'report.html'}   [bold]manifest:[/] "
              f"{spec.run.root / 'manifest.spdx.json'}")
    failed = [o.detail for o in outcomes if o.stage == "eval" and o.detail is not None and not o.detail.passed]
    if failed:
        for gate in failed[0].failed_gates:
            err.print(f"[bold red]gate failed:[/] {gate.gate}")
        raise typer.Exit(3)


@app.command()
def sweep(
    config: Annotated[Path, typer.Argument(help="A pipeline config with a sweep: section (space, objective, trials).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Run directory (default: from config).")]
    = None,
    trials: Annotated[int | None, typer.Option(min=1, help="Finished trials to reach (default: sweep.trials).")]
    = None,
) -> None:
    """Tune config keys with Optuna (TPE, median pruning on the validation curve); curation runs once.

    The study is stored in RUN/sweep/optuna.db: rerun the same command after a kill and finished trials are kept.
    The best trial's adapter and config land in RUN/sweep/best/.
    """
    from gristmill.cli.console import err, out, rows_progress
    from gristmill.errors import require
    from gristmill.sweep import TrialRecord, load_sweep, run_sweep

    loaded = load_sweep(config, output, trials)
    optuna = require("optuna", "sweep", "gristmill sweep")
    optuna.logging.set_verbosity(optuna.logging.WARNING)  # each trial is reported below, once
    with rows_progress() as progress:
        task = progress.add_task("curating", total=None, rate="")

        def train_step(record: dict) -> None:
            progress.update(task, description=f"training · loss {record['loss']:.3f}", completed=record["step"],
                            total=record["total_steps"], rate="")

        def on_trial(record: TrialRecord) -> None:
            value = "—" if record.value is None else f"{record.value:.4g}"
            progress.console.print(f"[dim]trial {record.number}: {record.state} · {loaded.cfg.objective} {value} · "
                                   + ", ".join(f"{k}={v}" for k, v in record.params.items()) + "[/]")

        report = run_sweep(loaded, on_trial=on_trial, train_step=train_step,
                           curate_progress=lambda rows: progress.update(task, advance=rows))
    out.print(report)
    if report.best is None:
        err.print("[bold red]no trial completed[/]")
        raise typer.Exit(1)
    out.print(f"[bold]best:[/] {loaded.dir / 'best'}   [bold]report:[/] {loaded.base.run.root / 'report.html'}")


@app.command()
def diff(
    run_a: Annotated[Path, typer.Argument(help="The earlier curated run directory.")],
    run_b: Annotated[Path, typer.Argument(help="The later one.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")] = False,
    fail_on: Annotated[list[str] | None, typer.Option("--fail-on", help="Exit 3 when a condition holds, e.g. "
                                                      "'toxicity_rate > +0.01' (rates: B − A), 'rows_removed > 100', "
                                                      "'significant_tests > 0' (repeat).")] = None,
    alpha: Annotated[float, typer.Option(help="Significance level after Benjamini–Hochberg correction.")] = 0.01,
    save: Annotated[bool, typer.Option("--save", help="Also write RUN_B/drift.json (report.html shows it).")]
    = False,
) -> None:
    """What changed between two curated versions: rows, sources, licenses, and a test per distribution."""
    import json

    from gristmill.cli.console import err, out
    from gristmill.curate.drift import diff_runs
    from gristmill.errors import ConfigError
    from gristmill.evaluate.config import GATE
    from gristmill.evaluate.gates import OPS

    drift = diff_runs(run_a, run_b, alpha=alpha)
    if save:
        from gristmill.files import write_json
        from gristmill.html_report import write_report

        write_json(drift.as_dict(), run_b / "drift.json")
        if (run_b / "curate" / "stats.json").exists():
            write_report(run_b)
    if as_json:
        typer.echo(json.dumps(drift.as_dict(), indent=2, default=str))
    else:
        out.print(drift)
    figures = drift.figures()
    failed = []
    for condition in fail_on or []:
        match = GATE.match(condition)  # the grammar of eval's gates: NAME OP NUMBER
        if match is None or match.group(1) or match.group(2) not in figures:
            raise ConfigError([f"--fail-on {condition!r}: expected NAME OP NUMBER with NAME one of "
                               f"{', '.join(sorted(figures))}"])
        _, name, op, bound = match.groups()
        if OPS[op](figures[name], float(bound)):
            failed.append(f"{condition} (got {figures[name]:+.4g})")
    for line in failed:
        err.print(f"[bold red]drift:[/] {line}", highlight=False)
    if failed:
        raise typer.Exit(3)


@app.command()
def report(run: Annotated[Path, typer.Argument(help="A run directory.")]) -> None:
    """Write RUN/report.html: one self-contained page with the plots of every stage the run has."""
    from gristmill.cli.console import out
    from gristmill.errors import InputError
    from gristmill.html_report import write_report

    if not (run / "curate" / "stats.json").exists():
        raise InputError(f"{run}: not a run directory (no curate/stats.json)")
    out.print(f"wrote {write_report(run)}")


@app.command()
def plan(
    model: Annotated[list[str], typer.Option("--model", "-m", help="Size (135M, 1B, 8B, 70B), a known name, or a "
                                             "config.json / model folder. Repeat to compare.")],
    method: Annotated[list[str], typer.Option(help="qlora, lora or full. Repeat to compare.")] = ["qlora"],  # noqa: B006
    tokens: Annotated[str, typer.Option(help="Training tokens (all epochs): 5000000, 5M, 2.5B.")] = "10M",
    seq_len: Annotated[int, typer.Option(help="Sequence length.")] = 2048,
    micro_batch: Annotated[int, typer.Option(help="Sequences per forward pass (per GPU).")] = 1,
    lora_rank: Annotated[int, typer.Option(help="LoRA rank (all linear layers).")] = 16,
    checkpointing: Annotated[bool, typer.Option(help="Gradient checkpointing (every layer, or none).")] = True,
    max_memory: Annotated[float | None, typer.Option(
        help="GiB, as loop.max_memory_gib: checkpoint and offload as the trainer does to fit it (instead of "
             "--checkpointing).")] = None,
    gpus: Annotated[int, typer.Option(help="GPUs (ranks) of one kind, as `--nproc N`.", min=1)] = 1,
    parallel: Annotated[str, typer.Option(help="ddp or fsdp, as loop.parallel (with --gpus > 1).")] = "ddp",
    price: Annotated[list[str] | None, typer.Option(help="Hourly price override, GPU=USD (repeat).")] = None,
) -> None:
    """Estimate GPU memory, GPU-hours and cost of a fine-tuning run on common GPUs, before renting one."""
    from gristmill.cli.console import out
    from gristmill.errors import ConfigError
    from gristmill.plan import GPUS, estimate, parse_tokens, resolve_shape

    methods = [m.lower() for m in method]
    problems = [f"--method {m!r}: expected qlora, lora or full" for m in methods if m not in ("qlora", "lora", "full")]
    problems += [f"--parallel {parallel!r}: expected ddp or fsdp"] if parallel not in ("ddp", "fsdp") else []
    if problems:
        raise ConfigError(problems)
    prices = {g.name: g.usd_per_hour for g in GPUS}
    for item in price or []:
        name, _, value = item.partition("=")
        if name not in prices or not value.replace(".", "", 1).isdigit():
            raise ConfigError([f"--price {item!r}: expected GPU=USD with GPU one of {', '.join(prices)}"])
        prices[name] = float(value)
    n_tokens = parse_tokens(tokens)
    for name in model:
        shape = resolve_shape(name)
        for m in methods:
            est = estimate(shape, m, n_tokens, seq_len, micro_batch, lora_rank, checkpointing,  # type: ignore[arg-type]
                           ranks=gpus, parallel=parallel, max_memory_gib=max_memory)  # type: ignore[arg-type]
            out.print(_plan_table(est, prices))


def _plan_table(est: Any, prices: dict[str, float]) -> Any:
    """One estimate on every GPU kind: memory per GPU, whether it fits, speed (and scaling on several GPUs), cost;
    under it the memory terms and what the trainer does to fit."""
    from rich.console import Group
    from rich.text import Text

    from gristmill.plan import GPUS
    from gristmill.report import table

    several = est.ranks > 1
    columns = ["GPU", "memory GiB" + (" per GPU" if several else ""), "fits", "tokens/s"] + \
        (["scaling"] if several else []) + ["GPU-hours", "cost"]
    rows = [[g.name, f"{est.total_gib:.1f}", "yes" if est.total_gib <= g.memory_gib else "no",
             f"{est.tokens_per_second(g):,.0f}"] + ([f"{est.scaling(g):.2f}"] if several else [])
            + [f"{est.gpu_hours(g):.2f}", f"${est.gpu_hours(g) * prices[g.name]:,.2f}"] for g in GPUS]
    gpus = f" · {est.ranks} GPUs, {est.parallel}" if several else ""
    title = (f"{est.shape.name} ({est.shape.params / 1e9:.2f}B params) · {est.method} · {est.tokens:,} tokens · "
             f"seq {est.seq_len} × {est.micro_batch}{gpus}")
    lines = [f"GPU memory (GiB): {', '.join(f'{k} {v:.1f}' for k, v in est.memory_gib.items())}"]
    if est.host_gib:
        lines.append(f"host memory (GiB): {', '.join(f'{k} {v:.1f}' for k, v in est.host_gib.items())}")
    lines.append("trainer: " + "; ".join(est.decisions))
    return Group(table(title, columns, rows), Text("\n".join(lines) + "\n", style="dim"))


from gristmill.cli.manifest import manifest_app  # noqa: E402  (sub-apps register after the root commands)

app.add_typer(manifest_app, name="manifest")
from gristmill.cli.key import key_app  # noqa: E402
from gristmill.cli.manifest import keygen  # noqa: E402

key_app.command("new")(keygen)  # the same command as `manifest keygen`
app.add_typer(key_app, name="key")

from gristmill.cli.index import index_app  # noqa: E402

app.add_typer(index_app, name="index")

from gristmill.cli.synth import review, synth  # noqa: E402

app.command()(synth)
app.command()(review)

from gristmill.cli.eval import eval_command  # noqa: E402

app.command("eval")(eval_command)

from gristmill.cli.train import score, train_app  # noqa: E402

app.add_typer(train_app, name="train")
app.command()(score)

from gristmill.cli.export import export_command  # noqa: E402
from gristmill.cli.serve import serve_command  # noqa: E402

app.command("export")(export_command)
app.command("serve")(serve_command)
