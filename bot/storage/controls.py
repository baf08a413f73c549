"""The operator's switches, stored so they survive restarts and /reload: entries off, the pause, blocks.

Entries switched off live in ``disabled_entries``, the pause in ``bot_state`` (key ``pause``), blocks
in ``users.banned``. Who changed what and when is in the audit trail, written by the workflow in the
same transaction.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from bot.domain.controls import Controls
from bot.storage.db import Database
from bot.storage.state import BotState

PAUSE_KEY = "pause"
_USER_REF = re.compile(r"(?:(#)?([0-9]{1,15})|@([A-Za-z0-9_]{3,32}))", re.ASCII)


@dataclass(frozen=True)
class DisabledEntry:
    entry_id: str
    by_id: int | None
    at: float


@dataclass(frozen=True)
class BlockedUser:
    user_id: int
    first_name: str
    username: str | None
    by: str | None  # who blocked them (from the audit trail), when known
    at: float | None


class ControlStore:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._state = BotState(db)

    # -- FAQ entries switched off ---------------------------------------------------------------

    async def disabled(self) -> list[DisabledEntry]:
        rows = await self._db.fetchall("SELECT entry_id, by_id, at FROM disabled_entries ORDER BY at, entry_id")
        return [DisabledEntry(str(r[0]), r[1], float(r[2])) for r in rows]

    async def disable(self, entry_id: str, by_id: int | None, now: float | None = None) -> bool:
        """Switch an entry off; False if it already was."""
        row = await self._db.execute_returning(
            "INSERT INTO disabled_entries (entry_id, by_id, at) VALUES (?, ?, ?) "
            "ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id",
            (entry_id, by_id, time.time() if now is None else now),
        )
        return row is not None

    async def enable(self, entry_id: str) -> bool:
        """Switch an entry back on; False if it was not off."""
        return (await self._db.execute("DELETE FROM disabled_entries WHERE entry_id = ?", (entry_id,))).rowcount > 0

    # -- the kill switch ------------------------------------------------------------------------

    async def pause(self, message: str | None, by_id: int | None, now: float | None = None) -> bool:
        """Pause FAQ answers (with the admin's message, if any); False if already paused (the message is updated)."""
        async with self._db.transaction():
            was = await self._state.get(PAUSE_KEY)
            await self._state.set(PAUSE_KEY, {"message": message, "by": by_id}, now)
        return was is None

    async def resume(self) -> bool:
        async with self._db.transaction():
            was = await self._state.get(PAUSE_KEY)
            await self._state.delete(PAUSE_KEY)
        return was is not None

    async def load(self) -> Controls:
        """The switches as the conversation core takes them."""
        pause = await self._state.get(PAUSE_KEY)
        disabled = frozenset(e.entry_id for e in await self.disabled())
        message = pause.get("message") if isinstance(pause, dict) else None
        return Controls(disabled, pause is not None, message if isinstance(message, str) and message else None)

    # -- blocked citizens -----------------------------------------------------------------------

    async def find_user(self, ref: str) -> int | None:
        """A citizen named by id ("123"), username ("@name") or one of their tickets ("#12"); None if unknown."""
        found = _USER_REF.fullmatch(ref.strip())
        if found is None:
            return None
        ticket_mark, number, username = found.groups()
        if username is not None:
            value = await self._db.fetchval(
                "SELECT user_id FROM users WHERE lower(username) = lower(?) AND user_id != 0", (username,)
            )
        elif ticket_mark:
            value = await self._db.fetchval(
                "SELECT user_id FROM tickets WHERE id = ? AND redacted IS NULL", (int(number),)
            )
        else:
            value = int(number)
        return int(value) if value else None

    async def set_blocked(self, user_id: int, blocked: bool, now: float | None = None) -> bool:
        """Block or unblock; True if that changed anything. A citizen never seen before can be blocked too."""
        ts = time.time() if now is None else now
        async with self._db.transaction():
            if blocked:
                await self._db.execute(
                    "INSERT OR IGNORE INTO users (user_id, chat_id, first_name, created_at, updated_at) "
                    "VALUES (?, ?, '', ?, ?)",
                    (user_id, user_id, ts, ts),
                )
            res = await self._db.execute(
                "UPDATE users SET banned = ? WHERE user_id = ? AND banned != ?", (int(blocked), user_id, int(blocked))
            )
        return res.rowcount > 0

    async def blocked(self) -> list[BlockedUser]:
        rows = await self._db.fetchall(
            """
            SELECT u.user_id, u.first_name, u.username, a.actor_name, a.at
            FROM users AS u
            LEFT JOIN audit AS a ON a.id = (
                SELECT id FROM audit WHERE action = 'block' AND detail = CAST(u.user_id AS TEXT)
                ORDER BY at DESC, id DESC LIMIT 1)
            WHERE u.banned = 1 ORDER BY u.user_id
            """
        )
        return [BlockedUser(int(r[0]), str(r[1] or ""), r[2], r[3], r[4]) for r in rows]
