"""The command line: import/export/log, exit statuses, and start-up without Qt."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

from tests.conftest import FORMATS_EXAMPLE, run_process

CASE = "2411220010001234"


def test_version(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("deskcomms ")


def test_example_imports_exports_unchanged_and_reimports_without_duplicates(cli, example_file, tmp_path):
    assert cli("import", str(example_file)).code == 0
    out = tmp_path / "out.json"
    assert cli("export", str(out)).code == 0
    assert json.loads(out.read_text()) == FORMATS_EXAMPLE
    again = cli("import", str(out))
    assert again.code == 0
    assert "0 event(s) added, 2 already there" in again.out
    assert cli("export").json() == FORMATS_EXAMPLE


def test_export_import_export_is_stable(cli, example_file, tmp_path, data_dir):
    cli("import", str(example_file))
    cli("log", CASE, "note", "text=remember the proxy", "--at", "2026-11-23T11:00:00-05:00")
    first = cli("export").out
    other = tmp_path / "other"
    from deskcomms import cli as cli_module

    path = tmp_path / "first.json"
    path.write_text(first)
    assert cli_module.run(["--data-dir", str(other), "import", str(path)]) == 0
    assert cli_module.run(["--data-dir", str(other), "export", str(tmp_path / "second.json")]) == 0
    assert json.loads((tmp_path / "second.json").read_text()) == json.loads(first)


def test_bad_instant_deep_inside_exits_2_and_writes_nothing(cli, tmp_path, data_dir):
    data = json.loads(json.dumps(FORMATS_EXAMPLE))
    data["cases"].append(
        dict(
            data["cases"][0],
            number="2",
            events=[
                {"at": "2026-11-23T09:40:00-05:00", "kind": "note", "text": "fine"},
                {"at": "2026-11-31T09:40:00-05:00", "kind": "note", "text": "bad"},
            ],
        )
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = cli("import", str(path))
    assert result.code == 2
    assert "cases[1].events[1].at" in result.err
    assert "Traceback" not in result.err
    assert cli("export").json()["cases"] == []


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 4, "not UTF-8"),
        (b"[1, 2, 3]", "got a list"),
        (b'{"format": "outlook", "version": 1}', 'expected "deskcomms"'),
        (b'{"format": "deskcomms"', "not valid JSON"),
        (b"", "not valid JSON"),
    ],
)
def test_junk_files_exit_2_with_a_message(cli, tmp_path, content, words):
    path = tmp_path / "junk"
    path.write_bytes(content)
    result = cli("import", str(path))
    assert result.code == 2
    assert words in result.err


def test_missing_file_and_bad_usage_exit_2(cli):
    assert cli("import", "/no/such/file.json").code == 2
    assert cli("frobnicate").code == 2
    assert cli("log").code == 2


def test_log_records_an_event_with_its_fields(cli, example_file):
    cli("import", str(example_file))
    result = cli("log", CASE, "eta_set", "eta=2026-11-25T12:00:00-05:00", "--at", "2026-11-24T09:00:00-05:00")
    assert result.code == 0, result.err
    events = cli("export").json()["cases"][0]["events"]
    assert events[-1] == {
        "at": "2026-11-24T09:00:00-05:00",
        "kind": "eta_set",
        "eta": "2026-11-25T12:00:00-05:00",
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["nope", "note", "text=x"], "no case nope"),
        ([CASE, "teleported"], "unknown event kind"),
        ([CASE, "eta_set"], "needs eta"),
        ([CASE, "note", "text=x", "colour=red"], "no field 'colour'"),
        ([CASE, "note", "text"], "FIELD=VALUE"),
        ([CASE, "note", "text=x", "--at", "yesterday"], "--at"),
    ],
)
def test_log_refuses_bad_events_and_writes_nothing(cli, example_file, data_dir, args, words):
    cli("import", str(example_file))
    result = cli("log", *args)
    assert result.code == 2
    assert words in result.err
    conn = sqlite3.connect(data_dir / "deskcomms.sqlite3")
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2


def test_data_dir_from_environment(tmp_path, example_file):
    home = tmp_path / "home"
    result = run_process("import", str(example_file), env={"DESKCOMMS_HOME": str(home)})
    assert result.code == 0, result.err
    assert (home / "deskcomms.sqlite3").exists()


@pytest.mark.parametrize("args", [["--version"], ["export"], ["log", CASE, "note", "text=x"]])
def test_commands_without_a_window_never_import_qt(tmp_path, example_file, args):
    data = tmp_path / "d"
    run_process("--data-dir", str(data), "import", str(example_file))
    code = (
        "import sys; from deskcomms.__main__ import main\n"
        f"rc = main({['--data-dir', str(data), *args]!r})\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'jinja2')))\n"
        "print('LOADED', bad); sys.exit(rc)\n"
    )
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout


@pytest.mark.parametrize(
    ("argv", "command", "commands_loaded"),
    [
        (["--data-dir", "d", "--smoke-test"], None, False),  # the window: its options only
        (["--screenshot", "due", "--smoke-test"], None, False),  # a file named like a command is a value
        (["--data-dir", "d", "due", "--json"], "due", True),
        (["--data", "d", "export"], "export", True),  # an abbreviated option: the whole parser decides
        (["-v", "log", CASE, "note", "text=x"], "log", True),
    ],
)
def test_opening_the_window_parses_without_loading_the_commands(argv, command, commands_loaded):
    code = (
        "import sys, json; from deskcomms.cli import parse_arguments\n"
        f"args = parse_arguments({argv!r})\n"
        "print(json.dumps([getattr(args, 'command', None), 'deskcomms.cli.check' in sys.modules]))\n"
    )
    import json
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [command, commands_loaded]


def test_help_without_a_command_still_lists_every_command(capsys):
    from deskcomms.cli import run

    with pytest.raises(SystemExit):
        run(["--help"])
    shown = capsys.readouterr().out
    assert all(name in shown for name in ("import", "due", "capture", "check", "log"))


def test_internal_errors_exit_1_without_a_traceback(cli, monkeypatch):

    def boom(args, paths):
        raise RuntimeError("simulated bug")

    from deskcomms.cli import data

    monkeypatch.setattr(data, "cmd_export", boom)
    result = cli("export")
    assert result.code == 1
    assert "internal error" in result.err
    assert "Traceback" not in result.err


def test_a_field_on_the_wrong_event_names_the_event_that_carries_it(cli, example_file):
    assert cli("import", str(example_file)).code == 0
    result = cli("log", "2411220010001234", "email_sent", "eta=2026-12-08T09:00:00-05:00")
    assert result.code == 2
    assert "email_sent has no field 'eta'" in result.err and "eta_set eta=" in result.err


def test_export_dash_writes_to_standard_output(cli, example_file, tmp_path, monkeypatch):
    assert cli("import", str(example_file)).code == 0
    monkeypatch.chdir(tmp_path)
    result = cli("export", "-")
    assert result.code == 0 and '"format": "deskcomms"' in result.out
    assert not (tmp_path / "-").exists()


def test_the_app_ends_at_once_after_saving_everything_and_keeps_its_exit_code(tmp_path, example_file):
    import os
    import subprocess

    data = tmp_path / "d"
    run_process("--data-dir", str(data), "import", str(example_file))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = [sys.executable, "-m", "deskcomms", "--data-dir", str(data), "--smoke-test"]
    done = subprocess.run(app, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "app started" in (data / "logs" / "deskcomms.log").read_text()  # the log was flushed
    assert not (data / "deskcomms.sqlite3-wal").exists()  # the database was closed (its WAL folded in) first
    unwritable = tmp_path / "no-such-folder" / "shot.png"
    failed = subprocess.run([*app, "--screenshot", str(unwritable)], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "could not save" in failed.stderr
