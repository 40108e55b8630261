"""``deskcomms capture``: a mix of inputs recorded on the right cases at their own time, once; bad input
records nothing; real Outlook files written by others are read."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.capture_fixtures import (
    CASE_A,
    CASE_B,
    CASE_C,
    CASES_DOC,
    ENGINEER,
    NY,
    OOF_DE,
    OOF_FR,
    REPLY_EN,
    eml,
    msg_file,
)

REAL_MSG = Path(__file__).resolve().parent.parent / "data" / "real-msg" / "failure-notice.msg"


@pytest.fixture
def imported(cli, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(path)).code == 0
    return cli


@pytest.fixture
def mail(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "mail"
    folder.mkdir()
    files = {
        "reply.txt": REPLY_EN.encode(),
        "oof_de.txt": OOF_DE.encode(),
        "oof_fr.txt": OOF_FR.encode(),
        "sent.eml": eml(
            f"Jane Smith <{ENGINEER}>",
            f"Information needed to continue: Synapse pipeline times out after 2 hours - Case {CASE_B}",
            "Hello Jonas, please send the run id.\n",
            datetime(2026, 11, 30, 14, 5, tzinfo=NY),
            to="jonas.weber@contoso-de.example",
        ),
        "customer.msg": msg_file(
            "Alex Doe",
            "alex@fabrikam.example",
            f"RE: ADLS Gen2 copy fails - Case {CASE_A}",
            "Here is the run id you asked for: 8b1f.\n",
            datetime(2026, 11, 27, 11, 0, tzinfo=NY),
            message_id="<run-id@fabrikam.example>",
        ),
        "lunch.msg": msg_file(
            "Sam Roe", "sam@elsewhere.example", "Lunch on Friday?", "Free?\n", datetime(2026, 11, 27, 12, 0, tzinfo=NY)
        ),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def rows(result):
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def events(cli):
    return {c["number"]: c["events"] for c in cli("export").json()["cases"]}


def test_a_mix_is_recorded_on_the_right_cases_at_their_own_time_and_once(imported, mail):
    files = [str(p) for p in mail.values()]
    first = {Path(r["file"]).name: r for r in rows(imported("capture", "--json", *files))}
    assert first["reply.txt"] == {
        "file": str(mail["reply.txt"]),
        "case": CASE_A,
        "kind": "customer_replied",
        "at": "2026-12-01T15:04:00-05:00",
        "until": None,
        "result": "recorded",
        "offer": "confirmation_received",
    }
    assert (first["oof_de.txt"]["case"], first["oof_de.txt"]["kind"], first["oof_de.txt"]["until"]) == (
        CASE_B,
        "out_of_office",
        "2026-12-14",
    )
    assert (first["oof_fr.txt"]["case"], first["oof_fr.txt"]["until"]) == (CASE_C, "2026-12-09")
    assert (first["sent.eml"]["case"], first["sent.eml"]["kind"], first["sent.eml"]["at"]) == (
        CASE_B,
        "email_sent",
        "2026-11-30T14:05:00-05:00",
    )
    assert (first["customer.msg"]["case"], first["customer.msg"]["at"]) == (CASE_A, "2026-11-27T11:00:00-05:00")
    assert first["lunch.msg"]["result"] == "no case"

    recorded = events(imported)
    sent = [e for e in recorded[CASE_B] if e["kind"] == "email_sent"]
    assert sent == [
        {
            "at": "2026-11-30T14:05:00-05:00",
            "kind": "email_sent",
            "template": "pending_info_reminder",
            "message_id": sent[0]["message_id"],
            "fingerprint": sent[0]["fingerprint"],  # the same email in another form is recorded once
        }
    ]
    assert not any(e["kind"] == "confirmation_received" for e in recorded[CASE_A])  # offered, never recorded

    again = {Path(r["file"]).name: r for r in rows(imported("capture", "--json", *files))}
    assert {r["result"] for r in again.values()} == {"already recorded", "no case"}
    assert (again["oof_de.txt"]["kind"], again["oof_de.txt"]["until"]) == ("out_of_office", "2026-12-14")
    assert events(imported) == recorded


def test_random_bytes_named_eml_exit_2_and_the_rest_of_the_batch_is_recorded(imported, mail, tmp_path):
    """Issue 18: one bad file no longer costs the good ones; it is named as not recorded (exit 2)."""
    junk = tmp_path / "junk.eml"
    junk.write_bytes(os.urandom(5000))
    before = events(imported)
    result = imported("capture", str(mail["reply.txt"]), str(junk))
    assert result.code == 2
    assert f"{junk}: not recorded: " in result.err
    assert "Traceback" not in result.err
    added = [e for e in events(imported)[CASE_A] if e not in before[CASE_A]]
    assert [e["kind"] for e in added] == ["customer_replied"]


def test_unreadable_msg_exit_2(imported, tmp_path):
    broken = tmp_path / "broken.msg"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = imported("capture", str(broken))
    assert result.code == 2
    assert "broken.msg" in result.err and "Outlook .msg" in result.err


def test_msg_without_any_case_number_is_no_case(imported, mail):
    assert rows(imported("capture", "--json", str(mail["lunch.msg"]))) == [
        {
            "file": str(mail["lunch.msg"]),
            "case": None,
            "kind": None,
            "at": "2026-11-27T12:00:00-05:00",
            "until": None,
            "result": "no case",
        }
    ]


def test_a_real_outlook_msg_written_by_others_is_no_case(imported):
    [row] = rows(imported("capture", "--json", str(REAL_MSG)))
    assert (row["result"], row["case"], row["at"]) == ("no case", None, "2017-11-27T04:44:30-05:00")


def test_standard_input(imported, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(OOF_FR.encode())))
    [row] = rows(imported("capture", "--json", "-"))
    assert (row["file"], row["case"], row["kind"], row["until"]) == ("-", CASE_C, "out_of_office", "2026-12-09")


def test_dry_run_writes_nothing(imported, mail):
    before = events(imported)
    [row] = rows(imported("capture", "--json", "--dry-run", str(mail["reply.txt"])))
    assert row["result"] == "would be recorded"
    assert events(imported) == before


def test_create_makes_the_case_from_the_email(imported, tmp_path):
    path = tmp_path / "new.eml"
    path.write_bytes(
        eml(
            "Priya Natarajan <priya@northwind.example>",
            "FW: [Case#:2612010010003344] Event Hubs capture stops writing Avro files",
            "Hello, capture stopped at 02:00 UTC.\n",
            datetime(2026, 12, 1, 9, 12, tzinfo=NY),
        )
    )
    assert rows(imported("capture", "--json", str(path)))[0]["result"] == "no case"
    [row] = rows(imported("capture", "--json", "--create", str(path)))
    assert (row["case"], row["result"], row["kind"]) == ("2612010010003344", "created", "opened")
    case = next(c for c in imported("export").json()["cases"] if c["number"] == "2612010010003344")
    assert case["title"] == "Event Hubs capture stops writing Avro files"
    assert (case["customer"]["name"], case["customer"]["email"]) == ("Priya Natarajan", "priya@northwind.example")
    assert case["opened_at"] == "2026-12-01T09:12:00-05:00"
    assert rows(imported("capture", "--json", "--create", str(path)))[0]["result"] == "already recorded"


def test_own_email_with_a_templates_subject_records_that_templates_event(imported, tmp_path):
    path = tmp_path / "strike.eml"
    path.write_bytes(
        eml(
            ENGINEER,
            f"Following up: ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation - Case {CASE_A}",
            "Hello Alex, I have not heard back.\n",
            datetime(2026, 11, 30, 9, 0, tzinfo=NY),
            to="alex@fabrikam.example",
        )
    )
    [row] = rows(imported("capture", "--json", str(path)))
    assert (row["case"], row["kind"]) == (CASE_A, "strike_sent")
    strike = [e for e in events(imported)[CASE_A] if e["kind"] == "strike_sent"]
    assert strike[0]["n"] == 1


def test_the_playbooks_objection_records_nothing_unless_forced(imported, tmp_path, mail):
    assert imported("log", CASE_A, "closed", "--at", "2026-11-26T10:00:00-05:00", "--force").code == 0
    before = events(imported)
    result = imported("capture", str(mail["reply.txt"]))
    assert result.code == 2 and "closed" in result.err
    assert events(imported) == before
    forced = rows(imported("capture", "--json", "--force", str(mail["reply.txt"])))
    assert forced[0]["result"] == "recorded"
    reply = [e for e in events(imported)[CASE_A] if e["kind"] == "customer_replied"][-1]
    assert reply["forced"] is True


def test_import_and_export_keep_message_id_and_log_refuses_a_hand_made_one(imported, mail, tmp_path):
    # A hand-made message_id would make the real email look already recorded: only capture sets it.
    refused = imported("log", CASE_A, "customer_replied", "message_id=<m-7@x.example>")
    assert refused.code == 2 and "message_id" in refused.err
    assert imported("capture", *map(str, mail.values())).code == 0
    doc = imported("export").json()
    assert any(e.get("message_id") for c in doc["cases"] for e in c["events"])
    path = tmp_path / "again.json"
    path.write_text(json.dumps(doc))
    assert "0 event(s) added" in imported("import", str(path)).out


def test_capture_never_imports_qt(imported, mail, data_dir):
    code = (
        "import sys; from deskcomms.__main__ import main\n"
        f"rc = main({['--data-dir', str(data_dir), 'capture', '--dry-run', *map(str, mail.values())]!r})\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'jinja2')))\n"
        "print('LOADED', bad); sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout


def test_bodies_stay_out_of_the_log(imported, mail, data_dir):
    imported("--verbose", "capture", *map(str, mail.values()))
    logs = "".join(p.read_text() for p in (data_dir / "logs").glob("*"))
    assert "captured" in logs
    for secret in ("8b1f", "linked service", "Ich bin bis", "alex@fabrikam.example", "ADLS Gen2"):
        assert secret not in logs


# ----- hostile emails: refused whole (exit 2) or made safe; never a traceback, a hang or a bad value ------


def raw_eml(date: str, subject: str = f"RE: Case {CASE_A} update", sender: str = "Alex <alex@fabrikam.example>"):
    return (
        f"From: {sender}\r\nTo: {ENGINEER}\r\nSubject: {subject}\r\nDate: {date}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nThanks.\r\n"
    ).encode()


@pytest.mark.parametrize(
    "date",
    ["Fri, 31 Dec 9999 23:59:59 -1200", "Mon, 01 Jan 0001 00:00:00 +1400", "Tue, 24 Nov 1950 10:00:00 -0500"],
)
def test_an_email_dated_out_of_reach_is_refused(imported, tmp_path, date):
    path = tmp_path / "dated.eml"
    path.write_bytes(raw_eml(date))
    before = imported("export").out
    result = imported("capture", str(path))
    assert result.code == 2 and "dated.eml" in result.err and "Traceback" not in result.err
    assert imported("export").out == before


def test_control_characters_in_a_subject_never_reach_the_case(imported, tmp_path):
    path = tmp_path / "evil.eml"
    subject = "=?utf-8?q?Case_2611010010000001_-_=1B]0;pwn=07_copy_fails_=1B[2J?="
    path.write_bytes(raw_eml("Tue, 24 Nov 2026 10:00:00 -0500", subject=subject, sender="Mallory <m@evil.example>"))
    assert imported("capture", "--create", str(path)).code == 0
    doc = imported("export").json()
    (case,) = [c for c in doc["cases"] if c["number"] == "2611010010000001"]
    assert "\x1b" not in case["title"] and "\x07" not in case["title"]
    again = tmp_path / "again.json"
    again.write_text(json.dumps(doc))
    assert imported("import", str(again)).code == 0  # what capture stored, import accepts


def test_deep_nesting_and_thousands_of_parts_are_refused_quickly(imported, tmp_path):
    nested = tmp_path / "nested.eml"
    head = f"From: alex@fabrikam.example\r\nTo: {ENGINEER}\r\nSubject: x\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n"
    body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(3000))
    nested.write_bytes((head + body).encode())
    result = imported("capture", str(nested))
    assert result.code == 2 and "nested.eml" in result.err
    parts = tmp_path / "parts.eml"
    many = "".join("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(5000))
    parts.write_bytes((head + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + many + "--b--\r\n").encode())
    result = imported("capture", str(parts))
    assert result.code == 2 and "parts" in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_pipes_and_devices_are_refused(imported, tmp_path):
    fifo = tmp_path / "fifo.eml"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/zero"):
        result = imported("capture", target)
        assert result.code == 2 and "regular file" in result.err


def test_two_captures_of_one_email_racing_report_one_recorded(imported, mail, data_dir):
    """Both planned before either wrote: the one that writes second says 'already recorded'."""
    from zoneinfo import ZoneInfo

    from deskcomms.desk import Desk
    from deskcomms.desk.capturing import ALREADY, RECORDED, Planner, commit, read_paths

    reply = str(next(p for name, p in mail.items() if "reply" in name))
    results = []
    desks = [Desk.open(data_dir / "deskcomms.sqlite3") for _ in range(2)]
    try:
        plans = [Planner(d).plan_all(read_paths([reply], None, ZoneInfo("America/New_York"))) for d in desks]
        for desk, planned in zip(desks, plans, strict=True):
            commit(desk, planned)
            results.append(planned[0].result)
    finally:
        for desk in desks:
            desk.close()
    assert results == [RECORDED, ALREADY]
