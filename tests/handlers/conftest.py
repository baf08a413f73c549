"""Handler tests: the real Application and handlers, PTB's real request encoding, no network.

Updates are built by the fake Telegram as Bot API JSON and fed with `process_update`; replies go
through the real outbox and delivery worker into the fake, where the test reads what a user sees.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.app import build_application, start_services, stop_services
from bot.config import Settings
from bot.content import Content, load_content
from bot.inbox.queue import chat_key
from bot.runtime import Runtime, runtime
from tests.fakebot import FakeRequest, FakeTelegram, MessageView

ROOT = Path(__file__).resolve().parents[2]
STAFF_CHAT = -1009876543210
STAFF_A = 6001
STAFF_B = 6002
ADMIN = 6003


@dataclass
class Harness:
    fake: FakeTelegram
    app: Application
    settings: Settings
    errors: list[BaseException] = field(default_factory=list)

    async def restart(self) -> None:
        """Stop the bot and start a new one on the same database (what survives is what was committed)."""
        await stop_services(self.app)
        await self.app.shutdown()
        self.app = _build(self)
        await self.app.initialize()
        await start_services(self.app)

    @property
    def rt(self) -> Runtime:
        return self.app.bot_data["runtime"]  # type: ignore[no-any-return]

    async def feed(self, update: dict[str, Any]) -> None:
        """Process one update the way the bot does (committed to the inbox, then handled), then flush the outbox."""
        parsed = Update.de_json(update, self.app.bot)
        assert parsed is not None
        if await self.rt.inbox.store(parsed.update_id, chat_key(parsed), update):
            await self.app.process_update(parsed)
        await self.rt.worker.drain(5.0)

    def seen(self, chat_id: int) -> list[MessageView]:
        return [m for m in self.fake.messages_in(chat_id) if m.from_bot]

    def last(self, chat_id: int) -> MessageView:
        view = self.fake.last_message(chat_id)
        assert view is not None, f"the bot sent nothing to {chat_id}"
        return view


@pytest.fixture(scope="session")
def content() -> Content:
    """The real FAQ and UI strings, loaded once: loading them is most of a handler test's setup time.

    Sharing is safe: content is not changed in place (a /reload swaps in a new one), and the operator's
    switches on its conversation are set from each test's own database when the bot starts.
    """
    return load_content(ROOT / "faq", ROOT / "locales")


@pytest.fixture
async def h(tmp_path: Path, content: Content) -> AsyncIterator[Harness]:
    fake = FakeTelegram()
    fake.make_group(STAFF_CHAT, "Staff", members={STAFF_A: "member", STAFF_B: "administrator"})
    fake.make_user(STAFF_A, "Айгуль", "ru")
    fake.make_user(STAFF_B, "Бекзат", "ru")
    fake.make_user(ADMIN, "Admin", "ru")
    settings = Settings(
        token=fake.token,
        staff_chat_id=STAFF_CHAT,
        admin_ids=frozenset({ADMIN}),
        database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        faq_dir=str(ROOT / "faq"),
        work_hours=(0, 24),
        rate_limit=False,
    )
    harness = Harness(fake, None, settings)  # type: ignore[arg-type]
    harness.app = _build(harness)
    harness.app.bot_data["preloaded_content"] = (content, [])
    await harness.app.initialize()
    await start_services(harness.app)
    assert isinstance(runtime_of(harness.app), Runtime)
    yield harness
    await stop_services(harness.app)
    await harness.app.shutdown()
    fake.close()
    assert not harness.errors, f"handlers raised: {harness.errors!r}"


def _build(harness: Harness) -> Application:
    """The real application on the fake, with an error handler that makes any handler exception fail the test."""
    app = build_application(
        harness.settings, request=FakeRequest(harness.fake), get_updates_request=FakeRequest(harness.fake)
    )

    async def fail_on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        harness.errors.append(context.error)

    app.add_error_handler(fail_on_error)
    return app


def runtime_of(app: Application) -> Runtime:
    class _Ctx:
        application = app

    return runtime(_Ctx())  # type: ignore[arg-type]
