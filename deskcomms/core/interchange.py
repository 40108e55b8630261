"""The interchange JSON of the interchange format: parse (whole-document validation with exact error paths) and dump.

Parsing never writes anything: it returns plain objects or raises a ValidationError whose ``where`` is
the path of the bad value (``cases[3].events[2].at``), so a malformed file is refused whole.
Dumping writes the the interchange format keys always and added keys only when they carry something, so that the
the interchange format example exports unchanged and export → import → export is stable.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ValidationError
from .events import check_fields, kind_spec
from .model import Case, Contact, Event, Tam
from .sanity import MAX_TITLE, check_address, check_lines, check_text, check_tree
from .settings import INTERCHANGE_KEYS, PROFILE_KEYS, normalize_profile, normalize_settings
from .timefmt import format_instant_iso, parse_instant

FORMAT = "deskcomms"
VERSION = 1

DOCUMENT_KEYS = ("format", "version", "settings", "profile", "cases")
CASE_KEYS = ("number", "title", "technology", "playbook", "opened_at", "customer", "tam", "events", "notes")
CONTACT_KEYS = ("name", "email", "phone", "timezone", "preferred_channel", "premier", "do_not_contact")
TAM_KEYS = ("name", "email")


@dataclass
class Document:
    settings: dict[str, Any] | None = None
    profile: dict[str, str] | None = None
    cases: list[Case] = field(default_factory=list)
    # Top-level keys this version does not know: kept, and written back on export (README promise).
    extra: dict[str, Any] = field(default_factory=dict)


def read_file(path: Path) -> Any:
    """The JSON value in ``path``, or a ValidationError saying plainly why it is not one."""
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ValidationError("no such file", where=str(path)) from None
    except OSError as exc:
        raise ValidationError(f"cannot read: {exc.strerror}", where=str(path)) from None
    if stat.S_ISDIR(mode):
        raise ValidationError("is a folder, not a file", where=str(path))
    if not stat.S_ISREG(mode):  # a named pipe or a device would block or never end
        raise ValidationError("is not a regular file (a pipe or a device); give a .json file", where=str(path))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("no such file", where=str(path)) from None
    except IsADirectoryError:
        raise ValidationError("is a folder, not a file", where=str(path)) from None
    except OSError as exc:
        raise ValidationError(f"cannot read: {exc.strerror}", where=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("not a deskcomms JSON file (it is not UTF-8 text)", where=str(path)) from None
    return parse_json_text(text, str(path))


def parse_json_text(text: str, where: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:  # the last one would silently win: say so instead
                raise ValidationError(f"the key {key!r} appears twice in one object", where=where)
            seen[key] = value
        return seen

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", where=where
        ) from None
    except RecursionError:
        raise ValidationError("not a deskcomms JSON file (nested too deeply)", where=where) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise ValidationError("holds a number with thousands of digits", where=where) from None


def _text(obj: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
    value = obj.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type(value).__name__}", where=f"{where}.{key}")
    return value


def _flag(obj: Mapping[str, Any], key: str, where: str) -> bool:
    value = obj.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(f"expected true or false, got {value!r}", where=f"{where}.{key}")
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected an object, got {_json_type(value)}", where=where)
    return value


def _json_type(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        type(None): "null",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def parse_contact(raw: Any, where: str) -> Contact:
    from .settings import check_timezone

    obj = _object(raw, where)
    email = _text(obj, "email", where).strip()
    if email:
        email = check_address(email, f"{where}.email")  # stored in its one normalized form
    texts = [(key, _text(obj, key, where)) for key in ("name", "phone", "timezone")]
    check_lines(texts, where)
    (_, name), (_, phone), (_, timezone) = texts
    timezone = timezone.strip()
    if timezone:
        timezone = check_timezone(timezone, f"{where}.timezone")  # a Windows zone name becomes its IANA zone
    channel = _text(obj, "preferred_channel", where, "email") or "email"
    if channel not in ("email", "phone"):
        raise ValidationError(f"expected email or phone, got {channel!r}", where=f"{where}.preferred_channel")
    return Contact(
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        timezone=timezone,
        preferred_channel=channel,
        premier=_flag(obj, "premier", where),
        do_not_contact=_flag(obj, "do_not_contact", where),
        extra={k: v for k, v in obj.items() if k not in CONTACT_KEYS},
    )


def parse_event(raw: Any, where: str, *, strict: bool = False) -> Event:
    obj = _object(raw, where)
    if "at" not in obj:
        raise ValidationError("missing (every event needs the instant it happened)", where=f"{where}.at")
    at = parse_instant(obj["at"], f"{where}.at")
    if "kind" not in obj:
        raise ValidationError("missing (every event needs a kind)", where=f"{where}.kind")
    kind = obj["kind"]
    kind_spec(kind, f"{where}.kind")
    fields = {k: v for k, v in obj.items() if k not in ("at", "kind")}
    return Event(at=at, kind=kind, fields=check_fields(kind, fields, where, strict=strict))


def parse_case(raw: Any, where: str, known_playbooks: Collection[str] | None = None) -> Case:
    obj = _object(raw, where)
    number = obj.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(number, str) or not number.strip():
        raise ValidationError("every case needs a case number (non-empty text)", where=f"{where}.number")
    texts = [(key, _text(obj, key, where)) for key in ("title", "technology")]
    check_lines([("number", number), *texts], where)
    for key, text in texts:
        if len(text) > MAX_TITLE:
            raise ValidationError(
                f"too long for a case {key} ({len(text):,} characters; at most {MAX_TITLE:,}, "
                "so that every draft that quotes it fits)",
                where=f"{where}.{key}",
            )
    (_, title), (_, technology) = texts
    playbook = _text(obj, "playbook", where, "css") or "css"
    if known_playbooks is not None and playbook not in known_playbooks:
        raise ValidationError(
            f"unknown playbook {playbook!r} (known: {', '.join(sorted(known_playbooks))})",
            where=f"{where}.playbook",
        )
    if "opened_at" not in obj:
        raise ValidationError("missing (when the case was opened)", where=f"{where}.opened_at")
    opened_at = parse_instant(obj["opened_at"], f"{where}.opened_at")
    tam_raw = obj.get("tam")
    tam = None
    if tam_raw is not None:
        tam_obj = _object(tam_raw, f"{where}.tam")
        check_text(_text(tam_obj, "name", f"{where}.tam"), f"{where}.tam.name", single_line=True)
        tam_email = _text(tam_obj, "email", f"{where}.tam").strip()
        if tam_email:
            tam_email = check_address(tam_email, f"{where}.tam.email")
        tam = Tam(
            name=_text(tam_obj, "name", f"{where}.tam").strip(),
            email=tam_email,
            extra={k: v for k, v in tam_obj.items() if k not in TAM_KEYS},
        )
    events_raw = obj.get("events", [])
    if not isinstance(events_raw, list):
        raise ValidationError(f"expected a list of events, got {_json_type(events_raw)}", where=f"{where}.events")
    events = [parse_event(e, f"{where}.events[{i}]") for i, e in enumerate(events_raw)]
    return Case(
        number=number.strip(),
        title=title,
        technology=technology,
        playbook=playbook,
        opened_at=opened_at,
        customer=parse_contact(obj.get("customer") or {}, f"{where}.customer"),
        tam=tam,
        events=events,
        notes=_text(obj, "notes", where),
        extra={k: v for k, v in obj.items() if k not in CASE_KEYS},
    )


def parse_document(data: Any, known_playbooks: Collection[str] | None = None) -> Document:
    """Validate a whole interchange document; raise on the first bad value, naming its path."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            f'not a deskcomms document: expected an object with "format": "deskcomms", got {_json_type(data)}',
            where="(top level)",
        )
    check_tree(data, "")
    fmt = data.get("format")
    if fmt != FORMAT:
        raise ValidationError(f'not a deskcomms document: expected "deskcomms", got {fmt!r}', where="format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationError(f"expected a whole number, got {version!r}", where="version")
    if version > VERSION:
        raise ValidationError(
            f"this file is format version {version}, written by a newer deskcomms; this version reads up to {VERSION}",
            where="version",
        )
    if version < 1:
        raise ValidationError(f"unknown format version {version}", where="version")
    settings = normalize_settings(data["settings"]) if data.get("settings") is not None else None
    if settings is not None:
        settings = {k: v for k, v in settings.items() if k in data["settings"]}
    profile = None
    if data.get("profile") is not None:
        raw_profile = _object(data["profile"], "profile")
        profile = {k: v for k, v in normalize_profile(raw_profile).items() if k in raw_profile}
    cases_raw = data.get("cases", [])
    if not isinstance(cases_raw, list):
        raise ValidationError(f"expected a list of cases, got {_json_type(cases_raw)}", where="cases")
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(cases_raw):
        case = parse_case(raw, f"cases[{i}]", known_playbooks)
        if case.number in seen:
            raise ValidationError(
                f"case {case.number} appears twice (also cases[{seen[case.number]}])",
                where=f"cases[{i}].number",
            )
        seen[case.number] = i
        cases.append(case)
    extra = {k: v for k, v in data.items() if k not in DOCUMENT_KEYS}
    return Document(settings=settings, profile=profile, cases=cases, extra=extra)


# ----- dumping -------------------------------------------------------------------------------------


def dump_event(event: Event) -> dict[str, Any]:
    return {"at": format_instant_iso(event.at), "kind": event.kind, **event.fields}


def dump_case(case: Case) -> dict[str, Any]:
    c = case.customer
    out: dict[str, Any] = {
        "number": case.number,
        "title": case.title,
        "technology": case.technology,
        "playbook": case.playbook,
        "opened_at": format_instant_iso(case.opened_at) if case.opened_at else None,
        "customer": {
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "timezone": c.timezone,
            "preferred_channel": c.preferred_channel,
            "premier": c.premier,
            "do_not_contact": c.do_not_contact,
            **c.extra,
        },
    }
    if case.tam is not None:
        out["tam"] = {"name": case.tam.name, "email": case.tam.email, **case.tam.extra}
    out["events"] = [dump_event(e) for e in case.sorted_events()]
    if case.notes:
        out["notes"] = case.notes
    out.update(case.extra)
    return out


def dump_document(
    settings: Mapping[str, Any],
    profile: Mapping[str, str],
    cases: list[Case],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    from .settings import DEFAULTS, LOCAL_KEYS

    out_settings = {k: settings[k] for k in INTERCHANGE_KEYS}
    out_settings.update(
        {
            k: v
            for k, v in settings.items()
            if k not in INTERCHANGE_KEYS and k not in LOCAL_KEYS and v != DEFAULTS.get(k)
        }
    )
    out_profile = {k: profile.get(k, "") for k in PROFILE_KEYS}
    out_profile.update({k: v for k, v in profile.items() if k not in PROFILE_KEYS and v})
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": out_settings,
        "profile": out_profile,
        "cases": [dump_case(c) for c in cases],
        **{k: v for k, v in (extra or {}).items() if k not in DOCUMENT_KEYS},
    }
