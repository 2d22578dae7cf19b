"""What the package declares matches what its code asks for."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def extras() -> dict[str, list[str]]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]


def required_extras() -> set[tuple[str, str, str]]:
    """(file, module, extra) of every `require(module, extra, ...)` call in the package."""
    found = set()
    for path in (ROOT / "gristmill").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "require"
                    and all(isinstance(a, ast.Constant) for a in node.args[:2])):
                found.add((path.name, node.args[0].value, node.args[1].value))
    return found


def test_every_missing_dependency_message_names_an_extra_that_installs_it() -> None:
    declared = extras()
    wrong = []
    for file, module, extra in sorted(required_extras()):
        package = {"profanity_check": "alt-profanity-check", "presidio_analyzer": "presidio-analyzer",
                   "presidio_anonymizer": "presidio-anonymizer", "spacy": "presidio-analyzer"}.get(module, module)
        package = package.split(".")[0]  # `ray.data` comes with the `ray` distribution
        names = {re.split(r"[<>=;\[ ]", spec)[0].lower() for spec in declared.get(extra, [])}
        if package.lower() not in names:
            wrong.append(f"{file}: require({module!r}, {extra!r}) but gristmill[{extra}] does not install it")
    assert not wrong, "; ".join(wrong)
