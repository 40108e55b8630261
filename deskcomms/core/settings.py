"""The engineer's settings, declared once: key, default, label, help and validator in :data:`SETTINGS`.

The store keeps whatever differs from the defaults; import, ``deskcomms`` commands and the settings dialog
(built from this list) all validate through :func:`normalize_settings`. A new setting is one entry here.
Time zones are stored as IANA names; the Windows names users know ("Eastern Standard Time") are accepted
and turned into their IANA zone (tzlocal's table, the one Windows itself is mapped with).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from .errors import ValidationError
from .timefmt import parse_date, parse_wall_time


class SettingKind(Enum):
    """How a setting is entered; the dialog picks a widget for each kind."""

    TIMEZONE = "timezone"
    WEEKDAYS = "weekdays"
    TIME = "time"
    COUNTRY = "country"
    SUBDIVISION = "subdivision"
    DATES = "dates"
    TEXT = "text"
    CHOICE = "choice"


class Group(Enum):
    """The tab a setting appears on."""

    CALENDAR = "Calendar"
    DRAFTS = "Drafts"
    APPEARANCE = "Appearance"


class Appearance(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    help: str
    kind: SettingKind
    group: Group
    check: Callable[[Any, str], Any]  # returns the value to store, or raises ValidationError naming `where`
    choices: tuple[tuple[Any, str], ...] = ()  # (stored value, label) for CHOICE
    interchange: bool = False  # the interchange format names it: always exported
    local: bool = False  # a preference of this computer: never exported, so an import never changes it


# ----- validators ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # pure; an import asks it once per contact, for the same few zones
def resolve_timezone(value: str) -> str | None:
    """The IANA name for an IANA or Windows zone name ("Eastern Standard Time" → America/New_York)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = value.strip()
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    else:
        return name
    from tzlocal.windows_tz import win_tz

    folded = name.casefold()
    for windows_name, iana in win_tz.items():
        if windows_name.casefold() == folded:
            return iana
    from zoneinfo import available_timezones

    return next((zone for zone in available_timezones() if zone.casefold() == folded), None)


def check_timezone(value: object, where: str) -> str:
    """An IANA zone name; a Windows zone name is accepted and returned as its IANA zone."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("not a time zone name (e.g. America/New_York or Eastern Standard Time)", where=where)
    resolved = resolve_timezone(value)
    if resolved is None:
        raise ValidationError(
            f"unknown time zone {value!r} (use an IANA name such as Europe/Paris, or a Windows name "
            "such as W. Europe Standard Time)",
            where=where,
        )
    return resolved


def check_workdays(value: object, where: str) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in value)
    ):
        raise ValidationError("expected a non-empty list of ISO weekdays (1 = Monday ... 7 = Sunday)", where=where)
    return sorted(set(value))


def check_wall_time(value: object, where: str) -> str:
    parse_wall_time(value, where)
    assert isinstance(value, str)  # parse_wall_time accepted it
    return value.strip()


def check_optional_code(value: object, where: str) -> str | None:
    """A country or subdivision code, or None; whether holidays knows it is checked with its pair."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError("expected a code such as US or DE", where=where)
    return value.strip().upper() or None


def check_dates(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        raise ValidationError("expected a list of dates (YYYY-MM-DD)", where=where)
    return sorted({parse_date(d, f"{where}[{i}]").isoformat() for i, d in enumerate(value)})


def check_subject_pattern(value: object, where: str) -> str:
    if not isinstance(value, str) or "{case_number}" not in value:
        raise ValidationError("the subject pattern must contain {case_number}", where=where)
    try:
        value.format(subject="s", case_number="1")
    except (KeyError, IndexError, ValueError):
        raise ValidationError("use only {subject} and {case_number} in the subject pattern", where=where) from None
    return value


# A font family name as Outlook's font list shows it; anything that could end the CSS declaration is refused.
_FONT_FAMILY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,62}")
DRAFT_FONT_SIZES = tuple(range(8, 21))


