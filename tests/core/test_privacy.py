"""The personal-data detector: passwords, other people's addresses and numbers, cards (Luhn), IBANs."""

from __future__ import annotations

from deskcomms.core.privacy import find_personal_data, iban_ok, luhn_ok, redact


def kinds(text, known=()):
    return [f.kind for f in find_personal_data(text, known)]


def test_passwords_are_found_and_never_part_of_the_description():
    text = "Hi,\nthe admin password: Tr0ub4dor&3 works"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["password"]
    assert "Tr0ub4dor" not in findings[0].describe(text)
    assert findings[0].describe(text) == "line 2: what looks like a password or secret"
    assert redact(text, findings) == "Hi,\nthe admin password: [password removed] works"


def test_known_addresses_are_fine_others_are_reported():
    assert kinds("write to alex@customer.example", known=["alex@customer.example"]) == []
    assert kinds("cc bob@elsewhere.example please") == ["email"]


def test_cards_need_a_valid_luhn_checksum():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert kinds("card 4111 1111 1111 1111 on file") == ["card"]
    assert "card" not in kinds("order 4111 1111 1111 1112")


def test_ibans_need_a_valid_checksum():
    assert iban_ok("DE89 3704 0044 0532 0130 00")
    assert kinds("pay to DE89 3704 0044 0532 0130 00") == ["iban"]
    assert "iban" not in kinds("ref DE89 3704 0044 0532 0130 01")


def test_phone_numbers_except_known_ones_and_dates():
    assert kinds("call +44 20 7946 0958 today") == ["phone"]
    assert kinds("call me at +1 704 555 9988", known=["+1 704 555 9988"]) == []
    assert kinds("see you on 2026-11-24") == []


# ----- issue 19.6: no false alarms on technical text; every secret and payment format found ----------

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "privacy"
ENGINEER_KNOWN = ["jane.smith@example.com", "+1 (980) 776-7642", "lee.park@example.com"]


def _planted() -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / "secrets.txt").read_text(encoding="utf-8").splitlines():
        kind, text = line.split("\t", 1)
        rows.append((kind, text.replace("\\n", "\n")))
    return rows


def test_a_hundred_lines_of_technical_text_draw_no_finding():
    text = (DATA / "technical.txt").read_text(encoding="utf-8")
    assert len(text.splitlines()) >= 100
    found = find_personal_data(text, ENGINEER_KNOWN)
    assert [(f.kind, text[f.start : f.end]) for f in found] == []
    assert redact(text, found) == text  # redact changes nothing in technical text


def test_the_issue_sentence_is_not_phone_numbers():
    text = "In one sentence, version 6.11.3.2204, build 19045.3803, IP 10.20.30.40 and run id 20261202-1130."
    assert kinds(text) == []


@pytest.mark.parametrize(("kind", "text"), _planted(), ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_every_secret_and_payment_format_is_found_and_redacted_once(kind, text):
    findings = find_personal_data(text)
    assert findings, text
    assert {f.kind for f in findings} <= ({"password", "secret"} if kind == "secret" else {kind})
    once = redact(text, findings)
    assert redact(once, find_personal_data(once)) == once  # run twice: nothing changes the second time
    assert find_personal_data(once) == []
    # Exactly what is flagged is replaced: the words around it stay.
    first = findings[0]
    assert once.startswith(text[: first.start]) and once.endswith(text[findings[-1].end :])


def test_the_engineers_own_number_and_signature_are_never_flagged():
    signature = "Jane Smith\nOffice: +1 (980) 776-7642 X67642\njane.smith@example.com\nManager: lee.park@example.com"
    assert kinds(signature, ENGINEER_KNOWN) == []
    assert kinds(signature) == ["phone", "email", "email"]  # someone else's would be


def test_card_like_ids_without_a_card_prefix_or_checksum_are_not_cards():
    assert kinds("case 2611230010004411 and order 4111 1111 1111 1112") == []
    assert kinds("epoch 1733139045123 ms") == []


def test_prose_about_passwords_is_not_a_password():
    for text in ("the password is incorrect", "password: expired", "Token: invalid", "secret: ****"):
        assert kinds(text) == [], text


def test_redact_replaces_exactly_the_secret_in_a_connection_string():
    text = "Server=tcp:db,1433;User ID=etl;Password=Sup3r$ecret!;Encrypt=True;"
    assert (
        redact(text, find_personal_data(text))
        == "Server=tcp:db,1433;User ID=etl;Password=[password removed];Encrypt=True;"
    )
