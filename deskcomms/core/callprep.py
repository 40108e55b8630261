"""Preparing calls and voicemails (playbook rules §7, seed 000 "Phone/Screen Share"): a checklist built from
the case, and a voicemail script that names the technology, never the case details."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .calendar import BusinessCalendar
from .engine import Status, customer_clock
from .model import Case
from .timefmt import short_instant


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str


@dataclass(frozen=True)
class ChecklistSection:
    title: str
    items: tuple[ChecklistItem, ...]


SECURITY = (
    "Do not record the call or the screen-share",
    "Do not take screenshots: ask the customer to upload them to the case storage",
    "Keep personal data (full names, phone numbers) out of notes and uploads",
    "If the customer shares a password or other access secret, ask them to change it",
)
RESCUE = (
    "Stay calm",
    "Return to the planned to-do list",
    "Ask the customer for their current priorities",
    "Agree on an action plan and next steps together",
    "Take time to research, and say when you will be back",
)


def call_checklist(
    case: Case, status: Status, profile: Mapping[str, str], calendar: BusinessCalendar, now: datetime
) -> list[ChecklistSection]:
    name = profile.get("name") or "your name"
    team = f"{profile['company']} Support" if profile.get("company") else "the support team"
    before: list[str] = []
    if case.customer.do_not_contact:
        before.append("STOP: the customer is on the do-not-contact list; choose another contact")
    else:
        before.append("Do-not-contact list checked: the customer may be contacted")
    clock = customer_clock(case, calendar, now)
    if clock is not None:
        local, inside = clock
        before.append(
            f"Their local time: {local:%a %H:%M} ({case.customer.timezone}), "
            f"{'inside' if inside else 'OUTSIDE'} their business hours"
        )
    if case.customer.phone:
        before.append(f"Number to call: {case.customer.phone}")
    before.append(f'Greeting: "Hello, this is {name} from {team}."')
    # What to gather, convey and which steps to take come from the stage (the playbook file).
    gather = [*status.stage.call_gather, "Anything new since the last contact"]
    convey = [f"The next step: {status.next_action.title}" if status.next_action else "The current status"]
    if status.eta is not None:
        convey.append(f"Our ETA: {short_instant(calendar.local(status.eta))}")
    steps = list(status.stage.call_steps or ("Agree on the next steps",))
    hours = status.playbook.parameters.get("call_summary_hours", 1)
    within = "one business hour" if hours == 1 else f"{hours:g} business hours"
    steps.append(f"After the call: send the summary email with next steps within {within}")
    sections = [
        ("Before you dial", before),
        ("Gather", gather),
        ("Convey", convey),
        ("Steps", steps),
        ("Security", list(SECURITY)),
        ("If the call goes badly", list(RESCUE)),
    ]
    return [
        ChecklistSection(title, tuple(ChecklistItem(f"{title}:{i}", text) for i, text in enumerate(items)))
        for title, items in sections
    ]


def voicemail_script(case: Case, status: Status, profile: Mapping[str, str]) -> str:
    """Who, from where, which technology (not the case number), why in general terms, an email follows,
    call back or reply, the number twice. Nothing personal or about the environment."""
    name = profile.get("name") or "[your name]"
    team = f"{profile['company']} Support" if profile.get("company") else "the support team"
    phone = profile.get("phone")
    technology = case.technology or "support"
    reason = status.stage.voicemail_reason or "to give you an update and go over the next steps"
    # Without a phone number in the profile the script asks for a reply instead of saying no number.
    callback = (
        "please call me back or reply to that email. My number is in my email signature, and in case it "
        f"doesn't reach you, it's {phone}. Again, that's {phone}."
        if phone
        else "please reply to that email and we will find a time to talk."
    )
    return (
        f"Hello, this is {name} from {team}. I'm calling about your {technology} case, {reason}. I'll send "
        f"you an email with the details and the next steps. If you'd like to talk it through, {callback} "
        "Thank you, and have a good day."
    )
