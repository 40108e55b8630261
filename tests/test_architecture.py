"""The layers: ``__main__`` → cli → ui → desk → store → core, each importing only what is below it; core
free of Qt and SQLite; no import circle between modules; no module over 600 lines.

Imports are read from the source (every ``import``, at any depth, deferred ones included), resolved to
deskcomms modules, so a lazy import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "deskcomms"

# Higher layers may import lower ones, never the reverse. Top-level helpers sit with the layer they serve;
# paths and the platform seam (file privacy, the OS) are the ground everything stands on.
LAYERS = {
    "__main__": 6,
    "cli": 5,
    "ui": 4,
    "desk": 3,
    "files": 3,
    "autostart": 3,
    "platform": 0,
    "logs": 3,
    "paths": 0,
    "bulk": 0,  # the garbage collector paused for a batch: depends on nothing
    "installed": 0,  # a library's installed version, read from its files: depends on nothing
    "store": 2,
    "core": 1,
    "__init__": 0,
    "_resources": 0,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The deskcomms modules ``name`` imports (resolving relative imports and ``from x import module``)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # ``from package import module`` imports that module; ``from module import name`` the module.
            submodules = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in known]
            names_only = len(submodules) < len(node.names)
            targets = submodules + ([module] if names_only else [])
        for target in targets:
            if target in known:
                found.add(target)
    found.discard(name)
    return found


def layer_of(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[top]


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_every_top_level_module_has_a_layer():
    tops = {m.split(".")[1] for m in all_modules() if "." in m}
    assert tops <= set(LAYERS), tops - set(LAYERS)


def test_layers_import_only_downwards():
    offenders = []
    for module, targets in graph().items():
        for target in targets:
            if target == "deskcomms" or target.startswith("deskcomms._resources"):
                continue
            if layer_of(target) > layer_of(module):
                offenders.append(f"{module} -> {target}")
    assert offenders == []


def test_the_faces_never_open_the_store():
    offenders = [
        f"{module} -> {target}"
        for module, targets in graph().items()
        if module.startswith(("deskcomms.ui", "deskcomms.cli"))
        for target in targets
        if target.startswith("deskcomms.store")
    ]
    assert offenders == []


def import_circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (strongly connected
    components of more than one module, or a module importing itself), each sorted."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                lowlink[node] = min(lowlink[node], lowlink[target])
            elif target in on_stack:
                lowlink[node] = min(lowlink[node], index[target])
        if lowlink[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                circles.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return circles


def test_the_circle_finder_finds_circles_through_packages():
    # A package re-exporting its modules, one of which imports a module that imports the package back:
    # the shape the playbook and the engine once had.
    edges = {
        "p.playbook": {"p.engine"},
        "p.engine": {"p.engine.evaluate"},
        "p.engine.evaluate": {"p.playbook"},
        "p.calendar": set(),
    }
    assert import_circles(edges) == [["p.engine", "p.engine.evaluate", "p.playbook"]]
    assert import_circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    # No exemption: a package importing its own modules and a module importing its package are edges too.
    assert import_circles(graph()) == []


def test_the_playbook_is_below_the_engine():
    """core/playbook.py loads and validates data and knows no rule: it never imports the engine."""
    playbook_imports = graph()["deskcomms.core.playbook"]
    assert not [m for m in playbook_imports if m.startswith("deskcomms.core.engine")]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("core", ("PySide6", "shiboken6", "sqlite3")),
        ("store", ("PySide6", "shiboken6")),
        ("desk", ("PySide6", "shiboken6")),
    ],
)
def test_qt_free_layers(folder, forbidden):
    offenders = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        bad = sorted(n for n in names if n.startswith(forbidden))
        if bad:
            offenders[str(path)] = bad
    assert offenders == {}


def test_no_module_over_600_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}


def test_only_the_platform_package_asks_which_system_it_runs_on():
    """``sys.platform`` and ``os.name`` are read in ``deskcomms/platform/`` only: the rest asks its seam."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "platform"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in {("sys", "platform"), ("os", "name")}
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
