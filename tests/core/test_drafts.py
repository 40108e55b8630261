"""Drafts: every template renders for every stage without placeholders, addressing follows the playbook,
the .eml is an unsent Outlook draft, the readiness check speaks up, and templates cannot escape."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.drafts import TemplateError, TemplateSet, make_draft, readiness, to_eml, to_html
from deskcomms.core.engine import evaluate, load_playbook
from deskcomms.core.sample import sample_cases
from deskcomms.core.settings import DEFAULTS
from tests.conftest import FORMATS_EXAMPLE

NY = ZoneInfo("America/New_York")
CAL = BusinessCalendar.from_settings({})
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=NY)
PROFILE = FORMATS_EXAMPLE["profile"]
REQUIRED = {
    "initial_response",
    "status_next_steps",
    "pending_info_reminder",
    "research_update",
    "eta_missed",
    "meeting_invitation",
    "voicemail_followup",
    "post_solution_checkin",
    "lqr_resolved",
    "lqr_resolved_by_customer",
    "unresponsive_1",
    "unresponsive_2",
    "unresponsive_3",
    "closure_unresolved",
    "password_change",
    "reengagement_outreach_1",
    "reengagement_outreach_2",
}


def draft_for(case, name, now=NOW, templates=None):
    status = evaluate(case, load_playbook(case.playbook), CAL, now)
    return make_draft(name, templates or TemplateSet(), case, status, PROFILE, DEFAULTS, CAL, now), status


def test_every_template_of_the_playbook_exists():
    assert set(TemplateSet().names()) >= REQUIRED


# The places the engineer fills in (issue 20: the first response's first question or step, the LQR's
# advice): deliberately left for the engineer, and reported until filled.
ENGINEER_PLACES = {"[Your first question or step]", "[Advice for the future]"}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_template_renders_for_every_sample_case_without_placeholders(name):
    for case in sample_cases(CAL, NOW):
        draft, status = draft_for(case, name)
        assert case.number in draft.subject
        assert draft.text.rstrip().endswith("Manager: Lee Park - lee@example.com")
        for place in ENGINEER_PLACES:
            draft.text = draft.text.replace(place, "Please send the run id of the failed run.")
        problems = readiness(draft, case, status, PROFILE, CAL, NOW)
        assert not [p for p in problems if "placeholder" in p or "holds" in p], (case.number, problems)


@pytest.mark.parametrize("name", ["initial_response", "lqr_resolved", "lqr_resolved_by_customer"])
def test_the_engineers_place_is_reported_until_filled(name):
    case = sample_cases(CAL, NOW)[0]
    draft, status = draft_for(case, name)
    problems = readiness(draft, case, status, PROFILE, CAL, NOW)
    assert any("placeholder" in p and ("first question" in p or "Advice" in p) for p in problems)


def test_unresolved_closure_ccs_the_tam_and_the_manager():
    case = sample_cases(CAL, NOW)[4]  # premier, with a TAM, in the strike path
    draft, _ = draft_for(case, "closure_unresolved")
    assert draft.to == ["sofia@wingtip.example"]
    assert draft.cc == ["support@mail.support.microsoft.com", "sam.roe@example.com", "lee@example.com"]
    ordinary, _ = draft_for(case, "status_next_steps")
    assert ordinary.cc == ["support@mail.support.microsoft.com"]


def test_third_strike_states_the_closure_date_the_rules_give():
    case = sample_cases(CAL, NOW)[4]  # stage L: strike 3 is next
    status = evaluate(case, load_playbook("css"), CAL, NOW)
    assert status.stage.id == "L"
    draft, _ = draft_for(case, "unresponsive_3")
    # strike 3 sent now (Tue 24 Nov 10:00) + 3 business days skips Thanksgiving: Mon 30 Nov; the last contact
    # (the case opening) + 14 days is earlier, so the closure date is Monday 30 November
    assert "I will close it on Monday, 30 November 2026." in draft.text


def test_eml_is_an_unsent_outlook_draft():
    case = sample_cases(CAL, NOW)[1]
    draft, _ = draft_for(case, "research_update")
    msg = email.message_from_bytes(to_eml(draft, PROFILE["email"]), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert case.number in msg["Subject"]
    assert msg["To"] == case.customer.email
    assert "support@mail.support.microsoft.com" in msg["Cc"]
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    assert "Jane Smith" in plain and "Jane Smith" in page
    assert "class=" not in page and "<style" not in page
    assert 'style="' in page


def test_html_uses_inline_styles_only():
    page = to_html("Hello,\n\n- one\n- two\n\nBye <3")
    assert "<ul style=" in page and "<li style=" in page and "&lt;3" in page
    assert "class=" not in page


def test_readiness_warns_on_password_placeholder_and_do_not_contact_and_is_silent_when_clean():
    case = sample_cases(CAL, NOW)[1]
    case.customer.timezone = "America/Chicago"  # the sample's Kolkata customer is asleep at our ETA (issue 21)
    draft, status = draft_for(case, "research_update")
    assert readiness(draft, case, status, PROFILE, CAL, NOW) == []
    draft.text += "\nThe admin password: hunter2\n[Customer Name]\n"
    case.customer.do_not_contact = True
    problems = readiness(draft, case, status, PROFILE, CAL, NOW)
    assert any("placeholder" in p for p in problems)
    assert any("password" in p for p in problems)
    assert any("do-not-contact" in p for p in problems)
    assert not any("hunter2" in p for p in problems)


def test_readiness_flags_closing_before_the_guard_and_sending_after_hours():
    case = sample_cases(CAL, NOW)[1]
    draft, status = draft_for(case, "closure_unresolved")
    problems = readiness(draft, case, status, PROFILE, CAL, NOW)
    assert any("14-day rule" in p for p in problems)
    assert any("meant for Strike 3" in p for p in problems) or any(
        "meant for" in p and "the case is in" in p for p in problems
    )
    late = datetime(2026, 11, 24, 20, 0, tzinfo=NY)
    draft, status = draft_for(case, "research_update", now=late)
    assert any("delayed delivery for Wed 25 Nov 08:00" in p for p in readiness(draft, case, status, PROFILE, CAL, late))


def user_template(tmp_path, body, name="mine"):
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.j2").write_text(f"Subject: Hi {{{{ customer_first_name }}}}\n\n{body}\n")
    return TemplateSet(folder)


def test_user_templates_add_and_override(tmp_path):
    templates = user_template(tmp_path, "Dear {{ customer_name }}, about {{ case_number }}.", name="initial_response")
    case = sample_cases(CAL, NOW)[0]
    draft, _ = draft_for(case, "initial_response", templates=templates)
    assert draft.text == f"Dear Alex Doe, about {case.number}.\n"
    assert draft.subject == f"Hi Alex - Case {case.number}"


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.environ }}",
    "{{ joiner.__init__.__globals__['os'].environ }}",
    "{{ '{0.__class__.__mro__}'.format(case_number) }}",
    "{{ lipsum.__globals__ }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 1000000000 }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 9**9**9 }}",
    "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}",
    "{% for x in range(99999) %}{{ 'y' * 99999 }}{% endfor %}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%09999999d' % 1 }}",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{% if %}",
    "{{ no_such_variable }}",
]


@pytest.mark.timeout(60)  # a template that hangs the renderer fails here instead of passing late
@pytest.mark.parametrize("body", ESCAPES)
def test_templates_cannot_escape_or_hang(tmp_path, body):
    templates = user_template(tmp_path, body)
    case = sample_cases(CAL, NOW)[0]
    with pytest.raises(TemplateError) as err:
        draft_for(case, "mine", templates=templates)
    assert "mine.j2" in str(err.value)


def test_a_template_error_names_the_line(tmp_path):
    templates = user_template(tmp_path, "Hello,\n\n{{ customer_nmae }}")
    with pytest.raises(TemplateError, match=r"mine.j2 line 5: 'customer_nmae' is undefined"):
        draft_for(sample_cases(CAL, NOW)[0], "mine", templates=templates)


def test_a_template_without_subject_is_refused(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bad.j2").write_text("Hello {{ customer_name }}\n")
    with pytest.raises(TemplateError, match="line 1"):
        draft_for(sample_cases(CAL, NOW)[0], "bad", templates=TemplateSet(folder))
