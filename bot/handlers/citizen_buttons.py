"""Buttons a citizen presses: topics, answers, feedback, language, and "send to a consular officer"."""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.domain import callbacks
from bot.domain.conversation import Reply
from bot.domain.kinds import Incoming, Kind
from bot.handlers.support import answer_query, citizen_language, dialogue_state, incoming, person, remember, reply
from bot.runtime import Runtime, runtime


async def _latest_forward(rt: Runtime, chat_id: int, origin: Message | None) -> str | None:
    """The question the conversation says "send to an officer" forwards, if the button belongs to its latest turn.

    A follow-up forwards together with the question it leans on; a typed "оператор" forwards the last real
    question. A button under an older message forwards that message, as it says.
    """
    state = await dialogue_state(rt, chat_id)
    if not state.is_live(time.time()) or not state.forward_question:
        return None
    said = (origin.text or origin.caption or "") if origin is not None else ""
    if origin is None or said == state.last_question or (said and said in state.forward_question):
        return state.forward_question
    return None


async def _send_to_officer(rt: Runtime, update: Update, message: Message, lang: str, media: bool) -> None:
    """One tap: the question (or media) this button's message answers becomes a ticket.

    Without a question to forward (the button under an answer reached from the menu), the ticket opens
    now and the citizen's next message, which joins it, carries the details.
    """
    origin = message.reply_to_message
    who = person(update)
    forward = None if media else await _latest_forward(rt, message.chat_id, origin)
    if forward:  # what the conversation says this button sends (a follow-up joined to its question ...)
        ask_lang = rt.content.matcher.detector.detect(forward, default=lang)
        source = origin.message_id if origin is not None else message.message_id
        await rt.workflow.escalate(who, Incoming(message.chat_id, source, Kind.TEXT, forward), ask_lang)
    elif origin is None:
        if media:
            await reply(rt, update, Reply("info", lang, rt.t(lang, "escalate.question_gone")))
            return
        wish = rt.t(lang, "escalate.wants_person")
        request = Incoming(message.chat_id, message.message_id, Kind.TEXT, wish)
        await rt.workflow.escalate(who, request, lang, ask_details=True)
    else:
        sent = incoming(origin)
        question = sent.text or ""
        ask_lang = rt.content.matcher.detector.detect(question, default=lang) if question else lang
        if not media and sent.kind is not Kind.TEXT:
            sent = Incoming(sent.chat_id, sent.message_id, Kind.TEXT, question)
        await rt.workflow.escalate(who, sent, ask_lang)
    rt.worker.poke()


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    lang, banned = await citizen_language(rt, update)
    await answer_query(query)
    data = query.data or ""
    message = query.message if isinstance(query.message, Message) else None
    if banned or message is None:
        return
    if data in ("x", "xm"):
        await _send_to_officer(rt, update, message, lang, media=data == "xm")
        return
    parsed = callbacks.parse(data)
    who = person(update)
    if parsed is not None and parsed.action == "l":
        await rt.users.set_language(who.id, parsed.args[0])
        await reply(rt, update, Reply("info", parsed.args[0], rt.t(parsed.args[0], "lang.changed")))
        return
    if parsed is not None and parsed.action == "f":
        up = parsed.args[0] == "u"
        event = "feedback_up" if up else "feedback_down"
        await rt.tickets.record_event(event, who.id, entry_id=parsed.args[1], dedupe=update.update_id)
    state = await dialogue_state(rt, message.chat_id)
    await rt.workflow.record_press(message.chat_id, data, state.clarify_options)  # what it teaches (learning)
    answer = rt.content.conversation.press(data, lang, state)
    if answer is None:
        return  # stale or forged data: nothing to do, nothing revealed
    origin = message.reply_to_message
    await reply(rt, update, answer, reply_to=origin.message_id if origin else None)
    await remember(rt, message.chat_id, answer)
