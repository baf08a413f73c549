"""The one place where the application is wired: services, handlers (by audience, in groups), jobs.

Updates are durable end to end: the update queue commits each update to the inbox before Telegram is
told it arrived (`bot.inbox.queue`), handlers run one at a time per chat and concurrently across chats
(`bot.inbox.processing`), and everything the bot says goes through the outbox (`bot.delivery`).
"""

from __future__ import annotations

import logging
from enum import IntEnum
from pathlib import Path

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import Settings
from bot.content import Content, Snapshot, load_for_start, locales_dir, resolve_dir
from bot.delivery.transport import TelegramDelivery
from bot.delivery.worker import DeliveryWorker
from bot.domain.flood import FloodGuard
from bot.handlers import admin as admin_commands
from bot.handlers import citizen, citizen_buttons, gate, labels, staff, staff_buttons, staff_commands
from bot.handlers import privacy as privacy_commands
from bot.handlers.errors import on_error
from bot.inbox.deferred import due_updates
from bot.inbox.processing import INBOX_KEY, InboxApplication, PerChatUpdateProcessor
from bot.inbox.queue import DurableUpdateQueue
from bot.learning.digest_job import schedule_digest
from bot.privacy.policy import RetentionPolicy
from bot.render.telegram_html import escape
from bot.runtime import RUNTIME_KEY, Runtime, runtime
from bot.storage import Database, Outbox, TicketStore, UserStore, open_database, parse_database_url
from bot.storage.db import StorageUnavailable
from bot.storage.dialogue import DialogueStore
from bot.storage.inbox import Inbox
from bot.storage.staff_links import StaffLinks
from bot.storage.state import BotState
from bot.workflow import STAFF_CHAT_KEY, Workflow

log = logging.getLogger(__name__)
# Telegram allows ~30 messages/s overall and 20/min per group. A leaky bucket of capacity N lets 2N
# through around a window edge, so the buckets hold one message each and leak at the allowed rate:
# sends are spaced evenly (measured with tests/bench/load.py: no 429 at full load).
OVERALL_PER_SECOND = 29
RESURFACE_EVERY_S = 300
HOUSEKEEPING_EVERY_S = 3600
DEFERRED_EVERY_S = 2.0
CONCURRENT_CHATS = 32
RETENTION_EVERY_S = 86400
RETENTION_FIRST_S = 300  # and five minutes after every start, so a bot restarted often still purges
# How long the inbox, outbox and dialogue keep what they hold: bot/privacy/policy.py.
_CITIZEN_COMMANDS = ("start", "language", "status", "cancel", "help")
_PRIVACY_COMMANDS = ("privacy", "mydata", "forget")


class Group(IntEnum):
    """Handler groups, in the order PTB runs them; within a group only the first matching handler runs."""

    GATE = 0  # the bot's memberships, foreign groups, the staff chat's migration: may stop the update
    FLOOD = 1  # citizens over the flood limit: deferred or joined to their ticket, then stopped
    PEOPLE = 2  # staff handlers first (an admin's /queue in private is a staff command), then citizens'


def build_application(
    settings: Settings, request: BaseRequest | None = None, get_updates_request: BaseRequest | None = None
) -> Application:  # type: ignore[type-arg]
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .application_class(InboxApplication)
        .update_queue(DurableUpdateQueue())
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_CHATS))
        .post_init(start_services)
        .post_shutdown(stop_services)
    )
    if settings.rate_limit:
        # Telegram: ~30 msg/s overall, 20/min per group. Retries of 429 are the outbox's job.
        limiter = AIORateLimiter(
            overall_max_rate=1,
            overall_time_period=1 / OVERALL_PER_SECOND,
            group_max_rate=1,
            group_time_period=60 / settings.group_rate_per_minute,
            max_retries=0,
        )
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]  # PTB's builder generics
    if request is not None:
        builder = builder.request(request)
    else:
        # A slow answer is not a lost one: waiting long keeps Telegram's delays from becoming duplicates.
        builder = builder.read_timeout(30).write_timeout(30).connect_timeout(10).pool_timeout(10)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data["settings"] = settings
    register(app, settings)
    return app


