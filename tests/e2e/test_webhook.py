"""Webhook mode: the real bot process registers its webhook with the secret and accepts only that secret."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import BotProcess, bot_env
from tests.fakebot import FakeBotAPIServer, FakeTelegram, WebhookPusher

pytestmark = pytest.mark.e2e
SECRET = "webhook-secret-123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, update: dict, secret: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except urllib.error.URLError:
        return 0  # not listening yet


def test_webhook_mode_checks_the_secret(fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path) -> None:
    port = free_port()
    public_url = "https://consul-bot.example.test/tg-hook"  # what Telegram calls (behind a TLS proxy)
    url = f"http://127.0.0.1:{port}/tg-hook"  # what the proxy forwards to
    env = bot_env(
        server.url,
        tmp_path / "hook.sqlite3",
        WEBHOOK_URL=public_url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
    )
    bot = BotProcess(env, tmp_path / "hook")
    bot.start()
    try:
        registered = fake.wait_for(lambda c: c.method == "setWebhook" and c.ok, timeout=20, since=0)
        assert registered.params["url"] == public_url
        assert registered.params["secret_token"] == SECRET
        citizen = fake.make_user(7301, "Webhook", "ru")
        update = fake.user_sends_text(citizen, "как проверить запрет на въезд в россию")
        deadline = time.monotonic() + 10
        status = 0
        while time.monotonic() < deadline:  # the listener may take a moment to come up
            status = post(url, update, "wrong-secret")
            if status != 0:
                break
            time.sleep(0.2)
        assert status == 403
        assert post(url, update, SECRET) == 200
        answer = fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == citizen.id and c.ok, timeout=10)
        assert "запрет" in (answer.text or "").lower()
        assert len([c for c in fake.calls_to(citizen.id, "sendMessage") if c.ok]) == 1
    finally:
        bot.stop()


def test_webhook_answers_200_only_after_the_update_is_committed(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    """Telegram forgets an update once the webhook answered 200: a kill -9 right after must lose nothing."""
    port = free_port()
    env = bot_env(
        server.url,
        tmp_path / "hook.sqlite3",
        WEBHOOK_URL="https://consul-bot.example.test/tg-hook",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
    )
    fake.latency = 0.2  # the bot's answers take a moment, so the kill lands before they are sent
    bot = BotProcess(env, tmp_path / "hook")
    bot.start()
    citizens = [fake.make_user(7400 + n, f"Hook {n}", "ru") for n in range(10)]
    try:
        with WebhookPusher(fake, f"http://127.0.0.1:{port}/tg-hook", max_attempts=50, max_retry_delay=0.3) as pusher:
            updates = [fake.user_sends_text(c, "как проверить запрет на въезд в россию") for c in citizens]
            for update in updates:
                delivery = pusher.wait_for(update["update_id"], timeout=30)
                assert delivery.accepted
            bot.kill9()  # every update was acknowledged with 200; most are not answered yet
            answered_before = sum(bool(fake.calls_to(c.id, "sendMessage")) for c in citizens)
            bot.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not all(fake.calls_to(c.id, "sendMessage") for c in citizens):
                time.sleep(0.05)
            time.sleep(1.0)
        replies = [len([c for c in fake.calls_to(citizen.id, "sendMessage") if c.ok]) for citizen in citizens]
        print(f"answered before the kill: {answered_before}/10; replies: {replies}")
        assert answered_before < 10
        assert min(replies) == 1 and max(replies) <= 2  # none lost; a duplicate only for a send in flight
    finally:
        bot.stop()
