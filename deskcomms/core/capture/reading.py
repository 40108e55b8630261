"""Which reader an input needs: an Outlook .msg (an OLE file), text copied from Outlook, or a MIME email.

Kept apart from the readers themselves, which all build on ``message.Email``.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from ..errors import ValidationError
from .message import _MIME_HEADERS, MAX_BYTES, OLE_MAGIC, Email, read_eml
from .msgfile import read_msg
from .outlook_text import looks_like_outlook_text, read_outlook_text

# More parts than any real message carries make the standard parser take seconds per thousand.
MAX_PARTS = 2_000
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


def _safe(email: Email, source: str) -> Email:
    from ..sanity import check_address
    from ..timefmt import MAX_YEAR, MIN_YEAR

    if not MIN_YEAR <= email.date.year <= MAX_YEAR:
        raise ValidationError(
            f"the email's date ({email.date:%Y-%m-%d}) is outside the years {MIN_YEAR}-{MAX_YEAR}", where=source
        )
    email.subject = _one_line(email.subject)
    email.sender_name = _one_line(email.sender_name)
    email.message_id = _one_line(email.message_id)
    email.to = [a for a in (_one_line(x) for x in email.to) if a]
    email.cc = [a for a in (_one_line(x) for x in email.cc) if a]
    check_address(email.sender_email, f"{source}: From")
    return email


def _read(data: bytes, source: str, default_zone: tzinfo, now: datetime | None = None) -> Email:
    if data.count(b"\n--") > MAX_PARTS:
        raise ValidationError(f"not a usable email (more than {MAX_PARTS:,} parts)", where=source)
    if len(data) > MAX_BYTES:
        raise ValidationError(f"too large to be an email ({len(data) // 1_000_000} MB)", where=source)
    if data.startswith(OLE_MAGIC):
        return read_msg(data, source, now)
    if not data.strip():
        raise ValidationError("empty: not an email", where=source)
    text = _as_text(data)
    if text is not None and is_copied_text(text):
        return read_outlook_text(text, source, default_zone, now)
    return read_eml(data, source, now)


def is_copied_text(text: str) -> bool:
    """Text copied from Outlook: no MIME headers of a real message file, and Outlook's own header block."""
    head = re.split(r"\r?\n\r?\n", text[:16384], maxsplit=1)[0]
    return not _MIME_HEADERS.search(head) and looks_like_outlook_text(text)


def _as_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None
