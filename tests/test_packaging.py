"""What can be checked here of the release files: the spec builds the right things on each system, the
macOS Info.plist is valid and carries pyproject's version, the Windows installer has its keys, and the
CI workflow runs the README's test command on all three systems."""

from __future__ import annotations

import configparser
import plistlib
import re
import sys
import tempfile
import tomllib
import types
from pathlib import Path

from deskcomms import APP_ID, version
from deskcomms.platform.windows import RUN_KEY, RUN_VALUE

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def release_info() -> types.ModuleType:
    sys.path.insert(0, str(PACKAGING))
    try:
        import release_info as module
    finally:
        sys.path.remove(str(PACKAGING))
    return module


def test_the_version_everywhere_is_pyprojects():
    info = release_info()
    assert info.project_version() == PYPROJECT_VERSION == version()
    assert info.APP_ID == APP_ID


def test_the_info_plist_is_valid_and_matches_the_desktop_id():
    plist = release_info().info_plist(PYPROJECT_VERSION)
    loaded = plistlib.loads(plistlib.dumps(plist))  # valid XML plist, as macOS reads it
    assert loaded["CFBundleShortVersionString"] == PYPROJECT_VERSION == loaded["CFBundleVersion"]
    assert loaded["CFBundleIdentifier"] == APP_ID
    assert (PACKAGING / f"{APP_ID}.desktop").exists()  # the Linux entry uses the same reverse-DNS id


