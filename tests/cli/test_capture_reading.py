"""``deskcomms capture`` says what it was unsure of: an email without a Date header (recorded at the moment of
capture), an Outlook Sent: line with a time alone or an ambiguous date, an auto-reply without a clear return
date; and text copied from Outlook in Dutch, Italian, Portuguese and Spanish is read like English."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.capture import read_email
from deskcomms.core.capture.dates import read_sent_line
from tests.capture_fixtures import CASE_A, CASE_B, CASES_DOC, NY

NL = f"""Van: Alex Doe <alex@fabrikam.example>
Verzonden: dinsdag 1 december 2026 15:04
Aan: Jane Smith <jane@example.com>
Onderwerp: RE: ADLS Gen2 copy fails - Case {CASE_A}

U kunt de case sluiten, het werkt nu.
"""
IT = f"""Da: Alex Doe <alex@fabrikam.example>
Inviato: martedì 1 dicembre 2026 15:04
A: Jane Smith <jane@example.com>
Oggetto: R: ADLS Gen2 copy fails - Case {CASE_A}

Potete chiudere il caso.
"""
PT = f"""De: Alex Doe <alex@fabrikam.example>
Enviada em: terça-feira, 1 de dezembro de 2026 15:04
Para: Jane Smith <jane@example.com>
Assunto: RE: ADLS Gen2 copy fails - Case {CASE_A}

Pode fechar o chamado.
"""
ES = f"""De: Alex Doe <alex@fabrikam.example>
Enviado: martes, 1 de diciembre de 2026 15:04
Para: Jane Smith <jane@example.com>
Asunto: RE: ADLS Gen2 copy fails - Case {CASE_A}