def register(app: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Every handler, in one place. The staff chat filter is kept: it learns the chat's new id if it moves."""
    staff_chat = filters.Chat(chat_id=settings.staff_chat_id)
    app.bot_data["staff_filter"] = staff_chat
    admins = filters.User(user_id=list(settings.admin_ids))
    private = filters.ChatType.PRIVATE
    staff_or_admin = staff_chat | (private & admins)

    app.add_handler(ChatMemberHandler(gate.watch_chats, ChatMemberHandler.MY_CHAT_MEMBER), Group.GATE)
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, gate.staff_chat_migrated), Group.GATE)
    app.add_handler(MessageHandler(filters.ChatType.GROUPS, gate.leave_foreign_group), Group.GATE)
    app.add_handler(TypeHandler(Update, gate.flood_gate), Group.FLOOD)

    for name, callback in (("queue", staff_commands.queue), ("ticket", staff_commands.ticket)):
        app.add_handler(CommandHandler(name, callback, filters=staff_or_admin), Group.PEOPLE)
    app.add_handler(CommandHandler("stats", staff_commands.stats, filters=staff_or_admin), Group.PEOPLE)
    app.add_handler(CommandHandler("label", labels.label, filters=staff_or_admin), Group.PEOPLE)
    app.add_handler(
        CommandHandler("reload", staff_commands.reload_faq, filters=admins & (staff_chat | private)), Group.PEOPLE
    )
    app.add_handler(MessageHandler(staff_chat & filters.UpdateType.EDITED_MESSAGE, staff.staff_edit), Group.PEOPLE)
    app.add_handler(MessageHandler(staff_chat & filters.REPLY & ~filters.COMMAND, staff.staff_reply), Group.PEOPLE)
    app.add_handler(CallbackQueryHandler(staff_buttons.staff_button, pattern=r"^s:"), Group.PEOPLE)

    # Admins' levers (ADMIN_IDS only: anyone else falls through to the citizens' unknown-command help below).
    for name, callback in (
        ("disable", admin_commands.disable),
        ("enable", admin_commands.enable),
        ("disabled", admin_commands.disabled),
        ("pause", admin_commands.pause),
        ("resume", admin_commands.resume),
        ("block", admin_commands.block),
        ("unblock", admin_commands.unblock),
        ("blocked", admin_commands.blocked),
        ("audit", admin_commands.audit),
        ("retention", admin_commands.retention),
    ):
        app.add_handler(CommandHandler(name, callback, filters=admins & (staff_chat | private)), Group.PEOPLE)
    # A citizen's own data: what is stored, a copy, erasure (before the citizens' catch-all button handler).
    for name, command in (
        ("privacy", privacy_commands.privacy),
        ("mydata", privacy_commands.mydata),
        ("forget", privacy_commands.forget),
    ):
        app.add_handler(CommandHandler(name, command, filters=private), Group.PEOPLE)
    app.add_handler(CallbackQueryHandler(privacy_commands.forget_button, pattern=r"^p:"), Group.PEOPLE)

    # Citizens. Edits are caught first so that an edited text is not answered as a new question.
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, citizen.edited_message), Group.PEOPLE)
    for name, command in (
        ("start", citizen.start),
        ("help", citizen.help_command),
        ("language", citizen.language),
        ("status", citizen.status),
        ("cancel", citizen.cancel),
    ):
        app.add_handler(CommandHandler(name, command, filters=private), Group.PEOPLE)
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, citizen.text_message), Group.PEOPLE)
    app.add_handler(MessageHandler(private & filters.COMMAND, citizen.unknown_command), Group.PEOPLE)
    app.add_handler(MessageHandler(private, citizen.other_message), Group.PEOPLE)
    app.add_handler(CallbackQueryHandler(citizen_buttons.button, pattern=r"^(?!s:)"), Group.PEOPLE)
    app.add_error_handler(on_error)


