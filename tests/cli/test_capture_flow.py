"""``deskcomms capture``, the flow: a future date never recorded as such, one email one event in every form,
the case the email itself names (in a case-number context, never a bare number), the sender's real address,
several cases named → ambiguous. Exit statuses and ``--json`` rows say what happened."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.capture_fixtures import CASE_A, CASE_B, CASES_DOC, ENGINEER, NY, REPLY_EN, eml, msg_file

CASE_SHORT = "123456"
DANA = "2612020010005555"
ALICE = "2612020010006666"


@pytest.fixture
def imported(cli, tmp_path):
    doc = json.loads(json.dumps(CASES_DOC))
    doc["cases"] += [
        {
            "number": CASE_SHORT,
            "title": "A short-numbered case of a stranger",
            "opened_at": "2026-11-20T09:00:00-05:00",
            "customer": {"name": "Stranger", "email": "stranger@other.example"},
        },
        {
            "number": DANA,
            "title": "Dana's case",
            "opened_at": "2026-12-01T09:00:00-05:00",
            "customer": {"name": "Dana", "email": "dana@d.example"},
        },
        {
            "number": ALICE,
            "title": "Alice's case",
            "opened_at": "2026-12-01T09:00:00-05:00",
            "customer": {"name": "Alice", "email": "alice@a.example"},
        },
    ]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0
    return cli


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.out.splitlines()]


def events(cli, number: str) -> list[dict]:
    return next(c["events"] for c in cli("export").json()["cases"] if c["number"] == number)


def case_numbers(cli) -> set[str]:
    return {c["number"] for c in cli("export").json()["cases"]}


# ----- future dates ----------------------------------------------------------------------------------


def test_a_future_dated_email_is_not_recorded_and_the_rest_of_the_batch_is(imported, tmp_path):
    future = write(
        tmp_path,
        "future.eml",
        eml("Alex <alex@fabrikam.example>", f"RE: Case {CASE_A}", "Done.\n", datetime(2031, 1, 2, 9, 0, tzinfo=NY)),
    )
    today = write(
        tmp_path,
        "today.eml",
        eml(
            "Jonas <jonas.weber@contoso-de.example>",
            f"RE: Case {CASE_B}",
            "Run id 4.\n",
            datetime(2026, 11, 30, 9, 0, tzinfo=NY),
        ),
    )
    result = imported("capture", "--json", future, today)
    assert result.code == 2
    by_file = {Path(r["file"]).name: r for r in rows(result)}
    assert by_file["future.eml"]["result"] == "not recorded"
    assert by_file["future.eml"]["case"] == CASE_A
    assert by_file["future.eml"]["dated"] == "2031-01-02T09:00:00-05:00"
    assert "after the moment of capture" in by_file["future.eml"]["message"]
    assert by_file["today.eml"]["result"] == "recorded"
    assert not any(e["at"].startswith("2031") for e in events(imported, CASE_A))
    assert [e["kind"] for e in events(imported, CASE_B)][-1] == "customer_replied"

    assert "future.eml: not recorded: dated 2031-01-02T09:00:00-05:00" in result.err
    plain = imported("capture", future)
    assert plain.code == 2 and "not recorded" in plain.out and "--at-capture-time" in plain.out


def test_at_capture_time_records_it_now_saying_so(imported, tmp_path):
    path = write(
        tmp_path,
        "future.eml",
        eml("Alex <alex@fabrikam.example>", f"RE: Case {CASE_A}", "Done.\n", datetime(2031, 1, 2, 9, 0, tzinfo=NY)),
    )
    before = datetime.now().astimezone()
    result = imported("capture", "--json", "--at-capture-time", path)
    after = datetime.now().astimezone()
    assert result.code == 0, result.err
    [row] = rows(result)
    assert row["result"] == "recorded" and row["dated"] == "2031-01-02T09:00:00-05:00"
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(row["at"]) <= after + timedelta(seconds=1)
    [event] = [e for e in events(imported, CASE_A) if e["kind"] == "customer_replied"]
    assert event["at"] == row["at"] and "2031-01-02" in event["note"]
    again = imported("capture", "--json", "--at-capture-time", path)
    assert rows(again)[0]["result"] == "already recorded"


def test_a_few_minutes_ahead_is_a_clock_difference_and_recorded_at_its_time(imported, tmp_path):
    soon = datetime.now(NY).replace(second=0, microsecond=0) + timedelta(minutes=2)
    path = write(tmp_path, "soon.eml", eml("Alex <alex@fabrikam.example>", f"RE: Case {CASE_A}", "Ok.\n", soon))
    [row] = rows(imported("capture", "--json", path))
    assert row["result"] == "recorded" and datetime.fromisoformat(row["at"]) == soon


# ----- one email, one event ------------------------------------------------------------------------

SENT = datetime(2026, 12, 1, 15, 4, 37, tzinfo=NY)  # the .eml has seconds; Outlook's copy shows 3:04 PM
BODY = REPLY_EN.split("\n\n", 1)[1]


def test_an_eml_then_the_same_email_pasted_from_outlook_is_already_recorded(imported, tmp_path):
    as_eml = write(
        tmp_path,
        "reply.eml",
        eml(
            "Alex Doe <alex@fabrikam.example>",
            f"RE: ADLS Gen2 copy fails - Case {CASE_A}",
            BODY,
            SENT,
            message_id="<reply-1@fabrikam.example>",
        ),
    )
    assert rows(imported("capture", "--json", as_eml))[0]["result"] == "recorded"
    pasted = write(tmp_path, "pasted.txt", REPLY_EN)
    result = imported("capture", "--json", pasted)
    assert result.code == 0
    [row] = rows(result)
    assert (row["result"], row["case"]) == ("already recorded", CASE_A)
    assert row["message"] == f"already recorded on case {CASE_A}"
    text = imported("capture", pasted)
    assert f"already recorded (case {CASE_A})" in text.out
    assert len([e for e in events(imported, CASE_A) if e["kind"] == "customer_replied"]) == 1


@pytest.mark.parametrize("prefix", ["AW: ", "TR: ", "Fwd: ", "WG: ", "RV: ", "Antw: ", "R: ", "Enc: ", "RE: RE: "])
def test_pasted_first_then_a_msg_with_another_prefix_is_the_same_email(imported, tmp_path, prefix):
    pasted = write(tmp_path, "pasted.txt", REPLY_EN)
    assert rows(imported("capture", "--json", pasted))[0]["result"] == "recorded"
    as_msg = write(
        tmp_path,
        "reply.msg",
        msg_file(
            "Alex Doe",
            "alex@fabrikam.example",
            f"{prefix}ADLS Gen2 copy fails - Case {CASE_A}",
            BODY,
            SENT,
            message_id="<reply-1@fabrikam.example>",
        ),
    )
    [row] = rows(imported("capture", "--json", as_msg))
    assert (row["result"], row["case"]) == ("already recorded", CASE_A)


def test_two_different_emails_of_one_minute_are_two_events(imported, tmp_path):
    def reply(name: str, body: str, message_id: str | None) -> str:
        return write(
            tmp_path, name, eml("Alex <alex@fabrikam.example>", f"RE: Case {CASE_A}", body, SENT, message_id=message_id)
        )

    first = reply("a.eml", "The copy works.\n", None)
    second = reply("b.eml", "One more thing: the logs.\n", None)
    assert [r["result"] for r in rows(imported("capture", "--json", first, second))] == ["recorded", "recorded"]
    # The same text in the same minute, with two different Message-IDs: a resend is another email.
    sent = reply("c.eml", "Resent.\n", "<c-1@fabrikam.example>")
    resend = reply("d.eml", "Resent.\n", "<c-2@fabrikam.example>")
    assert [r["result"] for r in rows(imported("capture", "--json", sent, resend))] == ["recorded", "recorded"]


# ----- the email's own case: case-number context, real address, ambiguity ----------------------------


@pytest.mark.parametrize(
    "body",
    [
        f"Please call me at {CASE_SHORT} tomorrow.\n",
        f"See https://portal.example/view?id={CASE_SHORT}&x=1\n",
        f"Our order {CASE_SHORT} shipped.\n",
    ],
)
def test_a_bare_short_number_in_prose_is_never_a_case(imported, tmp_path, body):
    path = write(tmp_path, "x.eml", eml("Sam <sam@nowhere.example>", "Question", body, SENT))
    [row] = rows(imported("capture", "--json", path))
    assert (row["result"], row["case"]) == ("no case", None)


@pytest.mark.parametrize(
    "marked", [f"Case {CASE_SHORT}", f"SR#{CASE_SHORT}", f"Ticket: {CASE_SHORT}", f"TrackingID#{CASE_SHORT}"]
)
def test_a_number_in_a_case_number_context_counts(imported, tmp_path, marked):
    path = write(tmp_path, "x.eml", eml("Sam <sam@nowhere.example>", "Question", f"About {marked}: any news?\n", SENT))
    [row] = rows(imported("capture", "--json", path))
    assert (row["result"], row["case"]) == ("recorded", CASE_SHORT)


@pytest.mark.parametrize(
    "subject",
    ["Call me: Case 555-123-4567", "Ticket 2026-12-01 deadline", "SR 1000-2000 range", "Phone +1 5551234567890"],
)
def test_create_never_makes_a_case_of_a_phone_date_or_range(imported, tmp_path, subject):
    path = write(tmp_path, "x.eml", eml("Sam <sam@nowhere.example>", subject, "Hello.\n", SENT))
    before = case_numbers(imported)
    [row] = rows(imported("capture", "--json", "--create", path))
    assert row["result"] == "no case"
    assert case_numbers(imported) == before


def test_create_still_makes_a_case_of_a_case_number(imported, tmp_path):
    path = write(tmp_path, "x.eml", eml("Sam <sam@nowhere.example>", "[Case#:2612030010001234] VM down", "Hi.\n", SENT))
    [row] = rows(imported("capture", "--json", "--create", path))
    assert (row["result"], row["case"]) == ("created", "2612030010001234")


def test_two_cases_in_one_subject_are_ambiguous_and_nothing_is_recorded(imported, tmp_path):
    path = write(
        tmp_path, "x.eml", eml("Alex <alex@fabrikam.example>", f"Case {CASE_A} and Case {CASE_B}", "Both.\n", SENT)
    )
    result = imported("capture", "--json", path)
    assert result.code == 0
    [row] = rows(result)
    assert row["result"] == "ambiguous" and row["cases"] == [CASE_A, CASE_B] and row["case"] is None
    assert "choose" in row["message"]
    assert not [e for e in events(imported, CASE_A) if e["kind"] == "customer_replied"]
    two_new = write(
        tmp_path,
        "y.eml",
        eml("Sam <sam@nowhere.example>", "Case 2612030010000001 / Case 2612030010000002", "?\n", SENT),
    )
    [row] = rows(imported("capture", "--json", "--create", two_new))
    assert row["result"] == "ambiguous" and "2612030010000001" not in case_numbers(imported)


@pytest.mark.parametrize(
    "sender",
    [
        "alice@a.example <dana@d.example>",
        "=?utf-8?q?alice=40a.example?= <dana@d.example>",
        '"alice@a.example" <dana@d.example>',
        "<dana@D.Example.>",
    ],
)
def test_the_sender_is_the_real_address(imported, tmp_path, sender):
    path = write(tmp_path, "x.eml", eml(sender, "Quick question", "Hello.\n", SENT))
    [row] = rows(imported("capture", "--json", path))
    assert (row["result"], row["case"]) == ("recorded", DANA)


@pytest.mark.parametrize(
    "from_line",
    ["alice@a.example <dana@d.example>", "alice@a.example [mailto:dana@d.example]", "Dana <dana@d.example.>"],
)
def test_pasted_outlook_text_with_an_address_like_name_is_the_real_senders(imported, tmp_path, from_line):
    text = (
        f"From: {from_line}\nSent: Tuesday, December 1, 2026 3:04 PM\n"
        f"To: Jane Smith <{ENGINEER}>\nSubject: Quick question\n\nHello.\n"
    )
    [row] = rows(imported("capture", "--json", write(tmp_path, "x.txt", text)))
    assert (row["result"], row["case"]) == ("recorded", DANA)


def test_a_quoted_local_part_is_a_customer_like_any_other(cli, tmp_path):
    doc = {
        "format": "deskcomms",
        "version": 1,
        "settings": {"timezone": "America/New_York"},
        "cases": [
            {
                "number": "2612040010000001",
                "title": "T",
                "opened_at": "2026-12-01T09:00:00-05:00",
                "customer": {"name": "T", "email": '"Test test"@Example.com.'},
            }
        ],
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0
    mail = write(tmp_path, "x.eml", eml('"Test test"@example.com', "Hello", "Hi.\n", SENT))
    [row] = rows(cli("capture", "--json", mail))
    assert (row["result"], row["case"]) == ("recorded", "2612040010000001")


def test_a_sender_of_several_open_cases_is_told_so(imported, tmp_path):
    doc = {
        "format": "deskcomms",
        "version": 1,
        "cases": [
            {
                "number": "2612050010000001",
                "title": "Second",
                "opened_at": "2026-12-01T09:00:00-05:00",
                "customer": {"name": "Alex", "email": "alex@fabrikam.example"},
            }
        ],
    }
    more = tmp_path / "more.json"
    more.write_text(json.dumps(doc))
    assert imported("import", str(more)).code == 0
    path = write(tmp_path, "x.eml", eml("Alex <alex@fabrikam.example>", "Quick question", "Hello.\n", SENT))
    result = imported("capture", path)
    assert result.code == 0
    assert "no case" in result.out
    assert f"the sender is the customer of 2 open cases ({CASE_A}, 2612050010000001)" in result.out
    assert "no open case of this sender" not in result.out
