"""Before anything else: foreign groups are left, the staff chat is kept in view, floods are slowed down.

The flood gate never drops a question: messages over the limit are deferred in the durable inbox and
answered when the citizen slows down (or join their open ticket at once), and the notice says so.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.domain.flood import Verdict
from bot.handlers.support import citizen_language, incoming, say
from bot.runtime import Runtime, runtime

log = logging.getLogger(__name__)
_GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL}
_GONE = {ChatMemberStatus.LEFT, ChatMemberStatus.BANNED}


async def tell_admins(rt: Runtime, text: str, key: str) -> None:
    """A private message to every admin (what cannot be said in the staff chat)."""
    for admin in sorted(rt.settings.admin_ids):
        await say(rt, admin, text, f"{key}:{admin}")


async def watch_chats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot's own membership: leave foreign groups; losing or regaining the staff chat is acted on."""
    rt = runtime(context)
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    gone = change.new_chat_member.status in _GONE
    if chat.id == rt.staff_chat_id:
        if gone:
            log.error("the bot was removed from the staff chat: staff messages are held until it is added back")
            await tell_admins(rt, rt.st("relay.staff_chat_lost"), f"lost:{update.update_id}")
        elif change.old_chat_member.status in _GONE:
            count = await rt.workflow.repost_open_cards("relay.bot_back")
            log.info("back in the staff chat: %d open tickets posted again", count)
        rt.worker.poke()
        raise ApplicationHandlerStop
    if chat.type in _GROUPS and not gone:
        await _leave(context, chat.id)
    raise ApplicationHandlerStop


async def leave_foreign_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot serves citizens in private and staff in one group: messages from any other group end here."""
    rt = runtime(context)
    chat = update.effective_chat
    if chat is None or chat.type not in _GROUPS or chat.id == rt.staff_chat_id:
        return
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id and chat.id == rt.staff_chat_id:
        return
    await _leave(context, chat.id)
    raise ApplicationHandlerStop


async def _leave(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    log.info("leaving foreign chat %s", chat_id)
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as exc:
        log.warning("could not leave chat %s: %s", chat_id, exc.message)


async def staff_chat_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The staff group became a supergroup (new id): follow it, whichever of the two notices comes first."""
    rt = runtime(context)
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:  # in the old group
        await moved(rt, message.chat_id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:  # in the new supergroup
        await moved(rt, message.migrate_from_chat_id, message.chat_id)
    raise ApplicationHandlerStop


async def moved(rt: Runtime, old_chat_id: int, new_chat_id: int) -> None:
    """Record the staff chat's new id, move waiting messages there, re-post open cards, accept its updates."""
    if old_chat_id != rt.staff_chat_id:
        return
    if rt.staff_filter is not None:
        rt.staff_filter.add_chat_ids(new_chat_id)
    await rt.workflow.staff_chat_moved(old_chat_id, new_chat_id, rt.state)
    log.warning(
        "staff chat %s became %s; set STAFF_CHAT_ID=%s in the configuration", old_chat_id, new_chat_id, new_chat_id
    )
    rt.worker.poke()


async def flood_gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Over the per-minute limit: one notice; the messages are answered later, or join the open ticket now."""
    rt = runtime(context)
    message = update.message
    user = update.effective_user
    if message is None or user is None or message.chat.type != ChatType.PRIVATE:
        return
    if update.update_id in rt.flood_bypass:
        rt.flood_bypass.discard(update.update_id)  # a deferred message coming due: handle it now
        return
    verdict = rt.flood.check(user.id)
    if verdict is Verdict.OK:
        return
    lang, _ = await citizen_language(rt, update)
    ticket = await rt.tickets.active_for_user(user.id)
    if ticket is not None:
        await rt.workflow.add_followup(ticket, incoming(message))
    else:
        await rt.inbox.defer(update.update_id, until=time.time() + rt.flood.calm_in(user.id))
    if verdict is Verdict.WARN:
        key = "relay.flood_joined" if ticket is not None else "relay.flood_deferred"
        await say(rt, message.chat_id, rt.t(lang, key), f"flood:{update.update_id}")
    rt.worker.poke()
    raise ApplicationHandlerStop
