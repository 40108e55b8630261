"""One email, one event, whatever form it arrives in (.eml, .msg, text copied from Outlook, dropped again).

An email with a Message-ID is known by it (``Email.identity``). Text copied from Outlook has none, and the
same email may come back that way after its .eml was captured: so every captured email also keeps a
**fingerprint** of what every form shows alike: the sender's address (its comparable form), the minute it
was sent (in UTC; Outlook shows minutes, files show seconds), the subject without reply and forward prefixes
(Re:, AW:, RE:, TR:, Fwd:, WG:, RV:, Antw:, R:, Enc:…) and the first words of the sender's own text (words
only: an HTML body and its plain copy read alike). Two emails that both carry a Message-ID and differ in it
are two emails, whatever their fingerprints say.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from ..addresses import address_key
from .analysis import clean_subject
from .message import Email
from .quotes import cut_quoted

BODY_WORDS = 24  # enough to tell two short replies of one minute apart; few enough to survive a signature
_WORD = re.compile(r"\w+")
_CASE_TAG = re.compile(r"^\s*\[[^\]]{0,40}\]\s*")  # "[EXTERNAL]" and the like, which some forms add


def fingerprint(email: Email) -> str:
    """What the same email shows in every form it can arrive in, hashed (no text of it is kept)."""
    minute = email.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    subject = clean_subject(_CASE_TAG.sub("", clean_subject(email.subject)))
    words = _WORD.findall(cut_quoted(email.body).casefold())[:BODY_WORDS]
    key = "\x1f".join((address_key(email.sender_email), minute, " ".join(_WORD.findall(subject.casefold())), *words))
    return "fp:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def has_message_id(email: Email) -> bool:
    return bool(email.message_id.strip())


def same_email(email: Email, email_fingerprint: str, fields: Mapping[str, Any]) -> bool:
    """Whether an event's ``fields`` were captured from ``email`` (by Message-ID, else by fingerprint)."""
    recorded_id = fields.get("message_id")
    recorded_fingerprint = fields.get("fingerprint")
    if isinstance(recorded_id, str) and recorded_id == email.identity:
        # Without a Message-ID the identity is only sender, time and subject: the text decides too
        # (events captured before fingerprints were kept have none, and are trusted as they were).
        return has_message_id(email) or recorded_fingerprint in (None, email_fingerprint)
    if recorded_fingerprint != email_fingerprint:
        return False
    # Both have a Message-ID and they differ: two emails that look alike (a resend a minute later).
    recorded_real = isinstance(recorded_id, str) and bool(recorded_id) and not recorded_id.startswith("sha256:")
    return not (recorded_real and has_message_id(email))
