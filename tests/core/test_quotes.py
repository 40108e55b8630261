"""The sender's own words: the quoted thread cut in every header style, bottom-posted and inline replies kept,
and nothing in the quote counting as the customer's words (closure requests, return dates)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from deskcomms.core.capture import cut_quoted, meaning, read_email
from tests.capture_fixtures import ENGINEER, NY, eml

OWN = "Thanks, it works now."
CLOSE_EN = "You can close the case."

# Each style: the quote that follows the customer's own line, with our "you can close" inside it.
STYLES = {
    "outlook-en": "From: Jane Smith <jane@example.com>\nSent: Tuesday, December 1, 2026 3:04 PM\nTo: Alex\n"
    "Subject: RE: Case 1\n\n{close}\n",
    "outlook-de": "Von: Jane Smith <jane@example.com>\nGesendet: Dienstag, 1. Dezember 2026 15:04\nAn: Alex\n"
    "Betreff: AW: Case 1\n\n{close}\n",
    "outlook-fr": "De : Jane Smith <jane@example.com>\nEnvoyé : mardi 1 décembre 2026 15:04\nÀ : Alex\n"
    "Objet : RE: Case 1\n\n{close}\n",
    "outlook-es": "De: Jane Smith <jane@example.com>\nEnviado: martes, 1 de diciembre de 2026 15:04\nPara: Alex\n"
    "Asunto: RE: Case 1\n\n{close}\n",
    "outlook-nl": "Van: Jane Smith <jane@example.com>\nVerzonden: dinsdag 1 december 2026 15:04\nAan: Alex\n"
    "Onderwerp: RE: Case 1\n\n{close}\n",
    "outlook-it": "Da: Jane Smith <jane@example.com>\nInviato: martedì 1 dicembre 2026 15:04\nA: Alex\n"
    "Oggetto: R: Case 1\n\n{close}\n",
    "outlook-pt": "De: Jane Smith <jane@example.com>\nEnviada em: terça-feira, 1 de dezembro de 2026 15:04\n"
    "Para: Alex\nAssunto: RE: Case 1\n\n{close}\n",
    "outlook-ru": "От: Jane Smith <jane@example.com>\nОтправлено: 1 декабря 2026 г. 15:04\nКому: Alex\n"
    "Тема: RE: Case 1\n\n{close}\n",
    "outlook-underscores": "________________________________\nFrom: Jane Smith <jane@example.com>\n"
    "Sent: Tuesday, December 1, 2026 3:04 PM\n\n{close}\n",
    "separator-en": "-----Original Message-----\nFrom: Jane\n{close}\n",
    "separator-de": "-----Ursprüngliche Nachricht-----\nVon: Jane\n{close}\n",
    "separator-nl": "-----Oorspronkelijk bericht-----\nVan: Jane\n{close}\n",
    "separator-it": "-----Messaggio originale-----\nDa: Jane\n{close}\n",
    "separator-pt": "-----Mensagem original-----\nDe: Jane\n{close}\n",
    "hotmail-date-first": "Date: Tue, 1 Dec 2026 15:04:00 +0000\nFrom: jane@example.com\nTo: alex@x.example\n"
    "Subject: RE: Case 1\n\n{close}\n",
    "wrote-en": "On Tue, Dec 1, 2026 at 3:04 PM Jane Smith <jane@example.com> wrote:\n\n{close}\n",
    "wrote-en-wrapped": "On Tue, Dec 1, 2026 at 3:04 PM Jane Smith <\njane@example.com> wrote:\n\n> {close}\n",
    "wrote-de": "Am 01.12.2026 um 15:04 schrieb Jane Smith <jane@example.com>:\n\n> {close}\n",
    "wrote-fr": "Le mar. 1 déc. 2026 à 15:04, Jane Smith <jane@example.com> a écrit :\n\n> {close}\n",
    "wrote-es": "El mar, 1 dic 2026 a las 15:04, Jane Smith (<jane@example.com>) escribió:\n\n> {close}\n",
    "wrote-nl": "Op di 1 dec. 2026 om 15:04 schreef Jane Smith <jane@example.com>:\n\n{close}\n",
    "wrote-it": "Il giorno mar 1 dic 2026 alle ore 15:04 Jane Smith <jane@example.com> ha scritto:\n> {close}\n",
    "wrote-pt": "Em ter., 1 de dez. de 2026 às 15:04, Jane Smith <jane@example.com> escreveu:\n> {close}\n",
    "wrote-ru": "1 декабря 2026 г., в 15:04, пользователь Jane Smith <jane@example.com> написал:\n> {close}\n",
    "yahoo": "--- On Tue, 12/1/26, Jane Smith <jane@example.com> wrote:\n\nFrom: Jane Smith\n{close}\n",
    "angle-brackets": "> {close}\n> Regards, Jane\n",
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_quote_style_is_cut_and_its_closure_request_never_offered(style):
    body = f"{OWN}\n\n" + STYLES[style].format(close=CLOSE_EN)
    assert cut_quoted(body) == OWN + "\n"
    email = read_email(
        eml("Alex <alex@fabrikam.example>", "RE: Case 1", body, datetime(2026, 12, 2, tzinfo=NY)), "m", NY
    )
    what = meaning(email, None, "E", [ENGINEER])
    assert (what.kind, what.close_request) == ("customer_replied", False)


def test_a_reply_written_below_the_quote_is_kept():
    body = (
        "On Tue, Dec 1, 2026 at 3:04 PM Jane Smith <jane@example.com> wrote:\n"
        "> Does it work now?\n> If so, you can close the case.\n\nYes, it works now. You can close the case.\n"
    )
    assert cut_quoted(body) == "Yes, it works now. You can close the case.\n"
    email = read_email(
        eml("Alex <alex@fabrikam.example>", "RE: Case 1", body, datetime(2026, 12, 2, tzinfo=NY)), "m", NY
    )
    assert meaning(email, None, "E", [ENGINEER]).close_request  # the customer's own words ask it


def test_inline_answers_are_kept_in_order():
    body = (
        "Hi,\n\nOn Tue, Dec 1, 2026, Jane <jane@example.com> wrote:\n> 1. Which version?\n6.11.3\n"
        "> 2. Does the error persist?\nNo, it is gone.\n> You can close the case.\n\nRegards\nAlex\n"
    )
    assert cut_quoted(body) == "Hi,\n\n6.11.3\nNo, it is gone.\n\nRegards\nAlex\n"


@pytest.mark.parametrize(
    "words",
    [
        "You can close the case.",
        "Sie können den Fall gerne schließen.",
        "Vous pouvez clôturer le dossier.",
        "Pueden cerrar el caso.",
        "U kunt de case sluiten.",
        "Potete chiudere il caso.",
        "Pode fechar o chamado.",
    ],
)
def test_a_closure_request_in_the_customers_own_words_is_offered_in_seven_languages(words):
    body = f"{words}\n\nFrom: Jane Smith <jane@example.com>\nSent: Tuesday, December 1, 2026 3:04 PM\n\nHi\n"
    email = read_email(
        eml("Alex <alex@fabrikam.example>", "RE: Case 1", body, datetime(2026, 12, 2, tzinfo=NY)), "m", NY
    )
    assert meaning(email, None, "E", [ENGINEER]).close_request


def test_a_return_date_in_the_quote_never_counts():
    body = (
        "Thank you for your message. I am out of the office.\n\n"
        "Van: Jane Smith <jane@example.com>\nVerzonden: dinsdag 1 december 2026 15:04\n\n"
        "Ik ben terug op 14 december.\n"
    )
    data = eml("Alex <alex@fabrikam.example>", "Automatic reply: Case 1", body, datetime(2026, 12, 2, tzinfo=NY))
    what = meaning(read_email(data, "m", NY), None, "G", [ENGINEER])
    assert (what.kind, what.until) == ("out_of_office", None)
    assert date(2026, 12, 14) != what.until


def test_a_customer_line_that_merely_starts_like_a_header_is_kept():
    body = "Date: it failed again yesterday\nThe job is 42.\n"
    assert cut_quoted(body) == body
