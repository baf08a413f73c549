"""The audit trail: every staff and admin action (and a citizen's own erasure), who, when, what, which ticket.

Rows hold ids and short details (an entry id, a user id, a reason), never citizens' texts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.storage.db import Database

ACTIONS = frozenset(
    {
        "answer", "take", "close", "label", "block", "unblock", "spam", "reload", "disable", "enable",
        "pause", "resume", "forget", "edit", "faq_answer", "export", "backup",
    }
)  # fmt: skip
ACTIONS |= {"retention"}  # an admin running the retention pass by hand (/retention)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: float
    actor_id: int | None
    actor_name: str | None
    action: str
    ticket_id: int | None
    detail: str | None


class AuditLog:
    """Repository for ``audit``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        action: str,
        actor_id: int | None,
        actor_name: str | None = None,
        *,
        ticket_id: int | None = None,
        detail: str | None = None,
        now: float | None = None,
    ) -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        await self._db.execute(
            "INSERT INTO audit (at, actor_id, actor_name, action, ticket_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (time.time() if now is None else now, actor_id, actor_name, action, ticket_id, detail),
        )

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        rows = await self._db.fetchall("SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?", (limit,))
        return [
            AuditEntry(r["id"], r["at"], r["actor_id"], r["actor_name"], r["action"], r["ticket_id"], r["detail"])
            for r in rows
        ]
