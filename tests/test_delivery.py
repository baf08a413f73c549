"""DeliveryWorker against a real outbox in a SQLite file; ``deliver`` is a recording fake."""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from bot.delivery.worker import DeliveryFailed, DeliveryWorker, RetryLater, Unreachable
from bot.storage import Outbox, OutboxItem, open_database


async def _put(outbox: Outbox, chat_id: int, method: str, payload: dict[str, Any]) -> int:
    item_id = await outbox.enqueue(chat_id, method, payload)
    assert item_id is not None
    return item_id


class Recorder:
    """Fake ``deliver``: records each attempt and the successful sends."""

    def __init__(self) -> None:
        self.attempts: list[tuple[int, float]] = []
        self.sent: list[OutboxItem] = []
        self.failed: list[tuple[int, str, bool]] = []

    async def __call__(self, item: OutboxItem) -> int | None:
        self.attempts.append((item.id, time.monotonic()))
        self.sent.append(item)
        return 1000 + item.id

    async def on_failed(self, item: OutboxItem, reason: str, blocked: bool) -> None:
        self.failed.append((item.id, reason, blocked))


async def _run(worker: DeliveryWorker, deadline_s: float = 3.0) -> None:
    worker.start()
    try:
        await worker.drain(deadline_s)
    finally:
        await worker.stop()


async def test_many_chats_delivered_in_per_chat_order_with_concurrency(outbox: Outbox) -> None:
    chats = [100 + c for c in range(20)]
    for n in range(200):
        await _put(outbox, chats[n % 20], "sendMessage", {"n": n})
    active: dict[int, int] = defaultdict(int)
    peak = 0
    retried: set[int] = set()
    order: dict[int, list[int]] = defaultdict(list)

    async def deliver(item: OutboxItem) -> int:
        nonlocal peak
        active[item.chat_id] += 1
        try:
            assert active[item.chat_id] == 1, "two sends in flight for one chat"
            peak = max(peak, sum(active.values()))
            await asyncio.sleep(random.uniform(0, 0.002))
            n = item.payload["n"]
            if n % 7 == 0 and n not in retried:  # transient failures must not reorder a chat
                retried.add(n)
                raise RetryLater(0.01)
            order[item.chat_id].append(n)
            return n
        finally:
            active[item.chat_id] -= 1

    await _run(DeliveryWorker(outbox, deliver, concurrency=8, idle_poll_s=0.5))
    assert {c: order[c] for c in chats} == {c: list(range(c - 100, 200, 20)) for c in chats}
    assert 2 <= peak <= 8
    assert await outbox.pending_count() == 0


async def test_retry_later_delay_is_honoured_and_blocks_the_chat(outbox: Outbox) -> None:
    first = await _put(outbox, 1, "sendMessage", {"n": 1})
    second = await _put(outbox, 1, "sendMessage", {"n": 2})
    rec = Recorder()

    async def deliver(item: OutboxItem) -> int | None:
        if item.id == first and item.attempts == 0:
            rec.attempts.append((item.id, time.monotonic()))
            raise RetryLater(0.05)
        return await rec(item)

    started = time.monotonic()
    await _run(DeliveryWorker(outbox, deliver, idle_poll_s=5.0))  # wakes on not_before, not on the poll
    assert time.monotonic() - started < 1.0
    assert [i for i, _ in rec.attempts] == [first, first, second]
    assert rec.attempts[1][1] - rec.attempts[0][1] >= 0.045
    done = await outbox.get(first)
    assert done is not None and (done.status, done.attempts, done.result_message_id) == ("sent", 1, 1000 + first)


async def test_backoff_then_give_up_after_max_attempts(outbox: Outbox) -> None:
    """An unexplained error (a bug, not Telegram being busy) is retried a few times, then reported."""
    item_id = await _put(outbox, 1, "sendMessage", {})
    later = await _put(outbox, 1, "sendMessage", {})
    rec = Recorder()

    async def deliver(item: OutboxItem) -> int | None:
        if item.id == item_id:
            rec.attempts.append((item.id, time.monotonic()))
            raise RuntimeError("unexpected")
        return await rec(item)

    worker = DeliveryWorker(
        outbox, deliver, max_attempts=3, base_backoff_s=0.01, on_failed=rec.on_failed, idle_poll_s=5.0
    )
    await _run(worker)
    times = [t for i, t in rec.attempts if i == item_id]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.007  # 0.01 s base, jitter down to 75 %
    assert times[2] - times[1] >= 0.014  # doubled
    failed = await outbox.get(item_id)
    assert failed is not None and (failed.status, failed.attempts) == ("failed", 3)
    assert [(i, b) for i, _, b in rec.failed] == [(item_id, False)]
    assert [i.id for i in rec.sent] == [later]  # the chat continues after a permanent failure


