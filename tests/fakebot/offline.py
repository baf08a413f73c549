"""In-process PTB transport answering from a :class:`FakeTelegram` (no sockets).

Why: handler tests should take milliseconds and must not depend on ports or threads, yet still
exercise PTB's real request encoding and error mapping.  :class:`FakeRequest` is a
``telegram.request.BaseRequest`` (the same seam PTB's own test-suite uses for its offline
request), so everything above the HTTP client - ``Bot`` methods, ``RequestData`` encoding,
status-code-to-exception mapping (``BadRequest``, ``Forbidden``, ``RetryAfter`` ...) - is the
production code path.  Parameters go through the same JSON-string encoding as over HTTP and are
decoded with the same :func:`decode_params`, so both transports see identical values.

Usage::

    fake = FakeTelegram()
    app = offline_app_builder(fake).build()      # or, spelled out:
    app = (
        ApplicationBuilder().token(fake.token)
        .request(FakeRequest(fake)).get_updates_request(FakeRequest(fake))
        .build()
    )

Always replace *both* requests: a ``Bot`` given only ``request=`` still polls/talks to
api.telegram.org through its default second request.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from .telegram import FakeTelegram, Upload, decode_params

__all__ = ["FakeRequest", "offline_app_builder", "offline_bot"]


def _read_content(content: Any) -> bytes:
    """Multipart contents are bytes or (since PTB 21.5) file handles."""
    if isinstance(content, bytes | bytearray):
        return bytes(content)
    if hasattr(content, "read"):
        data = content.read()
        return data.encode() if isinstance(data, str) else bytes(data)
    return str(content).encode()


class FakeRequest(BaseRequest):
    """``BaseRequest`` that routes Bot API calls to a :class:`FakeTelegram` in-process.

    Args:
        fake: The model that answers.
        read_timeout: Reported to PTB as the default read timeout (PTB adds the long-poll
            ``timeout`` to it).  It only matters for answers held back with
            ``fake.delay_response_next``: a delay longer than the timeout raises ``TimedOut``.

    Transport faults: ``fake.drop_response_next`` performs the call and then raises
    ``NetworkError`` (as HTTPXRequest does when the server hangs up); a call the fake cannot model
    raises ``FakeUnsupported`` (PTB reports it as ``NetworkError``; it is in ``fake.errors``).
    """

    __slots__ = ("_fake", "_initialized", "_read_timeout")

    def __init__(self, fake: FakeTelegram, *, read_timeout: float | None = 5.0) -> None:
        self._fake = fake
        self._read_timeout = read_timeout
        self._initialized = False

    @property
    def fake(self) -> FakeTelegram:
        return self._fake

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        self._initialized = True

    async def shutdown(self) -> None:
        self._initialized = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer like the HTTP server would: ``(status, JSON bytes)`` or raw file bytes."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        fake = self._fake
        if fake.latency > 0:
            await asyncio.sleep(fake.latency)

        if "/file/bot" in path:
            token, _, file_path = path.split("/file/bot", 1)[1].partition("/")
            if not fake.check_token(token):
                return 401, self._json({"ok": False, "error_code": 401, "description": "Unauthorized"})
            content = fake.file_by_path(file_path)
            if content is None:
                return 404, self._json({"ok": False, "error_code": 404, "description": "Not Found"})
            return 200, content

        if "/bot" not in path:
            return 404, self._json({"ok": False, "error_code": 404, "description": "Not Found"})
        token, _, api_method = path.rsplit("/bot", 1)[1].partition("/")

        params = decode_params(dict(parse_qsl(parts.query, keep_blank_values=True)))
        files: dict[str, Upload] = {}
        if request_data is not None:
            params.update(decode_params(request_data.json_parameters))
            for name, (filename, data, mime_type) in request_data.multipart_data.items():
                files[name] = Upload(filename, _read_content(data), mime_type)

        if api_method.lower() == "getupdates" and fake.check_token(token):
            await self._long_poll(params, read_timeout)
        reply = fake.perform(api_method, params, files, token=token, block=False)
        if reply.fault == "drop":
            reply.acknowledge(False)
            # What PTB's HTTPXRequest raises when the server hangs up without answering.
            raise NetworkError("httpx.RemoteProtocolError: Server disconnected without sending a response.")
        if reply.fault == "delay":
            timeout = self._effective_read_timeout(read_timeout)
            if timeout is not None and reply.delay > timeout:
                await asyncio.sleep(timeout)
                reply.acknowledge(False)
                raise TimedOut()
            await asyncio.sleep(reply.delay)
        reply.acknowledge(True)
        return reply.status, self._json(reply.response)

    def _effective_read_timeout(self, read_timeout: Any) -> float | None:
        """The read timeout PTB asked for, else this request's default (``None`` = wait forever)."""
        if read_timeout is None:
            return None
        if isinstance(read_timeout, int | float):
            return float(read_timeout)
        return self._read_timeout

    async def _long_poll(self, params: dict[str, Any], read_timeout: Any) -> None:
        """Wait (without blocking the loop) until updates exist or the poll timeout passes."""
        try:
            timeout = float(params.get("timeout") or 0)
            offset = int(params.get("offset") or 0)
        except (TypeError, ValueError):
            return
        if isinstance(read_timeout, int | float):
            timeout = min(timeout, float(read_timeout))
        deadline = time.monotonic() + timeout
        # Polling is deliberate: updates are injected from other threads, where an
        # asyncio.Event of this loop cannot be set safely.
        while time.monotonic() < deadline and not self._fake.has_updates_for(offset):  # noqa: ASYNC110
            await asyncio.sleep(0.005)

    @staticmethod
    def _json(data: dict[str, Any]) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


def offline_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    """A ``Bot`` whose both requests (normal and getUpdates) answer from ``fake``."""
    return Bot(token or fake.token, request=FakeRequest(fake), get_updates_request=FakeRequest(fake))


def offline_app_builder(fake: FakeTelegram, token: str | None = None) -> ApplicationBuilder:  # type: ignore[type-arg]
    """``ApplicationBuilder`` pre-wired to ``fake``; add handlers/persistence and ``build()``."""
    return (
        ApplicationBuilder()
        .token(token or fake.token)
        .request(FakeRequest(fake))
        .get_updates_request(FakeRequest(fake))
    )
