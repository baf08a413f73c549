"""The one place where the application is wired: services, handlers (by audience), jobs.

Handler groups, in the order PTB runs them:
  0  gatekeeping: leave foreign groups (stops the update)
  1  flood control for citizens (may stop the update)
  2  staff handlers (staff chat, admins), before citizen ones so that an admin's /queue in private
     is a staff command and not "unknown command"
  2  citizen handlers (private chats)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.config import Settings
from bot.content import load_content, resolve_dir
from bot.delivery.transport import TelegramDelivery
from bot.delivery.worker import DeliveryWorker
from bot.domain.flood import FloodGuard
from bot.handlers import citizen, common, staff
from bot.runtime import RUNTIME_KEY, Runtime, runtime
from bot.storage import Outbox, TicketStore, UserStore, open_database
from bot.workflow import Workflow

log = logging.getLogger(__name__)
RESURFACE_EVERY_S = 300
# Telegram allows ~30 messages/s overall and 20/min per group. A leaky bucket of capacity N lets 2N
# through around a window edge, so the buckets hold one message each and leak at the allowed rate:
# sends are spaced evenly (measured with tests/bench/load.py: no 429 at full load).
OVERALL_PER_SECOND = 29
PURGE_EVERY_S = 24 * 3600
_CITIZEN_COMMANDS = ("start", "language", "status", "cancel", "help")


def build_application(
    settings: Settings, request: BaseRequest | None = None, get_updates_request: BaseRequest | None = None
) -> Application:
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
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
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app = builder.build()
    app.bot_data["settings"] = settings
    common.register(app, group=0)
    staff.register(app, settings.staff_chat_id, settings.admin_ids, group=2)
    citizen.register(app, group=2)
    return app


async def start_services(app: Application) -> None:
    """Open the database, load the FAQ, start the delivery worker and jobs (PTB's post_init)."""
    settings: Settings = app.bot_data["settings"]
    core = load_content(resolve_dir(settings.faq_dir, "faq"))
    db = await open_database(settings.database_url)
    users, tickets, outbox = UserStore(db), TicketStore(db), Outbox(db)
    workflow = Workflow(
        core, db, users, tickets, outbox, settings.staff_chat_id, settings.work_hours, settings.staff_lang
    )
    worker = DeliveryWorker(
        outbox, TelegramDelivery(app.bot), concurrency=32, on_failed=workflow.delivery_failed, idle_poll_s=0.5
    )
    app.bot_data[RUNTIME_KEY] = Runtime(
        settings, core, db, users, tickets, outbox, workflow, worker, FloodGuard(settings.flood_per_minute)
    )
    worker.start()
    await _set_commands(app, core.translator.t, settings.staff_chat_id, settings.staff_lang)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_resurface, interval=RESURFACE_EVERY_S, first=30, name="resurface")
        app.job_queue.run_repeating(_housekeeping, interval=PURGE_EVERY_S, first=PURGE_EVERY_S, name="housekeeping")
    log.info("bot started: %d FAQ entries, staff chat %s", len(core.faq.entries), settings.staff_chat_id)


async def _set_commands(app: Application, t: Callable[..., str], staff_chat_id: int, staff_lang: str) -> None:
    """Citizen commands per language (Telegram shows them in the user's language), staff ones in the group."""
    try:
        for lang in ("ky", "ru", "en"):
            commands = [BotCommand(c, t(lang, f"commands.{c}")) for c in _CITIZEN_COMMANDS]
            await app.bot.set_my_commands(commands, language_code=lang)
        default = [BotCommand(c, t("ru", f"commands.{c}")) for c in _CITIZEN_COMMANDS]
        await app.bot.set_my_commands(default, scope=BotCommandScopeDefault())
        staff_commands = [BotCommand(c, t(staff_lang, f"staff.cmd_{c}")) for c in ("queue", "ticket", "stats")]
        await app.bot.set_my_commands(staff_commands, scope=BotCommandScopeChat(staff_chat_id))
    except TelegramError as exc:  # commands are a convenience: never a reason not to start
        log.warning("setMyCommands failed: %s", exc.message)


async def stop_services(app: Application) -> None:
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


async def _housekeeping(context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    await rt.outbox.purge(older_than_s=30 * 86400)
    rt.flood.forget_idle()
