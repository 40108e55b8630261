"""Drafting customer emails from templates (playbook rules §6): load, render safely, address, check.

A template file is a ``Subject:`` line, a blank line, then a jinja2 body. Built-ins live in
``resources/templates``; user templates in ``<data dir>/templates/NAME.j2`` add to or override them.
Rendering runs in jinja2's SandboxedEnvironment with StrictUndefined, no file access (only the known
templates can be included), huge numbers refused in calls, filters and operators, a wall-clock deadline
and an output cap, so no template can run code, read the environment or files, or freeze the app.
"""

from __future__ import annotations

import html
import json
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .calendar import BusinessCalendar
from .engine import Status
from .errors import UserError
from .model import Case
from .privacy import find_personal_data, line_numbers
from .promise import outside_customer_day, promised_time, zone_of
from .sandbox import (
    DEADLINE_SECONDS,
    MAX_OUTPUT,
    MAX_TEMPLATE_BYTES,
    TemplateError,
    TemplateSource,
    render_source,
)

__all__ = [
    "DEADLINE_SECONDS",
    "MAX_OUTPUT",
    "Draft",
    "TemplateError",
    "TemplateSet",
    "TemplateSource",
    "make_draft",
    "readiness",
]

TEMPLATE_SUFFIX = ".j2"
DEFAULT_SUBJECT_PATTERN = "{subject} - Case {case_number}"


@dataclass
class Draft:
    template: str
    subject: str
    text: str
    html: str
    to: list[str]
    cc: list[str]
    meta: Mapping[str, Any] = field(default_factory=dict)
    promised: datetime | None = None  # the update time the text promises, checked again before sending
    deadline: float | None = None  # time.monotonic() by which drafting and its check must be done


# ----- templates ------------------------------------------------------------------------------------


def builtin_dir() -> Path:
    from ..paths import resources_dir

    return resources_dir() / "templates"


def parse_template_file(name: str, text: str, path: str, user: bool) -> TemplateSource:
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or not lines[0].startswith("Subject:"):
        raise TemplateError(f"{path} line 1: a template starts with a 'Subject: ...' line")
    if len(lines) < 2 or lines[1].strip():
        raise TemplateError(f"{path} line 2: leave a blank line between the Subject line and the body")
    return TemplateSource(name, lines[0][len("Subject:") :].strip(), "\n".join(lines[2:]), path, user)


class TemplateSet:
    """The built-in templates and the user's, by name (a user template overrides a built-in one)."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.meta: dict[str, dict[str, Any]] = json.loads((builtin_dir() / "templates.json").read_text("utf-8"))
        self._paths: dict[str, tuple[Path, bool]] = {p.stem: (p, False) for p in builtin_dir().glob("*.j2")}
        if user_dir is not None and user_dir.is_dir():
            for path in user_dir.glob(f"*{TEMPLATE_SUFFIX}"):
                self._paths[path.stem] = (path, True)

    def names(self) -> list[str]:
        return sorted(self._paths)

    def title(self, name: str) -> str:
        return str(self.meta.get(name, {}).get("title", name.replace("_", " ")))

    def get(self, name: str) -> TemplateSource:
        if name not in self._paths:
            raise TemplateError(f"no template named {name!r} (known: {', '.join(self.names())})")
        path, user = self._paths[name]
        try:
            # A regular file only (a named pipe would wait forever, a link to /dev/zero never ends), and
            # never more than the limit is read, whatever the file claims its size is.
            if not stat.S_ISREG(path.stat().st_mode):
                raise TemplateError(f"{path}: not a regular file (a pipe, a device or a folder)")
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{path}: the template is larger than {MAX_TEMPLATE_BYTES // 1000} kB")
            with open(path, "rb") as handle:
                raw = handle.read(MAX_TEMPLATE_BYTES + 1)
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{path}: the template is larger than {MAX_TEMPLATE_BYTES // 1000} kB")
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path}: cannot read the template ({exc})") from None
        return parse_template_file(name, text, str(path), user)


# ----- what a template can use -------------------------------------------------------------------------


def customer_time(moment: datetime | None, case: Case, calendar: BusinessCalendar) -> str:
    """``Tuesday 24 November at 11:00 CST``: in the customer's zone when it is known."""
    if moment is None:
        return ""
    local = moment.astimezone(zone_of(case.customer.timezone) or calendar.zone)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M} {local.tzname()}"


