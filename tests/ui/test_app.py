"""Start-up as a user gets it: the smoke test, the demo data, and errors that never pass silently."""

from __future__ import annotations

import json
import logging

from PySide6.QtGui import QImage

from tests.conftest import FORMATS_EXAMPLE, run_process


def forty_cases(tmp_path):
    doc = json.loads(json.dumps(FORMATS_EXAMPLE))
    base = doc["cases"][0]
    doc["cases"] = [dict(base, number=f"26112300{i:08d}", title=f"Case {i}") for i in range(40)]
    path = tmp_path / "forty.json"
    path.write_text(json.dumps(doc))
    return path


def test_smoke_test_paints_a_full_window(tmp_path):
    data = tmp_path / "data"
    assert run_process("--data-dir", str(data), "import", str(forty_cases(tmp_path))).code == 0
    png = tmp_path / "shot.png"
    result = run_process(
        "--data-dir", str(data), "--smoke-test", "--screenshot", str(png), env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.code == 0, result.err
    image = QImage(str(png))
    assert image.width() >= 900 and image.height() >= 500
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 20  # not blank


def test_demo_loads_sample_cases_once(tmp_path):
    data = tmp_path / "data"
    for _ in range(2):
        result = run_process("--data-dir", str(data), "--demo", "--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"})
        assert result.code == 0, result.err
    exported = run_process("--data-dir", str(data), "export").json()
    assert len(exported["cases"]) == 10


def test_no_display_gives_a_message_not_an_abort(tmp_path):
    result = run_process(
        "--data-dir", str(tmp_path / "d"), env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    )
    assert result.code == 1
    assert "no display" in result.err


def test_an_error_in_a_slot_shows_a_dialog_and_logs_no_case_text(qtbot, caplog):
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from deskcomms.ui.shell import errors

    QApplication.instance().deskcomms_testing = True
    errors.install()
    button = QPushButton("boom")
    qtbot.addWidget(button)

    secret = "".join(["hun", "ter2"])  # built at run time: the traceback's source lines must not contain it
    name = " ".join(["Alex", "Doe"])

    def explode():
        raise ValueError(f"customer {name} said the password is {secret}")

    button.clicked.connect(explode)
    with caplog.at_level(logging.ERROR, logger="deskcomms.ui"):
        button.click()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "unexpected error" in boxes[-1].text()
    assert any(b.text() == "Copy details" for b in boxes[-1].buttons())
    assert "ValueError" in caplog.text
    assert "hunter2" not in caplog.text and "Alex Doe" not in caplog.text
    for box in boxes:
        box.close()


def test_an_unusable_data_folder_is_said_in_a_dialog_when_the_app_is_started(qapp, tmp_path, capsys):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from deskcomms import cli as cli_module

    QApplication.instance().deskcomms_testing = True
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    try:
        assert cli_module.run(["--data-dir", str(a_file)]) == 2
        boxes = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "startup_error"
        ]
        assert boxes and "not a folder" in boxes[-1].text()
        for box in boxes:
            box.close()
    finally:
        QApplication.instance().deskcomms_testing = False
    assert "not a folder" in capsys.readouterr().err
