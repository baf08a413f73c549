"""A citizen's privacy commands: /privacy (what is stored, why, how long, who sees it), /mydata, /forget.

They work for blocked citizens too: seeing and erasing one's data is a right, not a service.
"""

from __future__ import annotations

import logging
import time

from telegram import InputFile, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.domain import callbacks
from bot.domain.conversation import Button, Reply
from bot.handlers.support import answer_query, citizen_language, person, reply
from bot.privacy.mydata import citizen_data, export_wait_s, mark_exported, to_file
from bot.privacy.policy import RetentionPolicy
from bot.runtime import Runtime, runtime

log = logging.getLogger(__name__)


def _policy(rt: Runtime) -> RetentionPolicy:
    return RetentionPolicy.from_settings(rt.settings)


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    policy = _policy(rt)
    text = rt.t(
        lang, "privacy.notice", days=policy.days, outbox_days=policy.outbox_days, backup_days=policy.backup_days
    )
    await reply(rt, update, Reply("info", lang, text))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask first: erasing cannot be undone, and it closes an open ticket."""
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    count = len(await rt.tickets.list_for_user(person(update).id, limit=1_000_000))
    buttons = (
        (
            Button(rt.t(lang, "privacy.btn_forget"), callbacks.encode("p", "forget")),
            Button(rt.t(lang, "privacy.btn_keep"), callbacks.encode("p", "keep")),
        ),
    )
    await reply(rt, update, Reply("info", lang, rt.t(lang, "privacy.forget_confirm", tickets=count), buttons))


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The answer to "erase everything?": erase, checkpoint the database so nothing stays in its files, report."""
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    lang, _ = await citizen_language(rt, update)
    await answer_query(query)
    parsed = callbacks.parse(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if parsed is None or parsed.action != "p" or message is None or message.chat.type != ChatType.PRIVATE:
        return
    if parsed.args[0] == "keep":
        await _drop_buttons(rt, message)
        await reply(rt, update, Reply("info", lang, rt.t(lang, "privacy.forget_kept")))
        return
    await rt.worker.settle()  # a card or relay being sent this instant is recorded first, so it is redacted too
    done = await rt.workflow.forget(person(update), message.chat_id, update.update_id)
    # secure_delete zeroed the rows; the checkpoint moves those pages into the file and empties the WAL of the
    # old ones (milliseconds). The slower VACUUM, which only gives space back, runs with the nightly retention.
    if not await rt.db.compact(vacuum=False):
        log.warning("erasure committed; the WAL could not be emptied yet (a backup is reading): retried later")
    await _drop_buttons(rt, message)
    erased = done.erased
    text = rt.t(
        lang,
        "privacy.forget_done",
        tickets=erased.tickets,
        messages=erased.messages,
        questions=erased.questions,
        backup_days=_policy(rt).backup_days,
    )
    if done.closed_ticket is not None:
        text += "\n\n" + rt.t(lang, "privacy.forget_closed", ticket=done.closed_ticket)
    await reply(rt, update, Reply("info", lang, text))


async def _drop_buttons(rt: Runtime, message: Message) -> None:
    """The question is answered: its buttons go, so it cannot be pressed again by mistake."""
    payload = {"chat_id": message.chat_id, "message_id": message.message_id}
    await rt.outbox.enqueue(message.chat_id, "editMessageReplyMarkup", payload)


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The citizen's data as a JSON file, at most once an hour.

    Sent directly, not through the outbox: the outbox would keep a second copy of everything about the
    citizen for a month. If Telegram refuses, the citizen is told and may try again at once.
    """
    rt = runtime(context)
    lang, _ = await citizen_language(rt, update)
    who = person(update)
    chat = update.effective_chat
    assert chat is not None
    now = time.time()
    wait = await export_wait_s(rt.db, who.id, now)
    if wait > 0:
        await reply(rt, update, Reply("info", lang, rt.t(lang, "privacy.mydata_wait", minutes=int(wait // 60) + 1)))
        return
    data = to_file(await citizen_data(rt.db, who.id, chat.id, _policy(rt), now))
    try:
        await context.bot.send_document(
            chat.id,
            InputFile(data, filename="mydata.json", attach=True),
            caption=rt.t(lang, "privacy.mydata_caption"),
        )
    except TelegramError as exc:
        log.warning("data export for update %s not sent: %s", update.update_id, type(exc).__name__)
        await reply(rt, update, Reply("info", lang, rt.t(lang, "privacy.mydata_failed")))
        return
    await mark_exported(rt.db, who.id, now)
