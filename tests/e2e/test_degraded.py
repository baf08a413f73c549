"""A machine or an editor having a bad day: a full disk, a read-only data folder, a broken FAQ or UI string.

The bot keeps answering what it can, says in one log line what is wrong (no traceback), tells the
people concerned, and refuses edits that would break it. The disk cases use a small tmpfs (which
needs root, as on the CI machine); elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_USER, ROOT, STAFF_CHAT, BotProcess, bot_env
from tests.e2e.helpers import OUT_OF_SCOPE, escalate, message_id, sent_to
from tests.fakebot import FakeBotAPIServer, FakeTelegram

pytestmark = pytest.mark.e2e
FAQ_QUESTION = "как проверить есть ли запрет на въезд в россию"


@contextlib.contextmanager
def tmpfs(path: Path, size: str, *, read_only: bool = False) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the filesystem is full; returns it (delete it to free the space)."""
    filler = folder / "filler"
    # unbuffered: a buffered file would keep the bytes that did not fit and raise ENOSPC again when closed
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    with contextlib.suppress(OSError), filler.open("ab", buffering=0) as handle:  # the last few bytes too
        while True:
            handle.write(b"\0")
            handle.flush()
    return filler


def test_a_read_only_data_folder_still_answers_and_says_so_in_one_line(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as folder:
        bot = BotProcess(bot_env(server.url, folder / "bot.sqlite3"), tmp_path / "ro-bot")
        bot.start()
        try:
            told = fake.wait_for(sent_to(ADMIN_USER), timeout=20, since=0)
            assert "без базы данных" in told.text
            citizen = fake.make_user(7701, "Readonly", "ru")
            fake.user_sends_text(citizen, FAQ_QUESTION)
            answer = fake.wait_for(sent_to(citizen.id), timeout=10)
            assert "f:u:entry-ban-check" in fake.message(citizen.id, message_id(answer)).callback_data
            _, card = escalate(fake, 7701)  # questions for staff still reach them while the process runs
            assert card.ok
            log = bot.output()
            assert "Traceback" not in log
            assert len([line for line in log.splitlines() if "database unavailable" in line]) == 1
        finally:
            bot.stop()


def test_a_full_disk_answers_faq_questions_tells_the_rest_and_resends_nothing(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "full", "8m") as folder:
        bot = BotProcess(bot_env(server.url, folder / "bot.sqlite3"), tmp_path / "full-bot")
        bot.start()
        try:
            citizen = fake.make_user(7702, "Fulldisk", "ru")
            _, card = escalate(fake, citizen.id)
            filler = fill(folder)
            fake.user_sends_text(ADMIN_USER, "Ответ, пока диск полон.", chat=STAFF_CHAT, reply_to=message_id(card))
            told = fake.wait_for(sent_to(STAFF_CHAT, contains="НЕ передан"), timeout=15)  # never a silent loss
            asker = fake.make_user(7703, "Спросил", "ru")
            fake.user_sends_text(asker, FAQ_QUESTION)
            faq_answer = fake.wait_for(sent_to(asker.id), timeout=15)
            assert "запрет" in faq_answer.text.lower()  # answered without the database
            other = fake.make_user(7704, "Второй", "ru")
            fake.user_sends_text(other, OUT_OF_SCOPE)
            refusal = fake.wait_for(sent_to(other.id), timeout=15)
            assert "не могу принять" in refusal.text  # honest, instead of an offer that would fail
            time.sleep(2.0)
            before = len(fake.calls)
            time.sleep(2.0)
            assert len([c for c in fake.calls[before:] if c.method != "getUpdates"]) <= 2  # no retry storm

            filler.unlink()  # space again: the staff member sends the answer once more, as they were told
            fake.user_sends_text(ADMIN_USER, "Ответ, пока диск полон.", chat=STAFF_CHAT, reply_to=message_id(card))
            fake.wait_for(sent_to(citizen.id, contains="пока диск полон"), timeout=30, since=0)
            assert told.params["reply_parameters"]["message_id"] > message_id(card)
            time.sleep(2.0)
            copies = sum("пока диск полон" in t for t in fake.bot_texts(citizen.id))
            log = bot.output()
            print(f"copies of the answer: {copies}; storage lines: {log.count('storage unavailable')}")
            assert copies == 1
            assert "Traceback" not in log
        finally:
            bot.stop()


def _content_copy(tmp_path: Path) -> tuple[Path, Path]:
    faq, locales = tmp_path / "faq", tmp_path / "locales"
    shutil.copytree(ROOT / "faq", faq)
    shutil.copytree(ROOT / "locales", locales)
    return faq, locales


def test_reload_refuses_a_broken_ui_string_and_questions_keep_working(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    faq, locales = _content_copy(tmp_path)
    env = bot_env(server.url, tmp_path / "bot.sqlite3", FAQ_DIR=str(faq), LOCALES_DIR=str(locales))
    bot = BotProcess(env, tmp_path / "reload-bot")
    bot.start()
    try:
        fake.wait_for(lambda c: c.method == "deleteWebhook", timeout=20, since=0)  # started: content loaded
        for lang in ("ru", "ky", "en"):  # the same typo in every language: consistent, but the code fills {ticket}
            path = locales / f"{lang}.yaml"
            path.write_text(path.read_text("utf-8").replace("#{ticket}</b>.", "#{tiket}</b>.", 1), "utf-8")
        fake.user_sends_command(ADMIN_USER, "/reload")
        refused = fake.wait_for(sent_to(ADMIN_USER), timeout=20)
        assert "не перезагружен" in refused.text and "ru.yaml" in refused.text
        (locales / "ru.yaml").write_text("start: [unclosed\n", "utf-8")
        fake.user_sends_command(ADMIN_USER, "/reload")
        refused = fake.wait_for(sent_to(ADMIN_USER), timeout=10)
        assert "ru.yaml:" in refused.text  # file:line of the problem
        citizen = fake.make_user(7705, "После перезагрузки", "ru")
        escalate(fake, citizen.id)
        receipt = fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)
        assert "{" not in receipt.text

        bot.stop()
        bot.start()  # broken files on disk: the bot runs on the last good content and tells the admins
        told = fake.wait_for(sent_to(ADMIN_USER, contains="последней исправной"), timeout=20)
        assert "ru.yaml" in told.text
        asker = fake.make_user(7706, "После рестарта", "ru")
        fake.user_sends_text(asker, FAQ_QUESTION)
        answer = fake.wait_for(sent_to(asker.id), timeout=10)
        assert "запрет" in answer.text.lower()
    finally:
        bot.stop()


def test_a_first_start_with_a_broken_faq_refuses_with_file_and_line(tmp_path: Path) -> None:
    faq, locales = _content_copy(tmp_path)
    (faq / "consular.yaml").write_text("group: consular\nentries: [\n", "utf-8")
    env = bot_env("http://127.0.0.1:9", tmp_path / "never.sqlite3", FAQ_DIR=str(faq), LOCALES_DIR=str(locales))
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert done.returncode == 1
    assert "consular.yaml:" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()
