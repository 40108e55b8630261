"""The coach reads the customer's languages: greetings with names and titles, closing lines, negative
wording and commitments as people write them in German, French, Spanish, Dutch, Italian and Portuguese."""

from __future__ import annotations

import pytest

from deskcomms.core.coach import CoachContext, check_text


def rules(body, name="Jürgen Müller", ball="ours", template="status_next_steps"):
    ctx = CoachContext(template=template, has_case=True, customer_name=name, ball=ball)
    return [f.rule for f in check_text(body, ctx)]


@pytest.mark.parametrize(
    ("greeting", "name"),
    [
        ("Sehr geehrter Herr Müller,", "Jürgen Müller"),
        ("Hallo Jürgen,", "Jürgen Müller"),
        ("Bonjour Madame Laurent,", "Marie Laurent"),
        ("Chère Amélie,", "Amélie Laurent"),
        ("Estimada Sra. García,", "María García"),
        ("Hola Maria,", "María García"),  # written without the accent
        ("Beste Daan,", "Daan de Vries"),
        ("Gentile Sig.ra Rossi,", "Giulia Rossi"),
        ("Prezado João,", "João Silva"),
        ("Dear Dr. Sato,", "Kenji Sato"),
    ],
)
def test_greetings_name_the_customer_in_every_language(greeting, name):
    text = "Der Knoten IR-NODE-02 läuft wieder; ich melde mich morgen um 10:00."
    body = f"{greeting}\n\n{text}\n\nMit freundlichen Grüßen\nJane\n"
    assert "not_personalized" not in rules(body, name)


@pytest.mark.parametrize("greeting", ["Sehr geehrte Damen und Herren,", "Bonjour,", "Hola equipo,", "Hallo Peter,"])
def test_a_greeting_without_the_customers_name_is_reported(greeting):
    body = f"{greeting}\n\nThe node is back; I will update you tomorrow at 10:00.\n\nKind regards,\nJane\n"
    assert "not_personalized" in rules(body)


@pytest.mark.parametrize(
    "sentence",
    [
        "Wie bereits gesagt, der Knoten muss neu starten.",
        "Comme je l'ai déjà dit, le nœud doit redémarrer.",
        "Como ya le dije, el nodo debe reiniciarse.",
        "Zoals ik al zei, de node moet herstarten.",
        "Come ho già detto, il nodo deve ripartire.",
        "Como eu já disse, o nó precisa reiniciar.",
    ],
)
def test_negative_wording_in_other_languages(sentence):
    body = f"Hallo Jürgen,\n\n{sentence} Ich melde mich morgen.\n\nGrüße\nJane\n"
    assert "negative_phrase" in rules(body)


@pytest.mark.parametrize("when", ["morgen", "demain", "mañana", "vendredi", "donderdag", "domani", "amanhã"])
def test_commitments_in_other_languages_count_as_an_eta(when):
    body = f"Hallo Jürgen,\n\nDer Knoten IR-NODE-02 ist analysiert; Antwort {when}.\n\nGrüße\nJane\n"
    assert "eta_missing" not in rules(body)


def test_the_signature_after_a_closing_line_in_another_language_is_not_judged():
    body = (
        "Bonjour Jürgen,\n\nLe nœud est de nouveau en ligne; je reviens vers vous demain à 10:00.\n\n"
        "Cordialement,\nJane Smith\nNot our problem desk, internal only\n"
    )
    assert rules(body) == []
