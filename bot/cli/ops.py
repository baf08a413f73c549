"""What the operations commands (`backup`, `export`) share: the database they read, and the audit entry they write.

They run beside the live bot, often from a timer, so they use plain sqlite3 (no migrations: a newer CLI
must never upgrade the schema under a running older bot) with a busy timeout, and they never print
personal data to the terminal.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

from bot.config import read_dotenv
from bot.storage.db import parse_database_url

DEFAULT_DATABASE_URL = "sqlite:///data/bot.sqlite3"


def database_path(url: str | None = None) -> Path:
    """The database file: --database, else DATABASE_URL from the environment or .env, else the default."""
    chosen = url or os.environ.get("DATABASE_URL") or read_dotenv(Path(".env")).get("DATABASE_URL")
    return Path(parse_database_url(chosen or DEFAULT_DATABASE_URL))


def record_audit(database: Path, action: str, detail: str) -> bool:
    """An audit entry for a command run by an operator on the server (actor "cli"); False if it could not be written."""
    try:
        with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn, conn:
            conn.execute(
                "INSERT INTO audit (at, actor_id, actor_name, action, ticket_id, detail) "
                "VALUES (?, NULL, 'cli', ?, NULL, ?)",
                (time.time(), action, detail),
            )
    except sqlite3.Error:
        return False
    return True
