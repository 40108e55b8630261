"""One deskcomms per data folder: a second launch asks the first to show itself and exits 0.

A local socket (QLocalServer) named after the data folder. A server left behind by a crashed app
answers nothing, so it is removed and this start takes over.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"deskcomms-{digest}"


def ask_running_instance(name: str, timeout_ms: int = 1500) -> bool:
    """True when another instance answered and will raise its window."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    def __init__(self, name: str, on_raise: Callable[[], None]) -> None:
        super().__init__()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._on_raise = on_raise
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # left behind by a crashed instance
            if not self.server.listen(name):
                log.warning("single-instance server could not listen: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(b"raise"):
            socket.write(b"ok\n")
            socket.flush()
            self._on_raise()
        socket.disconnectFromServer()

    def close(self) -> None:
        self.server.close()
