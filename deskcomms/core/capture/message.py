"""One email, read from an .eml file, an Outlook .msg file or the text Outlook copies to the clipboard.

Everything downstream (matching a case, deciding what to record) reads this one shape. Attachments are
never kept: only their count. Anything that is not an email raises a ValidationError naming the input.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from ..addresses import is_address, mailbox_address
from ..errors import ValidationError
from .bounce import report_parts
from .limits import MAX_BYTES, check_html

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # every .msg file is an OLE compound file
__all__ = ["MAX_BYTES", "OLE_MAGIC", "Email", "from_email_message", "html_to_text", "plain_body", "read_eml"]

# Headers an automatic reply carries (RFC 3834 and the common vendor ones).
AUTO_HEADERS = ("auto-submitted", "x-autoreply", "x-autorespond", "precedence", "x-auto-response-suppress")


@dataclass
class Email:
    source: str
    subject: str
    sender_name: str
    sender_email: str
    date: datetime  # aware
    message_id: str = ""
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    body: str = ""  # plain text, with any quoted history still in it
    headers: dict[str, str] = field(default_factory=dict)  # the AUTO_HEADERS present, lower-case names
    message_class: str = ""  # .msg only, e.g. IPM.Note.Rules.OofTemplate.Microsoft for an Outlook auto-reply
    attachments: int = 0
    language_hint: str = ""  # "de", "fr", "es", "nl", "it", "pt" or "" (from localised Outlook headers)
    notes: list[str] = field(default_factory=list)  # what reading changed or found unsure, for the preview
    date_written: str = ""  # the date as written, when it had to be moved to one deskcomms can keep
    report_type: str = ""  # a multipart/report's report-type ("delivery-status" for a delivery report)
    delivery_status: str = ""  # its message/delivery-status fields, one per line (see bounce.py)
    dated_at_capture: bool = False  # no Date: header: ``date`` is the moment of capture

    @property
    def identity(self) -> str:
        """What makes this email the same email twice: its Message-ID, else sender + date + subject."""
        if self.message_id:
            return self.message_id
        # Without a Date: header the time is the capture's own: the start of the text stands in for it.
        when = " ".join(self.body[:500].split()) if self.dated_at_capture else f"{self.date.timestamp():.0f}"
        key = f"{self.sender_email.lower()}|{when}|{' '.join(self.subject.split()).lower()}"
        return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


# Headers only a real message file carries (text copied from Outlook has none of them).
_MIME_HEADERS = re.compile(
    r"^(message-id|mime-version|content-type|received|return-path|dkim-signature|x-[\w-]+|in-reply-to|"
    r"references|delivered-to|thread-index|thread-topic|content-transfer-encoding)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?", re.MULTILINE)


def read_eml(data: bytes, source: str, now: datetime | None = None) -> Email:
    """An RFC 5322 message (.eml), parsed by the standard library with the modern policy."""
    head = data[:4096]
    if not _HEADER_LINE.match(head.lstrip()):
        raise ValidationError(
            "not an email: it does not start with mail headers (From:, Date:, Subject:...)", where=source
        )
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(message, EmailMessage):  # pragma: no cover (policy.default always gives one)
        raise ValidationError("not an email", where=source)
    return from_email_message(message, source, now)


def _header(message: EmailMessage, name: str) -> str:
    raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None)
    if isinstance(raw, str) and _ESCAPED.search(raw):
        # 8-bit bytes without encoded words: the parser keeps them as escapes and shows "�"; decode them
        # as mail clients do instead (issue 26), then read the header from the decoded text.
        return " ".join(_decode_8bit(raw.encode("ascii", "surrogateescape"), message).split())
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):  # a malformed header the parser could not model
        return ""
    return "" if value is None else " ".join(str(value).split())


def raw_message_id(message: EmailMessage) -> str:
    """The Message-ID as written, unfolded: the parser's reading cuts ``<tkt:1001@crm.example>`` at the
    colon (and at commas, semicolons, spaces and quotes), and two different emails must never share one."""
    raw = next((v for k, v in message.raw_items() if k.lower() == "message-id"), None)
    return " ".join(str(raw).split()) if raw is not None else ""


def sender_of(message: EmailMessage) -> tuple[str, str]:
    """(display name, address) of From: as mail clients show it: the address read from the header as written
    (the parser's rendering drops it when the display name looks like an address), the name decoded."""
    raw = next((str(v) for k, v in message.raw_items() if k.lower() == "from"), "")
    if _ESCAPED.search(raw):  # an undeclared 8-bit name: decoded as mail clients do (issue 26)
        raw = _decode_8bit(raw.encode("ascii", "surrogateescape"), message)
    name, address = mailbox_address(raw)  # the real address, never an address-like display name
    if not is_address(address):  # "Alex Doe alex@x.example" without brackets: the last address written
        written = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", address)
        if written:
            address = written[-1]
    if "=?" in name:
        from email.header import decode_header, make_header

        with contextlib.suppress(ValueError, LookupError, UnicodeError):  # a broken encoded word stays as written
            name = str(make_header(decode_header(name)))
    return " ".join(name.split()), address


_ESCAPED = re.compile("[\udc80-\udcff]")


def _decode_8bit(raw: bytes, message: EmailMessage) -> str:
    """Undeclared 8-bit header bytes as text: the charset a text part declares, UTF-8, then detection
    (over every 8-bit header of the message at once: a short name alone is too little to tell).

    Latin-1 is the last resort: it reads any byte, so no replacement character is ever shown."""
    declared = [part.get_content_charset() for part in message.walk() if part.get_content_maintype() == "text"]
    for charset in [*(c for c in declared if c), "utf-8"]:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    escaped = [v for _, v in message.raw_items() if isinstance(v, str) and _ESCAPED.search(v)]
    every = b"\n".join(v.encode("ascii", "surrogateescape") for v in escaped)
    best = from_bytes(every or raw).best()
    if best is not None and best.encoding:
        try:
            return raw.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("latin-1")


def from_email_message(message: EmailMessage, source: str, now: datetime | None = None) -> Email:
    """The Email of a parsed message; ``now`` (aware) dates one that has no Date: header."""
    name, address = sender_of(message)
    if not address or "@" not in address:
        raise ValidationError("not an email: no sender address in a From: header", where=source)
    date_raw = _header(message, "Date")
    notes: list[str] = []
    if not date_raw:
        # A saved draft or some exports: the moment of capture is the best time we have, and we say so.
        sent = now or datetime.now(UTC)
        notes.append("the email has no Date: header: recorded at the time of capture")
    else:
        sent = _sent_at(message, date_raw, source)
    headers = {h: _header(message, h) for h in AUTO_HEADERS if message.get(h) is not None}
    attachments = sum(1 for _ in message.iter_attachments())
    report_type, delivery_status = report_parts(message)
    return Email(
        source=source,
        subject=_header(message, "Subject"),
        sender_name=name.strip(),
        sender_email=address.strip(),
        date=sent,
        message_id=raw_message_id(message),
        to=[a for _, a in getaddresses([_header(message, "To")]) if a],
        cc=[a for _, a in getaddresses([_header(message, "Cc")]) if a],
        body=plain_body(message, source),
        headers=headers,
        attachments=attachments,
        report_type=report_type,
        delivery_status=delivery_status,
        notes=notes,
        dated_at_capture=not date_raw,
    )


def _sent_at(message: EmailMessage, date_raw: str, source: str) -> datetime:
    try:
        sent = parsedate_to_datetime(date_raw)
    except (TypeError, ValueError, IndexError):
        raise ValidationError(f"the email's Date: header is not a date: {date_raw[:60]!r}", where=source) from None
    if sent.tzinfo is None and re.search(r"-0000\s*(?:\(.*\))?\s*$", date_raw):
        # RFC 5322 3.3: "-0000" is a time in UT whose sender's local zone is unknown: the instant is known.
        sent = sent.replace(tzinfo=UTC)
    if sent.tzinfo is None:
        raise ValidationError(f"the email's Date: header has no time zone: {date_raw[:60]!r}", where=source)
    raw_date = next((str(v) for k, v in message.raw_items() if k.lower() == "date"), date_raw)
    written = re.search(r"\b(\d{4})\b", raw_date)
    if written and int(written.group(1)) != sent.year:  # "0001" would be read as 2001: refuse, do not guess
        raise ValidationError(f"the email's Date: header has an impossible year: {date_raw[:60]!r}", where=source)
    return sent


def plain_body(message: EmailMessage, source: str = "") -> str:
    """The text of the message: its text/plain part, else its HTML reduced to text (size checked first)."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError):  # pragma: no cover
        part = None
    if part is None:
        return ""
    if part.get_content_subtype() == "html":
        raw = part.get_payload()
        check_html(len(raw) if isinstance(raw, str | bytes) else 0, source)
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset or a broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n")


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)?[^<>]*>")  # [^<>]: a stray "<" ends the try, so one pass
_HIDDEN = frozenset({"style", "script", "head", "title"})
_BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table"})


def html_to_text(html: str) -> str:
    """Readable text from an HTML body: block ends become line breaks, tags and styles go.

    One pass over the tags (linear time): a regular expression per hidden block would scan to the end of
    the text once for every unclosed ``<style>``, which is quadratic."""
    from html import unescape

    out: list[str] = []
    hidden: str | None = None  # the element whose text is not shown (style, script, head)
    position = 0
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1) == "/", (tag.group(2) or "").lower()
        if hidden is None:
            out.append(html[position : tag.start()])
            if not closing and name in _HIDDEN:
                hidden = name
            elif name in _BREAKS and (closing or name == "br"):
                out.append("\n")
        elif closing and name == hidden:
            hidden = None
        position = tag.end()
    if hidden is None:
        out.append(html[position:])
    text = unescape("".join(out)).replace("\u00a0", " ")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip() + "\n"
