"""`gristmill index ...`: minhash_dedup's persistent index (Redis or a local directory): stats, drop."""

from __future__ import annotations

import json
from typing import Annotated

import typer

index_app = typer.Typer(
    help="minhash_dedup's persistent near-duplicate index (minhash_dedup: {index: ...}): show it, drop it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

LocationArg = Annotated[str, typer.Argument(help="redis://host:port/db, or the index directory.")]
NameOpt = Annotated[str, typer.Option("--name", help="The index's key prefix in Redis (minhash_dedup's "
                                      "index_name; datasketch's basename).")]


@index_app.command()
def stats(
    location: LocationArg,
    name: NameOpt = "gristmill",
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """How many rows the index holds and the settings its signatures were made with."""
    from rich.table import Table

    from gristmill.cli.console import out
    from gristmill.curate.dedup_index import open_index

    figures = open_index(location, name).stats()
    if as_json:
        typer.echo(json.dumps(figures, indent=2, sort_keys=True))
        return
    table = Table(title=f"dedup index {location}", title_justify="left", show_header=False)
    for key, value in figures.items():
        table.add_row(key, ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict)
                      else f"{value:,}" if isinstance(value, int) else str(value))
    out.print(table)


@index_app.command()
def drop(
    location: LocationArg,
    name: NameOpt = "gristmill",
    yes: Annotated[bool, typer.Option("--yes", help="Drop without asking.")] = False,
) -> None:
    """Delete the index (every key under its prefix in Redis, or its files in the directory)."""
    from gristmill.cli.console import out
    from gristmill.curate.dedup_index import open_index

    index = open_index(location, name)
    rows = index.stats()["rows"]
    if not yes and not typer.confirm(f"drop the dedup index at {location} ({rows:,} rows)?"):
        raise typer.Exit(1)
    removed = index.drop()
    out.print(f"dropped the dedup index at {location}: {rows:,} rows, {removed:,} keys or files removed")
