"""Return dates in out-of-office replies, read as people write them (playbook §3), against our corpus."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from deskcomms.core.calendar import BusinessCalendar
from deskcomms.core.capture import meaning, read_email
from deskcomms.core.capture.return_dates import read_return
from tests.capture_fixtures import ENGINEER, NY, eml
from tests.core.oof_corpus import OOF, ORDINARY

CALENDAR = BusinessCalendar()


def _read(lang: str, sent: str, text: str) -> date | None:
    return read_return(text, date.fromisoformat(sent), language=lang, business_day=CALENDAR.is_business_day).day


def test_the_corpus_is_read_right_with_no_wrong_date():
    right, wrong, none = 0, [], []
    for lang, sent, text, expected in OOF:
        got = _read(lang, sent, text)
        want = date.fromisoformat(expected) if expected else None
        if got == want:
            right += 1
        elif got is None:
            none.append((text, want))
        else:
            wrong.append((text, want, got))
    assert len(OOF) >= 60 and {lang for lang, *_ in OOF} == {"en", "de", "fr", "es", "nl", "it", "pt"}
    assert wrong == []  # a wrong date is worse than none
    assert right / len(OOF) >= 0.95, none


@pytest.mark.parametrize(("lang", "sent", "text", "expected"), OOF, ids=[f"{o[0]}-{i}" for i, o in enumerate(OOF)])
def test_each_reply_of_the_corpus(lang, sent, text, expected):
    assert _read(lang, sent, text) == (date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize(("lang", "text"), ORDINARY)
def test_ordinary_replies_that_mention_days_are_replies_without_a_return_date(lang, text):
    email = read_email(eml("Alex Doe <alex@fabrikam.example>", "RE: Case 1", text + "\n", _when()), "m", NY)
    what = meaning(email, None, "D", [ENGINEER])
    assert (what.kind, what.until) == ("customer_replied", None)


def _when() -> datetime:
    return datetime(2026, 12, 1, 10, 30, tzinfo=NY)


def test_a_range_never_gives_next_years_start():
    # Issue: "from 30 November to 11 December" sent on 1 December gave 30 November of next year.
    day = _read("en", "2026-12-01", "I am on leave from 30 November to 11 December.")
    assert day == date(2026, 12, 14)  # the last day away is Friday 11: back Monday 14


def test_until_is_the_day_back_and_through_the_last_day_away():
    assert _read("en", "2026-12-01", "Out of office until Friday, December 4.") == date(2026, 12, 4)
    assert _read("en", "2026-12-01", "Out of office through Friday, December 4.") == date(2026, 12, 7)
    assert _read("de", "2026-12-01", "Ich bin bis 4.12. nicht da.") == date(2026, 12, 4)
    assert _read("de", "2026-12-01", "Ich bin bis einschließlich 4.12. nicht da.") == date(2026, 12, 7)


def test_a_weekday_is_strictly_after_the_day_sent():
    monday = date(2026, 12, 7)
    assert _read("en", "2026-12-07", "I'm back on Monday.") == date(2026, 12, 14)
    assert _read("en", "2026-12-06", "I'm back on Monday.") == monday


def test_the_day_back_after_a_last_day_away_skips_the_calendars_holidays():
    # Thursday 24 December is the last day away; 25 December is a holiday; the day back is Monday 28.
    assert _read("en", "2026-12-21", "I'm out through December 24.") == date(2026, 12, 28)


def test_unsure_readings_say_why():
    reading = read_return("Back on 1.2.", date(2026, 12, 1), language="en")
    assert reading.day is None and "could be" in reading.why
    reading = read_return("On vacation until December 7th, returning on December 8th.", date(2026, 12, 1))
    assert reading.day == date(2026, 12, 8)  # "returning on" names the day; "until" only bounds the absence
    reading = read_return("Out until Monday, then back on Wednesday.", date(2026, 12, 1), language="en")
    assert reading.day is None and "different return dates" in reading.why  # Wednesday the 2nd is before Monday
    reading = read_return("Back on Monday 8 December.", date(2026, 12, 1), language="en")
    assert reading.day is None and "is a Tuesday" in reading.why
    reading = read_return("I am on vacation.", date(2026, 12, 1), language="en")
    assert (reading.day, reading.why) == (None, "it gives no return date")


def test_a_repeated_number_finishes_and_invents_nothing():
    # Issue 18: an auto-reply of "1.2 " repeated took over a minute and invented a return date.
    for text in ("1.2 " * 100_000, "bis 1.2 " * 50_000, "back on " * 50_000):
        assert read_return(text, date(2026, 12, 1), language="de").day is None


def test_dates_in_the_quoted_thread_never_count():
    body = (
        "Thank you for your message. I am out of the office with limited access to email.\n\n"
        "From: Jane Smith <jane@example.com>\nSent: Monday, November 30, 2026 9:00 AM\n"
        "Subject: Case 1\n\nI will be back on 14 December and can call you then.\n"
    )
    auto = {"Auto-Submitted": "auto-replied"}
    data = eml("Alex <alex@fabrikam.example>", "Automatic reply: Case 1", body, _when(), headers=auto)
    email = read_email(data, "m", NY)
    what = meaning(email, None, "G", [ENGINEER])
    assert (what.kind, what.until) == ("out_of_office", None)


@pytest.mark.parametrize(
    ("subject", "until"),
    [
        ("Out of office until 14 December", date(2026, 12, 14)),  # the writer's own subject
        ("Automatic reply: RE: Maintenance window until 14 December - Case 1", None),  # ours, behind a prefix
    ],
)
def test_an_auto_replys_subject_counts_only_when_its_writer_wrote_it(subject, until):
    data = eml(
        "Alex <alex@fabrikam.example>", subject, "I am away.\n", _when(), headers={"Auto-Submitted": "auto-replied"}
    )
    what = meaning(read_email(data, "m", NY), None, "G", [ENGINEER])
    assert (what.kind, what.until) == ("out_of_office", until)


def test_the_corpus_through_capture_with_the_language_found_from_the_words():
    """As capture reads it: an auto-reply email, its language guessed from its words, not given."""
    right, wrong = 0, []
    for _lang, sent, text, expected in OOF:
        day = date.fromisoformat(sent)
        auto = {"Auto-Submitted": "auto-replied"}
        at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=NY)
        data = eml("Alex <alex@fabrikam.example>", "Automatic reply: RE: Case 1", text + "\n", at, headers=auto)
        what = meaning(read_email(data, "m", NY), None, "G", [ENGINEER], business_day=CALENDAR.is_business_day)
        want = date.fromisoformat(expected) if expected else None
        right += what.until == want
        if what.until is not None and what.until != want:
            wrong.append((text, want, what.until))
    assert wrong == []
    assert right / len(OOF) >= 0.95


_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "it": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "pt": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"),
}
_BACK_ON = {
    "en": "I will be back on {}.",
    "de": "Ich bin bis {} nicht im Büro.",
    "fr": "Je serai de retour {}.",
    "es": "Vuelvo el {}.",
    "nl": "Ik ben tot {} afwezig.",
    "it": "Sono fuori ufficio fino a {}.",
    "pt": "Estou ausente até {}.",
}
_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "pt": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
}
_RANGE = {
    "en": "I am on leave from {a} {ma} to {b} {mb}.",
    "nl": "Ik ben van {a} {ma} tot en met {b} {mb} met vakantie.",
    "it": "Sono in ferie dal {a} {ma} al {b} {mb}.",
    "pt": "Estou de férias de {a} de {ma} a {b} de {mb}.",
}


@given(
    sent=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    weekday=st.integers(min_value=0, max_value=6),
    lang=st.sampled_from(sorted(_WEEKDAYS)),
)
def test_a_weekday_is_the_next_such_day_strictly_after_the_day_sent(sent, weekday, lang):
    text = _BACK_ON[lang].format(_WEEKDAYS[lang][weekday])
    day = read_return(text, sent, language=lang).day
    assert day is not None and day.weekday() == weekday and 1 <= (day - sent).days <= 7


@given(
    sent=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    start=st.integers(min_value=-20, max_value=200),
    length=st.integers(min_value=0, max_value=40),
    lang=st.sampled_from(sorted(_RANGE)),
)
def test_a_range_without_years_gives_the_business_day_after_its_end_across_the_year_end(sent, start, length, lang):
    first = sent + timedelta(days=start)
    last = first + timedelta(days=length)
    assume(last >= sent)
    months = _MONTHS[lang]
    text = _RANGE[lang].format(a=first.day, ma=months[first.month - 1], b=last.day, mb=months[last.month - 1])
    back = last + timedelta(days=1)
    while back.weekday() >= 5:
        back += timedelta(days=1)
    assert read_return(text, sent, language=lang).day == back


_NO_RETURN_WORDS = [
    *_MONTHS["en"],
    *_WEEKDAYS["de"],
    "7",
    "12/7",
    "1.2",
    "2026-12-07",
    "3rd",
    "Dezember",
    "office",
    "Ticket",
    "version",
    ",",
    ".",
    ";",
    "\n",
]


@given(st.lists(st.sampled_from(_NO_RETURN_WORDS), max_size=60))
def test_dates_without_return_words_beside_them_give_no_date(words):
    """Days, dates, numbers and months in any order, with no return word or range between them."""
    assert read_return(" ".join(words), date(2026, 12, 1), language="en").day is None
