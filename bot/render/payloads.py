"""Bot API JSON for messages: the core's abstract buttons become `reply_markup` dicts.

The outbox stores Bot API calls as JSON, so these builders produce plain dicts (no `telegram`
import): the same payload is committed, retried and finally sent verbatim.
"""

from __future__ import annotations

from typing import Any

from bot.domain.conversation import Keyboard
from bot.render.telegram_html import MAX_TEXT, split_text


def markup(buttons: Keyboard) -> dict[str, Any] | None:
    if not buttons:
        return None
    return {"inline_keyboard": [[{"text": b.label[:64], "callback_data": b.data} for b in row] for row in buttons]}


def send_message(
    chat_id: int, text: str, buttons: Keyboard = (), reply_to: int | None = None, thread_id: int | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    keyboard = markup(buttons)
    if keyboard:
        payload["reply_markup"] = keyboard
    if reply_to:
        payload["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    if thread_id:
        payload["message_thread_id"] = thread_id
    return payload


def send_long_message(chat_id: int, header: str, escaped_body: str, reply_to: int | None = None) -> list[dict]:
    """A header plus user-supplied (already escaped) text, split to Telegram's 4096 limit."""
    first_room = MAX_TEXT - len(header) - 2
    if len(escaped_body) <= first_room:
        return [send_message(chat_id, f"{header}\n\n{escaped_body}", reply_to=reply_to)]
    parts = split_text(escaped_body, MAX_TEXT - 20)
    payloads = [send_message(chat_id, header, reply_to=reply_to)]
    payloads += [send_message(chat_id, part) for part in parts]
    return payloads


def copy_message(chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"chat_id": chat_id, "from_chat_id": from_chat_id, "message_id": message_id}
    if reply_to:
        payload["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    return payload


def edit_message(chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    keyboard = markup(buttons)
    if keyboard:  # without reply_markup an edit removes the keyboard (a closed ticket has no buttons)
        payload["reply_markup"] = keyboard
    return payload
