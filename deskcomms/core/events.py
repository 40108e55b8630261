"""The event vocabulary (playbook rules §5): one kind per thing an engineer does or observes, with its fields.

The table below is data: each kind lists its fields, the type of each, and whether ``deskcomms log`` and
the app's buttons require it. Importing history is more lenient (the interchange format: event fields other than
``at`` and ``kind`` are optional; unknown fields are kept), but every field that is present is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .errors import ValidationError
from .timefmt import format_instant_iso, parse_date, parse_instant


class FieldType(StrEnum):
    """What an event field holds (the JSON value is ISO text for instants and dates)."""

    INSTANT = "instant"
    DATE = "date"
    INSTANT_OR_DATE = "instant_or_date"
    INT = "int"
    TEXT = "text"
    BOOL = "bool"
    CHOICE = "choice"


class Channel(StrEnum):
    """How the customer prefers to be reached, and how a first response went out."""

    EMAIL = "email"
    PHONE = "phone"


class LqrVariant(StrEnum):
    RESOLVED = "resolved"
    RESOLVED_BY_CUSTOMER = "resolved_by_customer"
    UNRESOLVED = "unresolved"


class DisengageReason(StrEnum):
    OUTREACH_UNSUCCESSFUL = "outreach_unsuccessful"
    DIBS_INCOMPLETE = "dibs_incomplete"
    CUSTOMER_DECLINED = "customer_declined"
    OTHER = "other"


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""


@dataclass(frozen=True)
class KindSpec:
    title: str  # the full name, for menus and dialogs ("Status email with next steps sent")
    fields: Mapping[str, FieldSpec]
    help: str = ""
    label: str = ""  # the short name the window, the timeline and the command line show ("Email sent")
    button: str = ""  # the button's text where it differs from the label ("Close case"; "…" opens a dialog)

    @property
    def button_text(self) -> str:
        return self.button or self.label or self.title


def _f(type_: str, required: bool = False, help: str = "", **kw: Any) -> FieldSpec:
    return FieldSpec(FieldType(type_), required, help=help, **kw)


CHANNELS = tuple(c.value for c in Channel)
LQR_VARIANTS = tuple(v.value for v in LqrVariant)
DISENGAGE_REASONS = tuple(r.value for r in DisengageReason)

# Fields any event may carry: a free note, the override mark of a forced (out-of-playbook) event, and the
# identity of a captured email.
COMMON_FIELDS: dict[str, FieldSpec] = {
    "note": _f("text", help="a note kept with the event"),
    "forced": _f("bool", help="recorded with --force although the playbook did not allow it"),
    "override_reason": _f("text", help="why the playbook's guard was overridden"),
    "message_id": _f("text", help="the email the event was captured from (so it is recorded once)"),
    "fingerprint": _f(
        "text", help="the captured email's fingerprint (the same email in another form is recorded once)"
    ),
}

KINDS: dict[str, KindSpec] = {
    # --- CSS lifecycle (playbook rules §3) ---
    "opened": KindSpec("Case opened", {}, label="Opened"),
    "fqr_sent": KindSpec(
        "First Quality Response sent",
        {"channel": _f("choice", True, "email or phone", choices=CHANNELS)},
        label="FQR sent",
    ),
    "email_sent": KindSpec(
        "Status email with next steps sent",
        {"template": _f("text", help="the template the email came from")},
        label="Email sent",
    ),
    "call_reached": KindSpec("Call reached the customer", {}, label="Call reached"),
    "call_no_answer": KindSpec("Call not answered", {}, label="No answer"),
    "voicemail_left": KindSpec("Voicemail left", {}, label="Voicemail left"),
    "meeting_scheduled": KindSpec(
        "Call / screen-share meeting scheduled",
        {"meeting_at": _f("instant", True, "when the meeting starts")},
        label="Meeting set",
        button="Schedule meeting…",
    ),
    "meeting_held": KindSpec("Meeting held", {}, label="Meeting held"),
    "customer_replied": KindSpec(
        "Customer replied",
        {"follow_up_on": _f("instant_or_date", help="a date the customer said they would answer by")},
        label="Customer replied",
    ),
    "out_of_office": KindSpec(
        "Out-of-office auto-reply",
        {"until": _f("date", True, "the return date the auto-reply gives")},
        label="Out of office",
    ),
    "delivery_failed": KindSpec(
        "Delivery failure (our email was not delivered)",
        {"address": _f("text", True, "the address our email could not be delivered to")},
        label="Delivery failed",
        button="Delivery failed…",
    ),
    "pending_research": KindSpec(
        "Pending our research",
        {"eta": _f("instant", help="when we will update the customer")},
        label="Pending research",
        button="Pending research…",
    ),
    "pending_customer": KindSpec(
        "Pending customer information",
        {"follow_up_on": _f("instant_or_date", help="a date the customer indicated")},
        label="Pending customer",
        button="Pending customer…",
    ),
    "resolution_provided": KindSpec(
        "Resolution provided",
        {"follow_up_on": _f("instant_or_date", help="when the customer said they will test")},
        label="Resolution provided",
    ),
    "confirmation_received": KindSpec("Customer confirmed the case can close", {}, label="Customer confirmed"),
    "unresponsive": KindSpec("Customer unresponsive", {}, label="Unresponsive"),
    "tam_contacted": KindSpec("TAM contacted", {}, label="TAM contacted"),
    "strike_sent": KindSpec(
        "Unresponsive strike sent",
        {
            "n": _f("int", True, "1, 2 or 3", minimum=1, maximum=3),
            "closes_on": _f("instant_or_date", help="strike 3: the announced closure date"),
        },
        label="Strike sent",
        button="Strike sent…",
    ),
    "lqr_sent": KindSpec(
        "Last Quality Response sent",
        {"variant": _f("choice", help="resolved, resolved_by_customer or unresolved", choices=LQR_VARIANTS)},
        label="LQR sent",
    ),
    "closed": KindSpec("Case closed", {"reason": _f("text")}, label="Closed", button="Close case"),
    "reopened": KindSpec("Case reopened", {}, label="Reopened", button="Reopen"),
    "dissatisfied": KindSpec("Customer dissatisfied", {}, label="Dissatisfied"),
    "senior_consulted": KindSpec("Discussed with a Senior Engineer / Technical Advisor", {}, label="Senior consulted"),
    "paused": KindSpec(
        "Case paused",
        {
            "until": _f("instant_or_date", True, "the date the case resumes"),
            "reason": _f("text", True, "why the case is paused"),
            "requested_by": _f("text", help="who asked for the pause"),
        },
        label="Paused",
    ),
    "resumed": KindSpec("Case resumed", {}, label="Resumed"),
    "eta_set": KindSpec(
        "ETA given to the customer",
        {"eta": _f("instant_or_date", True, "our next update")},
        label="ETA set",
        button="Set ETA…",
    ),
    "note": KindSpec("Note", {"text": _f("text", True, "the note")}, label="Note"),
    # --- re-engagement (playbook rules §4) ---
    "research_done": KindSpec("Customer research done", {}, label="Research done"),
    "dnc_checked": KindSpec("Do-not-contact list checked", {}, label="DNC checked"),
    "outreach_sent": KindSpec(
        "Outreach email sent", {"n": _f("int", help="1 or 2", minimum=1, maximum=2)}, label="Outreach sent"
    ),
    "account_team_informed": KindSpec("Account team informed and asked for help", {}, label="Account team informed"),
    "discovery_meeting_held": KindSpec("Discovery meeting held", {}, label="Discovery meeting"),
    "scenario_meeting_held": KindSpec("Additional scenario meeting held", {}, label="Scenario meeting"),
    "assigned_to_delivery": KindSpec("Assigned to delivery", {}, label="Assigned to delivery"),
    "disengaged": KindSpec(
        "Disengaged",
        {
            "reason": _f("choice", True, ", ".join(DISENGAGE_REASONS), choices=DISENGAGE_REASONS),
        },
        label="Disengaged",
    ),
}

# Other names a file may use for a field (the meeting's own time cannot be called "at": that is the
# event's instant).
FIELD_ALIASES: dict[str, dict[str, str]] = {
    "meeting_scheduled": {
        "at": "meeting_at",
        "when": "meeting_at",
        "starts_at": "meeting_at",
        "meeting": "meeting_at",
        "time": "meeting_at",
        "scheduled_for": "meeting_at",
    },
    "strike_sent": {"strike": "n", "number": "n"},
    "note": {"note": "text", "body": "text"},
}


def event_label(kind: str, fields: Mapping[str, Any] | None = None) -> str:
    """The short label of an event (one table for the window, the timeline and the command line): a
    numbered strike or outreach says its number ("Strike 2")."""
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    n = (fields or {}).get("n")
    if isinstance(n, int) and not isinstance(n, bool) and kind in NUMBERED:
        return f"{NUMBERED[kind]} {n}"
    return spec.label or spec.title


NUMBERED = {"strike_sent": "Strike", "outreach_sent": "Outreach"}


def kind_spec(kind: object, where: str) -> KindSpec:
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValidationError(f"unknown event kind {kind!r} (known: {', '.join(sorted(KINDS))})", where=where)
    return KINDS[kind]


def _check_value(spec: FieldSpec, value: Any, where: str) -> Any:
    """The canonical JSON value of one field, or a ValidationError naming ``where``."""
    if spec.type == "instant":
        return format_instant_iso(parse_instant(value, where))
    if spec.type == "date":
        return parse_date(value, where).isoformat()
    if spec.type == "instant_or_date":
        if isinstance(value, str) and len(value.strip()) == 10:
            return parse_date(value, where).isoformat()
        return format_instant_iso(parse_instant(value, where))
    if spec.type == "int":
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(f"expected a whole number, got {value!r}", where=where)
        if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
            raise ValidationError(f"expected a number from {spec.minimum} to {spec.maximum}, got {value}", where=where)
        return value
    if spec.type == "bool":
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        if not isinstance(value, bool):
            raise ValidationError(f"expected true or false, got {value!r}", where=where)
        return value
    if spec.type == "choice":
        if value not in spec.choices:
            raise ValidationError(f"expected one of {', '.join(spec.choices)}, got {value!r}", where=where)
        return value
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {value!r}", where=where)
    return value


def check_fields(kind: str, fields: Mapping[str, Any], where: str, *, strict: bool) -> dict[str, Any]:
    """Validate and canonicalise an event's fields.

    ``strict`` (log and buttons): required fields must be present and unknown fields are refused.
    Not strict (import of history): every field present is checked, unknown ones are kept as they are.
    """
    spec = kind_spec(kind, where)
    aliases = FIELD_ALIASES.get(kind, {})
    known = {**COMMON_FIELDS, **spec.fields}
    result: dict[str, Any] = {}
    for name, value in fields.items():
        canonical = aliases.get(name, name) if name not in known else name
        field_where = f"{where}.{name}"
        if canonical in known:
            if value is None and not known[canonical].required:
                continue
            result[canonical] = _check_value(known[canonical], value, field_where)
        elif strict:
            allowed = ", ".join(spec.fields) or "none"
            # Which event does carry it: "email_sent eta=…" means "eta_set eta=…" (a new ETA is its own event).
            carriers = [
                k
                for k, other in KINDS.items()
                if list(other.fields) == [name] and other.fields[name].required  # an event that is just that field
            ]
            hint = f"; to record it alone: {carriers[0]} {name}=…" if carriers else ""
            raise ValidationError(f"{kind} has no field {name!r} (its fields: {allowed}){hint}", where=field_where)
        else:
            result[name] = value
    if strict:
        missing = [name for name, f in spec.fields.items() if f.required and result.get(name) in (None, "")]
        if missing:
            details = "; ".join(f"{m}: {spec.fields[m].help}" for m in missing)
            raise ValidationError(f"{kind} needs {', '.join(missing)} ({details})", where=where)
    return result
