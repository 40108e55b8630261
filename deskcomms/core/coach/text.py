"""The draft as the coach reads it: where the quoted thread starts (not judged), where the signature
starts (judged only for personal data), the greeting line, sentences and questions; and drafts read from
what ``deskcomms check`` is given (the text ``deskcomms draft`` prints, a plain body, HTML or an .eml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import UserError
from .rules import RuleBook

# A sentence runs to the first ".", "!" or "?" followed by a space or the end (so "5.44.8984.1" and
# "sql-contoso-01.database.windows.net" stay inside their sentence), or to the end of its line. Linear:
# no alternative ever gives back what it took.
_SENTENCE = re.compile(r"(?:[^\n.!?]++|[.!?]++(?![\s]|$))++[.!?]*+")
_DRAFT_HEADER = re.compile(r"^(?:To|Cc|Bcc|Subject|From):[^\n]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class DraftText:
    """A draft's body with its regions. Offsets index ``body`` (what the engineer edits)."""

    body: str
    rules: RuleBook
    subject: str = ""

    @cached_property
    def quote_start(self) -> int:
        from ..capture.quotes import quote_start

        lines = self.body.split("\n")
        index = quote_start(lines)
        if index is None:
            return len(self.body)
        return sum(len(line) + 1 for line in lines[:index])

    @cached_property
    def closing(self) -> Span | None:
        """The closing line ("Kind regards,"): the last one before the quoted thread."""
        last = None
        for m in self.rules.closing.finditer(self.body, 0, self.quote_start):
            last = m
        return Span(last.start(), last.end(), last.group(0)) if last else None

    @property
    def signature_start(self) -> int:
        return self.closing.start if self.closing else self.quote_start

    @property
    def judged(self) -> str:
        """The words judged by every rule: the body before the closing line (offsets unchanged)."""
        return self.body[: self.signature_start]

    @property
    def through_closing(self) -> str:
        return self.body[: self.closing.end] if self.closing else self.judged

    @property
    def mail(self) -> str:
        """Everything before the quoted thread (the signature included): judged for personal data."""
        return self.body[: self.quote_start]

    @cached_property
    def greeting(self) -> Span | None:
        """The first non-empty line, when it is a greeting ("Hello Alex,")."""
        first = re.search(r"\S[^\n]*", self.judged)
        if first is None:
            return None
        m = self.rules.greeting.match(self.judged, first.start(), first.end())
        return Span(m.start(), m.end(), m.group(0)) if m else None

    @cached_property
    def sentences(self) -> list[Span]:
        """The judged text's sentences (the greeting line left out), with their offsets."""
        begin = self.greeting.end if self.greeting else 0
        return sentences(self.judged, begin)

    def questions(self) -> list[Span]:
        return [s for s in self.sentences if s.text.rstrip().endswith("?")]


def sentences(text: str, begin: int = 0, end: int | None = None) -> list[Span]:
    found = []
    for m in _SENTENCE.finditer(text, begin, len(text) if end is None else end):
        raw = m.group(0)
        if not raw:
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        found.append(Span(start, start + len(stripped), stripped))
    return found


# ----- reading what `deskcomms check` is given ------------------------------------------------------------

MAX_DRAFT_BYTES = 2_000_000


def _html_to_text(html_text: str) -> str:
    import html

    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", "", html_text)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</(p|div|li|tr|h[1-6]|blockquote)\s*>", "\n\n", text)
    text = re.sub(r"(?i)<li\b[^>]*>", "- ", text)
    text = re.sub(r"<[^>]{0,2000}>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"(?i)<(?:html|body|div|p|br|table|span)\b[^>]*>", text[:20_000]))


def _eml_body(data: bytes) -> tuple[str, str]:
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(data)
    subject = str(message.get("Subject", "") or "")
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return subject, ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        content = part.get_payload(decode=True).decode("utf-8", "replace")  # type: ignore[union-attr]
    content = str(content)
    return subject, (_html_to_text(content) if part.get_content_type() == "text/html" else content)


_HEADER_LINE = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:")
_MIME_FIELD = re.compile(rb"(?i)(mime-version|content-type|x-unsent|message-id|received):")


def _is_eml(data: bytes) -> bool:
    """A message file: a block of header fields (any, ``To:`` first when a draft has no sender) up to the
    first empty line, one of them a field only message files carry (MIME-Version, Content-Type...)."""
    head = re.split(rb"\r?\n\r?\n", data[:16384].lstrip(), maxsplit=1)[0]
    lines = head.splitlines()
    if not lines or not all(_HEADER_LINE.match(line) or line[:1] in (b" ", b"\t") for line in lines):
        return False
    return any(_MIME_FIELD.match(line) for line in lines)


def read_draft(data: bytes, where: str) -> tuple[str, str]:
    """(subject, body) of a draft given as the text ``deskcomms draft`` prints, a plain body, HTML or an
    .eml. Raises UserError (exit 2) for binary data or a file too large to be an email."""
    if len(data) > MAX_DRAFT_BYTES:
        raise UserError(f"larger than {MAX_DRAFT_BYTES // 1_000_000} MB: not a draft", where=where)
    if b"\x00" in data[:65536]:
        raise UserError("binary data, not a draft (give the text, HTML or .eml of an email)", where=where)
    if _is_eml(data):
        return _eml_body(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("not UTF-8 text (give the draft as UTF-8 text, HTML or an .eml)", where=where) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise UserError("binary data, not a draft (give the text, HTML or .eml of an email)", where=where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    subject = ""
    lines = text.split("\n")
    if lines and _DRAFT_HEADER.match(lines[0]):
        # The To/Cc/Subject lines `deskcomms draft` prints are headers, not body.
        i = 0
        while i < len(lines) and _DRAFT_HEADER.match(lines[i]):
            if lines[i].lower().startswith("subject:"):
                subject = lines[i].split(":", 1)[1].strip()
            i += 1
        text = "\n".join(lines[i + 1 if i < len(lines) and not lines[i].strip() else i :])
    if _looks_like_html(text):
        text = _html_to_text(text)
    return subject, text
