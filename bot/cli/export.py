"""`python -m bot export --since DATE [--anonymised] [--out FILE]`: tickets and outcomes as CSV for reports.

Reads the live database (the bot may keep running) and records the export in the audit trail. Without
--out the CSV goes to stdout; a file is created readable by its owner only when it holds personal data.
"""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.cli.ops import database_path, record_audit
from bot.privacy.report import columns, day_start, ticket_rows


def write_csv(conn: sqlite3.Connection, out: TextIO, since: date, anonymised: bool) -> int:
    writer = csv.DictWriter(out, fieldnames=columns(anonymised))
    writer.writeheader()
    count = 0
    for row in ticket_rows(conn, day_start(since), anonymised):
        writer.writerow(row)
        count += 1
    return count


def run_export(since: date, anonymised: bool, out: str | None = None, database: str | None = None) -> int:
    source = database_path(database)
    if not source.is_file():
        print(f"export failed: no database at {source}", file=sys.stderr)
        return 1
    try:
        with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as conn:
            if out is None:
                count = write_csv(conn, sys.stdout, since, anonymised)
            else:
                target = Path(out)
                with target.open("w", encoding="utf-8", newline="") as handle:
                    if not anonymised:
                        os.chmod(target, 0o600)
                    count = write_csv(conn, handle, since, anonymised)
    except sqlite3.Error as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    kind = "anonymised" if anonymised else "with personal data"
    record_audit(source, "export", f"since={since.isoformat()} {kind} rows={count}")
    print(f"exported {count} tickets since {since.isoformat()} ({kind})", file=sys.stderr)
    return 0
