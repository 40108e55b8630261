"""Licences travel with every form of deskcomms: the built wheel names its licence and carries LICENSE and
the third-party notices (Qt through PySide6 under the LGPL, with how to replace it), the PyInstaller spec
puts the same files in the folder and the .app, the Windows installer shows the licence, and Help > About
shows all of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from deskcomms.core import notices

from .test_packaging import PACKAGING, ROOT, inno_sections, run_spec

LICENCES = ROOT / "resources" / "licenses"


def assert_notices_cover_qt(text: str) -> None:
    assert "PySide6_Essentials" in text or "PySide6-Essentials" in text
    assert "shiboken6" in text
    assert "LGPL-3.0" in text and "GNU LESSER GENERAL PUBLIC LICENSE" in text  # the licence text itself
    assert "GNU GENERAL PUBLIC LICENSE" in text  # the GPL the LGPL builds on
    assert "replace them with your own" in text  # the means to replace the Qt libraries
    for package in ("Jinja2", "holidays", "tzlocal", "platformdirs", "aspose-email-foss"):
        assert f"- {package} " in text, package
    installed = metadata.version("jinja2")
    assert f"- Jinja2 {installed}: " in text  # from the package's metadata, not typed by hand


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """The wheel as `pip wheel` builds it from a copy of the sources (the checkout stays untouched)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("deskcomms", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "screenshots"))
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("deskcomms-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_names_its_licence_and_carries_it(wheel):
    names = wheel.namelist()
    (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    metadata_text = wheel.read(meta).decode()
    assert "License: MIT" in metadata_text
    assert "Classifier: License :: OSI Approved :: MIT License" in metadata_text
    (dist_licence,) = [n for n in names if ".dist-info/" in n and n.rsplit("/", 1)[-1] == "LICENSE"]
    assert "Copyright (c) 2026 the deskcomms authors" in wheel.read(dist_licence).decode()
    shipped = wheel.read("deskcomms/_resources/licenses/LICENSE").decode()
    assert shipped == (ROOT / "LICENSE").read_text()


def test_the_wheel_carries_third_party_notices_written_from_metadata(wheel):
    text = wheel.read("deskcomms/_resources/licenses/THIRD_PARTY_NOTICES.txt").decode()
    assert_notices_cover_qt(text)
    assert "- tzdata " not in text  # a Windows-only dependency is not listed on this system


def test_the_spec_ships_the_licence_and_notices_in_the_folder_and_the_mac_app(monkeypatch, tmp_path):
    for system in ("linux", "darwin", "win32"):
        work = tmp_path / system
        calls = run_spec(monkeypatch, system, work)
        datas = calls["Analysis"][0]["datas"]
        shipped = {Path(src).name: dest for src, dest in datas if Path(src).parent == work / "licences"}
        assert shipped == {
            "LICENSE": "deskcomms/_resources/licenses",
            "THIRD_PARTY_NOTICES.txt": "deskcomms/_resources/licenses",
        }
        assert (str(ROOT / "resources"), "deskcomms/_resources") in datas  # with the LGPL and GPL texts
        text = (work / "licences" / "THIRD_PARTY_NOTICES.txt").read_text()
        assert_notices_cover_qt(text)
        assert "PSF-2.0" in text  # the interpreter ships in the folder too
        if system == "darwin":  # the .app is the COLLECT folder wrapped: the same files inside
            (bundle,) = calls["BUNDLE"]
            assert "deskcomms authors" in bundle["info_plist"]["NSHumanReadableCopyright"]


def test_the_windows_installer_shows_the_licence_and_installs_the_notices():
    sections = inno_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["SourceDir"] == r"..\.."
    assert setup["LicenseFile"] == "LICENSE" and (ROOT / "LICENSE").is_file()
    assert 'Source: "dist\\deskcomms\\*"' in sections["Files"][0] and "recursesubdirs" in sections["Files"][0]
    spec = (PACKAGING / "deskcomms.spec").read_text()
    assert 'name="deskcomms"' in spec  # the folder the [Files] line installs, notices included


def test_a_build_with_a_dependency_missing_fails_rather_than_ship_partial_notices():
    def find(name: str) -> metadata.Distribution:
        if name == "holidays":
            raise metadata.PackageNotFoundError(name)
        return metadata.distribution(name)

    with pytest.raises(notices.MissingDistribution, match="holidays"):
        notices.distributions(["jinja2>=3", "holidays>=0.50"], find=find, strict=True)
    lenient = notices.distributions(["jinja2>=3", "holidays>=0.50", "pytest; extra == 'test'"], find=find)
    assert [d.metadata["Name"] for d in lenient] == ["Jinja2", "MarkupSafe"]


def test_about_shows_the_licence_the_notices_and_how_to_replace_qt(qtbot):
    from deskcomms.ui.shell.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = [dialog.tabs.tabText(i).replace("&", "") for i in range(dialog.tabs.count())]
    assert tabs == ["Licence", "Qt libraries", "Third-party notices"]
    assert "the deskcomms authors" in dialog.licence.toPlainText()
    assert "Permission is hereby granted" in dialog.licence.toPlainText()
    assert "replace them with your own" in dialog.qt.toPlainText()
    assert_notices_cover_qt(dialog.notices.toPlainText())


def test_every_runtime_dependency_is_a_build_requirement_too():
    """An isolated build writes the notices from the dependencies' metadata: each must be installed there
    (a dependency added to the project but not to the build requirements fails the wheel's build)."""
    import re
    import tomllib

    data = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))

    def names(requirements):
        return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}

    assert names(data["project"]["dependencies"]) <= names(data["build-system"]["requires"])
