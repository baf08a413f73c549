"""The conversation context of each private chat (last topic, pending clarify), kept across restarts.

The state itself is the conversation core's business (opaque JSON here); expiry is decided there too,
from the time it was saved.
"""

from __future__ import annotations

import time

from bot.storage.db import Database


class DialogueStore:
    """Repository for ``dialogue``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def load(self, chat_id: int) -> str | None:
        value = await self._db.fetchval("SELECT state FROM dialogue WHERE chat_id = ?", (chat_id,))
        return None if value is None else str(value)

    async def save(self, chat_id: int, state: str | None, now: float | None = None) -> None:
        """Remember the state (None forgets it)."""
        if state is None:
            await self._db.execute("DELETE FROM dialogue WHERE chat_id = ?", (chat_id,))
            return
        await self._db.execute(
            "INSERT INTO dialogue (chat_id, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            (chat_id, state, time.time() if now is None else now),
        )

    async def purge(self, older_than_s: float, now: float | None = None) -> int:
        """Forget stale contexts (they hold the last question a citizen asked)."""
        cutoff = (time.time() if now is None else now) - older_than_s
        res = await self._db.execute("DELETE FROM dialogue WHERE updated_at < ?", (cutoff,))
        return res.rowcount
