"""The coach's rules, one function each: a draft (``DraftText``) and its context in, findings out.

Each rule reads its phrases and thresholds from the rule book (resources/coach/rules.json); the
functions hold only the way of looking. When unsure a rule stays silent: a false alarm teaches the
engineer to ignore the coach.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache

from .context import CoachContext, Finding
from .rules import Rule, RuleBook
from .text import DraftText, Span, sentences

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _finding(rule: Rule, message: str, body: str, start: int, end: int, quote: str | None = None) -> Finding:
    shown = quote if quote is not None else " ".join(body[start:end].split())
    if len(shown) > 120:
        shown = shown[:117] + "…"
    # What a dismissal remembers: the rule, the text it is about and (for a question of the customer's,
    # which points at the greeting) what it quotes; a hash, so no secret is stored twice.
    about = f"{rule.id}|{' '.join(body[start:end].split()).lower()}|{quote or ''}"
    key = hashlib.sha256(about.encode()).hexdigest()[:24]
    return Finding(rule.id, message, shown, rule.source, start, end, rule.why, key)


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    """Lower case without accents: names compare as people write them."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matches(
    regex: re.Pattern[str] | None, text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    if regex is None:
        return iter(())
    return regex.finditer(text, start, len(text) if end is None else end)


def _sentence_at(draft: DraftText, position: int) -> Span:
    for s in draft.sentences:
        if s.start <= position < s.end:
            return s
    return Span(position, position, "")


# ----- phrase rules -------------------------------------------------------------------------------


