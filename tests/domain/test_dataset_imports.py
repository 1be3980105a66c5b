"""The data-set package's modules import one another directly, never through the package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bot.domain.dataset

PACKAGE = "bot.domain.dataset"
MODULES = sorted(
    path
    for path in Path(bot.domain.dataset.__file__).parent.glob("*.py")
    if path.name != "__init__.py"
)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_a_module_does_not_import_its_own_package(path: Path) -> None:
    # The package imports every module to re-export it: importing the package back from one
    # makes a circle that only import order keeps from breaking.
    assert PACKAGE not in _imported(path)


def test_the_modules_import_one_another_without_a_circle() -> None:
    graph = {
        f"{PACKAGE}.{path.stem}": {name for name in _imported(path) if name.startswith(PACKAGE)}
        for path in MODULES
    }
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path, module))
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, (*path, module))
        done.add(module)

    assert len(graph) > 10
    for module in graph:
        visit(module, ())
