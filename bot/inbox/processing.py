"""Handling updates from the inbox: concurrently across chats, strictly in order within a chat, each once.

`InboxApplication.process_update` marks an update done in the inbox after its handlers ran (their
effects are committed by then). An update replayed after a crash in between is handled again; the
handlers are idempotent per update (outbox keys and thread rows carry Telegram's ids), so nothing is
sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from bot.inbox.queue import chat_key
from bot.storage.db import storage_failure
from bot.storage.inbox import Inbox

log = logging.getLogger(__name__)
INBOX_KEY = "inbox"  # bot_data key of the Inbox (set in post_init)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Up to ``concurrency`` updates at once, but one at a time per chat, in arrival order.

    The chat's lock is taken before a slot, so one citizen sending a burst waits behind their own
    messages and never occupies the slots other chats need (PTB's own slot is set very high for that).
    """

    def __init__(self, concurrency: int) -> None:
        super().__init__(max_concurrent_updates=1_000_000)
        self._slots = asyncio.Semaphore(concurrency)
        self._locks: dict[int | None, asyncio.Lock] = {}
        self._users: dict[int | None, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update) if isinstance(update, Update) else None
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # forget idle chats so memory does not grow with the user base
                del self._users[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class InboxApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, marking each update done in the durable inbox once it was handled."""

    async def process_update(self, update: object) -> None:
        await super().process_update(update)
        inbox: Inbox | None = self.bot_data.get(INBOX_KEY)
        if inbox is None or not isinstance(update, Update):
            return
        try:
            await inbox.mark_done(update.update_id)
        except Exception as exc:
            if storage_failure(exc) is None:
                raise
            log.debug("update %s handled but not marked done: storage unavailable", update.update_id)
