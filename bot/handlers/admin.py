"""Admin commands (ADMIN_IDS only, in private or in the staff chat): the levers between "everything runs" and
"shut the bot down", and the audit trail that records them.

    /disable ENTRY, /enable ENTRY, /disabled     one FAQ answer off, at once, without a deploy
    /pause [message], /resume                     the kill switch: no FAQ answers, questions still reach staff
    /block USER, /unblock USER, /blocked          USER: an id, @username or #ticket
    /audit [N]                                    the latest N audit entries
    /retention                                    run the retention pass now (it also runs daily)

Who may run them is decided by the filter at registration (`bot.app.register`): anyone else gets what any
unknown command gets, so nothing reveals that these commands exist.
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ContextTypes

from bot.privacy.policy import RetentionPolicy
from bot.privacy.retention import RetentionReport
from bot.render import payloads
from bot.render.staff_view import clock
from bot.render.telegram_html import escape
from bot.runtime import Runtime, runtime
from bot.workflow import Person

log = logging.getLogger(__name__)
_ENTRY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
AUDIT_DEFAULT, AUDIT_MAX = 20, 200
PAUSE_MESSAGE_MAX = 1000  # shown to every citizen in place of answers: a notice, not a letter


def _admin(update: Update) -> Person:
    user = update.effective_user
    assert user is not None
    return Person(user.id, user.full_name, user.username)


Item = TypeVar("Item")


async def _listing(
    rt: Runtime, update: Update, items: Sequence[Item], empty_key: str, title_key: str, line: Callable[[Item], str]
) -> None:
    """A list for admins (/disabled, /blocked, /audit): a title with the count and a line per item, or "none"."""
    if not items:
        await _answer(rt, update, rt.st(empty_key))
        return
    await _answer(rt, update, "\n".join([rt.st(title_key, count=len(items)), *map(line, items)]))


async def _answer(rt: Runtime, update: Update, text: str) -> None:
    """Admin answers can be long (/audit): split at Telegram's limit, keyed by the update."""
    chat = update.effective_chat
    assert chat is not None
    head, _, body = text.partition("\n")
    sends = payloads.send_long_message(chat.id, head, body) if body else [payloads.send_message(chat.id, text)]
    for n, payload in enumerate(sends):
        await rt.outbox.enqueue(chat.id, "sendMessage", payload, dedupe_key=f"u{update.update_id}:{n}")
    rt.worker.poke()


