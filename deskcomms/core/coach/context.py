"""What the coach knows about the email being written: the case's customer, who holds the ball, which
template, our earlier emails and the customer's last email (from the mail text capture keeps).
Built from plain values, so `deskcomms check` and the draft panel judge the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    quote: str  # as shown: a secret's start and a mask, never the secret whole
    source: str  # the playbook passage the rule comes from
    start: int  # offsets in the draft's body (a click selects them)
    end: int
    why: str = ""
    key: str = ""  # what a "fine here" dismissal remembers (a hash, never the text)

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message, "quote": self.quote, "source": self.source}

    def line(self) -> str:
        return f"{self.rule}: {self.message} «{self.quote}»"


@dataclass(frozen=True)
class CoachContext:
    template: str | None = None
    has_case: bool = False
    customer_name: str = ""
    ball: str | None = None  # "ours", "theirs", "none"; None without a case
    earlier_emails: Sequence[str] = ()  # our emails sent earlier on the case (kept mail text)
    customer_email: str | None = None  # the customer's email this draft answers (without its quote)
    known: Sequence[str] = field(default_factory=tuple)  # the engineer's own and the case's addresses, numbers


def context_for_case(
    case: Any,
    status: Any,
    kept_mail: Mapping[int, Any],
    profile: Mapping[str, str],
    template: str | None,
    replying_to: str | None = None,
) -> CoachContext:
    """The context of a draft on ``case``: ``kept_mail`` maps event ids to their kept MailText;
    ``replying_to`` (the customer's email given on the command line) wins over the kept one."""
    ours: list[tuple[Any, str]] = []
    theirs: list[tuple[Any, str]] = []
    for event in case.sorted_events():
        mail = kept_mail.get(event.id) if event.id is not None else None
        if mail is None or not mail.reply.strip():
            continue
        (ours if mail.ours else theirs).append((event.at, mail.reply))
    # Our last email: the last one whose text is kept, or any we recorded sending (status.last_outbound),
    # whichever is later; a customer's question before it was answered already.
    sent = [at for at in (ours[-1][0] if ours else None, getattr(status, "last_outbound", None)) if at is not None]
    last_ours = max(sent) if sent else None
    customer_email = replying_to
    if customer_email is None and theirs and (last_ours is None or theirs[-1][0] > last_ours):
        customer_email = theirs[-1][1]  # the customer's last email after our last one
    ball = getattr(status, "ball", None)
    return CoachContext(
        template=template,
        has_case=True,
        customer_name=case.customer.name,
        ball=str(ball.value if hasattr(ball, "value") else ball) if ball is not None else None,
        earlier_emails=tuple(text for _at, text in ours),
        customer_email=customer_email,
        known=tuple(_known(case, profile)),
    )


def _known(case: Any, profile: Mapping[str, str]) -> Iterable[str]:
    yield from (case.number, case.customer.email, case.customer.phone)
    yield from (profile.get(k, "") for k in ("email", "phone", "manager_email", "support_cc"))
    if case.tam is not None:
        yield case.tam.email
