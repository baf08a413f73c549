"""What tests read: the call log, transcripts, waiting for the bot, send statistics."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .core import FakeCore
from .model import (
    SEND_METHODS,
    ApiError,
    Call,
    FakeChat,
    FakeUser,
    MessageView,
    _normalize_chat_value,
    _Stored,
)


class ObserverMixin(FakeCore):
    # --------------------------------------------------------------------- observation

    @property
    def calls(self) -> list[Call]:
        """Every call so far (a copy; safe to iterate while the bot runs)."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, chat: FakeUser | FakeChat | int | str, method: str | None = None) -> list[Call]:
        """Calls whose ``chat_id`` is ``chat`` (optionally only ``method``)."""
        target = self._chat_key(chat)
        with self._cond:
            return [c for c in self._calls if c.chat_id == target and (method is None or c.method == method)]

    def calls_of(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def clear_calls(self) -> None:
        """Forget the call log (e.g. between benchmark phases)."""
        with self._cond:
            self._calls.clear()
            self._inject_mark = 0

    def mark(self) -> int:
        """Current call-log position; pass as ``since=`` to wait only for later calls."""
        with self._cond:
            return len(self._calls)

    def _chat_messages(self, chat: FakeUser | FakeChat | int | str) -> dict[int, _Stored]:
        key = self._chat_key(chat)
        if isinstance(key, str):  # "@username"
            try:
                key = self._resolve_chat(key)
            except ApiError:
                return {}
        return self._messages.get(key, {})

    def messages_in(
        self,
        chat: FakeUser | FakeChat | int,
        *,
        from_bot: bool | None = None,
        include_deleted: bool = False,
    ) -> list[MessageView]:
        """The chat's transcript in order (both sides unless ``from_bot`` filters)."""
        with self._cond:
            stored = self._chat_messages(chat).values()
            return [
                self._view(m)
                for m in stored
                if (include_deleted or not m.deleted) and (from_bot is None or m.from_bot == from_bot)
            ]

    def last_message(self, chat: FakeUser | FakeChat | int, *, from_bot: bool | None = True) -> MessageView | None:
        """Newest visible message in the chat - by default the newest one *the bot* sent."""
        messages = self.messages_in(chat, from_bot=from_bot)
        return messages[-1] if messages else None

    def message(self, chat: FakeUser | FakeChat | int, message_id: int) -> MessageView | None:
        with self._cond:
            stored = self._chat_messages(chat).get(message_id)
            return self._view(stored) if stored else None

    def reactions(self, chat: FakeUser | FakeChat | int, message_id: int) -> list[dict[str, Any]]:
        """Reactions the bot set on a message with ``setMessageReaction`` (``ReactionType`` dicts)."""
        with self._cond:
            stored = self._chat_messages(chat).get(message_id)
            if stored is None:
                raise ValueError(f"no message {message_id} in chat {chat}")
            return copy.deepcopy(stored.reactions)

    def unacknowledged(
        self, method: str | None = None, chat: FakeUser | FakeChat | int | str | None = None
    ) -> list[Call]:
        """Calls Telegram performed whose answer never reached the bot (dropped, or delayed past
        the client's timeout): the "sent but not acknowledged" cases a bot must not duplicate."""
        target = None if chat is None else self._chat_key(chat)
        with self._cond:
            return [
                c
                for c in self._calls
                if c.ok
                and c.delivered is False
                and (method is None or c.method == method)
                and (target is None or c.chat_id == target)
            ]

    def bot_texts(self, chat: FakeUser | FakeChat | int) -> list[str]:
        """Visible texts/captions the bot currently shows in ``chat``."""
        return [m.text for m in self.messages_in(chat, from_bot=True) if m.text is not None]

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """Parameters of the bot's answerCallbackQuery for ``query_id`` (None if unanswered)."""
        with self._cond:
            query = self._callback_queries.get(query_id)
            return copy.deepcopy(query["answer"]) if query else None

    def commands(self, scope: Mapping[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """Commands the bot registered for ``scope`` (default scope) and language."""
        with self._cond:
            key = self._scope_key({"scope": dict(scope) if scope else None, "language_code": language_code})
            return copy.deepcopy(self._commands.get(key, []))

    @property
    def webhook_url(self) -> str:
        with self._cond:
            return str(self._webhook.get("url") or "")

    # -------------------------------------------------------------------------- waiting

    def _scan(self, predicate: Callable[[Call], bool], start: int) -> tuple[Call | None, int]:
        index = start
        while index < len(self._calls):
            call = self._calls[index]
            index += 1
            if predicate(call):
                return call, index
        return None, index

    def _timeout_error(self, what: str, timeout: float) -> TimeoutError:
        interesting = [c for c in self._calls if c.method != "getUpdates"][-12:]
        recent = ", ".join(
            f"{c.method}({c.chat_id}{', ' + repr(c.text[:40]) if c.text else ''})->{c.status}" for c in interesting
        )
        pending = len(self._updates)
        return TimeoutError(
            f"{what} not seen within {timeout}s; {pending} update(s) not confirmed by the bot; recent calls: [{recent}]"
        )

    def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 10.0, *, since: int | None = None) -> Call:
        """Block until a call matching ``predicate`` exists; return it.

        Only calls made after the last simulated user action are considered unless ``since``
        (a :meth:`mark` or ``0``) says otherwise - so "wait for the reply to what the user just
        did" never matches an older reply.  Do not use from the event loop the bot runs in;
        use :meth:`wait_for_async` there.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            index = self._inject_mark if since is None else since
            while True:
                call, index = self._scan(predicate, index)
                if call is not None:
                    return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout_error("matching call", timeout)
                self._cond.wait(remaining)

    async def wait_for_async(
        self,
        predicate: Callable[[Call], bool],
        timeout: float = 10.0,  # noqa: ASYNC109 - same signature as the sync wait_for
        *,
        since: int | None = None,
    ) -> Call:
        """:meth:`wait_for` that yields to the event loop (bot running in the same loop)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            index = self._inject_mark if since is None else since
        while True:
            with self._cond:
                call, index = self._scan(predicate, index)
                if call is not None:
                    return call
                if time.monotonic() >= deadline:
                    raise self._timeout_error("matching call", timeout)
            await asyncio.sleep(0.005)

    @staticmethod
    def _call_filter(
        method: str | Iterable[str] | None, chat: FakeUser | FakeChat | int | str | None, ok: bool | None
    ) -> Callable[[Call], bool]:
        methods = {method} if isinstance(method, str) else (set(method) if method is not None else None)
        target = chat.id if isinstance(chat, FakeUser | FakeChat) else _normalize_chat_value(chat)

        def predicate(call: Call) -> bool:
            return (
                (methods is None or call.method in methods)
                and (chat is None or call.chat_id == target)
                and (ok is None or call.ok == ok)
            )

        return predicate

    def wait_for_call(
        self,
        method: str | Iterable[str] | None = None,
        chat: FakeUser | FakeChat | int | str | None = None,
        *,
        ok: bool | None = None,
        timeout: float = 10.0,
        since: int | None = None,
    ) -> Call:
        """Shortcut: wait for a call by method name(s) and/or chat."""
        return self.wait_for(self._call_filter(method, chat, ok), timeout, since=since)

    async def wait_for_call_async(
        self,
        method: str | Iterable[str] | None = None,
        chat: FakeUser | FakeChat | int | str | None = None,
        *,
        ok: bool | None = None,
        timeout: float = 10.0,  # noqa: ASYNC109 - mirrors wait_for_call
        since: int | None = None,
    ) -> Call:
        """:meth:`wait_for_call` for tests whose bot runs in the same event loop."""
        return await self.wait_for_async(self._call_filter(method, chat, ok), timeout, since=since)

    def _idle_wait(self, quiet: float, ignore: frozenset[str], delivered: bool | None) -> float:
        """0 when idle; otherwise how long to wait before re-checking."""
        last = self._last_inject_time
        for call in reversed(self._calls):
            if call.method not in ignore:
                last = max(last, call.time)
                break
        need_delivery = self._polled if delivered is None else delivered
        if need_delivery and self._updates and self._updates[-1]["update_id"] > self._max_delivered_update_id:
            return 0.02
        return max(last + quiet - time.monotonic(), 0.0)

    def wait_until_idle(
        self,
        quiet: float = 0.3,
        timeout: float = 10.0,
        *,
        ignore: Iterable[str] = ("getUpdates",),
        delivered: bool | None = None,
    ) -> None:
        """Block until the bot made no (non-ignored) call for ``quiet`` seconds.

        If the bot polls (or ``delivered=True``) every queued update must also have been fetched
        first, so "idle" never means "has not picked up the update yet".
        """
        ignored = frozenset(ignore)
        deadline = time.monotonic() + timeout
        with self._cond:
            while (wait := self._idle_wait(quiet, ignored, delivered)) > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout_error("idle period", timeout)
                self._cond.wait(min(wait, remaining))

    async def wait_until_idle_async(
        self,
        quiet: float = 0.3,
        timeout: float = 10.0,  # noqa: ASYNC109 - mirrors wait_until_idle
        *,
        ignore: Iterable[str] = ("getUpdates",),
        delivered: bool | None = None,
    ) -> None:
        """:meth:`wait_until_idle` for tests whose bot runs in the same event loop."""
        ignored = frozenset(ignore)
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                wait = self._idle_wait(quiet, ignored, delivered)
                if wait <= 0:
                    return
                if time.monotonic() >= deadline:
                    raise self._timeout_error("idle period", timeout)
            await asyncio.sleep(min(wait, 0.02))

    # ---------------------------------------------------------------------------- stats

    def send_times(
        self, chat: FakeUser | FakeChat | int | None = None, methods: Iterable[str] = SEND_METHODS
    ) -> list[float]:
        """Monotonic times of successful sends (optionally to one chat) - for throughput tests."""
        wanted = frozenset(methods)
        target = None if chat is None else self._chat_key(chat)
        with self._cond:
            return [
                c.time for c in self._calls if c.ok and c.method in wanted and (target is None or c.chat_id == target)
            ]

    def send_rate(self, chat: FakeUser | FakeChat | int | None = None) -> float:
        """Successful sends per second between the first and the last send (0 if < 2 sends)."""
        times = self.send_times(chat)
        if len(times) < 2 or times[-1] == times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])

    def max_sends_in_window(self, window: float = 1.0, chat: FakeUser | FakeChat | int | None = None) -> int:
        """Largest number of successful sends inside any ``window`` seconds (flood-limit checks)."""
        times = self.send_times(chat)
        best = start = 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best
