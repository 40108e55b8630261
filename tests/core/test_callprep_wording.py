"""Call prep and voicemail wording with a half-filled profile: no "[company]", no number said twice when
there is none."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.callprep import call_checklist, voicemail_script
from deskcomms.core.engine import evaluate, load_playbook
from tests.conftest import build_cases

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def status_of_pending_customer():
    (case,) = build_cases(
        [
            (
                "2611240010001234",
                "Jürgen Müller",
                [
                    {"at": "2026-11-23T09:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
                    {"at": "2026-11-23T09:40:00-05:00", "kind": "pending_customer"},
                ],
            )
        ]
    )
    calendar = BusinessCalendar.from_settings()
    return case, evaluate(case, load_playbook("css"), calendar, NOW), calendar


def test_voicemail_without_company_or_phone_reads_as_speech():
    case, status, _ = status_of_pending_customer()
    script = voicemail_script(case, status, {"name": "Jane Smith"})
    assert "[company]" not in script and "[your phone number]" not in script
    assert "from the support team" in script and "reply to that email" in script
    full = voicemail_script(case, status, {"name": "Jane Smith", "company": "Contoso", "phone": "+1 704 555 9988"})
    assert "from Contoso Support" in full and full.count("+1 704 555 9988") == 2


def test_call_greeting_without_company():
    case, status, calendar = status_of_pending_customer()
    items = [
        item.text for section in call_checklist(case, status, {"name": "Jane"}, calendar, NOW) for item in section.items
    ]
    assert any(text == 'Greeting: "Hello, this is Jane from the support team."' for text in items)


def test_a_template_for_another_stage_takes_that_stages_next_steps():
    from deskcomms.core.drafts import TemplateSet, make_draft

    case, status, calendar = status_of_pending_customer()  # in "Pending customer"
    draft = make_draft("initial_response", TemplateSet(), case, status, {"name": "Jane"}, {}, calendar, NOW)
    first_response = status.playbook.stages[status.playbook.initial].next_steps
    assert first_response in draft.text
    assert status.stage.next_steps not in draft.text
