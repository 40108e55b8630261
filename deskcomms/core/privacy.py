"""Spotting passwords, secrets and payment data in drafts and notes (seed 000: keep PII out; passwords
sent to us must be changed), without false alarms on technical text.

Findings name the kind of data and where it is, never the secret itself. Three families:

- **secrets**, always reported wherever they stand (a SAS signature inside a URL too): passwords,
  connection-string keys, SAS signatures, bearer and JWT tokens, private key blocks, cloud access keys;
- **payment data**, checked by their checksums: card numbers (Luhn, a real card prefix and length) and
  IBANs (ISO 13616 country length and mod 97);
- **phone numbers**, only as a real phone-number library (libphonenumber's port, ``phonenumbers``)
  finds and validates them, never the engineer's own, never inside technical text.

Technical text is never reported as payment data or a phone number: versions and builds, IP addresses
and ports, GUIDs and correlation ids, timestamps, run ids, case numbers, error codes (0x80070005,
HTTP 429), KB numbers, Azure resource ids and URLs. A false alarm makes "redact" damage the email.

Every pattern is anchored or bounded in length, so each scan is linear in the text's size (an
80,000-character title once made the readiness check quadratic). A value that is already a redaction
marker ("[password removed]") is not a secret: redacting twice changes nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

_MARKER = r"\[(?:password|secret|email|phone|card|iban) removed\]"

# ----- secrets -------------------------------------------------------------------------------------

# "password: X", "pwd=X", "Password=X;" in a connection string, "the password is X". The value stops at
# whitespace, a semicolon or a quote; what follows "is" must look like a secret (a digit or a symbol),
# so "the password is incorrect" is prose, not a password.
_PASSWORD_KEY = (
    r"pass(?:word|wd|phrase|code)?|pwd|user[ _-]?password|passwort|kennwort|mot de passe|mdp|contraseña|"
    r"wachtwoord|senha|palavra-passe|parola d'accesso"
)
_PASSWORD = re.compile(
    rf"(?i)(?<![\w-])(?:{_PASSWORD_KEY})[ \t]{{0,20}}(?:(?P<sep>[=:])|(?P<is>is|was))[ \t]{{0,20}}"
    rf"[\"']?(?!{_MARKER})(?P<value>[^\s;\"'<>]{{1,200}})"
)
# Keys of connection strings and configuration that hold a secret: AccountKey=, SharedAccessKey=,
# client_secret=, aws_secret_access_key = ..., "api key: ...".
_SECRET_KEY = (
    r"account[ _-]?key|shared[ _-]?access[ _-]?key|shared[ _-]?access[ _-]?signature|access[ _-]?key(?:[ _-]?id)?|"
    r"secret[ _-]?access[ _-]?key|aws[ _-]?secret[ _-]?access[ _-]?key|client[ _-]?secret|app[ _-]?secret|"
    r"api[ _-]?key|apikey|secret[ _-]?key|secret|token|access[ _-]?token|refresh[ _-]?token|sas[ _-]?token|"
    r"subscription[ _-]?key|primary[ _-]?key|secondary[ _-]?key|instrumentation[ _-]?key"
)
_KEYED_SECRET = re.compile(
    rf"(?i)(?<![\w-])(?:{_SECRET_KEY})[ \t]{{0,20}}[=:][ \t]{{0,20}}[\"']?(?!{_MARKER})"
    r"(?P<value>[^\s;\"'<>,]{1,400})"
)
# Values after a key that are words about the secret, not the secret.
_NOT_A_VALUE = frozenset(
    {
        "expired", "invalid", "missing", "required", "none", "null", "empty", "redacted", "hidden", "n/a",
        "true", "false", "yes", "no", "incorrect", "wrong", "reset", "changed", "ok", "***", "****", "*****",
        "<redacted>", "(hidden)", "xxx", "xxxx", "...", "n.a.", "not", "set", "unset", "enabled", "disabled",
    }
)  # fmt: skip
_SAS_SIGNATURE = re.compile(r"(?i)(?<=[?&])sig=(?P<value>[A-Za-z0-9%/+=]{10,400})")
_BEARER = re.compile(r"(?i)\bbearer[ \t]{1,5}(?!eyJ)(?P<value>[A-Za-z0-9\-._~+/]{16,2000}=*)")
_JWT = re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{4,2000}\.eyJ[A-Za-z0-9_-]{4,4000}\.[A-Za-z0-9_-]{4,2000}")
_PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----(?:[\s\S]{0,8000}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----|"
    r"(?:\s{1,4}[A-Za-z0-9+/=:\-,]{1,100}){0,200})"
)
_CLOUD_KEYS = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?:AKIA|ASIA)[0-9A-Z]{16}"  # AWS access key id
    r"|AIza[0-9A-Za-z_-]{35}"  # Google API key
    r"|gh[pousr]_[A-Za-z0-9]{36,255}"  # GitHub tokens
    r"|github_pat_[A-Za-z0-9_]{22,255}"
    r"|xox[abposr]-[A-Za-z0-9-]{10,200}"  # Slack tokens
    r"|sk_live_[A-Za-z0-9]{16,200}"  # Stripe secret key
    r"|[A-Za-z0-9+/]{86}=="  # an Azure storage account key standing alone
    r")(?![A-Za-z0-9])"
)

# ----- payment data ----------------------------------------------------------------------------------

# Cards as people write them: contiguous, or in groups of four (Amex 4-6-5), one separator kind.
_CARD = re.compile(
    r"(?<![\w.:/-])(?:\d{13,19}|\d{4}(?P<s>[ -])\d{4}(?P=s)\d{4}(?P=s)\d{1,7}|\d{4}(?P<a>[ -])\d{6}(?P=a)\d{5})"
    r"(?![\w/-]|\.\d)"
)
# (prefixes, lengths) of the card brands: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro.
_CARD_BRANDS: tuple[tuple[tuple[tuple[int, int], ...], frozenset[int]], ...] = (
    (((4, 4),), frozenset({13, 16, 19})),
    (((51, 55), (2221, 2720)), frozenset({16})),
    (((34, 34), (37, 37)), frozenset({15})),
    (((6011, 6011), (644, 649), (65, 65)), frozenset({16, 19})),
    (((3528, 3589),), frozenset({16, 19})),
    (((300, 305), (36, 36), (38, 39)), frozenset({14, 16})),
    (((62, 62),), frozenset({16, 17, 18, 19})),
    (((50, 50), (56, 58), (6304, 6304), (6759, 6759), (6761, 6763)), frozenset({12, 13, 16, 19})),
)
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
# ISO 13616 registry: each country's IBAN length.
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")

# ----- technical text: never payment data, never a phone number --------------------------------------------

_TECHNICAL = re.compile(
    r"(?i)"
    r"https?://[^\s<>\"]{1,2000}"  # URLs
    r"|/subscriptions/[^\s<>\"]{1,1000}"  # Azure resource ids
    r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"  # GUIDs, correlation ids
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b"  # IPv4 and port
    r"|\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b"  # IPv6
    r"|\bv?\d+(?:\.\d+){1,5}\b"  # versions and builds
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # timestamps
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b"  # dates, times of day
    r"|\b\d{8}[-T_]?\d{4,6}(?:[-_]\w{1,12})?\b"  # run ids and compact timestamps (20261202-1130)
    r"|\b0x[0-9a-f]{1,16}\b|\bhttp\s{0,2}\d{3}\b|\bkb\s{0,2}\d{6,8}\b"  # error codes, KB numbers
    r"|\b(?:case|ticket|incident|sr|request|order|run|build|job|activity|trace|session|correlation|tracking|"
    r"operation|event|process|thread|pid|tid|id)[ \t]{0,3}(?:id|number|no\.?|nr\.?|#)?[ \t]{0,3}[:#=]?[ \t]{0,3}"
    r"\d[\d -]{3,40}\d"  # numbers named as ids: case numbers, run ids, order numbers
    r"|\b(?=[a-z_-]{0,40}\d)(?=\d{0,40}[a-z_])[a-z0-9_]+(?:-[a-z0-9_]+){1,10}\b"  # ids mixing letters and digits
    r"|\b(?=[a-z]{1,40}\d)[a-z]+\d[a-z0-9]*\b"
)


_PHONE_WORDS = re.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|call|reach|ring|text|whatsapp|fax|telefon|handy|téléphone|"
    r"portable|teléfono|móvil|telefoon|mobiel|telefono|cellulare|telemóvel|celular)\b"
)


@dataclass(frozen=True)
class Finding:
    kind: str  # "password", "secret", "email", "phone", "card", "iban"
    start: int
    end: int

    def describe(self, text: str, line: int | None = None) -> str:
        line = line if line is not None else text.count("\n", 0, self.start) + 1
        return f"line {line}: {DESCRIPTIONS[self.kind]}"


DESCRIPTIONS = {
    "password": "what looks like a password or secret",
    "secret": "what looks like a secret key, token or signature",
    "email": "another person's email address",
    "phone": "a phone number",
    "card": "a payment card number",
    "iban": "a bank account number (IBAN)",
}
SECRET_KINDS = frozenset({"password", "secret"})


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


def card_brand_ok(digits: str) -> bool:
    """A real card's prefix with a length that brand issues."""
    for ranges, lengths in _CARD_BRANDS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            width = len(str(low))
            if low <= int(digits[:width]) <= high:
                return True
    return False


