"""The text Outlook puts on the clipboard when a message is copied: a header block, then the body.

    From: Alex Doe <alex@customer.example>
    Sent: Tuesday, December 1, 2026 3:04 PM
    To: Jane Smith <jane@example.com>
    Cc: support@mail.support.example
    Subject: RE: Copy fails - Case 2411220010001234

    Hi Jane, ...

Localised Outlook writes ``Von:/Gesendet:/An:/Cc:/Betreff:`` (German), ``De :/Envoyé :/À :/Cc :/Objet :``
(French) and ``De:/Enviado el:/Para:/CC:/Asunto:`` (Spanish). The Sent line carries no zone: it is the
reader's local time, so the caller passes the engineer's zone.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import getaddresses

from ..addresses import is_address, mailbox_address
from ..errors import ValidationError
from .dates import parse_sent_line
from .message import Email

# Header names by field, with the language they reveal (day-first dates outside English).
FIELD_NAMES: dict[str, dict[str, str]] = {
    "from": {"from": "en", "von": "de", "de": "fr"},
    "sent": {
        "sent": "en",
        "date": "en",
        "gesendet": "de",
        "datum": "de",
        "envoyé": "fr",
        "date d'envoi": "fr",
        "enviado el": "es",
        "enviado": "es",
        "fecha": "es",
    },
    "to": {"to": "en", "an": "de", "à": "fr", "a": "fr", "para": "es"},
    "cc": {"cc": "en"},
    "subject": {"subject": "en", "betreff": "de", "objet": "fr", "asunto": "es"},
    # Lines Outlook adds to the block that say nothing we record.
    "other": {
        "importance": "en",
        "attachments": "en",
        "wichtigkeit": "de",
        "anlagen": "de",
        "pièces jointes": "fr",
        "importancia": "es",
        "datos adjuntos": "es",
        "bcc": "en",
    },
}
_NAME_TO_FIELD = {name: (fld, lang) for fld, names in FIELD_NAMES.items() for name, lang in names.items()}
_LINE = re.compile(r"^\s*(?P<name>[^\W\d][\w' ]{0,14}?)\s*:\s?(?P<value>.*)$")


def _field_of(line: str) -> tuple[str, str, str] | None:
    match = _LINE.match(line)
    if not match:
        return None
    name = match.group("name").strip().lower()
    if name not in _NAME_TO_FIELD:
        return None
    field, lang = _NAME_TO_FIELD[name]
    return field, lang, match.group("value").strip()


def _header_block(lines: list[str]) -> tuple[dict[str, str], str, int] | None:
    """The first From/Sent/.../Subject block: (fields, language, index of the first body line)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fields: dict[str, str] = {}
    language = ""
    i = start
    while i < len(lines):
        parsed = _field_of(lines[i])
        if parsed is None:
            # A long To: or Cc: line wraps onto the next line in some Outlook versions.
            if fields and lines[i].strip() and lines[i].startswith((" ", "\t")) and not lines[i].strip().endswith(":"):
                last = list(fields)[-1]
                fields[last] += " " + lines[i].strip()
                i += 1
                continue
            break
        field, lang, value = parsed
        if field == "other" and fields:
            i += 1
            continue
        if field in fields:
            break
        if field == "from" and fields:
            break
        if not fields and field != "from":
            return None
        fields[field] = value
        if field in ("sent", "subject") and lang != "en":
            language = language or lang  # "De:" is French and Spanish: the Sent/Subject names tell
        i += 1
    if "from" not in fields or "sent" not in fields:
        return None
    return fields, language, i


def looks_like_outlook_text(text: str) -> bool:
    return _header_block(text.replace("\r\n", "\n").split("\n")[:40]) is not None


def read_outlook_text(text: str, source: str, zone: tzinfo) -> Email:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block = _header_block(lines)
    if block is None:
        raise ValidationError("not an email: no From:/Sent: header block at the top of the text", where=source)
    fields, language, body_start = block
    name, address = mailbox_address(fields["from"])  # the real address, never an address-like display name
    if not is_address(address):
        # Outlook often copies only the display name for people in the address book; an address in
        # square brackets ("Alex Doe [mailto:alex@x]") is the older form: the last one written is the sender.
        written = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", fields["from"])
        address = written[-1] if written else ""
        name = name or re.sub(r"\[.*?\]|<.*?>", "", fields["from"]).strip()
    if not address:
        raise ValidationError(
            f"the From: line names no email address ({fields['from'][:60]!r}); copy the message with the "
            "sender's address shown, or save it as a file and drop that",
            where=source,
        )
    wall = parse_sent_line(fields["sent"], day_first=language in ("de", "fr", "es"))
    if wall is None:
        raise ValidationError(f"the Sent: line is not a date: {fields['sent'][:60]!r}", where=source)
    sent: datetime = wall.replace(tzinfo=zone) if wall.tzinfo is None else wall
    body = "\n".join(lines[body_start:]).strip("\n") + "\n"
    return Email(
        source=source,
        subject=fields.get("subject", ""),
        sender_name=name.strip().strip('"'),
        sender_email=address,
        date=sent,
        to=[a for _, a in getaddresses([fields.get("to", "")]) if "@" in a],
        cc=[a for _, a in getaddresses([fields.get("cc", "")]) if "@" in a],
        body=body,
        language_hint=language,
    )
