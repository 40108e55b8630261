"""Third-party notices written from the installed packages' own metadata, never typed by hand.

The wheel build (setup.py) and the PyInstaller spec call :func:`write_notices` with the project's
requirements: every distribution they pull in (transitively, extras left out) is listed with its version,
its licence as its metadata declares it and the licence files it ships. Qt comes through PySide6 under the
GNU LGPL 3.0, which asks for two more things beside the notice: the licence text itself (PySide6's wheels
carry none, so ``resources/licenses`` keeps the FSF's texts) and the means to replace the Qt libraries
(:data:`QT_REPLACEMENT`, also shown in the About dialog).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

NOTICES_FILE = "THIRD_PARTY_NOTICES.txt"
LICENCE_FILE = "LICENSE"
LGPL_FILE = "LGPL-3.0.txt"
GPL_FILE = "GPL-3.0.txt"
QT_DISTRIBUTIONS = ("pyside6-essentials", "pyside6-addons", "pyside6", "shiboken6")  # normalised names

QT_REPLACEMENT = """\
Qt and PySide6 (Qt for Python) are used under the GNU Lesser General Public License version 3
(LGPL-3.0; its text follows, with the GNU GPL 3.0 it builds on). deskcomms never links Qt statically:
the Qt and PySide6 libraries are separate shared libraries loaded when the app starts, and you may
replace them with your own or modified build of the same Qt major version:
- installed with pip: install your build into the same Python environment
  (pip install --force-reinstall <your PySide6-Essentials and shiboken6 wheels>);
- the standalone folder (Windows, Linux): replace the files in its _internal/PySide6 and
  _internal/shiboken6 folders (Qt6*.dll or libQt6*.so.6, the PySide6 modules and plugins) with yours;
- macOS: the same folders inside deskcomms.app/Contents/Frameworks;
- or build the folder again from deskcomms's source (MIT) with packaging/build.sh after installing
  your PySide6 build.
The source code of Qt is at https://download.qt.io/official_releases/qt/ and that of PySide6 at
https://code.qt.io/cgit/pyside/pyside-setup.git/ (the versions are listed below).
"""

_LICENCE_FILE_NAME = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")

Finder = Callable[[str], metadata.Distribution]


class MissingDistribution(LookupError):
    """A required package is not installed where the notices are written: they would be incomplete."""


def project_requirements(pyproject: Path) -> list[str]:
    """The ``[project] dependencies`` of a pyproject.toml (a checkout, or a build before installation)."""
    import tomllib

    return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get("dependencies", []))


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wanted(requirement: str) -> tuple[str, bool] | None:
    """(name, required here) for a requirement line; None when it belongs to an extra."""
    match = _NAME.match(requirement)
    if match is None:
        return None
    marker = requirement.split(";", 1)[1].strip() if ";" in requirement else ""
    if "extra" in marker:
        return None
    if not marker:
        return match.group(1), True
    try:
        from packaging.markers import Marker
    except ImportError:  # no way to tell: listed when installed, not demanded
        return match.group(1), False
    return (match.group(1), True) if Marker(marker).evaluate() else None  # not a dependency on this system


def distributions(
    requirements: Iterable[str], *, find: Finder = metadata.distribution, strict: bool = False
) -> list[metadata.Distribution]:
    """Every distribution the requirements pull in, transitively, sorted by name. ``strict``: a required
    one that is not installed raises :class:`MissingDistribution` (a build must not ship a partial list)."""
    found: dict[str, metadata.Distribution] = {}
    missing: list[str] = []
    queue = list(requirements)
    while queue:
        wanted = _wanted(queue.pop())
        if wanted is None:
            continue
        name, required = wanted
        key = _normalised(name)
        if key in found:
            continue
        try:
            dist = find(name)
        except metadata.PackageNotFoundError:
            if required:
                missing.append(name)
            continue
        found[key] = dist
        queue += dist.requires or []
    if strict and missing:
        raise MissingDistribution(
            "cannot write the third-party notices: not installed here: " + ", ".join(sorted(set(missing)))
        )
    return sorted(found.values(), key=lambda d: d.metadata["Name"].lower())


def _field(dist: metadata.Distribution, name: str) -> str:
    """One metadata field's value, "" when absent (PackageMetadata answers None for a missing key)."""
    values = dist.metadata.get_all(name) or []
    return str(values[0]) if values and values[0] else ""