async def _open_storage(settings: Settings) -> tuple[Database, str | None]:
    """The database, or (if its folder is read-only, the disk full ...) an in-memory one and the reason."""
    try:
        return await open_database(settings.database_url), None
    except StorageUnavailable as exc:
        log.error("database unavailable (%s): running without durable storage until this is fixed", exc.reason)
        return await open_database(":memory:"), exc.reason


def snapshot_folder(settings: Settings) -> Snapshot | None:
    """Where the last content that loaded is kept: beside the database."""
    path = parse_database_url(settings.database_url)
    return None if path == ":memory:" else Snapshot(Path(path).parent / "content-snapshot")


async def start_services(app: Application) -> None:  # type: ignore[type-arg]
    """Open the database, load the content, replay unhandled updates, start delivery and jobs (post_init)."""
    settings: Settings = app.bot_data["settings"]
    db, degraded = await _open_storage(settings)
    snapshot = snapshot_folder(settings)
    preloaded: tuple[Content, list[str]] | None = app.bot_data.pop("preloaded_content", None)
    content, problems = preloaded or load_for_start(resolve_dir(settings.faq_dir, "faq"), locales_dir(), snapshot)
    state = BotState(db)
    users, tickets, outbox, links, inbox = UserStore(db), TicketStore(db), Outbox(db), StaffLinks(db), Inbox(db)
    staff_chat_id = settings.staff_chat_id
    recorded = await state.get(STAFF_CHAT_KEY, {})
    if recorded.get("configured") == settings.staff_chat_id and recorded.get("current"):
        staff_chat_id = int(recorded["current"])  # the group became a supergroup since STAFF_CHAT_ID was set
        app.bot_data["staff_filter"].add_chat_ids(staff_chat_id)
    workflow = Workflow(
        content, db, users, tickets, outbox, links, staff_chat_id, settings.work_hours, settings.staff_lang
    )
    await workflow.load_controls()  # FAQ entries switched off and the pause, as admins left them
    queue: DurableUpdateQueue = app.update_queue  # type: ignore[assignment]
    rt_holder: list[Runtime] = []

    async def on_moved(old: int, new: int) -> None:
        await gate.moved(rt_holder[0], old, new)

    worker = DeliveryWorker(
        outbox,
        TelegramDelivery(app.bot, files_dir=None if db.path == ":memory:" else Path(db.path).parent),
        concurrency=32,
        on_failed=workflow.delivery_failed,
        on_sent=workflow.on_sent,
        on_moved=on_moved,
        idle_poll_s=0.5,
    )
    flood = FloodGuard(settings.flood_per_minute, settings.flood_window_s)
    rt = Runtime(
        settings, content, db, users, tickets, outbox, links, inbox, state, DialogueStore(db), workflow, worker,
        flood, queue, degraded=degraded, content_problems=tuple(problems), snapshot=snapshot,
        staff_filter=app.bot_data["staff_filter"],
    )  # fmt: skip
    rt_holder.append(rt)
    app.bot_data[RUNTIME_KEY] = rt
    app.bot_data[INBOX_KEY] = inbox
    queue.attach(inbox)
    for item in await inbox.pending():  # received before a crash, not handled: handled first
        update = Update.de_json(item.payload, app.bot)
        if update is not None:
            await queue.put_stored(update)
    worker.start()
    await _set_commands(app, content.translator.t, staff_chat_id, settings.staff_lang)
    await _tell_admins_about_start(rt)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_resurface, interval=RESURFACE_EVERY_S, first=30, name="resurface")
        app.job_queue.run_repeating(_housekeeping, interval=HOUSEKEEPING_EVERY_S, first=60, name="housekeeping")
        app.job_queue.run_repeating(_deferred, interval=DEFERRED_EVERY_S, first=DEFERRED_EVERY_S, name="deferred")
        app.job_queue.run_repeating(
            admin_commands.retention_job, interval=RETENTION_EVERY_S, first=RETENTION_FIRST_S, name="retention"
        )
    if settings.retention_clock_shift_s:
        log.warning("RETENTION_CLOCK_SHIFT_DAYS is set: retention judges ages as if later (a test setting)")
    schedule_digest(app.job_queue, settings.digest_to)  # weekly, named "digest" (bot/learning/digest_job.py)
    log.info("bot started: %d FAQ entries, staff chat %s", len(content.faq.entries), staff_chat_id)


