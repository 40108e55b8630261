"""Which reader an input needs: an Outlook .msg (an OLE file), text copied from Outlook, or a MIME email.

Kept apart from the readers themselves, which all build on ``message.Email``.
"""

from __future__ import annotations

import re
from datetime import tzinfo

from ..errors import ValidationError
from .message import _MIME_HEADERS, MAX_BYTES, OLE_MAGIC, Email, read_eml
from .msgfile import read_msg
from .outlook_text import looks_like_outlook_text, read_outlook_text


def read_email(data: bytes, source: str, default_zone: tzinfo) -> Email:
    """An Email from the bytes of a file (or standard input), whatever the kind; ValidationError if none.

    ``default_zone`` reads a time written without a zone (the ``Sent:`` line Outlook copies is the
    reader's local time).
    """
    if len(data) > MAX_BYTES:
        raise ValidationError(f"too large to be an email ({len(data) // 1_000_000} MB)", where=source)
    if data.startswith(OLE_MAGIC):
        return read_msg(data, source)
    if not data.strip():
        raise ValidationError("empty: not an email", where=source)
    text = _as_text(data)
    if text is not None and is_copied_text(text):
        return read_outlook_text(text, source, default_zone)
    return read_eml(data, source)


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
