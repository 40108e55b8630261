"""Delivery reports ("bounces"): a mail system telling us that our email did not reach someone.

playbook rules §3, "Delivery failure": such a report is neither a reply nor an out-of-office; it names the
address that failed. Recognised in two ways:

- the standard form (RFC 3464): a ``multipart/report`` whose ``message/delivery-status`` part gives, per
  recipient, ``Final-Recipient`` and ``Action`` (``failed``, or only ``delayed``: the mail system is still
  trying, so nothing failed yet);
- the common non-standard forms, in the languages the app reads ("Undeliverable:", "Unzustellbar:",
  "Non remis :", "No se puede entregar:", "Onbestelbaar:", "Mail delivery failed", ...). A subject alone is
  never enough (a customer may write about their own mail server): the report must also come from a mail
  system (the sender, an automatic-message header) or say in its text that the email was not delivered.

The phrase lists are data (``resources/capture/delivery_reports.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage, Message
from functools import lru_cache
from typing import Any, Protocol


class Email(Protocol):
    """What a report is read from (``message.Email``; named here without importing it: message.py reads
    the report's parts with :func:`report_parts`)."""

    subject: str
    sender_email: str
    body: str
    to: list[str]
    headers: dict[str, str]
    report_type: str
    delivery_status: str


FAILED, DELAYED, DELIVERED = "failed", "delayed", "delivered"

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_FIELD = re.compile(r"^(?P<name>[A-Za-z-]+)\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class DeliveryReport:
    state: str  # FAILED, DELAYED or DELIVERED
    address: str  # the recipient it is about ("" when the report does not say)


@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    from ...paths import resources_dir

    data: dict[str, Any] = json.loads((resources_dir() / "capture" / "delivery_reports.json").read_text("utf-8"))
    return data


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()


def report_parts(message: EmailMessage) -> tuple[str, str]:
    """The ``report-type`` of a ``multipart/report`` and the text of its ``message/delivery-status`` part
    (its per-message and per-recipient fields, one per line), or empty strings."""
    report_type = ""
    if message.get_content_type() == "multipart/report":
        report_type = str(message.get_param("report-type", "") or "").strip().lower()
    status_lines: list[str] = []
    try:
        parts = list(message.walk())
    except (TypeError, ValueError, AttributeError):  # a broken structure: no report part to read
        return report_type, ""
    for part in parts:
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else [payload]
        for block in blocks:
            if isinstance(block, Message):
                status_lines += [f"{k}: {' '.join(str(v).split())}" for k, v in block.items()]
            elif isinstance(block, str | bytes):
                text = block.decode("utf-8", "replace") if isinstance(block, bytes) else block
                status_lines += text.splitlines()
            status_lines.append("")
    return report_type, "\n".join(status_lines)


def _from_status(status: str) -> DeliveryReport | None:
    """The outcome a ``message/delivery-status`` text gives: the first failed recipient, else delayed."""
    recipients: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in [*status.splitlines(), ""]:
        m = _FIELD.match(line.strip())
        if not line.strip():
            if current:
                recipients.append(current)
            current = {}
        elif m:
            current[m.group("name").lower()] = m.group("value").strip()
    per_recipient = [r for r in recipients if "action" in r or "final-recipient" in r]
    if not per_recipient:
        return None

    def address(fields: dict[str, str]) -> str:
        for name in ("final-recipient", "original-recipient"):
            found = _ADDRESS.search(fields.get(name, "").split(";", 1)[-1])
            if found:
                return found.group(0)
        return ""

    for state in (FAILED, DELAYED, DELIVERED):
        for fields in per_recipient:
            action = fields.get("action", "").lower()
            if action.startswith(state) or (state == DELIVERED and action.startswith(("relayed", "expanded"))):
                return DeliveryReport(state, address(fields))
    return DeliveryReport(FAILED, address(per_recipient[0]))  # no Action: a report is sent for failures


def _from_sender(email: Email, kind: str) -> bool:
    local = email.sender_email.split("@", 1)[0].casefold()
    return any(local == s or local.startswith(s) for s in phrases()[kind])


def _automatic(email: Email) -> bool:
    auto = email.headers.get("auto-submitted", "").strip().lower()
    return bool(auto) and not auto.startswith("no")


def _address_in_text(email: Email, own_addresses: Iterable[str]) -> str:
    """The failed address a non-standard report names: the first address in its text that is neither ours,
    the mail system's nor a daemon's."""
    skip = {a.strip().casefold() for a in own_addresses if a} | {email.sender_email.casefold()}
    skip |= {a.casefold() for a in email.to}
    senders = tuple(phrases()["senders"] + phrases()["mail_system_senders"])
    for found in _ADDRESS.finditer(email.body[:20_000]):
        address = found.group(0).rstrip(".")
        if address.casefold() in skip or address.split("@", 1)[0].casefold().startswith(senders):
            continue
        return address
    return ""


def delivery_report(email: Email, own_addresses: Iterable[str] = ()) -> DeliveryReport | None:
    """What a delivery report says, or None when ``email`` is not one."""
    own = list(own_addresses)
    if email.report_type == "delivery-status" or email.delivery_status:
        found = _from_status(email.delivery_status)
        if found is not None:
            if not found.address:
                found = DeliveryReport(found.state, _address_in_text(email, own))
            return found
    subject = _fold(email.subject)
    data = phrases()
    delayed = any(subject.startswith(p) for p in data["delayed_subjects"])
    failed = any(subject.startswith(p) for p in data["failed_subjects"])
    body = _fold(email.body[:8000])
    says_failed = any(p in body for p in data["failed_phrases"])
    daemon = _from_sender(email, "senders")
    system = daemon or _from_sender(email, "mail_system_senders") or _automatic(email)
    if delayed and (system or email.report_type):
        return DeliveryReport(DELAYED, _address_in_text(email, own))
    # A mail daemon's message on a case is about our email; a postmaster's or a failure subject needs a
    # second sign (a customer may write about their own mail server, a postmaster may write a letter).
    if daemon or (failed and (system or says_failed)) or (system and says_failed):
        return DeliveryReport(FAILED, _address_in_text(email, own))
    return None
