"""The one error handler: log with ids only, and never leave the person without an answer.

When the database cannot be written (full disk, read-only folder) the outbox cannot either: the citizen
then gets the FAQ's answer sent directly, or an honest "cannot take your question right now", and the
log says so in one line, without a traceback and without the citizen's words.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.delivery.transport import send_now
from bot.domain.i18n import pick_language
from bot.render import payloads
from bot.runtime import Runtime, runtime
from bot.storage.db import storage_failure

log = logging.getLogger(__name__)
_quiet_until = 0.0  # storage failures are logged once a minute, not once per update


def _storage_reply(rt: Runtime, update: Update, lang: str) -> str:
    """What a citizen can still be told without storage: the FAQ's answer, or that we cannot take it now."""
    message = update.effective_message
    text = message.text if message is not None else None
    if text:
        answer = rt.content.conversation.respond(text, lang)
        if answer.kind in ("answer", "smalltalk"):
            return answer.text
        if answer.kind == "urgent":
            return f"{answer.text}\n\n{rt.t(answer.lang, 'relay.storage_down')}"
        lang = answer.lang
    return rt.t(lang, "relay.storage_down")


async def _tell_staff_nothing_was_sent(context: ContextTypes.DEFAULT_TYPE, update: Update) -> None:
    """A staff message the bot could not record (full disk) was not passed on: the sender is told at once."""
    message = update.effective_message
    try:
        rt = runtime(context)
        if message is None or message.chat_id != rt.staff_chat_id or message.reply_to_message is None:
            return
        payload = payloads.send_message(message.chat_id, rt.st("relay.storage_down_staff"), reply_to=message.message_id)
        await send_now(context.bot, "sendMessage", payload)
    except Exception as exc:  # the error handler itself must never raise
        log.warning("could not tell staff about update %s: %s", update.update_id, type(exc).__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    global _quiet_until
    error = context.error
    update_id = getattr(update, "update_id", None)
    user = getattr(update, "effective_user", None)
    failure = storage_failure(error) if error is not None else None
    if failure is not None:
        if time.monotonic() >= _quiet_until:
            log.error("storage unavailable (%s): answering without it (update %s)", failure.reason, update_id)
            _quiet_until = time.monotonic() + 60
    else:
        log.error(
            "error handling update %s (user %s): %s",
            update_id,
            getattr(user, "id", None),
            type(error).__name__,
            exc_info=(type(error), error, error.__traceback__) if error else None,
        )
    chat = getattr(update, "effective_chat", None)
    if not isinstance(update, Update) or chat is None:
        return
    if chat.type != ChatType.PRIVATE:
        if failure is not None:
            await _tell_staff_nothing_was_sent(context, update)
        return
    try:
        rt = runtime(context)
        lang = pick_language(getattr(user, "language_code", None))
        if failure is None:
            text = rt.t(lang, "error.generic")
            await rt.outbox.enqueue(
                chat.id, "sendMessage", payloads.send_message(chat.id, text), dedupe_key=f"err{update_id}"
            )
            rt.worker.poke()
            return
        payload = payloads.send_message(chat.id, _storage_reply(rt, update, lang))
        await send_now(context.bot, "sendMessage", payload)
    except (TelegramError, Exception) as exc:  # the error handler itself must never raise
        log.warning("could not report an error for update %s: %s", update_id, type(exc).__name__)
