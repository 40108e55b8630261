"""Delivery failures (playbook rules §3): every common form of bounce is recorded as ``delivery_failed``
naming the failed address, never as a reply or an out-of-office; the email that bounced counts toward no
cadence and no strike; "fix the address or reach the customer another way" is due one business hour after."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.capture import CaseIndex, match_case, meaning, read_email
from deskcomms.core.model import Case, Contact
from tests.core.test_engine import FQR, due_of, status, t

NY = ZoneInfo("America/New_York")
ME = "jane@contoso.example"
CUSTOMER = "alex@fabrikam.example"
SENT = datetime(2026, 11, 24, 10, 5, tzinfo=NY)
ORIGINAL = f"From: Jane Smith <{ME}>\nTo: {CUSTOMER}\nSubject: RE: Case 2611230010004411\n"

# subject, sender, the report's human text (each names the failed address as such reports do)
FORMS = {
    "outlook_en": (
        "Undeliverable: RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Delivery has failed to these recipients or groups:\n\n{CUSTOMER}\nThe email address couldn't be found.",
    ),
    "outlook_de": (
        "Unzustellbar: AW: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\n{CUSTOMER}\n"
        "Die Nachricht konnte nicht zugestellt werden.",
    ),
    "outlook_fr": (
        "Non remis : RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"La remise à ces destinataires ou groupes a échoué :\n\n{CUSTOMER}\nVotre message n'a pas pu être remis.",
    ),
    "outlook_es": (
        "No se puede entregar: RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Error en la entrega a estos destinatarios o grupos:\n\n{CUSTOMER}\nNo se pudo entregar el mensaje.",
    ),
    "outlook_nl": (
        "Onbestelbaar: RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Bezorging is mislukt voor deze ontvangers of groepen:\n\n{CUSTOMER}\nHet bericht kon niet worden bezorgd.",
    ),
    "outlook_it": (
        "Non recapitabile: RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Recapito non riuscito per questi destinatari o gruppi:\n\n{CUSTOMER}\n"
        "Non è stato possibile recapitare il messaggio.",
    ),
    "outlook_pt": (
        "Não é possível entregar: RE: Case 2611230010004411",
        "postmaster@fabrikam.example",
        f"Falha na entrega a estes destinatários ou grupos:\n\n{CUSTOMER}\nNão foi possível entregar a mensagem.",
    ),
    "exim": (
        "Mail delivery failed: returning message to sender",
        "Mail Delivery System <Mailer-Daemon@mx.example>",
        "This message was created automatically by mail delivery software.\n\nA message that you sent could "
        f"not be delivered to one or more of its recipients. This is a permanent error.\n\n  {CUSTOMER}\n"
        "    mailbox is full",
    ),
    "gmail": (
        "Delivery Status Notification (Failure)",
        "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        f"Address not found\n\nYour message wasn't delivered to {CUSTOMER} because the address couldn't be found.",
    ),
    "postfix": (
        "Undelivered Mail Returned to Sender",
        "MAILER-DAEMON@mx.fabrikam.example (Mail Delivery System)",
        "This is the mail system at host mx.fabrikam.example.\n\nI'm sorry to have to inform you that your "
        f"message could not\nbe delivered to one or more recipients.\n\n<{CUSTOMER}>: host said: 550 5.1.1 "
        "User unknown",
    ),
}


def bounce(subject: str, sender: str, text: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ME
    msg["Subject"] = subject
    msg["Date"] = format_datetime(SENT)
    msg["Message-ID"] = f"<{abs(hash(subject))}@mx.example>"
    msg.set_content(text + "\n\n" + ORIGINAL)
    return msg.as_bytes()


# The RFC 3464 form: a multipart/report whose message/delivery-status part names the recipient.
DSN = f"""From: MAILER-DAEMON@mx.fabrikam.example
To: {ME}
Subject: Returned mail: see transcript for details
Date: {format_datetime(SENT)}
Message-ID: <dsn-1@mx.fabrikam.example>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The original message was received at Tue, 24 Nov 2026 10:04:00 -0500.
Please contact your administrator (postmaster@fabrikam.example) for help.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.fabrikam.example

Final-Recipient: rfc822; {CUSTOMER}
Action: failed
Status: 5.1.1

--b1
Content-Type: text/rfc822-headers

