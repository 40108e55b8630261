"""Which case an email belongs to: the case number it names in a case-number context, else its sender.

A number counts only where support mail puts a case number: after a marker word (``Case``, ``SR``,
``Ticket``, ``TrackingID``, ``Incident`` and their German, French and Spanish forms: ``Case #…``,
``[Case#:…]``, ``TrackingID#…``), in a bracketed subject tag (``[2611230010004411]``), or on its own
when it has the number format of the case list (a long support id, never inside a URL, a phone number,
a date or a range). A bare short number in prose ("call me at 123456", ``?id=123456``) is never a case.

The subject decides first, then the body. Two or more cases of the list named there: the email is
*ambiguous* and the engineer chooses (never the first one silently). No number: the sender's real address
(``addresses.address_key``) being the customer of exactly one open case; of several, the engineer chooses.
The look-ups go through a ``CaseLookup`` (the store's indexes, or ``CaseIndex`` in memory): matching one
email never reads the whole case list.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..addresses import address_key
from .bounce import delivery_report
from .message import Email
from .quotes import cut_quoted

_MARKERS = r"case|sr|ticket|incident|trackingid|tracking\s+id|fall|vorgang|dossier|caso|cas|incidente"
_NUMBER = r"(?P<n>\d(?:[\d-]*\d)?)(?![\w@/]|[.:,/-]\d)"
CASE_MARKER = re.compile(
    rf"(?<![\w/=?&.@-])(?:{_MARKERS})\s*(?:#|no\.?|nr\.?|number|nummer|n°|num\.?|id)?\s*[:#]?\s*{_NUMBER}",
    re.IGNORECASE,
)
# A bracketed tag in the subject: [2611230010004411], [#1004], [SR 1004]
SUBJECT_TAG = re.compile(rf"\[\s*(?:(?:{_MARKERS})\s*)?[#:]?\s*[#:]?\s*{_NUMBER}\s*\]", re.IGNORECASE)
# The number format of a support case list: a long id on its own, not part of a URL, path, address,
# phone number (+1 555…, 555-123-4567), date (2026-12-01, 01.12.2026), version (6.11.3) or range (1000-2000).
BARE_MIN_DIGITS = 10
BARE_ID = re.compile(rf"(?<![\w/=?&.@+#:-])(?P<n>\d{{{BARE_MIN_DIGITS},}})(?![\w@/]|[.:,/-]\d)")
# A long number right after a country code or a phone word is a phone number, not a case.
PHONE_BEFORE = re.compile(
    r"(?:\+\d{1,3}\)?[\s.-]?\(?|\b(?:tel|phone|call|mobile|cell|fax|whatsapp|telefon|handy|t[ée]l[ée]phone|t[ée]l|"
    r"m[óo]vil|tel[ée]fono|telefone|telefoon)\b[^\n\d]{0,12})$",
    re.IGNORECASE,
)
# A number --create may make a case of: a plain id, never a phone number, date or range (they have dashes).
NEW_NUMBER = re.compile(r"\d{6,32}")


class CaseLookup(Protocol):
    """What matching needs to know about the case list."""

    def known(self, numbers: Collection[str]) -> set[str]:
        """Which of ``numbers`` are cases of the list."""
        ...

    def open_cases_of(self, keys: Collection[str]) -> set[str]:
        """The open cases whose customer's address has one of these keys."""
        ...


class CaseIndex:
    """The case list in memory (tests, and the cases a batch creates before it is written)."""

    def __init__(self, cases: Iterable[object] = ()) -> None:
        self.numbers: set[str] = set()
        self.by_customer: dict[str, set[str]] = {}
        for case in cases:
            number = str(getattr(case, "number", ""))
            customer = getattr(case, "customer", None)
            self.numbers.add(number)
            email = getattr(customer, "email", "")
            if email and not getattr(case, "is_closed", False):
                self.by_customer.setdefault(address_key(email), set()).add(number)

    def add(self, number: str, customer_email: str) -> None:
        self.numbers.add(number)
        if customer_email:
            self.by_customer.setdefault(address_key(customer_email), set()).add(number)

    def known(self, numbers: Collection[str]) -> set[str]:
        return {n for n in numbers if n in self.numbers}

    def open_cases_of(self, keys: Collection[str]) -> set[str]:
        return {n for k in keys for n in self.by_customer.get(k, ())}


@dataclass
class Match:
    case_number: str | None
    how: str  # "subject", "body", "sender", "recipient", "ambiguous" or "" (no case)
    found_number: str | None = None  # a case number the email names that is not in the list (for --create)
    candidates: list[str] = field(default_factory=list)  # ambiguous: the cases it names (or the sender's)
    sender_cases: list[str] = field(default_factory=list)  # no number: the sender's open cases, when several


def numbers_named(text: str, *, subject: bool = False) -> list[str]:
    """Every number ``text`` gives in a case-number context, in order, each once."""
    hits: list[tuple[int, str]] = [(m.start("n"), m.group("n")) for m in CASE_MARKER.finditer(text)]
    if subject:
        hits += [(m.start("n"), m.group("n")) for m in SUBJECT_TAG.finditer(text)]
    hits += [
        (m.start("n"), m.group("n"))
        for m in BARE_ID.finditer(text)
        if not PHONE_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
    ]
    seen: dict[str, None] = {}
    for _, number in sorted(hits):
        seen.setdefault(number, None)
    return list(seen)


def marked_numbers(text: str, *, subject: bool = False) -> list[str]:
    """The numbers ``text`` marks as case numbers (a marker word or a subject tag), in order, each once."""
    hits = [(m.start("n"), m.group("n")) for m in CASE_MARKER.finditer(text)]
    if subject:
        hits += [(m.start("n"), m.group("n")) for m in SUBJECT_TAG.finditer(text)]
    return list(dict.fromkeys(n for _, n in sorted(hits)))


def new_case_numbers(email: Email) -> list[str]:
    """The case numbers the email marks that ``--create`` may make a case of (subject first, else its text)."""
    for text, subject in ((email.subject, True), (cut_quoted(email.body), False)):
        found = [n for n in marked_numbers(text, subject=subject) if NEW_NUMBER.fullmatch(n)]
        if found:
            return found
    return []


def unknown_number(email: Email) -> str | None:
    """The one case number the email marks (for a new case); None when it marks none or several."""
    found = new_case_numbers(email)
    return found[0] if len(found) == 1 else None


def is_own(email: Email, own_addresses: Iterable[str]) -> bool:
    mine = {address_key(a) for a in own_addresses if a and a.strip()}
    return address_key(email.sender_email) in mine


def match_case(email: Email, index: CaseLookup, own_addresses: Iterable[str]) -> Match:
    """The email's own case: by the number it names (subject, then text), else by its sender."""
    for text, how, subject in ((email.subject, "subject", True), (email.body, "body", False)):
        named = numbers_named(text, subject=subject)
        known = index.known(named) if named else set()
        if len(known) == 1:
            return Match(next(iter(known)), how)
        if len(known) > 1:
            return Match(None, "ambiguous", candidates=[n for n in named if n in known])
    if is_own(email, own_addresses):
        keys = {address_key(a) for a in [*email.to, *email.cc]}
        how = "recipient"
    else:
        # A delivery report comes from a mail system: the customer it names is the one whose address failed.
        report = delivery_report(email, own_addresses)
        failed = report.address if report and report.address else ""
        keys = {address_key(failed or email.sender_email)}
        how = "recipient" if report else "sender"
    cases = sorted(index.open_cases_of(keys))
    if len(cases) == 1:
        return Match(cases[0], how)
    return Match(None, "", unknown_number(email), sender_cases=cases)
