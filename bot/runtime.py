"""Services shared by all handlers, built in post_init and kept in `application.bot_data`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.config import Settings
from bot.core.delivery import DeliveryWorker
from bot.core.flood import FloodGuard
from bot.services import Core
from bot.storage import Database, Outbox, TicketStore, UserStore
from bot.workflow import Workflow

RUNTIME_KEY = "runtime"
STAFF_CACHE_S = 600.0


@dataclass
class Runtime:
    settings: Settings
    core: Core
    db: Database
    users: UserStore
    tickets: TicketStore
    outbox: Outbox
    workflow: Workflow
    worker: DeliveryWorker
    flood: FloodGuard
    staff_seen: dict[int, tuple[bool, float]] = field(default_factory=dict)  # user -> (is member, checked at)

    def replace_core(self, core: Core) -> None:
        """Swap in a freshly loaded FAQ and UI strings (admin /reload); tickets and outbox are untouched."""
        self.core = core
        self.workflow.core = core
        self.workflow.t = core.translator.t

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.core.translator.t(lang, key, **values)

    def cached_staff(self, user_id: int) -> bool | None:
        hit = self.staff_seen.get(user_id)
        if hit is None or time.monotonic() - hit[1] > STAFF_CACHE_S:
            return None
        return hit[0]

    def remember_staff(self, user_id: int, member: bool) -> None:
        self.staff_seen[user_id] = (member, time.monotonic())


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]
