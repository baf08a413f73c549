"""Citizen side (private chats): thin adapters between Telegram updates and the conversation core.

Every reply goes through the outbox with a key derived from the update, so an update Telegram delivers
again after a crash is answered once, and nothing is said before the state behind it is committed.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.domain import callbacks
from bot.domain.conversation import Button, Reply
from bot.domain.i18n import pick_language
from bot.matching.matcher import ANSWER
from bot.render.staff_view import clock
from bot.runtime import Runtime, runtime
from bot.storage import Ticket
from bot.workflow import Person

PRIVATE = filters.ChatType.PRIVATE
MEDIA = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.Sticker.ALL
    | filters.LOCATION
    | filters.CONTACT
    | filters.ANIMATION
)
FORWARDABLE = {"photo", "voice", "audio", "video", "video_note", "document", "animation"}


def media_kind(message: Message) -> str:
    for kind in ("photo", "voice", "audio", "video", "video_note", "animation", "document", "sticker"):
        if getattr(message, kind, None):
            return kind
    if message.location:
        return "location"
    if message.contact:
        return "contact"
    return "other"


def _person(update: Update) -> Person:
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.first_name, user.username)


async def _language(rt: Runtime, update: Update) -> tuple[str, bool]:
    """The citizen's UI language and whether they are banned; registers the user on the way."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    stored = await rt.users.upsert(user.id, chat.id, user.first_name, user.username)
    return stored.language or pick_language(user.language_code), stored.banned


async def _send(rt: Runtime, update: Update, reply: Reply, reply_to: int | None = None) -> None:
    chat = update.effective_chat
    assert chat is not None
    await rt.workflow.send_reply(chat.id, reply, reply_to, key=f"u{update.update_id}")
    rt.worker.poke()


async def _join_ticket(rt: Runtime, update: Update, ticket: Ticket, lang: str, kind: str, text: str | None) -> None:
    """While a ticket is open, the citizen's messages go to staff on that ticket instead of the matcher."""
    message = update.effective_message
    assert message is not None
    await rt.workflow.add_followup(ticket, message.chat_id, message.message_id, kind, text)
    await _send(rt, update, Reply("info", lang, rt.t(lang, "escalate.joined", ticket=ticket.id)))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await _language(rt, update)
    user = update.effective_user
    await _send(rt, update, rt.content.conversation.welcome(user.first_name if user else "", lang))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await _language(rt, update)
    menu = rt.content.conversation.menu(lang)
    await _send(rt, update, Reply("menu", lang, f"{rt.t(lang, 'start.help')}\n\n{menu.text}", menu.buttons))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await _language(rt, update)
    await _send(rt, update, rt.content.conversation.language_choice(lang))


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await _language(rt, update)
    tickets = await rt.tickets.list_for_user(_person(update).id)
    if not tickets:
        text = rt.t(lang, "ticket.none")
    else:
        lines = [rt.t(lang, "ticket.header")]
        for ticket in tickets:
            state = rt.t(lang, f"ticket.status_{ticket.status}")
            lines.append(rt.t(lang, "ticket.line", ticket=ticket.id, status=state, created=clock(ticket.created_at)))
        text = "\n".join(lines)
    await _send(rt, update, Reply("info", lang, text))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await _language(rt, update)
    ticket = await rt.workflow.cancel(_person(update))
    key = "ticket.cancelled" if ticket else "ticket.nothing_to_cancel"
    await _send(rt, update, Reply("info", lang, rt.t(lang, key, ticket=ticket.id if ticket else 0)))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    message = update.effective_message
    assert message is not None and message.text is not None
    lang, banned = await _language(rt, update)
    if banned:
        await _send(rt, update, Reply("info", lang, rt.t(lang, "error.blocked")))
        return
    person = _person(update)
    ticket = await rt.tickets.active_for_user(person.id)
    reply = rt.content.conversation.respond(message.text, lang)
    joins_ticket = ticket is not None and not (
        ticket.status == "answered" and (reply.kind == "smalltalk" or (reply.match and reply.match.decision == ANSWER))
    )
    if ticket is not None and joins_ticket:
        if reply.kind == "urgent":  # the emergency answer now, and the open ticket goes to the top
            await _send(rt, update, reply, reply_to=message.message_id)
            await rt.workflow.add_followup(ticket, message.chat_id, message.message_id, "text", message.text)
            await rt.workflow.raise_urgency(ticket)
            rt.worker.poke()
            return
        await _join_ticket(rt, update, ticket, reply.lang, "text", message.text)
        return
    await rt.workflow.answer_question(
        person, message.chat_id, message.message_id, message.text, reply, update.update_id
    )
    rt.worker.poke()


