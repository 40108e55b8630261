"""Matching an email to its case (numbers only in a case-number context, the real sender, ambiguity) and
knowing one email in every form (the fingerprint)."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.capture.identity import fingerprint, same_email
from deskcomms.core.capture.matching import CaseIndex, match_case, new_case_numbers, numbers_named
from deskcomms.core.capture.message import Email

NY = ZoneInfo("America/New_York")


def email(subject: str = "Hello", body: str = "Hi.\n", sender: str = "x@fabrikam.example", **kw) -> Email:
    return Email("test", subject, "", sender, kw.pop("date", datetime(2026, 12, 1, 15, 4, tzinfo=NY)), body=body, **kw)


def index(*cases: tuple[str, str, bool]) -> CaseIndex:
    return CaseIndex(
        SimpleNamespace(number=n, customer=SimpleNamespace(email=e), is_closed=closed) for n, e, closed in cases
    )


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("RE: Case 2611230010004411 copy fails", ["2611230010004411"]),
        ("[Case#:2611230010004411] copy", ["2611230010004411"]),
        ("TrackingID#2611230010004411", ["2611230010004411"]),
        ("SR 123456 and Ticket: 654321", ["123456", "654321"]),
        ("a long id on its own 2611230010004411 counts", ["2611230010004411"]),
        ("call me at 123456", []),
        ("https://x.example/view?id=2611230010004411", []),
        ("version 6.11.3.2204, build 19045.3803, IP 10.20.30.40", []),
        ("phone +1 5551234567890 or 555-123-4567", []),
        ("between 2026-12-01 and 1000-2000", []),
        ("casework 123456", []),
    ],
)
def test_numbers_count_only_in_a_case_number_context(text, numbers):
    assert numbers_named(text) == numbers


def test_subject_tags_count_in_the_subject_only():
    assert numbers_named("[1004] disk full", subject=True) == ["1004"]
    assert numbers_named("see [1004] below") == []


def test_several_cases_named_is_ambiguous_never_the_first():
    cases = index(("1001", "a@x.example", False), ("1002", "a@x.example", False))
    match = match_case(email("Case 1001 / Case 1002"), cases, [])
    assert (match.case_number, match.how, match.candidates) == (None, "ambiguous", ["1001", "1002"])
    # one named in the subject and another in the text: the subject decides
    assert match_case(email("Case 1001", "see also Case 1002"), cases, []).case_number == "1001"


def test_the_sender_of_exactly_one_open_case_and_the_shared_sender():
    cases = index(
        ("1001", "Dana@D.example", False),
        ("1002", "dana@d.example.", True),
        ("1003", "s@x.example", False),
        ("1004", "s@x.example", False),
    )
    assert match_case(email(sender="dana@d.example"), cases, []).case_number == "1001"
    shared = match_case(email(sender="s@x.example"), cases, [])
    assert (shared.case_number, shared.sender_cases) == (None, ["1003", "1004"])


@pytest.mark.parametrize(
    "subject", ["Call me: Case 555-123-4567", "Ticket 2026-12-01", "SR 1000-2000", "Case 12", "this fall 2026"]
)
def test_no_new_case_from_a_phone_date_range_or_tiny_number(subject):
    assert new_case_numbers(email(subject)) == []


def test_one_fingerprint_for_every_form_of_one_email():
    plain = email("RE: Copy fails - Case 1001", "Hi Jane,\n\nThe copy works now.\n\nAlex\n")
    html_form = email(
        "AW: WG: Copy fails - Case 1001",
        "Hi Jane,\nThe copy works now.\nAlex\n\nFrom: Jane\nSent: Monday\nSubject: x\n\nold text",
        sender="X@Fabrikam.example.",
        date=datetime(2026, 12, 1, 15, 4, 59, tzinfo=NY),
    )
    assert fingerprint(plain) == fingerprint(html_form)
    assert fingerprint(plain) != fingerprint(email("RE: Copy fails - Case 1001", "Hi Jane,\n\nStill broken.\n"))
    assert fingerprint(plain) != fingerprint(
        email("RE: Copy fails - Case 1001", plain.body, date=datetime(2026, 12, 1, 15, 5, tzinfo=NY))
    )


def test_two_message_ids_are_two_emails_whatever_they_look_like():
    a = email(message_id="<a@x>")
    b = email(message_id="<b@x>")
    fields = {"message_id": a.identity, "fingerprint": fingerprint(a)}
    assert same_email(a, fingerprint(a), fields)
    assert not same_email(b, fingerprint(b), fields)
    pasted = email()  # no Message-ID: the fingerprint decides
    assert same_email(pasted, fingerprint(pasted), fields)


@pytest.mark.parametrize(
    "text", ["Tel: 4915112345678", "call me on 00441234567890", "+49 15112345678", "(+1) 5551234567"]
)
def test_long_phone_numbers_are_not_case_numbers(text):
    assert numbers_named(text) == []
