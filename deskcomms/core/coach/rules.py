"""The coach's rules as data: ``resources/coach/rules.json`` (beside the playbooks) loaded and compiled.

Phrase lists become whole-word, case-insensitive regular expressions with any spacing between words, so a
team adds a phrase (in any language) without touching code; patterns are regular expressions as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import UserError

RULE_IDS = (
    "unanswered_question",
    "negative_phrase",
    "blame",
    "broken_record",
    "not_personalized",
    "no_choice",
    "lqr_outline",
    "fqr_progress",
    "eta_missing",
    "internal_text",
    "personal_data",
)
# The rules that need no case (`deskcomms check` without --case); not_personalized then checks placeholders only.
CASELESS = frozenset({"negative_phrase", "blame", "internal_text", "personal_data", "no_choice", "not_personalized"})
# Rules a --template adds without a case: that template's outline rules.
OUTLINE = frozenset({"lqr_outline", "fqr_progress"})


def rules_file() -> Path:
    from ...paths import resources_dir

    return resources_dir() / "coach" / "rules.json"


def _flatten(value: Any) -> list[str]:
    """A phrase list, or a mapping of language → phrase list, as one list."""
    if isinstance(value, Mapping):
        return [p for phrases in value.values() for p in _flatten(phrases)]
    if isinstance(value, list):
        return [str(p) for p in value if str(p).strip()]
    return []


def phrase_regex(phrases: Iterable[str], *, case_sensitive: bool = False) -> re.Pattern[str] | None:
    """One regex matching any of ``phrases`` whole-word, with any spacing between their words."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in phrase.replace("’", "'").split()]
        if words:
            parts.append(r"\s+".join(words))
    if not parts:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w'])(?:{'|'.join(parts)})(?![\w'])", flags)


def pattern_regex(patterns: Iterable[str], *, case_sensitive: bool = False, where: str = "") -> re.Pattern[str] | None:
    parts = list(patterns)
    if not parts:
        return None
    flags = re.MULTILINE | (0 if case_sensitive else re.IGNORECASE)
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), flags)
    except re.error as exc:
        problem = f"a pattern of the coach's rules is not a valid regular expression ({exc})"
        raise UserError(problem, where=where) from None


@dataclass(frozen=True)
class Rule:
    id: str
    source: str
    why: str
    data: Mapping[str, Any]
    templates: tuple[str, ...] | None  # None: every template
    except_templates: frozenset[str] = frozenset()
    regexes: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def applies_to(self, template: str | None) -> bool:
        if template in self.except_templates:
            return False
        return self.templates is None or template in self.templates

    def message(self, key: str = "message", **values: str) -> str:
        return str(self.data.get(key, self.data.get("message", self.id))).format(**values)


@dataclass(frozen=True)
class RuleBook:
    rules: dict[str, Rule]
    closing: re.Pattern[str]
    greeting: re.Pattern[str]
    titles: frozenset[str]


def _compile_rule(rule_id: str, raw: Mapping[str, Any], where: str) -> Rule:
    templates_raw = raw.get("templates", "*")
    templates = None if templates_raw == "*" else tuple(str(t) for t in templates_raw)
    regexes: dict[str, re.Pattern[str] | None] = {}
    for key in ("phrases", "triggers", "options", "preference", "steps", "asks", "understanding"):
        if key in raw:
            regexes[key] = phrase_regex(_flatten(raw[key]))
    if "case_sensitive_phrases" in raw:
        regexes["case_sensitive_phrases"] = phrase_regex(_flatten(raw["case_sensitive_phrases"]), case_sensitive=True)
    for key in ("patterns", "placeholders", "commitments"):
        if key in raw:
            regexes[key] = pattern_regex(_flatten(raw[key]), where=f"{where}.{key}")
    if "case_sensitive_patterns" in raw:
        regexes["case_sensitive_patterns"] = pattern_regex(
            _flatten(raw["case_sensitive_patterns"]), case_sensitive=True, where=f"{where}.case_sensitive_patterns"
        )
    if "commitments" in raw:  # commitments are words too: whole-word only
        inner = "|".join(f"(?:{p})" for p in _flatten(raw["commitments"]))
        regexes["commitments"] = re.compile(rf"(?<![\w])(?:{inner})(?![\w])", re.IGNORECASE)
    for name, part in (raw.get("parts") or {}).items():
        regexes[f"part:{name}"] = phrase_regex(_flatten(part.get("phrases", [])))
    return Rule(
        rule_id,
        str(raw.get("source", "")),
        str(raw.get("why", "")),
        raw,
        templates,
        frozenset(str(t) for t in raw.get("except_templates", [])),
        regexes,
    )


def parse_rules(data: Any, where: str = "rules.json") -> RuleBook:
    if not isinstance(data, Mapping) or data.get("format") != "deskcomms-coach":
        raise UserError('not the coach\'s rules: expected an object with "format": "deskcomms-coach"', where=where)
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, Mapping):
        raise UserError("expected an object of rules", where=f"{where}: rules")
    unknown = sorted(set(raw_rules) - set(RULE_IDS))
    if unknown:
        raise UserError(f"unknown rule(s) {', '.join(unknown)} (known: {', '.join(RULE_IDS)})", where=where)
    rules = {rid: _compile_rule(rid, raw, f"{where}: rules.{rid}") for rid, raw in raw_rules.items()}
    closing_words = _flatten(data.get("closing_lines", {}))
    closings = "|".join(re.escape(c) for c in sorted(closing_words, key=len, reverse=True))
    closing = re.compile(
        rf"^[ \t]*(?:{closings})[ \t]*[,.!]?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    )
    greetings = _flatten(data.get("greetings", {}))
    greeting = re.compile(
        rf"^[ \t]*(?P<word>{'|'.join(re.escape(g) for g in sorted(greetings, key=len, reverse=True))})(?![\w])"
        r"(?P<rest>[^\n]{0,200})$",
        re.IGNORECASE | re.MULTILINE,
    )
    titles = frozenset(str(t).lower() for t in data.get("titles", []))
    return RuleBook(rules, closing, greeting, titles)


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> RuleBook:
    """The rule book (default: the shipped one), parsed and compiled once."""
    path = path or rules_file()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read the coach's rules ({exc})", where=str(path)) from None
    return parse_rules(data, str(path))
