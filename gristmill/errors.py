"""One error hierarchy. The CLI turns any GristmillError into a one-line message and exit code 1."""

from __future__ import annotations

from collections.abc import Iterable


class GristmillError(Exception):
    """Base of every error gristmill raises on purpose (bad input, bad config, missing extras)."""


class GristmillWarning(UserWarning):
    """Something the user should fix that does not stop the work; the CLI prints it as one line."""


class ConfigError(GristmillError):
    """A config with one or more problems; all of them are reported together."""

    def __init__(self, problems: Iterable[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        if len(self.problems) == 1:
            message = f"{where}{self.problems[0]}"
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{where}{len(self.problems)} problems in config:\n{lines}"
        super().__init__(message)


class InputError(GristmillError):
    """An input that cannot be read at all: missing, unreadable, empty, unknown format."""


class SchemaError(GristmillError):
    """Data whose columns do not fit the declared or detected kind."""


class MissingDependencyError(GristmillError):
    """An optional dependency is not installed; the message carries the pip command that fixes it."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs '{package}', which is not installed: pip install 'gristmill[{extra}]'"
        )


def require(module: str, extra: str, purpose: str):
    """Import an optional dependency or raise MissingDependencyError naming the extra to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module.split(".")[0], extra, purpose) from exc
