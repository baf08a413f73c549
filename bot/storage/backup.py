"""An online copy of the database while the bot runs, with rotation.

SQLite's backup API copies the whole database in one step under one read transaction, so the copy is
the database exactly as it was at one moment: every transaction committed before that moment is in it,
none is half in it. In WAL mode the bot keeps writing meanwhile (readers never block the writer). The
copy is written beside the target, checked with ``PRAGMA integrity_check``, switched out of WAL mode (one
self-contained file), made readable by its owner only, and only then renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX, SUFFIX = "bot-", ".sqlite3"


class BackupError(Exception):
    """The copy could not be made or did not pass the integrity check; nothing was put in place."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    tickets: int
    last_ticket: int | None


def backup_database(source: Path, target: Path) -> Backup:
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(sqlite3.connect(source, timeout=30)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)  # pages=-1: all pages in one step, one read transaction, one consistent moment
            dst.execute("PRAGMA journal_mode=DELETE")
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"the copy failed the integrity check: {verdict}")
            tickets, last = dst.execute("SELECT COUNT(*), MAX(id) FROM tickets").fetchone()
        os.chmod(partial, 0o600)  # the copy holds everything the database holds
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(target, target.stat().st_size, int(tickets), None if last is None else int(last))


def dated_name(folder: Path, now: float | None = None) -> Path:
    """``bot-YYYYMMDD-HHMMSS.sqlite3`` (UTC), unique in the folder; names sort by time."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    path = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while path.exists():
        path = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
        n += 1
    return path


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` dated backups (at least the newest one stays); returns what was deleted."""
    dated = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    old = dated[: -max(1, keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old
