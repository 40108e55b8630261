"""Hostile emails for the capture limits (issue 18): each must be refused or read within 10 s and 200 MB.

Built here, small enough to write quickly, large enough that a parser without limits (or a quadratic
step) takes tens of seconds or gigabytes. ``measure`` runs one in a fresh interpreter and reports its
time and peak memory (the tests assert the memory and the outcome; the benchmark prints both).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAD = "From: Alex <alex@fabrikam.example>\r\nTo: jane@example.com\r\nDate: Tue, 24 Nov 2026 10:00:00 -0500\r\n"


def _eml(headers: str, body: str, content_type: str = "text/plain; charset=utf-8") -> bytes:
    return (HEAD + headers + f"MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n" + body).encode()


def encoded_subject(megabytes: float = 1.0) -> bytes:
    word = "=?utf-8?q?caf=C3=A9?= "
    return _eml("Subject: " + word * int(megabytes * 1_000_000 / len(word)) + "\r\n", "x\r\n")


def encoded_subject_under_the_byte_limit() -> bytes:
    """Many short encoded words that fit the header-size limit: the encoded-word count refuses them."""
    return _eml("Subject: " + "=?a?q?b?=" * 20_000 + "\r\n", "x\r\n")


def recipients(count: int = 80_000) -> bytes:
    return _eml("Cc: " + ",\r\n ".join(f"u{i}@x.example" for i in range(count)) + "\r\nSubject: hi\r\n", "x\r\n")


def header_fields(count: int = 100_000) -> bytes:
    return _eml("".join(f"X-H{i}: v\r\n" for i in range(count)) + "Subject: hi\r\n", "x\r\n")


def style_html(count: int = 200_000) -> bytes:
    """Unclosed <style> tags repeated: a regular expression per block is quadratic (51 s before)."""
    return _eml("Subject: hi\r\n", "<p>Thanks</p>" + "<style>" * count, "text/html; charset=utf-8")


def angle_html(megabytes: float = 4.0) -> bytes:
    """Lone '<' without '>': '<[^>]+>' scans to the end from each one."""
    return _eml("Subject: hi\r\n", "<p>Thanks</p>" + "<" * int(megabytes * 1_000_000), "text/html; charset=utf-8")


def large_html(megabytes: float = 8.0) -> bytes:
    return _eml("Subject: hi\r\n", "<p>" + "word " * int(megabytes * 200_000) + "</p>", "text/html; charset=utf-8")


def cr_only_parts(count: int = 120_000) -> bytes:
    parts = "".join("--b\rContent-Type: text/plain\r\rx\r" for _ in range(count))
    head = HEAD.replace("\r\n", "\r") + 'Subject: hi\rMIME-Version: 1.0\rContent-Type: multipart/mixed; boundary="b"\r'
    return (head + "\r" + parts + "--b--\r").encode()


def nested_parts(depth: int = 3_000) -> bytes:
    body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    return (HEAD + "Subject: x\r\n" + body).encode()


BOMBS = {
    "encoded_subject_1mb": encoded_subject,
    "encoded_words_20000": encoded_subject_under_the_byte_limit,
    "recipients_80000": recipients,
    "header_fields_100000": header_fields,
    "style_html_200000": style_html,
    "angle_html_4mb": angle_html,
    "html_8mb": large_html,
    "cr_only_parts_120000": cr_only_parts,
    "nested_parts_3000": nested_parts,
}

_RUNNER = """
import json, resource, sys, time
from zoneinfo import ZoneInfo
from deskcomms.core.capture import read_email
from deskcomms.core.errors import UserError
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    email = read_email(data, "bomb.eml", ZoneInfo("UTC"))
    outcome = "read"
except UserError as exc:
    outcome = "refused: " + exc.message
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
try:  # Linux keeps ru_maxrss across exec (the parent's peak at fork); VmHWM is this program's own
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
except (OSError, IndexError, ValueError):
    pass
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak / 1e6}))
"""


def measure(data: bytes, folder: Path, timeout: float = 120) -> dict[str, object]:
    """Read ``data`` in a fresh interpreter: its outcome, seconds and peak resident memory (MB)."""
    path = folder / "bomb.eml"
    path.write_bytes(data)
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return dict(json.loads(done.stdout))
