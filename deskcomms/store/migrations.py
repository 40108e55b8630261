"""The schema as an ordered list of migrations; ``PRAGMA user_version`` holds how many have run.

Each step runs in one transaction. Append new steps at the end; never edit a step that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

# "dcms": marks the file as a deskcomms database (PRAGMA application_id).
APPLICATION_ID = 0x64636D73


@dataclass(frozen=True)
class Migration:
    version: int
    changes: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "settings, profile, cases, contacts (customer and TAM) and events",
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL              -- JSON, only keys that differ from the defaults
        );
        CREATE TABLE profile (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE cases (
            id          INTEGER PRIMARY KEY,
            number      TEXT NOT NULL UNIQUE,
            title       TEXT NOT NULL DEFAULT '',
            technology  TEXT NOT NULL DEFAULT '',
            playbook    TEXT NOT NULL DEFAULT 'css',
            opened_at   TEXT NOT NULL,       -- ISO 8601 with the offset it was given
            opened_utc  TEXT NOT NULL,       -- sortable UTC key
            notes       TEXT NOT NULL DEFAULT '',
            extra       TEXT NOT NULL DEFAULT '{}',
            updated_utc TEXT NOT NULL
        );
        CREATE TABLE contacts (
            id                INTEGER PRIMARY KEY,
            case_id           INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            role              TEXT NOT NULL CHECK (role IN ('customer', 'tam')),
            name              TEXT NOT NULL DEFAULT '',
            email             TEXT NOT NULL DEFAULT '',
            phone             TEXT NOT NULL DEFAULT '',
            timezone          TEXT NOT NULL DEFAULT '',
            preferred_channel TEXT NOT NULL DEFAULT 'email',
            premier           INTEGER NOT NULL DEFAULT 0,
            do_not_contact    INTEGER NOT NULL DEFAULT 0,
            extra             TEXT NOT NULL DEFAULT '{}',
            UNIQUE (case_id, role)
        );
        CREATE TABLE events (
            id           INTEGER PRIMARY KEY,
            case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            at           TEXT NOT NULL,      -- ISO 8601 with the offset it was given
            at_utc       TEXT NOT NULL,
            kind         TEXT NOT NULL,
            fields       TEXT NOT NULL DEFAULT '{}',
            recorded_utc TEXT NOT NULL
        );
        CREATE INDEX events_by_case ON events (case_id, at_utc, id);
        """,
    ),
)

MIGRATIONS += (
    Migration(
        2,
        "call-prep checklists: which items were ticked, per case and call",
        """
        CREATE TABLE checklist_ticks (
            case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            call_key TEXT NOT NULL,
            item_key TEXT NOT NULL,
            PRIMARY KEY (case_id, call_key, item_key)
        )
        """,
    ),
)

MIGRATIONS += (
    Migration(
        3,
        "reminders: stored due instants, acknowledgements, snoozes, app state (global snooze and pause)",
        """
        CREATE TABLE due_index (
            case_number TEXT PRIMARY KEY,
            action      TEXT NOT NULL,
            title       TEXT NOT NULL,
            due_utc     TEXT NOT NULL,
            why         TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX due_index_by_due ON due_index (due_utc);
        CREATE TABLE reminder_acks (
            key       TEXT PRIMARY KEY,
            shown_utc TEXT NOT NULL
        );
        CREATE TABLE snoozes (
            key       TEXT PRIMARY KEY,
            until_utc TEXT NOT NULL
        );
        CREATE TABLE app_state (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ),
    Migration(
        4,
        "unsent drafts: the edited draft of a case, kept until it is sent or discarded",
        """
        CREATE TABLE drafts (
            case_id      INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
            template     TEXT NOT NULL,
            subject      TEXT NOT NULL,
            body         TEXT NOT NULL,
            promised_utc TEXT,               -- the update time the text promises, checked before sending
            saved_utc    TEXT NOT NULL
        )
        """,
    ),
    Migration(
        5,
        "status cache: each case's computed status with the inputs it depends on; a per-case version",
        """
        ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE status_cache (
            case_id         INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
            case_version    INTEGER NOT NULL,  -- cases.version it was computed from
            basis           TEXT NOT NULL,     -- fingerprint of settings, playbooks and engine
            computed_utc    TEXT NOT NULL,     -- the instant it was computed for
            valid_until_utc TEXT,              -- when it changes by itself (a due time, a future event), NULL for never
            row             TEXT NOT NULL,     -- JSON: what the list and the tray show
            due_utc         TEXT,              -- the next action's due instant (sortable key), NULL for none
            open_action     INTEGER NOT NULL,  -- 1 when the case is open and has a next action
            due_line        TEXT NOT NULL      -- the case's line of `deskcomms due --json`, ready to print
        )
        """,
    ),
)

MIGRATIONS += (
    Migration(
        6,
        "calendar memory: what the last `due --ics` said of each follow-up, so SEQUENCE rises on every change",
        """
        CREATE TABLE calendar_entries (
            uid           TEXT PRIMARY KEY,  -- the UID of the VEVENT: case number and action
            sequence      INTEGER NOT NULL,  -- the SEQUENCE last exported (it only ever grows)
            start_utc     TEXT NOT NULL,
            summary       TEXT NOT NULL,
            description   TEXT NOT NULL,
            changed_utc   TEXT NOT NULL,     -- when the entry last changed (LAST-MODIFIED)
            cancelled_utc TEXT               -- when it was exported as cancelled, NULL while it is due
        )
        """,
    ),
)

MIGRATIONS += (
    Migration(
        7,
        "capture by index: each contact's address in its one comparable form; captured emails by identity",
        """
        ALTER TABLE contacts ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
        UPDATE contacts SET email_key = address_key(email) WHERE email <> '';
        CREATE INDEX contacts_by_email_key ON contacts (email_key, role);
        CREATE INDEX events_by_message_id ON events (json_extract(fields, '$.message_id'));
        CREATE INDEX events_by_fingerprint ON events (json_extract(fields, '$.fingerprint'))
        """,
    ),
)

MIGRATIONS += (
    Migration(
        8,
        "mail text: the words of each captured email (and of drafts recorded as sent) beside its event; "
        "the draft coach's findings dismissed as fine for a case's draft",
        """
        CREATE TABLE mail_text (
            event_id   INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
            case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            ours       INTEGER NOT NULL DEFAULT 0,   -- 1: an email we sent, 0: the customer's
            message_id TEXT NOT NULL DEFAULT '',
            sender     TEXT NOT NULL DEFAULT '',
            subject    TEXT NOT NULL DEFAULT '',
            reply      TEXT NOT NULL DEFAULT '',     -- the sender's own words, the quoted thread cut
            body       TEXT NOT NULL DEFAULT '',     -- the whole body as read
            kept_utc   TEXT NOT NULL
        );
        CREATE INDEX mail_text_by_case ON mail_text (case_id);
        CREATE TABLE coach_dismissals (
            case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            template TEXT NOT NULL,
            rule     TEXT NOT NULL,
            quote    TEXT NOT NULL,              -- a hash of the quoted text, never the text itself
            PRIMARY KEY (case_id, template, rule, quote)
        )
        """,
    ),
)

LATEST = MIGRATIONS[-1].version
