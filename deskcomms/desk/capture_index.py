"""The case list as capture sees it: look-ups by the store's indexes (case number, customer address,
captured email), never a scan of every case, plus the cases and events a batch plans before it writes.

At 100,000 cases, capturing one email reads the few cases it names or its sender has, not the list.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..core.capture.identity import same_email
from ..core.capture.matching import CaseIndex
from ..core.capture.message import Email
from ..core.model import Case, Event


class StoreCaseIndex:
    """``matching.CaseLookup`` over the store's indexes, with the batch's new cases on top."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.batch = CaseIndex()  # cases created by this batch, not yet written

    def add(self, number: str, customer_email: str) -> None:
        self.batch.add(number, customer_email)

    def known(self, numbers: Collection[str]) -> set[str]:
        return self.store.numbers_among(numbers) | self.batch.known(numbers)

    def open_cases_of(self, keys: Collection[str]) -> set[str]:
        return set(self.store.open_cases_of(keys)) | self.batch.open_cases_of(keys)


class Captured:
    """The emails already recorded (in the store, or earlier in this batch): one email, one event."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.batch: list[tuple[dict[str, Any], str, Event]] = []

    def add(self, fields: dict[str, Any], case_number: str, event: Event) -> None:
        self.batch.append((fields, case_number, event))

    def find(self, email: Email, email_fingerprint: str) -> tuple[str, Event] | None:
        """(case number, event) an earlier capture of ``email`` recorded, in any of its forms."""
        for fields, number, event in self.batch:
            if same_email(email, email_fingerprint, fields):
                return number, event
        found = self.store.captured("message_id", [email.identity])
        found += self.store.captured("fingerprint", [email_fingerprint])
        for number, event in found:
            if same_email(email, email_fingerprint, event.fields):
                return number, event
        return None


def load_case(store: Any, number: str, cache: dict[str, Case]) -> Case | None:
    if number not in cache:
        case = store.get_case(number)
        if case is None:
            return None
        cache[number] = case
    return cache[number]