async def media_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    message = update.effective_message
    assert message is not None
    lang, banned = await _language(rt, update)
    if banned:
        return
    kind = media_kind(message)
    ticket = await rt.tickets.active_for_user(_person(update).id)
    if ticket is not None:
        await _join_ticket(rt, update, ticket, lang, kind, message.caption)
        return
    if kind in FORWARDABLE:
        buttons = ((Button(rt.t(lang, "btn.send_media"), "xm"),),)
        reply = Reply("info", lang, rt.t(lang, "media.offer_staff"), buttons)
    else:
        reply = Reply("info", lang, rt.t(lang, "media.unsupported"))
    await _send(rt, update, reply, reply_to=message.message_id)


async def anything_else(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Polls, dice, venues and whatever Telegram adds next still get a polite answer, never silence."""
    rt = runtime(context)
    message = update.effective_message
    assert message is not None
    lang, _ = await _language(rt, update)
    await _send(rt, update, Reply("info", lang, rt.t(lang, "media.unsupported")), reply_to=message.message_id)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit reaches staff if it belongs to an open ticket; otherwise the corrected question is answered."""
    rt = runtime(context)
    message = update.edited_message
    if message is None or update.effective_user is None:
        return
    ticket = await rt.tickets.active_for_user(update.effective_user.id)
    if ticket is None:
        if message.text:
            await text_message(update, context)
        return
    if message.message_id < ticket.source_message_id:
        return
    text = message.text or message.caption
    await rt.workflow.add_followup(ticket, message.chat_id, message.message_id, "text", text or "", edited=True)
    rt.worker.poke()


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    lang, banned = await _language(rt, update)
    await query.answer()
    data = query.data or ""
    message = query.message if isinstance(query.message, Message) else None
    if banned or message is None:
        return
    origin = message.reply_to_message
    person = _person(update)
    if data == "x" and origin is None:
        # "ask an officer" under an answer reached from the menu: there is no question to forward yet,
        # so open the ticket now and let the citizen's next message (which joins it) carry the details
        wish = rt.t(lang, "escalate.wants_person")
        await rt.workflow.escalate(person, message.chat_id, wish, message.message_id, lang, ask_details=True)
        rt.worker.poke()
        return
    if data in ("x", "xm"):
        if origin is None:
            await _send(rt, update, Reply("info", lang, rt.t(lang, "escalate.question_gone")))
            return
        question = origin.text or origin.caption or ""
        ask_lang = rt.content.matcher.detector.detect(question, default=lang) if question else lang
        kind = None if data == "x" and origin.text else media_kind(origin)
        await rt.workflow.escalate(person, message.chat_id, question, origin.message_id, ask_lang, media_kind=kind)
        rt.worker.poke()
        return
    parsed = callbacks.parse(data)
    if parsed is not None and parsed.action == "l":
        await rt.users.set_language(person.id, parsed.args[0])
        await _send(rt, update, Reply("info", parsed.args[0], rt.t(parsed.args[0], "lang.changed")))
        return
    if parsed is not None and parsed.action == "f":
        up = parsed.args[0] == "u"
        await rt.tickets.record_event("feedback_up" if up else "feedback_down", person.id, entry_id=parsed.args[1])
    reply = rt.content.conversation.press(data, lang)
    if reply is None:
        return  # stale or forged data: nothing to do, nothing revealed
    await _send(rt, update, reply, reply_to=origin.message_id if origin else None)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command in a private chat (staff commands included) just shows the help."""
    await help_command(update, context)


def register(app: Application, group: int) -> None:
    """Citizen handlers. Edits are caught first so that an edited text is not answered as a new question."""
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, edited_message), group=group)
    for name, callback in (
        ("start", start),
        ("help", help_command),
        ("language", language),
        ("status", status),
        ("cancel", cancel),
    ):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE), group=group)
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, text_message), group=group)
    app.add_handler(MessageHandler(PRIVATE & MEDIA, media_message), group=group)
    app.add_handler(MessageHandler(PRIVATE & ~filters.COMMAND, anything_else), group=group)
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, unknown_command), group=group)
    app.add_handler(CallbackQueryHandler(button, pattern=r"^(?!s:)"), group=group)