def run_spec(monkeypatch, system: str, workpath: Path | None = None, binaries=(), datas=()) -> dict[str, list[dict]]:
    """Execute deskcomms.spec with PyInstaller's build steps recorded instead of run (its generated files,
    the licence notices, go to ``workpath`` as in a real build; ``binaries`` and ``datas``: what the
    analysis found)."""
    calls: dict[str, list[dict]] = {}

    def recorder(name):
        def step(*args, **kwargs):
            calls.setdefault(name, []).append({"args": args, **kwargs})
            return types.SimpleNamespace(
                name=name, pure=[], scripts=[], binaries=list(binaries), datas=list(datas), kwargs=kwargs
            )

        return step

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda package: []
    hooks.collect_submodules = lambda package: [package]
    hooks.copy_metadata = lambda package: []
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", system)
    monkeypatch.setattr(sys, "path", list(sys.path))
    spec = PACKAGING / "deskcomms.spec"
    workpath = workpath or Path(tempfile.mkdtemp(prefix="deskcomms-spec-"))
    namespace = {"SPECPATH": str(PACKAGING), "__file__": str(spec), "workpath": str(workpath)}
    namespace |= {step: recorder(step) for step in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    exec(compile(spec.read_text(), str(spec), "exec"), namespace)
    return calls


def test_the_spec_builds_a_mac_app_with_the_bundle_id_and_version(monkeypatch, capsys):
    calls = run_spec(monkeypatch, "darwin")
    (bundle,) = calls["BUNDLE"]
    assert bundle["name"] == "deskcomms.app" and bundle["bundle_identifier"] == APP_ID
    assert bundle["version"] == PYPROJECT_VERSION
    assert bundle["info_plist"]["CFBundleShortVersionString"] == PYPROJECT_VERSION
    assert [exe["name"] for exe in calls["EXE"]] == ["deskcomms"]
    assert f"deskcomms {PYPROJECT_VERSION}" in capsys.readouterr().out


def test_the_spec_builds_a_windowless_app_beside_the_command_line_on_windows(monkeypatch):
    calls = run_spec(monkeypatch, "win32")
    assert "BUNDLE" not in calls
    exes = {exe["name"]: exe["console"] for exe in calls["EXE"]}
    assert exes == {"deskcomms": True, "deskcomms-app": False}
    (collect,) = calls["COLLECT"]
    assert collect["name"] == "deskcomms" and len(collect["args"]) == 4  # both executables, binaries, datas


def test_the_spec_leaves_out_the_qt_pieces_the_app_never_loads_and_what_only_they_need(monkeypatch):
    qt = "PySide6/Qt"
    binaries = [
        (f"{qt}/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        (f"{qt}/plugins/platformthemes/libqgtk3.so", "/src/libqgtk3.so", "BINARY"),
        (f"{qt}/plugins/tls/libqopensslbackend.so", "/src/libqopensslbackend.so", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),  # needed by the GTK theme only
        ("libX11.so.6", "/src/libX11.so.6", "BINARY"),  # needed by the GTK theme and by xcb
        ("libssl.so.3", "/src/libssl.so.3", "BINARY"),
    ]
    datas = [(f"{qt}/translations/qt_de.qm", "/src/qt_de.qm", "DATA"), ("deskcomms/_resources", "/src/r", "DATA")]
    imports = {"/src/libqgtk3.so": {("libcairo.so.2", "/x"), ("libX11.so.6", "/x")}, "/src/libqxcb.so": {"libX11.so.6"}}
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda path: imports.get(path, set())
    monkeypatch.setitem(sys.modules, "PyInstaller.depend", types.ModuleType("PyInstaller.depend"))
    monkeypatch.setitem(sys.modules, "PyInstaller.depend.bindepend", bindepend)
    calls = run_spec(monkeypatch, "linux", binaries=binaries, datas=datas)
    (collect,) = calls["COLLECT"]
    kept_binaries, kept_datas = collect["args"][1], collect["args"][2]
    assert [b[0] for b in kept_binaries] == [f"{qt}/plugins/platforms/libqxcb.so", "libX11.so.6"]
    assert [d[0] for d in kept_datas] == ["deskcomms/_resources"]
    assert collect["strip"] is True


def test_the_spec_on_linux_is_one_folder(monkeypatch):
    calls = run_spec(monkeypatch, "linux")
    assert "BUNDLE" not in calls and [exe["name"] for exe in calls["EXE"]] == ["deskcomms"]
    hidden = calls["Analysis"][0]["hiddenimports"]
    assert "tzlocal" in hidden and "deskcomms" in hidden


def inno_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in (PACKAGING / "windows" / "deskcomms.iss").read_text().splitlines():
        if re.fullmatch(r"\[\w+\]", line.strip()):
            current = line.strip()[1:-1]
            sections[current] = []
        elif current and line.strip() and not line.lstrip().startswith(";"):
            sections[current].append(line.strip())
    return sections


def test_the_windows_installer_is_per_user_with_start_menu_and_optional_login_start():
    sections = inno_sections()
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\deskcomms"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert any(line.startswith('Name: "{userprograms}\\deskcomms"') for line in sections["Icons"])
    (task,) = [line for line in sections["Tasks"] if line.startswith('Name: "startatlogin"')]
    assert "Flags: unchecked" in task  # off unless the user ticks it
    (run_value,) = sections["Registry"]
    assert "Root: HKCU" in run_value and f'Subkey: "{RUN_KEY}"' in run_value
    assert f'ValueName: "{RUN_VALUE}"' in run_value and "Tasks: startatlogin" in run_value
    assert "uninsdeletevalue" in run_value


def test_the_windows_uninstaller_keeps_the_data_unless_asked():
    code = "\n".join(inno_sections()["Code"])
    assert r"{localappdata}\deskcomms" in code
    assert "UninstallSilent" in code and "MB_DEFBUTTON2" in code  # silent keeps; the default button is No
    assert code.index("MsgBox") < code.index("DelTree")


def test_the_workflow_runs_the_readme_test_command_on_all_three_systems():
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    readme = (ROOT / "README.md").read_text()
    command = 'python -m pip install -e ".[test]" && python -m pytest'
    assert command in readme and f"run: {command}" in workflow
    matrix = re.search(r"os: \[(.*)\]", workflow)
    assert matrix is not None
    assert {os.strip() for os in matrix.group(1).split(",")} == {"ubuntu-latest", "windows-latest", "macos-latest"}
    assert 'python: ["3.11", "3.12"]' in workflow
    assert "QT_QPA_PLATFORM: offscreen" in workflow
    assert "bash packaging/build.sh" in workflow


def test_the_desktop_entry_parses():
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(PACKAGING / f"{APP_ID}.desktop")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
