"""Whole journeys through the real bot process, as a citizen and a staff member would live them.

The bot runs as `python -m bot run` against a fake Bot API server on 127.0.0.1; the fake validates
what Telegram validates (HTML, 4096 chars, 64-byte callback data), so a malformed message fails here.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher
from tests.e2e.conftest import ROOT, STAFF_CHAT, STAFF_USER, BotProcess, bot_env
from tests.e2e.helpers import escalate, message_id, sent_to
from tests.fakebot import Call, FakeBotAPIServer, FakeTelegram

pytestmark = pytest.mark.e2e


def test_start_then_faq_answer(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7001, "Азамат", "ru")
    fake.user_sends_command(citizen, "/start")
    welcome = fake.wait_for(sent_to(citizen.id), timeout=20)
    assert "Министерства иностранных дел" in welcome.text
    assert any(d.startswith("g:") for d in fake.message(citizen.id, message_id(welcome)).callback_data)

    fake.user_sends_text(citizen, "как проверить есть ли запрет на въезд в россию")
    answer = fake.wait_for(sent_to(citizen.id), timeout=10)
    assert "запрет" in answer.text.lower()
    assert "f:u:entry-ban-check" in fake.message(citizen.id, message_id(answer)).callback_data


def test_kyrgyz_question_gets_kyrgyz_answer_and_topic_menu_works(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7002, "Бакыт", "ky")
    fake.user_sends_text(citizen, "паспортумду жоготуп алдым, мекенге кантип кайтам")
    answer = fake.wait_for(sent_to(citizen.id), timeout=20)
    assert any(ch in answer.text for ch in "өүң")
    fake.user_sends_command(citizen, "/start")
    welcome = fake.wait_for(sent_to(citizen.id), timeout=10)
    fake.user_presses_button(citizen, message_id(welcome), "g:consular")
    group = fake.wait_for(sent_to(citizen.id), timeout=10)
    entry_button = next(d for d in fake.message(citizen.id, message_id(group)).callback_data if d.startswith("e:"))
    fake.user_presses_button(citizen, message_id(group), entry_button)
    shown = fake.wait_for(sent_to(citizen.id), timeout=10)
    assert f"f:u:{entry_button[2:]}" in fake.message(citizen.id, message_id(shown)).callback_data


def test_clarify_then_pick_an_option(fake: FakeTelegram, bot: BotProcess) -> None:
    matcher = Matcher(load_faq(ROOT / "faq"))
    question = next(
        q
        for q in ("паспорт", "запрет", "омс", "документы консульство", "регистрация", "kara tizme")
        if matcher.match(q).decision == "clarify"
    )
    citizen = fake.make_user(7003, "Нурбек", "ru")
    fake.user_sends_text(citizen, question)
    clarify = fake.wait_for(sent_to(citizen.id), timeout=20)
    options = [d for d in fake.message(citizen.id, message_id(clarify)).callback_data if d.startswith("e:")]
    assert len(options) >= 2
    assert "x" in fake.message(citizen.id, message_id(clarify)).callback_data  # "none of these"
    fake.user_presses_button(citizen, message_id(clarify), options[1])
    answer = fake.wait_for(sent_to(citizen.id), timeout=10)
    assert f"f:u:{options[1][2:]}" in fake.message(citizen.id, message_id(answer)).callback_data


def test_escalation_staff_reply_reaches_citizen(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7004, "Жылдыз", "ru", "jyldyz")
    _, card = escalate(fake, citizen.id)
    assert "#1" in card.text and "7004" in card.text
    assert "s:take:1" in fake.message(STAFF_CHAT, message_id(card)).callback_data
    receipt = fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)
    assert "Бишкек" in receipt.text

    fake.user_sends_text(
        STAFF_USER, "Обратитесь в МВД по месту жительства.", chat=STAFF_CHAT, reply_to=message_id(card)
    )
    answer = fake.wait_for(sent_to(citizen.id, contains="Обратитесь в МВД"), timeout=10)
    assert "#1" in answer.text
    edited = fake.wait_for(sent_to(STAFF_CHAT, "editMessageText"), timeout=10)
    assert "Айгуль" in edited.text

    # the citizen's follow-up joins the same ticket and reaches staff under the card
    fake.user_sends_text(citizen, "Спасибо, а если МВД откажет?")
    follow = fake.wait_for(sent_to(STAFF_CHAT, contains="МВД откажет"), timeout=10)
    assert follow.params["reply_parameters"]["message_id"] == message_id(card)


def test_kill9_between_escalation_and_answer_loses_nothing(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7005, "Асель", "ru")
    _, card = escalate(fake, citizen.id)
    fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)  # the receipt
    time.sleep(0.5)  # the moment between a send and its commit is the one at-least-once window
    bot.kill9()
    # staff answers while the bot is down; Telegram keeps the update until the bot polls again
    fake.user_sends_text(STAFF_USER, "Ответ, пока бот лежал.", chat=STAFF_CHAT, reply_to=message_id(card))
    bot.start()
    fake.wait_for(sent_to(citizen.id, contains="пока бот лежал"), timeout=20, since=0)
    time.sleep(2.0)  # give a duplicate every chance to appear
    deliveries = [c for c in fake.calls_to(citizen.id, "sendMessage") if c.ok and "пока бот лежал" in (c.text or "")]
    assert len(deliveries) == 1
    cards = [c for c in fake.calls_to(STAFF_CHAT, "sendMessage") if c.ok and "<b>#1</b>" in (c.text or "")]
    assert len(cards) == 1
    receipts = [c for c in fake.calls_to(citizen.id, "sendMessage") if c.ok and "#1" in (c.text or "")]
    assert len(receipts) == 2  # the receipt and the staff answer, each once


def test_rate_limited_send_is_retried_after_retry_after(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7006, "Эрлан", "ru")
    fake.user_sends_command(citizen, "/start")
    fake.wait_for(sent_to(citizen.id), timeout=20)
    fake.fail_next("sendMessage", chat_id=citizen.id, error_code=429, retry_after=2)
    asked = time.monotonic()
    fake.user_sends_text(citizen, "нужен ли патент кыргызам в россии")
    answer = fake.wait_for(sent_to(citizen.id), timeout=15)
    assert answer.time - asked >= 2.0
    refused = [c for c in fake.calls_to(citizen.id, "sendMessage") if c.error_code == 429]
    assert len(refused) == 1
    assert len([c for c in fake.calls_to(citizen.id, "sendMessage") if c.ok]) == 2  # welcome + answer, once


def test_blocked_citizen_is_reported_to_staff(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7007, "Урмат", "ru")
    _, card = escalate(fake, citizen.id)
    fake.block_bot(citizen)
    fake.user_sends_text(STAFF_USER, "Вот ваш ответ", chat=STAFF_CHAT, reply_to=message_id(card))
    notice = fake.wait_for(sent_to(STAFF_CHAT, contains="заблокировал"), timeout=15)
    assert notice.params["reply_parameters"]["message_id"] == message_id(card)


def test_html_in_user_text_is_escaped_everywhere(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7008, "<b>Хакер</b> & co", "ru", "x_y")
    hostile = '<script>alert("x")</script> & <b>велосипед</b> купить детский'
    _, card = escalate(fake, citizen.id, hostile)
    assert card.ok
    assert "&lt;script&gt;" in card.params["text"]
    assert "&lt;b&gt;Хакер&lt;/b&gt; &amp; co" in card.params["text"]
    assert "<script>" in fake.message(STAFF_CHAT, message_id(card)).text  # shown literally to staff
    fake.user_sends_text(STAFF_USER, "<i>не тег</i> 5 < 6", chat=STAFF_CHAT, reply_to=message_id(card))
    answer = fake.wait_for(sent_to(citizen.id, contains="не тег"), timeout=10)
    assert "parse_mode" not in answer.params  # sent with the staff member's entities, never re-parsed as HTML
    assert fake.message(citizen.id, message_id(answer)).text.endswith("<i>не тег</i> 5 < 6")  # shown literally


def test_sticker_voice_and_photo(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7009, "Айбек", "ky")
    fake.user_sends_sticker(citizen)
    polite = fake.wait_for(sent_to(citizen.id), timeout=20)
    assert "текст" in polite.text.lower()
    assert not fake.message(citizen.id, message_id(polite)).callback_data

    fake.user_sends_voice(citizen)
    offer = fake.wait_for(sent_to(citizen.id), timeout=10)
    assert fake.message(citizen.id, message_id(offer)).callback_data == ["xm"]
    fake.user_presses_button(citizen, message_id(offer), "xm")
    card = fake.wait_for(sent_to(STAFF_CHAT), timeout=10)
    assert "[voice]" in card.text
    fake.wait_for(sent_to(STAFF_CHAT, "copyMessage"), timeout=10)

    # with a ticket open, a photo joins it and is copied (not re-uploaded) to staff
    fake.user_sends_photo(citizen)
    copied = fake.wait_for(sent_to(STAFF_CHAT, "copyMessage"), timeout=10)
    assert copied.params["from_chat_id"] in (citizen.id, str(citizen.id))


def test_non_staff_cannot_use_staff_powers(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7010, "Чужой", "ru")
    _, card = escalate(fake, citizen.id)
    stranger = fake.make_user(7011, "Mallory", "en")
    for command in ("/queue", "/ticket 1", "/stats"):
        fake.user_sends_command(stranger, command)
        reply = fake.wait_for(sent_to(stranger.id), timeout=10)
        assert "#1" not in reply.text and "Mallory" not in reply.text and "7010" not in reply.text
    # a forged staff button from a private chat
    fake.user_sends_command(stranger, "/start")
    welcome = fake.wait_for(sent_to(stranger.id), timeout=10)
    fake.user_presses_button(stranger, message_id(welcome), "s:close:1", forged=True)
    refusal = fake.wait_for(lambda c: c.method == "answerCallbackQuery", timeout=10)
    assert refusal.params.get("show_alert") in (True, "true", "True")
    # the ticket is still open: staff reply still reaches the citizen and no "closed" notice was sent
    fake.user_sends_text(STAFF_USER, "Ответ по делу", chat=STAFF_CHAT, reply_to=message_id(card))
    fake.wait_for(sent_to(citizen.id, contains="Ответ по делу"), timeout=10)
    assert not [c for c in fake.calls_to(citizen.id, "sendMessage") if "закрыто" in (c.text or "")]


def test_bot_leaves_a_strangers_group(fake: FakeTelegram, bot: BotProcess) -> None:
    owner = fake.make_user(7012, "Someone", "ru")
    group = fake.make_group(-100777, "Random chat", members={owner.id: "creator"}, bot_status="left")
    fake.user_sends_command(owner, "/start")  # make sure the bot is polling
    fake.wait_for(sent_to(owner.id), timeout=20)
    fake.bot_added_to_group(group, owner)
    left = fake.wait_for(lambda c: c.method == "leaveChat", timeout=10)
    assert left.chat_id == -100777


def test_staff_queue_lists_urgent_first(fake: FakeTelegram, bot: BotProcess) -> None:
    first = fake.make_user(7013, "Первый", "ru")
    escalate(fake, first.id)
    second = fake.make_user(7014, "Второй", "ru")
    fake.user_sends_text(second, "мужа задержали в москве, что делать")
    urgent = fake.wait_for(sent_to(STAFF_CHAT, contains="СРОЧНО"), timeout=10)
    assert "#2" in urgent.text
    fake.user_sends_command(STAFF_USER, "/queue", chat=STAFF_CHAT)
    listing = fake.wait_for(sent_to(STAFF_CHAT, contains="#1"), timeout=10)
    assert listing.text.index("#2") < listing.text.index("#1")


def test_log_never_contains_token_or_citizen_text(fake: FakeTelegram, bot: BotProcess, tmp_path: Path) -> None:
    citizen = fake.make_user(7015, "Тест", "ru")
    fake.user_sends_text(citizen, "секретная фраза про запрет на въезд")
    fake.wait_for(sent_to(citizen.id), timeout=20)
    bot.stop()
    log = bot.output()
    assert "TEST-token-e2e" not in log
    assert "секретная фраза" not in log


def test_burst_of_100_tickets_reaches_staff_in_order_paced(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    """100 urgent tickets at once: all cards reach the staff chat, in ticket order, within the group limit.

    Telegram's group limit (20/min) is scaled to 600/min here so the test takes seconds, not minutes;
    the fake refuses anything above it, so pacing is what makes every card arrive.
    """
    fake.set_flood_limits(global_per_second=30, group_per_minute=600)
    env = bot_env(server.url, tmp_path / "burst.sqlite3", GROUP_RATE_PER_MINUTE="600", FLOOD_PER_MINUTE="1000")
    process = BotProcess(env, tmp_path / "burst")
    process.start()
    try:
        citizens = [fake.make_user(80_000 + i, f"C{i}", "ru") for i in range(100)]
        for citizen in citizens:
            fake.user_sends_text(citizen, "брата задержали полиция в москве, помогите")
        deadline = time.monotonic() + 60
        cards: list[Call] = []
        while len(cards) < 100 and time.monotonic() < deadline:
            cards = [c for c in fake.calls_to(STAFF_CHAT, "sendMessage") if c.ok and "СРОЧНО" in (c.text or "")]
            time.sleep(0.2)
        assert len(cards) == 100
        numbers = [int(re.search(r"#(\d+)", c.text or "").group(1)) for c in cards]  # type: ignore[union-attr]
        assert numbers == sorted(numbers) == list(range(1, 101))
        window_max = max(sum(1 for c in cards if 0 <= c.time - first.time < 1.0) for first in cards)
        assert window_max <= 11  # 600/min = 10/s, never a burst above it
    finally:
        process.stop()
