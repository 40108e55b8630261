"""``playbook show NAME --mermaid`` checked by its real consumer: Mermaid's own parser, run under node.

Mermaid (with jsdom for the DOM it expects) is installed once into a cache folder:
``npm install --prefix "$DESKCOMMS_MERMAID_DIR" mermaid@11.17.2 jsdom@29.1.1`` (default folder
``~/.cache/deskcomms-mermaid``). The test skips only where node itself is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deskcomms.core.engine import load_playbook, parse_playbook

NODE = shutil.which("node")
MERMAID_DIR = Path(os.environ.get("DESKCOMMS_MERMAID_DIR") or Path.home() / ".cache" / "deskcomms-mermaid")
SCRIPT = Path(__file__).parents[1] / "tools" / "mermaid_parse.mjs"
INSTALL = f"npm install --prefix {MERMAID_DIR} mermaid@11.17.2 jsdom@29.1.1"

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def mermaid_parse(*diagrams: str) -> list[dict]:
    for package in ("mermaid", "jsdom"):
        if not (MERMAID_DIR / "node_modules" / package / "package.json").is_file():
            pytest.fail(f"{package} is not installed in {MERMAID_DIR}; install it with: {INSTALL}")
    assert NODE is not None
    done = subprocess.run(
        [NODE, str(SCRIPT), str(MERMAID_DIR)],
        input=json.dumps(list(diagrams)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def odd_playbook():
    """Titles and transition texts full of what Mermaid would read as syntax."""
    return parse_playbook(
        {
            "name": "odd",
            "parameters": {"fqr_hours": 1},
            "stages": [
                {
                    "id": "new-case",
                    "title": 'Email [customer prefers "email"] (A|B) #1',
                    "rule": "first_response",
                    "action": "Send it",
                },
                {"id": "done", "title": "Done; {closed} <b>", "rule": "final", "action": "Nothing"},
            ],
            "transitions": [{"from": "new-case", "to": "done", "when": "sent (by mail | phone) [x]", "on": "fqr_sent"}],
        },
        "odd.json",
    )


def test_both_playbooks_and_odd_titles_are_accepted_by_mermaids_parser():
    css = load_playbook("css").to_mermaid(highlight="H")
    diagrams = [css, load_playbook("reengagement").to_mermaid(), odd_playbook().to_mermaid(highlight="new-case")]
    results = mermaid_parse(*diagrams)
    assert [r.get("type") for r in results] == ["flowchart-v2"] * 3, results
    # the css graph keeps every stage and arrow of the support organisation's lifecycle drawing
    assert css.count("-->") == 21
    assert sum(1 for line in css.splitlines() if line.strip()[:2] in {f"{s}(" for s in "ABCDEFGHIJKLM"}) == 13


def test_the_check_fails_on_what_mermaid_rejects():
    # the first release's output: an unquoted "[...]" inside "(...)"
    broken = "graph TD\n    B(Email [customer prefers email])\n    A(FQR) --> B\n"
    (result,) = mermaid_parse(broken)
    assert not result["ok"] and "Parse error" in result["error"]
