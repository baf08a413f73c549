"""The daily retention pass: what is older than the policy allows is anonymised or deleted.

Run by a JobQueue job (and by an admin's /retention); the caller compacts the database afterwards so
the erased text does not stay in free pages or the WAL. Ages are judged against ``now`` given by the
caller, so tests (and RETENTION_CLOCK_SHIFT_DAYS in end-to-end tests) can move the clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.privacy.erasure import ERASED_USER, redact_tickets
from bot.privacy.policy import RetentionPolicy
from bot.storage.db import Database


@dataclass(frozen=True)
class RetentionReport:
    ticket_ids: tuple[int, ...] = ()  # closed tickets anonymised
    messages: int = 0  # their thread messages that lost their text
    questions: int = 0  # learning records that lost their text
    users: int = 0  # citizens whose name was deleted (not seen for RETENTION_DAYS)
    outbox: int = 0  # sent messages deleted
    audit: int = 0  # audit entries deleted

    @property
    def tickets(self) -> int:
        return len(self.ticket_ids)


async def due_tickets(db: Database, cutoff: float) -> list[int]:
    """Closed tickets whose texts are older than the cutoff (closed before it) and not anonymised yet."""
    rows = await db.fetchall(
        "SELECT id FROM tickets WHERE status = 'closed' AND redacted IS NULL AND closed_at < ? ORDER BY id", (cutoff,)
    )
    return [int(r[0]) for r in rows]


async def apply_retention(db: Database, policy: RetentionPolicy, now: float) -> RetentionReport:
    """One pass, in one transaction. Open tickets keep their texts however old: staff still need them."""
    cutoff = now - policy.texts_s
    async with db.transaction():
        ticket_ids = await due_tickets(db, cutoff)
        messages = await redact_tickets(db, ticket_ids, "retention", now)
        questions = await db.execute(
            "UPDATE questions SET text = NULL, user_id = NULL, chat_id = NULL "
            "WHERE at < ? AND (text IS NOT NULL OR user_id IS NOT NULL OR chat_id IS NOT NULL)",
            (cutoff,),
        )
        await db.execute("UPDATE events SET user_id = NULL WHERE at < ? AND user_id IS NOT NULL", (cutoff,))
        # A citizen not heard from for RETENTION_DAYS: the name goes; the row too unless a ticket still needs it
        # (an open one) or it carries a block.
        gone = await db.execute(
            "DELETE FROM users WHERE user_id != ? AND updated_at < ? AND banned = 0 "
            "AND NOT EXISTS (SELECT 1 FROM tickets WHERE tickets.user_id = users.user_id)",
            (ERASED_USER, cutoff),
        )
        blanked = await db.execute(
            "UPDATE users SET first_name = '', username = NULL WHERE user_id != ? AND updated_at < ? "
            "AND (first_name != '' OR username IS NOT NULL)",
            (ERASED_USER, cutoff),
        )
        outbox = await db.execute(
            "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?", (now - policy.outbox_s,)
        )
        audit = await db.execute("DELETE FROM audit WHERE at < ?", (now - policy.audit_s,))
    return RetentionReport(
        ticket_ids=tuple(ticket_ids),
        messages=messages,
        questions=questions.rowcount,
        users=gone.rowcount + blanked.rowcount,
        outbox=outbox.rowcount,
        audit=audit.rowcount,
    )