def _entry_arg(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    args = context.args or []
    return args[0].strip().lower() if len(args) == 1 and _ENTRY.fullmatch(args[0].strip().lower()) else None


async def disable(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    entry = _entry_arg(context)
    if entry is None:
        await _answer(rt, update, rt.st("admin.usage_entry"))
        return
    if entry not in rt.content.faq.entries:
        similar = ", ".join(difflib.get_close_matches(entry, list(rt.content.faq.entries), n=3)) or "—"
        await _answer(rt, update, rt.st("admin.unknown_entry", entry=escape(entry), similar=similar))
        return
    changed = await rt.workflow.disable_entry(entry, _admin(update))
    log.info("FAQ entry %s %s by admin %s", entry, "disabled" if changed else "already disabled", _admin(update).id)
    await _answer(rt, update, rt.st("admin.disabled" if changed else "admin.already_disabled", entry=entry))


async def enable(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    entry = _entry_arg(context)
    if entry is None:
        await _answer(rt, update, rt.st("admin.usage_entry"))
        return
    changed = await rt.workflow.enable_entry(entry, _admin(update))
    log.info("FAQ entry %s enabled by admin %s (changed: %s)", entry, _admin(update).id, changed)
    await _answer(rt, update, rt.st("admin.enabled" if changed else "admin.not_disabled", entry=entry))


async def disabled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    entries = await rt.workflow.control_store.disabled()

    def line(e: Any) -> str:
        known = "" if e.entry_id in rt.content.faq.entries else " (?)"
        return f"• <code>{escape(e.entry_id)}</code>{known} — {clock(e.at)}, id {e.by_id}"

    await _listing(rt, update, entries, "admin.disabled_none", "admin.disabled_title", line)


async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    own = text.split(maxsplit=1)[1].strip()[:PAUSE_MESSAGE_MAX] if len(text.split(maxsplit=1)) > 1 else None
    changed = await rt.workflow.pause(_admin(update), own or None)
    log.warning("FAQ answers paused by admin %s", _admin(update).id)
    await _answer(rt, update, rt.st("admin.paused" if changed else "admin.already_paused"))


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    changed = await rt.workflow.resume(_admin(update))
    log.warning("FAQ answers resumed by admin %s", _admin(update).id)
    await _answer(rt, update, rt.st("admin.resumed" if changed else "admin.not_paused"))


async def _user_line(rt: Runtime, user_id: int) -> str:
    user = await rt.users.get(user_id)
    name = escape(user.first_name) if user and user.first_name else "—"
    handle = f" @{escape(user.username)}" if user and user.username else ""
    return f"{name}{handle} (id {user_id})"


async def _set_blocked(update: Update, context: ContextTypes.DEFAULT_TYPE, blocked: bool) -> None:
    rt = runtime(context)
    args = context.args or []
    if len(args) != 1:
        await _answer(rt, update, rt.st("admin.usage_block"))
        return
    user_id = await rt.workflow.control_store.find_user(args[0])
    if user_id is None or user_id in rt.settings.admin_ids:
        await _answer(rt, update, rt.st("admin.user_not_found", who=escape(args[0][:64])))
        return
    ticket = int(args[0][1:]) if args[0].startswith("#") else None
    changed = await rt.workflow.set_blocked(user_id, blocked, _admin(update), ticket_id=ticket)
    key = ("admin.blocked" if changed else "admin.already_blocked") if blocked else "admin.unblocked"
    if not blocked and not changed:
        key = "admin.not_blocked"
    await _answer(rt, update, rt.st(key, user=await _user_line(rt, user_id), id=user_id))


async def block(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_blocked(update, context, True)


async def unblock(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_blocked(update, context, False)


async def blocked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    users = await rt.workflow.control_store.blocked()

    def line(u: Any) -> str:
        name = escape(u.first_name) if u.first_name else "—"
        handle = f" @{escape(u.username)}" if u.username else ""
        since = f" — {escape(u.by or '?')}, {clock(u.at)}" if u.at else ""
        return f"• {name}{handle} (id <code>{u.user_id}</code>){since}"

    await _listing(rt, update, users, "admin.blocked_none", "admin.blocked_title", line)


async def audit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    args = context.args or []
    count = int(args[0]) if len(args) == 1 and args[0].isascii() and args[0].isdigit() else AUDIT_DEFAULT
    entries = await rt.workflow.audit.latest(max(1, min(count, AUDIT_MAX)))

    def line(e: Any) -> str:
        who = escape(e.actor_name or "—") + (f" ({e.actor_id})" if e.actor_id is not None else "")
        ticket = f" · #{e.ticket_id}" if e.ticket_id is not None else ""
        detail = f" · {escape(e.detail[:120])}" if e.detail else ""
        return f"{clock(e.at)} · <b>{e.action}</b> · {who}{ticket}{detail}"

    await _listing(rt, update, entries, "admin.audit_empty", "admin.audit_title", line)


async def run_retention(rt: Runtime, now: float | None = None) -> RetentionReport:
    """One retention pass, then the database is compacted so the erased text leaves its files too."""
    policy = RetentionPolicy.from_settings(rt.settings)
    now = time.time() + rt.settings.retention_clock_shift_s if now is None else now
    report = await rt.workflow.retention_pass(policy, now)
    rt.worker.poke()
    compacted = await rt.db.compact()
    log.info(
        "retention (%d days): %d tickets, %d messages, %d questions anonymised; %d users, %d sent messages, "
        "%d audit entries deleted; compacted: %s",
        policy.days, report.tickets, report.messages, report.questions, report.users, report.outbox, report.audit,
        compacted,
    )  # fmt: skip
    return report


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await run_retention(runtime(context))


async def retention(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    report = await run_retention(rt)
    admin = _admin(update)
    detail = f"tickets={report.tickets} questions={report.questions} users={report.users} outbox={report.outbox}"
    await rt.workflow.audit.record("retention", admin.id, admin.name, detail=detail)
    text = rt.st(
        "admin.retention_done",
        days=rt.settings.retention_days,
        tickets=report.tickets,
        questions=report.questions,
        users=report.users,
        outbox=report.outbox,
    )
    await _answer(rt, update, text)
