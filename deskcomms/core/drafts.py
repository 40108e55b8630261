"""Drafting customer emails from templates (playbook.md §6): load, render safely, address, check.

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
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from .calendar import BusinessCalendar
from .engine import Status
from .errors import UserError
from .model import Case
from .privacy import find_personal_data

MAX_OUTPUT = 200_000  # characters of a rendered draft
MAX_NUMBER = 100_000  # the largest number a template may pass to a call, filter or operator
DEADLINE_SECONDS = 2.0

TEMPLATE_SUFFIX = ".j2"
DEFAULT_SUBJECT_PATTERN = "{subject} - Case {case_number}"


class TemplateError(UserError):
    """A template that cannot be used: its message names the template and, where known, the line."""


@dataclass(frozen=True)
class TemplateSource:
    name: str
    subject: str
    body: str
    path: str
    user: bool


@dataclass
class Draft:
    template: str
    subject: str
    text: str
    html: str
    to: list[str]
    cc: list[str]
    meta: Mapping[str, Any] = field(default_factory=dict)


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
            if path.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{path}: the template is larger than {MAX_TEMPLATE_BYTES // 1000} kB")
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path}: cannot read the template ({exc})") from None
        return parse_template_file(name, text, str(path), user)


# ----- the safe environment ---------------------------------------------------------------------------


def _too_big(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return abs(value) > MAX_NUMBER
    if isinstance(value, str):
        return len(value) > MAX_OUTPUT
    return False


_WIDE_FORMAT = re.compile(r"\d{6,}")
MAX_TEMPLATE_BYTES = 100_000


def _huge_format(fmt: Any) -> bool:
    """A %-format or str.format spec asking for a field wider than MAX_NUMBER (one C call, gigabytes)."""
    return isinstance(fmt, str) and ("%" in fmt or "{" in fmt) and bool(_WIDE_FORMAT.search(fmt))


def _environment(sources: Mapping[str, str]) -> Any:
    from jinja2 import DictLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%" and _huge_format(left):
                raise SecurityError("a format width in this template is too large")
            if operator == "**" and (_too_big(left) or (isinstance(right, int | float) and abs(right) > 64)):
                raise SecurityError("a number in this template is too large")
            if operator == "*":
                for a, b in ((left, right), (right, left)):
                    if isinstance(a, str | list | tuple) and isinstance(b, int) and len(a) * abs(b) > MAX_OUTPUT:
                        raise SecurityError("this template builds a text that is too long")
                if _too_big(left) or _too_big(right):
                    raise SecurityError("a number in this template is too large")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, str | list) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if any(_too_big(a) for a in (*args, *kwargs.values())):
                raise SecurityError("a number or text passed in this template is too large")
            if getattr(__obj, "__name__", "") in ("format", "format_map") and _huge_format(
                getattr(__obj, "__self__", None)
            ):
                raise SecurityError("a format width in this template is too large")
            result = super().call(__context, __obj, *args, **kwargs)
            if isinstance(result, str | list) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

    env = BoundedSandbox(
        loader=DictLoader(dict(sources)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.pop("lipsum", None)

    def bounded(filter_fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if any(_too_big(a) for a in (*args[1:], *kwargs.values())) or any(_huge_format(a) for a in args[:2]):
                raise SecurityError("a number passed to a filter in this template is too large")
            result = filter_fn(*args, **kwargs)
            if isinstance(result, str) and len(result) > MAX_OUTPUT:
                raise SecurityError("this template builds a text that is too long")
            return result

        for attr in ("jinja_pass_arg",):
            if hasattr(filter_fn, attr):
                setattr(wrapper, attr, getattr(filter_fn, attr))
        return wrapper

    env.filters = {name: bounded(fn) for name, fn in env.filters.items()}
    return env


class _Deadline:
    """Stops a render that runs too long: a trace hook checks the clock on every line of template code."""

    def __init__(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > self.until:
            raise TimeoutError("the template took too long to render")
        return self

    def __enter__(self) -> _Deadline:
        self._previous = sys.gettrace()
        sys.settrace(self)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._previous)


def _template_line(exc: BaseException, filename: str) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb = exc.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def render_source(
    source: TemplateSource, context: Mapping[str, Any], others: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """(subject, body) of a template, or a TemplateError naming the template and line."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound
    from jinja2.exceptions import SecurityError

    sources = {**(others or {}), source.name: source.body, f"{source.name}:subject": source.subject}
    filename = "<template>"  # what jinja names the frames of a template loaded from memory
    try:
        env = _environment(sources)
        with _Deadline(DEADLINE_SECONDS):
            body_template = env.get_template(source.name)
            parts: list[str] = []
            size = 0
            for chunk in body_template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise SecurityError("the draft is too long (a template loop that never ends?)")
                parts.append(chunk)
            subject = env.get_template(f"{source.name}:subject").render(**context)
    except TimeoutError:
        raise TemplateError(
            f"{source.path}: the template took more than {DEADLINE_SECONDS:g} s to render and was stopped"
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"{source.path}: not allowed in a template: {exc}") from None
    except TemplateNotFound as exc:
        raise TemplateError(
            f"{source.path}: cannot include or import {exc.name!r}: a template can only use its "
            "own text and the case's variables"
        ) from None
    except JinjaError as exc:
        line = _template_line(exc, filename)
        where = f" line {line + 2}" if line else ""  # +2: the Subject line and the blank line come first
        raise TemplateError(f"{source.path}{where}: {exc.message or type(exc).__name__}") from None
    except RecursionError:
        raise TemplateError(f"{source.path}: the template nests or recurses too deeply") from None
    except (
        MemoryError,
        OverflowError,
        ValueError,
        TypeError,
        ArithmeticError,
        KeyError,
        IndexError,
        AttributeError,
    ) as exc:
        line = _template_line(exc, filename)
        where = f" line {line + 2}" if line else ""
        raise TemplateError(f"{source.path}{where}: {type(exc).__name__}: {exc}") from None
    return " ".join(subject.split()), "".join(parts).strip() + "\n"