def customer_date(moment: datetime, case: Case, calendar: BusinessCalendar) -> str:
    """``Tuesday, 24 November 2026`` as the customer's calendar reads it (their zone when known)."""
    local = moment.astimezone(zone_of(case.customer.timezone) or calendar.zone)
    return f"{local:%A}, {local.day} {local:%B} {local.year}"


def long_date(moment: datetime | None, calendar: BusinessCalendar) -> str:
    if moment is None:
        return ""
    local = calendar.local(moment)
    return f"{local:%A}, {local.day} {local:%B} {local.year}"


def signature(profile: Mapping[str, str], settings: Mapping[str, Any]) -> str:
    days = settings.get("workdays", [1, 2, 3, 4, 5])
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    span = (
        f"{names[days[0] - 1]}–{names[days[-1] - 1]}"
        if days == list(range(days[0], days[-1] + 1))
        else ", ".join(names[d - 1] for d in days)
    )
    hours = (
        f"{span} {settings.get('work_start', '08:00')}–{settings.get('work_end', '17:00')} "
        f"{settings.get('timezone', '')}"
    )
    lines = [
        profile.get("name", ""),
        " | ".join(x for x in (profile.get("title"), profile.get("team")) if x),
        profile.get("company", "") and f"{profile['company']} Support",
        f"Email: {profile.get('email', '')}",
        f"Phone: {profile.get('phone', '')}",
        f"Working hours: {hours}",
    ]
    manager = " - ".join(x for x in (profile.get("manager_name"), profile.get("manager_email")) if x)
    if manager:
        lines.append(f"Manager: {manager}")
    return "\n".join(line for line in lines if line and not line.endswith(": "))


# Said where the playbook gives a stage no sentence of its own; like those, it promises no time (the
# templates add the ETA sentence).
DEFAULT_NEXT_STEPS = "I would like to go through where things stand with you and agree on the next steps."


def manager_contact(profile: Mapping[str, str]) -> str:
    """``Lee Park (lee@example.com)``, or whichever half is known, or nothing."""
    name, address = profile.get("manager_name", ""), profile.get("manager_email", "")
    return f"{name} ({address})" if name and address else name or address


def promise(status: Status, case: Case, calendar: BusinessCalendar, now: datetime) -> datetime | None:
    """The time the draft promises the next update by: the ETA given if still ahead, else a new one.

    None when the ball is not ours (we promise nothing while we wait for the customer)."""
    if status.eta is not None and status.eta > now:
        return status.eta  # a promise made is a fixed instant: kept as given
    if status.ball not in ("ours", "none") and status.eta is None:
        return None
    days = int(status.playbook.parameters.get("research_default_eta_days", 1))
    return promised_time(calendar.add_business_days(now, days), now, calendar, zone_of(case.customer.timezone))


