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
from tests.fakebot import FakeBotAPIServer, FakeTelegram

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
