"""Out of office in every stage and whose email it is (playbook rules §3): an auto-reply's return date
never pulls a follow-up or a strike earlier (the later of its own date and return + 1 business day); while
the ball is ours our update still goes out on time and calls wait; a reply in G, H and I; a colleague on
our domain is not the customer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from deskcomms.core.capture import meaning, read_email
from tests.capture_fixtures import eml
from tests.core.test_engine import FQR, due_of, status

NY = ZoneInfo("America/New_York")


def away(at: str, until: str) -> tuple[str, str, dict[str, str]]:
    return (at, "out_of_office", {"until": until})


# ----- G, E and the strikes: never earlier ---------------------------------------------------------------

G = [FQR, ("2026-11-16T10:01", "pending_customer", {})]  # follow-up due Thu 19 Nov 10:01


def test_G_an_earlier_return_does_not_pull_the_follow_up_earlier():
    assert due_of(G, "2026-11-16T11:00") == ("follow_up_info", "2026-11-19T10:01")
    # "I will return on Tuesday, November 17": back + 1 business day = Wed 18 Nov 08:00, earlier: ignored
    assert due_of([*G, away("2026-11-16T10:30", "2026-11-17")], "2026-11-16T11:00") == (
        "follow_up_info",
        "2026-11-19T10:01",
    )


def test_G_a_later_return_pushes_the_follow_up_and_says_why():
    s = status([*G, away("2026-11-16T10:30", "2026-11-30")], "2026-11-16T11:00")
    assert s.next_action.due.isoformat() == "2026-12-01T08:00:00-05:00"
    assert (
        "the later of" in s.next_action.why
        and "back from out of office Mon 30 Nov 08:00 + 1 business day" in s.next_action.why
    )


def test_G_the_second_follow_up_and_the_unresponsive_step_wait_too():
    events = [*G, ("2026-11-19T10:01", "email_sent", {}), away("2026-11-19T10:03", "2026-12-07")]
    assert due_of(events, "2026-11-19T11:00") == ("follow_up_info", "2026-12-08T08:00")


E = [FQR, ("2026-11-02T10:00", "resolution_provided", {})]  # the check-in call due Tue 3 Nov 10:00


def test_E_the_check_in_call_is_never_earlier_and_waits_for_a_later_return():
    assert due_of(E, "2026-11-02T11:00") == ("post_solution_call", "2026-11-03T10:00")
    assert due_of([*E, away("2026-11-02T10:05", "2026-11-02")], "2026-11-02T11:00") == (
        "post_solution_call",
        "2026-11-03T10:00",
    )
    assert due_of([*E, away("2026-11-02T10:05", "2026-11-03")], "2026-11-02T11:00") == (
        "post_solution_call",
        "2026-11-04T08:00",
    )


STRIKE_1 = [FQR, ("2026-11-03T10:00", "unresponsive", {}), ("2026-11-03T11:00", "strike_sent", {"n": 1})]


def test_strikes_are_never_pulled_earlier_and_wait_for_a_later_return():
    assert due_of(STRIKE_1, "2026-11-03T12:00") == ("send_strike_2", "2026-11-06T11:00")
    early = [*STRIKE_1, away("2026-11-03T11:02", "2026-11-04")]  # back Thu 5 Nov 08:00: earlier
    assert due_of(early, "2026-11-03T12:00") == ("send_strike_2", "2026-11-06T11:00")
    late = [*STRIKE_1, away("2026-11-03T11:02", "2026-11-16")]
    assert due_of(late, "2026-11-03T12:00") == ("send_strike_2", "2026-11-17T08:00")


def test_strike_1_in_the_unresponsive_step_waits_for_the_return():
    events = [FQR, away("2026-11-03T09:00", "2026-11-10"), ("2026-11-03T10:00", "unresponsive", {})]
    assert due_of(events, "2026-11-03T10:30") == ("send_strike_1", "2026-11-12T08:00")  # Wed 11 Nov: holiday


def test_a_reply_after_the_out_of_office_means_they_are_back():
    events = [*G, away("2026-11-16T10:30", "2026-11-30"), ("2026-11-17T09:00", "customer_replied", {})]
    assert due_of(events, "2026-11-17T09:10") == ("send_status", "2026-11-17T10:00")  # G → D, + 1 business hour


# ----- the ball ours: nothing moves but calls ---------------------------------------------------------------


def test_ball_ours_our_update_still_goes_out_on_time():
    research = [FQR, ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-04T15:00:00-05:00"})]
    assert due_of([*research, away("2026-11-02T10:05", "2026-11-20")], "2026-11-02T11:00") == (
        "research_update",
        "2026-11-04T15:00",
    )


def test_ball_ours_the_meeting_call_waits_for_the_return():
    meeting = [FQR, ("2026-11-02T10:00", "meeting_scheduled", {"meeting_at": "2026-11-05T10:00:00-05:00"})]
    assert due_of(meeting, "2026-11-02T11:00") == ("prepare_call", "2026-11-05T09:00")
    assert due_of([*meeting, away("2026-11-02T10:05", "2026-11-09")], "2026-11-02T11:00") == (
        "prepare_call",
        "2026-11-10T08:00",
    )


# ----- a customer reply in G, H and I -------------------------------------------------------------------------


def test_a_reply_in_H_keeps_the_stage_and_makes_the_acknowledgment_due():
    research = [FQR, ("2026-11-02T10:00", "pending_research", {"eta": "2026-11-06T15:00:00-05:00"})]
    s = status([*research, ("2026-11-03T16:30", "customer_replied", {})], "2026-11-03T16:40")
    assert s.stage.id == "H" and not s.misfits
    assert (s.next_action.id, s.next_action.due.isoformat()) == ("acknowledge_reply", "2026-11-04T08:30:00-05:00")
    assert "research_update" in [a.id for a in s.tasks]
    # acknowledged with a new ETA: the research update is next again
    acked = [
        *research,
        ("2026-11-03T16:30", "customer_replied", {}),
        ("2026-11-03T16:45", "eta_set", {"eta": "2026-11-09"}),
    ]
    assert due_of(acked, "2026-11-03T16:50")[0] == "research_update"


def test_a_reply_in_I_keeps_the_stage_and_makes_the_acknowledgment_due():
    meeting = [FQR, ("2026-11-02T10:00", "meeting_scheduled", {"meeting_at": "2026-11-05T10:00:00-05:00"})]
    s = status([*meeting, ("2026-11-02T11:00", "customer_replied", {})], "2026-11-02T11:10")
    assert s.stage.id == "I"
    assert (s.next_action.id, s.next_action.due.isoformat()) == ("acknowledge_reply", "2026-11-02T12:00:00-05:00")


# ----- whose email it is ------------------------------------------------------------------------------------------

WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=NY)


def kind_of(sender: str, own: str, subject: str = "RE: Case 2611230010004411") -> str:
    email = read_email(eml(sender, subject, "Thanks, see the logs.\n", WHEN, to=own), "x.eml", NY)
    return meaning(email, None, "G", [own]).kind


def test_a_colleague_on_our_domain_is_not_the_customer_but_a_colleague_the_customer_copied_is():
    assert kind_of("Sam TAM <sam@contoso.example>", "jane@contoso.example") == "note"
    assert kind_of("Chris <chris@fabrikam-partner.example>", "jane@contoso.example") == "customer_replied"


def test_a_public_mail_domain_is_nobodys_company():
    assert kind_of("Alex <alex.customer@gmail.com>", "jane.engineer@gmail.com") == "customer_replied"
    assert kind_of("Jane <jane.engineer@gmail.com>", "jane.engineer@gmail.com") == "email_sent"


# ----- any return date, any of these stages: never earlier, and exactly the later of the two --------------------

SCENARIOS = {
    "G": G,
    "G, second follow-up": [*G, ("2026-11-19T10:01", "email_sent", {})],
    "E": E,
    "K": STRIKE_1,
    "L": [*STRIKE_1, ("2026-11-06T11:00", "strike_sent", {"n": 2})],
}


@settings(max_examples=60, deadline=None)
@given(scenario=st.sampled_from(sorted(SCENARIOS)), days_away=st.integers(min_value=-5, max_value=40))
def test_an_out_of_office_never_pulls_the_next_action_earlier(scenario, days_away):
    from datetime import date, timedelta

    from deskcomms.core.calendar import BusinessCalendar

    events = SCENARIOS[scenario]
    received = events[-1][0][:-2] + "30"  # the auto-reply answers our last event, minutes later
    now = received[:-5] + "23:00"
    until = date.fromisoformat(received[:10]) + timedelta(days=days_away)
    before = status(events, now).next_action
    after = status([*events, away(received, until.isoformat())], now).next_action
    calendar = BusinessCalendar.from_settings({})
    back = calendar.add_business_days(calendar.opening(until), 1)
    assert after.id == before.id
    assert after.due == max(before.due, back)


def test_the_tam_on_another_domain_is_not_the_customer_either():
    from deskcomms.core.model import Case, Contact, Tam

    case = Case("2611230010004411", "Copy fails", customer=Contact(email="alex@fabrikam.example"))
    case.tam = Tam("Sam", "sam@partner-tam.example")
    email = read_email(eml("Sam <sam@partner-tam.example>", "RE: Case", "Any news?\n", WHEN), "tam.eml", NY)
    what = meaning(email, case, "G", ["jane@contoso.example"])
    assert (what.kind, what.fields["text"]) == ("note", "Email from the TAM (sam@partner-tam.example)")


def test_the_closure_date_strike_3_announces_is_never_inside_the_customers_absence():
    from deskcomms.core.calendar import BusinessCalendar
    from deskcomms.core.engine import closure_if_final_strike_now, load_playbook
    from tests.core.test_engine import make_case, t

    strikes = [*STRIKE_1, ("2026-11-06T11:00", "strike_sent", {"n": 2})]
    calendar = BusinessCalendar.from_settings({})
    plain = closure_if_final_strike_now(make_case(strikes), load_playbook("css"), calendar, t("2026-11-11T11:00"))
    # Away until Fri 27 Nov (inclusive read as the day back): the announced date waits for the return + 1 day.
    away_case = make_case([*strikes, away("2026-11-06T11:05", "2026-11-27")])
    later = closure_if_final_strike_now(away_case, load_playbook("css"), calendar, t("2026-11-11T11:00"))
    assert plain.at < t("2026-11-27T08:00") <= later.at
    assert "back from out of office Fri 27 Nov" in later.basis
