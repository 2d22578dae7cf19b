"""`gristmill manifest ...`: verify a run's SPDX manifest, show it, explain a row, handle encrypted files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

manifest_app = typer.Typer(
    help="A run's provenance: verify the SPDX manifest's checksums, show it, explain where a row came from.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

RunArg = Annotated[Path, typer.Argument(help="The run directory (holds manifest.spdx.json).")]
KeyFileOpt = Annotated[Path | None, typer.Option("--key-file", help="File holding the key (default: "
                                                 "$GRISTMILL_KEY, base64 or hex, 32 bytes).")]


@manifest_app.command()
def verify(
    run_dir: RunArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Recompute every checksum the manifest records (outputs and inputs) and validate it; exit 1 on any problem."""
    from gristmill.cli.console import out
    from gristmill.manifests.verify import verify as verify_run

    report = verify_run(run_dir)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        out.print(report)
    if not report.ok:
        raise typer.Exit(1)


@manifest_app.command()
def show(run_dir: RunArg) -> None:
    """Show what the manifest records: packages, licenses, checksums, relationships, annotations."""
    from gristmill.cli.console import out
    from gristmill.manifests.spdx import Manifest
    from gristmill.manifests.verify import ManifestSummary

    out.print(ManifestSummary(Manifest.load(run_dir)))


@manifest_app.command()
def explain(
    run_dir: RunArg,
    row: Annotated[str, typer.Argument(help="A row id, or FILE:LINE of an input record.")],
    key_file: KeyFileOpt = None,
    key_command: Annotated[str | None, typer.Option("--key-command", help="A command that prints the master key "
                                                    "(an encrypted run).")] = None,
) -> None:
    """Explain a row from the lineage: where it was read, whether it was kept, what the passes did to it."""
    from gristmill.cli.console import out
    from gristmill.crypto import ENV_VAR, is_encrypted, key_provider, open_run
    from gristmill.manifests.lineage import explain as explain_row

    file, sep, line = row.rpartition(":")
    query: str | tuple[str, int] = (file, int(line)) if sep and line.isdigit() else row
    wanted = key_file is not None or key_command is not None or (is_encrypted(run_dir) and ENV_VAR in os.environ)
    sealer = open_run(run_dir, key_provider(key_file, key_command=key_command)) if wanted else None
    for trace in explain_row(run_dir, query, sealer.key if sealer else None):
        out.print(trace)


@manifest_app.command()
def keygen() -> None:
    """Print a new random 256-bit key (base64) for --encrypt; store it away from the data."""
    from gristmill.crypto import generate_key

    typer.echo(generate_key())


@manifest_app.command()
def decrypt(
    path: Annotated[Path, typer.Argument(help="An encrypted file (kept.parquet.enc, ...).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the plaintext.")],
    key_file: KeyFileOpt = None,
    strict_keys: Annotated[bool, typer.Option("--strict-keys", help="Refuse a key file that group or others "
                                              "may read (default: a warning).")] = False,
) -> None:
    """Decrypt one file written with --encrypt (authenticated: a modified file fails)."""
    from gristmill.cli.console import err
    from gristmill.crypto import decrypt_file, key_provider

    decrypt_file(path, key_provider(key_file, strict=strict_keys), output)
    err.print(f"[dim]wrote {output}[/]")