def draft_context(
    case: Case,
    status: Status,
    profile: Mapping[str, str],
    settings: Mapping[str, Any],
    calendar: BusinessCalendar,
    now: datetime,
) -> dict[str, Any]:
    """The variables a template can use (documented in the README)."""
    customer = case.customer
    first = customer.name.split()[0] if customer.name.split() else "there"
    eta = promise(status, case, calendar, now)
    missed = status.eta if status.eta is not None and status.eta <= now else None
    company = profile.get("company", "")
    closure = None
    if status.stage.rule == "closure" and status.next_action is not None:
        closure = status.next_action.due
    elif "closure_after_strike3_days" in status.playbook.parameters:
        from .engine import closure_if_final_strike_now  # strike 3 announces the date the rules give

        closure = closure_if_final_strike_now(case, status.playbook, calendar, now).at
    outbound = [e for e in case.sorted_events() if e.kind in status.playbook.kinds("outbound") and e.at <= now]
    last_email = calendar.local(outbound[-1].at) if outbound else None
    # A draft says "I tried to call" only when a call was made after our last email (a sentence claiming a
    # call that did not happen is worse than none).
    calls = status.playbook.kinds("attempts") | (status.playbook.kinds("contacts") & {"call_reached"})
    called = any(
        e.kind in calls and e.at <= now for e in case.sorted_events() if not outbound or e.at > outbound[-1].at
    )
    meeting = next(
        (
            e.instant("meeting_at")
            for e in reversed(case.sorted_events())
            if e.kind == "meeting_scheduled" and e.instant("meeting_at")
        ),
        None,
    )
    return {
        "case_number": case.number,
        "case_title": case.title,
        "issue": case.title,
        "technology": case.technology or "your service",
        "case_technology": case.technology,
        "customer_name": customer.name or "there",
        "customer_first_name": first,
        "customer_email": customer.email,
        "engineer_name": profile.get("name", ""),
        "engineer_first_name": (profile.get("name") or "").split(" ")[0],
        "engineer_email": profile.get("email", ""),
        "engineer_phone": profile.get("phone", ""),
        "engineer_title": profile.get("title", ""),
        "team": profile.get("team", ""),
        "company": company or "our",
        "support_team": f"{company} Support" if company else "our support team",
        "manager_name": profile.get("manager_name", ""),
        "manager_email": profile.get("manager_email", ""),
        "manager_contact": manager_contact(profile),
        "tam_name": case.tam.name if case.tam else "",
        "eta": customer_time(eta, case, calendar),
        "missed_eta": customer_time(missed, case, calendar),
        "closure_date": long_date(closure, calendar),
        # "27 November": read the same way on both sides of the Atlantic (11/27 is not).
        "last_email_date": f"{calendar.local(last_email).day} {calendar.local(last_email):%B}" if last_email else "",
        "meeting_time": customer_time(meeting, case, calendar),
        "called_since_last_email": called,
        "next_steps": status.stage.next_steps or DEFAULT_NEXT_STEPS,
        "today": customer_date(now, case, calendar),  # the customer's today, not ours (playbook rules §6)
        "signature": signature(profile, settings),
    }


# ----- drafting ------------------------------------------------------------------------------------------


def subject_line(pattern: str, subject: str, case_number: str) -> str:
    try:
        line = pattern.format(subject=subject, case_number=case_number)
    except (KeyError, IndexError, ValueError):
        line = DEFAULT_SUBJECT_PATTERN.format(subject=subject, case_number=case_number)
    return line if case_number in line else f"{line} - Case {case_number}"


def addresses(meta: Mapping[str, Any], case: Case, profile: Mapping[str, str]) -> tuple[list[str], list[str]]:
    to = [case.customer.email] if case.customer.email else []
    cc = [profile.get("support_cc", "")]
    wanted = set(meta.get("cc", []))
    if "tam" in wanted and case.tam and case.tam.email:
        cc.append(case.tam.email)
    if "manager" in wanted and profile.get("manager_email"):
        cc.append(profile["manager_email"])
    return to, [c for c in dict.fromkeys(cc) if c]


def make_draft(
    name: str,
    templates: TemplateSet,
    case: Case,
    status: Status,
    profile: Mapping[str, str],
    settings: Mapping[str, Any],
    calendar: BusinessCalendar,
    now: datetime,
) -> Draft:
    deadline = time.monotonic() + DEADLINE_SECONDS * 2  # rendering, then the readiness check
    source = templates.get(name)
    meta = templates.meta.get(name, {})
    context = draft_context(case, status, profile, settings, calendar, now)
    # A template written for another stage (a first response drafted while the case is in the strikes)
    # takes that stage's "what happens next" sentence, not the current stage's.
    meant = [s for s in meta.get("stages", []) if s in status.playbook.stages]
    if meant and status.stage.id not in meant:
        context["next_steps"] = status.playbook.stages[meant[0]].next_steps or DEFAULT_NEXT_STEPS
    subject, text = render_source(source, context)
    to, cc = addresses(meta, case, profile)
    pattern = str(settings.get("subject_pattern") or DEFAULT_SUBJECT_PATTERN)
    eta_text = context["eta"]
    promised = promise(status, case, calendar, now) if eta_text and eta_text in text else None
    line = subject_line(pattern, subject, case.number)
    return Draft(name, line, text, to_html(text, settings), to, cc, meta, promised, deadline)


# Outlook's fallbacks when the chosen font is missing: Calibri (Office before 2023), then Arial.
FONT_FALLBACKS = ("Calibri", "Arial")


def font_css(family: str = "Aptos", size: int = 11) -> str:
    """The CSS font declarations of a draft: the chosen family, Calibri and Arial, then sans-serif."""
    families = [family, *(f for f in FONT_FALLBACKS if f.casefold() != family.casefold())]
    listed = ",".join(f"'{f}'" if " " in f else f for f in families)
    return f"font-family:{listed},sans-serif;font-size:{size}pt;"


