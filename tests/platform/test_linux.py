"""The freedesktop seam: XDG autostart, xdg-open with its exit statuses, the display check."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcomms.platform import current, for_system
from deskcomms.platform.linux import LinuxPlatform

from .fakes import Calls

DRAFT = Path("/tmp/2411220010001234-status_update.eml")


def linux(tmp_path: Path, calls: Calls, xdg_open: bool = True, **environ: str) -> LinuxPlatform:
    return LinuxPlatform(
        run=calls.run,
        spawn=calls.spawn,
        environ={"XDG_CONFIG_HOME": str(tmp_path / "config"), **environ},
        home=tmp_path,
        which=lambda name: "/usr/bin/xdg-open" if xdg_open else None,
    )


def test_other_systems_get_the_freedesktop_seam_and_the_choice_is_made_once():
    assert isinstance(for_system("linux"), LinuxPlatform)
    assert isinstance(for_system("freebsd14"), LinuxPlatform)
    assert current() is current()


def test_start_at_login_writes_an_xdg_autostart_entry(tmp_path):
    seam = linux(tmp_path, Calls())
    seam.set_autostart(True, ["/opt/deskcomms/deskcomms"])
    entry = tmp_path / "config" / "autostart" / "io.github.deskcomms.DeskComms.desktop"
    text = entry.read_text()
    assert "Exec=/opt/deskcomms/deskcomms\n" in text and "Type=Application" in text
    assert seam.autostart_enabled()
    seam.set_autostart(False)
    assert not entry.exists() and not seam.autostart_enabled()


def test_the_app_menu_toggle_uses_the_seam(tmp_path, monkeypatch):
    from deskcomms import autostart

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setattr("deskcomms.autostart.current", lambda: linux(tmp_path, Calls(), XDG_CONFIG_HOME=str(tmp_path)))
    autostart.set_enabled(True)
    assert autostart.is_enabled()
    assert (tmp_path / "autostart" / "io.github.deskcomms.DeskComms.desktop").exists()
    autostart.set_enabled(False)
    assert not autostart.is_enabled()


def test_xdg_open_success_and_a_handler_still_running_both_count_as_opened(tmp_path):
    calls = Calls()
    assert linux(tmp_path, calls).open_draft(DRAFT).ok
    assert calls.commands == [["xdg-open", str(DRAFT)]]
    assert linux(tmp_path, Calls(hangs=True)).open_draft(DRAFT).ok


@pytest.mark.parametrize(
    ("status", "reason"),
    [(3, "no application is set up to open .eml files here"), (4, "the application for .eml files failed")],
)
def test_xdg_open_failures_say_why(tmp_path, status, reason):
    opened = linux(tmp_path, Calls(returncode=status)).open_draft(DRAFT)
    assert not opened and reason in opened.reason


def test_reveal_opens_the_containing_folder(tmp_path):
    export = tmp_path / "export.json"
    export.write_text("{}")
    calls = Calls()
    assert linux(tmp_path, calls).reveal(export).ok
    assert calls.commands == [["xdg-open", str(tmp_path)]]


def test_a_display_is_an_x_or_wayland_session(tmp_path):
    assert not linux(tmp_path, Calls()).has_display()
    assert linux(tmp_path, Calls(), DISPLAY=":0").has_display()
    assert linux(tmp_path, Calls(), WAYLAND_DISPLAY="wayland-0").has_display()


@pytest.mark.parametrize(
    ("tray", "messages", "backend"), [(True, True, "tray"), (True, False, "banner"), (False, False, "banner")]
)
def test_reminders_use_tray_messages_only_where_they_show(tmp_path, tray, messages, backend):
    assert linux(tmp_path, Calls()).notification_backend(tray, messages) == backend
