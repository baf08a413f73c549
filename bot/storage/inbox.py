"""Durable inbox: every update is committed here before Telegram is told it was received.

Polling confirms updates to Telegram with the next ``getUpdates`` offset, and a webhook with its HTTP
200; both happen only after :meth:`Inbox.store` has committed the update. Handling then marks it
``done``. After a crash, whatever is still ``pending`` is handled first, and an update Telegram
delivers again is recognised by its ``update_id`` and not handled twice.

A ``deferred`` update was held back on purpose (a citizen writing faster than the flood limit) and
is handled once its ``not_before`` has passed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class InboxItem:
    update_id: int
    chat_id: int | None
    payload: dict[str, Any]
    status: str


def _ts(now: float | None) -> float:
    return time.time() if now is None else now


class Inbox:
    """Repository for ``inbox``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(
        self, update_id: int, chat_id: int | None, payload: dict[str, Any], now: float | None = None
    ) -> bool:
        """Commit an update; False if it was stored before (Telegram delivered it again)."""
        row = await self._db.execute_returning(
            "INSERT INTO inbox (update_id, chat_id, payload, status, received_at) VALUES (?, ?, ?, 'pending', ?) "
            "ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
            (update_id, chat_id, json.dumps(payload, ensure_ascii=False), _ts(now)),
        )
        return row is not None

    async def mark_done(self, update_id: int, now: float | None = None) -> None:
        """The update was handled (its effects are committed); a deferred one stays deferred.

        Only the id is kept (to recognise a redelivery): the payload, which holds the citizen's words and
        name, and the chat are dropped at once, so the inbox holds personal data only until it is handled.
        """
        await self._db.execute(
            "UPDATE inbox SET status = 'done', handled_at = ?, payload = '{}', chat_id = NULL "
            "WHERE update_id = ? AND status = 'pending'",
            (_ts(now), update_id),
        )

    async def defer(self, update_id: int, until: float) -> None:
        """Hold the update back until ``until`` (it is handled then, not dropped)."""
        await self._db.execute(
            "UPDATE inbox SET status = 'deferred', not_before = ? WHERE update_id = ?", (until, update_id)
        )

    async def resume(self, update_id: int) -> None:
        """A deferred update is about to be handled: it is pending again until it is done."""
        await self._db.execute("UPDATE inbox SET status = 'pending' WHERE update_id = ?", (update_id,))

    async def pending(self, limit: int = 10_000) -> list[InboxItem]:
        """Updates received but not handled (after a crash), oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM inbox WHERE status = 'pending' ORDER BY update_id LIMIT ?", (limit,)
        )
        return [_item(r) for r in rows]

    async def due_deferred(self, now: float | None = None, limit: int = 100) -> list[InboxItem]:
        """Deferred updates whose time has come, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM inbox WHERE status = 'deferred' AND not_before <= ? ORDER BY update_id LIMIT ?",
            (_ts(now), limit),
        )
        return [_item(r) for r in rows]

    async def deferred_count(self, chat_id: int) -> int:
        """How many of a chat's updates are waiting (the flood notice says so)."""
        return int(
            await self._db.fetchval("SELECT COUNT(*) FROM inbox WHERE chat_id = ? AND status = 'deferred'", (chat_id,))
        )

    async def last_update_id(self) -> int | None:
        """The newest update ever stored (polling resumes after it)."""
        value = await self._db.fetchval("SELECT MAX(update_id) FROM inbox")
        return None if value is None else int(value)

    async def counts(self) -> dict[str, int]:
        """Rows per status (for logs and tests)."""
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM inbox GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}

    async def purge(self, older_than_s: float, now: float | None = None) -> int:
        """Forget handled updates (they hold citizens' texts); Telegram re-sends nothing older than a day."""
        res = await self._db.execute(
            "DELETE FROM inbox WHERE status = 'done' AND received_at < ?", (_ts(now) - older_than_s,)
        )
        return res.rowcount


def _item(row: Any) -> InboxItem:
    return InboxItem(row["update_id"], row["chat_id"], json.loads(row["payload"]), row["status"])
