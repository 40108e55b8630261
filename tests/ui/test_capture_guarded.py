"""Issue 18: what is dropped or pasted goes through the command line's guarded reading (regular files
only, size first), in a worker thread: the window stays responsive, and Cancel stops the batch."""

from __future__ import annotations

import os
import threading
import time

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from tests import capture_bombs
from tests.ui.test_capture_window import close_next_message_box, drop, wait_until_read


def files_mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def unblock_later(fifo, seconds: float, readers: list[bool]) -> threading.Thread:
    """Feed the pipe after a while, so that a reader stuck on it (the old window) ends instead of hanging;
    ``readers`` gets True when someone was reading the pipe by then."""

    def feed() -> None:
        time.sleep(seconds)
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails at once when nobody is reading it
        except OSError:
            readers.append(False)
            return
        readers.append(True)
        os.write(fd, b"From: x@y.example\n\nx")
        os.close(fd)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_named_pipe_or_a_link_to_dev_zero_dropped_is_refused_without_reading(window, qtbot, tmp_path, session):
    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.eml"
    zero.symlink_to("/dev/zero")
    before = [len(c.events) for c in session.desk.store.load_cases()]
    readers: list[bool] = []
    feeder = unblock_later(fifo, 3, readers)
    seen: list[str] = []
    close_next_message_box(seen)
    drop(window, files_mime(fifo, zero), window.table)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert "pipe.eml: not recorded" in seen[0] and "zero.eml: not recorded" in seen[0]
    assert seen[0].count("regular file") == 2
    assert window.capture_drop.dialog is None
    assert [len(c.events) for c in session.desk.store.load_cases()] == before
    feeder.join()
    assert readers == [False]  # nobody ever opened the pipe to read it: refused, not waited on


def test_reading_runs_in_a_worker_the_window_stays_responsive_and_cancel_drops_the_batch(
    window, qtbot, tmp_path, session, monkeypatch
):
    paths = []
    for i in range(6):  # valid emails, but large HTML
        paths.append(tmp_path / f"slow{i}.eml")
        paths[-1].write_bytes(capture_bombs.angle_html(3.0).replace(b"Subject: hi", f"Subject: slow {i}".encode()))
    # Each email takes as long as the test says: on a fast machine the real parse ends before a person
    # (or the test) could press Cancel, and the batch would open instead of being dropped.
    import deskcomms.core.capture as capture_core

    real_read, released = capture_core.read_email, threading.Event()

    def held_read(*args, **kwargs):
        released.wait(30)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(capture_core, "read_email", held_read)
    before = [len(c.events) for c in session.desk.store.load_cases()]
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    handler = window.capture_drop
    mime = files_mime(*paths)
    point = window.table.mapTo(window, window.table.rect().center())
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    enter = QDragEnterEvent(
        point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    event = QDropEvent(
        QPointF(point), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)  # returns at once: the reading is in a worker
    assert handler.reading()
    qtbot.waitUntil(lambda: handler.progress is not None and handler.progress.isVisible(), timeout=10_000)
    seen_ticks = len(ticks)
    qtbot.wait(200)
    assert len(ticks) > seen_ticks  # the window's own timers run while the emails are read
    from PySide6.QtWidgets import QPushButton

    [cancel] = handler.progress.findChildren(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    released.set()
    wait_until_read(window)
    qtbot.wait(100)
    timer.stop()
    assert handler.dialog is None  # nothing of the cancelled batch opens
    assert not handler.progress.isVisible()
    assert [len(c.events) for c in session.desk.store.load_cases()] == before
