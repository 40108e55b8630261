"""Cutting the quoted history off a reply, so only what the sender wrote this time is read and shown.

Support threads quote everything below; what matters (a close request, a return date) is above the
first marker. The markers are the ones Outlook, Gmail, Apple Mail and Thunderbird write, in English,
German, French and Spanish.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(
    r"^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")
# "On Tue, Dec 1, 2026 at 3:04 PM Alex Doe <alex@x> wrote:" (may wrap over two lines), and its cousins.
_WROTE = re.compile(
    r"^\s*(on\b.*\bwrote|am\b.*\bschrieb.*|le\b.*\ba écrit|el\b.*\bescribió)\s*:?\s*$",
    re.IGNORECASE,
)
_WROTE_START = re.compile(r"^\s*(on|am|le|el)\s+\S", re.IGNORECASE)
_WROTE_END = re.compile(r"(wrote|schrieb[^:]*|a écrit|escribió)\s*:\s*$", re.IGNORECASE)
_FROM = re.compile(r"^\s*\**\s*(from|von|de|van)\s*\**\s*:", re.IGNORECASE)
_SENT = re.compile(
    r"^\s*\**\s*(sent|date|gesendet|datum|envoyé|date d'envoi|enviado el|enviado|fecha)\s*\**\s*:", re.IGNORECASE
)


def quote_start(lines: list[str]) -> int | None:
    """The index of the first line of quoted history, or None when the text quotes nothing."""
    for i, line in enumerate(lines):
        if _SEPARATORS.match(line) or _WROTE.match(line):
            return i
        if _WROTE_START.match(line) and i + 1 < len(lines) and _WROTE_END.search(lines[i + 1]):
            return i
        if _UNDERSCORES.match(line) and any(_FROM.match(x) for x in lines[i + 1 : i + 3]):
            return i
        if _FROM.match(line) and any(_SENT.match(x) for x in lines[i + 1 : i + 5]):
            return i
        if line.startswith(">") and i + 1 < len(lines) and lines[i + 1].startswith(">"):
            return i
    return None


def cut_quoted(text: str) -> str:
    """``text`` without the quoted history (and without trailing blank lines)."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = quote_start(lines)
    kept = lines if start is None else lines[:start]
    return "\n".join(kept).strip() + ("\n" if any(line.strip() for line in kept) else "")
