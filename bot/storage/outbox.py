"""Transactional outbox: every message the bot sends is first committed here.

Handlers enqueue rows in the same transaction as the state change that causes
them (ticket created → card for staff), so a crash can lose neither. The
delivery worker sends them, at least once, in per-chat order, and records the
resulting message id with ``mark_sent``. A row that cannot be delivered now but
must not be lost (the citizen blocked the bot; the bot was removed from the staff
chat) is ``held`` and released when its recipient is reachable again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.storage.db import Database


class Purpose(StrEnum):
    """Why a row exists; decides what happens around its delivery (links, holding, status)."""

    REPLY = "reply"  # the bot's answer to a citizen
    RECEIPT = "receipt"  # "your question is #12"
    NOTICE = "notice"  # anything else the bot says
    CARD = "ticket_card"  # a ticket's card in the staff chat
    CARD_EDIT = "card_edit"  # the card brought up to date
    CONTINUATION = "continuation"  # the rest of a long question, under its card
    FOLLOWUP = "followup"  # a citizen's message relayed to staff
    STAFF_ANSWER = "staff_answer"  # a staff answer relayed to the citizen


TICKET_CARD = Purpose.CARD
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
    origin_chat_id: int | None  # the message this row relays (a staff answer, a citizen's follow-up)
    origin_message_id: int | None
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
            origin_chat_id=row["origin_chat_id"],
            origin_message_id=row["origin_message_id"],
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

    @property
    def db(self) -> Database:
        """The database (the delivery worker records a send and its consequences in one transaction)."""
        return self._db

    async def enqueue(
        self,
        chat_id: int,
        method: str,
        payload: dict[str, Any],
        purpose: str = "",
        ticket_id: int | None = None,
        dedupe_key: str | None = None,
        origin: tuple[int, int] | None = None,
        now: float | None = None,
    ) -> int | None:
        """Queue a send; returns its id, or None if ``dedupe_key`` was already used.

        ``origin`` is (chat_id, message_id) of the message this row relays, so that an edit of it
        can later find the copy the recipient has.
        """
        ts = _ts(now)
        origin_chat, origin_message = origin if origin is not None else (None, None)
        row = await self._db.execute_returning(
            """
            INSERT INTO outbox (chat_id, method, payload, purpose, ticket_id, origin_chat_id, origin_message_id,
                                dedupe_key, status, attempts, not_before, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id
            """,
            (
                chat_id,
                method,
                json.dumps(payload, ensure_ascii=False),
                purpose,
                ticket_id,
                origin_chat,
                origin_message,
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

    async def mark_sent(self, item_id: int, result_message_id: int | None, now: float | None = None) -> bool:
        """Record a delivery; False if the row was already recorded (a replay after a crash)."""
        res = await self._db.execute(
            "UPDATE outbox SET status = 'sent', result_message_id = ?, sent_at = ? WHERE id = ? AND status != 'sent'",
            (result_message_id, _ts(now), item_id),
        )
        return res.rowcount > 0

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

    async def hold(self, item_id: int, error: str) -> None:
        """Keep the row for later: its recipient cannot be reached now but the message must not be lost."""
        await self._db.execute(
            "UPDATE outbox SET status = 'held', attempts = attempts + 1, last_error = ? "
            "WHERE id = ? AND status = 'pending'",
            (error[:_MAX_ERROR_LEN], item_id),
        )

    async def held_for(self, chat_id: int) -> list[OutboxItem]:
        """Rows held for a chat, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE chat_id = ? AND status = 'held' ORDER BY id", (chat_id,)
        )
        return [OutboxItem.from_row(r) for r in rows]

    async def release(self, chat_id: int, now: float | None = None) -> int:
        """The recipient is reachable again: its held rows are sent next, in their order; returns how many."""
        res = await self._db.execute(
            "UPDATE outbox SET status = 'pending', not_before = ? WHERE chat_id = ? AND status = 'held'",
            (_ts(now), chat_id),
        )
        return res.rowcount

    async def drop_held(self, chat_id: int, purposes: Set[str], reason: str) -> int:
        """Give up held rows of some purposes (e.g. edits of cards that are about to be re-posted)."""
        res = await self._db.execute(
            "UPDATE outbox SET status = 'failed', last_error = ? WHERE chat_id = ? AND status = 'held' "
            "AND purpose IN (SELECT value FROM json_each(?))",
            (reason[:_MAX_ERROR_LEN], chat_id, json.dumps(sorted(purposes))),
        )
        return res.rowcount

    async def retarget(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: rows not yet delivered go to the new chat id."""
        res = await self._db.execute(
            "UPDATE outbox SET chat_id = ?, payload = json_set(payload, '$.chat_id', ?) "
            "WHERE chat_id = ? AND status IN ('pending', 'held')",
            (new_chat_id, new_chat_id, old_chat_id),
        )
        return res.rowcount

    async def copy_of(self, origin_chat_id: int, origin_message_id: int, chat_id: int) -> int | None:
        """The message id the recipient ``chat_id`` has for a relayed message (its first part), if delivered."""
        value = await self._db.fetchval(
            "SELECT result_message_id FROM outbox WHERE origin_chat_id = ? AND origin_message_id = ? AND chat_id = ? "
            "AND status = 'sent' AND result_message_id IS NOT NULL ORDER BY id LIMIT 1",
            (origin_chat_id, origin_message_id, chat_id),
        )
        return None if value is None else int(value)

    async def undelivered_answers(self, ticket_id: int) -> int:
        """Staff answers of a ticket not delivered yet (waiting, or held for a citizen who blocked the bot)."""
        return int(
            await self._db.fetchval(
                "SELECT COUNT(*) FROM outbox WHERE ticket_id = ? AND purpose = ? AND status IN ('pending', 'held')",
                (ticket_id, Purpose.STAFF_ANSWER.value),
            )
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
