"""The boundaries of design.md: core is free of Qt and SQLite; store is free of Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "deskcomms"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                names.add("deskcomms." + node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("core", ("PySide6", "shiboken6", "sqlite3", "deskcomms.store", "deskcomms.ui")),
        ("store", ("PySide6", "shiboken6", "deskcomms.ui")),
    ],
)
def test_layer_does_not_import(folder, forbidden):
    offenders = {
        path: sorted(n for n in names if n.startswith(forbidden))
        for path, names in imported_modules(PACKAGE / folder).items()
    }
    assert {p: n for p, n in offenders.items() if n} == {}
