"""The day an out-of-office reply says its writer is back, as people write it, in seven languages.

The rules are the playbook's (§3 "Reading a return date"):

- words that name the day back ("back on", "wieder am", "de retour le", "terug op", "di ritorno il",
  "de volta em"...) give it directly;
- an end alone ("until", "bis", "jusqu'au", "hasta", "tot", "fino al", "até") is the day back, unless it
  is marked inclusive ("through", "einschließlich", "inclus", "incluido", "t/m", "incluso"), which makes
  it the last day away, and so does the end of a range ("from 30 November to 11 December"); the day back
  is then the next business day;
- a weekday is the next such day strictly after the day the reply was sent; a date without a year is the
  next such date on or after it (a range's end is resolved first, so its start never moves a year on).

A date counts only when such words stand beside it: a date in a signature, a ticket or a product name
says nothing about the return. When the words disagree, or a date could be read two ways, or a month is
given vaguely ("mid-January"), no date is taken and ``why`` says what was unclear: a wrong date is worse
than none. Everything here is linear in the text (one pass of each regex, a bounded window around each
date, and at most ``MAX_DATES`` dates looked at).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .date_tokens import HORIZON, Token, grammar, token_of, with_weekday
from .languages import fold

MAX_DATES = 200  # more dates than this in one auto-reply: it is not a return date we can find
WINDOW = 60  # how far before a date its words may stand (characters)
AFTER = 40  # how far after a date a "back" word may stand ("ab Montag bin ich wieder da")
_ARTICLES = re.compile(r"^(?:the|le|el|il|den|dem|de|op|em|am)\s+|\s+(?:the|le|el|il|den|dem|de|op|em|am)$")
# Joins too common to make two dates a range without a "from" before the first.
_WEAK_JOINS = {"and", "und", "en", "e", "y el", "e il", "et le", "a", "al", "au", "ao"}


@dataclass(frozen=True)
class ReturnReading:
    """What an auto-reply says about the return: the day back, or ``None`` and why not."""

    day: date | None
    why: str  # the words it was read from ("back on Monday"), or what made it unsure


def weekdays_only(day: date) -> bool:
    """The default business days when no calendar is given: Monday to Friday."""
    return day.weekday() < 5


# ----- reading ----------------------------------------------------------------------------------------


class _Reader:
    """One reading of one reply: its day tokens, the return words around each, and the verdict."""

    def __init__(self, text: str, sent: date, language: str, business: Callable[[date], bool]) -> None:
        self.g = grammar(language)
        self.original = text
        self.text = fold(text)
        self.sent = sent
        self.day_first = language != "en"
        self.business = business
        self.problems: list[str] = []  # a date beside return words that cannot be read: no date at all
        self.ambiguous: list[tuple[set[date], str]] = []  # a number read two ways: (the days it may give, why)
        self.loose: list[tuple[date, str]] = []  # dates with no return words beside them
        self.notes: list[str] = []  # dates that are not the return ("from 7 December"): said when nothing else is
        self.readings: list[tuple[str, date, str]] = []  # ("back" | "until" | "away", day back, words)
        boundaries = [m.end() for m in re.finditer(r"\n\s*\n|[!?;]\s|(?<=[^\W\d]{3})\.\s+(?!\d)", self.text)]
        self.clause_starts = [0, *boundaries]
        self.cues: list[tuple[int, int, str]] = sorted(
            (m.start(), m.end(), kind) for kind, regex in self.g.cues for m in regex.finditer(self.text)
        )
        self.cue_ends = [end for _, end, _ in self.cues]

    def _schedule(self, pos: int) -> bool:
        lo, hi = self.clause_span(pos)
        clause = self.text[lo:hi]
        return bool(self.g.schedule.search(clause) or re.search(r"\d{1,2}\s*(?:[:.h]\d{2}|am\b|pm\b|uhr\b)", clause))

    def clause_of(self, pos: int) -> int:
        return bisect.bisect_right(self.clause_starts, pos) - 1

    def clause_span(self, pos: int) -> tuple[int, int]:
        i = self.clause_of(pos)
        end = self.clause_starts[i + 1] if i + 1 < len(self.clause_starts) else len(self.text)
        return self.clause_starts[i], end

    def next_business(self, day: date) -> date:
        for _ in range(366):
            day += timedelta(days=1)
            if self.business(day):
                return day
        return day

    def first_business_on_or_after(self, day: date) -> date:
        return day if self.business(day) else self.next_business(day)

    def cue_before(self, start: int, floor: int) -> tuple[int, int, str] | None:
        """The nearest cue ending between ``floor`` and ``start`` (and at most WINDOW before it)."""
        i = bisect.bisect_right(self.cue_ends, start) - 1
        best: tuple[int, int, str] | None = None
        while i >= 0 and self.cue_ends[i] >= max(floor, start - WINDOW):
            cue = self.cues[i]
            if cue[0] >= floor and (best is None or cue[1] > best[1] or (cue[1] == best[1] and cue[2] == "inclusive")):
                best = cue
            i -= 1
        return best

    def back_after(self, end: int, ceiling: int, next_start: int | None) -> bool:
        """A "back" word after the date in its clause, not negated ("ab Montag wieder im Büro").

        A "back" word nearer the next date than this one is the next date's ("today, back tomorrow")."""
        i = bisect.bisect_left(self.cue_ends, end)
        limit = min(ceiling, end + AFTER)
        while i < len(self.cues) and self.cues[i][0] < limit:
            start, cue_end, kind = self.cues[i]
            if kind == "back" and start >= end:
                if next_start is not None and next_start - cue_end <= start - end:
                    return False
                return not self.g.negation.search(self.text[end:start])
            i += 1
        return False

    def back_before(self, floor: int, before: int) -> bool:
        """A "back" word between ``floor`` and a "from" word ("available from Monday", "back as of...")."""
        i = bisect.bisect_left(self.cue_ends, floor)
        while i < len(self.cues) and self.cues[i][1] <= before:
            start, _, kind = self.cues[i]
            negated = self.g.negation.search(self.text[max(floor, start - 12) : start])
            if kind == "back" and start >= floor and not negated:
                return True
            i += 1
        return False

    # --- each token to a day ---

    def resolve(self, token: Token, after: date | None = None) -> tuple[date | None, str]:
        """The one day ``token`` names (weekdays strictly after ``after`` or the day sent), or why not."""
        base = after or self.sent
        if token.problem:
            return None, token.problem
        if token.kind == "weekday" and token.weekday is not None:
            return base + timedelta(days=(token.weekday - base.weekday() - 1) % 7 + 1), ""
        if token.kind == "relative":
            value = self.g.relative[" ".join(token.text.split())]
            if value == "next_week":
                monday = self.sent + timedelta(days=7 - self.sent.weekday())
                return self.first_business_on_or_after(monday), ""
            return self.sent + timedelta(days=int(value)), ""
        if token.kind == "ambiguous":
            shown = " or ".join(f"{d.day} {d:%B %Y}" for d in token.candidates)
            return None, f"'{token.text.strip()}' could be {shown}"
        if token.kind == "date" and token.candidates:
            return token.candidates[0], ""
        return None, "not a date"

    def month_day(self, token: Token, last: bool) -> tuple[date | None, str]:
        """A month named alone: its first working day (or, for "through January", its last day)."""
        match = re.match(r"(\D+?)\.?(?:\s+(\d{4}))?$", token.text)
        if not match or match.group(1) not in self.g.months:
            return None, "not a month"
        month = self.g.months[match.group(1)]
        year = int(match.group(2)) if match.group(2) else self.sent.year + (month < self.sent.month)
        first = date(year, month, 1)
        if last:
            following = date(year + (month == 12), month % 12 + 1, 1)
            return following - timedelta(days=1), ""
        day = self.first_business_on_or_after(first)
        if not match.group(2) and day < self.sent:
            return None, f"'{token.text}' is this month, and its first working day has passed"
        return day, ""

    def snippet(self, start: int, end: int) -> str:
        source = self.original if len(self.original) == len(self.text) else self.text
        return " ".join(source[start:end].split())[:100]

    # --- the reading ---

    def tokens(self) -> list[Token] | None:
        found: list[Token] = []
        for match in self.g.tokens.finditer(self.text):
            token = token_of(match, self.g, self.sent, self.day_first, self.original)
            if token is None:
                continue
            found.append(token)
            if len(found) > MAX_DATES:
                return None
        return self._merge(found)

    def _merge(self, tokens: list[Token]) -> list[Token]:
        """A weekday beside a date checks it ("Monday, 7 December"); beside "next week", names its day."""
        merged: list[Token] = []
        for token in tokens:
            prev = merged[-1] if merged else None
            gap = self.text[prev.end : token.start] if prev else ""
            if prev is not None and re.fullmatch(r"[\s,()]*(?:the|le|el|il|den|der|de|op|em|am)?[\s,()]*", gap):
                pair = {"weekday" if k == "weekday_short" else k for k in (prev.kind, token.kind)}
                if "weekday" in pair and pair & {"date", "ambiguous"}:
                    weekday, dated = (prev, token) if prev.kind.startswith("weekday") else (token, prev)
                    merged[-1] = self._checked(weekday, dated, prev.start, token.end)
                    continue
                if pair == {"weekday", "relative"}:
                    weekday = prev if prev.kind.startswith("weekday") else token
                    relative = token if weekday is prev else prev
                    if self.g.relative.get(" ".join(relative.text.split())) == "next_week":
                        monday = self.sent + timedelta(days=7 - self.sent.weekday())
                        day = monday + timedelta(days=weekday.weekday or 0)
                        text = self.text[prev.start : token.end]
                        merged[-1] = Token(prev.start, token.end, "date", (day,), text=text)
                        continue
            merged.append(token)
        # A short weekday ("Wed") alone is a word, not a day.
        return [t for t in merged if t.kind != "weekday_short"]

    def _checked(self, weekday: Token, dated: Token, start: int, end: int) -> Token:
        token = with_weekday(weekday, dated, self.text[start:end])
        token.start, token.end = start, end
        return token

    def read(self) -> ReturnReading:
        tokens = self.tokens()
        if tokens is None:
            return ReturnReading(None, "too many dates in the reply to tell which one is the return")
        consumed: set[int] = set()
        for i in range(len(tokens)):
            if i in consumed:
                continue
            self._reading_of(i, tokens, consumed)
        return self._decide()

    def _reading_of(self, i: int, tokens: list[Token], consumed: set[int]) -> None:
        token = tokens[i]
        clause_lo, clause_hi = self.clause_span(token.start)
        prev = tokens[i - 1] if i > 0 and i - 1 not in consumed else None
        floor = max(clause_lo, prev.end if prev else 0)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        # A range: this token, a join, then the next one ("from 30 November to 11 December").
        if nxt is not None and self.clause_of(nxt.start) == self.clause_of(token.start):
            join = " ".join(self.text[token.end : nxt.start].split())
            join = _ARTICLES.sub("", join)
            opened = self.cue_before(token.start, floor)
            starts = opened is not None and opened[2] in ("from", "range_start")
            # Dates with dates ("30.11.-11.12."); weekdays and months only after "from" ("from Monday to
            # Wednesday"): "Montag - Freitag" alone is opening hours or a heading, not an absence.
            alike = {token.kind, nxt.kind} <= {"date", "ambiguous"}
            alike = alike or (token.kind == nxt.kind and token.kind in ("weekday", "month") and starts)
            if token.kind == nxt.kind == "weekday" and join in self.g.joins and not starts:
                consumed.add(i + 1)
                return  # "Monday through Friday", "Montag - Freitag": a schedule or a heading, not an absence
            if alike and join in self.g.joins and (join not in _WEAK_JOINS or starts):
                consumed.add(i + 1)
                if token.kind == nxt.kind == "weekday" and self._schedule(token.start):
                    return  # "Monday to Friday, 9:00-17:00": opening hours, not an absence
                start_day, _ = self.resolve(token) if token.kind != "month" else (None, "")
                self._away(nxt, start_day, opened[0] if starts and opened else token.start)
                return
        cue = self.cue_before(token.start, floor)
        kind = cue[2] if cue else ""
        inclusive = kind == "inclusive" or bool(self.g.inclusive_after.match(self.text[token.end : token.end + 20]))
        words_from = cue[0] if cue else token.start
        if token.range_end:
            self._away(token, None, words_from)
            return
        if kind == "until" or kind == "inclusive":
            if inclusive:
                self._away(token, None, words_from)
            else:
                self._back(token, words_from, "until")
            return
        next_start = nxt.start if nxt is not None and nxt.start < clause_hi else None
        if kind == "back" or self.back_after(token.end, next_start or clause_hi, next_start):
            negated = cue is not None and self.g.negation.search(self.text[max(clause_lo, cue[0] - 12) : cue[0]])
            if kind == "back" and negated:
                return  # "not back on Monday"
            self._back(token, words_from)
            return
        if cue is not None and kind in ("from", "range_start"):
            if self.back_before(floor, cue[0]):
                self._back(token, words_from)
            elif token.kind != "month":
                words = self.snippet(words_from, token.end)
                self.notes.append(f"'{words}' says when the absence starts, not when it ends")
            return
        if token.kind in ("date", "weekday"):  # no return words beside it: it may still contradict the reading
            day, _ = self.resolve(token)
            if day is not None:
                self.loose.append((day, self.snippet(token.start, token.end)))

    def _day(self, token: Token, last: bool, after: date | None = None) -> tuple[date | None, str]:
        if token.kind == "month":
            gap = self.text[: token.start].rsplit(None, 3)[-3:]
            if self.g.vague.search(" ".join(gap)):
                return None, f"'{self.snippet(token.start, token.end)}' is given vaguely, not as a day"
            return self.month_day(token, last)
        return self.resolve(token, after)

    def _month_ok(self, token: Token) -> bool:
        """A month alone counts only right after its preposition ("back in January", "bis Januar")."""
        if token.kind != "month":
            return True
        before = self.text[max(0, token.start - 30) : token.start].split()
        cue_words = {self.text[s:e].split()[-1] for s, e, _ in self.cues if token.start - 30 <= e <= token.start}
        return bool(before) and before[-1].strip(",.") in self.g.month_words | cue_words

    def _vague_before(self, token: Token, words_from: int) -> bool:
        return bool(self.g.vague.search(self.text[words_from : token.start]))

    def _back(self, token: Token, words_from: int, kind: str = "back") -> None:
        if not self._month_ok(token):
            return
        if self._vague_before(token, words_from):
            self.problems.append(f"'{self.snippet(words_from, token.end)}' is given vaguely, not as a day")
            return
        words = self.snippet(words_from, token.end)
        if token.kind == "ambiguous":
            self._ambiguous(token, words, set(token.candidates))
            return
        day, problem = self._day(token, last=False)
        if day is None:
            self.problems.append(f"'{words}': {problem}")
        else:
            self.readings.append((kind, day, words))

    def _ambiguous(self, token: Token, words: str, days: set[date]) -> None:
        """A number that reads two ways: it may only agree with what the rest of the reply says."""
        _, problem = self.resolve(token)
        self.ambiguous.append((days, f"'{words}': {problem.split(': ', 1)[-1]}" if problem else words))

    def _away(self, token: Token, start_day: date | None, words_from: int) -> None:
        """``token`` is the last day away (an inclusive end, a range's end): back the next business day."""
        if not self._month_ok(token) and start_day is None:
            return
        if self._vague_before(token, words_from):
            self.problems.append(f"'{self.snippet(words_from, token.end)}' is given vaguely, not as a day")
            return
        after = start_day - timedelta(days=1) if start_day and token.kind == "weekday" else None
        words = self.snippet(words_from, token.end)
        if token.kind == "ambiguous":
            self._ambiguous(token, words, {self.next_business(d) for d in token.candidates})
            return
        last, problem = self._day(token, last=True, after=after)
        if last is None:
            self.problems.append(f"'{words}': {problem}")
        else:
            self.readings.append(("away", self.next_business(last), words))

    def _decide(self) -> ReturnReading:
        for _, day, words in self.readings:
            if day < self.sent:
                self.problems.append(f"'{words}' is before the reply was sent")
            elif day > self.sent + timedelta(days=HORIZON):
                self.problems.append(f"'{words}' is more than a year ahead")
        if self.problems:  # return words beside something that is not a clear day: no date rather than a guess
            return ReturnReading(None, self.problems[0])
        # Words that name the day back win over an end of absence ("until the 7th, back on the 8th"), but
        # never when they name a day before that end: the reply contradicts itself.
        stated = [r for r in self.readings if r[0] == "back"] or self.readings
        days = sorted({day for _, day, _ in stated})
        if len(days) == 1 and any(day > days[0] for _, day, _ in self.readings):
            days = sorted({day for _, day, _ in self.readings})
        unsure = [why for candidates, why in self.ambiguous if not (len(days) == 1 and days[0] in candidates)]
        if unsure:  # "through 12/4 and back Monday 12/7" agrees; "back on 1.2." alone does not say
            return ReturnReading(None, unsure[0])
        later = [w for d, w in self.loose if len(days) == 1 and days[0] < d <= self.sent + timedelta(days=HORIZON)]
        if later:  # "fora até 4/12, retornando em 7/12" with words we do not know: which is the return?
            return ReturnReading(None, f"it also names '{later[0]}', after the day back it gives")
        if len(days) == 1:
            words = next(w for _, d, w in stated if d == days[0])
            return ReturnReading(days[0], f"'{words}'")
        if len(days) > 1:
            shown = ", ".join(f"{d:%a %d %b} ('{next(w for _, x, w in self.readings if x == d)}')" for d in days)
            return ReturnReading(None, f"it gives different return dates: {shown}")
        if self.notes:
            return ReturnReading(None, self.notes[0])
        return ReturnReading(None, "it gives no return date")


def read_return(
    text: str, sent: date, *, language: str = "en", business_day: Callable[[date], bool] = weekdays_only
) -> ReturnReading:
    """The day back an out-of-office reply gives (only its writer's words: cut the quote first).

    ``language`` is the reply's ("en" weighs month-first and day-first numbers; every other language
    writes the day first); ``business_day`` tells the day back after a last day away (the customer's
    calendar, else the engineer's).
    """
    return _Reader(text, sent, language, business_day).read()


def return_date(text: str, sent: date, *, day_first: bool) -> date | None:
    """The day back, or None: :func:`read_return` for callers that only want the date."""
    return read_return(text, sent, language="de" if day_first else "en").day