async def test_unreachable_recipient_is_held_not_failed_and_others_go_on(outbox: Outbox) -> None:
    blocked = [await _put(outbox, 7, "sendMessage", {"n": n}) for n in range(2)]
    ok = await _put(outbox, 8, "sendMessage", {"n": 9})
    rec = Recorder()

    async def deliver(item: OutboxItem) -> int | None:
        if item.chat_id == 7:
            raise Unreachable("Forbidden: bot was blocked by the user")
        return await rec(item)

    async def on_failed(item: OutboxItem, reason: str, held: bool) -> None:
        await rec.on_failed(item, reason, held)
        raise RuntimeError("a broken on_failed must not stop the worker")

    await _run(DeliveryWorker(outbox, deliver, on_failed=on_failed))
    assert rec.failed == [(i, "Forbidden: bot was blocked by the user", True) for i in blocked]
    assert [i.id for i in await outbox.held_for(7)] == blocked  # kept for when the citizen comes back
    assert [i.id for i in rec.sent] == [ok]


async def test_refused_message_fails_and_is_reported(outbox: Outbox) -> None:
    bad = await _put(outbox, 7, "sendMessage", {"n": 1})
    rec = Recorder()

    async def deliver(item: OutboxItem) -> int | None:
        raise DeliveryFailed("Bad Request: can't parse entities")

    await _run(DeliveryWorker(outbox, deliver, on_failed=rec.on_failed))
    assert rec.failed == [(bad, "Bad Request: can't parse entities", False)]
    assert (await outbox.get(bad)).status == "failed"  # type: ignore[union-attr]


async def test_a_send_and_its_consequences_are_recorded_together(outbox: Outbox) -> None:
    item_id = await _put(outbox, 7, "sendMessage", {"n": 1})
    rec = Recorder()
    calls = 0

    async def on_sent(item: OutboxItem, message_id: int | None) -> None:
        nonlocal calls
        calls += 1
        await outbox.db.execute("INSERT INTO bot_state (key, value, updated_at) VALUES ('linked', '1', 0)")
        if calls == 1:
            raise sqlite3.IntegrityError("the link could not be written")

    worker = DeliveryWorker(outbox, rec, on_sent=on_sent, base_backoff_s=0.01)
    await _run(worker)
    # the first record rolled back whole (no half-recorded send); the retry sent again and recorded both
    assert (await outbox.get(item_id)).status == "sent"  # type: ignore[union-attr]
    assert await outbox.db.fetchval("SELECT COUNT(*) FROM bot_state WHERE key = 'linked'") == 1


async def test_when_the_disk_is_full_nothing_is_sent_twice_and_sending_resumes(tmp_path: Path) -> None:
    db = await open_database(f"sqlite:///{tmp_path}/full.sqlite3")
    try:
        outbox = Outbox(db)
        for n in range(6):
            await _put(outbox, 2 + n, "sendMessage", {"text": "y" * 2000})
        pages = int(await db.fetchval("PRAGMA page_count"))
        await db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
        sends: list[int] = []

        async def deliver(item: OutboxItem) -> int:
            sends.append(item.id)
            return 1000 + item.id

        async def on_sent(item: OutboxItem, message_id: int | None) -> None:
            await db.execute(
                "INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, 0)", (f"s{item.id}", "z" * 3000)
            )

        worker = DeliveryWorker(outbox, deliver, on_sent=on_sent, concurrency=1, idle_poll_s=0.05)
        worker.start()
        try:
            deadline = time.monotonic() + 3
            while worker.storage_down is None and time.monotonic() < deadline:  # noqa: ASYNC110 - polls a plain attribute
                await asyncio.sleep(0.01)
            assert worker.storage_down == "disk full"
            sent_when_full = list(sends)
            await asyncio.sleep(0.5)  # paused: what was sent is not repeated, nothing new is sent
            assert sends == sent_when_full
            await db.execute("PRAGMA max_page_count = 1000000")  # space again
            await worker.drain(5.0)
        finally:
            await worker.stop()
        assert sorted(sends) == sorted(set(sends)) and len(sends) == 6  # each once
        assert worker.storage_down is None
    finally:
        await db.close()


