"""Tickets and their outcomes as rows for the ministry's reports (`python -m bot export`).

One row per ticket created since a date: when, language, urgency, what became of it (answered, how fast,
by whom, with which FAQ entry, closed by whom), and, unless anonymised, who asked and what. Anonymised
rows carry no citizen id, name or free text at all: names cannot be masked reliably, so texts are left
out rather than masked. Times are Bishkek time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from bot.domain.hours import BISHKEK, bishkek_now

COLUMNS = (
    "ticket", "created", "language", "urgent", "status", "outcome", "first_answer", "minutes_to_first_answer",
    "closed", "answered_by", "closed_by", "answered_with_faq", "topic", "best_guess", "staff_messages",
    "citizen_messages", "redacted", "citizen_id", "citizen_name", "citizen_username", "question",
)  # fmt: skip
PERSONAL = frozenset({"citizen_id", "citizen_name", "citizen_username", "question"})
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so would run as a formula in a spreadsheet

_QUERY = """
SELECT t.*, u.first_name, u.username,
    (SELECT detail FROM audit AS a WHERE a.ticket_id = t.id AND a.action = 'faq_answer'
        ORDER BY a.at DESC LIMIT 1) AS faq_entry,
    (SELECT staff_label FROM questions AS q WHERE q.ticket_id = t.id AND q.staff_label IS NOT NULL
        ORDER BY q.at DESC LIMIT 1) AS label,
    (SELECT COUNT(*) FROM messages AS m WHERE m.ticket_id = t.id AND m.direction = 'staff') AS staff_n,
    (SELECT COUNT(*) FROM messages AS m WHERE m.ticket_id = t.id AND m.direction = 'citizen') AS citizen_n
FROM tickets AS t LEFT JOIN users AS u ON u.user_id = t.user_id
WHERE t.created_at >= ? ORDER BY t.id
"""


def day_start(day: date) -> float:
    """Midnight in Bishkek at the start of ``day``, as epoch seconds."""
    return datetime(day.year, day.month, day.day, tzinfo=BISHKEK).timestamp()


def _when(ts: float | None) -> str:
    return "" if ts is None else bishkek_now(ts).strftime("%Y-%m-%d %H:%M")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _outcome(row: sqlite3.Row) -> str:
    if row["status"] == "open":
        return "waiting"
    if row["status"] == "answered":
        return "answered"
    return "answered_and_closed" if row["first_answer_at"] is not None else "closed_without_answer"


def _closed_by(row: sqlite3.Row) -> str:
    if row["status"] != "closed":
        return ""
    if (row["closed_by"] is not None and row["closed_by"] == row["user_id"]) or row["redacted"] == "citizen":
        return "citizen"
    return row["closed_by_name"] or ("" if row["closed_by"] is None else str(row["closed_by"]))


def ticket_rows(conn: sqlite3.Connection, since: float, anonymised: bool) -> Iterator[dict[str, Any]]:
    conn.row_factory = sqlite3.Row
    for row in conn.execute(_QUERY, (since,)):
        waited = None if row["first_answer_at"] is None else round((row["first_answer_at"] - row["created_at"]) / 60)
        guesses = row["guesses"] or "[]"
        best = guesses.split('"')[1] if guesses.startswith('[["') else ""
        record = {
            "ticket": row["id"],
            "created": _when(row["created_at"]),
            "language": row["language"],
            "urgent": int(row["urgent"]),
            "status": row["status"],
            "outcome": _outcome(row),
            "first_answer": _when(row["first_answer_at"]),
            "minutes_to_first_answer": "" if waited is None else waited,
            "closed": _when(row["closed_at"]),
            "answered_by": row["taken_by_name"] or "",
            "closed_by": _closed_by(row),
            "answered_with_faq": row["faq_entry"] or "",
            "topic": row["label"] or "",
            "best_guess": best,
            "staff_messages": row["staff_n"],
            "citizen_messages": row["citizen_n"],
            "redacted": row["redacted"] or "",
            "citizen_id": "" if row["redacted"] else row["user_id"],
            "citizen_name": row["first_name"] or "",
            "citizen_username": row["username"] or "",
            "question": row["question"],
        }
        yield {k: _cell(v) for k, v in record.items() if not (anonymised and k in PERSONAL)}


def columns(anonymised: bool) -> list[str]:
    return [c for c in COLUMNS if not (anonymised and c in PERSONAL)]
