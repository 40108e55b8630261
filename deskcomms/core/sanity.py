"""Values that are well-formed but break things later, refused at the edge (import, ``log``, dialogs).

A lone surrogate cannot be encoded (SQLite, the clipboard and .eml writing fail on it); a CR or LF in an
address or a case number splits an email header; control characters in a case number are obeyed by the
terminal that prints it; a 5,000-digit integer or an instant in year 9999 overflows date arithmetic.
Each is refused with the path of the value, so the user can fix the file.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .errors import ValidationError

# Numbers in our files are counts and small fields: anything beyond what JSON carries exactly is a mistake.
MAX_INTEGER = 2**53
MAX_TEXT = 1_000_000  # characters in one value (a note, a title)
# A case title is quoted in a draft's subject and body; at most this long, every draft still fits the
# drafts' own limit (200,000 characters), so a title that imports is a title that drafts.
MAX_TITLE = 80_000

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab, LF and CR, DEL, and the C1 controls (ESC sequences, the 8-bit CSI).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("[\r\n\u2028\u2029\x85]")
# Direction overrides make a case number or an address read differently from what it is.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_text(value: str, where: str, *, single_line: bool = False) -> str:
    """Refuse a lone surrogate, control characters and (``single_line``) line breaks."""
    if len(value) > MAX_TEXT:
        raise ValidationError(f"text too long ({len(value):,} characters; at most {MAX_TEXT:,})", where=where)
    if _SURROGATE.search(value):
        raise ValidationError("holds an invalid character (a lone UTF-16 surrogate)", where=where)
    bad = _CONTROL.search(value)
    if bad:
        raise ValidationError(f"holds a control character (U+{ord(bad.group()):04X})", where=where)
    if single_line and _LINE_BREAK.search(value):
        raise ValidationError("must be one line (it holds a line break)", where=where)
    if single_line and _BIDI.search(value):
        raise ValidationError("holds a text-direction override character", where=where)
    return value


# Everything check_text refuses in any text, and in a key (one line) too: one search over all of them.
_BAD_TEXT = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BAD_KEY = re.compile(
    "[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\n\u2028\u2029\x85\u202a-\u202e\u2066-\u2069]"
)


def check_lines(values: list[tuple[str, str]], where: str) -> None:
    """``check_text(value, f"{where}.{key}", single_line=True)`` for each (key, value): one search over them
    all (an import checks hundreds of thousands); on a finding, each is checked alone, so the message names it."""
    texts = [value for _, value in values]
    if max(map(len, texts), default=0) <= MAX_TEXT and not _BAD_KEY.search("\t".join(texts)):
        return  # a tab is allowed everywhere, so it joins without making a finding of its own
    for key, value in values:
        check_text(value, f"{where}.{key}", single_line=True)


def _tree_is_clean(value: Any) -> bool:
    """True when nothing in a parsed JSON value would be refused: one pass without building paths, and
    one search over all texts joined (an import of 100,000 cases checks millions of values)."""
    texts: list[str] = []
    keys: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            texts.append(item)
        elif kind is dict:
            keys.extend(item)
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is bool or item is None:
            continue
        elif kind is int:
            if abs(item) > MAX_INTEGER:
                return False
        elif kind is float:
            if not math.isfinite(item):
                return False
        else:  # not what JSON parsing gives: the careful walk decides
            return False
    if any(type(k) is not str for k in keys):
        return False
    if max(map(len, texts), default=0) > MAX_TEXT or max(map(len, keys), default=0) > MAX_TEXT:
        return False
    # A tab is allowed everywhere, so it joins without making a finding of its own.
    return not _BAD_TEXT.search("\t".join(texts)) and not _BAD_KEY.search("\t".join(keys))


def check_tree(value: Any, where: str) -> None:
    """Every string, number and key of a parsed JSON value, recursively (iteratively: no recursion limit)."""
    if _tree_is_clean(value):
        return
    check_tree_by_path(value, where)  # something is wrong: walk again with paths, so the message names where


def check_tree_by_path(value: Any, where: str) -> None:
    """The careful walk: each value checked with its path (what :func:`check_tree` falls back to)."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            check_text(item, path)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) > MAX_INTEGER:
                raise ValidationError("number too large", where=path)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ValidationError("not a finite number", where=path)
        elif isinstance(item, dict):
            for key, sub in item.items():
                check_text(str(key), f"{path} (a key)", single_line=True)
                stack.append((sub, f"{path}.{key}" if path else str(key)))
        elif isinstance(item, list):
            stack.extend((sub, f"{path}[{i}]") for i, sub in enumerate(item))


def is_address(value: str) -> bool:
    """One address as RFC 5322 allows it (the rule of ``addresses``): no display name, no second address."""
    from .addresses import is_address as rfc_address

    return rfc_address(value)


def check_address(value: str, where: str) -> str:
    """One email address in its normalized form; a message naming the address (and what is wrong) if not."""
    from .addresses import check_address as rfc_check

    check_text(value.strip(), where, single_line=True)
    return rfc_check(value, where)
