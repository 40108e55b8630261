"""Logging to a rotating file in the log folder. Logs hold ids and kinds, never case text, names or bodies."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "deskcomms.log"


def setup(log_dir: Path, *, verbose: bool = False) -> Path:
    """Send deskcomms' log records to ``log_dir/deskcomms.log`` (rotating); ``verbose`` echoes to stderr."""
    from logging.handlers import RotatingFileHandler

    from .paths import make_private_dir

    make_private_dir(log_dir)
    path = log_dir / LOG_NAME
    root = logging.getLogger("deskcomms")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("deskcomms: %(levelname)s %(message)s"))
        root.addHandler(console)
    return path
