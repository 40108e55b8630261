"""What an email means for the case list: which case it belongs to, and what to record.

Matching (which case) is ``matching``'s: a case number in a case-number context, subject first, else the
sender (or, for our own email, a recipient) being the customer of exactly one open case.

Classification (playbook rules §3, "Whose email it is" and "Delivery failure"; §5): our own address →
``email_sent``, or the "Mark as sent" event of the template whose subject it carries; a delivery report
(a bounce) → ``delivery_failed`` naming the address (a delay warning → a note); a colleague on our own
company domain (the TAM included) → a note, which moves no customer clock; an automatic reply →
``out_of_office`` with the return date read from its text; anything else, whoever sent it (a colleague the
customer copied included) → ``customer_replied``. A reply asking to close is only *offered* as
``confirmation_received``: the engineer decides (playbook rules §3, closing guards).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Case
from .bounce import DELAYED, FAILED, delivery_report
from .dates import read_return
from .languages import close_request_regex, guess_language
from .matching import CASE_MARKER, CaseIndex, CaseLookup, Match, is_own, match_case, unknown_number
from .message import Email
from .quotes import cut_quoted

__all__ = ["CaseIndex", "CaseLookup", "Match", "is_own", "match_case", "unknown_number"]  # matching's, re-exported

REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|antw|tr|fw|fwd|wg|rv|res|enc|sv|vs|r)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+", re.IGNORECASE
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


@dataclass(frozen=True)
class TemplateSubject:
    """A template's subject line (its source) and the event "Mark as sent" records for it."""

    name: str
    subject: str
    kind: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    stages: tuple[str, ...] = ()


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
    delivery: str = ""  # a delivery report: "failed", "delayed" or "delivered"
    colleague: bool = False  # sent from the engineer's company domain, not by the customer


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


@lru_cache(maxsize=1)
def public_domains() -> frozenset[str]:
    from ...paths import resources_dir

    data = json.loads((resources_dir() / "capture" / "public_domains.json").read_text("utf-8"))
    return frozenset(str(d).casefold() for d in data["domains"])


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().rstrip(".").casefold() if "@" in address else ""


def is_colleague(email: Email, own_addresses: Iterable[str]) -> bool:
    """Sent by someone on the engineer's own company domain (the TAM, a colleague): not the customer.
    A public mail domain (gmail.com, outlook.com...) is nobody's company."""
    company = {_domain(a) for a in own_addresses if a and "@" in a} - public_domains() - {""}
    return _domain(email.sender_email) in company


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
    report = delivery_report(email, own_addresses)
    if report is not None and report.state == FAILED:
        # playbook rules §3: never a reply, never an out-of-office, never a contact.
        found = {"address": report.address} if report.address else {}
        return Meaning("delivery_failed", {**found, **fields}, delivery=report.state, reply_text=reply)
    if report is not None:
        to = f" to {report.address}" if report.address else ""
        text = (
            f"Delivery delayed{to}: the mail system is still trying"
            if report.state == DELAYED
            else f"Delivery report: delivered{to}"
        )
        return Meaning("note", {"text": text, **fields}, delivery=report.state, reply_text=reply)
    if email.report_type:
        # Any other mail system report (a read receipt, a spam complaint) is not the customer writing.
        text = f"Mail system report ({email.report_type}), not a reply"
        return Meaning("note", {"text": text, **fields}, delivery=email.report_type, reply_text=reply)
    tam = case.tam.email.casefold() if case is not None and case.tam is not None and case.tam.email else ""
    if is_colleague(email, own_addresses) or (tam and email.sender_email.casefold() == tam):
        # playbook rules §3, "Whose email it is": the TAM's or a colleague's email moves no customer clock.
        who = "the TAM" if tam and email.sender_email.casefold() == tam else "a colleague"
        text = f"Email from {who} ({email.sender_email})"
        return Meaning("note", {"text": text, **fields}, colleague=True, reply_text=reply)
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
