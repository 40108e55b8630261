"""The draft coach: every email checked against the playbook's "how" before it is sent (Qt-free).

Rules are data (``resources/coach/rules.json``: ids, phrase lists in several languages, the passage each
comes from, the templates it applies to); :mod:`.checks` holds one small function per rule. Without a
case only the rules that need none run; a template adds its outline rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks import SIMPLE, WITH_BOOK
from .context import CoachContext, Finding, context_for_case
from .rules import CASELESS, OUTLINE, RULE_IDS, RuleBook, load_rules
from .text import DraftText, read_draft

__all__ = [
    "RULE_IDS",
    "CoachContext",
    "DraftText",
    "Finding",
    "check",
    "check_text",
    "context_for_case",
    "load_rules",
    "read_draft",
]


def _runs(rule_id: str, ctx: CoachContext) -> bool:
    if ctx.has_case:
        return True
    return rule_id in CASELESS or (rule_id in OUTLINE and ctx.template is not None)


def check(draft: DraftText, ctx: CoachContext, book: RuleBook | None = None) -> list[Finding]:
    """Every finding of the rules that apply to this draft, in the order they appear in it."""
    book = book or draft.rules
    found: list[Finding] = []
    for rule_id, rule in book.rules.items():
        if not _runs(rule_id, ctx) or not rule.applies_to(ctx.template):
            continue
        if rule_id in SIMPLE:
            found += SIMPLE[rule_id](rule, draft, ctx)
        elif rule_id in WITH_BOOK:
            found += WITH_BOOK[rule_id](rule, draft, ctx, book)
    return sorted(found, key=lambda f: (f.start, f.rule))


def check_text(
    body: str, ctx: CoachContext, *, subject: str = "", dismissed: Iterable[str] = (), book: RuleBook | None = None
) -> list[Finding]:
    """``check`` of a plain body; findings whose key is in ``dismissed`` ("fine here") are left out."""
    book = book or load_rules()
    gone = set(dismissed)
    return [f for f in check(DraftText(body, book, subject), ctx, book) if f.key not in gone]
