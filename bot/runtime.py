"""Services shared by all handlers, built in post_init and kept in `application.bot_data`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from telegram.ext import ContextTypes, filters

from bot.config import Settings
from bot.content import Content, Snapshot
from bot.delivery.worker import DeliveryWorker
from bot.domain.flood import FloodGuard
from bot.inbox.queue import DurableUpdateQueue
from bot.storage import Database, Outbox, TicketStore, UserStore
from bot.storage.dialogue import DialogueStore
from bot.storage.inbox import Inbox
from bot.storage.staff_links import StaffLinks
from bot.storage.state import BotState
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
    links: StaffLinks
    inbox: Inbox
    state: BotState
    dialogue: DialogueStore
    workflow: Workflow
    worker: DeliveryWorker
    flood: FloodGuard
    queue: DurableUpdateQueue
    # Why the bot runs without its database file (read-only folder ...): None when all is well.
    degraded: str | None = None
    content_problems: tuple[str, ...] = ()  # what is broken in faq/ or locales/ on disk (running on a snapshot)
    snapshot: Snapshot | None = None  # the last content that loaded, in the data folder
    staff_filter: filters.Chat | None = None  # the staff chat filter, widened when the group gets a new id
    flood_bypass: set[int] = field(default_factory=set)  # deferred updates being handled now
    staff_seen: dict[int, tuple[bool, float]] = field(default_factory=dict)  # user -> (is member, checked at)

    @property
    def staff_chat_id(self) -> int:
        """The staff chat in use (it changes when the group becomes a supergroup)."""
        return self.workflow.staff_chat_id

    def replace_content(self, content: Content) -> None:
        """Swap in a freshly loaded FAQ and UI strings (admin /reload); tickets, outbox and the switches stay."""
        content.conversation.controls = self.content.conversation.controls  # entries off, the pause
        self.content = content
        self.workflow.content = content

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.content.translator.t(lang, key, **values)

    def st(self, key: str, **values: object) -> str:
        """A string for staff, in the staff chat's language."""
        return self.workflow.st(key, **values)

    def cached_staff(self, user_id: int) -> bool | None:
        hit = self.staff_seen.get(user_id)
        if hit is None or time.monotonic() - hit[1] > STAFF_CACHE_S:
            return None
        return hit[0]

    def remember_staff(self, user_id: int, member: bool) -> None:
        self.staff_seen[user_id] = (member, time.monotonic())


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data[RUNTIME_KEY]  # type: ignore[no-any-return]
