"""Capturing emails: read an .eml, .msg or Outlook-copied text, find its case, decide what to record.

Qt-free and store-free like the rest of core: the application layer (``deskcomms.capturing``) loads the
cases, asks this package what each email means and records the result in one transaction.
"""

from __future__ import annotations

from .analysis import (
    CaseIndex,
    Match,
    Meaning,
    TemplateSubject,
    clean_subject,
    is_auto_reply,
    match_case,
    match_template,
    meaning,
    title_from_subject,
)
from .message import Email
from .quotes import cut_quoted
from .reading import read_email

__all__ = [
    "CaseIndex",
    "Email",
    "Match",
    "Meaning",
    "TemplateSubject",
    "clean_subject",
    "cut_quoted",
    "is_auto_reply",
    "match_case",
    "match_template",
    "meaning",
    "read_email",
    "title_from_subject",
]