def check_font_family(value: object, where: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not _FONT_FAMILY.fullmatch(text):
        raise ValidationError(
            f"expected a font name such as Aptos, Calibri or Segoe UI (letters, digits, spaces), got {value!r}",
            where=where,
        )
    return text


def check_font_size(value: object, where: str) -> int:
    try:
        size = int(str(value).strip().removesuffix("pt").strip()) if not isinstance(value, bool) else 0
    except ValueError:
        size = 0
    if size not in DRAFT_FONT_SIZES:
        raise ValidationError(
            f"expected a font size from {DRAFT_FONT_SIZES[0]} to {DRAFT_FONT_SIZES[-1]} points, got {value!r}",
            where=where,
        )
    return size


def check_keep_mail(value: object, where: str) -> str:
    if value not in ("keep", "off"):
        raise ValidationError(f"expected keep or off, got {value!r}", where=where)
    return str(value)


def check_appearance(value: object, where: str) -> str:
    allowed = [mode.value for mode in Appearance]
    if value not in allowed:
        raise ValidationError(f"expected one of {', '.join(allowed)}, got {value!r}", where=where)
    return str(value)


# ----- the declaration -------------------------------------------------------------------------------

# playbook rules §1: the business calendar's defaults; §6: every subject carries the case number.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "timezone",
        "America/New_York",
        "Time zone",
        "Your working time zone: due dates are counted in its business hours. An IANA name "
        "(America/New_York) or the Windows name (Eastern Standard Time).",
        SettingKind.TIMEZONE,
        Group.CALENDAR,
        check_timezone,
        interchange=True,
    ),
    Setting(
        "workdays",
        [1, 2, 3, 4, 5],
        "Workdays",
        "The days you work; follow-ups never fall due on the others.",
        SettingKind.WEEKDAYS,
        Group.CALENDAR,
        check_workdays,
        interchange=True,
    ),
    Setting(
        "work_start",
        "08:00",
        "Working day starts",
        "Business time starts counting at this hour (24-hour HH:MM).",
        SettingKind.TIME,
        Group.CALENDAR,
        check_wall_time,
        interchange=True,
    ),
    Setting(
        "work_end",
        "17:00",
        "Working day ends",
        "Business time stops counting at this hour; it must be after the start.",
        SettingKind.TIME,
        Group.CALENDAR,
        check_wall_time,
        interchange=True,
    ),
    Setting(
        "holiday_country",
        "US",
        "Public holidays of",
        "A country code such as US, GB or DE; its public holidays are not business days. Empty: none.",
        SettingKind.COUNTRY,
        Group.CALENDAR,
        check_optional_code,
        interchange=True,
    ),
    Setting(
        "holiday_subdiv",
        None,
        "Region",
        "Optional state or region for regional holidays, such as CA, NY or BY.",
        SettingKind.SUBDIVISION,
        Group.CALENDAR,
        check_optional_code,
        interchange=True,
    ),
    Setting(
        "days_off",
        [],
        "Days off",
        "Your own days off (vacation, training): no follow-up falls due on them.",
        SettingKind.DATES,
        Group.CALENDAR,
        check_dates,
        interchange=True,
    ),
    Setting(
        "subject_pattern",
        "{subject} - Case {case_number}",
        "Email subject",
        "How draft subjects are written: {subject} is the template's subject, {case_number} the case's "
        "number (required: the case tool files replies by it).",
        SettingKind.TEXT,
        Group.DRAFTS,
        check_subject_pattern,
    ),
    Setting(
        "draft_font",
        "Aptos",
        "Draft font",
        "The font of the HTML drafts pasted into Outlook (Outlook's own default since 2023 is Aptos); "
        "Calibri and Arial stand in where it is not installed. Plain text is unaffected.",
        SettingKind.TEXT,
        Group.DRAFTS,
        check_font_family,
    ),
    Setting(
        "draft_font_size",
        11,
        "Draft font size",
        "The size of the HTML drafts' text, in points (Outlook's default is 11).",
        SettingKind.CHOICE,
        Group.DRAFTS,
        check_font_size,
        choices=tuple((size, f"{size} pt") for size in DRAFT_FONT_SIZES),
    ),
    Setting(
        "keep_mail_text",
        "keep",
        "Text of emails",
        "Keep the words of captured emails (and of drafts recorded as sent) with their events, to read "
        "them back from the timeline and for the draft coach. Kept only in the database and its backups, "
        "never in logs; an export includes it only when asked. Off: new emails are recorded without their text.",
        SettingKind.CHOICE,
        Group.DRAFTS,
        check_keep_mail,
        choices=(("keep", "Keep with the event"), ("off", "Do not keep")),
        local=True,
    ),
    Setting(
        "appearance",
        Appearance.SYSTEM.value,
        "Appearance",
        "Light or dark colours, or follow the system's choice.",
        SettingKind.CHOICE,
        Group.APPEARANCE,
        check_appearance,
        choices=(("system", "System"), ("light", "Light"), ("dark", "Dark")),
        local=True,
    ),
)

