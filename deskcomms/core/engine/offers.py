"""What the app offers in a stage: the events that complete the next action first (the playbook's
``done_by``), then those the stage expects, then those allowed anywhere; sensible defaults for an event's
fields; and the customer's clock for a call."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..calendar import BusinessCalendar
from ..events import KINDS
from ..model import Case
from ..promise import promised_time, zone_of
from .status import Status


def offered_events(status: Status) -> tuple[list[str], list[str]]:
    """The event kinds the current stage expects (buttons; those that complete the next action first),
    and the others allowed anywhere (a menu)."""
    pb = status.playbook
    if status.closed:
        return ["reopened"], ["note"]
    sid = status.stage.id
    primary: list[str] = []
    if status.next_action is not None:
        primary += [k for k in pb.done_by(status.next_action.id) if k in KINDS]
    leaving = (*pb.leaving(sid), *pb.moves_from(sid))
    if "customer_replied" in pb.stay.get(sid, ()) or any("customer_replied" in t.on for t in leaving):
        primary.append("customer_replied")
    for t in leaving:
        for kind in t.on:
            if kind != "auto" and kind not in primary:
                primary.append(kind)
    for kind in sorted(pb.stay.get(sid, ())):
        if kind not in primary:
            primary.append(kind)
    others = [k for k in sorted(pb.anywhere) if k not in primary and k != "opened"]
    return primary, others


def default_fields(kind: str, status: Status, calendar: BusinessCalendar, now: datetime) -> dict[str, object]:
    """Sensible defaults for an event's fields, from the playbook (e.g. the research stage's default ETA)."""
    pb = status.playbook
    defaults: dict[str, object] = {}
    customer_zone = zone_of(status.case.customer.timezone)
    if kind in ("pending_research", "eta_set"):
        if status.eta is not None and status.eta > now:
            defaults["eta"] = status.eta  # the ETA we promised (and the draft said), to the minute
        else:
            # the same time a draft would promise: in the hours both sides work (playbook rules §6)
            days = int(pb.parameters.get("research_default_eta_days", 1))
            defaults["eta"] = promised_time(calendar.add_business_days(now, days), now, calendar, customer_zone)
    elif kind == "meeting_scheduled":
        defaults["meeting_at"] = promised_time(calendar.add_business_days(now, 1), now, calendar, customer_zone)
    elif kind == "fqr_sent":
        defaults["channel"] = status.case.customer.preferred_channel
    elif kind == "strike_sent":
        strike = status.stage.options.get("strike")
        defaults["n"] = int(strike) + 1 if strike else 1
    elif kind in ("paused", "out_of_office"):
        defaults["until"] = calendar.local(now).date() + timedelta(days=7)
    elif kind == "outreach_sent":
        defaults["n"] = 1
    elif kind == "delivery_failed" and status.case.customer.email:
        defaults["address"] = status.case.customer.email  # the engineer corrects it if another bounced
    return defaults


def customer_clock(case: Case, calendar: BusinessCalendar, now: datetime) -> tuple[datetime, bool] | None:
    """The customer's local time now, and whether it falls in their business hours (the engineer's
    working hours and workdays, read in the customer's zone), or None when the zone is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not case.customer.timezone:
        return None
    try:
        local = now.astimezone(ZoneInfo(case.customer.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return None
    inside = local.isoweekday() in calendar.workdays and calendar.work_start <= local.time() <= calendar.work_end
    return local, inside