# ----- what a template can use -------------------------------------------------------------------------


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def customer_time(moment: datetime | None, case: Case, calendar: BusinessCalendar) -> str:
    """``Tuesday 24 November at 11:00 CST``: in the customer's zone when it is known."""
    if moment is None:
        return ""
    local = moment.astimezone(_zone(case.customer.timezone) or calendar.zone)
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M} {local.tzname()}"


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
    if profile.get("manager_name") or profile.get("manager_email"):
        lines.append(f"Manager: {profile.get('manager_name', '')} - {profile.get('manager_email', '')}")
    return "\n".join(line for line in lines if line and not line.endswith(": "))


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
    first = customer.name.split()[0] if customer.name else "there"
    eta = status.eta
    if eta is None and status.ball in ("ours", "none"):
        # No ETA given yet: offer the playbook's default (one business day), for the engineer to adjust.
        eta = calendar.add_business_days(now, int(status.playbook.parameters.get("research_default_eta_days", 1)))
    closure = None
    if status.stage.rule == "closure" and status.next_action is not None:
        closure = status.next_action.due
    elif "closure_after_strike3_days" in status.playbook.parameters:
        from .engine import closure_if_final_strike_now  # strike 3 announces the date the rules give

        closure = closure_if_final_strike_now(case, status.playbook, calendar, now).at
    outbound = [e for e in case.sorted_events() if e.kind in status.playbook.kinds("outbound") and e.at <= now]
    last_email = calendar.local(outbound[-1].at) if outbound else None
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
        "customer_name": customer.name or "there",
        "customer_first_name": first,
        "customer_email": customer.email,
        "engineer_name": profile.get("name", ""),
        "engineer_first_name": (profile.get("name") or "").split(" ")[0],
        "engineer_email": profile.get("email", ""),
        "engineer_phone": profile.get("phone", ""),
        "engineer_title": profile.get("title", ""),
        "team": profile.get("team", ""),
        "company": profile.get("company", "") or "our",
        "manager_name": profile.get("manager_name", ""),
        "manager_email": profile.get("manager_email", ""),
        "tam_name": case.tam.name if case.tam else "",
        "eta": customer_time(eta, case, calendar),
        "closure_date": long_date(closure, calendar),
        "last_email_date": f"{last_email:%m/%d}" if last_email else "",
        "meeting_time": customer_time(meeting, case, calendar),
        "next_steps": status.stage.next_steps or "I will keep you updated on the next steps.",
        "today": long_date(now, calendar),
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
    source = templates.get(name)
    context = draft_context(case, status, profile, settings, calendar, now)
    subject, text = render_source(source, context)
    meta = templates.meta.get(name, {})
    to, cc = addresses(meta, case, profile)
    pattern = str(settings.get("subject_pattern") or DEFAULT_SUBJECT_PATTERN)
    return Draft(name, subject_line(pattern, subject, case.number), text, to_html(text), to, cc, meta)


