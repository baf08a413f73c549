"""Delivery worker: sends committed outbox rows, in order per chat, with retries.

It knows nothing about Telegram. The bot supplies ``deliver(item)``, which
performs the API call and returns the sent message id, or raises
:class:`RetryLater` (flood limit, network trouble), :class:`Unreachable` (the
recipient cannot be reached now: the row is held, not lost) or
:class:`DeliveryFailed` (permanent: the message itself is refused). Delivery is
at-least-once: a crash between the send and its record re-sends that one row
after restart.

When the outbox cannot record a send (full disk, read-only database), the worker
keeps what it sent in memory, stops sending, and retries the record until the
storage is back: a message is never sent again just because it could not be
recorded.

Only one worker may serve an outbox at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable

from bot.storage.db import Database, storage_failure
from bot.storage.outbox import Outbox, OutboxItem

log = logging.getLogger(__name__)

Deliver = Callable[[OutboxItem], Awaitable[int | None]]
OnFailed = Callable[[OutboxItem, str, bool], Awaitable[None]]  # (item, reason, held)
OnSent = Callable[[OutboxItem, int | None], Awaitable[None]]  # runs in the transaction that records the send
OnMoved = Callable[[int, int], Awaitable[None]]  # (old chat id, new chat id)


class RetryLater(Exception):
    """Transient failure: try again after ``seconds`` (None = exponential backoff)."""

    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class DeliveryFailed(Exception):
    """Permanent failure of this message: the row is marked failed and ``on_failed`` is called."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unreachable(Exception):
    """The recipient cannot be reached now (blocked the bot, bot removed from the group): hold the row."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChatMoved(Exception):
    """The chat has a new id (a group became a supergroup): pending rows move there and are retried."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(new_chat_id)
        self.new_chat_id = new_chat_id


