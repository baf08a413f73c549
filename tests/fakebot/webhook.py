"""Deliver queued updates to the bot's webhook the way Telegram does.

Why: in webhook mode Telegram, not the bot, drives delivery.  It POSTs one update at a time as
JSON with the ``X-Telegram-Bot-Api-Secret-Token`` header, treats any 2xx as accepted, and retries
an update while the bot answers anything else or the connection fails, backing off (and honouring
``Retry-After``) until it gives up.  An update is only gone from the queue once accepted (or given
up on), so a bot that crashes mid-request gets it again.

The registered webhook URL is the public ``https://`` one; the test passes the local address the
bot listens on (``http://127.0.0.1:<port>/<path>``).  Retries and waits are scaled down and bounded
(``max_attempts``, ``max_retry_delay``, ``request_timeout``, ``max_runtime``) so tests stay fast.

Usage::

    with WebhookPusher(fake, f"http://127.0.0.1:{port}/tg-hook") as pusher:
        update = fake.user_sends_text(citizen, "...")
        delivery = pusher.wait_for(update["update_id"])
        assert delivery.statuses == [500, 200] and delivery.accepted
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from .telegram import FakeTelegram

__all__ = ["UpdateDelivery", "WebhookPusher"]


@dataclass
class UpdateDelivery:
    """What happened to one update: every attempt's HTTP status (0 = no HTTP answer)."""

    update_id: int
    statuses: list[int] = field(default_factory=list)
    #: ``True`` accepted (2xx), ``False`` given up after ``max_attempts``, ``None`` still trying.
    accepted: bool | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return len(self.statuses)

    @property
    def finished(self) -> bool:
        return self.accepted is not None


class WebhookPusher:
    """Background thread POSTing the fake's queued updates to a local webhook.

    Args:
        fake: The model whose updates are delivered (only while a webhook is registered with
            ``setWebhook``; until then the pusher waits, as Telegram would).
        url: ``http://127.0.0.1:<port>/<path>`` - loopback only.
        secret_token: Header value to send; default: the ``secret_token`` the bot registered.
        max_attempts: Attempts per update before it is dropped (Telegram gives up eventually).
        retry_delay: First pause before a retry; doubles per failure up to ``max_retry_delay``
            (a ``Retry-After`` header is honoured within the same cap).
        request_timeout: Seconds to wait for the bot's answer (then: a failed attempt).
        max_runtime: The thread ends by itself after this long, whatever happens.
    """

    def __init__(
        self,
        fake: FakeTelegram,
        url: str,
        *,
        secret_token: str | None = None,
        max_attempts: int = 5,
        retry_delay: float = 0.05,
        max_retry_delay: float = 0.5,
        request_timeout: float = 5.0,
        max_runtime: float = 120.0,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname != "127.0.0.1" or parts.port is None:
            raise ValueError(f"the pusher only delivers to http://127.0.0.1:<port>/..., not {url!r}")
        if max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        self.fake = fake
        self.url = url
        self._port = parts.port
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.secret_token = secret_token
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.request_timeout = request_timeout
        self.max_runtime = max_runtime
        #: update_id -> what happened to it, in delivery order.
        self.results: dict[int, UpdateDelivery] = {}
        #: Bugs in the pusher itself, or webhook replies it could not perform (should stay empty).
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------------ lifecycle

    def start(self) -> WebhookPusher:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="WebhookPusher", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the attempt in flight (bounded by ``request_timeout``)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def __enter__(self) -> WebhookPusher:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -------------------------------------------------------------------------- waiting

    def wait_for(self, update_id: int, timeout: float = 10.0) -> UpdateDelivery:
        """Block until ``update_id`` was accepted or given up on; ``TimeoutError`` otherwise."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                result = self.results.get(update_id)
                if result is not None and result.finished:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"update {update_id} not delivered within {timeout}s: {result}")
                self._changed.wait(min(remaining, 0.05))

    # ---------------------------------------------------------------------------- work

    def _run(self) -> None:
        deadline = time.monotonic() + self.max_runtime
        try:
            while not self._stop.is_set() and time.monotonic() < deadline:
                update = self.fake._webhook_peek()
                if update is None:
                    self._stop.wait(0.01)
                    continue
                self._deliver(update, deadline)
        except Exception as exc:  # a bug here must not hang the test silently
            self.errors.append(exc)

    def _deliver(self, update: dict[str, Any], deadline: float) -> None:
        update_id = int(update["update_id"])
        result = self.results.setdefault(update_id, UpdateDelivery(update_id))
        delay = self.retry_delay
        while not self._stop.is_set():
            status, retry_after, body, error = self._post(update)
            with self._changed:
                result.statuses.append(status)
                if error:
                    result.errors.append(error)
                self._changed.notify_all()
            if 200 <= status <= 299:
                self._webhook_reply(body)
                self.fake._webhook_done(update_id)
                self._finish(result, True)
                return
            self.fake._webhook_failed(error or f"Wrong response from the webhook: {status}")
            if result.attempts >= self.max_attempts or time.monotonic() >= deadline:
                self.fake._webhook_done(update_id)
                self._finish(result, False)
                return
            pause = min(retry_after if retry_after is not None else delay, self.max_retry_delay)
            self._stop.wait(pause)
            delay = min(delay * 2, self.max_retry_delay)

    def _finish(self, result: UpdateDelivery, accepted: bool) -> None:
        with self._changed:
            result.accepted = accepted
            self._changed.notify_all()

    def _post(self, update: dict[str, Any]) -> tuple[int, float | None, bytes, str | None]:
        """One attempt: (status or 0, Retry-After seconds, body, error text)."""
        body = json.dumps(update, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        secret = self.secret_token if self.secret_token is not None else self.fake._webhook_secret()
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        connection = http.client.HTTPConnection("127.0.0.1", self._port, timeout=self.request_timeout)
        try:
            connection.request("POST", self._path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            retry_after: float | None = None
            header = response.getheader("Retry-After")
            if header and header.strip().isdigit():
                retry_after = float(header.strip())
            error = None if 200 <= response.status <= 299 else f"Wrong response from the webhook: {response.status}"
            return response.status, retry_after, answer, error
        except (OSError, http.client.HTTPException) as exc:
            return 0, None, b"", f"Connection failed: {exc!r}"
        finally:
            connection.close()

    def _webhook_reply(self, body: bytes) -> None:
        """Telegram performs a Bot API call given in a 2xx answer (``{"method": ...}``)."""
        if not body.strip():
            return
        try:
            data = json.loads(body)
        except ValueError:
            return  # Telegram ignores bodies that are not a method call
        if not isinstance(data, dict) or not isinstance(data.get("method"), str):
            return
        method = str(data["method"])
        if method.lower().startswith("get") or method.lower() in ("setwebhook", "deletewebhook", "close", "logout"):
            return
        params = {k: v for k, v in data.items() if k != "method"}
        try:
            self.fake.handle(method, params)
        except Exception as exc:
            self.errors.append(exc)
