"""Every way the seven languages name a day in free text, found in one pass: the tokens a return date is
read from (``return_dates``). A token is a date ("7 December", "07.12.2026", "the 7th", "3-8 December"),
a weekday, a relative word ("tomorrow", "morgen", "la semaine prochaine"), a month alone, or a number that
reads two ways ("12/4" in English). Names come from the language files (CLDR through Babel).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .languages import Language, languages, phrase_regex

HORIZON = 366  # a day back further ahead than this is a typo or not a return
RECENT = 60  # a date without a year that passed this recently is stale, not next year's
# "until 12/7" in English, sent on 1 December: 7 December is ahead, 12 July has passed (its next one is
# more than half a year away): the one reading in the coming half year is taken; two there is unsure.
EN_AMBIGUOUS_HORIZON = 183
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Grammar:
    tokens: re.Pattern[str]
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int | str]
    joins: frozenset[str]
    vague: re.Pattern[str]
    negation: re.Pattern[str]
    month_words: frozenset[str]
    inclusive_after: re.Pattern[str]
    schedule: re.Pattern[str]


def _words(langs: tuple[Language, ...], kind: str) -> set[str]:
    return {w for lang in langs for w in lang.cues.get(kind, ())}


@lru_cache(maxsize=8)
def grammar(language: str) -> Grammar:
    """The words of every language, except that short "from" words ("am", "le", "da", "de") count only in
    their own language: "I am out" is not German's "am Montag"."""
    langs = tuple(lang for lang in languages() if lang.months)
    months = {name: n for lang in langs for name, n in lang.months.items()}
    weekdays = {name: n for lang in langs for name, n in lang.weekdays.items()}
    relative = {name: v for lang in langs for name, v in lang.relative.items()}
    joins = _words(langs, "range_join")
    # Between two day numbers before a month ("3 au 8 décembre") even a short join makes a range.
    day_joins = (joins - {"and", "und", "en", "e", "y el", "e il", "et le"}) | _words(langs, "until")
    day_joins |= _words(langs, "inclusive")
    month = phrase_regex(months)
    ordinal = r"(?:st|nd|rd|th|er|re|ème|º|°|ª|\.)?"
    day = r"(?<![\d.,:/])[0-3]?\d"
    join = rf"\s*(?:{phrase_regex(day_joins)}|[-–—])\s*(?:the\s+|le\s+|el\s+|il\s+|de[nm]?\s+)?"
    year = r"(?:\s*,?\s*(?:de\s+|del\s+|of\s+)?(?P<{0}>\d{{4}})(?!\d|-\d))?"  # not 2026-12-07's year
    patterns = [
        r"(?<![\d.])(?P<iy>\d{4})-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?!\d)",
        rf"(?P<na>{day})(?P<sep>[./-])(?P<nb>[01]?\d)(?P=sep)(?P<ny>\d{{4}}|\d{{2}})(?!\d|[.,/-]\d)",
        rf"(?:the\s+)?(?:(?P<d1>{day}){ordinal}{join})?(?P<d>{day}){ordinal}\s*(?:of\s+|de\s+|di\s+)?(?P<m>{month})\.?"
        + year.format("y"),
        rf"(?P<m2>{month})\.?\s*(?:the\s+)?(?P<e>{day}){ordinal}(?![\d:])"
        rf"(?:{join}(?P<e2>{day}){ordinal}(?![\d:]))?" + year.format("y2"),
        rf"(?P<pa>{day})(?P<psep>[./])(?P<pb>[01]?\d)\.?(?!\d|[.,/:]\d|\s*(?:am|pm|uhr|h)\b)",
        r"(?<![\w])(?:the\s+)?(?P<od>[0-3]?\d)(?:st|nd|rd|th)(?![\w])",
        # "mercredi 2 au vendredi 4 décembre", "Wednesday the 2nd": a weekday and a day of the month
        rf"(?P<wd>{phrase_regex(weekdays)})\s+(?:the\s+)?(?P<wdd>[0-3]?\d)(?:st|nd|rd|th|er)?"
        rf"(?![\w:.,/]|\s*(?:{month}|de\s|of\s|di\s|h\b|uhr\b|am\b|pm\b))",
        rf"(?P<w>{phrase_regex(weekdays)})",
        # "Wed 12/2": English short weekdays count only beside a date
        r"(?P<wa>(?<![\w])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?![\w]))\.?",
        rf"(?P<r>{phrase_regex(relative)})",
        rf"(?P<mo>{month})\.?(?:\s+(?P<moy>\d{{4}})(?!\d|-\d))?",
    ]

    def cue_words(kind: str) -> set[str]:
        short_ok = kind not in ("from", "range_start")
        return {w for lang in langs for w in lang.cues.get(kind, ()) if short_ok or len(w) > 3 or lang.code == language}

    kinds = ("back", "until", "inclusive", "from", "range_start")
    cues = tuple((kind, re.compile(phrase_regex(cue_words(kind)))) for kind in kinds)
    return Grammar(
        tokens=re.compile("|".join(f"(?:{p})" for p in patterns)),
        cues=cues,
        months=months,
        weekdays=weekdays,
        relative=relative,
        joins=frozenset(joins),
        vague=re.compile(phrase_regex(_words(langs, "vague"))),
        negation=re.compile(phrase_regex(_words(langs, "negation"))),
        month_words=frozenset(_words(langs, "month_preposition") | {"the", "de", "of", "le", "el", "il", "den"}),
        inclusive_after=re.compile(r"^\s*[(,]?\s*" + phrase_regex(_words(langs, "inclusive"))),
        schedule=re.compile(phrase_regex(_words(langs, "schedule"))),
    )


