"""Tickets: citizen questions the FAQ could not answer, their threads and statistics.

Every method is atomic on its own and may also be grouped with other
repository calls inside ``async with db.transaction():``. Creation and message
recording are idempotent on Telegram ids, so an update redelivered after a
crash never produces a duplicate ticket or message.
"""

from __future__ import annotations

import json
import statistics
import time

from bot.storage.db import Database
from bot.storage.models import (
    DIRECTIONS,
    EVENT_KINDS,
    MESSAGE_KINDS,
    Message,
    Stats,
    Ticket,
    TicketStateError,
)

__all__ = ["Message", "Stats", "Ticket", "TicketStateError", "TicketStore"]


def _ts(now: float | None) -> float:
    return time.time() if now is None else now


class TicketStore:
    """Repository for ``tickets``, ``messages``, ``staff_messages`` and ``events``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- tickets ------------------------------------------------------------------------------

    async def create(
        self,
        user_id: int,
        chat_id: int,
        language: str,
        question: str,
        guesses: list[tuple[str, float]],
        urgent: bool,
        source_message_id: int,
        now: float | None = None,
        kind: str = "text",
    ) -> tuple[Ticket, bool]:
        """Open a ticket (the user must exist); returns (ticket, created).

        The same (chat_id, source_message_id) returns the existing ticket and False.
        The question is also stored as the thread's first 'citizen' message.
        """
        ts = _ts(now)
        async with self._db.transaction():
            row = await self._db.fetchone(
                "SELECT * FROM tickets WHERE chat_id = ? AND source_message_id = ?",
                (chat_id, source_message_id),
            )
            if row is not None:
                return Ticket.from_row(row), False
            res = await self._db.execute(
                """
                INSERT INTO tickets (user_id, chat_id, language, status, urgent, question, guesses,
                                     source_message_id, created_at)
                VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)
                """,
                (
                    user_id,
                    chat_id,
                    language,
                    int(urgent),
                    question,
                    json.dumps([[str(e), float(s)] for e, s in guesses]),
                    source_message_id,
                    ts,
                ),
            )
            assert res.lastrowid is not None
            await self.add_message(
                res.lastrowid, "citizen", kind, question, chat_id, source_message_id, user_id, None, ts
            )
            return await self._require(res.lastrowid), True

    async def get(self, ticket_id: int) -> Ticket | None:
        """Return the ticket or None."""
        row = await self._db.fetchone("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return None if row is None else Ticket.from_row(row)

    async def _require(self, ticket_id: int) -> Ticket:
        ticket = await self.get(ticket_id)
        if ticket is None:
            raise TicketStateError(f"ticket {ticket_id} does not exist")
        return ticket

    async def active_for_user(self, user_id: int) -> Ticket | None:
        """The citizen's newest open or answered ticket (where follow-ups go)."""
        row = await self._db.fetchone(
            """
            SELECT * FROM tickets WHERE user_id = ? AND status IN ('open', 'answered')
            ORDER BY created_at DESC, id DESC LIMIT 1
            """,
            (user_id,),
        )
        return None if row is None else Ticket.from_row(row)

    async def list_for_user(self, user_id: int, limit: int = 10) -> list[Ticket]:
        """The citizen's tickets, newest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM tickets WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
            (user_id, limit),
        )
        return [Ticket.from_row(r) for r in rows]

    async def mark_answered(
        self, ticket_id: int, staff_id: int, staff_name: str | None, now: float | None = None
    ) -> Ticket:
        """Staff replied: status 'answered'; the first reply also sets first_answer_at and the taker."""
        async with self._db.transaction():
            ticket = await self._require(ticket_id)
            if ticket.status == "closed":
                raise TicketStateError(f"ticket {ticket_id} is closed")
            await self._db.execute(
                """
                UPDATE tickets SET status = 'answered',
                    first_answer_at = COALESCE(first_answer_at, ?),
                    taken_by_name = CASE WHEN taken_by IS NULL THEN ? ELSE taken_by_name END,
                    taken_by = COALESCE(taken_by, ?)
                WHERE id = ?
                """,
                (_ts(now), staff_name, staff_id, ticket_id),
            )
            return await self._require(ticket_id)

    async def reopen(self, ticket_id: int) -> bool:
        """Citizen followed up: answered → open. True if changed; open/closed stay as they are."""
        async with self._db.transaction():
            await self._require(ticket_id)
            res = await self._db.execute(
                "UPDATE tickets SET status = 'open' WHERE id = ? AND status = 'answered'", (ticket_id,)
            )
            return res.rowcount > 0

    async def close(
        self, ticket_id: int, by_id: int | None, now: float | None = None, by_name: str | None = None
    ) -> bool:
        """Close the ticket; False if it was already closed (e.g. a double-tapped button)."""
        async with self._db.transaction():
            await self._require(ticket_id)
            res = await self._db.execute(
                "UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, closed_by_name = ? "
                "WHERE id = ? AND status != 'closed'",
                (_ts(now), by_id, by_name, ticket_id),
            )
            return res.rowcount > 0

    async def take(self, ticket_id: int, staff_id: int, staff_name: str | None) -> Ticket:
        """Assign the ticket to a staff member (re-assigning is allowed, closed is not)."""
        async with self._db.transaction():
            ticket = await self._require(ticket_id)
            if ticket.status == "closed":
                raise TicketStateError(f"ticket {ticket_id} is closed")
            await self._db.execute(
                "UPDATE tickets SET taken_by = ?, taken_by_name = ? WHERE id = ?",
                (staff_id, staff_name, ticket_id),
            )
            return await self._require(ticket_id)

    async def set_staff_message(self, ticket_id: int, message_id: int) -> None:
        """Remember the ticket card's message id in the staff chat."""
        res = await self._db.execute("UPDATE tickets SET staff_message_id = ? WHERE id = ?", (message_id, ticket_id))
        if res.rowcount == 0:
            raise TicketStateError(f"ticket {ticket_id} does not exist")

    async def mark_urgent(self, ticket_id: int) -> bool:
        """Raise a ticket to urgent (a follow-up revealed an emergency); False if it already was."""
        res = await self._db.execute("UPDATE tickets SET urgent = 1 WHERE id = ? AND urgent = 0", (ticket_id,))
        return res.rowcount > 0

    async def queue(self, limit: int = 20) -> list[Ticket]:
        """Open tickets waiting for staff: urgent first, then oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM tickets WHERE status = 'open' ORDER BY urgent DESC, created_at, id LIMIT ?",
            (limit,),
        )
        return [Ticket.from_row(r) for r in rows]

    async def active(self, limit: int = 10_000) -> list[Ticket]:
        """Tickets not closed (open or answered): urgent first, then oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM tickets WHERE status != 'closed' ORDER BY urgent DESC, created_at, id LIMIT ?", (limit,)
        )
        return [Ticket.from_row(r) for r in rows]

    async def due_for_resurface(self, older_than_s: float, now: float | None = None) -> list[Ticket]:
        """Open tickets created and last re-posted more than ``older_than_s`` ago."""
        cutoff = _ts(now) - older_than_s
        rows = await self._db.fetchall(
            """
            SELECT * FROM tickets WHERE status = 'open' AND created_at < ?
                AND COALESCE(last_surfaced_at, created_at) < ?
            ORDER BY urgent DESC, created_at, id
            """,
            (cutoff, cutoff),
        )
        return [Ticket.from_row(r) for r in rows]

    async def mark_surfaced(self, ticket_id: int, now: float | None = None) -> None:
        """Record that the ticket was re-posted to staff."""
        await self._db.execute("UPDATE tickets SET last_surfaced_at = ? WHERE id = ?", (_ts(now), ticket_id))

    # -- messages -----------------------------------------------------------------------------

    async def add_message(
        self,
        ticket_id: int,
        direction: str,
        kind: str,
        text: str | None,
        chat_id: int,
        message_id: int,
        author_id: int | None = None,
        author_name: str | None = None,
        now: float | None = None,
    ) -> tuple[Message, bool]:
        """Append to the thread; the same (direction, chat_id, message_id) returns (existing, False)."""
        if direction not in DIRECTIONS:
            raise ValueError(f"bad direction {direction!r}")
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"bad message kind {kind!r}")
        key = (direction, chat_id, message_id)
        async with self._db.transaction():
            sql = "SELECT * FROM messages WHERE direction = ? AND chat_id = ? AND message_id = ?"
            row = await self._db.fetchone(sql, key)
            if row is not None:
                return Message.from_row(row), False
            await self._db.execute(
                """
                INSERT INTO messages (ticket_id, direction, kind, text, chat_id, message_id,
                                      author_id, author_name, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (ticket_id, direction, kind, text, chat_id, message_id, author_id, author_name, _ts(now)),
            )
            row = await self._db.fetchone(sql, key)
            assert row is not None
            return Message.from_row(row), True

    async def thread(self, ticket_id: int) -> list[Message]:
        """The ticket's messages in chronological order."""
        rows = await self._db.fetchall(
            "SELECT * FROM messages WHERE ticket_id = ? ORDER BY created_at, id", (ticket_id,)
        )
        return [Message.from_row(r) for r in rows]

    async def edit_message(self, direction: str, chat_id: int, message_id: int, text: str | None) -> Message | None:
        """A message of the thread was edited: the thread keeps its latest wording; None if it is not in one."""
        async with self._db.transaction():
            await self._db.execute(
                "UPDATE messages SET text = ? WHERE direction = ? AND chat_id = ? AND message_id = ?",
                (text, direction, chat_id, message_id),
            )
            row = await self._db.fetchone(
                "SELECT * FROM messages WHERE direction = ? AND chat_id = ? AND message_id = ?",
                (direction, chat_id, message_id),
            )
            return None if row is None else Message.from_row(row)

    async def mark_answer_edited(self, ticket_id: int, now: float | None = None) -> None:
        """Staff corrected an answer: the card says so."""
        await self._db.execute("UPDATE tickets SET answer_edited_at = ? WHERE id = ?", (_ts(now), ticket_id))

    # -- statistics ---------------------------------------------------------------------------

    async def record_event(
        self,
        kind: str,
        user_id: int | None = None,
        entry_id: str | None = None,
        ticket_id: int | None = None,
        now: float | None = None,
        dedupe: str | int | None = None,
    ) -> None:
        """Count something for statistics (ids only; never message text).

        ``dedupe`` (e.g. the update id) makes the count idempotent: an update handled again after a
        crash is not counted twice.
        """
        if kind not in EVENT_KINDS:
            raise ValueError(f"bad event kind {kind!r}")
        await self._db.execute(
            "INSERT INTO events (kind, user_id, entry_id, ticket_id, at, dedupe) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (kind, user_id, entry_id, ticket_id, _ts(now), None if dedupe is None else f"{kind}:{dedupe}"),
        )

    async def stats(self, since: float, now: float | None = None) -> Stats:
        """Counters for [since, now]; the median covers tickets created then that got an answer."""
        until = _ts(now)
        counts = {
            r["kind"]: int(r["n"])
            for r in await self._db.fetchall(
                "SELECT kind, COUNT(*) AS n FROM events WHERE at >= ? AND at <= ? GROUP BY kind",
                (since, until),
            )
        }
        waits = [
            float(r[0])
            for r in await self._db.fetchall(
                "SELECT first_answer_at - created_at FROM tickets "
                "WHERE created_at >= ? AND created_at <= ? AND first_answer_at IS NOT NULL",
                (since, until),
            )
        ]
        escalated = await self._db.fetchval(
            "SELECT COUNT(*) FROM tickets WHERE created_at >= ? AND created_at <= ?", (since, until)
        )
        open_now = await self._db.fetchval("SELECT COUNT(*) FROM tickets WHERE status = 'open'")
        return Stats(
            since=since,
            until=until,
            questions=counts.get("question", 0),
            faq_answers=counts.get("faq_answer", 0),
            clarifications=counts.get("clarify", 0),
            escalated=int(escalated),
            feedback_up=counts.get("feedback_up", 0),
            feedback_down=counts.get("feedback_down", 0),
            median_first_answer_s=statistics.median(waits) if waits else None,
            open_tickets=int(open_now),
        )
