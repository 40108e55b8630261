"""What the commands share: the argument parser's base, opening the desk, instants and FIELD=VALUE pairs,
and making stored text safe to print."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..core.errors import UserError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

# Fields the app sets itself: an override is marked only by --force (or the window's confirmation).
# And a captured email's identity only by capture: a hand-made one would make the real email look
# already recorded.
RESERVED_FIELDS = frozenset({"forced", "override_reason", "message_id", "fingerprint"})


class UsageError(UserError):
    pass


class Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as UsageError (exit 2 through the one error path)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def open_desk(app_paths: Any, *, backup: str | None = None) -> Any:
    """The application service on the data folder's database, after the integrity check (a damaged
    file is kept aside byte for byte and never written: exit 2). ``backup`` makes the daily backup
    ("daily") or a backup before a risky step."""
    from ..desk import Desk

    desk = Desk.open(app_paths.database)
    try:
        if backup == "daily":
            desk.daily_backup()
        elif backup and desk.case_count():
            desk.backup(backup)
    except BaseException:
        desk.close()
        raise
    return desk


def parse_at(value: str | None, desk: Any, option: str = "--at") -> datetime:
    """``--at`` as an instant in the engineer's zone, or now (to the second)."""
    from ..core.timefmt import parse_instant

    if value:
        return desk.calendar.local(parse_instant(value, option))
    return desk.calendar.local(datetime.now(UTC).replace(microsecond=0))


def parse_field_args(pairs: Sequence[str]) -> dict[str, str]:
    from ..core.sanity import check_text

    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"expected FIELD=VALUE, got {pair!r}")
        name = name.strip()
        if name in RESERVED_FIELDS:
            hint = (
                " (use --force to record an override)"
                if name not in ("message_id", "fingerprint")
                else " (deskcomms capture sets it)"
            )
            raise UsageError(f"{name} is set by deskcomms itself{hint}", where=pair)
        if name in fields:
            raise UsageError(f"{name} is given twice", where=pair)
        check_text(name, "FIELD", single_line=True)
        fields[name] = check_text(value, name)
    return fields


def printable(text: str) -> str:
    """Text from the database made safe for a terminal: control characters (escape sequences) shown as
    ``\\x1b`` instead of being obeyed."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)
