"""A first start through the command line: the window fits its screen and keeps its layout in the
configuration folder (issue 21)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QImage

from tests.conftest import run_process


def test_a_first_smoke_test_fits_the_window_to_its_screen(tmp_path):
    data = tmp_path / "data"
    png = tmp_path / "first.png"
    result = run_process(
        "--data-dir",
        str(data),
        "--demo",
        "--smoke-test",
        "--screenshot",
        str(png),
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.code == 0, result.err
    image = QImage(str(png))
    assert 1024 <= image.width() <= 1280 and 500 <= image.height() <= 780


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders below are Linux's")
def test_the_window_layout_goes_to_the_config_folder_not_the_data_folder(tmp_path, monkeypatch):
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    monkeypatch.delenv("DESKCOMMS_HOME", raising=False)
    result = run_process("--smoke-test", env=env)
    assert result.code == 0, result.err
    assert (tmp_path / "share" / "deskcomms" / "deskcomms.sqlite3").exists()
    assert (tmp_path / "config" / "deskcomms" / "window.ini").exists()
    assert not (tmp_path / "share" / "deskcomms" / "window.ini").exists()