BY_KEY: dict[str, Setting] = {setting.key: setting for setting in SETTINGS}
DEFAULTS: dict[str, Any] = {setting.key: setting.default for setting in SETTINGS}
# The keys the interchange format names; these are always exported, the rest only when they differ from DEFAULTS.
INTERCHANGE_KEYS = tuple(setting.key for setting in SETTINGS if setting.interchange)
# Preferences of one computer, left out of exports.
LOCAL_KEYS = frozenset(setting.key for setting in SETTINGS if setting.local)


@dataclass(frozen=True)
class ProfileField:
    key: str
    label: str
    help: str
    default: str = ""


PROFILE_FIELDS: tuple[ProfileField, ...] = (
    ProfileField("name", "Your name", "Signs every draft."),
    ProfileField("email", "Your email", "The From: of drafts and the address customers reply to."),
    ProfileField("title", "Title", "Under your name in the signature, e.g. Support Engineer."),
    ProfileField("team", "Team", "Your team, e.g. Azure Data Integration."),
    ProfileField("phone", "Phone", "Where customers can call you back."),
    ProfileField("company", "Company", "Closes the signature."),
    ProfileField("manager_name", "Manager", "Named in escalation and closure emails."),
    ProfileField("manager_email", "Manager's email", "Copied where the playbook asks for the manager."),
    ProfileField(
        "support_cc",
        "Support CC address",
        "Copied on every customer email so the case tool files it.",
        "support@mail.support.microsoft.com",
    ),
)
PROFILE_KEYS = tuple(field.key for field in PROFILE_FIELDS)
PROFILE_DEFAULTS: dict[str, str] = {field.key: field.default for field in PROFILE_FIELDS}


def check_holiday_region(country: object, subdiv: object, where: str) -> tuple[str | None, str | None]:
    """A country (and subdivision) the ``holidays`` package knows; ``None`` means no public holidays."""
    if country is None or country == "":
        return None, None
    if not isinstance(country, str):
        raise ValidationError("expected a country code such as US or DE", where=f"{where}.holiday_country")
    import holidays

    supported = holidays.list_supported_countries()
    code = country.strip().upper()
    if code not in supported:
        raise ValidationError(f"no public holidays known for country {country!r}", where=f"{where}.holiday_country")
    if subdiv is None or subdiv == "":
        return code, None
    if not isinstance(subdiv, str) or subdiv.strip().upper() not in {s.upper() for s in supported[code]}:
        raise ValidationError(f"{code} has no subdivision {subdiv!r}", where=f"{where}.holiday_subdiv")
    return code, subdiv.strip().upper()


def normalize_settings(raw: Mapping[str, Any] | None, where: str = "settings") -> dict[str, Any]:
    """Defaults overlaid with ``raw``, each value checked; the result is what the calendar is built from."""
    if raw is not None and not isinstance(raw, Mapping):
        raise ValidationError("expected an object", where=where)
    merged = dict(DEFAULTS)
    merged.update(raw or {})
    for setting in SETTINGS:
        if setting.kind not in (SettingKind.COUNTRY, SettingKind.SUBDIVISION):
            merged[setting.key] = setting.check(merged[setting.key], f"{where}.{setting.key}")
        if setting.key == "work_end" and parse_wall_time(merged["work_start"], "") >= parse_wall_time(
            merged["work_end"], ""
        ):
            raise ValidationError(
                f"working hours end ({merged['work_end']}) must be after they start ({merged['work_start']})",
                where=f"{where}.work_end",
            )
        if setting.key == "holiday_subdiv":
            merged["holiday_country"], merged["holiday_subdiv"] = check_holiday_region(
                merged["holiday_country"], merged["holiday_subdiv"], where
            )
    _check_days_off_leave_work(merged["days_off"], merged["workdays"], f"{where}.days_off")
    return merged


