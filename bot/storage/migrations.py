"""Ordered schema migrations tracked with ``PRAGMA user_version``.

Never edit a released migration: append a new ``(version, sql)`` pair instead,
so databases already in production are upgraded step by step. Scripts are split
into statements and run through ``Database`` (not ``executescript``, which would
COMMIT the surrounding transaction), so all pending migrations apply atomically.
``foreign_keys`` is ON during migrations: a future table rebuild must keep that
in mind (create the new table, copy, drop, rename in an order that never breaks
a reference).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.storage.db import Database

Migration = tuple[int, str]

V1 = """
CREATE TABLE users (
    user_id     INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    first_name  TEXT NOT NULL DEFAULT '',
    username    TEXT,
    language    TEXT,
    bot_blocked INTEGER NOT NULL DEFAULT 0 CHECK (bot_blocked IN (0, 1)),
    banned      INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1)),
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL
);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id           INTEGER NOT NULL REFERENCES users(user_id),
    chat_id           INTEGER NOT NULL,
    language          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
    urgent            INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    question          TEXT NOT NULL,
    guesses           TEXT NOT NULL DEFAULT '[]',
    source_message_id INTEGER NOT NULL,
    created_at        REAL NOT NULL,
    first_answer_at   REAL,
    closed_at         REAL,
    closed_by         INTEGER,
    taken_by          INTEGER,
    taken_by_name     TEXT,
    staff_message_id  INTEGER,
    last_surfaced_at  REAL,
    UNIQUE (chat_id, source_message_id)
);
CREATE INDEX tickets_user ON tickets(user_id, created_at);
CREATE INDEX tickets_status ON tickets(status, urgent, created_at);
CREATE INDEX tickets_created ON tickets(created_at);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    direction   TEXT NOT NULL CHECK (direction IN ('citizen', 'staff', 'system')),
    kind        TEXT NOT NULL,
    text        TEXT,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    author_id   INTEGER,
    author_name TEXT,
    created_at  REAL NOT NULL,
    UNIQUE (direction, chat_id, message_id)
);
CREATE INDEX messages_ticket ON messages(ticket_id, created_at);

CREATE TABLE staff_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id           INTEGER NOT NULL,
    method            TEXT NOT NULL,
    payload           TEXT NOT NULL,
    purpose           TEXT NOT NULL DEFAULT '',
    ticket_id         INTEGER REFERENCES tickets(id),
    map_reply         INTEGER NOT NULL DEFAULT 0 CHECK (map_reply IN (0, 1)),
    dedupe_key        TEXT UNIQUE,
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    not_before        REAL NOT NULL,
    last_error        TEXT,
    result_message_id INTEGER,
    created_at        REAL NOT NULL,
    sent_at           REAL
);
CREATE INDEX outbox_pending ON outbox(chat_id, id) WHERE status = 'pending';

CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    user_id   INTEGER,
    entry_id  TEXT,
    ticket_id INTEGER,
    at        REAL NOT NULL
);
CREATE INDEX events_at ON events(at, kind);
"""

# Nothing lost, nothing silent: a durable inbox of updates, outbox rows that wait ("held") for a citizen
# who blocked the bot or for the bot's return to the staff chat, what each relayed message came from,
# idempotent statistics, small operator state (e.g. the staff chat's new id after a migration), and the
# conversation context per chat.
V2 = """
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER,
    payload     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'deferred', 'done')),
    received_at REAL NOT NULL,
    not_before  REAL,
    handled_at  REAL
);
CREATE INDEX inbox_open ON inbox(status, update_id) WHERE status != 'done';

CREATE TABLE outbox_v2 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id           INTEGER NOT NULL,
    method            TEXT NOT NULL,
    payload           TEXT NOT NULL,
    purpose           TEXT NOT NULL DEFAULT '',
    ticket_id         INTEGER REFERENCES tickets(id),
    origin_chat_id    INTEGER,
    origin_message_id INTEGER,
    dedupe_key        TEXT UNIQUE,
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'held')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    not_before        REAL NOT NULL,
    last_error        TEXT,
    result_message_id INTEGER,
    created_at        REAL NOT NULL,
    sent_at           REAL
);
INSERT INTO outbox_v2 (id, chat_id, method, payload, purpose, ticket_id, dedupe_key, status, attempts, not_before,
                       last_error, result_message_id, created_at, sent_at)
    SELECT id, chat_id, method, payload, purpose, ticket_id, dedupe_key, status, attempts, not_before,
           last_error, result_message_id, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(chat_id, id) WHERE status = 'pending';
