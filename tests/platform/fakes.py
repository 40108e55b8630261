"""Stand-ins for the Windows registry, os.startfile and subprocess, that remember what they were asked."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from typing import Any


class FakeWinreg:
    """The part of ``winreg`` deskcomms uses: keys are (root, path) → {value name: (data, type)}."""

    HKEY_CURRENT_USER = "HKCU"
    HKEY_LOCAL_MACHINE = "HKLM"
    KEY_READ = 0x20019
    KEY_SET_VALUE = 0x0002
    REG_SZ = 1

    def __init__(self, keys: dict[tuple[str, str], dict[str, tuple[Any, int]]] | None = None) -> None:
        self.keys = keys or {}

    class _Handle:
        def __init__(self, values: dict[str, tuple[Any, int]]) -> None:
            self.values = values

        def __enter__(self) -> FakeWinreg._Handle:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def OpenKey(self, root: str, path: str, reserved: int = 0, access: int = KEY_READ) -> _Handle:
        if (root, path.lower()) not in {(r, p.lower()) for r, p in self.keys}:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return self._Handle(next(v for (r, p), v in self.keys.items() if r == root and p.lower() == path.lower()))

    def CreateKeyEx(self, root: str, path: str, reserved: int = 0, access: int = KEY_SET_VALUE) -> _Handle:
        for (r, p), values in self.keys.items():
            if r == root and p.lower() == path.lower():
                return self._Handle(values)
        self.keys[(root, path)] = {}
        return self._Handle(self.keys[(root, path)])

    def QueryValueEx(self, key: _Handle, name: str) -> tuple[Any, int]:
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return key.values[name]

    def SetValueEx(self, key: _Handle, name: str, reserved: int, kind: int, value: Any) -> None:
        key.values[name] = (value, kind)

    def DeleteValue(self, key: _Handle, name: str) -> None:
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del key.values[name]


@dataclass
class FakeProcess:
    returncode: int | None = 0
    hangs: bool = False

    def wait(self, timeout: float | None = None) -> int:
        if self.hangs:
            raise subprocess.TimeoutExpired("cmd", timeout or 0)
        return self.returncode or 0


@dataclass
class Calls:
    """A fake ``subprocess.run`` and ``subprocess.Popen`` in one: each call is recorded."""

    returncode: int = 0
    stderr: str = ""
    fail_to_start: bool = False
    hangs: bool = False
    commands: list[Any] = field(default_factory=list)

    def run(self, args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(args)
        if self.fail_to_start:
            raise FileNotFoundError(2, "No such file or directory")
        return subprocess.CompletedProcess(args, self.returncode, "", self.stderr)

    def spawn(self, args: Any, **kwargs: Any) -> FakeProcess:
        self.commands.append(args)
        if self.fail_to_start:
            raise FileNotFoundError(2, "No such file or directory")
        return FakeProcess(self.returncode, self.hangs)


@dataclass
class FakeShell32:
    """The one ``shell32`` call deskcomms makes: records the AppUserModelID and answers an HRESULT."""

    result: int = 0
    missing: bool = False
    app_ids: list[str] = field(default_factory=list)

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str) -> int:
        if self.missing:
            raise AttributeError("function 'SetCurrentProcessExplicitAppUserModelID' not found")
        self.app_ids.append(app_id)
        return self.result
