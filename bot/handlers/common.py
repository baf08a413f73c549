"""Gatekeeping and errors, for every audience: foreign groups, flood control, the one error handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.domain.flood import Verdict
from bot.domain.i18n import pick_language
from bot.runtime import runtime

log = logging.getLogger(__name__)
_GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL}


async def leave_foreign_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot serves citizens in private and staff in one group: any other group is left at once."""
    rt = runtime(context)
    chat = update.effective_chat
    if chat is None or chat.type not in _GROUPS or chat.id == rt.settings.staff_chat_id:
        return
    member = update.my_chat_member
    if member is not None and member.new_chat_member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        raise ApplicationHandlerStop
    log.info("leaving foreign chat %s", chat.id)
    try:
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:
        log.warning("could not leave chat %s: %s", chat.id, exc.message)
    raise ApplicationHandlerStop


async def flood_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Over the per-minute limit: one polite notice, and the messages are not answered one by one.

    A flooding citizen with an open ticket still has every message added to it (nothing is lost);
    without a ticket the extra messages get no reply.
    """
    rt = runtime(context)
    message = update.message
    user = update.effective_user
    if message is None or user is None or message.chat.type != ChatType.PRIVATE:
        return
    verdict = rt.flood.check(user.id)
    if verdict is Verdict.OK:
        return
    ticket = await rt.tickets.active_for_user(user.id)
    if ticket is not None:
        kind = "text" if message.text else "other"
        await rt.workflow.add_followup(ticket, message.chat_id, message.message_id, kind, message.text)
    if verdict is Verdict.WARN:
        stored = await rt.users.get(user.id)
        lang = (stored.language if stored else None) or pick_language(user.language_code)
        await rt.workflow.send_text(message.chat_id, rt.t(lang, "flood.slow_down"), f"u{update.update_id}")
    rt.worker.poke()
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with ids only (never message text or the token) and tell a citizen in their language."""
    error = context.error
    update_id = getattr(update, "update_id", None)
    user = getattr(update, "effective_user", None)
    log.error(
        "error handling update %s (user %s): %s",
        update_id,
        getattr(user, "id", None),
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    chat = getattr(update, "effective_chat", None)
    if not isinstance(update, Update) or chat is None or chat.type != ChatType.PRIVATE:
        return
    try:
        rt = runtime(context)
        lang = pick_language(getattr(user, "language_code", None))
        await rt.workflow.send_text(chat.id, rt.t(lang, "error.generic"), f"err{update_id}")
        rt.worker.poke()
    except Exception:  # the error handler itself must never raise
        log.exception("could not report error for update %s", update_id)


def register(app: Application, group: int) -> None:
    """Group `group` runs before all others: it may stop an update from going further."""
    app.add_handler(ChatMemberHandler(leave_foreign_chat, ChatMemberHandler.MY_CHAT_MEMBER), group=group)
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, leave_foreign_chat), group=group)
    app.add_handler(TypeHandler(Update, flood_gate), group=group + 1)
    app.add_error_handler(on_error)
