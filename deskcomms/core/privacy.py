"""Spotting passwords and personal data in drafts and notes (seed 000: keep PII out; passwords sent to us
must be changed). Findings name the kind of data and where it is, never the secret itself."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Each pattern can start only at the beginning of a run (a lookbehind) or is bounded in length, so every
# scan is linear in the text's size: an 80,000-character title once made the readiness check quadratic.
# A value that is already a redaction marker ("[password removed]") is not a secret: redacting twice
# changes nothing.
_MARKER = r"\[(?:password|email|phone|card|iban) removed\]"
_PASSWORD = re.compile(
    r"(?i)\b(pass(?:word|wd|phrase|code)?|pwd|secret|api[ _-]?key|access[ _-]?key|token)\b[ \t]{0,20}"
    rf"(?:is|=|:)[ \t]{{0,20}}(?!{_MARKER})(\S{{1,200}})"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ()./-]{7,30}\d(?!\w)")
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")


@dataclass(frozen=True)
class Finding:
    kind: str  # "password", "email", "phone", "card", "iban"
    start: int
    end: int

    def describe(self, text: str, line: int | None = None) -> str:
        line = line if line is not None else text.count("\n", 0, self.start) + 1
        what = {
            "password": "what looks like a password or secret",
            "email": "another person's email address",
            "phone": "a phone number",
            "card": "a payment card number",
            "iban": "a bank account number (IBAN)",
        }
        return f"line {line}: {what[self.kind]}"


def luhn_ok(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def _normal_phone(text: str) -> str:
    return re.sub(r"\D", "", text)


class _Spans:
    """Spans already reported, kept sorted: "does this match overlap one?" in O(log n), not O(n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (end, end))
        return any(s < end and start < e for s, e in self.spans[max(0, i - 2) : i])


def line_numbers(text: str, findings: Iterable[Finding]) -> list[int]:
    """The 1-based line of each finding, in one pass over the text's newlines (findings sorted by start)."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
    return [bisect.bisect_left(breaks, f.start) + 1 for f in findings]


def find_personal_data(text: str, known: Iterable[str] = ()) -> list[Finding]:
    """Passwords, other people's emails and phone numbers, card numbers (Luhn) and IBANs (mod 97).

    ``known``: addresses and numbers that belong in the mail (customer, engineer, manager, TAM, support
    CC) and are not reported.
    """
    known_set = {k.lower() for k in known if k}
    known_phones = {_normal_phone(k) for k in known if k and _normal_phone(k)}
    findings: list[Finding] = []
    for m in _PASSWORD.finditer(text):
        findings.append(Finding("password", m.start(2), m.end(2)))
    for m in _EMAIL.finditer(text):
        if m.group(0).lower() not in known_set:
            findings.append(Finding("email", m.start(), m.end()))
    taken = _Spans((f.start, f.end) for f in findings)
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits in known_phones:  # a known number (the case number, a phone) is not a card
            continue
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            findings.append(Finding("card", m.start(), m.end()))
            taken.add(m.start(), m.end())
    for m in _IBAN.finditer(text):
        if iban_ok(m.group(0)):
            findings.append(Finding("iban", m.start(), m.end()))
            taken.add(m.start(), m.end())
    known_tails = {k[-7:] for k in known_phones if len(k) >= 7}
    for m in _PHONE.finditer(text):
        digits = _normal_phone(m.group(0))
        overlaps = taken.overlaps(m.start(), m.end())
        if overlaps or len(digits) < 8 or any(digits.endswith(t) for t in known_tails):
            continue
        if re.fullmatch(r"\d{4}[-/.]\d{2}[-/.]\d{2}", m.group(0).strip()):  # a date, not a number
            continue
        findings.append(Finding("phone", m.start(), m.end()))
    return sorted(findings, key=lambda f: f.start)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """The text with each finding replaced by a marker naming its kind."""
    out, last = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < last:
            continue
        out.append(text[last : f.start])
        out.append(f"[{f.kind} removed]")
        last = f.end
    out.append(text[last:])
    return "".join(out)


PASSWORD_CHANGE_PARAGRAPH = (
    "For your security: a password or access secret was shared with us in this case. Please change it as "
    "soon as possible, so that it cannot be used to reach your environment. We never need your passwords "
    "to help you."
)
