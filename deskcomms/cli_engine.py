"""Command-line commands that rest on the playbook engine: ``log`` (with the playbook's checks),
``due`` and ``playbook``."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from .core.errors import UserError

log = logging.getLogger("deskcomms.cli")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the engine's commands to the command-line parser."""


def record_event(args: argparse.Namespace, app_paths: Any) -> int:
    """``deskcomms log CASE KIND [--at ISO] [FIELD=VALUE ...]``: validate, check, record."""
    from .cli import open_store, parse_at, parse_field_args
    from .core.events import check_fields
    from .core.model import Event

    fields = parse_field_args(args.fields)
    with open_store(app_paths) as store:
        settings = store.settings()
        at = parse_at(args.at, settings)
        case = store.get_case(args.case)
        if case is None:
            raise UserError(f"no case {args.case} (import it first, or create it in the app)")
        event = Event(
            at=at, kind=args.kind, fields=check_fields(args.kind, fields, f"{args.kind}", strict=True)
        )
        event_id = store.add_event(case.number, event)
    log.info("logged event %d (%s) on case id %s", event_id, event.kind, case.id)
    print(f"recorded {event.kind} on case {case.number} at {at.isoformat()}")
    return 0
