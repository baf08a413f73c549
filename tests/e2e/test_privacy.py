"""Privacy and operator controls through the real `python -m bot run` process against the fake Bot API.

Three whole journeys: a citizen who reads /privacy, downloads and then erases their data (the database
FILES are read afterwards, and the bot's whole log is grepped); an admin using every lever (retention
on a shifted clock, an entry switched off across /reload and a restart, the pause, blocks) while a
non-admin tries the same commands; and `backup` taken while a burst of 200 questions is handled.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_USER, ROOT, STAFF_CHAT, STAFF_USER, TOKEN, BotProcess, bot_env
from tests.e2e.helpers import message_id, sent_to
from tests.fakebot import FakeBotAPIServer, FakeTelegram

pytestmark = pytest.mark.e2e

NAME, SURNAME, USERNAME = "Гульнара", "Токтосунова", "gulnara_t"
PHONE, PASSPORT = "0555 123 456", "AN1234567"
FAQ_QUESTION = "как проверить есть ли запрет на въезд в россию"
QUESTION = f"где в бишкеке купить детский велосипед недорого, звоните {PHONE}, паспорт {PASSPORT}"
FOLLOW_UP = "уточняю: велосипед нужен к пятому декабря, самокат не подходит"
STAFF_ANSWER = "Это вне компетенции консульства, обратитесь в магазин."


def database_bytes(path: Path) -> bytes:
    """The database as it lies on disk: main file (free pages too), WAL and shared-memory index."""
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def ask(fake: FakeTelegram, user: int, text: str, timeout: float = 10) -> int:
    """Send a text, wait for the bot's reply; returns the reply's message id."""
    fake.user_sends_text(user, text)
    return message_id(fake.wait_for(sent_to(user), timeout=timeout))


def command(fake: FakeTelegram, user: int, text: str, chat: int | None = None) -> str:
    fake.user_sends_command(user, text, chat=chat)
    return fake.wait_for(sent_to(chat or user), timeout=10).text or ""


def buttons(fake: FakeTelegram, chat: int, mid: int) -> list[str]:
    view = fake.message(chat, mid)
    assert view is not None
    return view.callback_data


def test_a_citizen_reads_downloads_and_erases_their_data(fake: FakeTelegram, bot: BotProcess, tmp_path: Path) -> None:
    for user_id, lang, words in ((7101, "ky", "Ким көрөт"), (7102, "en", "Who sees it")):
        fake.make_user(user_id, "X", lang)
        assert words in command(fake, user_id, "/privacy")
    citizen = fake.make_user(7103, f"{NAME} {SURNAME}", "ru", USERNAME).id
    welcome = command(fake, citizen, "/start")
    assert welcome.count("/privacy") == 1
    assert "Кто видит" in command(fake, citizen, "/privacy")

    # an FAQ answer, then a question for staff carrying a phone and a passport number, a follow-up, an answer
    assert "f:u:entry-ban-check" in buttons(fake, citizen, ask(fake, citizen, FAQ_QUESTION))
    command(fake, citizen, "/start")
    fake.user_presses_button(citizen, ask(fake, citizen, QUESTION), "x")
    card = fake.wait_for(sent_to(STAFF_CHAT, contains=PASSPORT), timeout=10)
    fake.user_sends_text(citizen, FOLLOW_UP)
    fake.wait_for(sent_to(STAFF_CHAT, contains="самокат"), timeout=10)
    fake.user_sends_text(STAFF_USER, STAFF_ANSWER, chat=STAFF_CHAT, reply_to=message_id(card))
    fake.wait_for(sent_to(citizen, contains="обратитесь в магазин"), timeout=10)
    stats_before = command(fake, ADMIN_USER, "/stats")

    fake.user_sends_command(citizen, "/mydata")
    document = fake.wait_for(lambda c: c.method == "sendDocument" and c.chat_id == citizen and c.ok, timeout=10)
    data = json.loads(next(iter(document.files.values())).content)
    assert data["you"]["username"] == USERNAME and data["tickets"][0]["question"] == QUESTION

    fake.user_sends_command(citizen, "/forget")
    confirm = fake.wait_for(sent_to(citizen), timeout=10)
    fake.user_presses_button(citizen, message_id(confirm), "p:forget")
    done = fake.wait_for(sent_to(citizen, contains="стёрты"), timeout=15)
    assert "#1" in (done.text or "")
    redacted = fake.wait_for(sent_to(STAFF_CHAT, "editMessageText", contains="стёр свои данные"), timeout=10)
    assert PASSPORT not in (redacted.text or "") and NAME not in (redacted.text or "")
    assert command(fake, ADMIN_USER, "/stats") == stats_before
    assert "forget" in command(fake, ADMIN_USER, "/audit 5")

    database = tmp_path / "bot.sqlite3"
    raw = database_bytes(database)
    assert len(raw) > 10_000
    for secret in (QUESTION, FOLLOW_UP, FAQ_QUESTION, NAME, SURNAME, USERNAME, PHONE, PASSPORT, STAFF_ANSWER):
        assert secret.encode() not in raw, secret
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT action, actor_id, ticket_id FROM audit WHERE action = 'forget'").fetchall() == [
            ("forget", None, 1)
        ]

    bot.stop()
    log = bot.output()
    assert "bot started" in log
    for secret in (QUESTION, FOLLOW_UP, FAQ_QUESTION, NAME, SURNAME, USERNAME, PHONE, PASSPORT, TOKEN, "TEST-token"):
        assert secret not in log, secret


def test_an_admin_uses_every_lever_and_a_non_admin_learns_nothing(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    env = bot_env(server.url, tmp_path / "bot.sqlite3", RETENTION_DAYS="1", RETENTION_CLOCK_SHIFT_DAYS="2")
    bot = BotProcess(env, tmp_path / "levers")
    bot.start()
    try:
        _levers(fake, bot, tmp_path / "bot.sqlite3")
    finally:
        bot.stop()


def _levers(fake: FakeTelegram, bot: BotProcess, database: Path) -> None:
    citizens = [fake.make_user(7200 + n, f"Гражданин {n}", "ru").id for n in range(6)]
    first, second, asker, outsider = citizens[0], citizens[1], citizens[2], citizens[3]

    # retention: a closed ticket is anonymised on the shifted clock, an open one keeps its text
    for citizen in (first, second):
        fake.user_presses_button(citizen, ask(fake, citizen, QUESTION, timeout=20), "x")
    closed_card = fake.wait_for(sent_to(STAFF_CHAT, contains="<b>#1</b>"), timeout=10, since=0)
    fake.wait_for(sent_to(STAFF_CHAT, contains="<b>#2</b>"), timeout=10, since=0)  # before staff commands are read
    fake.user_presses_button(STAFF_USER, message_id(closed_card), "s:close:1", chat=STAFF_CHAT)
    fake.wait_for(sent_to(first, contains="закрыто"), timeout=10)
    assert "обращений — 1" in command(fake, ADMIN_USER, "/retention")
    assert "обезличен" in command(fake, STAFF_USER, "/ticket 1", chat=STAFF_CHAT)
    assert PASSPORT in command(fake, STAFF_USER, "/ticket 2", chat=STAFF_CHAT)

    # one FAQ entry off: its question goes to staff, after /reload and after a restart too
    assert "выключена" in command(fake, ADMIN_USER, "/disable entry-ban-check")
    offer = ask(fake, asker, FAQ_QUESTION)
    assert buttons(fake, asker, offer)[0] == "x"
    fake.user_presses_button(asker, offer, "x")
    assert FAQ_QUESTION in (fake.wait_for(sent_to(STAFF_CHAT, contains="<b>#3</b>"), timeout=10).text or "")
    assert "перезагружен" in command(fake, ADMIN_USER, "/reload")
    assert buttons(fake, citizens[4], ask(fake, citizens[4], FAQ_QUESTION))[0] == "x"
    bot.stop()
    bot.start()
    assert buttons(fake, citizens[5], ask(fake, citizens[5], FAQ_QUESTION, timeout=20))[0] == "x"
    assert "entry-ban-check" in command(fake, ADMIN_USER, "/disabled")
    assert "снова включена" in command(fake, ADMIN_USER, "/enable entry-ban-check")
    assert "f:u:entry-ban-check" in buttons(fake, citizens[5], ask(fake, citizens[5], FAQ_QUESTION))

    # the kill switch: no FAQ answers, questions still become tickets, staff answers still arrive; survives a restart
    assert "паузе" in command(fake, ADMIN_USER, "/pause")
    paused = ask(fake, outsider, FAQ_QUESTION)
    assert "техническом обслуживании" in (fake.message(outsider, paused).text or "")
    assert buttons(fake, outsider, paused) == ["x"]
    fake.user_presses_button(outsider, paused, "x")
    card = fake.wait_for(sent_to(STAFF_CHAT, contains="<b>#4</b>"), timeout=10)
    fake.user_sends_text(STAFF_USER, "Ответ во время паузы.", chat=STAFF_CHAT, reply_to=message_id(card))
    fake.wait_for(sent_to(outsider, contains="Ответ во время паузы."), timeout=10)
    bot.stop()
    bot.start()
    command(fake, citizens[4], "/start")
    assert "техническом обслуживании" in (fake.message(citizens[4], ask(fake, citizens[4], FAQ_QUESTION)).text or "")
    assert "Пауза снята" in command(fake, ADMIN_USER, "/resume")
    assert "f:u:entry-ban-check" in buttons(fake, citizens[4], ask(fake, citizens[4], FAQ_QUESTION))

    # blocks, reversible and listed
    assert "заблокирован" in command(fake, ADMIN_USER, f"/block {asker}")
    assert "не можете" in (fake.message(asker, ask(fake, asker, "ещё вопрос про патент")).text or "")
    assert str(asker) in command(fake, ADMIN_USER, "/blocked")
    assert "разблокирован" in command(fake, ADMIN_USER, f"/unblock {asker}")

    # a non-admin: in private the same help as any unknown command; in the staff chat, silence
    unknown = command(fake, outsider, "/xyzzy")
    levers = ("/disable entry-ban-check", "/enable x", "/disabled", "/pause", "/resume", f"/block {asker}",
              f"/unblock {asker}", "/blocked", "/audit", "/retention", "/reload")  # fmt: skip
    for lever in levers:
        assert command(fake, outsider, lever) == unknown, lever
    mark = fake.mark()
    for lever in levers:
        fake.user_sends_command(STAFF_USER, lever, chat=STAFF_CHAT)
    fake.wait_until_idle(quiet=1.0, timeout=15)
    assert [c for c in fake.calls[mark:] if c.chat_id == STAFF_CHAT and c.method == "sendMessage"] == []
    assert "f:u:entry-ban-check" in buttons(fake, outsider, ask(fake, outsider, FAQ_QUESTION))

    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT action, actor_id, ticket_id FROM audit ORDER BY id").fetchall()
    assert [(a, who) for a, who, _ in rows] == [
        ("close", STAFF_USER), ("retention", ADMIN_USER), ("disable", ADMIN_USER), ("reload", ADMIN_USER),
        ("enable", ADMIN_USER), ("pause", ADMIN_USER), ("answer", STAFF_USER), ("resume", ADMIN_USER),
        ("block", ADMIN_USER), ("unblock", ADMIN_USER),
    ]  # fmt: skip
    assert rows[0][2] == 1 and rows[6][2] == 4  # which ticket


URGENT = "брата задержали в москве полиция, что делать"


def test_backup_during_a_burst_of_200_questions(fake: FakeTelegram, bot: BotProcess, tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    citizens = [fake.make_user(8000 + n, f"C{n}", "ru").id for n in range(200)]
    command(fake, citizens[0], "/start")  # the bot is up

    def burst() -> None:
        for citizen in citizens:
            fake.user_sends_text(citizen, URGENT)  # an emergency: a ticket at once
            time.sleep(0.015)

    sender = threading.Thread(target=burst)
    sender.start()
    checked, during = 0, 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as live:
            committed = {r[0] for r in live.execute("SELECT id FROM tickets")}
        copy = tmp_path / f"copy{checked}.sqlite3"
        run = subprocess.run(
            [sys.executable, "-m", "bot", "backup", str(copy)], cwd=ROOT, env=bot.env, capture_output=True, timeout=60
        )
        assert run.returncode == 0, run.stderr.decode()
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            copied = {r[0] for r in conn.execute("SELECT id FROM tickets")}
            orphans = conn.execute("SELECT COUNT(*) FROM messages WHERE ticket_id NOT IN (SELECT id FROM tickets)")
            assert orphans.fetchone()[0] == 0
        assert committed <= copied, sorted(committed - copied)[:5]
        checked += 1
        during += 0 < len(committed) < len(citizens)
        if len(committed) == len(citizens) and not sender.is_alive():
            break
    sender.join(timeout=10)
    assert len(copied) == len(citizens)  # the last copy holds every ticket
    assert during >= 1, "no backup was taken while the burst was being handled"
    assert checked >= 3
