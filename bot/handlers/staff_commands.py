"""Staff and admin commands: /queue, /ticket N, /stats, and /reload for admins. Each always answers."""

from __future__ import annotations

import logging
import re
import time

from telegram import Update
from telegram.ext import ContextTypes

from bot.content import load_edit, locales_dir, resolve_dir
from bot.faq.yaml_reader import FaqError
from bot.handlers import labels
from bot.handlers.support import say
from bot.learning.reload_report import refusal, replay_summary
from bot.learning.replay import must_refuse
from bot.render import payloads
from bot.render.staff_view import queue_text, stats_text, thread_text
from bot.render.telegram_html import escape
from bot.runtime import runtime

log = logging.getLogger(__name__)
_TICKET_ARG = re.compile(r"#?([0-9]{1,12})", re.ASCII)  # ASCII digits only: "²" is a digit to str.isdigit


async def queue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    tickets = await rt.tickets.queue(limit=30)
    await say(rt, chat.id, queue_text(rt.t, rt.workflow.staff_lang, tickets), f"u{update.update_id}")


async def ticket(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    args = context.args or []
    found_arg = _TICKET_ARG.fullmatch(args[0]) if len(args) == 1 else None
    if found_arg is None:
        await say(rt, chat.id, rt.st("staff.usage_ticket"), f"u{update.update_id}")
        return
    number = int(found_arg.group(1))
    found = await rt.tickets.get(number)
    if found is None:
        await say(rt, chat.id, rt.st("staff.not_found", ticket=number), f"u{update.update_id}")
        return
    text = thread_text(rt.t, rt.workflow.staff_lang, found, await rt.tickets.thread(number))
    messages = payloads.send_long_message(chat.id, f"<b>#{number}</b>", text.split("\n", 1)[-1])
    for n, payload in enumerate(labels.with_label_offer(rt, chat.id, found, messages)):
        await rt.outbox.enqueue(chat.id, "sendMessage", payload, dedupe_key=f"u{update.update_id}:{n}")
    rt.worker.poke()


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    now = time.time()
    today = await rt.tickets.stats(since=now - 86400, now=now)
    week = await rt.tickets.stats(since=now - 7 * 86400, now=now)
    await say(rt, chat.id, stats_text(rt.t, rt.workflow.staff_lang, today, week), f"u{update.update_id}")


async def reload_faq(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admins apply an edited FAQ without a restart; an edit `check` refuses is reported and not applied.

    The confirmed real questions are replayed against the edit: the reply says how many it makes right,
    wrong or clarified, and an edit that answers previously right ones wrongly is refused unless the admin
    sends `/reload force`. The applied content also becomes the snapshot the bot falls back on.
    """
    rt = runtime(context)
    chat = update.effective_chat
    assert chat is not None
    faq_path, locales_path = resolve_dir(rt.settings.faq_dir, "faq"), locales_dir()
    try:
        content = load_edit(faq_path, locales_path, rt.content)
    except FaqError as exc:
        lines = "\n".join(escape(str(p)) for p in exc.problems[:20])
        text = f"{rt.st('staff.reload_failed', count=len(exc.problems))}\n<code>{lines}</code>"
        outcome = f"refused: {len(exc.problems)} problems"
    else:
        replayed = await rt.workflow.replay_real(content.matcher)
        forced = [a.lower() for a in context.args or []] == ["force"]
        if must_refuse(replayed, force=forced):
            await say(rt, chat.id, refusal(rt.st, replayed), f"u{update.update_id}")
            admin = update.effective_user
            await rt.workflow.audit.record(
                "reload", admin.id if admin else None, admin.full_name if admin else None,
                detail="refused: previously right real questions now answered wrongly",
            )  # fmt: skip
            return
        rt.replace_content(content)
        rt.content_problems = ()
        snapshot = rt.snapshot
        if snapshot is not None:
            try:
                snapshot.save(faq_path, locales_path)
            except OSError as exc:
                log.warning("content snapshot not saved: %s", exc.strerror or exc)
        text = f"{rt.st('staff.reloaded', entries=len(content.faq.entries))}\n{replay_summary(rt.st, replayed)}"
        outcome = f"applied{' (forced)' if forced else ''}: {len(content.faq.entries)} entries"
    admin = update.effective_user
    await rt.workflow.audit.record(
        "reload", admin.id if admin else None, admin.full_name if admin else None, detail=outcome
    )
    await say(rt, chat.id, text, f"u{update.update_id}")
