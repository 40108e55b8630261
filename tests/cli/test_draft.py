"""``deskcomms draft``: text, html and eml; readiness findings as ``warning:`` lines; user templates."""

from __future__ import annotations

import email
import json
from email import policy

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"
AT = ["--at", "2026-11-24T10:00:00-05:00"]


def test_default_draft_is_the_one_the_next_action_calls_for(cli, example_file):
    cli("import", str(example_file))
    result = cli("draft", CASE, *AT)
    assert result.code == 0, result.err
    assert result.out.startswith("To: alex@customer.example\nCc: support@mail.support.microsoft.com\nSubject: ")
    assert f"Research update: Copy activity fails with timeout - Case {CASE}" in result.out
    assert "Jane Smith" in result.out
    assert result.err == ""


def test_eml_of_a_third_strike(cli, tmp_path):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    doc["cases"][0]["events"] = [
        {"at": "2026-11-23T09:40:00-05:00", "kind": "fqr_sent", "channel": "email"},
        {"at": "2026-11-24T09:00:00-05:00", "kind": "strike_sent", "n": 1},
        {"at": "2026-11-30T09:00:00-05:00", "kind": "strike_sent", "n": 2},
    ]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    cli("import", str(path))
    import io
    import sys

    from deskcomms import cli as cli_module

    buffer = io.BytesIO()

    class Out:
        def __init__(self):
            self.buffer = buffer

        def write(self, text):
            buffer.write(text.encode())

        def flush(self):
            pass

    real = sys.stdout
    sys.stdout = Out()
    try:
        code = cli_module.run(
            [
                "--data-dir",
                str(tmp_path / "data"),
                "draft",
                CASE,
                "--format",
                "eml",
                "--at",
                "2026-12-03T10:00:00-05:00",
            ]
        )
    finally:
        sys.stdout = real
    assert code == 0
    msg = email.message_from_bytes(buffer.getvalue(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and CASE in msg["Subject"]
    assert msg["To"] == "alex@customer.example" and "support@mail.support.microsoft.com" in msg["Cc"]
    text = msg.get_body(("plain",)).get_content()
    # strike 3 sent Thu 3 Dec 10:00: + 3 business days = Tue 8 Dec; last contact (FQR by email is not a
    # contact; the opening Mon 23 Nov) + 14 days = Mon 7 Dec: the later is Tuesday 8 December
    assert "I will close it on Tuesday, 8 December 2026." in text
    assert "{{" not in text and "[" not in text
    html = msg.get_body(("html",)).get_content()
    assert "class=" not in html and "<style" not in html and "Lee Park" in html


def test_warnings_go_to_stderr_and_never_echo_a_password(cli, example_file, data_dir):
    cli("import", str(example_file))
    templates = data_dir / "templates"
    templates.mkdir(parents=True)
    (templates / "leaky.j2").write_text(
        "Subject: Access\n\nHi {{ customer_first_name }}, the admin password: "
        "S3cretPa55 [Customer Name]\n{{ signature }}\n"
    )
    result = cli("draft", CASE, "leaky", *AT)
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    assert any("password" in w for w in warnings)
    assert any("placeholder" in w for w in warnings)
    assert "S3cretPa55" not in result.err


def test_a_broken_user_template_exits_2_with_the_line(cli, example_file, data_dir):
    cli("import", str(example_file))
    templates = data_dir / "templates"
    templates.mkdir(parents=True)
    (templates / "broken.j2").write_text("Subject: x\n\nline one\n{% for %}\n")
    result = cli("draft", CASE, "broken", *AT)
    assert result.code == 2
    assert "broken.j2 line 4" in result.err
    assert "Traceback" not in result.err


def test_unknown_template_and_case(cli, example_file):
    cli("import", str(example_file))
    assert cli("draft", CASE, "nope", *AT).code == 2
    assert cli("draft", "404", *AT).code == 2
    listed = cli("draft", CASE, "--list")
    assert "unresponsive_3" in listed.out
