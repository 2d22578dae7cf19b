"""Consoles and progress displays shared by the commands.

In a terminal, progress is Rich's live display. When stderr is not a terminal (output piped to a log file, a
CI job, `nohup`), a live display prints nothing until it ends, so long work shows as silence: there the same
calls print a plain line per task every `GRISTMILL_PROGRESS_EVERY_S` seconds (default 30) and when it completes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

out = Console()
err = Console(stderr=True)


@dataclass
class LineTask:
    description: str
    total: float | None
    fields: dict[str, Any]
    completed: float = 0
    printed_at: float = field(default_factory=time.monotonic)
    printed: tuple[Any, ...] = ()


class LineProgress:
    """Rich Progress's calls (`add_task`, `update`, `console`, a context manager), printed as plain lines."""

    def __init__(self, console: Console, every_s: float | None = None) -> None:
        self.console = console
        self.every_s = every_s if every_s is not None else float(os.environ.get("GRISTMILL_PROGRESS_EVERY_S", 30))
        self.tasks: dict[int, LineTask] = {}
        self.started = time.monotonic()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, error: type[BaseException] | None, *exc: object) -> None:
        if error is not None:  # the error says what happened; a progress line would only stand before it
            return
        for task in self.tasks.values():
            if task.completed or task.printed:
                self._print(task)  # where each task ended (unless that line was just printed)

    def add_task(self, description: str, total: float | None = None, **fields: Any) -> int:
        index = len(self.tasks)
        self.tasks[index] = LineTask(description, total, fields)
        return index

    def update(self, task_id: int, *, description: str | None = None, advance: float | None = None,
               completed: float | None = None, total: float | None = None, **fields: Any) -> None:
        task = self.tasks[task_id]
        task.description = description if description is not None else task.description
        task.total = total if total is not None else task.total
        task.completed = completed if completed is not None else task.completed + (advance or 0)
        task.fields.update(fields)
        finished = task.total is not None and task.completed >= task.total
        if finished or time.monotonic() - task.printed_at >= self.every_s:
            self._print(task)

    def _print(self, task: LineTask) -> None:
        state = (task.description, task.completed, task.total, tuple(task.fields.items()))
        if state == task.printed:
            return
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        total = "?" if task.total is None else f"{task.total:,.0f}"
        # `rate` is rows_progress's free-text column (it carries its own unit); other fields are named values
        extra = " · ".join(str(v) if k == "rate" else f"{k} {v}" for k, v in task.fields.items()
                           if v not in ("", None, "—"))
        line = f"[{minutes:02d}:{seconds:02d}] {task.description} {task.completed:,.0f}/{total}"
        self.console.print(f"{line} · {extra}" if extra else line, markup=False, highlight=False)
        task.printed_at, task.printed = time.monotonic(), state


def progress_display(build: Callable[[], Progress]) -> Progress | LineProgress:
    """Rich's live `build()` in a terminal; plain lines on stderr anywhere else."""
    return build() if err.is_terminal else LineProgress(err)


def rows_progress() -> Any:
    """Progress for work whose total is unknown up front: a count, a rate and the time so far."""
    return progress_display(lambda: Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
        MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
        console=err, transient=True,
    ))
