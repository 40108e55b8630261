"""Issue 18: what capture must read as the same email, keep apart, and say plainly.

Message-IDs kept whole (two replies never collide), every valid .eml form, standard input read only
when named, file names never obeyed by the terminal, and the hint for a sender with several cases.
"""

from __future__ import annotations

import io
import json
import sys

import pytest

from tests.capture_fixtures import CASE_A, CASE_B, CASES_DOC, ENGINEER, REPLY_EN


@pytest.fixture
def imported(cli, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(path)).code == 0
    return cli


def rows(result):
    return [json.loads(line) for line in result.out.splitlines()]


def eml(message_id: str, *, minute: int = 0, extra: str = "") -> bytes:
    return (
        f"From: Alex <alex@fabrikam.example>\r\nTo: {ENGINEER}\r\nSubject: RE: Case {CASE_A} update\r\n"
        f"Date: Tue, 24 Nov 2026 10:{minute:02d}:00 -0500\r\nMessage-ID: {message_id}\r\n{extra}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThanks.\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("<tkt:1001@crm.example>", "<tkt:1002@crm.example>"),
        ("<a,1@x.example>", "<a,2@x.example>"),
        ("<a;1@x.example>", "<a;2@x.example>"),
        ("<a 1@x.example>", "<a 2@x.example>"),
        ('<"a"1@x.example>', '<"a"2@x.example>'),
    ],
)
def test_distinct_message_ids_are_distinct_emails(imported, tmp_path, first, second):
    one, two = tmp_path / "one.eml", tmp_path / "two.eml"
    one.write_bytes(eml(first))
    two.write_bytes(eml(second, minute=5))
    assert [r["result"] for r in rows(imported("capture", "--json", str(one), str(two)))] == ["recorded"] * 2
    stored = [e.get("message_id") for e in imported("export").json()["cases"][0]["events"] if "message_id" in e]
    assert stored == [first, second]
    assert [r["result"] for r in rows(imported("capture", "--json", str(two)))] == ["already recorded"]


PLAIN = eml("<forms@fabrikam.example>")


@pytest.mark.parametrize(
    "data",
    [
        b"From alex@fabrikam.example Tue Nov 24 15:00:00 2026\n" + PLAIN,
        b"\xef\xbb\xbf" + PLAIN,
        PLAIN.decode().encode("utf-16"),
        PLAIN.decode().encode("utf-16-le"),
    ],
    ids=["mbox From line", "UTF-8 BOM", "UTF-16 with BOM", "UTF-16 LE without BOM"],
)
def test_every_valid_eml_form_is_read_as_the_eml(imported, tmp_path, data):
    path = tmp_path / "form.eml"
    path.write_bytes(data)
    [row] = rows(imported("capture", "--json", str(path)))
    assert (row["result"], row["case"], row["at"]) == ("recorded", CASE_A, "2026-11-24T10:00:00-05:00")


def test_an_eml_whose_mime_headers_come_late_is_decoded(imported, tmp_path):
    """More than 16 KB of headers before Content-Type: still an .eml (encoded words and QP decoded)."""
    relays = "".join(f"Comments: hop {i} " + "x" * 80 + "\r\n" for i in range(250))
    data = (
        f"From: Alex <alex@fabrikam.example>\r\nSent: Tuesday\r\nTo: {ENGINEER}\r\n"
        f"Subject: =?utf-8?q?Caf=C3=A9_case_{CASE_A}?=\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n{relays}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "\r\nCaf=C3=A9 works now.\r\n"
    ).encode()
    from zoneinfo import ZoneInfo

    from deskcomms.core.capture import read_email

    email = read_email(data, "late.eml", ZoneInfo("UTC"))
    assert email.subject == f"Café case {CASE_A}" and email.body.strip() == "Café works now."


