"""Copy works for real: under Xvfb, a click on Copy in the window, then another program (xclip) reads
both text/html and text/plain, as a mail client would. Skipped only where no X server can run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FORMATS_EXAMPLE, run_process

needs_x = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xclip")), reason="Xvfb and xclip are not installed"
)


@pytest.fixture
def x_display():
    for number in range(150, 200):
        if not Path(f"/tmp/.X{number}-lock").exists():
            break
    display = f":{number}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.05)
    yield display
    server.terminate()
    server.wait(10)


def xclip(display: str, target: str) -> str:
    return subprocess.run(
        ["xclip", "-o", "-selection", "clipboard", "-t", target],
        capture_output=True,
        text=True,
        timeout=10,
        env={**os.environ, "DISPLAY": display},
    ).stdout


@needs_x
def test_copy_reaches_another_program_as_html_and_text(tmp_path, x_display):
    import json

    data = tmp_path / "data"
    source = tmp_path / "case.json"
    source.write_text(json.dumps(FORMATS_EXAMPLE))
    assert run_process("--data-dir", str(data), "import", str(source)).code == 0
    env = {**os.environ, "DISPLAY": x_display}
    env.pop("QT_QPA_PLATFORM", None)
    driver = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("x11_copy_driver.py")), str(data), "2411220010001234"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    try:
        line = driver.stdout.readline()
        assert line.strip() == "COPIED", driver.stderr.read() if driver.poll() is not None else line
        targets = xclip(x_display, "TARGETS")
        assert "text/html" in targets and ("text/plain" in targets or "UTF8_STRING" in targets)
        html = xclip(x_display, "text/html")
        text = xclip(x_display, "text/plain")
        assert "Hello Alex," in text and "Jane Smith" in text
        assert '<p style="margin:0 0 12px 0;">Hello Alex,</p>' in html
        assert "class=" not in html
    finally:
        driver.stdin.close()
        driver.wait(20)
