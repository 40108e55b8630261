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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..model import Case
from .bounce import DELAYED, FAILED, delivery_report
from .dates import return_date
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
    r"respuesta automática|respuesta automatica|fuera de la oficina)",
    re.IGNORECASE,
)
AUTO_SUBJECT_ANYWHERE = re.compile(r"\b(out of (the )?office|abwesenheitsnotiz|automatic reply)\b", re.IGNORECASE)
CLOSE_REQUEST = re.compile(
    "|".join(
        (
            # English
            r"\b(?:you|u)\s+(?:can|may|could)\s+(?:now\s+|go\s+ahead\s+and\s+)?close\b",
            r"\b(?:feel\s+free|ok|okay|fine|safe|good)\s+to\s+close\b",
            r"\bplease\s+(?:go\s+ahead\s+and\s+)?close\s+(?:the|this|my|our)\s+(?:case|ticket|request|sr)\b",
            r"\b(?:case|ticket|request|sr)\s+can\s+(?:now\s+)?be\s+closed\b",
            # German
            r"\bbitte\s+(?:den\s+fall\s+|das\s+ticket\s+|die\s+anfrage\s+|den\s+vorgang\s+)?schlie(?:ß|ss)en\b",
            r"\b(?:fall|ticket|anfrage|vorgang)\s+kann\s+(?:jetzt\s+|nun\s+|gerne\s+)?geschlossen\s+werden\b",
            r"\bkönnen\s+(?:sie\s+)?(?:den\s+fall|das\s+ticket|die\s+anfrage|den\s+vorgang)\s+(?:gerne\s+|jetzt\s+)?"
            r"schlie(?:ß|ss)en\b",
            # French
            r"\bvous\s+pouvez\s+(?:le\s+|la\s+)?(?:clôturer|cloturer|fermer|clore)\b",
            r"\bmerci\s+de\s+(?:clôturer|cloturer|fermer|clore)\b",
            r"\bpeut\s+être\s+(?:clôturé|cloturé|fermé)e?\b",
            # Spanish
            r"\b(?:puede|pueden|puedes)\s+(?:ya\s+)?cerrar\b",
            r"\b(?:puede|pueden)\s+cerrarse\b",
            r"\bcierren?\s+el\s+(?:caso|ticket)\b",
        )
    ),
    re.IGNORECASE,
)

_LANG_WORDS = {
    "de": re.compile(r"\b(ich|bin|nicht|büro|bis|zurück|wieder|und|vielen|dank|ihre|sie)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(je|suis|absent|absente|jusqu|retour|bureau|merci|votre|vous)\b", re.IGNORECASE),
    "es": re.compile(r"\b(estoy|estaré|fuera|oficina|hasta|regreso|gracias|su|usted)\b", re.IGNORECASE),
}


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
    if email.language_hint:
        return email.language_hint
    counts = {lang: len(regex.findall(text)) for lang, regex in _LANG_WORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 2 else "en"


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


def meaning(
    email: Email,
    case: Case | None,
    stage: str,
    own_addresses: Iterable[str],
    templates: Sequence[TemplateSubject] = (),
) -> Meaning:
    """What to record for ``email`` (on ``case``, which is in ``stage`` at the email's time)."""
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
        text = f"{clean_subject(email.subject)}\n{reply}"
        lang = language_of(email, text)
        sent_day = email.date.date()
        until = return_date(text, sent_day, day_first=lang != "en")
        return Meaning("out_of_office", fields, auto_reply=True, until=until, reply_text=reply)
    close = bool(CLOSE_REQUEST.search(reply))
    return Meaning("customer_replied", fields, close_request=close, reply_text=reply)
