"""Outlook .msg files, read with aspose-email-foss (MIT, pure Python; extract-msg is GPL and off limits).

A .msg is an OLE compound file of MAPI properties. We read the few we need directly, because the
sender's address of a message sent inside an Exchange organisation is an X.500 path
(``/O=EXCHANGELABS/...``) in PR_SENDER_EMAIL_ADDRESS; its SMTP form is in PR_SENDER_SMTP_ADDRESS or the
transport headers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import Parser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from ..addresses import mailbox_address
from ..errors import ValidationError
from .message import AUTO_HEADERS, Email, html_to_text

# MAPI property ids (MS-OXPROPS)
PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_SENDER_NAME = 0x0C1A
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_SENT_REPRESENTING_NAME = 0x0042
PR_SENT_REPRESENTING_EMAIL_ADDRESS = 0x0065
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_BODY = 0x1000
PR_BODY_HTML = 0x1013
PR_INTERNET_MESSAGE_ID = 0x1035
PR_CREATION_TIME = 0x3007
PR_SENDER_SMTP_ADDRESS = 0x5D01
PR_SENT_REPRESENTING_SMTP_ADDRESS = 0x5D02
PR_DISPLAY_TO = 0x0E04


def read_msg(data: bytes, source: str, now: datetime | None = None) -> Email:
    """An Email from the bytes of an Outlook .msg file; a ValidationError when it cannot be read.

    ``now`` (aware) dates a message that carries no time at all (a saved draft), with a note saying so."""
    try:
        from aspose.email_foss import cfb, msg
    except ImportError:  # pragma: no cover (a declared dependency)
        raise ValidationError(
            "cannot read Outlook .msg files: aspose-email-foss is not installed", where=source
        ) from None
    try:
        reader = msg.MsgReader(cfb.CFBReader(data))
        message = msg.MapiMessage.from_msg_document(msg.MsgDocument.from_reader(reader))
    except Exception as exc:  # the reader raises CFBError, MsgError, struct.error, IndexError...: all "unreadable"
        raise ValidationError(f"not a readable Outlook .msg file ({type(exc).__name__})", where=source) from None
    try:
        return _email_of(message, source, now)
    finally:
        message.close()


def _text(message: Any, prop: int) -> str:
    try:
        value = message.get_property_value(prop)
    except Exception:  # a property whose bytes do not decode: treat as absent
        return ""
    if isinstance(value, bytes):
        for encoding in ("utf-8", "cp1252"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _time(message: Any, prop: int) -> datetime | None:
    try:
        value = message.get_property_value(prop)
    except Exception:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def _email_of(message: Any, source: str, now: datetime | None = None) -> Email:
    headers_text = _text_raw(message, PR_TRANSPORT_MESSAGE_HEADERS)
    transport = Parser(policy=policy.compat32).parsestr(headers_text, headersonly=True) if headers_text else None

    def header(name: str) -> str:
        if transport is None:
            return ""
        value = transport.get(name)
        return " ".join(str(value).split()) if value is not None else ""

    from_name, from_address = mailbox_address(header("From"))
    address = next(
        (
            a
            for a in (
                _text(message, PR_SENDER_SMTP_ADDRESS),
                _text(message, PR_SENT_REPRESENTING_SMTP_ADDRESS),
                from_address,
                _text(message, PR_SENDER_EMAIL_ADDRESS),
                _text(message, PR_SENT_REPRESENTING_EMAIL_ADDRESS),
            )
            if a and "@" in a
        ),
        "",
    )
    name = _text(message, PR_SENDER_NAME) or _text(message, PR_SENT_REPRESENTING_NAME) or from_name
    if not address:
        raise ValidationError("the Outlook message has no sender address (is it an unsent draft?)", where=source)
    sent = _time(message, PR_CLIENT_SUBMIT_TIME) or _time(message, PR_MESSAGE_DELIVERY_TIME)
    if sent is None and header("Date"):
        try:
            sent = parsedate_to_datetime(header("Date"))
        except (TypeError, ValueError, IndexError):
            sent = None
    notes: list[str] = []
    if sent is None:  # a saved draft: the moment of capture is the best time there is, and we say so
        sent = now or datetime.now(UTC)
        notes.append("the Outlook message has no sent or received time: recorded at the time of capture")
    body = _text_raw(message, PR_BODY)
    if not body.strip():
        html = message.get_property_value(PR_BODY_HTML)
        if isinstance(html, bytes):
            html = html.decode("utf-8", "replace")
        body = html_to_text(html) if isinstance(html, str) else ""
    recipients: list[str] = []
    cc: list[str] = []
    for recipient in getattr(message, "recipients", []):
        address_r = getattr(recipient, "email_address", "") or ""
        kind = getattr(recipient, "recipient_type", 1)
        if "@" in address_r:
            (cc if kind == 2 else recipients).append(address_r)
    if not recipients and header("To"):
        recipients = [a for _, a in getaddresses([header("To")]) if a]
    return Email(
        source=source,
        subject=_text(message, PR_SUBJECT) or header("Subject"),
        sender_name=name,
        sender_email=address,
        date=sent,
        message_id=_text(message, PR_INTERNET_MESSAGE_ID) or header("Message-ID"),
        to=recipients,
        cc=cc,
        body=body.replace("\r\n", "\n"),
        headers={h: header(h) for h in AUTO_HEADERS if header(h)},
        message_class=getattr(message, "message_class", None) or "",
        attachments=len(getattr(message, "attachments", [])),
        notes=notes,
        dated_at_capture=bool(notes),
    )


def _text_raw(message: Any, prop: int) -> str:
    try:
        value = message.get_property_value(prop)
    except Exception:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) else ""