def to_html(text: str) -> str:
    """HTML Outlook keeps as it is: inline styles on every element, no classes, no style blocks."""
    font = "font-family:Calibri,Arial,sans-serif;font-size:11pt;color:#222222;"
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


def to_eml(draft: Draft, sender: str = "") -> bytes:
    """An unsent Outlook draft: X-Unsent: 1, multipart/alternative (plain text and HTML)."""
    from email.message import EmailMessage
    from email.policy import SMTP

    # No header folding and 8-bit text where lines allow: the file reads plainly (quoted-printable would
    # split words, even the case number, at soft line breaks).
    msg = EmailMessage(policy=SMTP.clone(max_line_length=998))
    if sender:
        msg["From"] = sender
    msg["To"] = ", ".join(draft.to)
    if draft.cc:
        msg["Cc"] = ", ".join(draft.cc)
    msg["Subject"] = draft.subject
    msg["X-Unsent"] = "1"
    page = f"<html><body>\n{draft.html}\n</body></html>\n"
    text_cte = "8bit" if max(map(len, draft.text.splitlines() or [""])) < 990 else "quoted-printable"
    html_cte = "8bit" if max(map(len, page.splitlines())) < 990 else "quoted-printable"
    msg.set_content(draft.text, cte=text_cte)
    msg.add_alternative(page, subtype="html", cte=html_cte)
    return msg.as_bytes()


def mailto_url(draft: Draft) -> str:
    from urllib.parse import quote

    query = f"subject={quote(draft.subject)}&body={quote(draft.text)}"
    if draft.cc:
        query = f"cc={quote(','.join(draft.cc))}&" + query
    return f"mailto:{quote(','.join(draft.to), safe='@,')}?{query}"


# ----- readiness ----------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\[[A-Z][^\]\n]{1,40}\]|<[A-Z][A-Za-z ]{1,40}>|\{\{.*?\}\}|\{%.*?%\}|\bTODO\b|\bXXX+\b|"
    r"\bTBD\b"
)


def readiness(
    draft: Draft, case: Case, status: Status, profile: Mapping[str, str], calendar: BusinessCalendar, now: datetime
) -> list[str]:
    """What is wrong with sending this draft now, each in one plain sentence (playbook.md §6)."""
    problems: list[str] = []
    text = f"{draft.subject}\n{draft.text}"
    left = _PLACEHOLDER.findall(text)
    if left:
        problems.append(f"An unfilled placeholder is left in the draft: {left[0]}")
    if case.number not in draft.subject:
        problems.append(f"The subject does not contain the case number {case.number}.")
    if not profile.get("support_cc") or profile.get("support_cc") not in draft.cc:
        problems.append("The support CC address is missing, so the mail will not be filed into the case.")
    if case.customer.do_not_contact:
        problems.append("The customer is on the do-not-contact list: choose another contact.")
    if not draft.to:
        problems.append("The customer has no email address.")
    if not profile.get("name") or not profile.get("email"):
        problems.append("Your profile is not filled in, so the signature is incomplete (name, email, phone).")
    if status.ball == "ours" and draft.meta.get("needs_eta", False) and not _mentions_time(draft.text):
        problems.append("The ball is in our court but the draft gives no ETA for our next update.")
    stages = draft.meta.get("stages")
    if stages and status.stage.id not in stages and not status.closed:
        problems.append(
            f"This template is meant for stage {', '.join(stages)}; the case is in {status.stage.id} "
            f"({status.stage.title})."
        )
    if draft.meta.get("guard") == "closure":
        problems += _closure_guard(case, status, calendar, now)
    if not calendar.is_business_time(now):
        nxt = calendar.to_business_time(now)
        problems.append(f"It is outside business time now: use delayed delivery for {nxt:%a %d %b %H:%M}.")
    for finding in find_personal_data(draft.text, known_values(case, profile)):
        problems.append(f"The draft holds {finding.describe(draft.text)}: remove it before sending.")
    return problems


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