async def _tell_admins_about_start(rt: Runtime) -> None:
    """Admins learn at once when the bot runs degraded: without its database, or on the content snapshot."""
    notes = []
    if rt.degraded is not None:
        notes.append(rt.st("relay.admin_degraded", reason=rt.degraded))
    if rt.content_problems:
        lines = "\n".join(f"<code>{escape(p)}</code>" for p in rt.content_problems[:20])
        notes.append(f"{rt.st('relay.admin_snapshot', count=len(rt.content_problems))}\n{lines}")
    for note in notes:
        log.warning("%s", "running degraded: " + ("no database" if rt.degraded else "content from the snapshot"))
        await gate.tell_admins(rt, note, f"start:{hash(note) & 0xFFFFFFFF}")


async def _set_commands(app: Application, t: object, staff_chat_id: int, staff_lang: str) -> None:  # type: ignore[type-arg]
    """Citizen commands per language (Telegram shows them in the user's language), staff ones in the group."""
    translate = t  # Translator.t
    try:
        for lang in ("ky", "ru", "en"):
            commands = [BotCommand(c, translate(lang, f"commands.{c}")) for c in _CITIZEN_COMMANDS]  # type: ignore[operator]
            commands += [BotCommand(c, translate(lang, f"privacy.cmd_{c}")) for c in _PRIVACY_COMMANDS]  # type: ignore[operator]
            await app.bot.set_my_commands(commands, language_code=lang)
        default = [BotCommand(c, translate("ru", f"commands.{c}")) for c in _CITIZEN_COMMANDS]  # type: ignore[operator]
        default += [BotCommand(c, translate("ru", f"privacy.cmd_{c}")) for c in _PRIVACY_COMMANDS]  # type: ignore[operator]
        await app.bot.set_my_commands(default, scope=BotCommandScopeDefault())
        staff_commands_ = [BotCommand(c, translate(staff_lang, f"staff.cmd_{c}")) for c in ("queue", "ticket", "stats")]  # type: ignore[operator]
        await app.bot.set_my_commands(staff_commands_, scope=BotCommandScopeChat(staff_chat_id))
    except TelegramError as exc:  # commands are a convenience: never a reason not to start
        log.warning("setMyCommands failed: %s", exc.message)


async def stop_services(app: Application) -> None:  # type: ignore[type-arg]
    """Finish in-flight sends and close the database (PTB's post_shutdown)."""
    rt: Runtime | None = app.bot_data.get(RUNTIME_KEY)
    if rt is None:
        return
    await rt.worker.stop(grace_s=5.0)
    await rt.db.close()


async def _resurface(context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    if await rt.workflow.resurface(rt.settings.resurface_after_s):
        rt.worker.poke()


async def _deferred(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Messages held back by the flood gate are handled once their time has come."""
    rt = runtime(context)
    for update in await due_updates(rt, context.bot):
        await rt.queue.put_stored(update)


async def _housekeeping(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Hourly: sent messages, handled updates' ids and stale contexts go (they hold citizens' words)."""
    rt = runtime(context)
    policy = RetentionPolicy.from_settings(rt.settings)
    await rt.outbox.purge(older_than_s=policy.outbox_s)
    await rt.inbox.purge(older_than_s=policy.inbox_s)
    await rt.dialogue.purge(older_than_s=policy.dialogue_s)
    # secure_delete zeroed purged rows in place; emptying the WAL drops old copies of pages (purged rows, update
    # payloads dropped once handled) that would otherwise stay in the -wal file until it is overwritten.
    await rt.db.compact(vacuum=False)
    rt.flood.forget_idle()
