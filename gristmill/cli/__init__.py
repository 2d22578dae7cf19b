"""The `gristmill` command. Every command is a thin layer over a library call."""

from __future__ import annotations

import sys

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
        app(args=args, prog_name="gristmill")
    except GristmillError as exc:
        if "--debug" in args:
            raise
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
