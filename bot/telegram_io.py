"""The one place where outbox rows become Bot API calls, and Telegram errors become retry decisions."""

from __future__ import annotations

import logging
import warnings

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot.core.delivery import DeliveryFailed, RetryLater
from bot.storage import OutboxItem

log = logging.getLogger(__name__)
# The outbox stores raw Bot API calls (method + JSON), so the generic do_api_request is the point.
warnings.filterwarnings("ignore", message="Please use 'Bot.", category=PTBUserWarning)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


class TelegramDelivery:
    """`deliver(item)` for the DeliveryWorker: performs the stored call through PTB (rate-limited)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def __call__(self, item: OutboxItem) -> int | None:
        try:
            result = await self.bot.do_api_request(item.method, api_kwargs=dict(item.payload))
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after) + 0.5) from exc
        except Forbidden as exc:
            raise DeliveryFailed(exc.message, recipient_blocked=True) from exc
        except ChatMigrated as exc:
            raise DeliveryFailed(f"chat migrated to {exc.new_chat_id}") from exc
        except BadRequest as exc:
            if "message is not modified" in exc.message:
                return None
            log.warning("outbox %s (%s to %s) rejected: %s", item.id, item.method, item.chat_id, exc.message)
            raise DeliveryFailed(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            raise RetryLater(None) from exc
        if isinstance(result, dict):
            message_id = result.get("message_id")
            return int(message_id) if message_id is not None else None
        return None
