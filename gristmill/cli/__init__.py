"""The `gristmill` command. Every command is a thin layer over a library call."""

from __future__ import annotations

import errno
import sys
import warnings
from collections.abc import Callable
from typing import Any

from gristmill.cli.app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: GristmillError → one line on stderr and exit 1 (a traceback only with --debug).

    Usage errors (unknown option, missing argument) are typer's: a usage message and exit 2.
    """
    from rich.markup import escape

    from gristmill.cli.console import err
    from gristmill.errors import GristmillError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning(warnings.showwarning)
            app(args=args, prog_name="gristmill")
    except GristmillError as exc:
        if "--debug" in args:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except OSError as exc:  # the machine's, not the input's: a full disk, a read-only or missing folder
        if "--debug" in args:
            raise
        err.print(f"[bold red]error:[/] {escape(describe_os_error(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


OS_HINTS = {
    errno.ENOSPC: "free some space or write the run elsewhere (--output)",
    errno.EDQUOT: "free some space or write the run elsewhere (--output)",
    errno.EROFS: "the file system is read-only; write the run elsewhere (--output)",
    errno.EACCES: "no permission; write the run elsewhere (--output) or fix the folder's permissions",
    errno.EPERM: "no permission; write the run elsewhere (--output) or fix the folder's permissions",
}


def describe_os_error(exc: OSError) -> str:
    """One line for a file-system error: the file, what the system said, and what to do."""
    where = f"{exc.filename}: " if exc.filename else ""
    hint = OS_HINTS.get(exc.errno or 0)
    return f"{where}{exc.strerror or exc}" + (f" ({hint})" if hint else "")


def _show_warning(default: Callable[..., None]) -> Callable[..., None]:
    """gristmill's own warnings as one `warning:` line on stderr; everyone else's as Python shows them."""

    def show(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        from rich.markup import escape

        from gristmill.cli.console import err
        from gristmill.errors import GristmillWarning

        if issubclass(category, GristmillWarning):
            err.print(f"[bold yellow]warning:[/] {escape(str(message))}", highlight=False, soft_wrap=True)
        else:
            default(message, category, *args, **kwargs)

    return show
