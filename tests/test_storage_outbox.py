"""Outbox semantics against a real SQLite file."""

from __future__ import annotations

from typing import Any

import pytest

from bot.storage import TICKET_CARD, Database, Outbox, TicketStore, UserStore

STAFF_CHAT = -1001
A, B, C = 11, 22, 33


async def _put(outbox: Outbox, *args: Any, **kwargs: Any) -> int:
    item_id = await outbox.enqueue(*args, **kwargs)
    assert item_id is not None
    return item_id


async def _ticket(db: Database) -> int:
    await UserStore(db).upsert(A, A, "Aida", None)
    ticket, _ = await TicketStore(db).create(A, A, "ky", "q", [], False, 1)
    return ticket.id


async def test_enqueue_roundtrip_and_dedupe(outbox: Outbox) -> None:
    payload = {"text": "Салам! Ваш вопрос принят", "parse_mode": "HTML", "n": [1, 2]}
    first = await _put(outbox, A, "sendMessage", payload, "ack", dedupe_key="ack:1", now=5.0)
    assert await outbox.enqueue(A, "sendMessage", {"text": "other"}, dedupe_key="ack:1") is None
    assert await outbox.enqueue(A, "sendMessage", {}) is not None  # no key: never deduplicated
    assert await outbox.enqueue(A, "sendMessage", {}) is not None
    assert await outbox.pending_count() == 3
    item = await outbox.get(first)
    assert item is not None
    assert (item.payload, item.purpose, item.dedupe_key) == (payload, "ack", "ack:1")
    assert (item.status, item.attempts, item.not_before, item.created_at) == ("pending", 0, 5.0, 5.0)
    assert await outbox.get(9999) is None


async def test_next_due_keeps_per_chat_order_while_retry_pending(outbox: Outbox) -> None:
    a1 = await _put(outbox, A, "sendMessage", {"n": 1}, now=0.0)
    a2 = await _put(outbox, A, "sendMessage", {"n": 2}, now=0.0)
    b1 = await _put(outbox, B, "sendMessage", {"n": 3}, now=0.0)
    c1 = await _put(outbox, C, "sendMessage", {"n": 4}, now=0.0)
    assert [i.id for i in await outbox.next_due(now=1.0)] == [a1, b1, c1]

    await outbox.mark_retry(a1, 10.0, "429", now=1.0)
    assert [i.id for i in await outbox.next_due(now=2.0)] == [b1, c1]  # a2 must not overtake a1
    assert await outbox.next_due_at() == 0.0
    assert await outbox.next_due_at(exclude_chats={B, C}) == 11.0
    due = await outbox.next_due(now=11.0)
    assert [i.id for i in due] == [a1, b1, c1]
    assert (due[0].attempts, due[0].last_error) == (1, "429")

    assert [i.id for i in await outbox.next_due(now=11.0, exclude_chats={A, C})] == [b1]
    assert [i.id for i in await outbox.next_due(now=11.0, limit=1)] == [a1]

    await outbox.mark_sent(a1, 900, now=12.0)
    assert [i.id for i in await outbox.next_due(now=12.0)] == [a2, b1, c1]
    await outbox.mark_failed(b1, "chat not found")
    assert [i.id for i in await outbox.next_due(now=12.0)] == [a2, c1]
    failed = await outbox.get(b1)
    assert failed is not None and (failed.status, failed.last_error) == ("failed", "chat not found")
    assert await outbox.pending_count() == 2


async def test_mark_sent_records_once(db: Database, outbox: Outbox) -> None:
    tid = await _ticket(db)
    card = await _put(outbox, STAFF_CHAT, "sendMessage", {"text": "#1"}, TICKET_CARD, tid)
    assert await outbox.mark_sent(card, 700, now=3.0)
    sent = await outbox.get(card)
    assert sent is not None and (sent.status, sent.result_message_id, sent.sent_at) == ("sent", 700, 3.0)
    assert not await outbox.mark_sent(card, 999)  # a replay after a crash changes nothing
    assert (await outbox.get(card)).result_message_id == 700  # type: ignore[union-attr]


async def test_held_rows_wait_for_their_recipient_and_then_go_in_order(outbox: Outbox) -> None:
    first = await _put(outbox, A, "sendMessage", {"text": "answer"}, now=1.0)
    second = await _put(outbox, A, "sendMessage", {"text": "closed"}, now=1.0)
    other = await _put(outbox, B, "sendMessage", {"text": "x"}, now=1.0)
    await outbox.hold(first, "Forbidden: bot was blocked by the user")
    assert [i.id for i in await outbox.next_due(now=2.0)] == [second, other]  # the chat is not stuck behind it
    await outbox.hold(second, "Forbidden: bot was blocked by the user")
    assert [i.id for i in await outbox.held_for(A)] == [first, second]
    assert await outbox.pending_count() == 1
    assert await outbox.release(A, now=5.0) == 2
    assert [i.id for i in await outbox.next_due(now=5.0)] == [first, other]
    assert await outbox.held_for(A) == []


async def test_retarget_moves_what_waits_to_the_new_chat(outbox: Outbox) -> None:
    waiting = await _put(outbox, STAFF_CHAT, "sendMessage", {"chat_id": STAFF_CHAT, "text": "card"})
    held = await _put(outbox, STAFF_CHAT, "sendMessage", {"chat_id": STAFF_CHAT, "text": "notice"})
    done = await _put(outbox, STAFF_CHAT, "sendMessage", {"chat_id": STAFF_CHAT, "text": "old"})
    await outbox.hold(held, "Forbidden")
    await outbox.mark_sent(done, 1)
    assert await outbox.retarget(STAFF_CHAT, -100777) == 2
    for item_id in (waiting, held):
        item = await outbox.get(item_id)
        assert item is not None and item.chat_id == -100777 and item.payload["chat_id"] == -100777
    assert (await outbox.get(done)).chat_id == STAFF_CHAT  # type: ignore[union-attr]


async def test_copy_of_finds_the_recipients_copy_of_a_relayed_message(outbox: Outbox) -> None:
    header = await _put(outbox, A, "sendMessage", {"text": "answer"}, origin=(STAFF_CHAT, 40))
    copy = await _put(outbox, A, "copyMessage", {"message_id": 40}, origin=(STAFF_CHAT, 40))
    assert await outbox.copy_of(STAFF_CHAT, 40, A) is None  # not delivered yet
    await outbox.mark_sent(header, 901)
    await outbox.mark_sent(copy, 902)
    assert await outbox.copy_of(STAFF_CHAT, 40, A) == 901
    assert await outbox.copy_of(STAFF_CHAT, 41, A) is None


async def test_enqueue_rolls_back_with_surrounding_transaction(db: Database, outbox: Outbox) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await outbox.enqueue(A, "sendMessage", {"text": "x"}, dedupe_key="k")
            raise RuntimeError("handler crashed")
    assert await outbox.pending_count() == 0
    assert await outbox.enqueue(A, "sendMessage", {"text": "x"}, dedupe_key="k") is not None


async def test_purge_removes_only_finished_rows(outbox: Outbox) -> None:
    sent = await _put(outbox, A, "sendMessage", {}, now=0.0)
    await outbox.enqueue(A, "sendMessage", {}, now=0.0)
    await outbox.mark_sent(sent, 1)
    assert await outbox.purge(older_than_s=100, now=1000.0) == 1
    assert await outbox.pending_count() == 1
