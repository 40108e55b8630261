"""One address rule for capture, import, the profile and settings (RFC 5322): what it allows is accepted in
one normalized form, what it does not is refused naming the address; the address a mail client shows."""

from __future__ import annotations

import pytest

from deskcomms.core.addresses import address_key, mailbox_address, normalize_address
from deskcomms.core.errors import ValidationError
from deskcomms.core.interchange import parse_contact
from deskcomms.core.sanity import check_address
from deskcomms.core.settings import normalize_profile


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ('"Test test"@example.com', '"Test test"@example.com'),
        ("alex+case-1234@Fabrikam.Example", "alex+case-1234@fabrikam.example"),
        ("name@example.com.", "name@example.com"),
        ('"john"@example.com', "john@example.com"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("jürgen@bücher.example", "jürgen@bücher.example"),
        ("jurgen@xn--bcher-kva.example", "jurgen@bücher.example"),
        ("ops@[192.0.2.1]", "ops@[192.0.2.1]"),
    ],
)
def test_what_rfc_5322_allows_is_accepted_in_one_form(written, normalized):
    assert normalize_address(written) == normalized
    assert check_address(written, "x") == normalized


@pytest.mark.parametrize(
    "bad",
    [
        "a b@example.com",
        "a@b",
        "a..b@example.com",
        ".a@example.com",
        '"open@example.com',
        "a@-x.example",
        "a@example.123",
        "x" * 65 + "@example.com",
        "a@exa mple.com",
        "a@b.example, c@d.example",
    ],
)
def test_what_it_does_not_allow_is_refused_naming_the_address(bad):
    with pytest.raises(ValidationError) as caught:
        check_address(bad, "cases[0].customer.email")
    assert bad[:20] in str(caught.value) and "cases[0].customer.email" in str(caught.value)


def test_one_person_one_key_whatever_the_spelling():
    spellings = ["Alex@Fabrikam.example", "alex@fabrikam.example.", "alex@FABRIKAM.EXAMPLE", '"alex"@fabrikam.example']
    assert len({address_key(s) for s in spellings}) == 1
    assert address_key("jurgen@xn--bcher-kva.example") == address_key("jurgen@BÜCHER.example")
    assert address_key("alex+x@fabrikam.example") != address_key("alex@fabrikam.example")


def test_import_and_profile_use_the_same_rule():
    contact = parse_contact({"name": "T", "email": '"Test test"@Example.com.'}, "cases[0].customer")
    assert contact.email == '"Test test"@example.com'
    profile = normalize_profile({"email": "Jane@Example.com."})
    assert profile["email"] == "Jane@example.com"
    with pytest.raises(ValidationError, match="manager_email"):
        normalize_profile({"manager_email": "boss at example.com"})


@pytest.mark.parametrize(
    ("header", "address"),
    [
        ("alice@a.example <dana@d.example>", "dana@d.example"),
        ('"alice@a.example" <dana@d.example>', "dana@d.example"),
        ('"Alice <alice@a.example>" <dana@d.example>', "dana@d.example"),
        ("alice@a.example <alice@a.example> <dana@d.example>", "dana@d.example"),
        ("dana@d.example (alice@a.example)", "dana@d.example"),
        ('"Test test"@example.com', '"Test test"@example.com'),
        ("Dana <name@example.com.>", "name@example.com."),
    ],
)
def test_the_sender_is_the_real_address_a_mail_client_shows(header, address):
    assert mailbox_address(header)[1] == address
