"""Running the `gristmill` CLI in-process from tests."""

from __future__ import annotations

import sys

import pytest

from gristmill.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `gristmill ARGS`."""
    with pytest.raises(SystemExit) as info:
        main(args)
        sys.exit(0)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err
