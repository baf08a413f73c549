"""Citizen side (private chats): thin adapters between Telegram updates and the conversation core.

Every reply goes through the outbox with a key derived from the update, so an update handled again
after a crash is answered once, and nothing is said before the state behind it is committed.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.domain.conversation import Button, Reply
from bot.domain.kinds import RELAYED, Kind, refused_field
from bot.handlers.support import citizen_language, dialogue_state, incoming, person, remember, reply
from bot.matching.matcher import ANSWER
from bot.render.staff_view import clock
from bot.runtime import Runtime, runtime
from bot.storage import Ticket

# Media a citizen may want an officer to see (a sticker or a dice is not a question).
OFFERED = frozenset(RELAYED) - {Kind.TEXT, Kind.STICKER, Kind.DICE, Kind.POLL}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    user = update.effective_user
    welcome = rt.content.conversation.welcome(user.first_name if user else "", lang)
    await remember(rt, welcome_chat(update), welcome)  # /start begins a fresh conversation
    await reply(rt, update, welcome)


def welcome_chat(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    menu = rt.content.conversation.menu(lang)
    await reply(rt, update, Reply("menu", lang, f"{rt.t(lang, 'start.help')}\n\n{menu.text}", menu.buttons))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    await reply(rt, update, rt.content.conversation.language_choice(lang))


async def _status_line(rt: Runtime, lang: str, ticket: Ticket) -> str:
    state = rt.t(lang, f"ticket.status_{ticket.status}")
    if await rt.outbox.undelivered_answers(ticket.id):
        state = rt.t(lang, "relay.status_answer_on_its_way")  # held for them until now, or still on its way
    return rt.t(lang, "ticket.line", ticket=ticket.id, status=state, created=clock(ticket.created_at))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    tickets = await rt.tickets.list_for_user(person(update).id)
    if not tickets:
        text = rt.t(lang, "ticket.none")
    else:
        lines = [rt.t(lang, "ticket.header")] + [await _status_line(rt, lang, t) for t in tickets]
        text = "\n".join(lines)
    await reply(rt, update, Reply("info", lang, text))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    ticket = await rt.workflow.cancel(person(update))
    key = "ticket.cancelled" if ticket else "ticket.nothing_to_cancel"
    await reply(rt, update, Reply("info", lang, rt.t(lang, key, ticket=ticket.id if ticket else 0)))


async def _join_ticket(rt: Runtime, update: Update, ticket: Ticket, lang: str) -> None:
    """While a ticket is open, the citizen's messages go to staff on that ticket instead of the matcher."""
    message = update.effective_message
    assert message is not None
    await rt.workflow.add_followup(ticket, incoming(message))
    await reply(rt, update, Reply("info", lang, rt.t(lang, "escalate.joined", ticket=ticket.id)))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    message = update.effective_message
    assert message is not None and message.text is not None
    lang, banned = await citizen_language(rt, update)
    if banned:
        await reply(rt, update, Reply("info", lang, rt.t(lang, "error.blocked")))
        return
    who = person(update)
    ticket = await rt.tickets.active_for_user(who.id)
    state = await dialogue_state(rt, message.chat_id)
    answer = rt.content.conversation.respond(message.text, lang, state)
    joins_ticket = ticket is not None and not (
        ticket.status == "answered"
        and (answer.kind == "smalltalk" or (answer.match and answer.match.decision == ANSWER))
    )
    if ticket is not None and joins_ticket:
        if answer.kind == "urgent":  # the emergency answer now, and the open ticket goes to the top
            await reply(rt, update, answer, reply_to=message.message_id)
            await rt.workflow.add_followup(ticket, incoming(message))
            await rt.workflow.raise_urgency(ticket)
            rt.worker.poke()
            return
        await _join_ticket(rt, update, ticket, answer.lang)
        return
    await rt.workflow.answer_question(
        who, message.chat_id, message.message_id, message.text, answer, update.update_id, state.clarify_options
    )
    await remember(rt, message.chat_id, answer)
    rt.worker.poke()


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Media and every other kind: joins an open ticket, is offered to an officer, or is refused aloud."""
    rt = runtime(context)
    message = update.effective_message
    assert message is not None
    lang, banned = await citizen_language(rt, update)
    if banned:
        return
    kind = incoming(message).kind
    if kind is Kind.OTHER:
        what = refused_field(message) or "message"
        await reply(rt, update, Reply("info", lang, rt.t(lang, "relay.kind_refused", kind=what)), message.message_id)
        return
    ticket = await rt.tickets.active_for_user(person(update).id)
    if ticket is not None:
        await _join_ticket(rt, update, ticket, lang)
        return
    if kind in OFFERED:
        buttons = ((Button(rt.t(lang, "btn.send_media"), "xm"),),)
        answer = Reply("info", lang, rt.t(lang, "media.offer_staff"), buttons)
    else:
        answer = Reply("info", lang, rt.t(lang, "media.unsupported"))
    await reply(rt, update, answer, reply_to=message.message_id)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit reaches staff if it belongs to an open ticket; otherwise the corrected question is answered."""
    rt = runtime(context)
    message = update.edited_message
    if message is None or update.effective_user is None:
        return
    await citizen_language(rt, update)
    ticket = await rt.tickets.active_for_user(update.effective_user.id)
    if ticket is None:
        if message.text:
            await text_message(update, context)
        return
    if message.message_id < ticket.source_message_id:
        return  # an edit of something said before this ticket: not part of it
    stamp = int(message.edit_date.timestamp()) if message.edit_date else update.update_id
    await rt.workflow.add_followup(ticket, incoming(message), edit_stamp=stamp)
    rt.worker.poke()


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command in a private chat (staff commands included) just shows the help."""
    await help_command(update, context)
