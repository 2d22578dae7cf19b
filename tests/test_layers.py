"""The package's imports go down the layers and form no circle (ARCHITECTURE.md).

Every `import` in the package counts, at module level or inside a function (those run too, only later), and
`if TYPE_CHECKING:` ones as well: a layer that names another's types depends on it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gristmill"

# Top to bottom. A module may import its own layer's modules (within one stage package, or core to core) and
# any layer below; never one above, and never a sibling stage package of its layer.
LAYERS: list[tuple[str, ...]] = [
    ("gristmill.__main__",),
    ("gristmill.cli",),
    ("gristmill.sweep",),  # trials of the workflow's stages
    ("gristmill.workflow",),
    ("gristmill.serve", "gristmill.export"),
    ("gristmill.evaluate", "gristmill.train", "gristmill.synth"),  # stages: none imports another...
    ("gristmill.curate",),  # ...but synthesis curates its rows with curate's passes
    ("gristmill.manifests", "gristmill.html_report"),
    ("gristmill.report", "gristmill.charts"),
    ("gristmill.tables", "gristmill.chat", "gristmill.rundir", "gristmill.models", "gristmill.plan",
     "gristmill.config", "gristmill.io", "gristmill.records", "gristmill.crypto", "gristmill.hashing",
     "gristmill.files", "gristmill.http", "gristmill.errors", "gristmill.llm", "gristmill.rouge", "gristmill.scorers",
     "gristmill.trained",
     "gristmill"),
]
# Imports that go down yet are not allowed: training and evaluation never borrow from curation (what they share
# with it is in the core: tables, scorers); evaluation reads what training wrote (train.json, the adapter, the
# split) and is sideways of it anyway.
FORBIDDEN = {("gristmill.train", "gristmill.curate"), ("gristmill.evaluate", "gristmill.curate")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(module: str) -> set[str]:
    """Modules of the package that `module` imports (`from a import b` names module a.b when b is one)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    is_package = MODULES[module].name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            subs = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= subs or {base}
    return {name for name in found if name in MODULES}


def layer_of(module: str) -> tuple[int, str]:
    """(layer index, the unit it belongs to: a stage package or one core module)."""
    for index, layer in enumerate(LAYERS):
        for unit in layer:
            if module == unit or module.startswith(unit + "."):
                if unit == "gristmill" and module != "gristmill":
                    continue
                return index, unit
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down(module: str) -> None:
    index, unit = layer_of(module)
    wrong = []
    for target in imports(module):
        target_index, target_unit = layer_of(target)
        core = index == len(LAYERS) - 1
        sideways = target_index == index and target_unit != unit and not core
        if target_index < index or sideways or (unit, target_unit) in FORBIDDEN:
            wrong.append(f"{module} imports {target}")
    assert not wrong, "imports that go up or sideways: " + "; ".join(sorted(wrong))


def test_no_import_circles() -> None:
    graph = {m: imports(m) - {m} for m in MODULES}
    # A package's __init__ runs before its modules: `pkg.mod` importing `pkg` is how Python works, not a circle.
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not circles, "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_the_trainer_imports_without_polars_or_torch_at_the_top_level_cli() -> None:
    """The trainer reads tables only when it is given one (a GPU box may hold torch and no Polars), and
    `gristmill --help` imports neither torch nor Polars-heavy stages."""
    import subprocess
    import sys

    code = ("import sys; import gristmill.train.sft, gristmill.train.dpo, gristmill.train.rm, gristmill.cli; "
            "print(sorted(m for m in ('polars', 'pyarrow', 'presidio_analyzer') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
