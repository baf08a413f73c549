"""HTTP front-end for :class:`FakeTelegram` so the real bot process can talk to it.

Why: end-to-end tests run the bot exactly as in production, only with ``BOT_API_URL`` pointing
here.  The server speaks the Bot API wire format PTB uses (``/bot<token>/<method>`` with
form-encoded bodies whose values are JSON, multipart uploads, or JSON bodies; file downloads at
``/file/bot<token>/<path>``).  It only uses the standard library and binds to 127.0.0.1 on an
ephemeral port, so tests never touch the network and never collide on ports.

Usage::

    fake = FakeTelegram()
    with FakeBotAPIServer(fake) as srv:
        env["BOT_API_URL"] = srv.url            # bot calls {url}/bot{token}/{method}
        ApplicationBuilder().base_url(srv.base_url).base_file_url(srv.base_file_url)
"""

from __future__ import annotations

import json
import select
import socket
import threading
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .telegram import FakeTelegram, Upload, decode_params

__all__ = ["FakeBotAPIServer", "parse_body"]


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Decode a Bot API request body into (params, uploaded files).

    Form and multipart values are JSON-decoded like Telegram does; JSON bodies are taken as is.
    """
    ctype = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return {}, {}
    if ctype == "application/json":
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        return data, {}
    if ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
        fields: dict[str, str] = {}
        files: dict[str, Upload] = {}
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                files[str(name)] = Upload(filename, payload, part.get_content_type())
            else:
                fields[str(name)] = payload.decode("utf-8")
        return decode_params(fields), files
    pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    return decode_params(dict(pairs)), {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: FakeBotAPIServer) -> None:
        self.owner = owner
        super().__init__((owner.host, owner.port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up mid-long-poll on shutdown; that is not an error worth printing."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle + delayed ACK every response
    # would stall ~40 ms, which would make throughput benchmarks measure the fake.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log (pytest would show it for every test)."""

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> bool:
        """Write a response; ``False`` if the client was gone."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return False
        return True

    def _send_json(self, status: int, data: dict[str, Any]) -> bool:
        return self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _peer_closed(self) -> bool:
        """Did the client hang up (e.g. its read timeout fired while we held the answer)?"""
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _dispatch(self) -> None:
        owner = self.server.owner
        fake = owner.fake
        if owner.stopping.is_set():
            # A stopped server must look down even on kept-alive connections.
            self.close_connection = True
            return
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""

        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot") :].partition("/")
            if token != owner.token:
                self._send_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            content = fake.file_by_path(file_path)
            if content is None:
                self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self._send(200, content, "application/octet-stream")
            return

        if not path.startswith("/bot"):
            self._send_json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, _, method = path[len("/bot") :].partition("/")
        if token != owner.token:
            self._send_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            params = decode_params(dict(parse_qsl(parts.query, keep_blank_values=True)))
            body_params, files = parse_body(self.headers.get("Content-Type", ""), body)
            params.update(body_params)
        except (ValueError, UnicodeDecodeError) as exc:
            self._send_json(
                400, {"ok": False, "error_code": 400, "description": f"Bad Request: can't parse body: {exc}"}
            )
            return
        if fake.latency > 0:
            owner.stopping.wait(fake.latency)
        try:
            reply = fake.perform(method, params, files, token=token, cancel=owner.stopping)
        except Exception as exc:  # a bug or limit of the fake: make it loud, never a silent hang-up
            owner.errors.append(exc)
            self._send_json(
                500,
                {"ok": False, "error_code": 500, "description": f"Internal Server Error: fake crashed: {exc!r}"},
            )
            return
        if reply.fault == "drop":
            # Performed, never answered: the client sees the connection close without a response.
            reply.acknowledge(False)
            self.close_connection = True
            return
        if reply.fault == "delay":
            owner.stopping.wait(reply.delay)
            if self._peer_closed():
                reply.acknowledge(False)
                self.close_connection = True
                return
        if owner.stopping.is_set():
            reply.acknowledge(False)
            self.close_connection = True
            return
        reply.acknowledge(self._send_json(reply.status, reply.response))


class FakeBotAPIServer:
    """Serve a :class:`FakeTelegram` on ``http://127.0.0.1:<ephemeral port>``.

    Args:
        fake: The model to serve.
        token: Token accepted in URLs; defaults to ``fake.token`` (others get 401).
        host: Interface to bind; loopback by default so nothing leaves the machine.
        port: 0 picks a free port.
    """

    def __init__(self, fake: FakeTelegram, token: str | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.fake = fake
        self.token = token if token is not None else fake.token
        self.host = host
        self.port = port
        #: Set on shutdown; every long poll and latency sleep watches it.
        self.stopping = threading.Event()
        #: Exceptions the fake raised while serving, incl. ``FakeUnsupported`` (should stay empty).
        self.errors: list[BaseException] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The BOT_API_URL root, e.g. ``http://127.0.0.1:43121``."""
        if self._httpd is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` / ``Bot(base_url=...)``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` / ``Bot(base_file_url=...)``."""
        return f"{self.url}/file/bot"

    def start(self) -> FakeBotAPIServer:
        if self._httpd is not None:
            return self
        self.stopping.clear()
        self._httpd = _Server(self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotAPIServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop serving; in-flight long polls are released within ~50 ms."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> FakeBotAPIServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
