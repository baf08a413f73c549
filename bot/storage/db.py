"""One shared aiosqlite connection with serialised, re-entrant transactions.

The bot runs many handler coroutines and a delivery worker on one event loop.
They all share a single SQLite connection, so two coroutines must never have
their statements interleaved inside one transaction. ``Database.transaction()``
serialises writers with an ``asyncio.Lock`` owned by the current task; nested
calls from the same task become SAVEPOINTs, so repository methods can be
transactional on their own and still compose into one atomic unit.

Reads (``fetchone``/``fetchall``) wait for another task's open transaction to
finish instead of seeing its uncommitted rows: with one shared connection a
"dirty" read could otherwise, e.g., let the delivery worker send an outbox row
that is then rolled back.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

import aiosqlite

from bot.storage.migrations import MIGRATIONS, Migration, migrate

Params = Sequence[Any]


# SQLite result codes (low byte) that mean "the storage itself refuses": the disk is full, the file or
# folder is read-only, the disk failed, or the file cannot be opened. Nothing in the statement is wrong.
_STORAGE_CODES = {8: "read-only", 10: "disk I/O error", 13: "disk full", 14: "cannot open the database file"}


class StorageUnavailable(Exception):
    """The database cannot be written (full disk, read-only folder, I/O error): a state of the machine, not a bug.

    ``reason`` is one short phrase for a one-line log message; callers degrade instead of crashing.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def storage_failure(exc: BaseException) -> StorageUnavailable | None:
    """The StorageUnavailable an sqlite3 error stands for, or None for an ordinary error."""
    if isinstance(exc, StorageUnavailable):
        return exc
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(exc, sqlite3.Error) and isinstance(code, int) and (code & 0xFF) in _STORAGE_CODES:
        return StorageUnavailable(_STORAGE_CODES[code & 0xFF])
    return None


class ExecResult(NamedTuple):
    """Outcome of a write statement."""

    rowcount: int
    lastrowid: int | None


