"""``deskcomms draft`` with hostile user templates and huge titles: refused with exit 2 and "NAME.j2 line N",
quickly, without the customer's name in the log; the readiness scans stay linear."""

from __future__ import annotations

import json
import os

import pytest

from deskcomms.core.drafts import _PLACEHOLDER
from deskcomms.core.privacy import find_personal_data
from tests.conftest import FORMATS_EXAMPLE

CASE = "2411220010001234"
AT = ["--at", "2026-11-24T10:00:00-05:00"]
CUSTOMER = FORMATS_EXAMPLE["cases"][0]["customer"]["name"]

BOMBS = {
    "join": "{% set s = 'x' * 100000 %}{{ s.join(s) }}",
    "tilde": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    "{{ ns.s|length }}",
    "width": "{{ '{:>999999999}'.format(1) }}",
    "lookup": "Hello\n{{ {}[customer_name] }}",
    "runtime": "{{ range(3)[customer_name|length] }}",
}


@pytest.mark.timeout(60)  # a bomb that is not stopped fails here (a hang guard; figures in tests/benchmarks)
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_template_bombs_exit_2_naming_the_template(cli, example_file, data_dir, name):
    cli("import", str(example_file))
    folder = data_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.j2").write_text(f"Subject: x\n\n{BOMBS[name]}\n")
    result = cli("draft", CASE, name, *AT)
    assert result.code == 2, result.err
    assert f"{name}.j2" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_a_template_error_names_the_line_and_never_logs_the_customer(cli, example_file, data_dir):
    cli("import", str(example_file))
    folder = data_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lookup.j2").write_text("Subject: x\n\nHello\n{{ {}[customer_name] }}\n")
    result = cli("draft", CASE, "lookup", *AT)
    assert result.code == 2
    assert "lookup.j2 line 4:" in result.err
    logged = "".join(p.read_text("utf-8") for p in (data_dir / "logs").glob("*.log*"))
    assert "draft" in logged  # the command was logged ...
    assert CUSTOMER not in logged  # ... but never the template's values


def test_a_huge_title_drafts(cli, tmp_path):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    doc["cases"][0]["title"] = ("ADLS Gen2 copy fails ErrorCode=UserErrorFailedFileOperation " * 1400)[:80_000]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0
    result = cli("draft", CASE, "status_next_steps", *AT)
    assert result.code == 0, result.err
    assert "ErrorCode=UserErrorFailedFileOperation" in result.out


@pytest.mark.timeout(30)  # linear: 0.04-3 s here (a hang guard, not a timing; growth: bench_scans)
@pytest.mark.parametrize(
    "unit",
    ["a", "1 ", "jane.doe.example@ ", "{{ [X ", "password: x ", "+1 (704) "],
    ids=["letters", "digits", "addresses", "braces", "secrets", "phones"],
)
def test_readiness_scans_a_long_hostile_text(unit):
    """The scans of a draft before it is copied, over 160,000 characters of one repeated shape each. How
    their time grows with the text is measured by ``python -m tests.benchmarks.bench_scans``."""
    text = (unit * 200_000)[:160_000]
    find_personal_data(text, ["jane@example.com"])
    assert list(_PLACEHOLDER.finditer(text)) is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_user_template_that_is_a_pipe_or_a_device_is_refused(cli, example_file, data_dir):
    cli("import", str(example_file))
    folder = data_dir / "templates"
    folder.mkdir(exist_ok=True)
    os.mkfifo(folder / "fifo.j2")
    (folder / "zero.j2").symlink_to("/dev/zero")
    for name in ("fifo", "zero"):
        result = cli("draft", "2411220010001234", name)
        assert result.code == 2 and "not a regular file" in result.err
