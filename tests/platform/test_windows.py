"""The Windows seam, driven on any system against a fake registry, os.startfile and Popen."""

from __future__ import annotations

from pathlib import Path

from deskcomms import APP_ID
from deskcomms.platform import for_system
from deskcomms.platform.windows import OUTLOOK_APP_PATH, RUN_KEY, WindowsPlatform

from .fakes import Calls, FakeShell32, FakeWinreg

OUTLOOK = r"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE"
DRAFT = Path(r"C:\Users\jmuller\AppData\Local\Temp\2411220010001234-status_update.eml")


def windows(reg: FakeWinreg, calls: Calls | None = None, started: list[str] | None = None, **kw) -> WindowsPlatform:
    calls = calls or Calls()
    opened = started if started is not None else []

    def startfile(path: str) -> None:
        if kw.get("no_association"):
            raise OSError(1155, "No application is associated with the specified file for this operation")
        opened.append(path)

    return WindowsPlatform(
        winreg=reg,
        startfile=startfile,
        spawn=calls.spawn,
        run=calls.run,
        exists=lambda path: path == OUTLOOK,
    )


def test_sys_platform_win32_picks_the_windows_seam():
    assert isinstance(for_system("win32"), WindowsPlatform)


def test_start_at_login_writes_and_removes_the_per_user_run_value():
    reg = FakeWinreg({("HKCU", RUN_KEY): {"OneDrive": ("C:\\OneDrive.exe /background", 1)}})
    seam = windows(reg)
    assert not seam.autostart_enabled()

    seam.set_autostart(True, [r"C:\Users\jmuller\AppData\Local\Programs\deskcomms\deskcomms.exe"])

    values = reg.keys[("HKCU", RUN_KEY)]
    assert values["deskcomms"] == (r"C:\Users\jmuller\AppData\Local\Programs\deskcomms\deskcomms.exe", reg.REG_SZ)
    assert seam.autostart_enabled()
    assert not any(root == "HKLM" for root, _ in reg.keys), "only the user's own hive is touched"

    seam.set_autostart(False)
    assert "deskcomms" not in values and values["OneDrive"] == ("C:\\OneDrive.exe /background", 1)
    assert not seam.autostart_enabled()
    seam.set_autostart(False)  # turning it off twice is fine


def test_a_command_with_spaces_is_quoted_for_the_run_key():
    reg = FakeWinreg({("HKCU", RUN_KEY): {}})
    windows(reg).set_autostart(True, [r"C:\Program Files\Python311\pythonw.exe", "-m", "deskcomms"])
    assert reg.keys[("HKCU", RUN_KEY)]["deskcomms"][0] == r'"C:\Program Files\Python311\pythonw.exe" -m deskcomms'


def test_a_draft_opens_in_outlook_when_app_paths_lists_it():
    reg = FakeWinreg({("HKLM", OUTLOOK_APP_PATH): {"": (f'"{OUTLOOK}"', 1)}})
    calls, started = Calls(), []
    opened = windows(reg, calls, started).open_draft(DRAFT)

    assert opened.ok and opened.how == "Outlook"
    assert calls.commands == [[OUTLOOK, "/eml", str(DRAFT)]]
    assert started == []


def test_without_outlook_the_draft_goes_to_the_eml_association():
    calls, started = Calls(), []
    opened = windows(FakeWinreg(), calls, started).open_draft(DRAFT)
    assert opened.ok and opened.how == "the default mail app"
    assert started == [str(DRAFT)] and calls.commands == []


def test_a_stale_outlook_entry_is_ignored():
    reg = FakeWinreg({("HKCU", OUTLOOK_APP_PATH): {"": (r"D:\old\OUTLOOK.EXE", 1)}})
    started: list[str] = []
    assert windows(reg, started=started).open_draft(DRAFT).how == "the default mail app"
    assert started == [str(DRAFT)]


def test_no_mail_app_at_all_says_why():
    reg = FakeWinreg()
    seam = WindowsPlatform(winreg=reg, startfile=_no_association, spawn=Calls().spawn, exists=lambda p: False)
    opened = seam.open_draft(DRAFT)
    assert not opened
    assert "Windows has no app for .eml files" in opened.reason
    assert "No application is associated" in opened.reason


def _no_association(path: str) -> None:
    raise OSError(1155, "No application is associated with the specified file for this operation")


def test_reveal_selects_the_file_in_explorer():
    calls = Calls()
    export = Path(r"C:\Users\jmuller\Documents\deskcomms export.json")
    assert windows(FakeWinreg(), calls).reveal(export).how == "Explorer"
    assert calls.commands == [f'explorer /select,"{export}"']


def test_privacy_on_windows_relies_on_the_profile_acl_not_file_modes(tmp_path):
    seam = windows(FakeWinreg())
    folder = tmp_path / "deskcomms"
    seam.make_private_dir(folder)
    database = folder / "deskcomms.sqlite3"
    database.write_text("x")
    before = database.stat().st_mode
    seam.make_private_file(database)
    assert folder.is_dir() and database.stat().st_mode == before
    assert "%LOCALAPPDATA%" in seam.privacy_note and "ACL" in seam.privacy_note
    assert "0600" in seam.privacy_note and "do not exist there" in seam.privacy_note


def test_the_machine_zone_comes_from_the_injected_source():
    seam = WindowsPlatform(winreg=FakeWinreg(), zone_source=lambda: "Europe/Berlin")
    assert seam.default_timezone() == "Europe/Berlin"


def test_the_app_names_itself_to_windows_with_its_app_user_model_id():
    shell = FakeShell32()
    seam = WindowsPlatform(winreg=FakeWinreg(), shell32=shell)
    assert seam.set_app_identity(APP_ID) is True
    assert shell.app_ids == ["io.github.deskcomms.DeskComms"]


def test_a_refused_or_missing_app_user_model_id_is_logged_and_the_app_goes_on(caplog):
    refused = FakeShell32(result=-2147024809)  # E_INVALIDARG, as a signed HRESULT from ctypes
    assert WindowsPlatform(winreg=FakeWinreg(), shell32=refused).set_app_identity(APP_ID) is False
    assert "0x80070057" in caplog.text
    assert WindowsPlatform(winreg=FakeWinreg(), shell32=FakeShell32(missing=True)).set_app_identity(APP_ID) is False


def test_other_systems_take_their_identity_from_the_desktop_file_and_the_bundle():
    assert for_system("linux").set_app_identity(APP_ID) is False
    assert for_system("darwin").set_app_identity(APP_ID) is False


def test_the_installer_shortcuts_carry_the_id_the_app_sets():
    iss = (Path(__file__).resolve().parents[2] / "packaging" / "windows" / "deskcomms.iss").read_text()
    icons = iss.split("[Icons]", 1)[1].split("\n[", 1)[0]
    shortcuts = [line for line in icons.splitlines() if line.startswith("Name:")]
    assert len(shortcuts) == 2
    assert all(f'AppUserModelID: "{APP_ID}"' in line for line in shortcuts)
