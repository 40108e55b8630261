"""The sender's own words in a reply: the quoted thread taken out, wherever the reply sits.

What counts (a closure request, a return date, a question) is only what the sender wrote this time.
Quoted history comes in two shapes, and the labels of both are in the language files:

- a **block** that runs to the end: Outlook's header block (``From:/Sent:``, ``Von:/Gesendet:``,
  ``Van:/Verzonden:``, ``Da:/Inviato:``, ``De:/Enviada em:``, ``От:/Отправлено:``...; Hotmail's starts
  with ``Date:``), a separator line (``-----Original Message-----`` and its translations, a line of
  underscores before a header), or a "wrote" line with no ``>`` lines after it;
- **``>`` lines**, with their "wrote" line ("On … wrote:", "Am … schrieb …:", "Le … a écrit :",
  "El … escribió:", "Op … schreef …:", "Il giorno … ha scritto:", "Em … escreveu:", Yahoo's
  "--- On … wrote:", "… пользователь … написал:"): the sender's lines between and after them are kept,
  in order, so inline answers and replies written below the quote (bottom-posting) are the words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .languages import fold, languages, phrase_regex

MAX_LINES = 20_000  # beyond this many lines, the rest is read as quoted (no reply is that long)


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    langs = languages()
    wrote = phrase_regex(w for lang in langs for w in lang.wrote)
    separators = phrase_regex(s for lang in langs for s in lang.separators)
    froms = phrase_regex(w for lang in langs for w in lang.outlook.get("from", ()))
    sents = phrase_regex(w for lang in langs for w in lang.outlook.get("sent", ()))
    return (
        # "… wrote:", "… schrieb Alex <a@x>:", "… a écrit :" at the end of a line
        re.compile(rf"{wrote}[^:]{{0,160}}:\s*$"),
        re.compile(rf"^\s*(?:[-=_*]{{2,}}\s*{separators}(?:\s*[-=_*]{{2,}}|\s*:)?|begin forwarded message:?)\s*$"),
        re.compile(rf"^\s*\**\s*{froms}\s*\**\s*:"),
        re.compile(rf"^\s*\**\s*{sents}\s*\**\s*:"),
    )


# How an attribution line begins: "On", "Am", "Le", "El", "Op", "Il giorno", "Em", "в", Yahoo's "---",
# or a date ("1 декабря 2026 г., … написал:"); an address alone starts only the wrapped rest of one.
_ATTRIBUTION_START = re.compile(r"^\s*(?:-{2,}\s*)?(?:(?:on|am|le|el|op|il|em|в)\b|\d|[^\W\d]+,\s*\d)", re.IGNORECASE)
_WRAPPED_REST = re.compile(r"^\s*\"?[^\s@]+@")
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _attribution(lines: list[str], j: int) -> int | None:
    """If line ``j`` ends a "wrote" line, the index where that attribution starts (it may wrap)."""
    wrote = _markers()[0]
    if not wrote.search(fold(lines[j])):
        return None
    for k in (j, j - 1, j - 2):
        if k < 0 or any(not lines[x].strip() or _quoted(lines[x]) for x in range(k, j + 1)):
            break
        joined = " ".join(lines[x].strip() for x in range(k, j + 1))
        if _ATTRIBUTION_START.match(fold(lines[k])) and re.search(r"\d|@", joined):
            return k
    return j if _WRAPPED_REST.match(lines[j]) else None


def _block_start(lines: list[str], i: int) -> bool:
    """Whether a quoted block that runs to the end starts at line ``i``."""
    _, separator, from_line, sent_line = _markers()
    line = fold(lines[i])
    if separator.match(line):
        return True
    near = [fold(x) for x in lines[i + 1 : i + 6]]
    if _UNDERSCORES.match(line) and any(from_line.match(x) for x in near[:2]):
        return True
    if from_line.match(line) and any(sent_line.match(x) for x in near):
        return True
    # Hotmail's block starts with Date:, then From:
    return bool(sent_line.match(line) and any(from_line.match(x) for x in near[:4]))


def _next_text_line(lines: list[str], i: int) -> str | None:
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return line
    return None


def own_lines(lines: list[str]) -> list[str]:
    """The sender's lines, in order: quoted lines, their "wrote" lines and any trailing block left out."""
    lines = lines[:MAX_LINES]
    kept: list[str] = []
    skip_to = -1
    for i, line in enumerate(lines):
        if i <= skip_to:
            continue
        if _quoted(line):
            continue
        if _block_start(lines, i):
            break
        start = _attribution(lines, i) if line.strip() else None
        if start is not None:
            after = _next_text_line(lines, i)
            if i > start:
                del kept[len(kept) - (i - start) :]  # the wrapped beginning of the attribution
            if after is not None and _quoted(after):
                continue  # the attribution of ">" lines: the sender's words may follow them
            break  # "On … wrote:" and the quoted text without ">": the rest is the quote
        kept.append(line)
    return kept


def quote_start(lines: list[str]) -> int | None:
    """The index of the first line of quoted history, or None when the text quotes nothing."""
    for i, line in enumerate(lines[:MAX_LINES]):
        if _quoted(line) or _block_start(lines, i):
            return i
        start = _attribution(lines, i) if line.strip() else None
        if start is not None:
            return start
    return None


def cut_quoted(text: str) -> str:
    """The sender's own words in ``text``: every quoted line and block out, blank runs made one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = own_lines(lines)
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in kept)).strip()
    return joined + "\n" if joined else ""
