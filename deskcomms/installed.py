"""Which version of an installed library is present, read from its files without importing it.

Importing a library only to learn its version can cost more than the work it would save (the
``holidays`` package imports every country it knows): the version is read from the name of the
library's installed metadata folder beside it instead.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def library_version(module: str, distribution: str | None = None) -> str | None:
    """The installed version of ``distribution`` (default: ``module``), or None when it cannot be told
    (not installed, or bundled without its metadata, as in a frozen app)."""
    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    name = (distribution or module).replace("-", "_")
    try:
        found = [
            p
            for p in Path(spec.origin).parent.parent.glob("*.dist-info")
            if p.name.lower().startswith(name.lower() + "-")
        ]
    except OSError:
        return None
    if len(found) != 1:
        return None
    return found[0].name.removesuffix(".dist-info")[len(name) + 1 :]
