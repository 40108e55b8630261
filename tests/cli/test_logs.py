"""Logs hold ids and kinds, never case text, customer names, addresses or email bodies."""

from __future__ import annotations

import json

from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"
SECRETS = ("Alex Doe", "alex@customer.example", "Copy activity fails", "+1 555 0100", "secret-note-text")


def test_a_working_session_leaves_no_case_text_in_the_log(cli, example_file, data_dir, tmp_path):
    cli("import", str(example_file))
    cli("log", CASE, "note", "text=secret-note-text", "--at", "2026-11-24T09:00:00-05:00")
    cli("log", CASE, "strike_sent", "n=2", "--at", "2026-11-24T09:10:00-05:00")  # refused
    cli("due", "--at", "2026-11-24T10:00:00-05:00")
    cli("draft", CASE, "--at", "2026-11-24T10:00:00-05:00")
    cli("export", str(tmp_path / "out.json"))
    bad = tmp_path / "bad.json"
    broken = json.loads(json.dumps(FORMATS_EXAMPLE))
    broken["cases"][0]["customer"]["email"] = "Alex Doe <not an address>"
    bad.write_text(json.dumps(broken))
    cli("import", str(bad))
    log_text = "".join(p.read_text() for p in (data_dir / "logs").glob("*.log*"))
    assert "command import" in log_text and "recorded event" in log_text
    for secret in SECRETS:
        assert secret not in log_text, secret


def test_the_log_file_rotates_and_keeps_five_older_files(tmp_path):
    import logging

    from deskcomms.logs import RotatingLog

    handler = RotatingLog(tmp_path / "deskcomms.log", max_bytes=1_000, keep=5)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("deskcomms.test_rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(200):
            logger.warning("record %03d %s", i, "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["deskcomms.log", *(f"deskcomms.log.{n}" for n in range(1, 6))]
    assert all(p.stat().st_size <= 1_000 for p in tmp_path.iterdir())
    newest = (tmp_path / "deskcomms.log").read_text().splitlines()
    assert newest[-1].startswith("record 199")
    previous = (tmp_path / "deskcomms.log.1").read_text().splitlines()
    assert int(previous[-1].split()[1]) + 1 == int(newest[0].split()[1])  # nothing lost between files