def parse_database_url(url: str) -> str:
    """Turn ``sqlite:///rel``, ``sqlite:////abs`` or a plain path into a filesystem path."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
    elif url.startswith("sqlite://"):
        raise ValueError(f"unsupported database URL (expected sqlite:///path): {url!r}")
    else:
        path = url
    if not path:
        raise ValueError("empty database path")
    if path == ":memory:":
        return path
    return str(Path(path).expanduser())


class Database:
    """Wrapper around one aiosqlite connection; create it with :func:`open_database`."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._savepoints = itertools.count(1)
        self._closed = False

    # -- transactions -------------------------------------------------------------------------

    def in_transaction(self) -> bool:
        """True when the current task holds the write transaction."""
        return self._owner is not None and self._owner is asyncio.current_task()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """Run the block atomically (BEGIN IMMEDIATE … COMMIT, ROLLBACK on error).

        Re-entrant within one task: a nested block becomes a SAVEPOINT, so an
        exception caught by the outer block only undoes the inner block's writes.
        Do not await network I/O inside, and do not await *other* tasks that use
        the database from inside (they would wait for this lock forever).
        """
        if self.in_transaction():
            name = f"sp{next(self._savepoints)}"
            try:
                await self._raw(f"SAVEPOINT {name}")
                yield
                await self._raw(f"RELEASE {name}")
            except BaseException:
                await self._quietly(f"ROLLBACK TO {name}", f"RELEASE {name}")
                raise
            return

        async with self._lock:
            self._owner = asyncio.current_task()
            try:
                # BEGIN and COMMIT sit inside the try: if the task is cancelled while
                # awaiting them they still run on aiosqlite's thread, and the ROLLBACK
                # queued behind them (FIFO) closes the transaction before the next one.
                await self._raw("BEGIN IMMEDIATE")
                yield
                await self._raw("COMMIT")
            except BaseException:
                await self._quietly("ROLLBACK")
                raise
            finally:
                self._owner = None

    async def _quietly(self, *statements: str) -> None:
        """Run cleanup statements, ignoring "no transaction/savepoint" (SQLite may have ended it)."""
        for sql in statements:
            with suppress(sqlite3.OperationalError):
                await self._raw(sql)

    @asynccontextmanager
    async def _read_guard(self) -> AsyncIterator[None]:
        """Hold the lock for a read unless this task already owns the transaction."""
        if self.in_transaction():
            yield
            return
        async with self._lock:
            yield

    # -- statements ---------------------------------------------------------------------------

    async def _raw(self, sql: str, params: Params = ()) -> ExecResult:
        try:
            async with self._conn.execute(sql, params) as cur:
                return ExecResult(cur.rowcount, cur.lastrowid)
        except sqlite3.Error as exc:
            failure = storage_failure(exc)
            if failure is not None:
                raise failure from exc
            raise

    async def execute(self, sql: str, params: Params = ()) -> ExecResult:
        """Run a write statement; outside a transaction it gets its own."""
        async with self.transaction():
            return await self._raw(sql, params)

    async def execute_returning(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Run a write with a RETURNING clause; returns its first row (None if nothing was written)."""
        async with self.transaction():
            try:
                async with self._conn.execute(sql, params) as cur:
                    rows = list(await cur.fetchall())  # step to the end so the statement is finished before COMMIT
            except sqlite3.Error as exc:
                failure = storage_failure(exc)
                if failure is not None:
                    raise failure from exc
                raise
            return rows[0] if rows else None

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        """Return the first row of a query (committed data, or this task's own writes)."""
        async with self._read_guard(), self._conn.execute(sql, params) as cur:
            row: sqlite3.Row | None = await cur.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Return all rows of a query."""
        async with self._read_guard(), self._conn.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """Return the first column of the first row, or None."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def probe_write(self) -> None:
        """Write one small row; raises StorageUnavailable while the disk is full or the file read-only."""
        await self.execute(
            "INSERT INTO bot_state (key, value, updated_at) VALUES ('storage_probe', '0', strftime('%s', 'now')) "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1, updated_at = excluded.updated_at"
        )

    async def compact(self, *, vacuum: bool = True) -> bool:
        """Make deleted text unrecoverable from the files: checkpoint the WAL, VACUUM, truncate the WAL.

        With ``secure_delete`` a deletion zeroes the row in the page, but until a checkpoint the main file
        still holds the old page and the WAL holds every earlier version of it. TRUNCATE copies the current
        pages into the file and empties the WAL; VACUUM rebuilds the file without free pages. Everything
        else waits meanwhile (one connection), so this runs after a purge, not per message. Returns False
        when another process (a backup) kept the WAL from being emptied; the next purge tries again.
        """
        if self.path == ":memory:":
            return True
        if self.in_transaction():
            raise RuntimeError("compact() cannot run inside a transaction")
        async with self._lock:
            await self._checkpoint()
            if vacuum:
                await self._raw("VACUUM")
            return await self._checkpoint()

    async def _checkpoint(self) -> bool:
        async with self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
            row = await cur.fetchone()
        return row is None or int(row[0]) == 0

    # -- lifecycle ----------------------------------------------------------------------------

    async def schema_version(self) -> int:
        """Current ``PRAGMA user_version`` (the last applied migration)."""
        return int(await self.fetchval("PRAGMA user_version"))

    async def journal_mode(self) -> str:
        """Current journal mode (``wal`` for file databases)."""
        return str(await self.fetchval("PRAGMA journal_mode"))

    async def close(self) -> None:
        """Wait for the running transaction, then close the connection (idempotent)."""
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            await self._conn.close()


async def open_database(url: str, *, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
    """Open (creating if needed) the database at ``url`` and bring its schema up to date."""
    path = parse_database_url(url)
    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: the sqlite3 module must not open implicit transactions;
        # Database.transaction() issues BEGIN/COMMIT itself.
        conn = await aiosqlite.connect(path, isolation_level=None)
    except OSError as exc:
        raise StorageUnavailable(f"cannot create {Path(path).parent}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise storage_failure(exc) or exc from exc
    try:
        conn.row_factory = sqlite3.Row
        db = Database(conn, path)
        # secure_delete: deleted rows are overwritten with zeros at once, so an erased text does not linger in
        # free space inside the file (old page images in the WAL are dropped by `compact`).
        pragmas = ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=5000", "secure_delete=ON")
        for pragma in pragmas:
            await db._raw(f"PRAGMA {pragma}")
        await migrate(db, migrations)
    except BaseException:
        await conn.close()
        raise
    return db