def to_html(text: str, settings: Mapping[str, Any] | None = None) -> str:
    """HTML Outlook keeps as it is: inline styles on every element, no classes, no style blocks; in the
    draft font of ``settings`` (draft_font, draft_font_size; Aptos 11 pt by default)."""
    chosen = settings or {}
    # No text colour: the reader's theme gives it (Outlook's dark mode, a pasted draft in a dark window).
    font = font_css(str(chosen.get("draft_font") or "Aptos"), int(chosen.get("draft_font_size") or 11))
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    out = [f'<div style="{font}">']
    for block in blocks:
        lines = block.split("\n")
        if all(line.lstrip().startswith(("- ", "• ")) for line in lines):
            items = "".join(f'<li style="margin:0 0 4px 0;">{html.escape(line.lstrip()[2:])}</li>' for line in lines)
            out.append(f'<ul style="margin:0 0 12px 24px;padding:0;">{items}</ul>')
        else:
            out.append(f'<p style="margin:0 0 12px 0;">{"<br>".join(html.escape(line) for line in lines)}</p>')
    out.append("</div>")
    return "\n".join(out)


_BAD_HEADER = re.compile(r"[\r\n\x00\ud800-\udfff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def to_eml(draft: Draft, sender: str = "") -> bytes:
    """An unsent Outlook draft: X-Unsent: 1, multipart/alternative (plain text and HTML).

    A header value with a line break or an invalid character (stored before validation existed) is
    refused with a message naming the header, never written half-way."""
    from email.message import EmailMessage
    from email.policy import SMTP

    headers = {"From": sender, "To": ", ".join(draft.to), "Cc": ", ".join(draft.cc), "Subject": draft.subject}
    for name, value in headers.items():
        if _BAD_HEADER.search(value):
            raise UserError(f"the draft's {name} holds a line break or an invalid character: correct it first")
    # No header folding and 8-bit text where lines allow: the file reads plainly (quoted-printable would
    # split words, even the case number, at soft line breaks).
    msg = EmailMessage(policy=SMTP.clone(max_line_length=998))
    for name, value in headers.items():
        if value:
            msg[name] = value
    msg["X-Unsent"] = "1"
    text = _LONE_SURROGATE.sub("\ufffd", draft.text)
    page = _LONE_SURROGATE.sub("\ufffd", f"<html><body>\n{draft.html}\n</body></html>\n")
    text_cte = "8bit" if max(map(len, text.splitlines() or [""])) < 990 else "quoted-printable"
    html_cte = "8bit" if max(map(len, page.splitlines())) < 990 else "quoted-printable"
    msg.set_content(text, cte=text_cte)
    msg.add_alternative(page, subtype="html", cte=html_cte)
    return msg.as_bytes()


def mailto_url(draft: Draft) -> str:
    from urllib.parse import quote

    query = f"subject={quote(draft.subject)}&body={quote(draft.text)}"
    if draft.cc:
        query = f"cc={quote(','.join(draft.cc))}&" + query
    return f"mailto:{quote(','.join(draft.to), safe='@,')}?{query}"


# ----- readiness ----------------------------------------------------------------------------------------

# Every alternative is bounded in length, so the scan stays linear in the draft's size (issue: an
# 80,000-character title once made the check quadratic).
_PLACEHOLDER = re.compile(
    r"\[[A-Z][^\]\n]{1,40}\]|<[A-Z][A-Za-z ]{1,40}>|\{\{[^\n]{0,200}?\}\}|\{%[^\n]{0,200}?%\}|\bTODO\b|"
    r"\bXXX+\b|\bTBD\b"
)


def readiness(
    draft: Draft, case: Case, status: Status, profile: Mapping[str, str], calendar: BusinessCalendar, now: datetime
) -> list[str]:
    """What is wrong with sending this draft now, each in one plain sentence (playbook rules §6)."""
    problems: list[str] = []
    text = f"{draft.subject}\n{draft.text}"
    left = next((m.group(0) for m in _PLACEHOLDER.finditer(text) if m.group(0) not in case.title), None)
    if left:
        problems.append(f"An unfilled placeholder is left in the draft: {left[:60]}")
    if case.number not in draft.subject:
        problems.append(f"The subject does not contain the case number {case.number}.")
    if not profile.get("support_cc") or profile.get("support_cc") not in draft.cc:
        problems.append("The support CC address is missing, so the mail will not be filed into the case.")
    if case.customer.do_not_contact:
        problems.append("The customer is on the do-not-contact list: choose another contact.")
    if not draft.to:
        problems.append("The customer has no email address.")
    bounced = _bounced_address(case, status)
    if bounced and bounced.casefold() in {a.casefold() for a in [*draft.to, *draft.cc]}:
        # playbook rules §3, Delivery failure: an email to an address that bounced reaches nobody.
        problems.append(
            f"Our last email to {bounced} was not delivered: fix the address or reach the customer another way."
        )
    if not profile.get("name") or not profile.get("email"):
        problems.append("Your profile is not filled in, so the signature is incomplete (name, email, phone).")
    if status.ball == "ours" and draft.meta.get("needs_eta", False) and not _mentions_time(draft.text):
        problems.append("The ball is in our court but the draft gives no ETA for our next update.")
    stages = draft.meta.get("stages")
    if stages and status.stage.id not in stages and not status.closed:
        # Stage names as the playbook gives them ("Pending customer"), never raw ids.
        meant = [
            status.playbook.stages[s].name or status.playbook.stages[s].title
            for s in stages
            if s in status.playbook.stages
        ]
        here = status.stage.name or status.stage.title
        problems.append(f"This template is meant for {' or '.join(meant) or 'another stage'}; the case is in {here}.")
    if draft.meta.get("guard") == "closure":
        problems += _closure_guard(case, status, calendar, now)
    if draft.promised is not None and draft.promised <= now:
        problems.append(
            f"The draft promises an update by {calendar.local(draft.promised):%a %d %b %H:%M}, which is already "
            "past: give a new time (Discard edits drafts it again with one)."
        )
    late = outside_customer_day(draft.promised, zone_of(case.customer.timezone)) if draft.promised else None
    if late is not None and draft.promised is not None and draft.promised > now:
        problems.append(
            f"The draft promises an update at {late:%a %d %b %H:%M} {late.tzname()} for the customer "
            f"({case.customer.timezone}), outside their working hours: is that the time you mean?"
        )
    if not calendar.is_business_time(now):
        nxt = calendar.to_business_time(now)
        problems.append(f"It is outside business time now: use delayed delivery for {nxt:%a %d %b %H:%M}.")
    if draft.deadline is not None and time.monotonic() > draft.deadline:
        problems.append("The draft is too long to check for personal data in time: read it through before sending.")
        return problems
    findings = find_personal_data(draft.text, known_values(case, profile))
    for finding, line in zip(findings, line_numbers(draft.text, findings), strict=True):
        problems.append(f"The draft holds {finding.describe(draft.text, line)}: remove it before sending.")
    return problems


def _bounced_address(case: Case, status: Status) -> str:
    """The address of the delivery failure the case still carries (its "fix the address" not yet done)."""
    if not any(f.code == "delivery_failed" for f in status.flags):
        return ""
    failed = [e for e in case.sorted_events() if e.kind == "delivery_failed"]
    return str(failed[-1].fields.get("address") or "") if failed else ""


def known_values(case: Case, profile: Mapping[str, str]) -> list[str]:
    """Numbers and addresses that belong in a case's mail, so the privacy check does not report them."""
    return [
        case.number,
        case.customer.email,
        case.customer.phone,
        profile.get("email", ""),
        profile.get("phone", ""),
        profile.get("manager_email", ""),
        profile.get("support_cc", ""),
        case.tam.email if case.tam else "",
    ]


def _mentions_time(text: str) -> bool:
    return bool(
        re.search(
            r"\b(\d{1,2}:\d{2}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
            r"tomorrow|today|\d{1,2}/\d{1,2})\b",
            text,
            re.I,
        )
    )


def _closure_guard(case: Case, status: Status, calendar: BusinessCalendar, now: datetime) -> list[str]:
    from .engine import closing_guard

    guard = closing_guard(case, status.playbook, calendar, now)
    days = status.playbook.days("closure_min_silence_calendar_days") if guard is not None else 0
    if guard is not None and now < guard:
        return [
            f"Closing now breaks the {days}-day rule: no closure before {guard:%a %d %b %H:%M} "
            f"(last successful contact + {days} days)."
        ]
    return []
