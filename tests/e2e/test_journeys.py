"""Whole journeys through the real bot process, as a citizen and a staff member would live them."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import STAFF_CHAT, STAFF_USER, BotProcess
from tests.fakebot import Call, FakeTelegram

pytestmark = pytest.mark.e2e


def sent_to(chat_id: int, method: str = "sendMessage"):
    def predicate(call: Call) -> bool:
        return call.method == method and call.chat_id == chat_id and call.ok

    return predicate


def test_start_then_faq_answer(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7001, "Азамат", "ru")
    fake.user_sends_command(citizen, "/start")
    welcome = fake.wait_for(sent_to(citizen.id), timeout=20)
    assert "Министерства иностранных дел" in welcome.text
    assert welcome.params.get("reply_markup")

    fake.user_sends_text(citizen, "как проверить есть ли запрет на въезд в россию")
    answer = fake.wait_for(sent_to(citizen.id), timeout=10)
    assert "запрет" in answer.text.lower()
    assert "👍" in str(answer.params.get("reply_markup"))