# Days off may cover a long leave, but not so many workdays in a row that no due date can be found
# (the calendar looks three years ahead at most).
MAX_WORKDAYS_OFF_IN_A_ROW = 130


def _check_days_off_leave_work(days_off: list[str], workdays: list[int], where: str) -> None:
    from datetime import date, timedelta

    if len(days_off) > 3 * 366:
        raise ValidationError(f"too many days off ({len(days_off)}); at most {3 * 366}", where=where)
    run, start = 0, None
    days = [date.fromisoformat(d) for d in days_off]
    off = set(days)
    day = days[0] if days else None
    last = days[-1] if days else None
    while day is not None and last is not None and day <= last:
        if day.isoweekday() in workdays:
            if day in off:
                run, start = run + 1, start or day
                if run > MAX_WORKDAYS_OFF_IN_A_ROW:
                    raise ValidationError(
                        f"the days off from {start} cover more than {MAX_WORKDAYS_OFF_IN_A_ROW} workdays in a row; "
                        "no follow-up could ever fall due",
                        where=where,
                    )
            else:
                run, start = 0, None
        day += timedelta(days=1)


# The profile's addresses go into the signature, From: and CC of every draft: one plain address each.
PROFILE_EMAILS = {"email": "Your email", "manager_email": "Your manager's email", "support_cc": "The support CC"}


def check_profile_email(key: str, value: str, where: str = "profile") -> str:
    """``value`` if it is one plain email address (or empty); else a message naming the field."""
    from .addresses import normalize_address

    if not value:
        return value
    try:
        return normalize_address(value)
    except ValueError as exc:
        raise ValidationError(
            f"{PROFILE_EMAILS[key]} {value[:80]!r} is not an email address ({exc}): write it as name@example.com",
            where=f"{where}.{key}",
        ) from None


def normalize_profile(raw: Mapping[str, Any] | None, where: str = "profile") -> dict[str, str]:
    if raw is not None and not isinstance(raw, Mapping):
        raise ValidationError("expected an object", where=where)
    merged = dict(PROFILE_DEFAULTS)
    for key, value in (raw or {}).items():
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError("expected text", where=f"{where}.{key}")
        merged[key] = value.strip()
    for key in PROFILE_EMAILS:
        merged[key] = check_profile_email(key, merged.get(key, ""), where)
    return merged


def first_run_settings(machine_zone: str | None) -> dict[str, Any]:
    """What a first run proposes: the defaults, in this computer's own time zone when it is a known zone."""
    proposal = dict(DEFAULTS)
    if machine_zone:
        resolved = resolve_timezone(machine_zone)
        if resolved is not None:
            proposal["timezone"] = resolved
    return proposal


UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu", "UCT", "Zulu"})


def first_run_zone_note(machine_zone: str | None, in_use: str | None = None) -> str:
    """The welcome's sentence on the time zone: which one deskcomms will use, and where it came from (and,
    when it differs, the zone in use until the settings are saved)."""
    proposal = first_run_settings(machine_zone)["timezone"]
    until_saved = f" Until you save, deskcomms uses {in_use}." if in_use and in_use != proposal else ""
    return _zone_note(machine_zone, proposal) + until_saved


def _zone_note(machine_zone: str | None, proposal: str) -> str:
    if machine_zone and resolve_timezone(machine_zone) is not None:
        note = f"deskcomms will use the time zone {proposal}, from this computer's settings."
        if proposal in UTC_NAMES or machine_zone in UTC_NAMES:
            note += (
                " Computers often say UTC when nobody chose a zone (servers, virtual machines): "
                "if your working day is elsewhere, choose your zone on the Calendar tab."
            )
        return note
    said = f" (it said {machine_zone!r}, which is not a known zone)" if machine_zone else ""
    return (
        f"deskcomms will use the time zone {proposal}, its default: this computer did not give one{said}. "
        "Choose yours on the Calendar tab."
    )


def is_first_run(settings: Mapping[str, Any], profile: Mapping[str, str]) -> bool:
    """Nothing chosen yet: every setting at its default and no name in the profile."""
    chosen = {key: value for key, value in settings.items() if key not in LOCAL_KEYS}
    return chosen == {k: v for k, v in DEFAULTS.items() if k not in LOCAL_KEYS} and not profile.get("name")
