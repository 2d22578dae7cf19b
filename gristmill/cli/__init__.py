"""The `gristmill` command. Every command is a thin layer over a library call."""

from __future__ import annotations

import sys

from gristmill.cli.app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: GristmillError → one line on stderr and exit 1 (a traceback only with --debug)."""
    import click

    from gristmill.cli.console import err
    from gristmill.errors import GristmillError

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        app(args=args, prog_name="gristmill", standalone_mode=False)
    except GristmillError as exc:
        if debug:
            raise
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
