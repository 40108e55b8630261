"""Real-world emails from public mail-parsing projects' test suites (tests/data/real-mail, sources and
licences in its NOTICE.md): every one is read or refused with a one-line reason, never a traceback; every
delivery report among them is recognised as one, with the address that failed."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskcomms.core.capture import meaning, read_email
from deskcomms.core.errors import UserError

CORPUS = Path(__file__).resolve().parent.parent / "data" / "real-mail"
FILES = sorted(CORPUS.glob("*.eml"))
ME = ["engineer@support.invalid"]

# What each delivery report in the corpus says (file → the failed address; None: only a delay).
REPORTS = {
    "flanker__bounce__broken-mime.eml": "info@example.net",
    "flanker__bounce__delayed.eml": "foo@example.com",
    "flanker__bounce__gmail-invalid-address.eml": "awfawfawfawfawfaw@someserverhere.com",
    "flanker__bounce__gmail-no-dns.eml": "user@example.comm",
    "flanker__bounce__mailbox-full.eml": "user@aol.com",
    "flanker__bounce__no-mx.eml": None,
    "flanker__bounce__office365.eml": "noname@example.com",
    "mail-parser__mail_malformed_2.eml": "abh@netpar.com.br",
    "mailparser-js__delivery-status.eml": "xxxx@xxxx.com",
}


def capture(path: Path) -> tuple[str, str]:
    """("read", kind) or ("refused", reason) for one file, as capture would see it (no case)."""
    try:
        email = read_email(path.read_bytes(), path.name, ZoneInfo("America/New_York"))
    except UserError as exc:
        return "refused", str(exc)
    return "read", meaning(email, None, "G", ME).kind


def test_the_corpus_is_a_few_dozen_emails_with_their_sources_noted():
    notice = (CORPUS / "NOTICE.md").read_text("utf-8")
    assert len(FILES) >= 40
    assert all(f"{path.name} | https://github.com/" in notice for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_email_is_read_or_refused_with_a_reason(path):
    outcome, detail = capture(path)
    if outcome == "refused":
        assert detail.startswith(path.name + ": ") and "\n" not in detail and len(detail) < 200
    else:
        assert detail in ("customer_replied", "note", "delivery_failed", "out_of_office", "email_sent")
    if path.name in REPORTS:
        assert detail != "customer_replied" and detail != "out_of_office"


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_delivery_report_is_recognised_with_the_failed_address(name):
    email = read_email((CORPUS / name).read_bytes(), name, ZoneInfo("America/New_York"))
    what = meaning(email, None, "K", ME)
    if REPORTS[name] is None:
        assert what.kind == "note" and what.delivery == "delayed"
    else:
        assert (what.kind, what.fields.get("address")) == ("delivery_failed", REPORTS[name])


def test_the_figures_in_the_readme():
    outcomes = [capture(path) for path in FILES]
    read = sum(1 for outcome, _ in outcomes if outcome == "read")
    failures = sum(1 for outcome, kind in outcomes if outcome == "read" and kind == "delivery_failed")
    readme = " ".join((CORPUS.parent.parent.parent / "README.md").read_text("utf-8").split())
    shown = re.search(
        r"capture (\d+) real-world emails .*?: (\d+) read, (\d+) refused with a reason; (\d+) delivery failures", readme
    )
    assert shown is not None, "the README gives the real-mail figures"
    assert tuple(int(n) for n in shown.groups()) == (len(FILES), read, len(FILES) - read, failures)
