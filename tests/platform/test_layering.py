"""The platform package sits below everything: the store, the command line and the window use it, it uses
none of them, and it imports Qt only inside the one function that may need it (start-up stays Qt-free)."""

from __future__ import annotations

import ast
from pathlib import Path

import deskcomms.platform

PACKAGE = Path(deskcomms.platform.__file__).resolve().parent


def test_the_platform_package_imports_no_layer_above_it_and_no_qt_at_module_level():
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("ui", "store", "cli", "core")), (path.name, node.module)
        top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        names = {alias.name for n in top_level if isinstance(n, ast.Import) for alias in n.names}
        names |= {n.module or "" for n in top_level if isinstance(n, ast.ImportFrom)}
        assert not any(name.startswith(("PySide6", "winreg", "tzlocal")) for name in names), path.name