Pueden cerrar el caso.
"""


@pytest.fixture
def imported(cli, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(CASES_DOC))
    assert cli("import", str(path)).code == 0
    return cli


def _rows(result):
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


@pytest.mark.parametrize(
    ("name", "text", "lang"), [("nl", NL, "nl"), ("it", IT, "it"), ("pt", PT, "pt"), ("es", ES, "es")]
)
def test_outlook_text_in_four_more_languages_is_read_like_english(imported, tmp_path, name, text, lang):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    email = read_email(text.encode(), name, NY)
    assert (email.sender_email, email.language_hint) == ("alex@fabrikam.example", lang)
    assert email.date == datetime(2026, 12, 1, 15, 4, tzinfo=NY)
    (row,) = _rows(imported("capture", "--json", "--dry-run", str(path)))
    assert (row["case"], row["kind"], row["at"]) == (CASE_A, "customer_replied", "2026-12-01T15:04:00-05:00")
    assert row["offer"] == "confirmation_received"  # the customer's own words, in their language


def test_an_email_without_a_date_header_is_captured_at_the_moment_of_capture(imported, tmp_path):
    path = tmp_path / "draft.eml"
    path.write_bytes(
        f"From: Alex Doe <alex@fabrikam.example>\nSubject: RE: Case {CASE_A}\nMessage-ID: <d1@x>\n\nHello\n".encode()
    )
    before = datetime.now(UTC)
    (row,) = _rows(imported("capture", "--json", str(path)))
    at = datetime.fromisoformat(row["at"])
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC) + timedelta(seconds=1)
    assert row["result"] == "recorded"
    assert any("no Date: header" in note for note in row["notes"])
    text = imported("capture", "--dry-run", str(path))
    assert "already recorded" in text.out


def test_a_sent_line_with_a_time_alone_is_never_ahead_of_the_clock():
    zone = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 6, 10, 0, tzinfo=zone)
    late = read_sent_line("23:59", "en", now)
    assert late.wall == datetime(2026, 12, 5, 23, 59) and "yesterday" in late.notes[0]
    early = read_sent_line("9:30 AM", "en", now)
    assert early.wall == datetime(2026, 12, 6, 9, 30) and "today" in early.notes[0]


def test_an_outlook_time_alone_in_copied_text_is_read_in_the_engineers_zone(imported, tmp_path):
    text = f"From: Alex Doe <alex@fabrikam.example>\nSent: 23:59\nSubject: RE: Case {CASE_B}\n\nHi\n"
    zone = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 6, 10, 0, tzinfo=zone)
    email = read_email(text.encode(), "t", zone, now)
    assert email.date == datetime(2026, 12, 5, 23, 59, tzinfo=zone) and email.date <= now
    assert email.notes and "only a time" in email.notes[0]


def test_an_ambiguous_sent_date_is_read_by_the_labels_language_or_said_to_be_ambiguous():
    now = datetime(2026, 12, 6, 10, 0, tzinfo=NY)
    dutch = read_sent_line("02/12/2026 10:00", "nl", now)
    assert (dutch.wall, dutch.notes) == (datetime(2026, 12, 2, 10, 0), [])
    english = read_sent_line("02/12/2026 10:00", "en", now)
    assert english.wall is not None and "could be" in english.notes[0]
    # Only one reading is not in the future: it is taken, and the note says why.
    future = read_sent_line("12/11/2026 10:00", "en", datetime(2026, 11, 20, tzinfo=NY))
    assert future.wall == datetime(2026, 11, 12, 10, 0) and "future" in future.notes[0]


def test_an_auto_reply_without_a_clear_return_date_says_why(imported, tmp_path):
    path = tmp_path / "oof.txt"
    path.write_text(
        "From: Alex Doe <alex@fabrikam.example>\nSent: Tuesday, December 1, 2026 3:04 PM\n"
        f"Subject: Automatic reply: RE: Case {CASE_A}\n\nI'm out of the office. Back on 1.2.\n",
        encoding="utf-8",
    )
    (row,) = _rows(imported("capture", "--json", "--dry-run", str(path)))
    assert row["until"] is None
    assert any("no return date taken" in n and "could be" in n for n in row["notes"])


def test_an_email_without_date_or_message_id_captured_twice_is_recorded_once(imported, tmp_path):
    path = tmp_path / "draft.eml"
    path.write_bytes(
        f"From: Alex Doe <alex@fabrikam.example>\nSubject: RE: Case {CASE_A}\n\nThe run id is 8b1f.\n".encode()
    )
    (first,) = _rows(imported("capture", "--json", str(path)))
    (second,) = _rows(imported("capture", "--json", str(path)))
    assert (first["result"], second["result"]) == ("recorded", "already recorded")


@pytest.mark.parametrize(
    ("labels", "subject", "words"),
    [
        (("Van", "Verzonden", "Onderwerp"), "Automatisch antwoord", "Ik ben tot en met vrijdag 11 december afwezig."),
        (("Da", "Inviato", "Oggetto"), "Risposta automatica", "Sono fuori ufficio fino all'11 dicembre incluso."),
        (("De", "Enviada em", "Assunto"), "Resposta automática", "Estou ausente até 11 de dezembro, inclusive."),
        (("De", "Enviado", "Asunto"), "Respuesta automática", "Estoy fuera hasta el 11 de diciembre incluido."),
    ],
)
def test_an_out_of_office_copied_from_outlook_in_four_more_languages(imported, tmp_path, labels, subject, words):
    sender, sent, subj = labels
    text = (
        f"{sender}: Jonas Weber <jonas.weber@contoso-de.example>\n{sent}: 02/12/2026 08:15\n"
        f"{subj}: {subject}: RE: Case {CASE_B}\n\n{words}\n\n"
        f"{sender}: Jane <jane@example.com>\n{sent}: 30/11/2026 10:00\n\nYou can close the case. Back on 3 December.\n"
    )
    path = tmp_path / "oof.txt"
    path.write_text(text, encoding="utf-8")
    (row,) = _rows(imported("capture", "--json", "--dry-run", str(path)))
    # The last day away is Friday 11 December: back Monday 14; the quote's words count for nothing.
    assert (row["case"], row["kind"], row["until"], row["at"]) == (
        CASE_B,
        "out_of_office",
        "2026-12-14",
        "2026-12-02T08:15:00-05:00",  # 2 December: the labels' language writes the day first
    )
    assert "offer" not in row


def test_an_outlook_draft_without_any_time_is_captured_at_the_moment_of_capture():
    from aspose.email_foss import msg

    message = msg.MapiMessage.create(f"RE: Case {CASE_A}", "Saved, never sent.\n")
    message.set_property(msg.PropertyId.SENDER_NAME, "Alex Doe")
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, "alex@fabrikam.example")
    now = datetime(2026, 12, 6, 10, 0, tzinfo=NY)
    email = read_email(bytes(message.to_bytes()), "draft.msg", NY, now)
    assert email.date == now and email.dated_at_capture
    assert "no sent or received time" in email.notes[0]
