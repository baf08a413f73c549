"""Staff label a ticket's question: `/label N entry-id` (or `/label N new`), and the label offer under /ticket N.

The card's own label buttons go through `staff_buttons` like every other card button.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.handlers.support import person, say
from bot.render import payloads
from bot.render.label_view import label_offer
from bot.render.telegram_html import MAX_TEXT, escape
from bot.runtime import Runtime, runtime
from bot.storage import Ticket
from bot.workflow import Result

_TICKET_ARG = re.compile(r"#?([0-9]{1,12})", re.ASCII)


async def label(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/label N entry-id`: the entry that answers ticket N's question; `/label N new`: a topic the FAQ lacks."""
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    args = context.args or []
    number = _TICKET_ARG.fullmatch(args[0]) if len(args) == 2 else None
    key = f"u{update.update_id}"
    if number is None:
        await say(rt, chat.id, rt.st("learning.usage_label"), key)
        return
    ticket_id, entry = int(number.group(1)), args[1].strip().lower()
    done = await rt.workflow.label_ticket(ticket_id, entry, person(update))
    if done.outcome.result is Result.NOT_FOUND:
        text = rt.st("staff.not_found", ticket=ticket_id)
    elif done.outcome.result is Result.UNKNOWN_ENTRY:
        text = rt.st("learning.unknown_label", entry=escape(entry[:40]))
    else:
        text = rt.st("staff.done")
    if chat.id != rt.staff_chat_id or not done.outcome.done:  # in the staff chat the notice under the card says it
        await say(rt, chat.id, text, key)
    rt.worker.poke()


def with_label_offer(rt: Runtime, chat_id: int, ticket: Ticket, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """/ticket N's messages with the label offer under the last one: the guesses as buttons (in the staff chat,
    where buttons work) and the /label hint; as a message of its own when the last one has no room left."""
    text, buttons = label_offer(rt.t, rt.workflow.staff_lang, rt.content.faq, ticket, chat_id == rt.staff_chat_id)
    last = dict(messages[-1])
    if len(last["text"]) + len(text) + 2 > MAX_TEXT:
        return [*messages, payloads.send_message(chat_id, text, buttons)]
    offer = payloads.send_message(chat_id, f"{last['text']}\n\n{text}", buttons)
    return [*messages[:-1], {**last, **offer}]
