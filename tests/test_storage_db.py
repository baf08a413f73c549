"""Database opening, migrations and transaction semantics on real SQLite files."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage import (
    MIGRATIONS,
    Database,
    Outbox,
    SchemaTooNewError,
    TicketStore,
    UserStore,
    open_database,
    parse_database_url,
)
from bot.storage.migrations import split_statements

V2 = (2, "ALTER TABLE users ADD COLUMN note TEXT; CREATE INDEX users_chat ON users(chat_id);")


def test_parse_database_url() -> None:
    assert parse_database_url("sqlite:///data/bot.sqlite3") == "data/bot.sqlite3"
    assert parse_database_url("sqlite:////var/lib/bot.sqlite3") == "/var/lib/bot.sqlite3"
    assert parse_database_url("/plain/path.db") == "/plain/path.db"
    with pytest.raises(ValueError):
        parse_database_url("sqlite://host/x")


async def test_open_applies_pragmas_and_migrations(db: Database) -> None:
    assert await db.journal_mode() == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    assert await db.fetchval("PRAGMA synchronous") == 1  # NORMAL
    assert await db.fetchval("PRAGMA busy_timeout") == 5000
    assert await db.schema_version() == MIGRATIONS[-1][0]
    tables = {r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "tickets", "messages", "staff_messages", "outbox", "events"} <= tables


async def test_relative_url_creates_parent_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = await open_database("sqlite:///data/nested/bot.sqlite3")
    await db.close()
    assert (tmp_path / "data" / "nested" / "bot.sqlite3").is_file()


async def test_reopen_keeps_data_and_migrations_are_idempotent(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    db = await open_database(path)
    await UserStore(db).upsert(1, 1, "Aibek", "aibek", now=10.0)
    await db.close()
    db = await open_database(path)
    try:
        assert await db.schema_version() == MIGRATIONS[-1][0]
        user = await UserStore(db).get(1)
        assert user is not None and user.first_name == "Aibek"
    finally:
        await db.close()


async def test_v1_database_is_upgraded(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    db = await open_database(path, migrations=MIGRATIONS[:1])
    assert await db.schema_version() == 1
    await UserStore(db).upsert(7, 7, "Nurlan", None, now=1.0)
    await db.close()

    db = await open_database(path, migrations=(*MIGRATIONS[:1], V2))
    try:
        assert await db.schema_version() == 2
        columns = {r["name"] for r in await db.fetchall("PRAGMA table_info(users)")}
        assert "note" in columns
        assert await db.fetchval("SELECT first_name FROM users WHERE user_id = 7") == "Nurlan"
    finally:
        await db.close()


async def test_failed_migration_leaves_database_untouched(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    await (await open_database(path, migrations=MIGRATIONS[:1])).close()
    broken = (2, "CREATE TABLE extra (x INTEGER); INSERT INTO no_such_table VALUES (1);")
    with pytest.raises(sqlite3.OperationalError):
        await open_database(path, migrations=(*MIGRATIONS[:1], broken))
    db = await open_database(path, migrations=MIGRATIONS[:1])
    try:
        assert await db.schema_version() == 1
        assert await db.fetchval("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'") == 0
    finally:
        await db.close()


async def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "bot.sqlite3")
    await (await open_database(path, migrations=(*MIGRATIONS[:1], V2))).close()
    with pytest.raises(SchemaTooNewError):
        await open_database(path, migrations=MIGRATIONS[:1])


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    script = "CREATE TABLE a (x); CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;"
    assert len(split_statements(script)) == 2


async def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute("INSERT INTO events (kind, at) VALUES ('question', 1)")
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT COUNT(*) FROM events") == 0


async def test_nested_transaction_is_reentrant_and_undoes_only_inner_block(db: Database) -> None:
    async with db.transaction():
        await db.execute("INSERT INTO events (kind, at) VALUES ('question', 1)")
        async with db.transaction():  # same task: must not deadlock
            await db.execute("INSERT INTO events (kind, at) VALUES ('clarify', 2)")
        with pytest.raises(KeyError):
            async with db.transaction():
                await db.execute("INSERT INTO events (kind, at) VALUES ('escalate', 3)")
                raise KeyError("inner")
    kinds = [r[0] for r in await db.fetchall("SELECT kind FROM events ORDER BY id")]
    assert kinds == ["question", "clarify"]


async def test_cancellation_at_any_point_leaves_database_usable(db: Database) -> None:
    async def writer(i: int) -> None:
        async with db.transaction():
            await db.execute("INSERT INTO events (kind, at) VALUES ('question', ?)", (i,))
            async with db.transaction():
                await db.execute("INSERT INTO events (kind, at) VALUES ('clarify', ?)", (i,))

    for step in range(24):  # cancel while waiting for BEGIN, an INSERT, a SAVEPOINT, COMMIT …
        task = asyncio.create_task(writer(step))
        await asyncio.sleep(step * 0.00005)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await writer(99)  # the connection is not stuck inside a half-finished transaction
    rows = await db.fetchall("SELECT at, COUNT(*) FROM events GROUP BY at")
    assert all(n == 2 for _, n in rows)  # every transaction is all-or-nothing
    assert (99.0, 2) in [tuple(r) for r in rows]


async def test_reads_wait_for_other_tasks_transaction(db: Database) -> None:
    inserted, release = asyncio.Event(), asyncio.Event()

    async def writer(fail: bool) -> None:
        async with db.transaction():
            await db.execute("INSERT INTO events (kind, at) VALUES ('question', 1)")
            inserted.set()
            await release.wait()
            if fail:
                raise RuntimeError("rolled back")

    for fail, expected in ((True, 0), (False, 1)):
        inserted.clear()
        release.clear()
        task = asyncio.create_task(writer(fail))
        await inserted.wait()
        read = asyncio.create_task(db.fetchval("SELECT COUNT(*) FROM events"))
        await asyncio.sleep(0.02)
        assert not read.done()  # never sees the uncommitted row
        release.set()
        await asyncio.gather(task, return_exceptions=True)
        assert await read == expected


async def test_concurrent_transactions_do_not_interleave(db: Database) -> None:
    users, tickets, outbox = UserStore(db), TicketStore(db), Outbox(db)

    async def handler(i: int) -> None:
        async with db.transaction():
            await users.upsert(i, i, f"user{i}", None)
            await asyncio.sleep(0)
            ticket, _ = await tickets.create(i, i, "ru", f"q{i}", [("e1", 0.5)], False, 100 + i)
            await asyncio.sleep(0)
            await outbox.enqueue(-100, "sendMessage", {"text": f"card {i}"}, "ticket_card", ticket.id)
            if i % 5 == 0:
                raise ValueError("handler failed after writing")

    results = await asyncio.gather(*(handler(i) for i in range(50)), return_exceptions=True)
    assert sum(isinstance(r, ValueError) for r in results) == 10
    assert all(r is None or isinstance(r, ValueError) for r in results)
    assert await db.fetchval("SELECT COUNT(*) FROM users") == 40
    assert await db.fetchval("SELECT COUNT(*) FROM tickets") == 40
    assert await db.fetchval("SELECT COUNT(*) FROM messages") == 40
    rows = await db.fetchall(
        "SELECT o.payload, t.question FROM outbox o JOIN tickets t ON t.id = o.ticket_id ORDER BY o.id"
    )
    assert len(rows) == 40
    assert all(payload.endswith(f' {q[1:]}"}}') for payload, q in rows)