async def test_unexpected_error_is_retried_and_logged_without_payload(
    outbox: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "my passport number is AN1234567"
    item_id = await _put(outbox, 5, "sendMessage", {"text": secret})
    rec = Recorder()

    async def deliver(item: OutboxItem) -> int | None:
        if item.attempts == 0:
            raise ValueError(item.payload["text"])
        return await rec(item)

    with caplog.at_level(logging.DEBUG, logger="bot.delivery.worker"):
        await _run(DeliveryWorker(outbox, deliver, base_backoff_s=0.01))
    assert [i.id for i in rec.sent] == [item_id]
    assert "ValueError" in caplog.text and str(item_id) in caplog.text
    assert secret not in caplog.text
    item = await outbox.get(item_id)
    assert item is not None and item.last_error == "ValueError"


async def test_crash_before_send_is_delivered_exactly_once_after_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    db = await open_database(path)
    ids = {await _put(Outbox(db), chat, "sendMessage", {"chat": chat}) for chat in (1, 1, 2)}
    await db.close()  # "crash": nothing was sent

    rec = Recorder()
    for _ in range(2):  # the second restart must not send anything again
        db = await open_database(path)
        try:
            await _run(DeliveryWorker(Outbox(db), rec))
        finally:
            await db.close()
    assert sorted(i.id for i in rec.sent) == sorted(ids)


async def test_stop_waits_for_in_flight_send(outbox: Outbox) -> None:
    item_id = await _put(outbox, 1, "sendMessage", {})

    started = asyncio.Event()

    async def slow(item: OutboxItem) -> int:
        started.set()
        await asyncio.sleep(0.05)
        return 42

    worker = DeliveryWorker(outbox, slow)
    worker.start()
    await started.wait()
    await worker.stop()
    item = await outbox.get(item_id)
    assert item is not None and (item.status, item.result_message_id) == ("sent", 42)


async def test_stop_grace_cancels_hung_send_and_row_stays_pending(outbox: Outbox) -> None:
    item_id = await _put(outbox, 1, "sendMessage", {})

    started = asyncio.Event()

    async def hang(item: OutboxItem) -> int:
        started.set()
        await asyncio.Event().wait()
        return 0

    worker = DeliveryWorker(outbox, hang)
    worker.start()
    await started.wait()
    await worker.stop(grace_s=0.01)
    assert worker.in_flight == 0
    item = await outbox.get(item_id)
    assert item is not None and item.status == "pending"


async def test_poke_wakes_an_idle_worker(outbox: Outbox) -> None:
    rec = Recorder()
    worker = DeliveryWorker(outbox, rec, idle_poll_s=30.0)
    worker.start()
    try:
        await asyncio.sleep(0.02)  # the loop is now sleeping for 30 s
        await _put(outbox, 3, "sendMessage", {})
        worker.poke()
        await worker.drain(0.5)
    finally:
        await worker.stop()
    assert len(rec.sent) == 1


async def test_telegram_busy_or_unreachable_is_never_given_up(outbox: Outbox) -> None:
    """RetryLater (429, network down) keeps the answer queued past max_attempts until it goes through."""
    item_id = await _put(outbox, 1, "sendMessage", {})
    rec = Recorder()
    refusals = 6

    async def deliver(item: OutboxItem) -> int | None:
        nonlocal refusals
        if refusals:
            refusals -= 1
            raise RetryLater(0.01 if refusals % 2 else None)
        return await rec(item)

    worker = DeliveryWorker(outbox, deliver, max_attempts=3, base_backoff_s=0.005, on_failed=rec.on_failed)
    await _run(worker)
    done = await outbox.get(item_id)
    assert done is not None and done.status == "sent"
    assert not rec.failed
