"""Guards against a Qt binding that would crash a long-running deskcomms.

PySide6 6.12.0 drops a reference to False on every Signal.emit() from Python; on Python 3.11 the process
aborts after about a thousand emits. The reminder timer alone emits thousands a day.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Source(QObject):
    ping = Signal()
source = Source()
source.ping.connect(lambda: None)
before = sys.getrefcount(False)
for _ in range(5000):
    source.ping.emit()
print(sys.getrefcount(False) - before)
"""


def test_emitting_signals_many_times_does_not_corrupt_reference_counts():
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, f"the Qt binding crashed after repeated signal emits: {proc.stderr[-300:]}"
    assert abs(int(proc.stdout.strip())) < 50
