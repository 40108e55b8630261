"""What an email may be before it is parsed: the guards, and every valid form of an .eml brought to one.

The standard ``email`` parser has no limits of its own: a 1 MB Subject of encoded words takes gigabytes,
80,000 recipients take a minute, 120,000 parts with CR-only line ends slip past a count of ``\\n--``. So
the bytes are measured first, with linear scans and no parsing (every check here is one pass over the
data), and an email beyond a limit is refused with the limit named: "not recorded: ...". The limits are
far beyond any message a person writes or a mail server passes on.

An .eml also comes in forms a mail client reads without a word: a leading mbox ``From `` line, a UTF-8
byte-order mark, UTF-16 text (saved by Windows tools). ``message_bytes`` turns each into plain RFC 5322
bytes, so that one reader reads them all.
"""

from __future__ import annotations

import re

from ..errors import ValidationError

MAX_BYTES = 50_000_000  # an email larger than this is not something a person drops on a case
MAX_HEADER_BYTES = 256_000  # the header block (mail servers cap it near 64-100 KB)
MAX_HEADER_FIELDS = 1_000  # header fields (a long relay path has a few dozen Received:)
MAX_ENCODED_WORDS = 2_000  # =?charset?...?= in the header block
MAX_RECIPIENTS = 1_000  # addresses in From/To/Cc/Bcc/Reply-To together
MAX_PARTS = 2_000  # MIME boundary lines, whatever the line ending
MAX_HTML_CHARS = 5_000_000  # an HTML body read as text

_ADDRESS_FIELDS = re.compile(rb"^(?:from|to|cc|bcc|reply-to|sender|resent-to|resent-cc|resent-bcc)[ \t]*:", re.I)


def _refuse(reason: str, source: str) -> ValidationError:
    return ValidationError(reason, where=source)


def check_size(data: bytes, source: str) -> None:
    if len(data) > MAX_BYTES:
        raise _refuse(f"too large to be an email ({len(data) / 1_000_000:.0f} MB, the limit is 50 MB)", source)


def count_boundaries(data: bytes) -> int:
    """Lines starting with ``--`` after any line ending (CRLF, LF or a lone CR, as the parser splits)."""
    return data.count(b"\n--") + data.count(b"\r--") + data.startswith(b"--")  # "\r--" is a lone CR


def check_parts(data: bytes, source: str) -> None:
    if count_boundaries(data) > MAX_PARTS:
        raise _refuse(f"more than {MAX_PARTS:,} MIME parts", source)


def header_block(data: bytes) -> bytes | None:
    """The header block with LF line ends, or None when it is longer than the limit (one pass)."""
    head = data[: MAX_HEADER_BYTES + 4].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    end = head.find(b"\n\n")
    if end >= 0:
        return head[: end + 1]
    if len(data) > MAX_HEADER_BYTES:
        return None
    return head


def check_headers(data: bytes, source: str) -> None:
    """The header block's size, fields, encoded words and recipients, before the parser sees them."""
    head = header_block(data)
    if head is None:
        raise _refuse(f"its header block is larger than {MAX_HEADER_BYTES // 1000} KB", source)
    lines = head.split(b"\n")
    fields = sum(1 for line in lines if line and line[:1] not in (b" ", b"\t"))
    if fields > MAX_HEADER_FIELDS:
        raise _refuse(f"more than {MAX_HEADER_FIELDS:,} header fields", source)
    if head.count(b"=?") > MAX_ENCODED_WORDS:
        raise _refuse(f"more than {MAX_ENCODED_WORDS:,} encoded words in its headers", source)
    recipients = 0
    in_address = False
    for line in lines:
        if line[:1] not in (b" ", b"\t"):
            in_address = bool(_ADDRESS_FIELDS.match(line))
        if in_address:
            recipients += line.count(b"@")
    if recipients > MAX_RECIPIENTS:
        raise _refuse(f"more than {MAX_RECIPIENTS:,} addresses in From, To and Cc", source)


def check_html(html_chars: int, source: str) -> None:
    if html_chars > MAX_HTML_CHARS:
        raise _refuse(f"its HTML body is larger than {MAX_HTML_CHARS // 1_000_000} MB", source)


# ----- the forms of an .eml ----------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
_MBOX_FROM = re.compile(rb"From \S+ [^\r\n]*\r?\n")
_HEADER_START = re.compile(rb"[!-9;-~]+:")


def _utf16(data: bytes) -> str | None:
    """The text of UTF-16 bytes (with a byte-order mark, or ASCII-range headers with zero bytes between)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 8 and data[1:8:2] == b"\0\0\0\0" and data[0:8:2].isascii() and b"\0" not in data[0:8:2]:
        encoding = "utf-16-le"
    elif len(data) >= 8 and data[0:8:2] == b"\0\0\0\0" and data[1:8:2].isascii() and b"\0" not in data[1:8:2]:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def message_bytes(data: bytes) -> bytes:
    """The bytes of an .eml as a mail parser wants them: no BOM, UTF-8 rather than UTF-16, no mbox line."""
    text = _utf16(data)
    if text is not None:
        data = text.lstrip("\ufeff").encode("utf-8", "surrogateescape")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    mbox = _MBOX_FROM.match(data)
    if mbox and _HEADER_START.match(data, mbox.end()):  # "From alice@x Tue Nov 24 ..." then headers
        data = data[mbox.end() :]
    return data
