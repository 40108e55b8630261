"""Reading the JSON objects stored beside each case and event (extras, an event's fields) quickly.

A recompute of 100,000 statuses reads about half a million of them, and most are the same few texts
(``{}``, ``{"channel": "email"}``): each distinct flat text is parsed once and copied after that. Every
caller gets its own dict, equal to what ``json.loads`` gives.
"""

from __future__ import annotations

import json
from typing import Any

_SCALARS = (str, int, float, bool, type(None))
_KEPT_AT_MOST = 10_000  # distinct texts kept: unique ones (an ETA, a message id) stop being kept once full
_parsed: dict[str, dict[str, Any]] = {}


def json_object(text: str) -> Any:
    """``json.loads(text)``; a flat object (scalar values only) already seen is copied instead of parsed."""
    if text == "{}":
        return {}
    found = _parsed.get(text)
    if found is not None:
        return dict(found)
    value = json.loads(text)
    if type(value) is dict and len(_parsed) < _KEPT_AT_MOST and all(type(v) in _SCALARS for v in value.values()):
        _parsed[text] = value
        return dict(value)
    return value
