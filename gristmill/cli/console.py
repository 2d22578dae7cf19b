"""Consoles and progress displays shared by the commands."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

out = Console()
err = Console(stderr=True)


def rows_progress() -> Progress:
    """Progress for work whose total is unknown up front: a count, a rate and the time so far."""
    return Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
        console=err, transient=True,
    )
