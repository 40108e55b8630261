"""Which reader an input needs: an Outlook .msg (an OLE file), text copied from Outlook, or a MIME email.

Kept apart from the readers themselves, which all build on ``message.Email``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from ..errors import ValidationError
from .limits import MAX_HEADER_BYTES, MAX_PARTS, check_headers, check_parts, check_size, message_bytes
from .message import _MIME_HEADERS, OLE_MAGIC, Email, read_eml
from .msgfile import read_msg
from .outlook_text import looks_like_outlook_text, read_outlook_text

__all__ = ["MAX_HEADER", "MAX_PARTS", "is_copied_text", "read_email"]
# Header values we keep (subject, names, ids): one line, at most an RFC 5322 line long.
MAX_HEADER = 998
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]+")


def read_email(data: bytes, source: str, default_zone: tzinfo, now: datetime | None = None) -> Email:
    """An Email from the bytes of a file (or standard input), whatever the kind; ValidationError if none.

    ``default_zone`` reads a time written without a zone (the ``Sent:`` line Outlook copies is the
    reader's local time). What is kept of it is made safe to store, print and export: header values on one
    line without control characters, a date within the years the rest of deskcomms accepts. ``now`` (the
    moment of capture, aware) dates an email without a Date: header and a Sent: line with a time alone.
    """
    try:
        email = _read(data, source, default_zone, now)
    except RecursionError:
        raise ValidationError("not a usable email (its parts are nested too deeply)", where=source) from None
    except OverflowError:
        raise ValidationError("not a usable email (its date is out of range)", where=source) from None
    return _safe(email, source)


def _one_line(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", text).split())[:MAX_HEADER]


def _identity_line(message_id: str) -> str:
    """A Message-ID kept whole: one too long to store as written is kept as its digest (never cut, so
    two long ids that share a beginning stay two emails)."""
    import hashlib

    line = " ".join(_CONTROLS.sub(" ", message_id).split())
    if len(line) <= MAX_HEADER:
        return line
    return "sha256:" + hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()


# The instants every zone shows within the interchange file's years (1970-2200): an email of 1970-01-01
# 01:00 +0000 is 1969-12-31 in New York, which export would write and import refuse.
EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
LATEST = datetime(2200, 12, 31, tzinfo=UTC)


def _clamp_date(email: Email) -> None:
    """An email dated at the very edge of the years kept is kept at the nearest instant every zone can
    write, with a note saying so (the date as written is kept on the event)."""
    written = email.date
    clamped = min(max(written, EARLIEST), LATEST)
    if clamped != written:
        email.date = clamped.astimezone(written.tzinfo)
        email.date_written = written.isoformat()
        email.notes.append(
            f"dated {written.isoformat()}, at the edge of the years kept; recorded at {clamped.isoformat()}"
        )


def _safe(email: Email, source: str) -> Email:
    from ..sanity import check_address
    from ..timefmt import MAX_YEAR, MIN_YEAR

    if not MIN_YEAR <= email.date.year <= MAX_YEAR:
        raise ValidationError(
            f"the email's date ({email.date:%Y-%m-%d}) is outside the years {MIN_YEAR}-{MAX_YEAR}", where=source
        )
    _clamp_date(email)
    email.subject = _one_line(email.subject)
    email.sender_name = _one_line(email.sender_name)
    email.message_id = _identity_line(email.message_id)
    email.to = [a for a in (_one_line(x) for x in email.to) if a]
    email.cc = [a for a in (_one_line(x) for x in email.cc) if a]
    email.sender_email = check_address(email.sender_email, f"{source}: From")  # one form, one comparison
    return email


def _read(data: bytes, source: str, default_zone: tzinfo, now: datetime | None = None) -> Email:
    # Every limit before any parsing: the parser itself is what the bombs attack.
    check_size(data, source)
    if data.startswith(OLE_MAGIC):
        return read_msg(data, source, now)
    data = message_bytes(data)  # mbox line, byte-order mark, UTF-16: the same email
    if not data.strip():
        raise ValidationError("empty: not an email", where=source)
    check_parts(data, source)
    check_headers(data, source)
    text = _as_text(data)
    if text is not None and is_copied_text(text):
        return read_outlook_text(text, source, default_zone, now)
    return read_eml(data, source, now)


# A Date: header as a mail program writes it ("Tue, 24 Nov 2026 10:00:00 -0500"), never as Outlook copies it.
_RFC_DATE = re.compile(r"^date:[ \t]*(?:\w{3},[ \t]*)?\d{1,2}[ \t]+\w{3}[ \t]+\d{4}[ \t]+\d{1,2}:\d\d", re.I | re.M)


def is_copied_text(text: str) -> bool:
    """Text copied from Outlook: Outlook's own header block, and nothing in the whole header block that
    only a real message file carries (a MIME header, an encoded word, an RFC 5322 date)."""
    head = re.split(r"\r\n\r\n|\n\n|\r\r", text[: MAX_HEADER_BYTES + 4], maxsplit=1)[0]
    if _MIME_HEADERS.search(head) or "=?" in head or _RFC_DATE.search(head):
        return False
    return looks_like_outlook_text(text)


def _as_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None
