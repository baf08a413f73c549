"""End-to-end harness: the real `python -m bot run` process against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.fakebot import FakeBotAPIServer, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token-e2e"
STAFF_CHAT = -1001234567890
STAFF_USER = 5001
ADMIN_USER = 5002


@dataclass
class BotProcess:
    """Starts, kills (-9) and restarts the bot process; its log goes to a file for failure reports."""

    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)
    _handle: object = None

    def start(self) -> None:
        log = self.log_path.with_suffix(f".{len(self.logs)}.log")
        self.logs.append(log)
        self._close_log()
        self._handle = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
        )

    def _close_log(self) -> None:
        if self._handle is not None:
            self._handle.close()  # type: ignore[attr-defined]
            self._handle = None

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self._close_log()

    def output(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs if p.exists())


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    telegram = FakeTelegram(token=TOKEN)
    telegram.make_group(STAFF_CHAT, "Consular staff", members={STAFF_USER: "member", ADMIN_USER: "administrator"})
    telegram.make_user(STAFF_USER, "Айгуль", "ru", "aigul_staff")
    telegram.make_user(ADMIN_USER, "Admin", "ru")
    yield telegram
    telegram.close()


@pytest.fixture
def server(fake: FakeTelegram) -> Iterator[FakeBotAPIServer]:
    with FakeBotAPIServer(fake, TOKEN) as srv:
        yield srv


def bot_env(api_url: str, database: Path, **extra: str) -> dict[str, str]:
    """The environment a deployment gives the bot, pointed at the fake API and a fresh database."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(database.parent),
        "PYTHONUNBUFFERED": "1",
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": api_url,
        "STAFF_CHAT_ID": str(STAFF_CHAT),
        "ADMIN_IDS": str(ADMIN_USER),
        "DATABASE_URL": f"sqlite:///{database}",
        "FAQ_DIR": str(ROOT / "faq"),
        "LOCALES_DIR": str(ROOT / "locales"),
        "WORK_HOURS": "0-24",
        # Telegram's 20 messages/min per group, scaled up so journeys with many staff messages take seconds
        "GROUP_RATE_PER_MINUTE": "600",
        **extra,
    }


@pytest.fixture
def bot(server: FakeBotAPIServer, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[BotProcess]:
    process = BotProcess(bot_env(server.url, tmp_path / "bot.sqlite3"), tmp_path / "bot")
    process.start()
    yield process
    process.stop()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(process.output()[-6000:])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
