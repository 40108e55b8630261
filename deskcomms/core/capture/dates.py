"""Dates written by people and by Outlook, in English, German, French and Spanish.

Two uses: the ``Sent:`` line of a message copied from Outlook ("Tuesday, December 1, 2026 3:04 PM",
"Dienstag, 1. Dezember 2026 15:04", "mardi 1 décembre 2026 15:04", "martes, 1 de diciembre de 2026
15:04"), and the return date an out-of-office reply gives ("back on 7 December", "bis einschließlich
04.12.2026", "de retour le 7 décembre", "hasta el 7 de diciembre"). dateutil does the parsing; this
module teaches it the month and weekday names and finds the dates inside free text.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import ClassVar

from dateutil import parser as du_parser

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"),
    2: ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév", "febrero"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo"),
    4: ("april", "apr", "avril", "avr", "abril", "abr"),
    5: ("may", "mai", "mayo"),
    6: ("june", "jun", "juni", "juin", "junio"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio"),
    8: ("august", "aug", "août", "aout", "agosto", "ago"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre"),
    11: ("november", "nov", "novembre", "noviembre"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"),
}
WEEKDAYS: dict[int, tuple[str, ...]] = {
    0: ("monday", "mon", "montag", "mo", "lundi", "lun", "lunes"),
    1: ("tuesday", "tue", "tues", "dienstag", "di", "mardi", "mar", "martes"),
    2: ("wednesday", "wed", "mittwoch", "mi", "mercredi", "mer", "miércoles", "miercoles", "mié"),
    3: ("thursday", "thu", "thur", "thurs", "donnerstag", "do", "jeudi", "jeu", "jueves", "jue"),
    4: ("friday", "fri", "freitag", "fr", "vendredi", "ven", "viernes", "vie"),
    5: ("saturday", "sat", "samstag", "sonnabend", "sa", "samedi", "sam", "sábado", "sabado", "sáb"),
    6: ("sunday", "sun", "sonntag", "so", "dimanche", "dim", "domingo", "dom"),
}
_MONTH_OF = {name: number for number, names in MONTHS.items() for name in names}
_WEEKDAY_NAMES = {name for names in WEEKDAYS.values() for name in names}
# Words that sit between the parts of a date in these languages ("1 de diciembre de 2026", "le 7",
# "um 15:04", "à 15 h 04") and mean nothing to the date itself.
_FILLER = {"de", "del", "le", "am", "um", "à", "a", "at", "the", "of", "el", "h", "uhr", "o"}


class _Info(du_parser.parserinfo):  # type: ignore[misc]
    """dateutil's parser, told the month names of the four languages (weekdays are dropped first)."""

    MONTHS: ClassVar[list[tuple[str, ...]]] = [
        tuple(sorted(set(names), key=len, reverse=True)) for _, names in sorted(MONTHS.items())
    ]
    JUMP: ClassVar[list[str]] = [*du_parser.parserinfo.JUMP, "de", "del", "le", "am", "um", "à", "el", "uhr", "h"]


_INFO_MONTH_FIRST = _Info(dayfirst=False)
_INFO_DAY_FIRST = _Info(dayfirst=True)


def _fold(text: str) -> str:
    """Lower case, with "1er" → "1" and non-breaking spaces made plain (French Outlook writes both)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\b1(?:er|ère|º|°)\b", "1", text.lower())


def parse_sent_line(value: str, *, day_first: bool) -> datetime | None:
    """The wall time of an Outlook ``Sent:`` value (naive: Outlook writes the reader's local time)."""
    text = _fold(value)
    text = re.sub(r"(\d{1,2})\s*h\s*(\d{2})", r"\1:\2", text)  # "15 h 04" (French)
    words = [w for w in re.split(r"[\s,]+", text) if w and w.strip(".") not in _WEEKDAY_NAMES]
    words = [w for w in words if w.strip(".") not in _FILLER]
    cleaned = " ".join(w.rstrip(".") if not re.fullmatch(r"\d{1,2}\.", w) else w[:-1] for w in words)
    try:
        parsed: datetime = du_parser.parse(cleaned, parserinfo=_INFO_DAY_FIRST if day_first else _INFO_MONTH_FIRST)
    except (ValueError, OverflowError):
        return None
    written = re.search(r"\b(\d{4})\b", cleaned)
    if written and int(written.group(1)) != parsed.year:  # "0001" read as 2001: not a date we can trust
        return None
    return parsed


# ----- dates inside free text (out-of-office replies) ------------------------------------------------

_MONTH_WORD = "|".join(sorted((re.escape(n) for n in _MONTH_OF), key=len, reverse=True))
_TEXT_DATE_DMY = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s*(?:de\s+)?(?P<m>{_MONTH_WORD})(?![a-zà-ÿ])\.?(?:\s*,?\s*(?:de\s+)?(?P<y>\d{{4}}))?",
    re.IGNORECASE,
)
_TEXT_DATE_MDY = re.compile(
    rf"\b(?P<m>{_MONTH_WORD})(?![a-zà-ÿ])\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*(?P<y>\d{{4}}))?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{2,4}))?\b")

