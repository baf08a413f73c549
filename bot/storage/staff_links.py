"""Which ticket each message in the staff chat belongs to, so that a reply to any of them reaches the citizen.

Every message the bot posts about a ticket (its card, a re-posted card, continuation parts of a long question,
the citizen's follow-ups, notices) is linked when it is delivered; staff replies are linked too, so a reply to
a colleague's answer stays in the ticket. The link is the only thing that turns "a reply in a group" into "an
answer to citizen X", so it lives in one repository, called explicitly, never as a side effect.
"""

from __future__ import annotations

from bot.storage.db import Database


class StaffLinks:
    """Repository for ``staff_messages``."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def link(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """Remember that a staff-chat message belongs to a ticket (the newest link wins)."""
        await self._db.execute(
            """
            INSERT INTO staff_messages (chat_id, message_id, ticket_id) VALUES (?, ?, ?)
            ON CONFLICT (chat_id, message_id) DO UPDATE SET ticket_id = excluded.ticket_id
            """,
            (chat_id, message_id, ticket_id),
        )

    async def ticket_of(self, chat_id: int, message_id: int) -> int | None:
        """The ticket a staff-chat message belongs to, if it is linked."""
        value = await self._db.fetchval(
            "SELECT ticket_id FROM staff_messages WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
        )
        return None if value is None else int(value)

    async def messages_of(self, ticket_id: int) -> list[tuple[int, int]]:
        """Every linked (chat_id, message_id) of a ticket, oldest first."""
        rows = await self._db.fetchall(
            "SELECT chat_id, message_id FROM staff_messages WHERE ticket_id = ? ORDER BY message_id", (ticket_id,)
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """The staff group became a supergroup: links keep working under its new id.

        Message ids do not carry over to the new chat, but old links are kept for replies that Telegram
        still delivers with the old id.
        """
        await self._db.execute(
            "INSERT OR IGNORE INTO staff_messages (chat_id, message_id, ticket_id) "
            "SELECT ?, message_id, ticket_id FROM staff_messages WHERE chat_id = ?",
            (new_chat_id, old_chat_id),
        )
