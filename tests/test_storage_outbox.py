"""Outbox semantics against a real SQLite file."""

from __future__ import annotations

import sqlite3
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


async def test_mark_sent_maps_card_to_ticket(db: Database, outbox: Outbox) -> None:
    tid = await _ticket(db)
    tickets = TicketStore(db)
    card = await _put(outbox, STAFF_CHAT, "sendMessage", {"text": "#1"}, TICKET_CARD, tid, True)
    note = await _put(outbox, STAFF_CHAT, "sendMessage", {"text": "fyi"}, "note", tid, False)
    reply = await _put(outbox, A, "copyMessage", {"from": 1}, "staff_reply", tid, False)
    await outbox.mark_sent(card, 700, now=3.0)
    await outbox.mark_sent(note, 701)
    await outbox.mark_sent(reply, 55)

    assert await tickets.ticket_for_staff_message(STAFF_CHAT, 700) == tid
    assert await tickets.ticket_for_staff_message(STAFF_CHAT, 701) is None
    assert await tickets.ticket_for_staff_message(A, 55) is None
    assert (await tickets.get(tid)).staff_message_id == 700  # type: ignore[union-attr]
    sent = await outbox.get(card)
    assert sent is not None and (sent.status, sent.result_message_id, sent.sent_at) == ("sent", 700, 3.0)

    await outbox.mark_sent(card, 999)  # repeated call changes nothing
    assert (await outbox.get(card)).result_message_id == 700  # type: ignore[union-attr]


async def test_mark_sent_is_atomic_with_its_mapping(db: Database, outbox: Outbox) -> None:
    tid = await _ticket(db)
    card = await _put(outbox, STAFF_CHAT, "sendMessage", {"text": "#1"}, TICKET_CARD, tid, True)
    # Make the mapping insert fail inside SQLite: the sent mark must roll back with it.
    await db.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON staff_messages BEGIN SELECT RAISE(ABORT, 'disk'); END")
    with pytest.raises(sqlite3.IntegrityError):
        await outbox.mark_sent(card, 700)
    item = await outbox.get(card)
    assert item is not None and (item.status, item.result_message_id) == ("pending", None)
    assert (await TicketStore(db).get(tid)).staff_message_id is None  # type: ignore[union-attr]
    await db.execute("DROP TRIGGER boom")
    await outbox.mark_sent(card, 700)
    assert await TicketStore(db).ticket_for_staff_message(STAFF_CHAT, 700) == tid


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