class DeliveryWorker:
    """Serves up to ``concurrency`` chats at once, each chat strictly one row at a time."""

    def __init__(
        self,
        outbox: Outbox,
        deliver: Deliver,
        *,
        concurrency: int = 16,
        max_attempts: int = 8,
        on_failed: OnFailed | None = None,
        on_sent: OnSent | None = None,
        on_moved: OnMoved | None = None,
        idle_poll_s: float = 1.0,
        base_backoff_s: float = 1.0,
        max_backoff_s: float = 300.0,
    ) -> None:
        if concurrency < 1 or max_attempts < 1:
            raise ValueError("concurrency and max_attempts must be >= 1")
        self._db: Database = outbox.db
        self._outbox = outbox
        self._deliver = deliver
        self._concurrency = concurrency
        self._max_attempts = max_attempts
        self._on_failed = on_failed
        self._on_sent = on_sent
        self._on_moved = on_moved
        # sent but not yet recorded (the storage refused): item id -> (item, message id)
        self._unrecorded: dict[int, tuple[OutboxItem, int | None]] = {}
        self._storage_down: str | None = None
        self._idle_poll_s = idle_poll_s
        self._base_backoff_s = base_backoff_s
        self._max_backoff_s = max_backoff_s
        self._inflight: dict[int, asyncio.Task[None]] = {}  # chat_id -> its one running send
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    @property
    def in_flight(self) -> int:
        """Number of sends running right now."""
        return len(self._inflight)

    @property
    def storage_down(self) -> str | None:
        """Why sending is paused (the outbox cannot record sends), or None while all is well."""
        return self._storage_down

    def start(self) -> None:
        """Spawn the loop task (call from inside the running event loop)."""
        if self._task is not None:
            raise RuntimeError("delivery worker already started")
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-delivery")

    def poke(self) -> None:
        """Look at the outbox now (call after committing new rows) instead of at the next poll."""
        self._wake.set()

    async def stop(self, grace_s: float | None = None) -> None:
        """Stop taking new rows and let in-flight sends finish (cancelled after ``grace_s``)."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        tasks = list(self._inflight.values())
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=grace_s)
        for task in pending:  # their rows stay pending and are re-sent after restart
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def settle(self, grace_s: float = 2.0) -> None:
        """Wait for the sends in flight right now to be sent and recorded (not for the whole queue).

        A staff member may reply to a ticket card in the instant between Telegram accepting the
        card and the worker recording its message id; settling first lets the reply find its ticket.
        """
        tasks = list(self._inflight.values())
        if tasks:
            await asyncio.wait(tasks, timeout=grace_s)

    async def drain(self, timeout: float) -> None:  # noqa: ASYNC109 - a plain deadline reads best in tests
        """Wait until no row is pending and nothing is in flight (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while True:
            if not self._inflight and await self._outbox.pending_count() == 0 and not self._inflight:
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"outbox not drained within {timeout}s")
            await asyncio.sleep(0.005)

    # -- loop ---------------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                if self._unrecorded:
                    delay = await self._record_unrecorded()
                elif self._storage_down is not None:
                    delay = await self._probe_storage()
                else:
                    delay = await self._dispatch()
            except Exception as exc:
                failure = storage_failure(exc)
                if failure is None:
                    log.exception("delivery loop failed to read the outbox")
                else:
                    self._storage_is_down(failure.reason)
                delay = max(self._idle_poll_s, 1.0)
            if self._stopping:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _dispatch(self) -> float:
        """Start sends for due rows; return how long to sleep before looking again."""
        free = self._concurrency - len(self._inflight)
        if free > 0:
            for item in await self._outbox.next_due(exclude_chats=set(self._inflight), limit=free):
                self._inflight[item.chat_id] = asyncio.create_task(self._send(item), name=f"outbox-send-{item.id}")
        if len(self._inflight) >= self._concurrency:
            return self._idle_poll_s  # a finishing send wakes the loop
        due_at = await self._outbox.next_due_at(exclude_chats=set(self._inflight))
        if due_at is None:
            return self._idle_poll_s
        return min(self._idle_poll_s, max(0.0, due_at - time.time()))

    def _storage_is_down(self, reason: str) -> None:
        if self._storage_down is None:
            log.error("storage unavailable (%s): sending paused until the database can record sends again", reason)
        self._storage_down = reason

    async def _record(self, item: OutboxItem, message_id: int | None) -> None:
        """Mark sent and run ``on_sent`` (e.g. link a staff-chat message to its ticket) in one transaction."""
        async with self._db.transaction():
            if await self._outbox.mark_sent(item.id, message_id) and self._on_sent is not None:
                await self._on_sent(item, message_id)

    async def _record_unrecorded(self) -> float:
        """Retry recording sends the storage refused; nothing new is sent until they are recorded."""
        for item_id, (item, message_id) in list(self._unrecorded.items()):
            await self._record(item, message_id)  # raises while the storage is still down
            del self._unrecorded[item_id]
        return await self._probe_storage()

    async def _probe_storage(self) -> float:
        """Sending stays paused until a real write succeeds (a full disk fails only when pages are written)."""
        await self._db.probe_write()
        log.warning("storage available again: sending resumed")
        self._storage_down = None
        return 0.0

    async def _send(self, item: OutboxItem) -> None:
        try:
            try:
                message_id = await self._deliver(item)
            except RetryLater as exc:
                # Telegram busy (429) or unreachable: the message itself is fine, so it is never given up
                await self._retry(item, exc.seconds, "retry later", counted=False)
            except Unreachable as exc:
                await self._outbox.hold(item.id, exc.reason)
                await self._notify_failed(item, exc.reason, held=True)
            except ChatMoved as exc:
                log.warning("chat %s moved to %s; its pending messages follow", item.chat_id, exc.new_chat_id)
                if self._on_moved is not None:
                    await self._on_moved(item.chat_id, exc.new_chat_id)
                else:
                    await self._fail(item, f"chat moved to {exc.new_chat_id}")
            except DeliveryFailed as exc:
                await self._fail(item, exc.reason)
            except Exception as exc:
                # Ids only: the exception text might quote the payload.
                log.warning(
                    "deliver raised %s for outbox item %s (chat %s); will retry",
                    type(exc).__name__,
                    item.id,
                    item.chat_id,
                )
                await self._retry(item, None, type(exc).__name__)
            else:
                try:
                    await self._record(item, message_id)
                except Exception as exc:
                    failure = storage_failure(exc)
                    if failure is None:
                        raise
                    self._unrecorded[item.id] = (item, message_id)
                    self._storage_is_down(failure.reason)
        except Exception as exc:
            failure = storage_failure(exc)
            if failure is not None:
                self._storage_is_down(failure.reason)
            else:
                log.exception("outbox bookkeeping failed for item %s (chat %s)", item.id, item.chat_id)
        finally:
            self._inflight.pop(item.chat_id, None)
            self._wake.set()

    def _backoff(self, failures: int) -> float:
        delay: float = min(self._max_backoff_s, self._base_backoff_s * 2.0 ** min(failures, 30))
        return delay * random.uniform(0.75, 1.0)  # jitter so retries of many chats spread out

    async def _retry(self, item: OutboxItem, seconds: float | None, error: str, counted: bool = True) -> None:
        """Try again later; only unexplained errors count towards giving up (after max_attempts)."""
        attempts = item.attempts + 1
        if counted and attempts >= self._max_attempts:
            await self._fail(item, f"gave up after {attempts} attempts ({error})")
            return
        delay = self._backoff(item.attempts) if seconds is None else max(0.0, seconds)
        await self._outbox.mark_retry(item.id, delay, error)

    async def _fail(self, item: OutboxItem, reason: str) -> None:
        await self._outbox.mark_failed(item.id, reason)
        log.warning("outbox item %s (chat %s) failed permanently", item.id, item.chat_id)
        await self._notify_failed(item, reason, held=False)

    async def _notify_failed(self, item: OutboxItem, reason: str, *, held: bool) -> None:
        if self._on_failed is None:
            return
        try:
            await self._on_failed(item, reason, held)
        except Exception as exc:
            if storage_failure(exc) is None:
                log.exception("on_failed handler raised for outbox item %s", item.id)
