"""The application's update queue, made durable: ``put`` returns only after the update is committed.

PTB's polling loop puts each fetched update into this queue and only then advances the ``getUpdates``
offset (which is what confirms the updates to Telegram); PTB's webhook handler answers 200 only after
``put`` returns. So a committed inbox row exists for every update Telegram considers delivered, in
both modes, without replacing PTB's Updater.

An update Telegram delivers again (it was stored but not yet confirmed when the bot died) is not put
again: it is already pending in the inbox and is handled from there at start.

When the database cannot be written (full disk, read-only), the update is still handled, from memory:
answering beats refusing, and there is nothing durable to fall back to.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update

from bot.storage.db import storage_failure
from bot.storage.inbox import Inbox

log = logging.getLogger(__name__)


def chat_key(update: Update) -> int | None:
    """The chat an update belongs to (for per-chat order): the chat, else the user."""
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    user = update.effective_user
    return user.id if user is not None else None


class DurableUpdateQueue(asyncio.Queue[Any]):
    """``asyncio.Queue`` whose ``put`` commits updates to the inbox first (once an inbox is attached)."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None
        self._storage_warned = False

    def attach(self, inbox: Inbox | None) -> None:
        """Called when the database is open (PTB builds the queue before ``post_init``)."""
        self.inbox = inbox

    async def put(self, item: Any) -> None:
        if isinstance(item, Update) and self.inbox is not None:
            try:
                fresh = await self.inbox.store(item.update_id, chat_key(item), item.to_dict())
            except Exception as exc:
                failure = storage_failure(exc)
                if failure is None:
                    raise
                if not self._storage_warned:
                    log.error("storage unavailable (%s): updates are handled from memory only", failure.reason)
                    self._storage_warned = True
            else:
                self._storage_warned = False
                if not fresh:
                    return  # delivered again by Telegram: already in the inbox, handled from there
        await super().put(item)

    async def put_stored(self, update: Update) -> None:
        """Queue an update that is already in the inbox (replay at start, a deferred one coming due)."""
        await super().put(update)
