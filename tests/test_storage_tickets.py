"""TicketStore and UserStore against a real SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Database, TicketStateError, TicketStore, UserStore, open_database
from bot.storage.staff_links import StaffLinks

STAFF_CHAT = -1001


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await open_database(str(tmp_path / "bot.sqlite3"))
    for uid in (1, 2, 3):
        await UserStore(database).upsert(uid, uid, f"user{uid}", None, now=0.0)
    yield database
    await database.close()


@pytest.fixture
def tickets(db: Database) -> TicketStore:
    return TicketStore(db)


async def _new(tickets: TicketStore, user: int, src: int, *, urgent: bool = False, now: float = 0.0) -> int:
    ticket, created = await tickets.create(user, user, "ky", f"question {src}", [], urgent, src, now=now)
    assert created
    return ticket.id


async def test_users_upsert_keeps_settings_and_clears_blocked(db: Database) -> None:
    users = UserStore(db)
    assert await users.set_language(1, "ky")
    assert await users.set_banned(1, True)
    assert await users.set_bot_blocked(1, True)
    user = await users.upsert(1, 1, "New Name", "nick", now=5.0)
    assert (user.first_name, user.username, user.language) == ("New Name", "nick", "ky")
    assert user.banned and not user.bot_blocked
    assert (user.created_at, user.updated_at) == (0.0, 5.0)
    assert not await users.set_language(999, "ru")
    assert await users.get(999) is None


async def test_create_is_idempotent_per_source_message(tickets: TicketStore) -> None:
    guesses = [("passport.lost", 0.61), ("visa.work", 0.4)]
    first, created = await tickets.create(1, 1, "ru", "Потерял паспорт", guesses, True, 42, now=10.0)
    again, created_again = await tickets.create(1, 1, "ru", "Потерял паспорт", guesses, True, 42, now=99.0)
    assert created and not created_again
    assert again == first
    assert first.guesses == (("passport.lost", 0.61), ("visa.work", 0.4))
    assert first.urgent and first.status == "open" and first.created_at == 10.0
    thread = await tickets.thread(first.id)
    assert [(m.direction, m.text, m.message_id) for m in thread] == [("citizen", "Потерял паспорт", 42)]
    other, created_other = await tickets.create(2, 2, "ru", "x", [], False, 42)  # other chat, same id
    assert created_other and other.id != first.id


async def test_create_requires_known_user(tickets: TicketStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await tickets.create(404, 404, "ru", "q", [], False, 1)


async def test_transitions(tickets: TicketStore) -> None:
    tid = await _new(tickets, 1, 1, now=100.0)
    taken = await tickets.take(tid, 77, "Asel")
    assert (taken.taken_by, taken.taken_by_name) == (77, "Asel")
    answered = await tickets.mark_answered(tid, 88, "Bakyt", now=160.0)
    assert answered.status == "answered" and answered.first_answer_at == 160.0
    assert answered.taken_by == 77  # an explicit taker is kept
    again = await tickets.mark_answered(tid, 88, "Bakyt", now=500.0)
    assert again.first_answer_at == 160.0
    assert await tickets.reopen(tid)
    assert not await tickets.reopen(tid)  # already open
    assert (await tickets.get(tid)).status == "open"  # type: ignore[union-attr]
    assert await tickets.close(tid, 77, now=600.0)
    assert not await tickets.close(tid, 77, now=700.0)
    assert not await tickets.reopen(tid)  # closed stays closed
    closed = await tickets.get(tid)
    assert closed is not None and (closed.status, closed.closed_at, closed.closed_by) == ("closed", 600.0, 77)
    with pytest.raises(TicketStateError):
        await tickets.mark_answered(tid, 88, "Bakyt")
    with pytest.raises(TicketStateError):
        await tickets.take(tid, 88, "Bakyt")
    with pytest.raises(TicketStateError):
        await tickets.close(12345, 1)
    assert await tickets.get(12345) is None


async def test_first_answer_sets_taker_when_untaken(tickets: TicketStore) -> None:
    tid = await _new(tickets, 1, 1)
    answered = await tickets.mark_answered(tid, 88, "Bakyt", now=5.0)
    assert (answered.taken_by, answered.taken_by_name) == (88, "Bakyt")


async def test_active_and_list_for_user(tickets: TicketStore) -> None:
    old = await _new(tickets, 1, 1, now=1.0)
    new = await _new(tickets, 1, 2, now=2.0)
    assert (await tickets.active_for_user(1)).id == new  # type: ignore[union-attr]
    await tickets.close(new, None)
    assert (await tickets.active_for_user(1)).id == old  # type: ignore[union-attr]
    await tickets.mark_answered(old, 5, "x")
    assert (await tickets.active_for_user(1)).id == old  # type: ignore[union-attr]
    await tickets.close(old, None)
    assert await tickets.active_for_user(1) is None
    assert [t.id for t in await tickets.list_for_user(1)] == [new, old]
    assert [t.id for t in await tickets.list_for_user(1, limit=1)] == [new]


async def test_add_message_is_idempotent_and_thread_is_chronological(tickets: TicketStore) -> None:
    tid = await _new(tickets, 1, 10, now=1.0)
    reply, created = await tickets.add_message(tid, "staff", "text", "Ответ", STAFF_CHAT, 5, 77, "Asel", now=3.0)
    dup, created_dup = await tickets.add_message(tid, "staff", "text", "changed", STAFF_CHAT, 5, now=9.0)
    assert created and not created_dup and dup == reply
    await tickets.add_message(tid, "citizen", "photo", None, 1, 11, 1, now=2.0)
    await tickets.add_message(tid, "system", "other", "closed", 1, 12, now=4.0)
    assert [(m.kind, m.created_at) for m in await tickets.thread(tid)] == [
        ("text", 1.0),
        ("photo", 2.0),
        ("text", 3.0),
        ("other", 4.0),
    ]
    with pytest.raises(ValueError):
        await tickets.add_message(tid, "staff", "gif", None, STAFF_CHAT, 6)
    with pytest.raises(ValueError):
        await tickets.add_message(tid, "bot", "text", None, STAFF_CHAT, 7)


async def test_queue_urgent_first_then_oldest(tickets: TicketStore) -> None:
    normal_old = await _new(tickets, 1, 1, now=100.0)
    urgent_new = await _new(tickets, 2, 2, urgent=True, now=300.0)
    urgent_old = await _new(tickets, 3, 3, urgent=True, now=200.0)
    normal_new = await _new(tickets, 1, 4, now=400.0)
    closed = await _new(tickets, 2, 5, now=50.0)
    answered = await tickets.create(3, 3, "ru", "q", [], True, 6, now=10.0)
    await tickets.close(closed, None)
    await tickets.mark_answered(answered[0].id, 9, "x")
    assert [t.id for t in await tickets.queue()] == [urgent_old, urgent_new, normal_old, normal_new]
    assert [t.id for t in await tickets.queue(limit=2)] == [urgent_old, urgent_new]


async def test_staff_links_route_every_message_of_a_ticket(db: Database, tickets: TicketStore) -> None:
    links = StaffLinks(db)
    tid = await _new(tickets, 1, 1)
    other = await _new(tickets, 2, 2)
    await tickets.set_staff_message(tid, 500)
    await links.link(STAFF_CHAT, 500, tid)
    await links.link(STAFF_CHAT, 501, tid)
    await links.link(STAFF_CHAT, 600, other)
    assert (await tickets.get(tid)).staff_message_id == 500  # type: ignore[union-attr]
    assert await links.ticket_of(STAFF_CHAT, 501) == tid
    assert await links.ticket_of(STAFF_CHAT, 502) is None
    assert await links.ticket_of(-999, 500) is None
    assert await links.messages_of(tid) == [(STAFF_CHAT, 500), (STAFF_CHAT, 501)]
    await links.move_chat(STAFF_CHAT, -100555)  # the group became a supergroup
    assert await links.ticket_of(-100555, 600) == other
    assert await links.ticket_of(STAFF_CHAT, 600) == other  # replies Telegram still sends with the old id
    with pytest.raises(TicketStateError):
        await tickets.set_staff_message(999, 1)


async def test_due_for_resurface(tickets: TicketStore) -> None:
    tid = await _new(tickets, 1, 1, now=0.0)
    answered = await _new(tickets, 2, 2, now=0.0)
    await tickets.mark_answered(answered, 9, "x", now=1.0)
    assert await tickets.due_for_resurface(600, now=500.0) == []
    assert [t.id for t in await tickets.due_for_resurface(600, now=1000.0)] == [tid]
    await tickets.mark_surfaced(tid, now=1000.0)
    assert await tickets.due_for_resurface(600, now=1500.0) == []
    assert [t.id for t in await tickets.due_for_resurface(600, now=1700.0)] == [tid]


async def test_stats(tickets: TicketStore) -> None:
    await _new(tickets, 1, 1, now=50.0)  # before the window
    for src, (created, wait) in enumerate([(100.0, 60.0), (110.0, 300.0), (120.0, 120.0), (130.0, 30.0)]):
        tid = await _new(tickets, 2, 10 + src, now=created)
        await tickets.mark_answered(tid, 9, "x", now=created + wait)
    await _new(tickets, 3, 20, now=140.0)  # unanswered: not in the median
    for kind in ("question", "question", "faq_answer", "clarify", "feedback_up", "feedback_down"):
        await tickets.record_event(kind, user_id=1, entry_id="e", now=150.0)
    await tickets.record_event("question", now=10.0)  # outside the window
    with pytest.raises(ValueError):
        await tickets.record_event("nonsense")

    stats = await tickets.stats(since=100.0, now=1000.0)
    assert (stats.questions, stats.faq_answers, stats.clarifications) == (2, 1, 1)
    assert (stats.feedback_up, stats.feedback_down) == (1, 1)
    assert stats.escalated == 5
    assert stats.median_first_answer_s == 90.0  # median of 30, 60, 120, 300
    assert stats.open_tickets == 2
    empty = await tickets.stats(since=2000.0, now=3000.0)
    assert empty.median_first_answer_s is None and empty.questions == 0
