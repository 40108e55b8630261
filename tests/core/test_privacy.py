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
