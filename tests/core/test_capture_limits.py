"""Issue 18: hostile emails are refused before parsing, or read in linear time; each within 200 MB.

Each bomb runs in a fresh interpreter (its peak memory is its own); the time is bounded by a generous
timeout only (the figures are printed by tests/benchmarks/bench_capture_bombs.py).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.capture import read_email
from deskcomms.core.capture.message import html_to_text
from deskcomms.core.errors import UserError
from tests import capture_bombs

UTC = ZoneInfo("UTC")

REFUSED = {
    "encoded_subject_1mb": "header block is larger",
    "encoded_words_20000": "encoded words",
    "recipients_80000": "header block is larger",
    "header_fields_100000": "header block is larger",
    "html_8mb": "HTML body is larger",
    "cr_only_parts_120000": "MIME parts",
    "nested_parts_3000": "MIME parts",
}
READ = ("style_html_200000", "angle_html_4mb")


@pytest.mark.parametrize("name", list(capture_bombs.BOMBS))
def test_each_bomb_is_refused_or_read_within_200_mb(name, tmp_path):
    result = capture_bombs.measure(capture_bombs.BOMBS[name](), tmp_path, timeout=60)
    assert float(result["peak_mb"]) < 200, result  # type: ignore[arg-type]
    if name in REFUSED:
        assert str(result["outcome"]).startswith("refused") and REFUSED[name] in str(result["outcome"]), result
    else:
        assert result["outcome"] == "read", result


def test_recipients_beyond_the_limit_are_refused_even_in_a_small_header():
    data = capture_bombs.recipients(1_500)  # 1,500 short addresses fit in 256 KB
    with pytest.raises(UserError, match="more than 1,000 addresses"):
        read_email(data, "many.eml", UTC)


def test_header_fields_beyond_the_limit_are_refused_even_in_a_small_header():
    data = capture_bombs._eml("".join(f"X{i}:\r\n" for i in range(1_500)) + "Subject: hi\r\n", "x\r\n")
    with pytest.raises(UserError, match="more than 1,000 header fields"):
        read_email(data, "fields.eml", UTC)


def test_parts_are_counted_by_every_line_ending():
    for ending in ("\r", "\n", "\r\n"):
        data = capture_bombs.cr_only_parts(2_500).replace(b"\r", ending.encode())
        with pytest.raises(UserError, match="MIME parts"):
            read_email(data, "parts.eml", UTC)


def test_html_to_text_keeps_what_a_reader_sees():
    html = "<html><head><title>t</title><style>p{}</style></head><body><p>Hi &amp; thanks</p>a<br>b<<c</body>"
    assert html_to_text(html) == "Hi & thanks\na\nb<<c\n"
    assert html_to_text("<p>one</p><style>x" + "<style>" * 10) == "one\n"  # an unclosed style hides the rest
