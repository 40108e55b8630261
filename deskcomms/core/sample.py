"""Sample cases for a first look (``deskcomms --demo`` and the File menu): one case in each interesting
stage, dated relative to ``now`` so the window always shows something due today, overdue and ahead."""

from __future__ import annotations

from datetime import datetime

from .calendar import BusinessCalendar
from .model import Case, Contact, Event, Tam

_PEOPLE = [
    (
        "Alex Doe",
        "alex.doe@contoso-retail.example",
        "America/Chicago",
        "Data Factory",
        "Copy activity fails with timeout",
    ),
    ("Priya Natarajan", "priya@fabrikam.example", "Asia/Kolkata", "Synapse", "Spark pool does not start"),
    (
        "Lena Vogel",
        "l.vogel@northwind.example",
        "Europe/Berlin",
        "Data Factory",
        "Self-hosted IR goes offline",
    ),
    (
        "Marcus Reed",
        "mreed@tailspin.example",
        "America/Los_Angeles",
        "Azure SQL",
        "Deadlocks after scaling up",
    ),
    ("Sofia Alvarez", "sofia@wingtip.example", "America/New_York", "Event Hubs", "Throttling under load"),
    (
        "Kenji Sato",
        "k.sato@adventure-works.example",
        "Asia/Tokyo",
        "Databricks",
        "Job cluster quota exceeded",
    ),
    (
        "Grace Okafor",
        "grace@litware.example",
        "Europe/London",
        "Data Factory",
        "Mapping data flow debug hangs",
    ),
    ("Tom Becker", "tbecker@proseware.example", "America/Denver", "Storage", "SAS token rejected by copy"),
    ("Amelie Laurent", "amelie@coho.example", "Europe/Paris", "Synapse", "Serverless SQL query is slow"),
    (
        "Diego Santos",
        "diego@woodgrove.example",
        "America/Sao_Paulo",
        "Data Factory",
        "Pipeline trigger fires twice",
    ),
]


def sample_cases(calendar: BusinessCalendar, now: datetime) -> list[Case]:
    """Ten cases at different points of the lifecycles; each event sits a number of business hours
    before ``now``, so the list shows a calm spread: a little overdue, due today, due later."""
    now = calendar.to_business_time(now).replace(second=0, microsecond=0)

    def ago(hours: float) -> datetime:
        return calendar.add_business_hours(now, -hours) if hours > 0 else now

    eta_tomorrow = calendar.add_business_days(now, 1).isoformat()
    eta_passed = ago(2).isoformat()
    meeting = calendar.add_business_days(now, 1).replace(minute=0).isoformat()
    # (business hours before now that the case opened, [(business hours before now, kind, fields)])
    shapes: list[tuple[float, list[tuple[float, str, dict[str, object]]]]] = [
        (0.3, []),
        (10, [(9.5, "fqr_sent", {"channel": "email"}), (9, "pending_research", {"eta": eta_tomorrow})]),
        (
            31,
            [(30, "fqr_sent", {"channel": "email"}), (29.5, "pending_customer", {}), (20, "email_sent", {})],
        ),
        (
            41,
            [(40, "fqr_sent", {"channel": "phone"}), (39, "email_sent", {}), (7, "resolution_provided", {})],
        ),
        (
            62,
            [
                (60, "fqr_sent", {"channel": "email"}),
                (36, "unresponsive", {}),
                (35, "strike_sent", {"n": 1}),
                (8, "strike_sent", {"n": 2}),
            ],
        ),
        (13, [(12, "fqr_sent", {"channel": "email"}), (1.5, "customer_replied", {})]),
        (
            21,
            [
                (20, "fqr_sent", {"channel": "email"}),
                (3, "meeting_scheduled", {"meeting_at": meeting}),
                (0.5, "dissatisfied", {}),
            ],
        ),
        (
            42,
            [
                (40, "fqr_sent", {"channel": "email"}),
                (20, "resolution_provided", {}),
                (0.2, "confirmation_received", {}),
            ],
        ),
        (16, [(15, "fqr_sent", {"channel": "email"}), (14, "pending_research", {"eta": eta_passed})]),
    ]
    cases = []
    for i, (opened_ago, steps) in enumerate(shapes):
        name, email, tz, tech, title = _PEOPLE[i]
        events = [Event(ago(hours), kind, dict(fields)) for hours, kind, fields in steps]
        cases.append(
            Case(
                number=f"2611{i + 1:02d}0010{4711 + i:06d}",
                title=title,
                technology=tech,
                playbook="css",
                opened_at=ago(opened_ago),
                customer=Contact(
                    name=name,
                    email=email,
                    phone=f"+1 555 01{i:02d}",
                    timezone=tz,
                    preferred_channel="phone" if i == 3 else "email",
                    premier=i in (4, 6),
                ),
                tam=Tam("Sam Roe", "sam.roe@example.com") if i in (4, 6) else None,
                events=events,
            )
        )
    name, email, tz, tech, _title = _PEOPLE[9]
    cases.append(
        Case(
            number="RE-2611-0042",
            title="Re-engage on analytics modernisation",
            technology=tech,
            playbook="reengagement",
            opened_at=ago(14),
            customer=Contact(name=name, email=email, timezone=tz),
            events=[
                Event(ago(13.5), "research_done", {}),
                Event(ago(13.2), "dnc_checked", {}),
                Event(ago(12), "outreach_sent", {"n": 1}),
            ],
        )
    )
    return cases
