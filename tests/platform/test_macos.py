"""The macOS seam, driven on any system against a fake ``subprocess.run`` for open and launchctl."""

from __future__ import annotations

import os
import plistlib
from pathlib import Path

import pytest

from deskcomms.platform import for_system
from deskcomms.platform.macos import MacPlatform

from .fakes import Calls

DRAFT = Path("/Users/jmuller/Library/Caches/deskcomms/2411220010001234-status_update.eml")


def mac(tmp_path: Path, calls: Calls, outlook: bool = False) -> MacPlatform:
    apps = {Path("/Applications/Microsoft Outlook.app")} if outlook else set()
    return MacPlatform(run=calls.run, spawn=calls.spawn, home=tmp_path, uid=lambda: 501, exists=lambda p: p in apps)


def test_sys_platform_darwin_picks_the_mac_seam():
    assert isinstance(for_system("darwin"), MacPlatform)


def test_start_at_login_writes_a_launch_agent_and_enables_it(tmp_path):
    calls = Calls()
    seam = mac(tmp_path, calls)
    assert not seam.autostart_enabled()

    seam.set_autostart(True, ["/Applications/deskcomms.app/Contents/MacOS/deskcomms"])

    agent = tmp_path / "Library" / "LaunchAgents" / "io.github.deskcomms.DeskComms.plist"
    loaded = plistlib.loads(agent.read_bytes())
    assert loaded["Label"] == "io.github.deskcomms.DeskComms"
    assert loaded["ProgramArguments"] == ["/Applications/deskcomms.app/Contents/MacOS/deskcomms"]
    assert loaded["RunAtLoad"] is True
    assert calls.commands == [["launchctl", "enable", "gui/501/io.github.deskcomms.DeskComms"]]
    assert seam.autostart_enabled()

    seam.set_autostart(False)
    assert not agent.exists() and not seam.autostart_enabled()
    # "disable", never "bootout": the copy running now must not be stopped.
    assert calls.commands[-1] == ["launchctl", "disable", "gui/501/io.github.deskcomms.DeskComms"]


def test_a_missing_launchctl_does_not_stop_the_plist(tmp_path):
    seam = mac(tmp_path, Calls(fail_to_start=True))
    seam.set_autostart(True, ["/usr/local/bin/deskcomms"])
    assert seam.autostart_enabled()


def test_a_draft_opens_in_outlook_when_it_is_installed(tmp_path):
    calls = Calls()
    opened = mac(tmp_path, calls, outlook=True).open_draft(DRAFT)
    assert opened.ok and opened.how == "Outlook"
    assert calls.commands == [["open", "-a", "Microsoft Outlook", str(DRAFT)]]


def test_without_outlook_the_draft_goes_to_the_default_mail_app(tmp_path):
    calls = Calls()
    opened = mac(tmp_path, calls).open_draft(DRAFT)
    assert opened.ok and opened.how == "the default mail app"
    assert calls.commands == [["open", str(DRAFT)]]


def test_a_failing_open_reports_its_message(tmp_path):
    calls = Calls(returncode=1, stderr="No application knows how to open URL file:///x.eml.\n")
    opened = mac(tmp_path, calls).open_path(DRAFT)
    assert not opened and opened.reason == "No application knows how to open URL file:///x.eml."


def test_reveal_uses_open_dash_r(tmp_path):
    calls = Calls()
    assert mac(tmp_path, calls).reveal(DRAFT).how == "Finder"
    assert calls.commands == [["open", "-R", str(DRAFT)]]


@pytest.mark.skipif(os.name != "posix", reason="real POSIX file modes on the test machine's disk")
def test_privacy_on_macos_is_posix_modes(tmp_path):
    seam = mac(tmp_path, Calls())
    folder = tmp_path / "Application Support" / "deskcomms"
    seam.make_private_dir(folder)
    database = folder / "deskcomms.sqlite3"
    database.write_text("x")
    seam.make_private_file(database)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    assert "Application Support" in seam.privacy_note
