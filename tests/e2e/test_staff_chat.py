"""The staff chat lost and found: the bot removed and added back, the group upgraded to a supergroup."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_USER, STAFF_CHAT, STAFF_USER, BotProcess, bot_env
from tests.e2e.helpers import escalate, message_id, sent_to
from tests.fakebot import FakeBotAPIServer, FakeTelegram

pytestmark = pytest.mark.e2e
BASIC_GROUP = -4001


def test_cards_of_tickets_opened_while_the_bot_was_out_reach_staff_when_it_is_back(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    first = fake.make_user(7601, "Первый", "ru")
    escalate(fake, first.id)
    fake.bot_removed_from_group(STAFF_CHAT, ADMIN_USER)
    told = fake.wait_for(sent_to(ADMIN_USER), timeout=10)  # admins learn in private
    assert "удалили" in told.text
    second = fake.make_user(7602, "Второй", "ru")
    fake.user_sends_text(second, "где в оше купить билет на самолёт в стамбул")
    offer = fake.wait_for(sent_to(second.id), timeout=10)
    fake.user_presses_button(second, message_id(offer), "x")
    fake.wait_for(sent_to(second.id, contains="#2"), timeout=10)  # the citizen is told the number as usual
    time.sleep(0.5)
    assert not any("#2" in (m.text or "") for m in fake.messages_in(STAFF_CHAT))  # staff cannot see it yet

    fake.bot_added_to_group(STAFF_CHAT, ADMIN_USER)
    fake.wait_for(sent_to(STAFF_CHAT, contains="снова в чате"), timeout=10)
    card2 = fake.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and (c.text or "").startswith("<b>#2</b>"), timeout=10
    )
    fake.wait_for(
        lambda c: c.method == "sendMessage" and c.ok and (c.text or "").startswith("<b>#1</b>"), timeout=10, since=0
    )
    fake.user_sends_text(STAFF_USER, "Билеты продаются в кассах.", chat=STAFF_CHAT, reply_to=message_id(card2))
    fake.wait_for(sent_to(second.id, contains="Билеты продаются"), timeout=10)


def test_the_staff_group_becoming_a_supergroup_keeps_every_ticket_reachable(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    fake.make_group(BASIC_GROUP, "Staff (basic)", {STAFF_USER: "member", ADMIN_USER: "creator"}, type="group")
    env = bot_env(server.url, tmp_path / "mig.sqlite3", STAFF_CHAT_ID=str(BASIC_GROUP))
    bot = BotProcess(env, tmp_path / "mig")
    bot.start()
    try:
        citizen = fake.make_user(7603, "Миграция", "ru")
        fake.user_sends_text(citizen, "где в оше купить билет на самолёт в стамбул")
        offer = fake.wait_for(sent_to(citizen.id), timeout=20)
        fake.user_presses_button(citizen, message_id(offer), "x")
        fake.wait_for(sent_to(BASIC_GROUP), timeout=10)
        supergroup = fake.migrate_group(BASIC_GROUP, by_user=ADMIN_USER)
        reposted = fake.wait_for(
            lambda c: c.method == "sendMessage" and c.ok and c.chat_id == supergroup and "<b>#1</b>" in (c.text or ""),
            timeout=15,
        )
        fake.user_sends_text(STAFF_USER, "Ответ из супергруппы.", chat=supergroup, reply_to=message_id(reposted))
        fake.wait_for(sent_to(citizen.id, contains="из супергруппы"), timeout=10)
        bot.stop()
        bot.start()  # the new id is remembered although STAFF_CHAT_ID still names the old group
        other = fake.make_user(7604, "После", "ru")
        fake.user_sends_text(other, "где в оше купить билет на самолёт в стамбул")
        offer = fake.wait_for(sent_to(other.id), timeout=20)
        fake.user_presses_button(other, message_id(offer), "x")
        fake.wait_for(lambda c: c.chat_id == supergroup and c.ok and "<b>#2</b>" in (c.text or ""), timeout=15)
        assert "Traceback" not in bot.output()
    finally:
        bot.stop()