def test_capture_of_a_file_with_standard_input_closed(imported, tmp_path, monkeypatch):
    path = tmp_path / "reply.txt"
    path.write_text(REPLY_EN)
    monkeypatch.setattr(sys, "stdin", None)  # what Python gives a program started with stdin closed
    result = imported("capture", "--json", str(path))
    assert result.code == 0, result.err
    assert rows(result)[0]["result"] == "recorded"
    result = imported("capture", "-")
    assert result.code == 2 and "standard input is closed" in result.err and "internal error" not in result.err


def test_standard_input_named_twice_says_so(imported, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPLY_EN.encode())))
    result = imported("capture", "-", "-")
    assert result.code == 2 and "only once" in result.err and "empty" not in result.err


def test_escape_sequences_in_file_names_are_not_sent_to_the_terminal(imported, tmp_path):
    good = tmp_path / "ok\x1b[2J\x1b]0;pwn\x07.eml"
    good.write_bytes(eml("<esc@x.example>"))
    bad = tmp_path / "bad\x1b[31m.eml"
    bad.write_bytes(b"\x00\x01 not mail")
    result = imported("capture", str(good), str(bad))
    assert result.code == 2
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    assert "\\x1b[2J" in result.out and "bad\\x1b[31m.eml: not recorded" in result.err


def test_a_sender_with_several_open_cases_gets_a_hint_that_says_so(imported, tmp_path):
    doc = json.loads(json.dumps(CASES_DOC))
    doc["cases"][1]["customer"]["email"] = "alex@fabrikam.example"  # Alex on two open cases
    shared = tmp_path / "shared.json"
    shared.write_text(json.dumps(doc))
    assert imported("import", str(shared)).code == 0
    path = tmp_path / "plain.eml"
    path.write_bytes(eml("<plain@x.example>").replace(f"RE: Case {CASE_A} update".encode(), b"Quick question"))
    result = imported("capture", str(path))
    assert result.code == 0, result.err
    assert "no open case of this sender" not in result.out
    assert "customer of 2 open cases" in result.out and CASE_A in result.out and CASE_B in result.out


# ----- what capture stores, export writes and import reads back ----------------------------------------


def test_an_email_of_1970_is_kept_at_an_instant_export_and_import_accept(imported, tmp_path):
    path = tmp_path / "epoch.eml"
    path.write_bytes(
        eml("<epoch@x.example>").replace(b"Tue, 24 Nov 2026 10:00:00 -0500", b"Thu, 1 Jan 1970 01:00:00 +0000")
    )
    [row] = rows(imported("capture", "--json", str(path)))
    assert row["result"] == "recorded" and "1970-01-01T01:00:00+00:00" in row["message"]
    assert row["at"].startswith("1970-01-")
    exported = imported("export")
    again = tmp_path / "again.json"
    again.write_text(exported.out)
    result = imported("import", str(again))
    assert result.code == 0, result.err
    [event] = [e for e in exported.json()["cases"][0]["events"] if e.get("message_id") == "<epoch@x.example>"]
    assert event["date_written"] == "1970-01-01T01:00:00+00:00"


def test_create_from_our_own_email_never_makes_us_the_customer(imported, tmp_path):
    path = tmp_path / "own.eml"
    number = "2612010010009999"
    path.write_bytes(
        (
            f"From: Jane <{ENGINEER}>\r\nTo: {ENGINEER}\r\nCc: Dana <dana@d.example>\r\n"
            f"Subject: Case {number} opened\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"
        ).encode()
    )
    assert imported("capture", "--create", str(path)).code == 0
    [case] = [c for c in imported("export").json()["cases"] if c["number"] == number]
    assert case["customer"]["email"] == "dana@d.example"


def test_a_title_too_long_to_draft_is_refused_at_import(imported, tmp_path):
    doc = json.loads(json.dumps(CASES_DOC))
    doc["cases"][0]["title"] = "x" * 1_000_000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    result = imported("import", str(path))
    assert result.code == 2 and "cases[0].title" in result.err and "too long for a case title" in result.err
