"""Buttons on ticket cards. Every press is answered with what actually happened.

Callback data comes from the client and can be forged, and a colleague may have acted a moment
earlier: so membership is checked fresh with Telegram before any change (a member removed a minute
ago can no longer close or block), and the answer says "closed by Aigul" rather than spinning.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.domain import callbacks
from bot.handlers.support import answer_query
from bot.runtime import Runtime, runtime
from bot.workflow import Outcome, Person, Result

log = logging.getLogger(__name__)
_MEMBER = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def is_staff(rt: Runtime, context: ContextTypes.DEFAULT_TYPE, user_id: int, *, fresh: bool) -> bool:
    """Admins always; others if Telegram says they are members of the staff chat (cached only if not fresh)."""
    if user_id in rt.settings.admin_ids:
        return True
    cached = None if fresh else rt.cached_staff(user_id)
    if cached is not None:
        return cached
    try:
        member = await context.bot.get_chat_member(rt.staff_chat_id, user_id)
        allowed = member.status in _MEMBER
    except TelegramError as exc:
        log.info("membership check failed: %s", exc.message)
        allowed = False
    rt.remember_staff(user_id, allowed)
    return allowed


def _answer_text(rt: Runtime, outcome: Outcome) -> str:
    if outcome.result is Result.DONE:
        return rt.st("staff.done")
    if outcome.result is Result.ALREADY_CLOSED:
        return rt.st("relay.already_closed", ticket=outcome.ticket_id, by=outcome.by or "—")
    if outcome.result is Result.UNKNOWN_ENTRY:
        return rt.st("relay.unknown_entry")
    return rt.st("staff.not_found", ticket=outcome.ticket_id)


async def _act(rt: Runtime, action: str, ticket_id: int, entry: str | None, staff: Person) -> Outcome:
    workflow = rt.workflow
    if action == "take":
        return await workflow.take(ticket_id, staff)
    if action == "close":
        return await workflow.close(ticket_id, staff)
    if action == "spam":
        return await workflow.spam(ticket_id, staff)
    if entry is None:
        return Outcome(Result.UNKNOWN_ENTRY, ticket_id)
    if action == "label":
        return (await workflow.label_ticket(ticket_id, entry, staff)).outcome
    return await workflow.answer_with_entry(ticket_id, entry, staff)


async def staff_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    answered = False
    try:
        parsed = callbacks.parse(query.data)
        message = query.message if isinstance(query.message, Message) else None
        in_staff_chat = message is not None and message.chat.id == rt.staff_chat_id
        if parsed is None or parsed.action != "s" or not in_staff_chat:
            await answer_query(query, rt.st("staff.not_allowed"), alert=True)
            answered = True
            return
        if not await is_staff(rt, context, query.from_user.id, fresh=True):
            await answer_query(query, rt.st("staff.not_allowed"), alert=True)
            answered = True
            return
        action, ticket_id = parsed.args[0], int(parsed.args[1])
        entry = parsed.args[2] if len(parsed.args) == 3 else None
        staff = Person(query.from_user.id, query.from_user.full_name, query.from_user.username)
        outcome = await _act(rt, action, ticket_id, entry, staff)
        rt.worker.poke()
        await answer_query(query, _answer_text(rt, outcome), alert=not outcome.done)
        answered = True
    finally:
        if not answered:  # an unexpected error: the button must still stop spinning
            await answer_query(query, rt.st("relay.action_failed"), alert=True)