# ----- tokens: every way of naming a day --------------------------------------------------------------


@dataclass
class Token:
    start: int
    end: int
    kind: str  # "date", "weekday", "relative", "month", "ambiguous"
    candidates: tuple[date, ...] = ()  # the day(s) it may be (one unless ambiguous)
    weekday: int | None = None
    range_end: bool = False  # "3-8 December": the token is itself a range, its date the last day away
    problem: str = ""  # why it cannot be a date ("31 February", "mid-January")
    text: str = ""


def _on_or_after(day: int, month: int, sent: date) -> tuple[date | None, str]:
    """The next ``day``/``month`` on or after ``sent``: this year's, else next year's (unless just passed)."""
    for year in (sent.year, sent.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= sent:
            if year > sent.year and _passed_recently(found, sent):
                return None, f"{found.day} {found:%B} has just passed"
            return found, ""
    return None, f"{day}/{month} is not a date"


def _passed_recently(found: date, sent: date) -> bool:
    try:
        this_year = found.replace(year=sent.year)
    except ValueError:  # 29 February, and this year has none
        return False
    return (sent - this_year).days <= RECENT


def _absolute(day: int, month: int, year: int | None, sent: date) -> tuple[date | None, str]:
    if year is None:
        return _on_or_after(day, month, sent)
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"{day}/{month}/{year} is not a date"


def _numeric(a: int, b: int, year: int | None, sent: date, day_first: bool) -> Token:
    """A date in numbers: day-first in every language but English, where both readings are weighed."""
    readings = [(a, b)] if day_first else [(b, a), (a, b)]
    found: list[date] = []
    for d, m in readings:
        if 1 <= m <= 12:
            value, _ = _absolute(d, m, year, sent)
            if value is not None and value not in found:
                found.append(value)
    if len(found) > 1:
        horizon = EN_AMBIGUOUS_HORIZON if year is None else HORIZON
        near = [d for d in found if sent <= d <= sent + timedelta(days=horizon)]
        if len(near) == 1:
            found = near
    if not found:
        return Token(0, 0, "date", problem="not a date")
    return Token(0, 0, "ambiguous" if len(found) > 1 else "date", tuple(found))


def token_of(match: re.Match[str], g: Grammar, sent: date, day_first: bool, original: str) -> Token | None:
    gd = match.groupdict()
    if gd["iy"]:
        value, problem = _absolute(int(gd["id"]), int(gd["im"]), int(gd["iy"]), sent)
        token = Token(0, 0, "date", (value,) if value else (), problem=problem)
    elif gd["na"]:
        y = int(gd["ny"]) + (2000 if len(gd["ny"]) == 2 else 0)
        token = _numeric(int(gd["na"]), int(gd["nb"]), y, sent, day_first)
    elif gd["m"] or gd["m2"]:
        month = g.months[gd["m"] or gd["m2"]]
        first, last = (gd["d1"], gd["d"]) if gd["m"] else (gd["e"], gd["e2"])
        day = int(last or first)
        year = gd["y"] or gd["y2"]
        value, problem = _absolute(day, month, int(year) if year else None, sent)
        if first and last and int(first) >= int(last):  # "12-07 January": not a range of days
            problem = problem or f"'{match.group(0).strip()}' is not a range of days"
        token = Token(0, 0, "date", (value,) if value else (), range_end=bool(gd["d1"] or gd["e2"]), problem=problem)
    elif gd["pa"]:
        token = _numeric(int(gd["pa"]), int(gd["pb"]), None, sent, day_first)
    elif gd["od"]:
        token = _day_of_month(int(gd["od"]), sent)
    elif gd["wd"]:
        dated = _day_of_month(int(gd["wdd"]), sent)
        weekday = Token(0, 0, "weekday", weekday=g.weekdays[gd["wd"]])
        token = with_weekday(weekday, dated, match.group(0))
    elif gd["w"]:
        token = Token(0, 0, "weekday", weekday=g.weekdays[gd["w"]])
    elif gd["wa"]:
        short = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        token = Token(0, 0, "weekday_short", weekday=short.index(gd["wa"][:3]))
    elif gd["r"]:
        token = Token(0, 0, "relative")
    elif gd["mo"]:
        start = match.start("mo")
        if gd["mo"] == "may" and original[start : start + 3] != "May":  # "you may", not the month
            return None
        token = Token(0, 0, "month")
    else:  # pragma: no cover (every alternative has a named group)
        return None
    token.start, token.end, token.text = match.start(), match.end(), match.group(0)
    return token


def with_weekday(weekday: Token, dated: Token, text: str) -> Token:
    """A date with its weekday beside it: the reading the weekday fits, or a problem when none does."""
    fits = tuple(d for d in dated.candidates if d.weekday() == weekday.weekday)
    if dated.problem or not dated.candidates:
        return Token(0, 0, "date", problem=dated.problem or "not a date", text=text)
    if not fits:
        day = dated.candidates[0]
        name = WEEKDAY_NAMES[day.weekday()]
        return Token(0, 0, "date", problem=f"'{text.strip()}': {day.day} {day:%B} is a {name}", text=text)
    return Token(0, 0, "date", fits[:1], range_end=dated.range_end, text=text)


def _day_of_month(day: int, sent: date) -> Token:
    """ "the 7th": the next 7th on or after the day sent."""
    for months_ahead in range(3):
        month = (sent.month - 1 + months_ahead) % 12 + 1
        year = sent.year + (sent.month - 1 + months_ahead) // 12
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= sent:
            return Token(0, 0, "date", (found,))
    return Token(0, 0, "date", problem=f"the {day}th is not a date")