def licence_of(dist: metadata.Distribution) -> str:
    """The licence as the package declares it: its SPDX expression, its short License field, or its
    trove classifiers; "not declared" rather than a guess."""
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    field = _field(dist, "License").strip()
    if field and "\n" not in field and len(field) <= 120 and field.upper() != "UNKNOWN":
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        return f"{field} ({'; '.join(classifiers)})" if classifiers and field not in classifiers else field
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return "; ".join(classifiers) or "not declared in the package's metadata"


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of the licence and notice files the distribution ships in its metadata folder."""
    texts = []
    for file in dist.files or []:
        path = str(file)
        if ".dist-info/" in path and _LICENCE_FILE_NAME.search(path):
            text = dist.read_text(path.split(".dist-info/", 1)[1])
            if text:
                texts.append((path.rsplit("/", 1)[-1], text.strip()))
    return texts


def _homepage(dist: metadata.Distribution) -> str:
    if _field(dist, "Home-page"):
        return _field(dist, "Home-page")
    for url in dist.metadata.get_all("Project-URL") or []:
        label, _, link = str(url).partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "source code", "repository"}:
            return link.strip()
    return ""


def _rule(title: str) -> list[str]:
    return ["", "=" * 78, title, "=" * 78, ""]


def third_party_notices(
    requirements: Iterable[str],
    *,
    licences: Path,
    find: Finder = metadata.distribution,
    strict: bool = False,
    python_licence: Path | None = None,
) -> str:
    """The notices file: a summary table, the Qt (LGPL) statement, then each package's licence files,
    then the LGPL and GPL texts from ``licences`` (the resources/licenses folder)."""
    dists = distributions(requirements, find=find, strict=strict)
    qt = [d for d in dists if _normalised(d.metadata["Name"]) in QT_DISTRIBUTIONS]
    lines = [
        "deskcomms third-party notices",
        "",
        "deskcomms itself is under the MIT licence (LICENSE). It uses the packages below, each under its",
        "own licence, as declared in its own package metadata (this file is generated from that metadata",
        "when deskcomms is built).",
        "",
    ]
    for dist in dists:
        lines.append(f"- {dist.metadata['Name']} {dist.version}: {licence_of(dist)}")
    if python_licence is not None:
        lines.append(f"- Python {sys.version.split()[0]}: PSF-2.0 (the interpreter inside the standalone build)")
    if qt:
        lines += _rule("Qt and PySide6: GNU LGPL 3.0")
        lines += [f"{d.metadata['Name']} {d.version}: {licence_of(d)}" for d in qt]
        lines += ["deskcomms uses them under LGPL-3.0-only.", "", QT_REPLACEMENT.rstrip()]
    for dist in dists:
        homepage = _homepage(dist)
        lines += _rule(f"{dist.metadata['Name']} {dist.version}: {licence_of(dist)}")
        if homepage:
            lines.append(homepage)
        texts = licence_texts(dist)
        if not texts:
            lines.append("(the package ships no licence file; its declared licence is given above)")
        for name, text in texts:
            lines += [f"--- {name} ---", text, ""]
    if python_licence is not None and python_licence.is_file():
        lines += _rule(f"Python {sys.version.split()[0]}: PSF-2.0")
        lines.append(python_licence.read_text(encoding="utf-8", errors="replace").strip())
    if qt:
        for name in (LGPL_FILE, GPL_FILE):
            lines += _rule(name.removesuffix(".txt"))
            lines.append((licences / name).read_text(encoding="utf-8").strip())
    return "\n".join(lines) + "\n"


def python_licence_file() -> Path | None:
    """The interpreter's own LICENSE.txt, shipped with a standalone build that carries the interpreter."""
    for base in (sys.base_prefix, sys.prefix):
        for candidate in (
            Path(base) / "LICENSE.txt",
            Path(base) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
        ):
            if candidate.is_file():
                return candidate
    return None


def write_notices(
    folder: Path,
    requirements: Iterable[str],
    *,
    licences: Path,
    licence: Path,
    with_python: bool = False,
) -> list[Path]:
    """Write LICENSE (deskcomms's own, copied) and the notices into ``folder``; strict: a build with a
    dependency missing fails rather than ship an incomplete list. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    python = python_licence_file() if with_python else None
    notices = third_party_notices(requirements, licences=licences, strict=True, python_licence=python)
    written = [folder / LICENCE_FILE, folder / NOTICES_FILE]
    written[0].write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
    written[1].write_text(notices, encoding="utf-8")
    return written
