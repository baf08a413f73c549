"""Every citizen question and what happened to it, for editors to learn from (texts masked before storing).

One row per question (idempotent per update): the bot's decision and candidates, then whatever follows —
the clarify option the citizen picked, 👍/👎, the ticket it became, the entry staff labelled it with or
answered it with, and whether the ticket was closed. Texts fall under the same retention as tickets.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence

from bot.learning.records import QuestionRecord
from bot.privacy.masking import mask
from bot.storage.db import Database


def _record(row: sqlite3.Row) -> QuestionRecord:
    return QuestionRecord(
        id=row["id"],
        at=row["at"],
        lang=row["lang"],
        text=row["text"] or "",
        decision=row["decision"],
        candidates=tuple((str(e), float(s)) for e, s in json.loads(row["candidates"] or "[]")),
        shown_entry=row["shown_entry"],
        picked_entry=row["picked_entry"],
        feedback=row["feedback"],
        ticket_id=row["ticket_id"],
        staff_label=row["staff_label"],
        staff_answer=row["staff_answer"],
        closed=bool(row["closed"]),
    )


class QuestionStore:
    """Repository for ``questions``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        *,
        user_id: int,
        chat_id: int,
        update_id: int | None,
        lang: str,
        text: str,
        decision: str,
        candidates: Sequence[tuple[str, float]] = (),
        shown_entry: str | None = None,
        now: float | None = None,
    ) -> int | None:
        """Store a question (its text masked); None if this update was recorded before."""
        row = await self._db.execute_returning(
            "INSERT INTO questions (user_id, chat_id, update_id, at, lang, text, decision, candidates, shown_entry) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING RETURNING id",
            (
                user_id,
                chat_id,
                update_id,
                time.time() if now is None else now,
                lang,
                mask(text),
                decision,
                json.dumps([[e, round(float(s), 4)] for e, s in candidates]),
                shown_entry,
            ),
        )
        return None if row is None else int(row[0])

    async def latest_open(self, chat_id: int, within_s: float, now: float | None = None) -> int | None:
        """The chat's latest question within ``within_s`` (a pick, a 👍 or a ticket refers to it)."""
        since = (time.time() if now is None else now) - within_s
        value = await self._db.fetchval(
            "SELECT id FROM questions WHERE chat_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT 1", (chat_id, since)
        )
        return None if value is None else int(value)

    async def update(self, question_id: int, **fields: object) -> None:
        """Set outcome fields: picked_entry, shown_entry, feedback, ticket_id, staff_label, staff_answer, closed."""
        allowed = {"picked_entry", "shown_entry", "feedback", "ticket_id", "staff_label", "staff_answer", "closed"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown question fields {sorted(unknown)}")
        if not fields:
            return
        columns = ", ".join(f"{name} = ?" for name in fields)
        await self._db.execute(f"UPDATE questions SET {columns} WHERE id = ?", (*fields.values(), question_id))

    async def for_ticket(self, ticket_id: int, **fields: object) -> None:
        """Set outcome fields on the question(s) that became this ticket."""
        ids = [int(r[0]) for r in await self._db.fetchall("SELECT id FROM questions WHERE ticket_id = ?", (ticket_id,))]
        for question_id in ids:
            await self.update(question_id, **fields)

    async def recent(
        self, chat_id: int, within_s: float, now: float | None = None, limit: int = 10
    ) -> list[QuestionRecord]:
        """The chat's latest questions within ``within_s``, newest first (a button press refers to one of them)."""
        since = (time.time() if now is None else now) - within_s
        rows = await self._db.fetchall(
            "SELECT * FROM questions WHERE chat_id = ? AND at >= ? AND text IS NOT NULL ORDER BY at DESC, id DESC "
            "LIMIT ?",
            (chat_id, since, limit),
        )
        return [_record(r) for r in rows]

    async def set_staff_answer(self, ticket_id: int, answer: str, *, keep_existing: bool) -> None:
        """Record how staff answered the ticket's question(s): "faq:<entry-id>" or "text".

        With ``keep_existing`` an earlier answer stays: a free-text remark after an FAQ answer does not
        hide that the FAQ entry was the answer.
        """
        condition = " AND staff_answer IS NULL" if keep_existing else ""
        await self._db.execute(
            f"UPDATE questions SET staff_answer = ? WHERE ticket_id = ?{condition}", (answer, ticket_id)
        )

    async def of_ticket(self, ticket_id: int) -> list[QuestionRecord]:
        """The question(s) that became this ticket."""
        rows = await self._db.fetchall("SELECT * FROM questions WHERE ticket_id = ? ORDER BY id", (ticket_id,))
        return [_record(r) for r in rows]

    async def records(self, since: float | None = None) -> list[QuestionRecord]:
        """All questions (with a text) since a time, oldest first, as the learning tools read them."""
        rows = await self._db.fetchall(
            "SELECT * FROM questions WHERE text IS NOT NULL AND at >= ? ORDER BY at, id", (since or 0.0,)
        )
        return [_record(r) for r in rows]
