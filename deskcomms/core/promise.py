"""The time a draft promises the next update by (playbook rules §1 and §6: a promise is kept in business time).

A promised time is always ahead of now and falls where our business hours and the customer's working day
overlap (a Tokyo customer is not promised 02:00 JST when a time exists that suits both); where they never
meet, it is the start of the customer's next working day (what they read is in their day, not ours).
An ETA the engine already holds and that is still ahead is kept as given: a promise made is not moved.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from .calendar import BusinessCalendar

SLOT = timedelta(minutes=30)  # promised times are on the half hour: "by 14:30", never "by 14:26"
SEARCH_DAYS = 7  # how far ahead a slot suiting both sides is looked for before ours alone is taken
CUSTOMER_DAY = (time(8, 0), time(18, 0))  # a customer's working day, in their zone, Monday to Friday


def zone_of(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _round_up(moment: datetime) -> datetime:
    base = moment.replace(second=0, microsecond=0)
    extra = base.minute % 30
    if extra or moment != base:
        base += timedelta(minutes=30 - extra) if extra else SLOT
    return base


def suits_customer(moment: datetime, zone: tzinfo) -> bool:
    local = moment.astimezone(zone)
    return local.isoweekday() <= 5 and CUSTOMER_DAY[0] <= local.time() <= CUSTOMER_DAY[1]


def promised_time(
    earliest: datetime, now: datetime, calendar: BusinessCalendar, customer_zone: tzinfo | None
) -> datetime:
    """The first half-hour slot at or after ``earliest`` (and after ``now``) that is our business time and,
    if such a slot exists within a week, the customer's working day too."""
    start = _round_up(max(earliest, now + timedelta(minutes=1)))
    ours = _round_up(calendar.to_business_time(start))
    if not calendar.is_business_time(ours):
        ours = calendar.to_business_time(ours)
    if customer_zone is None or suits_customer(ours, customer_zone):
        return ours
    slot = ours
    for _ in range(int(SEARCH_DAYS * 24 * 60 / 30)):
        slot += SLOT
        if calendar.is_business_time(slot) and suits_customer(slot, customer_zone):
            return slot
    return customer_day_start(ours, customer_zone)  # our hours and theirs never meet: their morning


def customer_day_start(earliest: datetime, zone: tzinfo) -> datetime:
    """The start of the customer's first working day (Monday to Friday, in their zone) at or after
    ``earliest``."""
    local = earliest.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        start = datetime.combine(day, CUSTOMER_DAY[0], tzinfo=zone)
        if day.isoweekday() <= 5 and start >= local:
            return start
    return earliest  # unreachable: a week always holds a weekday morning


def outside_customer_day(moment: datetime, zone: tzinfo | None) -> datetime | None:
    """``moment`` in the customer's zone when it falls outside their working day, else None."""
    if zone is None or suits_customer(moment, zone):
        return None
    return moment.astimezone(zone)


def eta_notes(value: object, calendar: BusinessCalendar, customer_zone: str) -> list[str]:
    """What the engineer should hear about an ETA just promised (an event's ``eta``): a time outside their
    own business hours or outside the customer's working day is kept as given (a promise is not moved,
    playbook rules §2) but said, so a typo or a promise the customer reads at 02:00 is noticed now."""
    from .timefmt import short_instant

    if not isinstance(value, str) or len(value.strip()) == 10:  # a date alone: "by then", no hour promised
        return []
    try:
        eta = datetime.fromisoformat(value.strip())
    except ValueError:
        return []
    if eta.tzinfo is None:
        return []
    notes = []
    ours = calendar.local(eta)
    if not calendar.is_business_time(eta):
        reason = calendar.non_business_reason(ours.date()) or (
            "before your opening" if ours.time() < calendar.work_start else "after your closing"
        )
        notes.append(f"the ETA {short_instant(ours)} is outside your business hours ({reason})")
    zone = zone_of(customer_zone)
    theirs = outside_customer_day(eta, zone)
    if theirs is not None:
        notes.append(
            f"the ETA is {short_instant(theirs)} in the customer's time ({customer_zone}), outside their working day"
        )
    return notes
