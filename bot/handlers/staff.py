"""Staff side: the staff group (and ADMIN_IDS). Gatekeeping is done by filters at registration and by
re-checking membership for every button press, because callback data can be forged.
"""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.content import load_content, resolve_dir
from bot.domain import callbacks
from bot.faq.loader import FaqError
from bot.handlers.citizen import media_kind
from bot.render import payloads
from bot.render.staff_view import queue_text, stats_text, thread_text
from bot.render.telegram_html import escape
from bot.runtime import Runtime, runtime
from bot.workflow import Person

_MEMBER = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def is_staff(rt: Runtime, context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """Admins always; others if they are members of the staff chat right now (cached for a while)."""
    if user_id in rt.settings.admin_ids:
        return True
    cached = rt.cached_staff(user_id)
    if cached is not None:
        return cached
    try:
        member = await context.bot.get_chat_member(rt.settings.staff_chat_id, user_id)
        allowed = member.status in _MEMBER
    except TelegramError:
        allowed = False
    rt.remember_staff(user_id, allowed)
    return allowed


async def _say(rt: Runtime, chat_id: int, text: str, key: str) -> None:
    await rt.outbox.enqueue(chat_id, "sendMessage", payloads.send_message(chat_id, text), dedupe_key=key)
    rt.worker.poke()


async def queue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    tickets = await rt.tickets.queue(limit=30)
    await _say(rt, chat.id, queue_text(rt.t, rt.workflow.staff_lang, tickets), f"u{update.update_id}")


async def ticket(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    args = context.args or []
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        await _say(rt, chat.id, rt.t(rt.workflow.staff_lang, "staff.usage_ticket"), f"u{update.update_id}")
        return
    number = int(args[0].lstrip("#"))
    found = await rt.tickets.get(number)
    if found is None:
        text = rt.t(rt.workflow.staff_lang, "staff.not_found", ticket=number)
    else:
        text = thread_text(rt.t, rt.workflow.staff_lang, found, await rt.tickets.thread(number))
    for n, payload in enumerate(payloads.send_long_message(chat.id, f"<b>#{number}</b>", text.split("\n", 1)[-1])):
        await rt.outbox.enqueue(chat.id, "sendMessage", payload, dedupe_key=f"u{update.update_id}:{n}")
    rt.worker.poke()


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    now = time.time()
    today = await rt.tickets.stats(since=now - 86400, now=now)
    week = await rt.tickets.stats(since=now - 7 * 86400, now=now)
    await _say(rt, chat.id, stats_text(rt.t, rt.workflow.staff_lang, today, week), f"u{update.update_id}")


async def reload_faq(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admins reload faq/ and locales/ without a restart; a broken edit is reported and not applied."""
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    try:
        core = load_content(resolve_dir(rt.settings.faq_dir, "faq"))
    except FaqError as exc:
        lines = "\n".join(escape(str(p)) for p in exc.problems[:20])
        text = f"{rt.t(rt.workflow.staff_lang, 'staff.reload_failed', count=len(exc.problems))}\n<code>{lines}</code>"
    else:
        rt.replace_content(core)
        text = rt.t(rt.workflow.staff_lang, "staff.reloaded", entries=len(core.faq.entries))
    await _say(rt, chat.id, text, f"u{update.update_id}")


async def staff_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to a ticket's message in the staff chat goes to the citizen."""
    rt = runtime(context)
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.reply_to_message is None or user.is_bot:
        return
    replied_to = message.reply_to_message.message_id
    ticket_id = await rt.tickets.ticket_for_staff_message(message.chat_id, replied_to)
    if ticket_id is None and message.reply_to_message.from_user and message.reply_to_message.from_user.is_bot:
        await rt.worker.settle()  # the card may have been sent a moment ago and not yet recorded
        ticket_id = await rt.tickets.ticket_for_staff_message(message.chat_id, replied_to)
    if ticket_id is None:
        return  # staff talking among themselves
    kind = "text" if message.text else media_kind(message)
    text = message.text if message.text else message.caption
    staff = Person(user.id, user.full_name, user.username)
    await rt.workflow.staff_answer(ticket_id, staff, message.chat_id, message.message_id, kind, text)
    rt.worker.poke()


async def staff_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    parsed = callbacks.parse(query.data)
    message = query.message if isinstance(query.message, Message) else None
    in_staff_chat = message is not None and message.chat.id == rt.settings.staff_chat_id
    allowed = in_staff_chat and await is_staff(rt, context, query.from_user.id)
    if parsed is None or parsed.action != "s" or not allowed:
        await query.answer(rt.t(rt.workflow.staff_lang, "staff.not_allowed"), show_alert=True)
        return
    action, ticket_id = parsed.args[0], int(parsed.args[1])
    staff = Person(query.from_user.id, query.from_user.full_name, query.from_user.username)
    workflow = rt.workflow
    if action == "take":
        done = await workflow.take(ticket_id, staff)
    elif action == "close":
        done = await workflow.close(ticket_id, staff)
    elif action == "spam":
        done = await workflow.spam(ticket_id, staff)
    else:
        done = len(parsed.args) == 3 and await workflow.answer_with_entry(ticket_id, parsed.args[2], staff)
    rt.worker.poke()
    text = (
        rt.t(rt.workflow.staff_lang, "staff.done")
        if done
        else rt.t(rt.workflow.staff_lang, "staff.not_found", ticket=ticket_id)
    )
    await query.answer(text)


def register(app: Application, staff_chat_id: int, admin_ids: frozenset[int], group: int) -> None:
    """Staff handlers: commands only in the staff chat or from admins in private; replies only in the staff chat."""
    staff_chat = filters.Chat(chat_id=staff_chat_id)
    allowed = staff_chat | (filters.ChatType.PRIVATE & filters.User(user_id=list(admin_ids)))
    for name, callback in (("queue", queue), ("ticket", ticket), ("stats", stats)):
        app.add_handler(CommandHandler(name, callback, filters=allowed), group=group)
    admins = filters.User(user_id=list(admin_ids))
    app.add_handler(
        CommandHandler("reload", reload_faq, filters=admins & (staff_chat | filters.ChatType.PRIVATE)), group=group
    )
    app.add_handler(
        MessageHandler(staff_chat & filters.REPLY & ~filters.COMMAND & ~filters.UpdateType.EDITED, staff_reply),
        group=group,
    )
    app.add_handler(CallbackQueryHandler(staff_button, pattern=r"^s:"), group=group)
