"""Citizens known to the bot: contact chat, chosen language, blocked/banned flags."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class User:
    """A row of ``users``."""

    user_id: int
    chat_id: int
    first_name: str
    username: str | None
    language: str | None
    bot_blocked: bool
    banned: bool
    created_at: float
    updated_at: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> User:
        return cls(
            user_id=row["user_id"],
            chat_id=row["chat_id"],
            first_name=row["first_name"],
            username=row["username"],
            language=row["language"],
            bot_blocked=bool(row["bot_blocked"]),
            banned=bool(row["banned"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


class UserStore:
    """Repository for ``users``; each method is atomic on its own."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def upsert(
        self,
        user_id: int,
        chat_id: int,
        first_name: str | None,
        username: str | None,
        now: float | None = None,
    ) -> User:
        """Record the latest profile seen in an update; keeps language and banned.

        ``bot_blocked`` is cleared: a user who can reach the bot has not blocked it.
        """
        ts = time.time() if now is None else now
        async with self._db.transaction():
            await self._db.execute(
                """
                INSERT INTO users (user_id, chat_id, first_name, username, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    chat_id = excluded.chat_id,
                    first_name = excluded.first_name,
                    username = excluded.username,
                    bot_blocked = 0,
                    updated_at = excluded.updated_at
                """,
                (user_id, chat_id, first_name or "", username, ts, ts),
            )
            user = await self.get(user_id)
        assert user is not None
        return user

    async def get(self, user_id: int) -> User | None:
        """Return the user or None if never seen."""
        row = await self._db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return None if row is None else User.from_row(row)

    async def _set(self, user_id: int, column: str, value: object, now: float | None) -> bool:
        ts = time.time() if now is None else now
        res = await self._db.execute(
            f"UPDATE users SET {column} = ?, updated_at = ? WHERE user_id = ?", (value, ts, user_id)
        )
        return res.rowcount > 0

    async def set_language(self, user_id: int, lang: str | None, now: float | None = None) -> bool:
        """Remember the interface language the citizen chose (None = ask again); False if unknown."""
        return await self._set(user_id, "language", lang, now)

    async def set_bot_blocked(self, user_id: int, blocked: bool, now: float | None = None) -> bool:
        """Flag that Telegram refuses delivery (the citizen blocked the bot); True only if the flag changed."""
        ts = time.time() if now is None else now
        res = await self._db.execute(
            "UPDATE users SET bot_blocked = ?, updated_at = ? WHERE user_id = ? AND bot_blocked != ?",
            (int(blocked), ts, user_id, int(blocked)),
        )
        return res.rowcount > 0

    async def set_banned(self, user_id: int, banned: bool, now: float | None = None) -> bool:
        """Ban or unban a citizen from creating tickets; False if unknown."""
        return await self._set(user_id, "banned", int(banned), now)
