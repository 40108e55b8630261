"""Emails for the capture tests, built here: .eml with the standard ``email`` package, .msg with
aspose-email-foss (its writer), and the text Outlook copies, in English, German and French.

The words are our own; the shapes (headers, auto-reply markers, quoted history) are the ones real mail
clients write.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
CASE_A = "2611230010004411"  # ADLS Gen2 copy fails
CASE_B = "2611240010007702"  # Synapse pipeline timeout
CASE_C = "2611250010001290"  # Key Vault access denied (customer Marie)
ENGINEER = "jane@example.com"

CASES_DOC = {
    "format": "deskcomms",
    "version": 1,
    "settings": {"timezone": "America/New_York", "holiday_country": "US"},
    "profile": {"name": "Jane Smith", "email": ENGINEER, "company": "Contoso"},
    "cases": [
        {
            "number": CASE_A,
            "title": "ADLS Gen2 copy fails: ErrorCode=UserErrorFailedFileOperation",
            "technology": "Data Factory",
            "opened_at": "2026-11-23T09:10:00-05:00",
            "customer": {"name": "Alex Doe", "email": "alex@fabrikam.example"},
            "events": [
                {"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"},
                {"at": "2026-11-23T10:00:00-05:00", "kind": "pending_customer"},
            ],
        },
        {
            "number": CASE_B,
            "title": "Synapse pipeline times out after 2 hours",
            "technology": "Synapse",
            "opened_at": "2026-11-24T11:00:00-05:00",
            "customer": {"name": "Jonas Weber", "email": "jonas.weber@contoso-de.example"},
            "events": [
                {"at": "2026-11-24T11:30:00-05:00", "kind": "fqr_sent", "channel": "email"},
                {"at": "2026-11-24T12:00:00-05:00", "kind": "pending_customer"},
            ],
        },
        {
            "number": CASE_C,
            "title": "Key Vault access denied from Function App",
            "technology": "Key Vault",
            "opened_at": "2026-11-25T08:30:00-05:00",
            "customer": {"name": "Marie Laurent", "email": "marie.laurent@exemple.example"},
            "events": [
                {"at": "2026-11-25T09:00:00-05:00", "kind": "fqr_sent", "channel": "email"},
                {"at": "2026-11-25T09:30:00-05:00", "kind": "resolution_provided"},
            ],
        },
    ],
}


def eml(
    sender: str,
    subject: str,
    body: str,
    when: datetime,
    *,
    to: str = ENGINEER,
    message_id: str | None = "<auto>",
    headers: dict[str, str] | None = None,
    attachment: bytes | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    if message_id == "<auto>":
        message_id = f"<{abs(hash((sender, subject, when.isoformat())))}@mail.example>"
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if attachment is not None:
        msg.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="trace.har")
    return msg.as_bytes()


def msg_file(
    sender_name: str,
    sender: str,
    subject: str,
    body: str,
    when: datetime,
    *,
    to: str = ENGINEER,
    message_id: str | None = None,
    message_class: str | None = None,
) -> bytes:
    """An Outlook .msg written by aspose-email-foss."""
    from aspose.email_foss import msg

    message = msg.MapiMessage.create(subject, body)
    message.set_property(msg.PropertyId.SENDER_NAME, sender_name)
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, sender)
    message.set_property(msg.PropertyId.MESSAGE_DELIVERY_TIME, when.astimezone(ZoneInfo("UTC")))
    if message_id:
        message.set_property(msg.PropertyId.INTERNET_MESSAGE_ID, message_id)
    if message_class:
        message.message_class = message_class
    message.add_recipient(to, display_name="Jane Smith")
    return bytes(message.to_bytes())


REPLY_EN = """From: Alex Doe <alex@fabrikam.example>
Sent: Tuesday, December 1, 2026 3:04 PM
To: Jane Smith <jane@example.com>
Cc: support@mail.support.example
Subject: RE: ADLS Gen2 copy fails - Case 2611230010004411

Hi Jane,

The new linked service works and the copy finished overnight. You can close the case.

Thanks,
Alex

From: Jane Smith <jane@example.com>
Sent: Monday, November 30, 2026 10:12 AM
To: Alex Doe <alex@fabrikam.example>
Subject: ADLS Gen2 copy fails - Case 2611230010004411

Please try the attached linked service and let me know.
"""

OOF_DE = """Von: Jonas Weber <jonas.weber@contoso-de.example>
Gesendet: Mittwoch, 2. Dezember 2026 08:15
An: Jane Smith <jane@example.com>
Betreff: Automatische Antwort: Synapse pipeline times out - TrackingID#2611240010007702

Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 11.12.2026 nicht im Büro
und habe keinen Zugriff auf meine E-Mails.
Ab dem 14. Dezember 2026 bin ich wieder erreichbar. In dringenden Fällen wenden Sie sich bitte an unser Team.
"""

OOF_FR = """De : Marie Laurent <marie.laurent@exemple.example>
Envoyé : mercredi 2 décembre 2026 09:30
À : Jane Smith <jane@example.com>
Objet : Réponse automatique : [Case#:2611250010001290] Key Vault access denied

Bonjour,

Je suis absente du bureau et serai de retour le 9 décembre 2026. Pour toute urgence, contactez le support.

Cordialement,
Marie
"""
