"""Errors that are the user's to fix: they carry a message naming what is wrong and where.

The command line turns them into exit status 2 and a message on stderr; the GUI into a dialog.
Anything else that escapes is a bug (exit status 1, details in the log).
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake in input (a file, a date, an event, a template) that the user can correct."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


class ValidationError(UserError):
    """A value of a document or a command failed validation.

    ``where`` is the path of the value, e.g. ``cases[3].events[2].at``.
    """
