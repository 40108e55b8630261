"""Playbook rules §3: a confirmation to close in any open stage (A to D, G to M) goes to F without an
override; where no solution of ours was delivered the LQR due is the "resolved by the customer" one."""

from __future__ import annotations

import pytest

from deskcomms.core.engine import check_event, load_playbook
from deskcomms.core.model import Event
from tests.core.test_engine import FQR, US, make_case, status, t

CONFIRM_AT = "2026-11-04T10:00"
CONFIRM = (CONFIRM_AT, "confirmation_received", {})
PHONE_FQR = ("2026-11-02T09:30", "fqr_sent", {"channel": "phone"})
SOLUTION = ("2026-11-03T10:00", "resolution_provided", {})

# the history that puts a case in each open stage before the customer confirms
BEFORE = {
    "A": [],
    "C": [PHONE_FQR],
    "D": [FQR],
    "G": [FQR, ("2026-11-02T11:00", "pending_customer", {})],
    "H": [FQR, ("2026-11-02T11:00", "pending_research", {"eta": "2026-11-05T14:00:00-05:00"})],
    "I": [FQR, ("2026-11-02T11:00", "meeting_scheduled", {"meeting_at": "2026-11-06T10:00:00-05:00"})],
    "J": [FQR, ("2026-11-02T11:00", "unresponsive", {})],
    "K": [FQR, ("2026-11-02T11:00", "strike_sent", {"n": 1})],
}


@pytest.mark.parametrize("stage", sorted(BEFORE))
def test_confirmation_in_any_open_stage_is_expected_and_moves_to_F(stage):
    history = BEFORE[stage]
    assert status(history, "2026-11-03T12:00").stage.id == stage
    case = make_case(history)
    confirmation = Event(t(CONFIRM_AT), "confirmation_received", {})
    assert check_event(case, confirmation, load_playbook("css"), US) == []  # no override needed
    after = status([*history, CONFIRM], "2026-11-04T10:05")
    assert after.stage.id == "F"
    assert after.next_action.id == "send_lqr"
    assert after.next_action.template == "lqr_resolved_by_customer"
    assert after.next_action.due.astimezone(t(CONFIRM_AT).tzinfo).hour == 11  # + 1 business hour
    assert not after.misfits


def test_B_is_passed_through_and_a_confirmation_right_after_the_email_fqr_goes_to_F():
    s = status([FQR, CONFIRM], "2026-11-04T10:05")
    assert [step.stage for step in s.path] == ["A", "B", "D", "F"]
    assert s.next_action.template == "lqr_resolved_by_customer"


def test_after_our_solution_the_lqr_is_the_resolved_one_wherever_the_confirmation_lands():
    delivered = [FQR, SOLUTION]
    assert status([*delivered, CONFIRM], "2026-11-04T10:05").next_action.template == "lqr_resolved"
    # solution, then silence and strike 1 (J → K): the confirmation still follows our solution
    struck = [*delivered, ("2026-11-03T11:00", "strike_sent", {"n": 1})]
    assert status(struck, "2026-11-03T12:00").stage.id in ("J", "K")
    assert status([*struck, CONFIRM], "2026-11-04T10:05").next_action.template == "lqr_resolved"


def test_a_reopened_case_forgets_the_old_solution():
    history = [
        FQR,
        SOLUTION,
        ("2026-11-03T11:00", "confirmation_received", {}),
        ("2026-11-03T12:00", "lqr_sent", {"variant": "resolved"}),
        ("2026-11-03T12:05", "closed", {}),
        ("2026-11-03T15:00", "reopened", {}),
        CONFIRM,
    ]
    s = status(history, "2026-11-04T10:05")
    assert s.stage.id == "F"
    assert s.next_action.template == "lqr_resolved_by_customer"


def test_lqr_sent_then_the_case_closes_without_a_guard():
    history = [FQR, CONFIRM, ("2026-11-04T10:30", "lqr_sent", {"variant": "resolved_by_customer"})]
    s = status(history, "2026-11-04T10:35")
    assert s.next_action.id == "close_case"
    case = make_case(history)
    closing = Event(t("2026-11-04T10:40"), "closed", {})
    assert check_event(case, closing, load_playbook("css"), US) == []
