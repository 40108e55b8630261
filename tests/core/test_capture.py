"""Reading emails and deciding what they mean: each input kind, case matching, classification, dates."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcomms.core.capture import CaseIndex, match_case, meaning, read_email, title_from_subject
from deskcomms.core.capture.analysis import TemplateSubject, is_auto_reply
from deskcomms.core.capture.dates import parse_sent_line, return_date
from deskcomms.core.errors import ValidationError
from deskcomms.core.interchange import parse_case
from tests.capture_fixtures import (
    CASE_A,
    CASE_B,
    CASES_DOC,
    ENGINEER,
    NY,
    OOF_DE,
    OOF_FR,
    REPLY_EN,
    eml,
    msg_file,
)

WHEN = datetime(2026, 12, 1, 10, 30, tzinfo=NY)


@pytest.fixture
def cases():
    return [parse_case(c, f"cases[{i}]") for i, c in enumerate(CASES_DOC["cases"])]


@pytest.fixture
def index(cases):
    return CaseIndex(cases)


def read(data: bytes | str, name: str = "mail"):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_email(raw, name, NY)


# ----- each input kind -----------------------------------------------------------------------------


def test_eml_is_read_with_its_own_date_id_and_plain_body():
    data = eml(
        "Alex Doe <alex@fabrikam.example>",
        f"RE: ADLS Gen2 copy fails - Case {CASE_A}",
        "The copy works now.\n",
        WHEN,
        message_id="<r1@fabrikam.example>",
        attachment=b"\x00secret har file",
    )
    email = read(data, "reply.eml")
    assert (email.sender_name, email.sender_email) == ("Alex Doe", "alex@fabrikam.example")
    assert email.date == WHEN
    assert email.message_id == "<r1@fabrikam.example>"
    assert email.body.strip() == "The copy works now."
    assert email.attachments == 1  # counted, never kept
    assert email.identity == "<r1@fabrikam.example>"


def test_msg_written_by_aspose_is_read():
    data = msg_file(
        "Alex Doe", "alex@fabrikam.example", f"RE: Case {CASE_A}", "Run id: 8b1f\n", WHEN, message_id="<m1@x.example>"
    )
    email = read(data, "reply.msg")
    assert email.sender_email == "alex@fabrikam.example"
    assert email.subject == f"RE: Case {CASE_A}"
    assert email.date == WHEN
    assert email.message_id == "<m1@x.example>"
    assert "Run id: 8b1f" in email.body


@pytest.mark.parametrize(
    ("text", "sender", "wall"),
    [
        (REPLY_EN, "alex@fabrikam.example", datetime(2026, 12, 1, 15, 4)),
        (OOF_DE, "jonas.weber@contoso-de.example", datetime(2026, 12, 2, 8, 15)),
        (OOF_FR, "marie.laurent@exemple.example", datetime(2026, 12, 2, 9, 30)),
        (
            "De: Lucía Gómez <lucia@ejemplo.example>\nEnviado el: martes, 1 de diciembre de 2026 16:20\n"
            "Para: Jane Smith <jane@example.com>\nAsunto: RV: Caso 123456\n\nHola Jane,\n",
            "lucia@ejemplo.example",
            datetime(2026, 12, 1, 16, 20),
        ),
    ],
    ids=["english", "german", "french", "spanish"],
)
def test_outlook_copied_text_in_four_languages(text, sender, wall):
    email = read(text)
    assert email.sender_email == sender
    assert email.date == wall.replace(tzinfo=NY)  # the Sent line is the reader's local time
    assert email.message_id == ""
    assert email.identity.startswith("sha256:")
    assert email.body.strip()


def test_outlook_block_lines_that_record_nothing_stay_out_of_the_body():
    text = REPLY_EN.replace("Subject: RE:", "Importance: High\nSubject: RE:")
    email = read(text)
    assert email.subject.startswith("RE: ADLS") and email.body.startswith("Hi Jane")


def test_identity_without_message_id_is_sender_date_and_subject():
    first = read(REPLY_EN)
    assert read(REPLY_EN).identity == first.identity
    assert read(REPLY_EN.replace("3:04 PM", "3:05 PM")).identity != first.identity


@pytest.mark.parametrize(
    "data",
    [
        os.urandom(4096),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000),  # an OLE header and then garbage
        b"Just a note to self, not an email.\n",
        b"",
    ],
    ids=["random bytes", "broken msg", "plain text", "empty"],
)
def test_what_is_not_an_email_is_refused_naming_the_file(data):
    with pytest.raises(ValidationError) as info:
        read(data, "inbox/thing.eml")
    assert info.value.where == "inbox/thing.eml"


# ----- matching --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        f"RE: ADLS Gen2 copy fails - Case {CASE_A}",
        f"AW: Case #{CASE_A}",
        f"TR: [Case#:{CASE_A}] ADLS Gen2 copy fails",
        f"FW: TrackingID#{CASE_A}",
        f"WG: SR {CASE_A} copy fails",
        f"RV: RE: {CASE_A}",
    ],
)
def test_case_number_in_the_subject_through_prefixes(index, subject):
    email = read(eml("Someone <someone@other.example>", subject, "Hello\n", WHEN))
    found = match_case(email, index, [ENGINEER])
    assert (found.case_number, found.how) == (CASE_A, "subject")


def test_case_number_in_the_body_and_only_numbers_of_the_list(index):
    email = read(eml("x@other.example", "Question", f"About Case 9999999999 and case {CASE_B}.\n", WHEN))
    assert match_case(email, index, [ENGINEER]).case_number == CASE_B
    unknown = read(eml("x@other.example", "RE: Case 2611999910000000", "Hi\n", WHEN))
    found = match_case(unknown, index, [ENGINEER])
    assert found.case_number is None
    assert found.found_number == "2611999910000000"


def test_sender_of_exactly_one_open_case(cases):
    email = read(eml("Marie <marie.laurent@exemple.example>", "Une question", "Bonjour\n", WHEN))
    assert match_case(email, CaseIndex(cases), [ENGINEER]).how == "sender"
    cases[0].customer.email = "marie.laurent@exemple.example"  # now two open cases: ambiguous
    assert match_case(email, CaseIndex(cases), [ENGINEER]).case_number is None


def test_own_email_matches_by_recipient(index):
    email = read(eml(f"Jane <{ENGINEER}>", "Quick question", "Hi\n", WHEN, to="jonas.weber@contoso-de.example"))
    assert match_case(email, index, [ENGINEER]).case_number == CASE_B


# ----- classification --------------------------------------------------------------------------------


def test_customer_reply_that_asks_to_close_is_offered_not_recorded(cases):
    what = meaning(read(REPLY_EN), cases[0], "G", [ENGINEER])
    assert what.kind == "customer_replied"
    assert what.close_request
    assert "From: Jane Smith" not in what.reply_text  # the quoted history is cut


def test_close_words_in_the_quoted_history_do_not_count(cases):
    body = (
        "Still testing, will report tomorrow.\n\nOn Mon, Nov 30, 2026 at 10:12 AM Jane wrote:\n> You can close the case"
    )
    what = meaning(read(eml("alex@fabrikam.example", "RE: x", body, WHEN)), cases[0], "E", [ENGINEER])
    assert not what.close_request


@pytest.mark.parametrize(
    "sentence",
    ["Sie können den Fall gerne schließen.", "Vous pouvez clôturer le dossier.", "Ya pueden cerrar el caso."],
)
def test_close_requests_in_other_languages(cases, sentence):
    what = meaning(read(eml("alex@fabrikam.example", "RE: x", sentence + "\n", WHEN)), cases[0], "E", [ENGINEER])
    assert what.close_request


def test_own_email_is_email_sent_or_its_templates_event(cases):
    case = cases[0]
    templates = [
        TemplateSubject("unresponsive_1", "Following up: {{ issue }}", "strike_sent", {"n": 1}, ("J", "G", "E")),
        TemplateSubject("status_next_steps", "Update and next steps: {{ issue }}", "email_sent", {}, ("D",)),
    ]
    plain = read(eml(ENGINEER, f"RE: Case {CASE_A}", "Hi\n", WHEN))
    assert meaning(plain, case, "G", [ENGINEER], templates).kind == "email_sent"
    strike = read(eml(ENGINEER, f"Following up: {case.title} - Case {CASE_A}", "Hi\n", WHEN))
    what = meaning(strike, case, "G", [ENGINEER], templates)
    assert (what.kind, what.fields["n"], what.template) == ("strike_sent", 1, "unresponsive_1")
    # the same subject in a stage the template is not for is a plain email
    assert meaning(strike, case, "D", [ENGINEER], templates).kind == "email_sent"


@pytest.mark.parametrize(
    ("headers", "subject", "auto"),
    [
        ({"Auto-Submitted": "auto-replied"}, "Re: x", True),
        ({"Auto-Submitted": "no"}, "Re: x", False),
        ({"X-Autoreply": "yes"}, "Re: x", True),
        ({"X-Autorespond": "1"}, "Re: x", True),
        ({"Precedence": "auto_reply"}, "Re: x", True),
        ({}, "Automatic reply: Case 1", True),
        ({}, "Out of Office: Case 1", True),
        ({}, "Automatische Antwort: Case 1", True),
        ({}, "Réponse automatique : Case 1", True),
        ({}, "Respuesta automática: Case 1", True),
        ({}, "RE: Office move next week", False),
    ],
)
def test_automatic_replies(headers, subject, auto):
    email = read(eml("x@other.example", subject, "Hello\n", WHEN, headers=headers))
    assert is_auto_reply(email) is auto


def test_outlook_oof_message_class_is_an_automatic_reply():
    data = msg_file(
        "A", "a@x.example", "Away", "I am away.\n", WHEN, message_class="IPM.Note.Rules.OofTemplate.Microsoft"
    )
    assert is_auto_reply(read(data))


def test_german_and_french_out_of_office_return_dates(cases):
    german = meaning(read(OOF_DE), cases[1], "G", [ENGINEER])
    assert (german.kind, german.until) == ("out_of_office", date(2026, 12, 14))
    french = meaning(read(OOF_FR), cases[2], "E", [ENGINEER])
    assert (french.kind, french.until) == ("out_of_office", date(2026, 12, 9))


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("I am out of the office until Monday, December 7 with limited access to email.", False, date(2026, 12, 7)),
        ("I will be back on 12/07/2026.", False, date(2026, 12, 7)),
        ("Ich bin ab dem 07.12.2026 wieder im Büro.", True, date(2026, 12, 7)),
        ("Je serai de retour le 1er février 2027.", True, date(2027, 2, 1)),
        ("Estaré fuera de la oficina hasta el 9 de diciembre de 2026.", True, date(2026, 12, 9)),
        # The end of a range is the last day away: back the next business day (playbook §3).
        ("Out from 3 December to 8 December.", False, date(2026, 12, 9)),
        ("I am travelling and will answer when I can.", False, None),
    ],
)
def test_return_dates(text, day_first, expected):
    assert return_date(text, date(2026, 12, 1), day_first=day_first) == expected


def test_sent_lines_of_localised_outlook():
    assert parse_sent_line("Dienstag, 1. Dezember 2026 15:04", day_first=True) == datetime(2026, 12, 1, 15, 4)
    assert parse_sent_line("mardi 1 décembre 2026 15:04", day_first=True) == datetime(2026, 12, 1, 15, 4)
    assert parse_sent_line("Tuesday, December 1, 2026 3:04 PM", day_first=False) == datetime(2026, 12, 1, 15, 4)


def test_title_from_subject_drops_prefixes_and_the_number():
    subject = "RE: AW: [Case#:2611230010009999] ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation"
    assert (
        title_from_subject(subject, "2611230010009999")
        == "ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation"
    )


def test_email_dates_keep_their_zone():
    tokyo = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    email = read(eml("a@x.example", "Hi", "x\n", tokyo))
    assert email.date == tokyo and email.date.utcoffset() == tokyo.utcoffset()


_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


@given(ahead=st.integers(min_value=0, max_value=300), style=st.integers(min_value=0, max_value=5))
def test_return_dates_written_any_way_read_back(ahead, style):
    sent = date(2026, 12, 1)
    d = sent + timedelta(days=ahead)
    text, day_first = [
        (f"I will be back in the office on {d:%B} {d.day}, {d.year}.", False),
        (f"I am out of the office until {d.day} {d:%B} {d.year}.", False),
        (f"Ich bin ab dem {d.day}. {_DE[d.month - 1]} {d.year} wieder im Büro.", True),
        (f"Ich bin bis einschließlich {d:%d.%m.%Y} nicht erreichbar.", True),
        (f"Je serai de retour le {d.day} {_FR[d.month - 1]} {d.year}.", True),
        (f"Estaré fuera de la oficina hasta el {d.day} de {_ES[d.month - 1]} de {d.year}.", True),
    ][style]
    # "bis einschließlich" marks the last day away: back the next business day (playbook §3).
    back = d + timedelta(days={4: 3, 5: 2}.get(d.weekday(), 1)) if style == 3 else d
    assert return_date(text, sent, day_first=day_first) == back
