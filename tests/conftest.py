"""Shared test set-up: offscreen Qt before any QApplication, an isolated data folder, a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("DESKCOMMS_HOME", None)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

FORMATS_EXAMPLE = {
    "format": "deskcomms",
    "version": 1,
    "settings": {
        "timezone": "America/New_York",
        "workdays": [1, 2, 3, 4, 5],
        "work_start": "08:00",
        "work_end": "17:00",
        "holiday_country": "US",
        "holiday_subdiv": None,
        "days_off": ["2026-12-24"],
    },
    "profile": {
        "name": "Jane Smith",
        "email": "jane@example.com",
        "title": "Support Engineer",
        "team": "Data Movement",
        "phone": "+1 704 555 9988",
        "company": "Contoso",
        "manager_name": "Lee Park",
        "manager_email": "lee@example.com",
        "support_cc": "support@mail.support.microsoft.com",
    },
    "cases": [
        {
            "number": "2411220010001234",
            "title": "Copy activity fails with timeout",
            "technology": "Data Factory",
            "playbook": "css",
            "opened_at": "2026-11-23T09:10:00-05:00",
            "customer": {
                "name": "Alex Doe",
                "email": "alex@customer.example",
                "phone": "+1 555 0100",
                "timezone": "America/Chicago",
                "preferred_channel": "email",
                "premier": False,
                "do_not_contact": False,
            },
            "tam": {"name": "Sam Roe", "email": "sam@example.com"},
            "events": [
                {"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"},
                {
                    "at": "2026-11-23T10:00:00-05:00",
                    "kind": "pending_research",
                    "eta": "2026-11-24T12:00:00-05:00",
                },
            ],
        }
    ],
}


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    return folder


@pytest.fixture
def cli(data_dir: Path, capsys):
    """Run a deskcomms command in-process against the test's data folder."""
    from deskcomms import cli as cli_module

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = cli_module.run(["--data-dir", str(data_dir), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def deskcomms_exe() -> list[str]:
    exe = shutil.which("deskcomms", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "deskcomms"]


def run_process(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    proc = subprocess.run(
        [*deskcomms_exe(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "example.json"
    path.write_text(json.dumps(FORMATS_EXAMPLE, indent=2))
    return path


@pytest.fixture(autouse=True)
def _clear_clipboard_at_teardown(request):
    """PySide6 under offscreen segfaults at exit if the clipboard still holds our data ."""
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.clipboard().clear()


def build_cases(specs, opened="2026-11-23T09:00:00-05:00"):
    """Cases from (number, customer, events) triples, for UI tests."""
    from deskcomms.core.interchange import parse_case

    cases = []
    for number, customer, events in specs:
        cases.append(
            parse_case(
                {
                    "number": number,
                    "title": f"Problem {number}",
                    "technology": "Data Factory",
                    "playbook": "css",
                    "opened_at": opened,
                    "customer": {"name": customer, "email": "c@example.com", "timezone": "America/Chicago"},
                    "events": events,
                },
                "case",
            )
        )
    return cases
