"""Headers sent as raw 8-bit bytes without encoded words read as mail clients show them (issue 26):
the charset a text part declares, then UTF-8, then detection; never a replacement character."""

from __future__ import annotations

import pytest

from deskcomms.core.capture import read_email
from tests.capture_fixtures import NY


def _mail(subject: bytes, name: bytes, body_charset: str | None, body: bytes = b"hello\r\n") -> bytes:
    content_type = f"text/plain; charset={body_charset}" if body_charset else "text/plain"
    return (
        b"From: " + name + b" <alex@fabrikam.example>\r\n"
        b"Subject: " + subject + b"\r\n"
        b"Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <h1@x>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )


@pytest.mark.parametrize(
    ("subject", "name", "charset", "declared"),
    [
        ("测试邮件主题：数据库连接失败", "张伟", "gb2312", True),
        ("テスト件名：接続エラーが発生しました", "山田太郎", "shift_jis", True),
        ("Prüfung der Datenbankverbindung fehlgeschlagen", "Jürgen Müller", "utf-8", False),
        ("数据库连接失败，请尽快处理这个问题，谢谢您的帮助", "张伟", "gb18030", False),
    ],
)
def test_undeclared_8bit_subjects_and_names_read_as_mail_clients_show_them(subject, name, charset, declared):
    body = "正文\r\n".encode(charset) if declared else b"hello\r\n"
    data = _mail(subject.encode(charset), name.encode(charset), charset if declared else None, body)
    email = read_email(data, "m.eml", NY)
    assert email.subject == subject
    assert email.sender_name == name and email.sender_email == "alex@fabrikam.example"
    assert "\ufffd" not in email.subject + email.sender_name


def test_bytes_no_charset_reads_still_show_no_replacement_character():
    email = read_email(_mail(b"Caf\xe9 \xff\xfe", b"A", None), "m.eml", NY)
    assert "\ufffd" not in email.subject and email.subject.startswith("Caf")
