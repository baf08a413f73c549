"""Services shared by all handlers, built in post_init and kept in `application.bot_data`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.config import Settings
from bot.content import Content
from bot.delivery.worker import DeliveryWorker
from bot.domain.flood import FloodGuard
from bot.storage import Database, Outbox, TicketStore, UserStore
from bot.workflow import Workflow

RUNTIME_KEY = "runtime"
STAFF_CACHE_S = 600.0


@dataclass
class Runtime:
    settings: Settings
    content: Content
    db: Database
    users: UserStore
    tickets: TicketStore
    outbox: Outbox
    workflow: Workflow
    worker: DeliveryWorker
    flood: FloodGuard
    staff_seen: dict[int, tuple[bool, float]] = field(default_factory=dict)  # user -> (is member, checked at)

    def replace_content(self, content: Content) -> None:
        """Swap in a freshly loaded FAQ and UI strings (admin /reload); tickets and outbox are untouched."""
        self.content = content
        self.workflow.content = content
        self.workflow.t = content.translator.t

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.content.translator.t(lang, key, **values)

    def cached_staff(self, user_id: int) -> bool | None:
        hit = self.staff_seen.get(user_id)
        if hit is None or time.monotonic() - hit[1] > STAFF_CACHE_S:
            return None
        return hit[0]

    def remember_staff(self, user_id: int, member: bool) -> None:
        self.staff_seen[user_id] = (member, time.monotonic())


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]
