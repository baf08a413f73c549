"""Staff chat messages: a reply to any of the bot's messages about a ticket reaches the citizen.

Nothing a staff member does here vanishes without a word: a reply to a bot message that belongs to
no ticket, or a kind of message Telegram will not let the bot pass on, is answered with a notice.
Anonymous admins (posting as the group) are staff like everyone else.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.domain.kinds import Kind
from bot.handlers.support import incoming, is_staff_sender, person, say
from bot.runtime import Runtime, runtime
from bot.workflow import ticket_from_own_message


async def _ticket_of(rt: Runtime, context: ContextTypes.DEFAULT_TYPE, target: Message) -> int | None:
    """The ticket a replied-to message belongs to: its link, or the tag the bot wrote on it."""
    ticket_id = await rt.links.ticket_of(target.chat_id, target.message_id)
    if ticket_id is not None:
        return ticket_id
    await rt.worker.settle()  # the card may have been sent a moment ago and not yet recorded
    ticket_id = await rt.links.ticket_of(target.chat_id, target.message_id)
    if ticket_id is None:
        ticket_id = ticket_from_own_message(target.text or target.caption)
    if ticket_id is not None and await rt.tickets.get(ticket_id) is None:
        return None
    return ticket_id


def _from_the_bot(context: ContextTypes.DEFAULT_TYPE, message: Message) -> bool:
    return message.from_user is not None and message.from_user.id == context.bot.id


async def staff_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to a ticket's message in the staff chat goes to the citizen, as it was written."""
    rt = runtime(context)
    message = update.effective_message
    if message is None or message.reply_to_message is None or not is_staff_sender(rt, message):
        return
    target = message.reply_to_message
    if not _from_the_bot(context, target):
        return  # staff talking among themselves
    ticket_id = await _ticket_of(rt, context, target)
    if ticket_id is None:
        await say(rt, message.chat_id, rt.st("staff.reply_unknown"), f"u{update.update_id}", message.message_id)
        return
    sent = incoming(message)
    if sent.kind is Kind.OTHER:
        text = rt.st("relay.staff_kind_refused", ticket=ticket_id)
        await say(rt, message.chat_id, text, f"u{update.update_id}", message.message_id)
        return
    await rt.workflow.staff_answer(ticket_id, person(update), sent)
    rt.worker.poke()


async def staff_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A staff member corrected an answer: the citizen gets the correction (other edits are chat)."""
    rt = runtime(context)
    message = update.edited_message
    if message is None or not is_staff_sender(rt, message):
        return
    stamp = int(message.edit_date.timestamp()) if message.edit_date else update.update_id
    ticket = await rt.workflow.staff_edit(incoming(message), stamp)
    if ticket is not None:
        rt.worker.poke()
