"""What each language contributes to reading mail, loaded from ``resources/languages/*.json``.

One file per language (English, German, French, Spanish, Dutch, Italian, Portuguese, and Russian for the
quote headers only): Outlook's header labels, the "wrote" words of reply lines, the separator lines of
quoted and forwarded messages, the words around a return date (back, until, inclusive, ranges, relative
days) and closure requests. Month and weekday names come from Unicode CLDR through Babel, so that a
language is one file of words, not a table of names; a file only adds the spellings CLDR lacks
("Jänner", "sept", "segunda" for "segunda-feira"). Adding a language is adding its file (and running
``python -m tests.tools.cldr_names``: the names Babel gives are shipped in ``cldr/cldr_names.json`` and read
from there while the installed Babel is the one that wrote them, since loading its locale data costs a
capture more than everything else it does).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


def language_dir() -> Path:
    from ...paths import resources_dir

    return resources_dir() / "languages"


def strip_accents(text: str) -> str:
    """``text`` without combining accents ("décembre" → "decembre"): people type both."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """Lower case, NFC, typographic apostrophes and non-breaking spaces made plain."""
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").replace("`", "'")


@dataclass(frozen=True)
class Language:
    code: str
    day_first: bool = True
    detect: tuple[str, ...] = ()
    months: dict[str, int] = field(default_factory=dict)  # every spelling → month number
    weekdays: dict[str, int] = field(default_factory=dict)  # every spelling → 0 (Monday) .. 6
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "back", "until", "inclusive", ...
    relative: dict[str, int | str] = field(default_factory=dict)  # "tomorrow" → 1, "next week" → "next_week"
    wrote: tuple[str, ...] = ()
    separators: tuple[str, ...] = ()
    outlook: dict[str, tuple[str, ...]] = field(default_factory=dict)
    close_request: tuple[str, ...] = ()


def _spellings(names: list[str]) -> set[str]:
    found = set()
    for name in names:
        plain = fold(name).strip().rstrip(".")
        if plain:
            found |= {plain, strip_accents(plain)}
    return found


SHIPPED_NAMES = "cldr_names.json"  # written by `python -m tests.tools.cldr_names`, checked by the tests


@lru_cache(maxsize=1)
def _shipped_names() -> dict[str, Any] | None:
    """The names of every language file's locale as Babel gave them for the Babel version that is
    installed (loading Babel's data for seven locales costs more than the rest of a capture), or None
    when the file was written for another version (then Babel is asked)."""
    from ...installed import library_version

    try:
        data: dict[str, Any] = json.loads((language_dir() / "cldr" / SHIPPED_NAMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("babel") != library_version("babel"):
        return None
    return data.get("locales")


def _cldr_names(locale: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names of ``locale`` from CLDR: wide and abbreviated, format and stand-alone."""
    shipped = _shipped_names()
    if shipped is not None and locale in shipped:
        return dict(shipped[locale]["months"]), dict(shipped[locale]["weekdays"])
    return cldr_names_from_babel(locale)


def cldr_names_from_babel(locale: str) -> tuple[dict[str, int], dict[str, int]]:
    """What :func:`_cldr_names` gives, asked of Babel itself."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, context, locale).items():
                for spelling in _spellings([name]):
                    # Three letters at least: CLDR's two-letter abbreviations are ordinary words elsewhere.
                    if len(spelling) >= 3:
                        months[spelling] = int(number)
        # Weekdays only in full: "do", "di", "so", "mar" are words or months in the other languages.
        for number, name in get_day_names("wide", context, locale).items():
            for spelling in _spellings([name]):
                weekdays[spelling] = int(number)
    return months, weekdays


def _load(path: Path) -> Language:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    if data.get("cldr"):
        months, weekdays = _cldr_names(str(data["cldr"]))
    for number, names in data.get("months_extra", {}).items():
        months.update(dict.fromkeys(_spellings(names), int(number)))
    for number, names in data.get("weekdays_extra", {}).items():
        weekdays.update(dict.fromkeys(_spellings(names), int(number)))
    for word in data.get("months_never", []):
        months.pop(word, None)
    ret = data.get("return", {})
    quote = data.get("quote", {})
    return Language(
        code=str(data["language"]),
        day_first=bool(data.get("day_first", True)),
        detect=tuple(fold(w) for w in data.get("detect", [])),
        months=months,
        weekdays=weekdays,
        cues={k: tuple(fold(w) for w in v) for k, v in ret.items() if isinstance(v, list)},
        relative={fold(k): v for k, v in ret.get("relative", {}).items()},
        wrote=tuple(fold(w) for w in quote.get("wrote", [])),
        separators=tuple(fold(w) for w in quote.get("separators", [])),
        outlook={k: tuple(fold(w) for w in v) for k, v in data.get("outlook", {}).items()},
        close_request=tuple(data.get("close_request", [])),
    )


@lru_cache(maxsize=2)
def languages(folder: Path | None = None) -> tuple[Language, ...]:
    """Every language file, English first (it breaks ties), validated once per process."""
    found = [_load(p) for p in sorted((folder or language_dir()).glob("*.json"))]
    return tuple(sorted(found, key=lambda lang: (lang.code != "en", lang.code)))


def phrase_regex(phrases: Any) -> str:
    """An alternation of ``phrases`` (longest first), each standing as whole words."""
    unique = sorted({p for p in phrases if p}, key=len, reverse=True)
    # A phrase that ends in an apostrophe ("fino all'", "jusqu'") runs straight into the next word.
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") + ("" if p.endswith("'") else r"(?![\w])") for p in unique)
    return rf"(?<![\w'])(?:{body})" if body else r"(?!x)x"


@lru_cache(maxsize=1)
def close_request_regex() -> re.Pattern[str]:
    """A closure request in the customer's own words, in any language the app reads."""
    patterns = [p for lang in languages() for p in lang.close_request]
    return re.compile("|".join(patterns), re.IGNORECASE)


def guess_language(text: str) -> str:
    """The language most of ``text``'s common words belong to ("en" when nothing stands out)."""
    words = re.findall(r"[^\W\d_]+", fold(text[:20_000]))
    counts: dict[str, int] = {}
    for lang in languages():
        vocabulary = set(lang.detect)
        if vocabulary:
            counts[lang.code] = sum(1 for w in words if w in vocabulary)
    if not counts:
        return "en"
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    return best if counts[best] >= 2 else "en"
