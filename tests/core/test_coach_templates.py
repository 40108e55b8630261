"""The coach and the shipped templates keep each other honest (issue 20): every template, rendered for
every sample case and filled as an engineer would, draws no finding; left unfilled, the engineer's place
is reported."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.coach import check_text, context_for_case
from deskcomms.core.drafts import TemplateSet, make_draft
from deskcomms.core.engine import evaluate, load_playbook
from deskcomms.core.sample import sample_cases
from deskcomms.core.settings import DEFAULTS
from tests.conftest import FORMATS_EXAMPLE

CAL = BusinessCalendar.from_settings(DEFAULTS)
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))
PROFILE = dict(FORMATS_EXAMPLE["profile"])
TEMPLATES = TemplateSet()

# What an engineer writes in the template's places.
FILLED = {
    "[Your first question or step]": (
        "Could you send me the activity run id of the last failed run and the diagnostic log of the "
        "integration runtime node? With them I can check the connection to the source."
    ),
    "[Advice for the future]": (
        "we recommend an alert on failed pipeline runs, and the retry settings described in the "
        "documentation, so a transient error does not stop the nightly load."
    ),
}


def rendered(name):
    for case in sample_cases(CAL, NOW):
        playbook = load_playbook(case.playbook)
        if (case.playbook == "reengagement") != name.startswith("reengagement"):
            continue
        status = evaluate(case, playbook, CAL, NOW)
        draft = make_draft(name, TEMPLATES, case, status, PROFILE, DEFAULTS, CAL, NOW)
        yield case, status, draft


@pytest.mark.parametrize("name", TEMPLATES.names())
def test_every_template_filled_as_an_engineer_would_draws_no_finding(name):
    judged = 0
    for case, status, draft in rendered(name):
        text = draft.text
        for place, words in FILLED.items():
            text = text.replace(place, words)
        findings = check_text(text, context_for_case(case, status, {}, PROFILE, name))
        assert [f.line() for f in findings] == [], (case.number, status.stage.id)
        judged += 1
    assert judged


@pytest.mark.parametrize(("name", "rule"), [("initial_response", "fqr_progress"), ("lqr_resolved", "lqr_outline")])
def test_the_engineers_place_left_out_is_what_the_coach_reports(name, rule):
    case, status, draft = next(rendered(name))
    ctx = context_for_case(case, status, {}, PROFILE, name)
    unfilled = [f.rule for f in check_text(draft.text, ctx)]
    assert "not_personalized" in unfilled  # the placeholder itself
    place = next(p for p in FILLED if p in draft.text)
    removed = draft.text.replace(place, "").replace("For the future: \n", "")
    assert rule in [f.rule for f in check_text(removed, ctx)]
