"""Transactional outbox: every message the bot sends is first committed here.

Handlers enqueue rows in the same transaction as the state change that causes
them (ticket created → card for staff), so a crash can lose neither. The
delivery worker sends them, at least once, in per-chat order; ``mark_sent``
records the resulting message id together with the ticket mapping it implies.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database

TICKET_CARD = "ticket_card"
_MAX_ERROR_LEN = 500

# Head of each chat's queue: only the oldest pending row per chat is eligible, so a
# row waiting for its retry holds back later rows for the same chat.
_HEADS = """
    SELECT o.* FROM outbox AS o
    JOIN (SELECT chat_id, MIN(id) AS id FROM outbox WHERE status = 'pending' GROUP BY chat_id) AS h
        ON h.id = o.id
    WHERE o.chat_id NOT IN (SELECT value FROM json_each(?))
"""


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A row of ``outbox``: one Bot API call (``method`` + JSON ``payload``) for ``chat_id``."""

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    purpose: str
    ticket_id: int | None
    map_reply: bool
    dedupe_key: str | None
    status: str
    attempts: int
    not_before: float
    last_error: str | None
    result_message_id: int | None
    created_at: float
    sent_at: float | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxItem:
        return cls(
            id=row["id"],
            chat_id=row["chat_id"],
            method=row["method"],
            payload=json.loads(row["payload"]),
            purpose=row["purpose"],
            ticket_id=row["ticket_id"],
            map_reply=bool(row["map_reply"]),
            dedupe_key=row["dedupe_key"],
            status=row["status"],
            attempts=row["attempts"],
            not_before=row["not_before"],
            last_error=row["last_error"],
            result_message_id=row["result_message_id"],
            created_at=row["created_at"],
            sent_at=row["sent_at"],
        )


def _ts(now: float | None) -> float:
    return time.time() if now is None else now


class Outbox:
    """Repository for ``outbox``; every method is atomic and composes into outer transactions."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def enqueue(
        self,
        chat_id: int,
        method: str,
        payload: dict[str, Any],
        purpose: str = "",
        ticket_id: int | None = None,
        map_reply: bool = False,
        dedupe_key: str | None = None,
        now: float | None = None,
    ) -> int | None:
        """Queue a send; returns its id, or None if ``dedupe_key`` was already used."""
        ts = _ts(now)
        row = await self._db.execute_returning(
            """
            INSERT INTO outbox (chat_id, method, payload, purpose, ticket_id, map_reply, dedupe_key,
                                status, attempts, not_before, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id
            """,
            (
                chat_id,
                method,
                json.dumps(payload, ensure_ascii=False),
                purpose,
                ticket_id,
                int(map_reply),
                dedupe_key,
                ts,
                ts,
            ),
        )
        return None if row is None else int(row[0])

    async def get(self, item_id: int) -> OutboxItem | None:
        """Return the row or None."""
        row = await self._db.fetchone("SELECT * FROM outbox WHERE id = ?", (item_id,))
        return None if row is None else OutboxItem.from_row(row)

    async def next_due(
        self, now: float | None = None, exclude_chats: Set[int] = frozenset(), limit: int = 50
    ) -> list[OutboxItem]:
        """The oldest pending row of each chat not in ``exclude_chats`` whose time has come, by id."""
        rows = await self._db.fetchall(
            _HEADS + " AND o.not_before <= ? ORDER BY o.id LIMIT ?",
            (json.dumps(sorted(exclude_chats)), _ts(now), limit),
        )
        return [OutboxItem.from_row(r) for r in rows]

    async def next_due_at(self, exclude_chats: Set[int] = frozenset()) -> float | None:
        """Earliest ``not_before`` among eligible rows (lets the worker sleep exactly until then)."""
        value = await self._db.fetchval(f"SELECT MIN(not_before) FROM ({_HEADS})", (json.dumps(sorted(exclude_chats)),))
        return None if value is None else float(value)

    async def mark_sent(self, item_id: int, result_message_id: int | None, now: float | None = None) -> None:
        """Mark delivered and, atomically, map the sent message to its ticket.

        With ``map_reply`` the staff chat message is mapped to the ticket (replies to it
        reach the citizen); for a ``ticket_card`` the ticket's staff_message_id is set too.
        """
        async with self._db.transaction():
            item = await self.get(item_id)
            if item is None or item.status == "sent":
                return
            await self._db.execute(
                "UPDATE outbox SET status = 'sent', result_message_id = ?, sent_at = ? WHERE id = ?",
                (result_message_id, _ts(now), item_id),
            )
            if item.ticket_id is None or result_message_id is None:
                return
            if item.map_reply:
                await self._db.execute(
                    """
                    INSERT INTO staff_messages (chat_id, message_id, ticket_id) VALUES (?, ?, ?)
                    ON CONFLICT (chat_id, message_id) DO UPDATE SET ticket_id = excluded.ticket_id
                    """,
                    (item.chat_id, result_message_id, item.ticket_id),
                )
            if item.purpose == TICKET_CARD:
                await self._db.execute(
                    "UPDATE tickets SET staff_message_id = ? WHERE id = ?",
                    (result_message_id, item.ticket_id),
                )

    async def mark_retry(self, item_id: int, delay_s: float, error: str, now: float | None = None) -> None:
        """Count a failed attempt and hold the row (and its chat) back for ``delay_s``."""
        await self._db.execute(
            "UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? "
            "WHERE id = ? AND status = 'pending'",
            (_ts(now) + max(0.0, delay_s), error[:_MAX_ERROR_LEN], item_id),
        )

    async def mark_failed(self, item_id: int, error: str) -> None:
        """Give up on the row for good; the chat's next row becomes eligible."""
        await self._db.execute(
            "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? "
            "WHERE id = ? AND status = 'pending'",
            (error[:_MAX_ERROR_LEN], item_id),
        )

    async def pending_count(self) -> int:
        """Rows still waiting to be sent (including those waiting for a retry)."""
        return int(await self._db.fetchval("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))

    async def purge(self, older_than_s: float, now: float | None = None) -> int:
        """Delete sent/failed rows older than ``older_than_s``; returns how many (keeps the table small)."""
        res = await self._db.execute(
            "DELETE FROM outbox WHERE status != 'pending' AND created_at < ?", (_ts(now) - older_than_s,)
        )
        return res.rowcount
