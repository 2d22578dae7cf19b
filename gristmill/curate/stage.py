"""The curate stage of a run: config in, run directory out, skipped when already done with the same inputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gristmill import tables
from gristmill.config import ENGINE_KEYS, ConfigError, CurateConfig, load_yaml, resolve_input_paths, validate
from gristmill.crypto import KeyProvider, open_run, read_output_bytes, scan_output
from gristmill.curate import build_passes
from gristmill.curate.base import PhaseFn
from gristmill.curate.pipeline import Pipeline, ProgressFn
from gristmill.curate.result import KEPT, QUARANTINE, REJECTED, STATS, CurateResult
from gristmill.files import write_text
from gristmill.manifests import LicenseAudit, license_problems, output_path, record_curate
from gristmill.rundir import RunDir, StageRun, fingerprint

STAGE = "curate"
# Top-level sections of a pipeline config that belong to other stages (validated there).
OTHER_SECTIONS = ("synth", "train", "eval", "run", "sweep")


def split_sections(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Curate keys, other stages' sections, and a problem for each unknown top-level key (returned, not raised,
    so the sections' own problems are reported with them in one go)."""
    curate_keys = set(CurateConfig.model_fields)
    expected = ", ".join(sorted(curate_keys | set(OTHER_SECTIONS)))
    unknown = [f"{k}: unknown key (expected one of: {expected})" for k in sorted(data)
               if k not in curate_keys and k not in OTHER_SECTIONS]
    return ({k: v for k, v in data.items() if k in curate_keys},
            {k: v for k, v in data.items() if k in OTHER_SECTIONS}, unknown)


def load_curate_config(path: str | Path) -> CurateConfig:
    """Read and validate a config file's curate part, passes included, reporting every problem at once."""
    path = Path(path)
    data, _, problems = split_sections(load_yaml(path))
    data["inputs"] = resolve_input_paths(data.get("inputs"), path.parent)
    cfg = None
    try:
        cfg = validate(CurateConfig, data)
    except ConfigError as exc:
        problems += exc.problems
    passes = data.get("passes")
    if isinstance(passes, list) and all(isinstance(p, dict) and len(p) == 1 for p in passes):
        try:
            build_passes(passes)
        except ConfigError as exc:
            problems += exc.problems
    if cfg is not None:
        problems += license_problems(cfg)
    if problems or cfg is None:
        raise ConfigError(problems, str(path))
    return cfg


@dataclass
class CurateOutcome:
    result: CurateResult
    skipped: bool
    fingerprint: str


def input_files(cfg: CurateConfig) -> list[Path]:
    return tables.input_files(list(cfg.inputs))


def make_pipeline(cfg: CurateConfig) -> Pipeline:
    """The Pipeline of the config's passes, on its engine."""
    passes = build_passes(cfg.passes)
    if cfg.engine == "ray":
        from gristmill.curate.ray_engine import RayPipeline

        return RayPipeline(passes, kind=cfg.kind, batch_rows=cfg.batch_rows, quarantine_text=cfg.quarantine.keep_text,
                           address=cfg.ray.address, num_cpus=cfg.ray.num_cpus, actors=cfg.ray.actors)
    return Pipeline(passes, kind=cfg.kind, batch_rows=cfg.batch_rows, quarantine_text=cfg.quarantine.keep_text)


def run_curate(cfg: CurateConfig, run: RunDir, force: bool = False, progress: ProgressFn | None = None,
               key: KeyProvider | None = None, phase_progress: PhaseFn | None = None) -> CurateOutcome:
    """Run (or skip, when finished with the same config and inputs) the curate stage into `run`.

    With `key`, the data tables are written encrypted as they grow (`kept.parquet.enc`, ...; no plaintext
    table reaches the disk), see gristmill.crypto.
    """
    sealer = open_run(run.root, key)  # refuses an encrypted run without its key; the data key, fetched once
    resolved = cfg.model_dump(mode="json")
    outcome = {k: v for k, v in resolved.items() if k not in ENGINE_KEYS}  # either engine: the same outputs
    stage = StageRun(run, STAGE, fingerprint(outcome if key is None else {**outcome, "encrypted": True},
                                             input_files(cfg)))
    if stage.finished(force):
        return CurateOutcome(load_result(stage.dir, sealer.key if sealer else None), True, stage.fingerprint)
    problems = license_problems(cfg)
    if problems:
        raise ConfigError(problems)
    stage.begin(force)
    pipeline = make_pipeline(cfg)
    master = sealer.key if sealer else None  # the run's data key (wrapped in RUN/.keys.json)
    result = pipeline.run(list(cfg.inputs), output=stage.dir, progress=progress, key=master,
                          phase_progress=phase_progress)
    write_text(yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), run.root / "config.resolved.yaml")
    provenance = record_curate(run.root, cfg, result.stats, result.paths, key, master)  # lineage, licenses, manifest
    result.paths.update(provenance.paths)
    result.pass_reports.append(provenance.audit)  # kept/rejected already read the (encrypted) files back
    stage.finish(kept=result.stats["kept"], rejected=result.stats["rejected"])
    return CurateOutcome(result, False, stage.fingerprint)


def load_result(out: Path, key: KeyProvider | bytes | None = None) -> CurateResult:
    """A finished curate stage read back from its files (encrypted ones need `key`)."""
    import json

    stats = json.loads((out / STATS).read_text())
    quarantine_text = read_output_bytes(out / QUARANTINE, key).decode("utf-8")
    quarantine = [json.loads(line) for line in quarantine_text.splitlines() if line]
    paths = {name: output_path(out / name) for name in (KEPT, REJECTED, QUARANTINE, STATS)}
    audit = [LicenseAudit.from_dict(stats["licenses"])] if "licenses" in stats else []
    return CurateResult(stats["kind"], scan_output(out / KEPT, key), scan_output(out / REJECTED, key), quarantine,
                        stats, paths, audit)
