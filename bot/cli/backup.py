"""`python -m bot backup PATH [--keep N]`: a consistent copy of the live database (the bot may keep running).

PATH ending in .sqlite3/.sqlite/.db is the copy itself; anything else is a folder that gets a dated copy
(`bot-YYYYMMDD-HHMMSS.sqlite3`), keeping the newest N (default BACKUP_KEEP_DAYS, 7): one a night is a week.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.cli.ops import database_path, record_audit
from bot.config import read_dotenv
from bot.storage.backup import BackupError, backup_database, dated_name, rotate

_FILE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def default_keep() -> int:
    raw = os.environ.get("BACKUP_KEEP_DAYS") or read_dotenv(Path(".env")).get("BACKUP_KEEP_DAYS") or "7"
    return int(raw) if raw.isdigit() and int(raw) > 0 else 7


def run_backup(path: str, keep: int | None = None, database: str | None = None) -> int:
    source = database_path(database)
    given = Path(path)
    single = given.suffix in _FILE_SUFFIXES and not given.is_dir()
    target = given if single else dated_name(given)
    try:
        made = backup_database(source, target)
    except (BackupError, OSError) as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    removed = [] if single else rotate(given, keep or default_keep())
    print(f"backup: {made.path} ({made.size} bytes, {made.tickets} tickets, last #{made.last_ticket}, integrity ok)")
    for old in removed:
        print(f"removed old backup: {old}")
    if not record_audit(source, "backup", f"{made.path.name} tickets={made.tickets}"):
        print("note: the audit entry could not be written (database busy or read-only)", file=sys.stderr)
    return 0