CREATE INDEX outbox_held ON outbox(chat_id, id) WHERE status = 'held';
CREATE INDEX outbox_origin ON outbox(origin_chat_id, origin_message_id) WHERE origin_message_id IS NOT NULL;

ALTER TABLE tickets ADD COLUMN answer_edited_at REAL;
ALTER TABLE tickets ADD COLUMN closed_by_name TEXT;

ALTER TABLE events ADD COLUMN dedupe TEXT;
CREATE UNIQUE INDEX events_dedupe ON events(dedupe) WHERE dedupe IS NOT NULL;

CREATE TABLE bot_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at REAL NOT NULL
);

CREATE TABLE dialogue (
    chat_id    INTEGER PRIMARY KEY,
    state      TEXT NOT NULL,
    updated_at REAL NOT NULL
);
"""

# Learning from real questions and a government service's controls: every citizen question with what
# happened to it (masked text), the audit trail of staff and admin actions, and FAQ entries switched off.
V3 = """
CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER,
    chat_id      INTEGER,
    update_id    INTEGER UNIQUE,
    at           REAL NOT NULL,
    lang         TEXT NOT NULL,
    text         TEXT,
    decision     TEXT NOT NULL,
    candidates   TEXT NOT NULL DEFAULT '[]',
    shown_entry  TEXT,
    picked_entry TEXT,
    feedback     INTEGER NOT NULL DEFAULT 0,
    ticket_id    INTEGER REFERENCES tickets(id),
    staff_label  TEXT,
    staff_answer TEXT,
    closed       INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
);
CREATE INDEX questions_at ON questions(at);
CREATE INDEX questions_chat ON questions(chat_id, at);
CREATE INDEX questions_ticket ON questions(ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         REAL NOT NULL,
    actor_id   INTEGER,
    actor_name TEXT,
    action     TEXT NOT NULL,
    ticket_id  INTEGER,
    detail     TEXT
);
CREATE INDEX audit_at ON audit(at);

CREATE TABLE disabled_entries (
    entry_id TEXT PRIMARY KEY,
    by_id    INTEGER,
    at       REAL NOT NULL
);
"""

# Privacy: which tickets lost their texts and why (the citizen's /forget, or the retention period), when a
# citizen last downloaded their data (/mydata is rate-limited), and indexes for finding a citizen's rows.
V4 = """
ALTER TABLE tickets ADD COLUMN redacted TEXT CHECK (redacted IN ('citizen', 'retention'));
ALTER TABLE tickets ADD COLUMN redacted_at REAL;
ALTER TABLE users ADD COLUMN data_export_at REAL;
CREATE INDEX tickets_closed ON tickets(closed_at) WHERE redacted IS NULL AND status = 'closed';
CREATE INDEX outbox_chat ON outbox(chat_id);
CREATE INDEX outbox_ticket ON outbox(ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX events_user ON events(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX questions_user ON questions(user_id) WHERE user_id IS NOT NULL;
"""

MIGRATIONS: tuple[Migration, ...] = ((1, V1), (2, V2), (3, V3), (4, V4))


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the bot; refuse to touch it."""


def split_statements(script: str) -> list[str]:
    """Split an SQL script into complete statements (trigger bodies stay whole)."""
    statements: list[str] = []
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \t\r\n;"):
                statements.append(buf.strip())
            buf = ""
    if buf.strip(" \t\r\n;"):
        raise ValueError(f"incomplete SQL statement in migration: {buf.strip()[:80]!r}")
    return statements


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [v for v, _ in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n in order, got {versions}")


async def migrate(db: Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply every migration newer than the database, all in one transaction; return the version."""
    _check_order(migrations)
    latest = migrations[-1][0] if migrations else 0
    async with db.transaction():
        # Read inside BEGIN IMMEDIATE so a second process cannot migrate concurrently.
        current = await db.schema_version()
        if current > latest:
            raise SchemaTooNewError(f"database schema v{current} is newer than this code (v{latest})")
        for version, script in migrations:
            if version <= current:
                continue
            for statement in split_statements(script):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {int(version)}")
    return max(current, latest)
