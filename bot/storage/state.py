"""Small operator state that must survive restarts (the staff chat's id after a migration, later switches)."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.storage.db import Database


class BotState:
    """Repository for ``bot_state``: JSON values under string keys."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str, default: Any = None) -> Any:
        value = await self._db.fetchval("SELECT value FROM bot_state WHERE key = ?", (key,))
        return default if value is None else json.loads(value)

    async def set(self, key: str, value: Any, now: float | None = None) -> None:
        await self._db.execute(
            "INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, json.dumps(value, ensure_ascii=False), time.time() if now is None else now),
        )

    async def delete(self, key: str) -> None:
        await self._db.execute("DELETE FROM bot_state WHERE key = ?", (key,))