def iban_ok(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


class _Spans:
    """Spans already reported, kept sorted: "does this match overlap one?" in O(log n), not O(n)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans = sorted(spans)

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.spans, (end, end))
        return any(s < end and start < e for s, e in self.spans[max(0, i - 3) : i])


def line_numbers(text: str, findings: Iterable[Finding]) -> list[int]:
    """The 1-based line of each finding, in one pass over the text's newlines (findings sorted by start)."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
    return [bisect.bisect_left(breaks, f.start) + 1 for f in findings]


def _looks_secret(value: str, after_is: bool) -> bool:
    if value.lower().rstrip(".,)") in _NOT_A_VALUE or set(value) <= {"*", "x", "X", "•", "."}:
        return False
    if after_is:  # "the password is X": only a value that cannot be an ordinary word
        return len(value) >= 4 and bool(re.search(r"[\d\W_]", value.rstrip(".,)"))) and not value.isdigit()
    return True


def _value_span(start: int, value: str) -> tuple[int, int]:
    """The value without the punctuation that ends the sentence around it."""
    trimmed = value.rstrip(".,)]")
    return start, start + len(trimmed or value)


def find_secrets(text: str) -> list[Finding]:
    """Passwords and secrets (``password`` and ``secret`` findings), wherever they stand."""
    findings: list[Finding] = []
    taken = _Spans()

    def add(kind: str, start: int, end: int) -> None:
        if end > start and not taken.overlaps(start, end):
            findings.append(Finding(kind, start, end))
            taken.add(start, end)

    for m in _PRIVATE_KEY.finditer(text):
        add("secret", m.start(), m.end())
    for pattern in (_JWT, _CLOUD_KEYS):
        for m in pattern.finditer(text):
            add("secret", m.start(), m.end())
    for pattern in (_SAS_SIGNATURE, _BEARER):
        for m in pattern.finditer(text):
            add("secret", *_value_span(m.start("value"), m.group("value")))
    for m in _PASSWORD.finditer(text):
        if _looks_secret(m.group("value"), m.group("is") is not None):
            add("password", *_value_span(m.start("value"), m.group("value")))
    for m in _KEYED_SECRET.finditer(text):
        if _looks_secret(m.group("value"), False) and len(m.group("value")) >= 6:
            add("secret", *_value_span(m.start("value"), m.group("value")))
    return sorted(findings, key=lambda f: f.start)


def technical_spans(text: str) -> _Spans:
    """Where the text is technical (versions, addresses, ids, timestamps, codes): no card, IBAN or phone there."""
    return _Spans((m.start(), m.end()) for m in _TECHNICAL.finditer(text))


def find_payment_data(text: str, technical: _Spans | None = None, known_digits: Iterable[str] = ()) -> list[Finding]:
    known = set(known_digits)
    findings = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits in known or not (card_brand_ok(digits) and luhn_ok(digits)):
            continue
        # Only a card-like number needs the technical spans (the costly scan): most texts have none.
        technical = technical if technical is not None else technical_spans(text)
        if not technical.overlaps(m.start(), m.end()):
            findings.append(Finding("card", m.start(), m.end()))
    for m in _IBAN.finditer(text):
        candidate = m.group(0).rstrip()
        if iban_ok(candidate):
            findings.append(Finding("iban", m.start(), m.start() + len(candidate)))
    return findings


def _national(number: object) -> str:
    return f"{getattr(number, 'country_code', '')}:{getattr(number, 'national_number', '')}"


def find_phones(
    text: str, known: Iterable[str] = (), region: str = "US", technical: _Spans | None = None
) -> list[Finding]:
    """Phone numbers as libphonenumber finds and validates them; never a known one (the engineer's own,
    the customer's), never inside technical text."""
    import phonenumbers  # imported here: it costs ~0.1 s, and most commands never need it

    own = set()
    for value in known:
        if value and sum(map(str.isdigit, value)) >= 6:
            try:
                own.add(_national(phonenumbers.parse(value, region)))
            except phonenumbers.NumberParseException:
                continue
    findings = []
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        extension = re.search(r"(?i)[ \t]*(?:x|ext\.?|extension)[ \t]*\d+$", match.raw_string)
        core_end = match.start + (extension.start() if extension else len(match.raw_string))
        if _national(match.number) in own:
            continue
        # The technical scan (costly on long texts) only once a phone number is found at all.
        technical = technical if technical is not None else technical_spans(text)
        if technical.overlaps(match.start, core_end):
            continue
        # A bare run of digits (2147483648) is a count or an id unless the words before call it a phone.
        if match.raw_string.isdigit() and not _PHONE_WORDS.search(text, max(0, match.start - 40), match.start):
            continue
        findings.append(Finding("phone", match.start, match.end))
    return findings


def find_personal_data(
    text: str, known: Iterable[str] = (), *, region: str = "US", kinds: Iterable[str] | None = None
) -> list[Finding]:
    """Passwords and secrets, other people's emails, phone numbers, cards (Luhn) and IBANs (mod 97).

    ``known``: addresses and numbers that belong in the mail (customer, engineer, manager, TAM, support
    CC, the case number) and are not reported. ``kinds``: only these kinds (default: all).
    """
    wanted = set(kinds) if kinds is not None else set(DESCRIPTIONS)
    known = [k for k in known if k]
    known_set = {k.lower() for k in known}
    findings = find_secrets(text) if wanted & SECRET_KINDS else []
    taken = _Spans((f.start, f.end) for f in findings)
    technical = None  # computed by the first check that needs it
    if "email" in wanted:
        for m in _EMAIL.finditer(text):
            if m.group(0).lower() not in known_set and not taken.overlaps(m.start(), m.end()):
                findings.append(Finding("email", m.start(), m.end()))
                taken.add(m.start(), m.end())
    if wanted & {"card", "iban"}:
        known_digits = {re.sub(r"\D", "", k) for k in known}
        for f in find_payment_data(text, technical, known_digits):
            if f.kind in wanted and not taken.overlaps(f.start, f.end):
                findings.append(f)
                taken.add(f.start, f.end)
    if "phone" in wanted and sum(map(str.isdigit, text)) >= 7:
        for f in find_phones(text, known, region, technical):
            if not taken.overlaps(f.start, f.end):
                findings.append(f)
    return sorted(findings, key=lambda f: f.start)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """The text with exactly each finding replaced by a marker naming its kind."""
    out, last = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < last:
            continue
        out.append(text[last : f.start])
        out.append(f"[{f.kind} removed]")
        last = f.end
    out.append(text[last:])
    return "".join(out)


def masked(secret: str, shown: int = 4) -> str:
    """A secret's start and a mask for the rest: enough to find it, never enough to use it."""
    visible = secret[: min(shown, max(len(secret) // 4, 1))]
    return f"{visible}{'•' * 6}"


PASSWORD_CHANGE_PARAGRAPH = (
    "For your security: a password or access secret was shared with us in this case. Please change it as "
    "soon as possible, so that it cannot be used to reach your environment. We never need your passwords "
    "to help you."
)
