"""kill -9 at the worst moments: nothing a citizen or staff member sent is lost, and duplicates are counted.

The worst moments are the ones where Telegram already considers something done and the bot has not
recorded it: right after `getUpdates` confirmed a batch, and between Telegram performing a send and
the bot recording it. Delivery is at-least-once: the second kind may repeat that one message, and the
tests count exactly that.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.e2e.conftest import STAFF_CHAT, STAFF_USER, BotProcess
from tests.e2e.helpers import OUT_OF_SCOPE, escalate, message_id, sent_to
from tests.fakebot import FakeTelegram, FakeUser

pytestmark = pytest.mark.e2e
FAQ_QUESTION = "как проверить есть ли запрет на въезд в россию"


def wait_until(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.005)


def answers_to(fake: FakeTelegram, chat_id: int, contains: str | None = None) -> int:
    return sum(
        1 for c in fake.calls_to(chat_id, "sendMessage") if c.ok and (contains is None or contains in (c.text or ""))
    )


def test_kill9_right_after_telegram_confirmed_a_batch_loses_no_question(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.latency = 0.05  # every answer the bot sends takes a moment, as over a real network
    citizens = [fake.make_user(8000 + n, f"Гражданин {n}", "ru") for n in range(60)]
    fake.user_sends_command(citizens[0], "/start")
    fake.wait_for(sent_to(citizens[0].id), timeout=20)
    for citizen in citizens:
        fake.user_sends_text(citizen, FAQ_QUESTION)
    wait_until(lambda: not fake.pending_updates(), 20, "the batch was never confirmed")  # Telegram forgot them
    bot.kill9()

    def answered(citizen: FakeUser) -> int:  # the first citizen also got the welcome
        return answers_to(fake, citizen.id) - (1 if citizen is citizens[0] else 0)

    handled_before = sum(answered(c) >= 1 for c in citizens)
    bot.start()
    wait_until(lambda: all(answered(c) >= 1 for c in citizens), 60, "not every citizen was answered")
    time.sleep(1.5)  # give a duplicate every chance to appear
    replies = Counter(answered(c) for c in citizens)
    print(f"handled before the kill: {handled_before}/60; replies per citizen: {dict(replies)}")
    assert handled_before < 60  # the kill came before the work was done
    assert min(replies) == 1  # no question lost
    assert max(replies) <= 2  # a duplicate only for a send Telegram performed just before the kill


def test_kill9_while_50_citizens_send_questions_to_staff_loses_no_ticket(fake: FakeTelegram, bot: BotProcess) -> None:
    citizens = [fake.make_user(8100 + n, f"Житель {n}", "ru") for n in range(50)]
    offers = {}
    for citizen in citizens:
        fake.user_sends_text(citizen, OUT_OF_SCOPE)
    for citizen in citizens:
        offers[citizen.id] = fake.wait_for(sent_to(citizen.id), timeout=30, since=0)
    for citizen in citizens:
        fake.user_presses_button(citizen, message_id(offers[citizen.id]), "x")
    time.sleep(0.4)
    bot.kill9()
    bot.start()
    wait_until(lambda: all(answers_to(fake, c.id, "#") >= 1 for c in citizens), 90, "a citizen got no receipt")
    wait_until(lambda: len({c.text for c in fake.calls_to(STAFF_CHAT, "sendMessage") if c.ok}) >= 50, 30, "cards")
    time.sleep(1.5)
    cards = Counter(
        int(c.text.split("#", 1)[1].split("<", 1)[0])  # "<b>#12</b> · ru ..."
        for c in fake.calls_to(STAFF_CHAT, "sendMessage")
        if c.ok and c.text and c.text.startswith("<b>#")
    )
    receipts = Counter(answers_to(fake, c.id, "#") for c in citizens)
    print(f"cards per ticket: {Counter(cards.values())}; receipts per citizen: {dict(receipts)}")
    assert sorted(cards) == list(range(1, 51))  # 50 tickets, none lost
    assert set(cards.values()) <= {1, 2}  # a duplicate only for a card Telegram posted just before the kill
    assert set(receipts) <= {1, 2}


def test_a_card_resent_after_a_crash_still_routes_replies_to_its_first_copy(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    citizen = fake.make_user(8201, "Канышай", "ru")
    fake.delay_response_next("sendMessage", chat_id=STAFF_CHAT, seconds=30)  # performed, answer held back
    fake.user_sends_text(citizen, OUT_OF_SCOPE)
    offer = fake.wait_for(sent_to(citizen.id), timeout=20)
    fake.user_presses_button(citizen, message_id(offer), "x")
    wait_until(lambda: any("<b>#1</b>" in (m.source_text or "") for m in fake.messages_in(STAFF_CHAT)), 10, "no card")
    bot.kill9()  # Telegram posted the card; the bot never learned its message id
    first_copy = next(m for m in fake.messages_in(STAFF_CHAT) if "<b>#1</b>" in (m.source_text or ""))
    # a staff member answers the copy they saw, while the bot is down
    fake.user_sends_text(STAFF_USER, "Ответ на первую копию карточки.", chat=STAFF_CHAT, reply_to=first_copy.message_id)
    bot.start()
    fake.wait_for(sent_to(citizen.id, contains="первую копию"), timeout=20, since=0)
    time.sleep(1.0)
    cards = [m for m in fake.messages_in(STAFF_CHAT, from_bot=True) if (m.source_text or "").startswith("<b>#1</b>")]
    print(f"copies of the card in the staff chat: {len(cards)}")
    assert len(cards) == 2  # the one duplicate at-least-once allows, counted
    assert answers_to(fake, citizen.id, "первую копию") == 1


def test_an_answer_performed_but_not_recorded_is_repeated_at_most_once(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(8202, "Эрмек", "ru")
    _, card = escalate(fake, citizen.id)
    fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)
    fake.delay_response_next("sendMessage", chat_id=citizen.id, seconds=30)
    fake.user_sends_text(STAFF_USER, "Ответ, который завис в сети.", chat=STAFF_CHAT, reply_to=message_id(card))
    wait_until(lambda: "завис в сети" in " ".join(fake.bot_texts(citizen.id)), 10, "the answer was never performed")
    bot.kill9()
    bot.start()
    time.sleep(4.0)  # restart, replay and re-send
    copies = sum("завис в сети" in t for t in fake.bot_texts(citizen.id))
    print(f"copies of the staff answer the citizen has: {copies}")
    assert copies in (1, 2)  # never lost; at most the one duplicate of the send in flight


def test_a_slow_answer_is_waited_for_not_repeated(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(8203, "Гулзат", "ru")
    _, card = escalate(fake, citizen.id)
    fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)
    fake.delay_response_next("sendMessage", chat_id=citizen.id, seconds=8)  # slow, under the bot's read timeout
    fake.user_sends_text(STAFF_USER, "Медленный, но верный ответ.", chat=STAFF_CHAT, reply_to=message_id(card))
    wait_until(lambda: "Медленный" in " ".join(fake.bot_texts(citizen.id)), 15, "the answer was never performed")
    time.sleep(10)
    assert sum("Медленный" in t for t in fake.bot_texts(citizen.id)) == 1
