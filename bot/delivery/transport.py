"""The one place where outbox rows become Bot API calls, and Telegram errors become delivery decisions.

Outbox rows hold Bot API JSON (so they survive restarts verbatim); here they become PTB's typed calls
(``sendMessage`` -> ``Bot.send_message``), so PTB's rate limiter, defaults and error mapping stay on the
path. Parameters PTB has no typed argument for pass through as ``api_kwargs``, untouched.

Errors, by what they mean for the message:
- 429 and network trouble: try again later (the message itself is fine);
- 403: the recipient cannot be reached now (blocked the bot, the bot left the group): hold it;
- a group upgraded to a supergroup: the chat moved, follow it;
- any other 400: the message is refused for good (and staff are told on the ticket).
"""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, InputFile, LinkPreviewOptions, MessageEntity, ReplyParameters
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery.worker import ChatMoved, DeliveryFailed, RetryLater, Unreachable
from bot.storage import OutboxItem

log = logging.getLogger(__name__)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


_OBJECTS: dict[str, Any] = {
    "reply_markup": InlineKeyboardMarkup.de_json,
    "reply_parameters": ReplyParameters.de_json,
    "link_preview_options": LinkPreviewOptions.de_json,
    "entities": MessageEntity.de_list,
    "caption_entities": MessageEntity.de_list,
}


def _snake(method: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", method).lower()


def _call(bot: Bot, method: str, payload: dict[str, Any]) -> Any:
    """The typed PTB call for a stored Bot API call (unknown parameters go through ``api_kwargs``)."""
    function = getattr(bot, _snake(method), None)
    if function is None:
        return bot.do_api_request(method, api_kwargs=dict(payload))
    accepted = inspect.signature(function).parameters
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in payload.items():
        if key in accepted:
            kwargs[key] = _OBJECTS[key](value, bot) if key in _OBJECTS and value is not None else value
        else:
            extra[key] = value
    return function(**kwargs, api_kwargs=extra or None)


async def send_now(bot: Bot, method: str, payload: dict[str, Any]) -> Any:
    """Perform a Bot API call at once, bypassing the outbox (only when the outbox itself cannot be written)."""
    return await _call(bot, method, payload)


def _message_id(result: Any) -> int | None:
    message_id = getattr(result, "message_id", None)
    if isinstance(message_id, int):
        return message_id
    if isinstance(result, list | tuple) and result:  # copyMessages, media groups
        return _message_id(result[0])
    return None


DATA_FILE = "data_file"  # {"photo": {"data_file": "digests/x.png"}}: upload a file from the data folder
_UPLOADS = ("photo", "document")


def with_uploads(payload: dict[str, Any], files_dir: Path | None) -> dict[str, Any]:
    """The payload with data-folder files as uploads (the outbox stores JSON, so it stores the file's name).

    Only files inside ``files_dir`` are read: a name with ".." or an absolute path is refused for good.
    """
    found = {k: v for k, v in payload.items() if k in _UPLOADS and isinstance(v, dict) and DATA_FILE in v}
    if not found:
        return payload
    out = dict(payload)
    for key, value in found.items():
        name = str(value[DATA_FILE])
        root = files_dir.resolve() if files_dir is not None else None
        path = (root / name).resolve() if root is not None else None
        if root is None or path is None or not path.is_relative_to(root):
            raise DeliveryFailed(f"the file {name!r} is not in the data folder")
        try:
            out[key] = InputFile(path.read_bytes(), filename=path.name)
        except OSError as exc:
            raise DeliveryFailed(f"the file {name!r} cannot be read: {exc.strerror or exc}") from exc
    return out


class TelegramDelivery:
    """`deliver(item)` for the DeliveryWorker: performs the stored call through PTB (rate-limited).

    ``files_dir`` is the data folder: uploads named in a payload (the weekly digest's chart) come from it.
    """

    def __init__(self, bot: Bot, files_dir: Path | None = None) -> None:
        self.bot = bot
        self.files_dir = files_dir

    async def __call__(self, item: OutboxItem) -> int | None:
        try:
            result = await _call(self.bot, item.method, with_uploads(item.payload, self.files_dir))
        except RetryAfter as exc:
            raise RetryLater(_seconds(exc.retry_after) + 0.5) from exc
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except ChatMigrated as exc:
            raise ChatMoved(int(exc.new_chat_id)) from exc
        except BadRequest as exc:
            if "not modified" in exc.message.lower():
                return None  # an edit that changes nothing has, in effect, been delivered
            log.warning("outbox %s (%s to %s) rejected: %s", item.id, item.method, item.chat_id, exc.message)
            raise DeliveryFailed(exc.message) from exc
        except (TimedOut, NetworkError) as exc:
            # Telegram may have performed the call before the answer was lost: the retry can repeat it
            # (at-least-once). Long read timeouts keep a merely slow answer from counting as lost.
            raise RetryLater(None) from exc
        return _message_id(result)
