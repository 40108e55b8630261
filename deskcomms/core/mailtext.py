"""The words of an email kept beside its event: the customer's reply (quoted thread cut) and the whole
body as read, or an email we sent (a draft copied in the app and recorded as sent).

Kept so the engineer can read back what was said from the timeline, and so the draft coach can see the
customer's questions and our earlier emails. Never logged; left out of exports unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The setting that turns keeping mail text off, and its values.
KEEP_SETTING = "keep_mail_text"
KEEP, DONT_KEEP = "keep", "off"


@dataclass(frozen=True)
class MailText:
    ours: bool  # True: an email we sent; False: one the customer (or anyone else) sent us
    reply: str  # the sender's own words, the quoted thread cut
    body: str = ""  # the whole body as read (quoted thread included)
    message_id: str = ""
    sender: str = ""
    subject: str = ""
    event_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``mail`` object of an event in ``export --with-mail``."""
        return {
            "message_id": self.message_id,
            "from": self.sender,
            "subject": self.subject,
            "reply": self.reply,
            "text": self.body or self.reply,
        }

    @classmethod
    def from_json(cls, raw: Any, *, ours: bool) -> MailText | None:
        """Back from an export's ``mail`` object (None when it is not one)."""
        if not isinstance(raw, dict):
            return None
        text = {k: str(v) if isinstance(v := raw.get(k), str) else "" for k in ("message_id", "from", "subject")}
        reply, body = (str(v) if isinstance(v := raw.get(k), str) else "" for k in ("reply", "text"))
        if not reply and not body:
            return None
        return cls(ours, reply or body, body, text["message_id"], text["from"], text["subject"])


def keeping(settings: dict[str, Any]) -> bool:
    """Whether the engineer lets deskcomms keep the text of emails (the default)."""
    return bool(settings.get(KEEP_SETTING, KEEP) != DONT_KEEP)
