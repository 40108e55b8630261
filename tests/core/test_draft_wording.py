"""What a customer reads: every built-in template keeps the case's words as typed, reads as whole sentences
with a half-filled or empty profile, and never promises a time already past or in the customer's night."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.drafts import TemplateSet, make_draft, readiness
from deskcomms.core.engine import evaluate, load_playbook
from deskcomms.core.interchange import parse_case
from deskcomms.core.promise import promised_time
from deskcomms.core.settings import DEFAULTS, PROFILE_DEFAULTS

NY = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
CAL = BusinessCalendar.from_settings({})
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=NY)  # Tuesday, business time
TITLE = "ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation on ADF pipeline PL_Ingest_Daily"
FULL = {
    "name": "Jane Smith",
    "email": "jane@example.com",
    "title": "Support Engineer",
    "team": "Data Movement",
    "phone": "+1 704 555 9988",
    "company": "Contoso",
    "manager_name": "Lee Park",
    "manager_email": "lee@example.com",
    "support_cc": "support@mail.support.microsoft.com",
}
HALF = {**PROFILE_DEFAULTS, "name": "Jane Smith", "email": "jane@example.com", "manager_name": "Lee Park"}
EMPTY = dict(PROFILE_DEFAULTS)
TEMPLATES = TemplateSet()


def case_with(events, timezone="America/Chicago", technology="Azure Data Factory"):
    return parse_case(
        {
            "number": "2411220010001234",
            "title": TITLE,
            "technology": technology,
            "playbook": "css",
            "opened_at": "2026-11-23T09:00:00-05:00",
            "customer": {"name": "Marcus Reed", "email": "marcus@fabrikam.example", "timezone": timezone},
            "events": events,
        },
        "case",
    )


RESEARCH = [
    {"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
    {"at": "2026-11-23T10:00:00-05:00", "kind": "pending_research", "eta": "2026-11-23T14:26:00-05:00"},
]


def draft(name, profile, case=None, now=NOW):
    case = case or case_with(RESEARCH)
    status = evaluate(case, load_playbook(case.playbook), CAL, now)
    return make_draft(name, TEMPLATES, case, status, profile, DEFAULTS, CAL, now), case, status


def broken_fragments(text: str) -> list[str]:
    """Empty brackets, stray commas, dangling words: what a missing value leaves behind."""
    found = []
    for pattern in (
        r"\(\s*\)",
        r"\s,",
        r",\s*[,.)]",
        r"[^\S\n]{2,}",
        r"\s\.",
        r"\b(?:by|at|of|to|from|and|I am)\s*[.,]",
        r":\s*\n\n\s*\n",
        r"^-\s*$",
    ):
        found += [m.group(0) for m in re.finditer(pattern, text, re.M)]
    for paragraph in text.split("\n\n"):
        sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", paragraph) if s.strip()]
        if len(sentences) != len(set(sentences)):
            found.append(f"repeated sentence in {paragraph[:60]!r}")
    if text.count("next update") > 1:
        found.append("'next update' twice")
    return found


@pytest.mark.parametrize("name", TemplateSet().names())
def test_every_template_keeps_the_title_as_typed(name):
    made, _case, _ = draft(name, FULL)
    if "{{ issue }}" in TEMPLATES.get(name).body or "issue" in TEMPLATES.get(name).subject:
        assert TITLE in made.text or TITLE in made.subject
    assert "errorcode=usererrorfailedfileoperation" not in made.text + made.subject
    assert "adls gen2" not in made.text + made.subject
    body = made.text.split("Kind regards,")[0].replace(TITLE, "TITLE")
    assert not re.search(r"\.\s+[a-z]", body), "a sentence starting in lower case"


@pytest.mark.parametrize("profile", [FULL, HALF, EMPTY], ids=["full", "half", "empty"])
@pytest.mark.parametrize("name", TemplateSet().names())
def test_no_empty_fragments_with_any_profile(name, profile):
    made, case, status = draft(name, profile)
    body = made.text.split("Kind regards,")[0]
    assert broken_fragments(body) == [], made.text
    signature = made.text.split("Kind regards,")[-1]
    assert not re.search(r"(?m)^[\w ]+:\s*$|\(\s*\)|- $|^ - ", signature), signature
    if profile is not FULL:
        # a missing name or email is asked for before sending
        problems = readiness(made, case, status, profile, CAL, NOW)
        assert profile.get("email") or any("profile" in p for p in problems)


def test_voicemail_email_says_what_the_call_was_about_and_how_to_call_back():
    made, _, _ = draft("voicemail_followup", HALF)
    assert "Here is what I wanted to go through" not in made.text
    assert "call me back at" not in made.text  # no phone in the profile: no empty "call me back at ."
    made, _, _ = draft("voicemail_followup", FULL)
    assert "You can call me back at +1 704 555 9988" in made.text


def test_missed_eta_email_promises_a_new_time_ahead_in_business_hours():
    late = datetime(2026, 11, 23, 17, 22, tzinfo=NY)  # Monday, after the 14:26 ETA was missed
    made, case, status = draft("eta_missed", FULL, now=late)
    assert "by Monday 23 November at 13:26 CST" in made.text  # the missed promise, named and owned
    assert made.promised is not None and made.promised > late
    assert CAL.is_business_time(made.promised)
    assert made.promised.minute in (0, 30)
    assert not any("promises an update" in p for p in readiness(made, case, status, FULL, CAL, late))


def test_readiness_flags_a_promised_time_that_has_passed():
    made, case, status = draft("research_update", FULL)
    assert made.promised is not None
    later = made.promised + timedelta(hours=1)
    assert any("already past" in p for p in readiness(made, case, status, FULL, CAL, later))


def test_a_tokyo_customer_is_promised_a_time_in_their_working_day_when_ours_overlap():
    # our hours 08:00-17:00 New York; a customer in Tokyo works 08:00-18:00 JST = 18:00-04:00 New York:
    # no overlap, so the promise is the start of the customer's next working day (issue 21) ...
    theirs = promised_time(NOW + timedelta(days=1), NOW, CAL, TOKYO)
    local = theirs.astimezone(TOKYO)
    assert (local.hour, local.minute, local.isoweekday() <= 5) == (8, 0, True)
    assert theirs > NOW + timedelta(hours=20)
    # ... but a calendar whose day reaches into the Tokyo morning gets a time that suits both
    wide = BusinessCalendar.from_settings({"work_start": "08:00", "work_end": "20:00", "holiday_country": None})
    both = promised_time(NOW + timedelta(days=1), NOW, wide, TOKYO)
    local = both.astimezone(TOKYO)
    assert wide.is_business_time(both)
    assert 8 <= local.hour < 18 and local.isoweekday() <= 5, local
    assert both > NOW


def test_the_promise_in_a_draft_for_a_tokyo_customer_is_not_at_night_for_them():
    tokyo_case = case_with(RESEARCH[:1], timezone="Asia/Tokyo")
    wide = {**DEFAULTS, "work_start": "07:00", "work_end": "21:00"}
    calendar = BusinessCalendar.from_settings(wide)
    status = evaluate(tokyo_case, load_playbook("css"), calendar, NOW)
    made = make_draft("research_update", TEMPLATES, tokyo_case, status, FULL, wide, calendar, NOW)
    assert made.promised is not None
    local = made.promised.astimezone(TOKYO)
    assert 8 <= local.hour < 18, local
    assert "JST" in made.text


def test_an_eta_still_ahead_is_kept_as_given():
    events = [RESEARCH[0], {**RESEARCH[1], "eta": "2026-11-25T12:00:00-05:00"}]
    made, _, _ = draft("research_update", FULL, case=case_with(events))
    assert made.promised == datetime(2026, 11, 25, 12, 0, tzinfo=NY)
    assert "Wednesday 25 November at 11:00 CST" in made.text


def test_an_eml_refuses_a_header_with_a_line_break_and_survives_a_lone_surrogate():
    import email
    from email import policy

    from deskcomms.core.drafts import Draft, to_eml
    from deskcomms.core.errors import UserError

    injected = Draft("t", "Update\r\nBcc: someone@else.example", "Hi\n", "<p>Hi</p>", ["a@b.example"], [])
    with pytest.raises(UserError, match="Subject holds a line break"):
        to_eml(injected)
    odd = Draft("t", "Update - Case 1", "Hi \ud800 there\n", "<p>Hi</p>", ["a@b.example"], [])
    msg = email.message_from_bytes(to_eml(odd), policy=policy.default)
    assert msg.get_body(("plain",)).get_content().rstrip() == "Hi \ufffd there"


def test_the_second_outreach_claims_a_call_only_when_one_was_logged():
    from deskcomms.core.drafts import TemplateSet, make_draft
    from deskcomms.core.engine import evaluate, load_playbook
    from tests.core.test_engine import REENG, make_case, t

    profile = {"name": "Jane Smith", "email": "jane@example.com", "phone": "+1 704 555 9988"}

    def second_outreach(events, now):
        case = make_case(events, playbook="reengagement")
        state = evaluate(case, load_playbook("reengagement"), CAL, t(now))
        return make_draft("reengagement_outreach_2", TemplateSet(), case, state, profile, {}, CAL, t(now)).text

    assert "tried to reach you by phone" not in second_outreach(REENG, "2026-11-04T10:05")
    called = [*REENG, ("2026-11-04T10:10", "call_no_answer", {})]
    assert "tried to reach you by phone" in second_outreach(called, "2026-11-04T10:15")
