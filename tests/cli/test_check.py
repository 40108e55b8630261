"""``deskcomms check``: the contract of issue 20 (output format, --json fields, exit 0/1/2, secrets
masked), the forms a draft comes in, and the case's kept mail as the coach's memory."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.capture_fixtures import CASE_A, CASES_DOC, NY, eml

GOOD = """Hello Alex,

The copy activity 4f6b2a1e-9c3d-4e8f-a2b1-7d6c5e4f3a2b of run 20261202-1130 failed with ErrorCode=2200 on
IR 5.44.8984.1 (build 19045.3803, node 10.20.30.40:8060).

Could you send me the diagnostic log of IR-NODE-02? I will review it by Thursday 10:00 EST.

Kind regards,

Jane Smith
jane@example.com | +1 (980) 776-7642
"""
BAD = """Hello <Customer>,

As I already said, the fix is in a later release. The password is Tr0ub4dor&3 for etl_svc.

Kind regards,
Jane
"""
QUESTION = (
    "Hi Jane,\n\nWill the fix also be deployed to the North Europe region?\n\nBest regards,\nAlex\n\n"
    "From: Jane Smith <jane@example.com>\nSent: Monday, November 30, 2026 10:12 AM\nTo: Alex Doe\n"
    "Subject: RE: copy fails\n\nIs the ODBC driver version 18.3 installed?\n"
)


@pytest.fixture
def imported(cli, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(path)).code == 0
    return cli


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def test_a_clean_draft_exits_0_and_prints_nothing(imported, tmp_path):
    result = imported("check", write(tmp_path, "good.txt", GOOD))
    assert (result.code, result.out, result.err) == (0, "", "")
    assert json.loads(imported("check", "--json", write(tmp_path, "good.txt", GOOD)).out) == []


def test_findings_one_a_line_with_the_quote_and_exit_1(imported, tmp_path):
    result = imported("check", write(tmp_path, "bad.txt", BAD))
    assert result.code == 1
    lines = result.out.splitlines()
    assert "not_personalized: a template placeholder is left «<Customer>»" in lines
    assert "negative_phrase: wording the customer may read as annoyance «As I already said»" in lines
    assert any(line.startswith("no_choice: ") for line in lines)
    password = [line for line in lines if line.startswith("personal_data: ")]
    assert password and "Tr0ub4dor&3" not in result.out and "•" in password[0]


def test_json_fields_and_source(imported, tmp_path):
    result = imported("check", "--json", write(tmp_path, "bad.txt", BAD))
    assert result.code == 1
    rows = json.loads(result.out)
    assert all(set(row) == {"rule", "message", "quote", "source"} for row in rows)
    by_rule = {row["rule"]: row for row in rows}
    assert by_rule["negative_phrase"]["source"].startswith("Service mindset")
    assert "Tr0ub4dor" not in result.out


def test_without_a_case_only_the_caseless_rules_run(imported, tmp_path):
    no_eta = "Hello,\n\nI am looking into it.\n\nKind regards,\nJane\n"
    assert imported("check", write(tmp_path, "d.txt", no_eta)).code == 0  # no greeting name, no ETA: needs a case
    result = imported("check", "--template", "initial_response", write(tmp_path, "d.txt", no_eta))
    assert result.code == 1 and result.out.startswith("fqr_progress: ")


def test_with_a_case_the_ball_and_the_customer_count(imported, tmp_path):
    draft = "Hello Priya,\n\nI am looking into the copy failure.\n\nKind regards,\nJane\n"
    result = imported("check", "--case", CASE_A, "--template", "status_next_steps", write(tmp_path, "d.txt", draft))
    assert result.code == 1
    assert "not_personalized: the greeting names someone other than the case's customer «Hello Priya,»" in result.out


def test_the_customers_captured_question_must_be_answered(imported, tmp_path):
    email = eml(
        "Alex Doe <alex@fabrikam.example>",
        f"RE: copy fails - Case {CASE_A}",
        QUESTION,
        datetime(2026, 12, 1, 15, 4, tzinfo=NY),
    )
    assert imported("capture", write(tmp_path, "q.eml", email)).code == 0
    result = imported("check", "--case", CASE_A, "--json", write(tmp_path, "good.txt", GOOD))
    rows = json.loads(result.out)
    unanswered = [r["quote"] for r in rows if r["rule"] == "unanswered_question"]
    assert unanswered == ["Will the fix also be deployed to the North Europe region?"]  # not the quoted one
    answer = GOOD.replace("Could you", "The fix will be deployed to the North Europe region on Friday. Could you")
    rows = json.loads(imported("check", "--case", CASE_A, "--json", write(tmp_path, "a.txt", answer)).out)
    assert not [r for r in rows if r["rule"] == "unanswered_question"]


def test_replying_to_a_file(imported, tmp_path):
    other = "Hello Jane,\n\nWhich version of the ODBC driver should we install on the gateway?\n\nThanks,\nAlex\n"
    email = eml(
        "Alex Doe <alex@fabrikam.example>",
        f"RE: copy fails - Case {CASE_A}",
        other,
        datetime(2026, 12, 1, 16, 4, tzinfo=NY),
    )
    result = imported(
        "check", "--case", CASE_A, "--replying-to", write(tmp_path, "r.eml", email), write(tmp_path, "good.txt", GOOD)
    )
    assert result.code == 1 and "unanswered_question: " in result.out and "ODBC driver" in result.out


def test_draft_output_html_and_eml_are_read(imported, tmp_path):
    printed = imported("draft", CASE_A, "status_next_steps")
    assert printed.code == 0 and printed.out.startswith("To: ")
    result = imported("check", "--case", CASE_A, write(tmp_path, "printed.txt", printed.out))
    assert "To:" not in result.out  # the headers are not body
    html = "<html><body><p>Hello &lt;Customer&gt;,</p><p>As I already said, it works.</p></body></html>"
    assert "negative_phrase" in imported("check", write(tmp_path, "d.html", html)).out
    mail = eml(
        "Jane Smith <jane@example.com>",
        "Update",
        "Hello Alex,\n\nThat is not our problem.\n",
        datetime(2026, 12, 1, 16, 4, tzinfo=NY),
        to="alex@fabrikam.example",
    )
    result = imported("check", write(tmp_path, "d.eml", mail))
    assert "negative_phrase: wording the customer may read as annoyance «not our problem»" in result.out


def test_the_quoted_thread_is_not_judged_and_the_signature_only_for_personal_data(imported, tmp_path):
    draft = (
        "Hello Alex,\n\nThe run 20261202-1130 finished.\n\nKind regards,\nJane\nAs I already said: nothing\n"
        "password: Hunter22x\n\nFrom: Alex Doe <alex@fabrikam.example>\nSent: Monday, November 30, 2026 10:12 AM\n"
        "To: Jane\nSubject: RE: x\n\nThis is not our problem, your admin broke it. AccountKey=abcdefghijklmnop\n"
    )
    result = imported("check", write(tmp_path, "d.txt", draft))
    assert result.out.splitlines() == ["personal_data: a password «Hu••••••»"]


def test_standard_input(imported, tmp_path, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert imported("check", "-").code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "no such draft file"),
        (["--case", "999", "GOOD"], "no case 999"),
        (["--template", "no_such", "GOOD"], "no template named 'no_such'"),
        (["--replying-to", "nowhere.eml", "GOOD"], "no such email file"),
        (["GARBAGE"], "binary data, not a draft"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(imported, tmp_path, args, message):
    good = write(tmp_path, "good.txt", GOOD)
    garbage = write(tmp_path, "garbage.bin", bytes(range(256)) * 40)
    args = [good if a == "GOOD" else garbage if a == "GARBAGE" else a for a in args]
    result = imported("check", *args)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert result.out == ""


def test_check_never_imports_qt_nor_jinja2(imported, tmp_path, data_dir):
    import subprocess
    import sys

    draft = write(tmp_path, "bad.txt", BAD)
    args = ["--data-dir", str(data_dir), "check", "--case", CASE_A, "--template", "status_next_steps", draft]
    code = (
        "import sys; from deskcomms.__main__ import main\n"
        f"rc = main({args!r})\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'jinja2')))\n"
        "print('LOADED', bad); sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert "LOADED []" in proc.stdout


def test_a_draft_recorded_as_sent_is_an_earlier_email_for_the_next_check(imported, tmp_path, data_dir):
    from deskcomms.core.mailtext import MailText
    from deskcomms.core.model import Event
    from deskcomms.desk import Desk
    from deskcomms.paths import resolve

    with Desk.open(resolve(str(data_dir)).database) as desk:
        sent = Event(datetime(2026, 12, 1, 10, 0, tzinfo=NY), "email_sent", {"template": "status_next_steps"})
        desk.record(CASE_A, sent, override=True, mail=MailText(True, GOOD, GOOD))
    result = imported("check", "--case", CASE_A, "--template", "status_next_steps", write(tmp_path, "same.txt", GOOD))
    assert result.code == 1 and result.out.startswith("broken_record: ")


def test_an_eml_draft_without_a_sender_line_is_read_as_a_message_not_as_text(imported, tmp_path):
    """With no profile address the .eml `draft` writes starts with To:; its MIME boundary and X-Unsent
    header are not the draft's words (they drew a greeting finding and a "card number" from the boundary)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["To"] = "alex@fabrikam.example"
    message["Subject"] = f"Update - Case {CASE_A}"
    message["X-Unsent"] = "1"
    message.set_content(GOOD)
    message.add_alternative(f"<html><body><p>{GOOD.replace(chr(10), '<br>')}</p></body></html>", subtype="html")
    data = message.as_bytes()
    assert data.startswith(b"To:") and b"boundary=" in data
    result = imported("check", "--case", CASE_A, write(tmp_path, "draft.eml", data))
    assert (result.code, result.out) == (0, "")
