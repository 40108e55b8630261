"""What an email means for the case list: which case it belongs to, and what to record.

Matching (in this order): a case number from the list in the subject, then in the body, in the forms
support mail uses (``Case 2611…``, ``Case #…``, ``[Case#:…]``, ``TrackingID#…``, ``SR …``, or the bare
number), through any ``RE:/AW:/TR:/FW:/WG:/RV:`` prefixes; failing that, the sender (or, for our own
email, a recipient) being the customer of exactly one open case.

Classification (playbook rules §5): our own address → ``email_sent``, or the "Mark as sent" event of the
template whose subject it carries; an automatic reply → ``out_of_office`` with the return date read from
its text; anything else → ``customer_replied``. A reply asking to close is only *offered* as
``confirmation_received``: the engineer decides (playbook rules §3, closing guards).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Case
from .dates import read_return
from .languages import close_request_regex, guess_language
from .message import Email
from .quotes import cut_quoted

REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|tr|fw|fwd|wg|rv|res|enc|sv|vs|r)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+", re.IGNORECASE
)
AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (the )?office|ooo\b|"
    r"automatische antwort|abwesenheitsnotiz|abwesend|"
    r"réponse automatique|reponse automatique|absence du bureau|absent\b|"
    r"respuesta automática|respuesta automatica|fuera de la oficina|"
    r"automatisch antwoord|afwezig(?:heidsmelding)?\b|niet aanwezig|"
    r"risposta automatica|fuori (?:sede|ufficio)|assente\b|"
    r"resposta automática|resposta automatica|fora do escritório|ausente\b)",
    re.IGNORECASE,
)
AUTO_SUBJECT_ANYWHERE = re.compile(
    r"\b(out of (the )?office|abwesenheitsnotiz|automatic reply|automatisch antwoord|risposta automatica|"
    r"resposta automática)\b",
    re.IGNORECASE,
)
CASE_MARKER = re.compile(
    r"(?:\bcase\b|\bsr\b|\bticket\b|\bincident\b|\btrackingid\b|\bfall\b|\bdossier\b|\bcaso\b)"
    r"\s*(?:#|no\.?|nr\.?|number|nummer|n°|num\.?|id)?\s*[:#]?\s*(?P<n>\d[\d-]{4,}\d)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]")


@dataclass(frozen=True)
class TemplateSubject:
    """A template's subject line (its source) and the event "Mark as sent" records for it."""

    name: str
    subject: str
    kind: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    stages: tuple[str, ...] = ()


@dataclass
class Match:
    case_number: str | None
    how: str  # "subject", "body", "sender", "recipient" or "" (no case)
    found_number: str | None = None  # a case number the email names that is not in the list (for --create)


@dataclass
class Meaning:
    kind: str  # the event kind to record
    fields: dict[str, Any]
    own: bool = False
    auto_reply: bool = False
    until: date | None = None  # out_of_office: the return date read from the text (None: not found)
    until_why: str = ""  # out_of_office: the words the date was read from, or why no date was taken
    close_request: bool = False  # offer confirmation_received (never recorded without a click)
    template: str | None = None
    reply_text: str = ""  # the body without quoted history, for the preview (never logged)


def clean_subject(subject: str) -> str:
    """The subject without reply/forward and auto-reply prefixes."""
    text = " ".join(subject.split())
    for _ in range(4):
        before = text
        text = REPLY_PREFIX.sub("", text)
        text = re.sub(AUTO_SUBJECT.pattern + r"\s*:\s*", "", text, count=1, flags=re.IGNORECASE)
        if text == before:
            break
    return text.strip()


def title_from_subject(subject: str, number: str | None = None) -> str:
    """A case title from an email subject: prefixes and the case-number decoration removed."""
    text = clean_subject(subject)
    text = re.sub(r"\[\s*(?:case|sr|ticket)\s*#?\s*:?\s*[\w-]+\s*\]", "", text, flags=re.IGNORECASE)
    text = CASE_MARKER.sub("", text)
    if number:
        text = text.replace(number, "")
    text = re.sub(r"\s*[-–|:]\s*$", "", text.strip())
    text = re.sub(r"^\s*[-–|:]\s*", "", text)
    return " ".join(text.split()) or "Case from email"


class CaseIndex:
    """The case list, indexed for matching: numbers, and open cases by customer email."""

    def __init__(self, cases: Iterable[Case]) -> None:
        self.numbers: set[str] = set()
        self.by_customer: dict[str, list[str]] = {}
        for case in cases:
            self.numbers.add(case.number)
            if case.customer.email and not case.is_closed:
                self.by_customer.setdefault(case.customer.email.casefold(), []).append(case.number)

    def add(self, number: str, customer_email: str) -> None:
        self.numbers.add(number)
        if customer_email:
            self.by_customer.setdefault(customer_email.casefold(), []).append(number)

    def known_in(self, text: str) -> str | None:
        """The first case number of the list that ``text`` names (as a marked number or a bare token)."""
        hits: list[tuple[int, str]] = []
        for m in CASE_MARKER.finditer(text):
            if m.group("n") in self.numbers:
                hits.append((m.start("n"), m.group("n")))
        for m in _TOKEN.finditer(text):
            if m.group(0) in self.numbers:
                hits.append((m.start(), m.group(0)))
        return min(hits)[1] if hits else None

    def only_open_case_of(self, addresses: Iterable[str]) -> str | None:
        found = {n for a in addresses for n in self.by_customer.get(a.casefold(), [])}
        return next(iter(found)) if len(found) == 1 else None


def unknown_number(email: Email) -> str | None:
    """A case number the email names in a support form (subject first), whether or not it is in the list."""
    for text in (clean_subject(email.subject), cut_quoted(email.body)):
        m = CASE_MARKER.search(text)
        if m:
            return m.group("n")
    return None


