"""Provenance of a run (DESIGN §7): row lineage, license audit, SPDX 2.3 manifest, encryption at rest.

The curate stage calls `record_curate` once its tables are written; later stages extend the manifest with
`Manifest.load(run_dir)` … `.save()`. spdx-tools and cryptography are imported only when used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gristmill import crypto
from gristmill.config import CurateConfig
from gristmill.files import write_json
from gristmill.io import expand_inputs
from gristmill.manifests.licenses import LicenseAudit, LicenseError, audit_licenses, license_problems
from gristmill.manifests.lineage import LINEAGE, Lineage, explain, write_lineage
from gristmill.manifests.spdx import DOCUMENT_ID, MANIFEST, Manifest, ManifestError, combined_license

STATS = "stats.json"
RESOLVED_CONFIG = "config.resolved.yaml"
ENCRYPTED_SUFFIXES = (".parquet", ".jsonl")  # data tables; JSON metadata (counts, config) stays readable


@dataclass
class CurateProvenance:
    """What `record_curate` wrote: the audit (renders in Rich), lineage and manifest paths, the data files."""

    audit: LicenseAudit
    lineage: Path
    manifest: Path
    paths: dict[str, Path] = field(default_factory=dict)  # output name -> file on disk (`.enc` when encrypted)


def output_path(path: str | Path) -> Path:
    """A run output as it lies on disk: the plain file, or its encrypted `.enc` twin."""
    path = Path(path)
    sealed = crypto.encrypted_path(path)
    return sealed if not path.exists() and sealed.exists() else path


def _seal(paths: dict[str, Path], master: bytes | None) -> dict[str, Path]:
    """Encrypt data tables still in plaintext (deleting it) when there is a key; else drop stale `.enc` twins.
    (The curate stage writes its tables encrypted from the start: they arrive here as `.enc` already.)"""
    sealed = dict(paths)
    for name, path in paths.items():
        if not path.name.endswith(ENCRYPTED_SUFFIXES):
            continue
        if master is None:
            crypto.encrypted_path(path).unlink(missing_ok=True)
        else:
            sealed[name] = crypto.encrypt_file(path, master, remove_plain=True)
    return sealed


def _source_urls(cfg: CurateConfig) -> dict[str, str]:
    """Input file -> the URL its input spec says it was downloaded from."""
    return {str(f): spec.url for spec in cfg.inputs if spec.url for f in expand_inputs(spec.path)}


def _add_sources(manifest: Manifest, cfg: CurateConfig, stats: dict[str, Any]) -> dict[str, str]:
    urls = _source_urls(cfg)
    ids = {}
    for s in stats["sources"]:
        files = [f for f in s["files"] if Path(f).exists()]  # an in-memory frame has no file
        url = next((urls[f] for f in s["files"] if f in urls), None)
        rows = {k: s[k] for k in ("rows_in", "kept", "rejected", "quarantined")}
        ids[s["source"]] = manifest.add_source(s["source"], files, s["license"], s["origin"], url, rows)
    return ids


def curate_manifest(run_root: Path, cfg: CurateConfig, stats: dict[str, Any], paths: dict[str, Path],
                    audit: LicenseAudit, extra: dict[str, Any] | None = None) -> Manifest:
    """The manifest of a finished curate stage: sources, outputs, relationships, config and counts."""
    manifest = Manifest.new(run_root)
    manifest.license_texts = dict(cfg.licenses.texts)
    ids = _add_sources(manifest, cfg, stats)
    by_source = {s["source"]: s for s in stats["sources"]}

    def contributing(column: str) -> list[str]:
        return [ids[name] for name, s in by_source.items() if s[column]]

    everything = combined_license(s["license"] for s in stats["sources"])
    data = [manifest.add_output(paths["kept.parquet"], "curate", combined_license(c.license for c in audit.counts),
                                descendant_of=contributing("kept"))]
    data += [manifest.add_output(paths[name], "curate", everything, descendant_of=contributing(column))
             for name, column in (("rejected.parquet", "rejected"), ("quarantine.jsonl", "quarantined"))]
    derived = [paths[STATS], paths[LINEAGE]] + [p for p in [run_root / RESOLVED_CONFIG] if p.exists()]
    totals = {k: stats[k] for k in ("kind", "rows_in", "kept", "rejected", "quarantined", "accounted",
                                    "drop_reasons")}
    manifest.add_stage_outputs("curate", derived, derived_from=data, license="NOASSERTION", annotations={
        "config": cfg.model_dump(mode="json"), "passes": stats["passes"], "totals": totals,
        "licenses": audit.as_dict(), **(extra or {})})
    return manifest


def record_curate(run_root: str | Path, cfg: CurateConfig, stats: dict[str, Any], paths: dict[str, Path],
                  key: crypto.KeyProvider | None = None, master: bytes | None = None) -> CurateProvenance:
    """After the curate tables are written: lineage, license audit, optional encryption, then the manifest.

    `key` says where the key comes from (recorded in the manifest); `master` is the key itself when the caller
    already fetched it (a KMS call is made once per run).
    Raises LicenseError (after writing the lineage and the audit into stats.json) when the license rules
    fail, so a failed run still shows what it found but never gets its stage marker.
    """
    run_root = Path(run_root)
    if key is not None and master is None:
        master = crypto.run_data_key(run_root, key)
    (run_root / MANIFEST).unlink(missing_ok=True)  # it described the outputs this stage is replacing
    stage = paths["kept.parquet"].parent
    lineage = write_lineage(stage, run_root / LINEAGE, stats["sources"], master)
    audit = audit_licenses(crypto.scan_output(stage / "kept.parquet", master), cfg.licenses)
    stats["licenses"] = audit.as_dict()
    write_json(stats, paths[STATS])
    error = audit.error()
    if error is not None:
        raise error
    sealed = _seal(paths, master)
    extra = {}
    if key is not None:
        extra["encryption"] = {"cipher": "AES-256-GCM", "chunk_bytes": crypto.CHUNK, "key_from": key.name,
                               "data_key": f"wrapped in {crypto.KEYS_FILE}",
                               "files": sorted(p.name for p in sealed.values() if p.suffix == crypto.SUFFIX)}
    manifest = curate_manifest(run_root, cfg, stats, {**sealed, LINEAGE: lineage}, audit, extra)
    return CurateProvenance(audit, lineage, manifest.save(), sealed)


__all__ = ["DOCUMENT_ID", "LINEAGE", "MANIFEST", "CurateProvenance", "LicenseAudit", "LicenseError", "Lineage",
           "Manifest", "ManifestError", "audit_licenses", "curate_manifest", "explain", "license_problems",
           "output_path", "record_curate"]