# Words that announce the return date (or the last day away) in the four languages.
_RETURN_WORDS = re.compile(
    r"back|return|returning|until|till|through|thru|from|after|available|reachable|office on|"
    r"zurück|wieder|bis|ab dem|ab|einschließlich|erreichbar|"
    r"retour|jusqu|partir du|à compter du|au|disponible|"
    r"regres|volver|vuelta|hasta|a partir del|partir|disponible|reincorpor",
    re.IGNORECASE,
)


def _year_for(day: int, month: int, year: int | None, sent: date) -> date | None:
    candidates = [year] if year is not None else [sent.year, sent.year + 1]
    for y in candidates:
        try:
            found = date(y, month, day)
        except ValueError:
            continue
        if year is not None or found >= sent - timedelta(days=1):
            return found
    return None


def _numeric(match: re.Match[str], sent: date, day_first: bool) -> date | None:
    a, b, c = match.group("a"), match.group("b"), match.group("c")
    if len(a) == 4:  # 2026-12-07
        if c is None:
            return None
        y, m, d = int(a), int(b), int(c)
        try:
            return date(y, m, d)
        except ValueError:
            return None
    first, second = int(a), int(b)
    year = None
    if c is not None:
        year = int(c) + (2000 if len(c) == 2 else 0)
    elif match.group("sep") == "-":
        return None  # "7-8" is a range of hours or numbers, not a date
    day, month = (first, second) if day_first or first > 12 else (second, first)
    if month > 12 and day <= 12:
        day, month = month, day
    return _year_for(day, month, year, sent)


def dates_in(text: str, sent: date, *, day_first: bool) -> list[tuple[int, date]]:
    """Every date written in ``text`` (position, date), with the year guessed from ``sent`` when it is missing."""
    folded = _fold(text)
    found: dict[int, date] = {}
    for regex in (_TEXT_DATE_DMY, _TEXT_DATE_MDY):
        for match in regex.finditer(folded):
            month = _MONTH_OF.get(match.group("m").lower().rstrip("."))
            if month is None:
                continue
            year = int(match.group("y")) if match.group("y") else None
            day = _year_for(int(match.group("d")), month, year, sent)
            if day is not None and match.start() not in found:
                found[match.start()] = day
    for match in _NUMERIC_DATE.finditer(folded):
        if any(abs(match.start() - pos) < 3 for pos in found):
            continue
        day = _numeric(match, sent, day_first)
        if day is not None:
            found[match.start()] = day
    return sorted(found.items())


def return_date(text: str, sent: date, *, day_first: bool) -> date | None:
    """The date an out-of-office reply says the person is back (or away until), or None.

    The latest date that follows a return word ("back", "bis", "jusqu'au", "hasta"...) and is not
    before the reply itself; failing that, the latest date in the text that is not before it. A range
    ("from 1 to 7 December") thus gives its end. Dates more than a year ahead are taken as typos.
    """
    folded = _fold(text)
    candidates = [
        (pos, d) for pos, d in dates_in(folded, sent, day_first=day_first) if sent <= d <= sent + timedelta(days=366)
    ]
    if not candidates:
        return None
    announced = [d for pos, d in candidates if _RETURN_WORDS.search(folded[max(0, pos - 40) : pos])]
    return max(announced or [d for _, d in candidates])