def match_case(email: Email, index: CaseIndex, own_addresses: Iterable[str]) -> Match:
    own = is_own(email, own_addresses)
    number = index.known_in(email.subject)
    if number:
        return Match(number, "subject")
    number = index.known_in(email.body)
    if number:
        return Match(number, "body")
    if own:
        number = index.only_open_case_of([*email.to, *email.cc])
        if number:
            return Match(number, "recipient")
    else:
        number = index.only_open_case_of([email.sender_email])
        if number:
            return Match(number, "sender")
    return Match(None, "", unknown_number(email))


def is_own(email: Email, own_addresses: Iterable[str]) -> bool:
    mine = {a.strip().casefold() for a in own_addresses if a and a.strip()}
    return email.sender_email.casefold() in mine


def is_auto_reply(email: Email) -> bool:
    headers = email.headers
    auto = headers.get("auto-submitted", "").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return True
    if headers.get("precedence", "").strip().lower() == "auto_reply":
        return True
    if email.message_class.lower().startswith("ipm.note.rules.oof"):
        return True
    return bool(AUTO_SUBJECT.match(email.subject) or AUTO_SUBJECT_ANYWHERE.search(email.subject))


def language_of(email: Email, text: str) -> str:
    """The reply's language: from localised Outlook header labels, else from its common words."""
    return email.language_hint or guess_language(text)


def _normalize(text: str) -> str:
    return " ".join(text.split()).casefold()


def _template_regex(source: str, case: Case) -> tuple[re.Pattern[str], int] | None:
    """A regex for the subjects a template produces on ``case``, and how much of it is fixed text."""
    parts = re.split(r"(\{\{.*?\}\}|\{%.*?%\})", source)
    pattern: list[str] = []
    fixed = 0
    for part in parts:
        if part.startswith("{%"):
            return None
        if part.startswith("{{"):
            name = part[2:-2].strip()
            value = {
                "issue": case.title,
                "case_title": case.title,
                "technology": case.technology or "your service",
                "case_number": case.number,
            }.get(name)
            if value:
                pattern.append(re.escape(_normalize(value)))
                fixed += len(value)
            else:
                pattern.append(".+?")
        else:
            pattern.append(re.sub(r"(?:\\\s)+", lambda _: r"\s*", re.escape(part.casefold())))
            fixed += len(part.strip())
    return re.compile("".join(pattern)), fixed


def _subject_core(subject: str, number: str) -> str:
    """The subject as a template wrote it: prefixes and the case-number decoration removed."""
    text = clean_subject(subject)
    text = re.sub(
        rf"\s*[-–|:]?\s*\[?\s*(?:case|sr|trackingid|ticket)?\s*#?\s*:?\s*{re.escape(number)}\s*\]?\s*",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    return _normalize(text.strip(" -–|:"))


def match_template(
    subject: str, case: Case, stage: str, templates: Sequence[TemplateSubject]
) -> TemplateSubject | None:
    """The template whose subject ``subject`` carries on ``case`` in ``stage`` (the most specific one)."""
    core = _subject_core(subject, case.number)
    best: tuple[int, TemplateSubject] | None = None
    for template in templates:
        if template.stages and stage not in template.stages:
            continue
        compiled = _template_regex(template.subject, case)
        if compiled is None:
            continue
        regex, fixed = compiled
        if fixed and regex.fullmatch(core) and (best is None or fixed > best[0]):
            best = (fixed, template)
    return best[1] if best else None


def _auto_reply_own_subject(subject: str) -> str:
    """An auto-reply's subject when its writer wrote it ("Out of office until 7 December"); "" when it is
    ours behind a prefix ("Automatic reply: RE: Case 1234"), where a date would be our words."""
    text = " ".join(subject.split())
    if re.match(AUTO_SUBJECT.pattern + r"\s*:", text, re.IGNORECASE) or REPLY_PREFIX.match(text):
        return ""
    return text if AUTO_SUBJECT.match(text) else ""


def meaning(
    email: Email,
    case: Case | None,
    stage: str,
    own_addresses: Iterable[str],
    templates: Sequence[TemplateSubject] = (),
    business_day: Callable[[date], bool] | None = None,
) -> Meaning:
    """What to record for ``email`` (on ``case``, which is in ``stage`` at the email's time).

    ``business_day`` tells the day back after an auto-reply's last day away (the engineer's calendar
    stands in for the customer's, which the app does not know; default Monday to Friday)."""
    reply = cut_quoted(email.body)
    fields: dict[str, Any] = {"message_id": email.identity}
    if is_own(email, own_addresses):
        template = match_template(email.subject, case, stage, templates) if case is not None else None
        if template is not None:
            extra = dict(template.fields)
            if template.kind == "email_sent":
                extra["template"] = template.name
            return Meaning(template.kind, {**extra, **fields}, own=True, template=template.name, reply_text=reply)
        return Meaning("email_sent", fields, own=True, reply_text=reply)
    if is_auto_reply(email):
        # Only the writer's words: the quoted thread and the subject we wrote are not (playbook §3).
        text = f"{own_subject}\n\n{reply}" if (own_subject := _auto_reply_own_subject(email.subject)) else reply
        lang = language_of(email, text)
        extra = {"business_day": business_day} if business_day is not None else {}
        reading = read_return(text, email.date.date(), language=lang, **extra)
        return Meaning(
            "out_of_office", fields, auto_reply=True, until=reading.day, until_why=reading.why, reply_text=reply
        )
    close = bool(close_request_regex().search(reply))  # the phrases of every language file
    return Meaning("customer_replied", fields, close_request=close, reply_text=reply)