{ORIGINAL}
--b1--
""".encode()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_of_bounce_is_a_delivery_failure_naming_the_address(form):
    subject, sender, text = FORMS[form]
    email = read_email(bounce(subject, sender, text), f"{form}.eml", NY)
    what = meaning(email, None, "G", [ME])
    assert (what.kind, what.fields.get("address")) == ("delivery_failed", CUSTOMER)
    assert not what.auto_reply and what.until is None


def test_an_rfc_3464_report_is_read_from_its_delivery_status():
    email = read_email(DSN, "dsn.eml", NY)
    assert email.report_type == "delivery-status"
    what = meaning(email, None, "G", [ME])
    assert (what.kind, what.fields["address"]) == ("delivery_failed", CUSTOMER)


def test_a_delay_warning_is_a_note_not_a_failure_and_not_a_reply():
    text = f"Delivery to the following recipient has been delayed:\n\n     {CUSTOMER}\n\nNo need to resend."
    sender = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"
    email = read_email(bounce("Delivery Status Notification (Delay)", sender, text), "delay.eml", NY)
    what = meaning(email, None, "G", [ME])
    assert what.kind == "note" and "still trying" in what.fields["text"] and CUSTOMER in what.fields["text"]


def test_a_customer_writing_about_their_own_mail_problem_is_a_reply():
    data = bounce("Mail delivery failed since the upgrade", f"Alex <{CUSTOMER}>", "Our outbound mail stopped.")
    assert meaning(read_email(data, "reply.eml", NY), None, "D", [ME]).kind == "customer_replied"


def test_a_bounce_without_a_case_number_finds_the_case_of_the_failed_address():
    subject, sender, text = FORMS["gmail"]
    email = read_email(bounce(subject, sender, text), "gmail.eml", NY)
    email.body = email.body.replace("Case 2611230010004411", "")
    case = Case("2611230010004411", "Copy fails", opened_at=t("2026-11-23T09:00"), customer=Contact(email=CUSTOMER))
    match = match_case(email, CaseIndex([case]), [ME])
    assert (match.case_number, match.how) == ("2611230010004411", "recipient")


# ----- the engine ------------------------------------------------------------------------------------------

FAILED = {"address": CUSTOMER}
UNRESPONSIVE = [FQR, ("2026-11-03T10:00", "unresponsive", {}), ("2026-11-03T11:00", "strike_sent", {"n": 1})]


def test_a_bounced_strike_1_does_not_lead_to_strike_2():
    bounced = [*UNRESPONSIVE, ("2026-11-03T11:05", "delivery_failed", FAILED)]
    s = status(bounced, "2026-11-09T12:00")  # well after strike 1 + 3 business days
    actions = [a.id for a in (s.next_action, *s.tasks) if a is not None]
    assert s.stage.id == "J" and "send_strike_2" not in actions and "send_strike_1" in actions
    # without the bounce, strike 2 was due (the same events otherwise)
    assert due_of(UNRESPONSIVE, "2026-11-09T12:00") == ("send_strike_2", "2026-11-06T11:00")
    # strike 1 sent again (to a fixed address) starts the strikes' clock from there
    again = [*bounced, ("2026-11-04T10:00", "strike_sent", {"n": 1})]
    assert due_of(again, "2026-11-04T11:00") == ("send_strike_2", "2026-11-09T10:00")


def test_fix_the_address_is_due_one_business_hour_after_the_report():
    events = [*UNRESPONSIVE, ("2026-11-06T16:30", "delivery_failed", FAILED)]
    s = status(events, "2026-11-06T16:45")
    action = s.next_action
    assert (action.id, action.title) == ("fix_delivery", "Fix the address or reach the customer another way")
    assert action.due == t("2026-11-09T08:30")  # Friday 16:30 + 1 business hour = Monday 08:30
    assert f"delivery to {CUSTOMER} failed Fri 6 Nov 16:30 + 1 business hour" in action.why
    assert any(f.code == "delivery_failed" and CUSTOMER in f.text for f in s.flags)
    assert s.ball == "ours"  # the customer never got our email: not "waiting on the customer"
    overdue = status(events, "2026-11-09T10:00")
    assert overdue.next_action.id == "fix_delivery" and overdue.next_action.overdue
    assert overdue.ball == "ours"  # still ours once the fix is overdue
    # a call that reaches the customer (another way) settles it
    reached = [*events, ("2026-11-09T09:00", "call_reached", {})]
    after = status(reached, "2026-11-09T09:30")
    assert "fix_delivery" not in [a.id for a in (after.next_action, *after.tasks) if a is not None]


def test_a_bounced_follow_up_counts_toward_no_cadence_and_a_bounce_is_no_contact():
    pending = [FQR, ("2026-11-03T10:00", "pending_customer", {}), ("2026-11-06T10:00", "email_sent", {})]
    bounced = [*pending, ("2026-11-06T10:02", "delivery_failed", FAILED)]
    s = status(bounced, "2026-11-06T10:30")
    follow_up = next(a for a in s.tasks if a.id == "follow_up_info")
    assert "(1 of 2)" in follow_up.title  # the bounced email was not follow-up 1
    assert s.last_contact == t("2026-11-02T09:00")  # the case opening, not the bounce
    assert s.last_outbound == t("2026-11-02T09:30")
    # Waiting on the customer in G, but they never got our email: fixing it is our move, before and
    # after it falls due (playbook rules §3, Delivery failure; the playbook's delivery_failed.ball).
    assert s.next_action.id == "fix_delivery" and s.ball == "ours"
    late = status(bounced, "2026-11-06T15:00")
    assert late.next_action.id == "fix_delivery" and late.next_action.overdue and late.ball == "ours"


def test_a_draft_to_the_address_that_bounced_says_so_until_it_is_fixed():
    from deskcomms.core.calendar import BusinessCalendar
    from deskcomms.core.drafts import TemplateSet, make_draft, readiness
    from deskcomms.core.engine import evaluate, load_playbook
    from tests.core.test_engine import make_case

    profile = {"name": "Jane", "email": ME, "phone": "+1 704 555 9988", "support_cc": "support@example.com"}
    calendar = BusinessCalendar.from_settings({})
    bounced = make_case([*UNRESPONSIVE, ("2026-11-03T11:05", "delivery_failed", {"address": "alex@example.com"})])
    now = t("2026-11-03T11:30")
    state = evaluate(bounced, load_playbook("css"), calendar, now)
    made = make_draft("unresponsive_1", TemplateSet(), bounced, state, profile, {}, calendar, now)
    assert "Our last email to alex@example.com was not delivered" in " ".join(
        readiness(made, bounced, state, profile, calendar, now)
    )
    fixed = make_case(
        [
            *UNRESPONSIVE,
            ("2026-11-03T11:05", "delivery_failed", {"address": "alex@example.com"}),
            ("2026-11-03T11:20", "call_reached", {}),
        ]
    )
    state = evaluate(fixed, load_playbook("css"), calendar, now)
    made = make_draft("unresponsive_1", TemplateSet(), fixed, state, profile, {}, calendar, now)
    assert not any("was not delivered" in p for p in readiness(made, fixed, state, profile, calendar, now))
