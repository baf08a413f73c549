"""Small adapters every handler uses: who acted, what they sent, and saying something back.

They turn PTB objects into the plain data the workflow takes (``Person``, ``Incoming``), so handlers stay
thin and Telegram stays at the edge.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, MessageEntity, Update
from telegram.error import TelegramError

from bot.domain.context import DialogueState
from bot.domain.conversation import Reply
from bot.domain.i18n import pick_language
from bot.domain.kinds import Incoming, kind_of
from bot.render import payloads
from bot.runtime import Runtime
from bot.workflow import Person

log = logging.getLogger(__name__)
ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's GroupAnonymousBot: "from" of messages posted as the group


def person(update: Update) -> Person:
    """The citizen or staff member behind an update; a group posting anonymously counts as the group."""
    message = update.effective_message
    sender_chat = message.sender_chat if message is not None else None
    if sender_chat is not None:
        signature = message.author_signature if message is not None else None
        return Person(sender_chat.id, signature or sender_chat.title or str(sender_chat.id), sender_chat.username)
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.full_name, user.username)


def incoming(message: Message) -> Incoming:
    """A message as the workflow sees it, with its text or caption and their entities (for relaying)."""
    entities: tuple[MessageEntity, ...] = message.entities or message.caption_entities or ()
    return Incoming(
        chat_id=message.chat_id,
        message_id=message.message_id,
        kind=kind_of(message),
        text=message.text if message.text is not None else message.caption,
        entities=tuple(e.to_dict() for e in entities),
        media_group_id=message.media_group_id,
    )


def is_staff_sender(rt: Runtime, message: Message) -> bool:
    """A person in the staff chat: a member, or an admin posting as the group (anonymous admin)."""
    if message.sender_chat is not None:
        return message.sender_chat.id == rt.staff_chat_id
    user = message.from_user
    return user is not None and not user.is_bot


async def citizen_language(rt: Runtime, update: Update) -> tuple[str, bool]:
    """The citizen's UI language and whether they are banned; registers the user (and releases held messages)."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None and chat is not None
    stored = await rt.workflow.citizen_seen(Person(user.id, user.first_name, user.username), chat.id)
    return stored.language or pick_language(user.language_code), stored.banned


async def dialogue_state(rt: Runtime, chat_id: int) -> DialogueState:
    """What the bot remembers of this chat's conversation (empty when nothing, or when it is unreadable)."""
    return DialogueState.from_json(await rt.dialogue.load(chat_id))


async def remember(rt: Runtime, chat_id: int, answer: Reply) -> None:
    """Keep the context a reply leaves behind (the last topic, a pending clarify) for the next message."""
    await rt.dialogue.save(chat_id, answer.state.to_json() if answer.state.updated_at else None)


async def reply(rt: Runtime, update: Update, answer: Reply, reply_to: int | None = None, suffix: str = "") -> None:
    """Queue a conversation reply, keyed by the update so a replay after a crash sends nothing new."""
    chat = update.effective_chat
    assert chat is not None
    await rt.workflow.send_reply(chat.id, answer, reply_to, key=f"u{update.update_id}{suffix}")
    rt.worker.poke()


async def say(rt: Runtime, chat_id: int, text: str, key: str, reply_to: int | None = None) -> None:
    """Queue a bot-authored HTML message."""
    await rt.outbox.enqueue(
        chat_id, "sendMessage", payloads.send_message(chat_id, text, reply_to=reply_to), dedupe_key=key
    )
    rt.worker.poke()


async def answer_query(query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
    """Stop the button's spinner. A query too old to answer (handled after a restart) is not an error."""
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as exc:
        log.info("callback query not answered: %s", exc.message)
