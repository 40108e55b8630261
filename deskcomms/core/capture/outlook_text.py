"""The text Outlook puts on the clipboard when a message is copied: a header block, then the body.

    From: Alex Doe <alex@customer.example>
    Sent: Tuesday, December 1, 2026 3:04 PM
    To: Jane Smith <jane@example.com>
    Cc: support@mail.support.example
    Subject: RE: Copy fails - Case 2411220010001234

    Hi Jane, ...

Localised Outlook writes ``Von:/Gesendet:/An:/Cc:/Betreff:`` (German), ``De :/Envoyé :/À :/Cc :/Objet :``
(French), ``De:/Enviado:/Para:/CC:/Asunto:`` (Spanish), ``Van:/Verzonden:/Aan:/Onderwerp:`` (Dutch),
``Da:/Inviato:/A:/Oggetto:`` (Italian) and ``De:/Enviada em:/Para:/Assunto:`` (Portuguese): the labels
are in the language files, and together they tell the language ("De:" alone could be three). The Sent
line carries no zone: it is the reader's local time, so the caller passes the engineer's zone.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from email.utils import getaddresses
from functools import lru_cache

from ..addresses import is_address, mailbox_address
from ..errors import ValidationError
from .dates import read_sent_line
from .languages import languages
from .message import Email


@lru_cache(maxsize=1)
def _labels() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each header label Outlook writes (any language file) → (field, the languages that write it)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for lang in languages():
        for field_name, labels in lang.outlook.items():
            for label in labels:
                known = found.setdefault(label, (field_name, []))
                known[1].append(lang.code)
    return {label: (fld, tuple(langs)) for label, (fld, langs) in found.items()}


_LINE = re.compile(r"^\s*(?P<name>[^\W\d][\w' ]{0,14}?)\s*:\s?(?P<value>.*)$")


def _field_of(line: str) -> tuple[str, tuple[str, ...], str] | None:
    match = _LINE.match(line)
    if not match:
        return None
    name = " ".join(match.group("name").split()).lower()
    labels = _labels()
    if name not in labels:
        return None
    field, langs = labels[name]
    return field, langs, match.group("value").strip()


def _header_block(lines: list[str]) -> tuple[dict[str, str], str, int] | None:
    """The first From/Sent/.../Subject block: (fields, language, index of the first body line)."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fields: dict[str, str] = {}
    candidates: list[tuple[str, ...]] = []
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
        field, langs, value = parsed
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
        if field != "cc":
            candidates.append(langs)
        i += 1
    if "from" not in fields or "sent" not in fields:
        return None
    return fields, _language(candidates), i


def _language(candidates: list[tuple[str, ...]]) -> str:
    """The one language every label of the block belongs to ("De:" is French, Spanish and Portuguese;
    "Enviada em:" only Portuguese); "" when the labels do not agree on one."""
    common = set(candidates[0]) if candidates else set()
    for langs in candidates[1:]:
        common &= set(langs)
    order = [lang.code for lang in languages()]
    agreed = sorted(common, key=order.index)
    if agreed:
        return agreed[0]
    return ""


def looks_like_outlook_text(text: str) -> bool:
    return _header_block(text.replace("\r\n", "\n").split("\n")[:40]) is not None


def read_outlook_text(text: str, source: str, zone: tzinfo, now: datetime | None = None) -> Email:
    """The email in ``text``; ``now`` (the capture's moment) dates a Sent: line that gives only a time."""
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
    moment = (now or datetime.now(zone)).astimezone(zone)
    sent_time = read_sent_line(fields["sent"], language, moment)
    wall = sent_time.wall
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
        language_hint=language if language != "en" else "",
        notes=list(sent_time.notes),
    )
