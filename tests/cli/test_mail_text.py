"""Keeping the text of captured emails (issue 19.7): with the event in the database and its backups,
never in logs; export leaves it out unless --with-mail; the setting turns keeping off; forget-mail
deletes it; an exported file with mail brings it back on import."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.capture_fixtures import CASE_A, CASES_DOC, REPLY_EN

SECRET_WORDS = "The new linked service works and the copy finished overnight"


@pytest.fixture
def captured(cli, tmp_path, data_dir):
    doc = tmp_path / "cases.json"
    doc.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(doc)).code == 0
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY_EN)
    result = cli("capture", str(reply))
    assert result.code == 0, result.err
    return cli


def _kept(data_dir) -> list[tuple[str, str, int]]:
    from deskcomms.paths import resolve

    conn = sqlite3.connect(resolve(str(data_dir)).database)
    try:
        return list(conn.execute("SELECT reply, body, ours FROM mail_text"))
    finally:
        conn.close()


def test_the_reply_without_its_quote_is_kept_with_the_event(captured, data_dir):
    (reply, body, ours), *_ = _kept(data_dir)
    assert SECRET_WORDS in reply
    assert "Please try the attached linked service" not in reply  # the quoted thread is cut
    assert "Please try the attached linked service" in body  # the whole body as read
    assert ours == 0


def test_mail_text_never_reaches_the_log(captured, data_dir):
    logs = "".join(p.read_text(errors="replace") for p in data_dir.rglob("*.log*") if p.is_file())
    assert logs  # the capture was logged...
    assert "linked service" not in logs  # ...without its words


def test_export_leaves_mail_out_unless_asked(captured):
    plain = captured("export")
    assert plain.code == 0
    assert "linked service" not in plain.out and '"mail"' not in plain.out
    full = json.loads(captured("export", "--with-mail").out)
    events = [e for c in full["cases"] for e in c["events"] if "mail" in e]
    assert len(events) == 1
    mail = events[0]["mail"]
    assert set(mail) == {"message_id", "from", "subject", "reply", "text"}
    assert SECRET_WORDS in mail["reply"] and mail["from"] == "alex@fabrikam.example"


def test_an_export_with_mail_imports_back_with_its_text_and_no_duplicate(captured, tmp_path, cli, data_dir):
    path = tmp_path / "with-mail.json"
    assert captured("export", "--with-mail", str(path)).code == 0
    assert cli("forget-mail", CASE_A).code == 0
    assert _kept(data_dir) == []
    # Into an empty data folder: the events and their text arrive.
    other = tmp_path / "other"
    result = cli("--data-dir", str(other), "import", str(path))
    assert result.code == 0, result.err
    exported = json.loads(cli("--data-dir", str(other), "export", "--with-mail").out)
    assert any(SECRET_WORDS in e.get("mail", {}).get("reply", "") for c in exported["cases"] for e in c["events"])
    assert all(
        "mail" not in e for c in json.loads(cli("--data-dir", str(other), "export").out)["cases"] for e in c["events"]
    )


def test_forget_mail_deletes_the_text_and_keeps_the_events(captured, data_dir):
    before = json.loads(captured("export").out)
    result = captured("forget-mail", CASE_A)
    assert result.code == 0 and "forgot the text of 1 email" in result.out
    assert _kept(data_dir) == []
    assert json.loads(captured("export").out)["cases"] == before["cases"]


def test_forget_mail_of_an_unknown_case_is_bad_input(captured):
    result = captured("forget-mail", "999")
    assert result.code == 2 and "no case 999" in result.err


def test_the_text_is_in_the_backups(captured, data_dir):
    assert captured("backup").code == 0
    from deskcomms.paths import resolve

    backup = sorted((resolve(str(data_dir)).database.parent / "backups").glob("*manual*"))[-1]
    conn = sqlite3.connect(backup)
    try:
        assert SECRET_WORDS in conn.execute("SELECT reply FROM mail_text").fetchone()[0]
    finally:
        conn.close()


def test_keeping_off_records_the_event_without_its_text(cli, tmp_path, data_dir):
    doc = dict(CASES_DOC)
    doc["settings"] = {**CASES_DOC.get("settings", {}), "keep_mail_text": "off"}
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY_EN)
    assert cli("capture", str(reply)).code == 0
    assert _kept(data_dir) == []
    assert "customer_replied" in cli("export").out


def test_importing_the_export_again_restores_forgotten_text_without_duplicating_events(captured, tmp_path, data_dir):
    path = tmp_path / "with-mail.json"
    assert captured("export", "--with-mail", str(path)).code == 0
    events_before = json.loads(captured("export").out)["cases"]
    assert captured("forget-mail", CASE_A).code == 0
    result = captured("import", str(path))
    assert result.code == 0 and "0 event(s) added" in result.out
    assert json.loads(captured("export").out)["cases"] == events_before
    assert len(_kept(data_dir)) == 1
