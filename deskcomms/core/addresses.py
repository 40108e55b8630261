"""One rule for email addresses, wherever one arrives (capture, import, the profile, settings).

What RFC 5322 allows in an address (``addr-spec``) is accepted: dot-atom local parts with plus-addressing
and the other ``atext`` symbols, quoted local parts (``"Test test"@example.com``), UTF-8 in the local part
and international domains (RFC 6532), a domain literal (``[192.0.2.1]``). What it does not allow is refused
with a message naming the address. Every accepted address has one normalized form: a trailing dot on the
domain dropped (mail systems tolerate it), the domain in lower case (and an IDNA ``xn--`` label in its
Unicode form), a quoted local part unquoted when it needs no quotes. Two addresses are the same person
when their normalized forms match without case (mail systems treat the local part without case too, and
missing a customer's reply is worse than the RFC's letter).

``mailbox_address`` reads the address a mail client shows for a ``From:`` value: the one in the last
``<…>``, never an address-looking display name (``alice@a.example <dana@d.example>`` is Dana's).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import ValidationError

MAX_LOCAL = 64  # RFC 5321 §4.5.3.1.1
MAX_ADDRESS = 254  # RFC 5321 path limit less the angle brackets
# atext (RFC 5322 §3.2.3) plus any non-ASCII character (RFC 6532 §3.2)
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_DOT_ATOM = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
# qtext and quoted-pair (RFC 5322 §3.2.4): printable ASCII but \ and ", spaces, non-ASCII; \ before any of them
_QUOTED = re.compile(r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\U0010ffff]|\\[\x20-\x7e])*"')
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_DOMAIN_LITERAL = re.compile(r"^\[[\x21-\x5a\x5e-\x7e]*\]$")
_BREAK = re.compile("[\r\n\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _split(value: str) -> tuple[str, str]:
    """(local part, domain) at the last ``@`` outside a quoted local part."""
    at = value.rfind("@")
    if at <= 0 or at == len(value) - 1:
        raise ValueError("expected name@example.com")
    return value[:at], value[at + 1 :]


def _local(local: str) -> str:
    if _DOT_ATOM.fullmatch(local):
        return local
    if _QUOTED.fullmatch(local):
        inner = re.sub(r"\\(.)", r"\1", local[1:-1])
        if _DOT_ATOM.fullmatch(inner):
            return inner  # quotes that change nothing: "john"@x is john@x
        return '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if local.startswith('"'):
        raise ValueError("its quoted part is not closed or holds a character quotes cannot")
    raise ValueError('the part before @ holds a character an address cannot (quote it, as "a b"@example.com)')


# Pure, and the same few domains come back on thousands of cases (an import of 100,000 normalizes each
# address twice): IDNA encoding per label is the costly part. A ValueError is not cached, only answers.
@lru_cache(maxsize=4096)
def _domain(domain: str) -> str:
    if domain.endswith("."):
        domain = domain[:-1]  # the root's dot: "example.com." is example.com
    if _DOMAIN_LITERAL.match(domain):
        return domain
    labels = domain.split(".")
    if len(labels) < 2:
        raise ValueError("the domain needs a dot (example.com)")
    shown = []
    for label in labels:
        try:
            ascii_label = label.encode("idna").decode("ascii").lower() if label else ""
        except UnicodeError:
            raise ValueError(f"the domain part {label[:40]!r} is not a valid name") from None
        if not _LABEL.match(ascii_label):
            raise ValueError(f"the domain part {label[:40]!r} is not a valid name")
        try:  # one form for both spellings of an international name: its Unicode form
            shown.append(ascii_label.encode("ascii").decode("idna") if ascii_label.startswith("xn--") else ascii_label)
        except UnicodeError:
            raise ValueError(f"the domain part {label[:40]!r} is not a valid name") from None
    if labels[-1].isdigit():
        raise ValueError("the domain ends in a number (write an IP address as [192.0.2.1])")
    return ".".join(shown)


def normalize_address(value: str) -> str:
    """The one normalized form of an RFC 5322 address; ValueError saying what is wrong if it is none."""
    value = value.strip()
    if not value:
        raise ValueError("empty")
    if _BREAK.search(value):
        raise ValueError("holds a line break or a control character")
    if len(value) > MAX_ADDRESS:
        raise ValueError(f"too long ({len(value)} characters; at most {MAX_ADDRESS})")
    local, domain = _split(value)
    local = _local(local)
    if len(local.encode("utf-8")) > MAX_LOCAL:
        raise ValueError(f"the part before @ is too long (at most {MAX_LOCAL} bytes)")
    return f"{local}@{_domain(domain)}"


def address_key(value: str) -> str:
    """What two addresses of one person share: the normalized form without case; '' for no address."""
    try:
        return normalize_address(value).casefold()
    except ValueError:
        return " ".join(value.split()).casefold()


def is_address(value: str) -> bool:
    try:
        normalize_address(value)
    except ValueError:
        return False
    return True


def check_address(value: str, where: str) -> str:
    """One address, normalized; a ValidationError naming it (and what is wrong) otherwise."""
    shown = " ".join(value.split())[:80]
    if ("," in value or ";" in value or value.count("@") > 1) and not _QUOTED.search(value):
        raise ValidationError(f"one email address only, got {shown!r}", where=where)
    try:
        return normalize_address(value)
    except ValueError as exc:
        raise ValidationError(f"not an email address: {shown!r} ({exc})", where=where) from None


def _masked(value: str) -> str:
    """``value`` with quoted strings and comments blanked (same length), so <…> inside them is not seen."""
    out = list(value)
    depth = 0
    quoted = False
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and (quoted or depth) and i + 1 < len(value):
            out[i] = out[i + 1] = " "
            i += 2
            continue
        if quoted:
            out[i] = " "
            if ch == '"':
                quoted = False
        elif ch == '"' and not depth:
            quoted = True
            out[i] = " "
        elif ch == "(":
            depth += 1
            out[i] = " "
        elif ch == ")" and depth:
            depth -= 1
            out[i] = " "
        elif depth:
            out[i] = " "
        i += 1
    return "".join(out)


def mailbox_address(value: str) -> tuple[str, str]:
    """(display name, address) of a ``From:`` value as mail clients show it; the address may be ''.

    The address is the one in the last ``<…>`` outside quotes and comments; a display name that looks
    like an address (``alice@a.example <dana@d.example>``, or an encoded word decoding to one) is only a
    name. Without angle brackets the value is the address itself (its first mailbox).
    """
    value = " ".join(value.split())
    masked = _masked(value)
    angles = list(re.finditer(r"<([^<>]*)>", masked))
    if angles:
        last = angles[-1]
        name = value[: last.start()].strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
        return name.strip(), value[last.start(1) : last.end(1)].strip()
    end = re.search(r"[,;]", masked)
    address = value[: end.start()] if end else value
    for _ in range(8):  # comments, innermost first: "dana@d.example (Dana, at home)"
        address = re.sub(r"(?<!\\)\((?:[^()\"]|\\.)*\)", "", address)
    return "", address.strip()
