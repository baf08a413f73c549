"""Erasure at the storage level: what /forget and retention leave in the tables, and in the files' bytes."""

from __future__ import annotations

import time
from pathlib import Path

from bot.privacy.erasure import ERASED_USER, erase_citizen
from bot.privacy.policy import RetentionPolicy
from bot.privacy.retention import apply_retention
from bot.storage import Database, Outbox, TicketStore, UserStore
from bot.storage.dialogue import DialogueStore
from bot.storage.inbox import Inbox
from bot.storage.questions import QuestionStore

SECRET = "Токтосунова Гульнара, паспорт AN7654321, брат задержан в Казани"
NAME = "Гульнарахан"


def file_bytes(db: Database) -> bytes:
    """The database as it lies on disk: the main file (free pages included) and the WAL."""
    path = Path(db.path)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def size_of(db: Database) -> int:
    return Path(db.path).stat().st_size


async def citizen_everywhere(db: Database, user_id: int = 21) -> int:
    await UserStore(db).upsert(user_id, user_id, NAME, "gulnara_secret")
    ticket, _ = await TicketStore(db).create(user_id, user_id, "ru", SECRET, [], False, 5)
    await TicketStore(db).add_message(ticket.id, "citizen", "text", SECRET + " (ещё)", user_id, 6, user_id)
    await TicketStore(db).record_event("question", user_id)
    await Outbox(db).enqueue(-100, "sendMessage", {"chat_id": -100, "text": SECRET}, "ticket_card", ticket_id=ticket.id)
    await Outbox(db).enqueue(user_id, "sendMessage", {"chat_id": user_id, "text": f"«{SECRET}»"}, "reply")
    await Inbox(db).store(900 + user_id, user_id, {"message": {"text": SECRET, "from": {"first_name": NAME}}})
    await DialogueStore(db).save(user_id, f'{{"q": "{SECRET}"}}')
    await QuestionStore(db).record(user_id=user_id, chat_id=user_id, update_id=900 + user_id, lang="ru", text=SECRET,
                                   decision="escalate")  # fmt: skip
    return ticket.id


async def test_erasure_leaves_no_text_in_the_tables_and_none_in_the_files_after_a_checkpoint(db: Database) -> None:
    ticket_id = await citizen_everywhere(db)
    await Inbox(db).mark_done(921)
    assert SECRET.encode() in file_bytes(db)  # what the test looks for is really there before

    erased = await erase_citizen(db, 21, 21, time.time())
    assert (erased.tickets, erased.messages, erased.questions) == (1, 2, 1)
    ticket = await TicketStore(db).get(ticket_id)
    assert (
        ticket is not None and ticket.user_id == ERASED_USER and ticket.question == "" and ticket.redacted == "citizen"
    )
    assert await UserStore(db).get(21) is None
    assert await db.fetchval("SELECT COUNT(*) FROM events WHERE kind = 'question' AND user_id IS NULL") == 1
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 0
    assert await DialogueStore(db).load(21) is None

    assert SECRET.encode() in file_bytes(db)  # the rows are gone, their old pages are still in the WAL
    assert await db.compact(vacuum=False)  # secure_delete and a checkpoint suffice: no VACUUM needed
    raw = file_bytes(db)
    for secret in (SECRET, "AN7654321", NAME, "gulnara_secret"):
        assert secret.encode() not in raw, secret


async def test_a_handled_update_keeps_only_its_id(db: Database) -> None:
    inbox = Inbox(db)
    await inbox.store(901, 21, {"message": {"text": SECRET}})
    assert [i.payload for i in await inbox.pending()] == [{"message": {"text": SECRET}}]
    await inbox.mark_done(901)
    assert await db.fetchval("SELECT payload FROM inbox WHERE update_id = 901") == "{}"
    assert not await inbox.store(901, 21, {"message": {"text": SECRET}})  # a redelivery is still recognised


async def test_retention_spares_open_tickets_and_recent_texts(db: Database) -> None:
    now = time.time()
    old_closed = await citizen_everywhere(db, 31)
    await TicketStore(db).close(old_closed, 501, now=now - 10 * 86400, by_name="Айгуль")
    still_open = await citizen_everywhere(db, 32)
    report = await apply_retention(db, RetentionPolicy(days=5), now)
    assert report.ticket_ids == (old_closed,)
    assert (await TicketStore(db).get(still_open)).question == SECRET  # type: ignore[union-attr]
    assert report.questions == 0  # the learning records are recent
    later = await apply_retention(db, RetentionPolicy(days=5), now + 6 * 86400)
    assert later.ticket_ids == () and later.questions == 2
    assert (await UserStore(db).get(32)).first_name == ""  # type: ignore[union-attr]  # not heard from: name gone


async def test_vacuum_gives_the_space_back(db: Database) -> None:
    for n in range(40):
        await citizen_everywhere(db, 100 + n)
    await db.compact()
    size = size_of(db)
    for n in range(40):
        await erase_citizen(db, 100 + n, 100 + n, time.time())
    await db.compact()
    assert size_of(db) < size
    assert await db.fetchval("PRAGMA freelist_count") == 0
