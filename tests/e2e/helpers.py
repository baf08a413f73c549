"""What the end-to-end journeys share: waiting for what the bot sent, and opening a ticket as a citizen."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.conftest import STAFF_CHAT
from tests.fakebot import Call, FakeTelegram

OUT_OF_SCOPE = "где в бишкеке купить детский велосипед недорого"


def sent_to(chat_id: int, method: str = "sendMessage", contains: str | None = None) -> Callable[[Call], bool]:
    def predicate(call: Call) -> bool:
        return (
            call.method == method
            and call.chat_id == chat_id
            and call.ok
            and (contains is None or contains in (call.text or ""))
        )

    return predicate


def message_id(call: Call) -> int:
    return int(call.result["message_id"])


def escalate(fake: FakeTelegram, citizen_id: int, text: str = OUT_OF_SCOPE) -> tuple[Call, Call]:
    """Citizen asks something the FAQ does not cover and sends it to staff; returns (offer, card)."""
    fake.user_sends_text(citizen_id, text)
    offer = fake.wait_for(sent_to(citizen_id), timeout=10)
    assert "x" in fake.message(citizen_id, message_id(offer)).callback_data
    fake.user_presses_button(citizen_id, message_id(offer), "x")
    card = fake.wait_for(sent_to(STAFF_CHAT), timeout=10)
    return offer, card