def negative_phrase(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    text = draft.judged.replace("’", "'")
    found = _matches(rule.regexes.get("phrases"), text)
    return [_finding(rule, rule.message(), draft.body, m.start(), m.end()) for m in found]


def blame(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    text = draft.judged.replace("’", "'")
    found = _matches(rule.regexes.get("patterns"), text)
    return [_finding(rule, rule.message(), draft.body, m.start(), m.end()) for m in found]


def internal_text(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    text = draft.judged.replace("’", "'")
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for key in ("patterns", "case_sensitive_patterns", "phrases", "case_sensitive_phrases"):
        for m in _matches(rule.regexes.get(key), text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(_finding(rule, rule.message(), draft.body, m.start(), m.end()))
    return found


# ----- personalization ----------------------------------------------------------------------------------


def _names(full: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"\s+", full.strip()) if p]
    return (parts[0], parts[-1]) if parts else ("", "")


def names_customer(book: RuleBook, greeting_rest: str, customer: str) -> bool | None:
    """True when the greeting names the customer (first name, full name, or title and surname, in any
    language); False when it names someone else; None when it names nobody."""
    words = [w for w in _WORD.findall(greeting_rest)]
    folded = [_fold(w) for w in words]
    first, last = (_fold(n) for n in _names(customer))
    if first and first in folded:
        return True
    if last and last in folded:
        i = folded.index(last)
        if len(folded) == 1 or (i > 0 and folded[i - 1].rstrip(".") in {t.rstrip(".") for t in book.titles}):
            return True
        if i > 0 and folded[i - 1] == first:
            return True
        return True  # the surname with something before it: a form of address, not someone else
    proper = [w for w in words if w[:1].isupper() and _fold(w).rstrip(".") not in {t.rstrip(".") for t in book.titles}]
    generic = {"team", "all", "everyone", "there", "customer", "sir", "madam", "colleagues", "folks", "again"}
    proper = [w for w in proper if _fold(w) not in generic]
    return False if proper else None


def not_personalized(rule: Rule, draft: DraftText, ctx: CoachContext, book: RuleBook) -> list[Finding]:
    found = [
        _finding(rule, rule.message("message_placeholder"), draft.body, m.start(), m.end())
        for m in _matches(rule.regexes.get("placeholders"), draft.body, 0, draft.quote_start)
    ]
    if not ctx.has_case or not ctx.customer_name.strip():
        return found
    greeting = draft.greeting
    if greeting is None:
        first = re.search(r"\S[^\n]*", draft.judged)
        start, end = (first.start(), first.end()) if first else (0, 0)
        found.insert(0, _finding(rule, rule.message("message_no_greeting"), draft.body, start, end))
        return found
    m = book.greeting.match(draft.body, greeting.start, greeting.end)
    named = names_customer(book, m.group("rest") if m else "", ctx.customer_name)
    if named is False:
        found.insert(0, _finding(rule, rule.message("message_other_name"), draft.body, greeting.start, greeting.end))
    elif named is None:
        found.insert(0, _finding(rule, rule.message("message_no_greeting"), draft.body, greeting.start, greeting.end))
    return found


# ----- listening ------------------------------------------------------------------------------------------


def _content_words(text: str, stop: frozenset[str]) -> set[str]:
    return {_fold(w)[:6] for w in _WORD.findall(text) if len(w) >= 3 and _fold(w) not in stop}


def customer_questions(book: RuleBook, email: str) -> list[str]:
    """The questions in the customer's own words (the quoted thread, greeting and signature left out)."""
    text = DraftText(email, book)
    return [q.text for q in text.questions()]


def unanswered_question(rule: Rule, draft: DraftText, ctx: CoachContext, book: RuleBook) -> list[Finding]:
    if not ctx.customer_email:
        return []
    stop = frozenset(_fold(w) for w in rule.data.get("stopwords", []))
    answer = _content_words(draft.judged, stop)
    need = int(rule.data.get("min_shared_words", 2))
    found = []
    for question in customer_questions(book, ctx.customer_email):
        asked = _content_words(question, stop)
        if not asked:
            continue
        if len(asked & answer) < min(need, len(asked)):
            end = draft.greeting.end if draft.greeting else 0
            found.append(_finding(rule, rule.message(), draft.body, 0, end, quote=" ".join(question.split())))
    return found


def _sentence_words(text: str, spans: list[Span] | None = None) -> list[tuple[Span, frozenset[str]]]:
    """Each sentence of four words or more with its set of words (lower case)."""
    found = []
    for span in spans if spans is not None else sentences(text):
        words = _WORD.findall(span.text.lower())
        if len(words) >= 4:
            found.append((span, frozenset(words)))
    return found


def _prefix(words: frozenset[str], rank: dict[str, int], similar: float) -> list[str]:
    """The first words of a set in a global order: two sets with Jaccard ≥ ``similar`` share at least one
    of them (prefix filtering), so only those are compared."""
    size = len(words) - math.ceil(similar * len(words)) + 1
    return sorted(words, key=rank.__getitem__)[: max(size, 1)]


def broken_record(rule: Rule, draft: DraftText, ctx: CoachContext, book: RuleBook) -> list[Finding]:
    if not ctx.earlier_emails:
        return []
    pairs = _sentence_words(draft.judged, draft.sentences)
    if len(pairs) < int(rule.data.get("min_sentences", 3)):
        return []
    similar = float(rule.data.get("sentence_similarity", 0.9))
    share = float(rule.data.get("share_of_sentences", 0.7))
    mine = [span for span, _ in pairs]
    mine_sets = [words for _, words in pairs]
    # Our earlier emails are kept without their quoted thread; their signature matches nothing of ours
    # that is judged (the draft's own signature is not), so their sentences are taken whole.
    earlier_sets = [[words for _, words in _sentence_words(earlier)] for earlier in ctx.earlier_emails]
    # Rare words first: the prefixes then hold words few sentences share, and few pairs are compared.
    frequency = Counter(w for sets in (mine_sets, *earlier_sets) for words in sets for w in words)
    rank = {w: i for i, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    mine_prefixes = [_prefix(words, rank, similar) for words in mine_sets]
    for sets in earlier_sets:
        index: dict[str, list[frozenset[str]]] = {}
        for words in sets:
            for w in _prefix(words, rank, similar):
                index.setdefault(w, []).append(words)
        repeated = []
        for span, words, prefix in zip(mine, mine_sets, mine_prefixes, strict=True):
            candidates = {other for w in prefix for other in index.get(w, ())}
            if any(len(words & other) >= similar * len(words | other) for other in candidates):
                repeated.append(span)
        if repeated and len(repeated) >= share * len(mine):
            first = repeated[0]
            return [_finding(rule, rule.message(), draft.body, first.start, first.end)]
    return []


# ----- choices, outline, progress, ETA --------------------------------------------------------------------------


def no_choice(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    text = draft.judged.replace("’", "'")
    trigger = next(_matches(rule.regexes.get("triggers"), text), None)
    if trigger is None:
        return []
    options = sum(1 for _ in _matches(rule.regexes.get("options"), text))
    prefers = next(_matches(rule.regexes.get("preference"), text), None)
    if options >= int(rule.data.get("min_options", 2)) or prefers is not None:
        return []
    sentence = _sentence_at(draft, trigger.start())
    start, end = (sentence.start, sentence.end) if sentence.text else (trigger.start(), trigger.end())
    return [_finding(rule, rule.message(), draft.body, start, end)]


def lqr_outline(rule: Rule, draft: DraftText, ctx: CoachContext, book: RuleBook) -> list[Finding]:
    text = draft.through_closing.replace("’", "'")
    missing = []
    for name, part in (rule.data.get("parts") or {}).items():
        if part.get("check") == "greeting":
            if not _greets_by_name(book, draft, ctx):
                missing.append(name)
            continue
        if next(_matches(rule.regexes.get(f"part:{name}"), text), None) is None:
            missing.append(name)
    if not missing:
        return []
    end = draft.greeting.end if draft.greeting else 0
    quote = draft.greeting.text.strip() if draft.greeting else draft.judged.strip()[:60]
    return [_finding(rule, rule.message(missing=", ".join(missing)), draft.body, 0, end, quote=quote)]


def _greets_by_name(book: RuleBook, draft: DraftText, ctx: CoachContext) -> bool:
    """The greeting names the case's customer (without a case: names someone)."""
    if draft.greeting is None:
        return False
    m = book.greeting.match(draft.body, draft.greeting.start, draft.greeting.end)
    rest = m.group("rest") if m else ""
    if ctx.customer_name:
        return names_customer(book, rest, ctx.customer_name) is True
    return names_customer(book, rest, "") is not None


def _real_questions(rule: Rule, draft: DraftText) -> list[Span]:
    understanding = rule.regexes.get("understanding")
    return [q for q in draft.questions() if understanding is None or next(understanding.finditer(q.text), None) is None]


def fqr_progress(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    text = draft.judged.replace("’", "'")
    if next(_matches(rule.regexes.get("steps"), text), None) is not None or _real_questions(rule, draft):
        return []
    last = draft.sentences[-1] if draft.sentences else Span(0, 0, "")
    return [_finding(rule, rule.message(), draft.body, last.start, last.end)]


def eta_missing(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    if ctx.ball != "ours":
        return []
    text = draft.judged.replace("’", "'")
    if next(_matches(rule.regexes.get("commitments"), text), None) is not None:
        return []
    if next(_matches(rule.regexes.get("asks"), text), None) is not None or draft.questions():
        return []  # the draft hands the ball to the customer
    last = draft.sentences[-1] if draft.sentences else Span(0, 0, "")
    return [_finding(rule, rule.message(), draft.body, last.start, last.end)]


# ----- privacy --------------------------------------------------------------------------------------------------


def personal_data(rule: Rule, draft: DraftText, ctx: CoachContext) -> list[Finding]:
    from ..privacy import SECRET_KINDS, find_personal_data, masked

    kinds = [str(k) for k in rule.data.get("kinds", ["password", "secret", "card", "iban"])]
    text = draft.mail if rule.data.get("judge_signature", True) else draft.judged
    found = []
    for f in find_personal_data(text, ctx.known, kinds=kinds):
        raw = draft.body[f.start : f.end]
        quote = masked(raw) if f.kind in SECRET_KINDS else masked(raw, 4)
        found.append(_finding(rule, rule.message(f"message_{f.kind}"), draft.body, f.start, f.end, quote=quote))
    return found


SIMPLE: dict[str, Callable[[Rule, DraftText, CoachContext], list[Finding]]] = {
    "negative_phrase": negative_phrase,
    "blame": blame,
    "internal_text": internal_text,
    "no_choice": no_choice,
    "fqr_progress": fqr_progress,
    "eta_missing": eta_missing,
    "personal_data": personal_data,
}
WITH_BOOK: dict[str, Callable[[Rule, DraftText, CoachContext, RuleBook], list[Finding]]] = {
    "not_personalized": not_personalized,
    "unanswered_question": unanswered_question,
    "broken_record": broken_record,
    "lqr_outline": lqr_outline,
}
