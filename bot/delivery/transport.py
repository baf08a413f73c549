"""The one place where outbox rows become Bot API calls, and Telegram errors become retry decisions.

Outbox rows hold Bot API JSON (so they survive restarts verbatim); here they are turned back into
PTB's typed calls, which keeps PTB's rate limiter, defaults and error mapping on the path.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message, MessageId, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.worker import DeliveryFailed, RetryLater
from bot.storage import OutboxItem

log = logging.getLogger(__name__)

_METHODS = {
    "sendMessage": "send_message",
    "copyMessage": "copy_message",
    "editMessageText": "edit_message_text",
    "forwardMessage": "forward_message",
}
_OBJECTS: dict[str, Any] = {
    "reply_markup": InlineKeyboardMarkup,
    "reply_parameters": ReplyParameters,
    "link_preview_options": LinkPreviewOptions,
}


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


def _kwargs(payload: dict[str, Any], bot: Bot) -> dict[str, Any]:
    return {key: _OBJECTS[key].de_json(value, bot) if key in _OBJECTS else value for key, value in payload.items()}


class TelegramDelivery:
    """`deliver(item)` for the DeliveryWorker: performs the stored call through PTB (rate-limited)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _call(self, item: OutboxItem) -> object:
        name = _METHODS.get(item.method)
        if name is None:
            return await self.bot.do_api_request(item.method, api_kwargs=dict(item.payload))
        return await getattr(self.bot, name)(**_kwargs(item.payload, self.bot))

    async def __call__(self, item: OutboxItem) -> int | None:
        try:
            result = await self._call(item)
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after) + 0.5) from exc
        except Forbidden as exc:
            raise DeliveryFailed(exc.message, recipient_blocked=True) from exc
        except ChatMigrated as exc:
            raise DeliveryFailed(f"chat migrated to {exc.new_chat_id}") from exc
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return None
            log.warning("outbox %s (%s to %s) rejected: %s", item.id, item.method, item.chat_id, exc.message)
            raise DeliveryFailed(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            raise RetryLater(None) from exc
        if isinstance(result, Message | MessageId):
            return result.message_id
        if isinstance(result, dict) and result.get("message_id") is not None:
            return int(result["message_id"])
        return None
