"""An in-memory, thread-safe model of the Telegram Bot API for exactly one bot.

Why: the bot's real failure modes (blocked users, flood limits, HTML Telegram refuses, edits of
vanished messages, callback data that is too long, privacy mode hiding group messages) only show
up against something that behaves like Telegram.  :class:`FakeTelegram` answers Bot API method
calls with the same JSON Telegram returns (``{"ok": true, "result": ...}`` or an error object),
so python-telegram-bot can ``de_json`` everything, and it lets a test play the people on the
other side (users, staff in a group) and observe every call the bot made.

The class is transport-agnostic: :mod:`tests.fakebot.server` serves it over HTTP (for the real
bot process) and :mod:`tests.fakebot.offline` plugs it into PTB in-process (for fast tests).
It deliberately imports nothing from PTB so it also models what a *different* client would see.

All timestamps in :class:`Call` are ``time.monotonic()`` values.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .entities import EntityParseError, parse_text, utf16_len

__all__ = [
    "SEND_METHODS",
    "ApiError",
    "Call",
    "FakeChat",
    "FakeTelegram",
    "FakeUser",
    "InlineButton",
    "MessageView",
    "Upload",
    "decode_params",
]

#: Methods that put a new message into a chat (used for stats and flood control).
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVoice",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "copyMessage",
        "forwardMessage",
    }
)

#: sendXxx method -> the parameter / message field carrying the file.
_MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVoice": "voice",
    "sendAudio": "audio",
    "sendVideo": "video",
    "sendAnimation": "animation",
    "sendSticker": "sticker",
}

#: Message fields that constitute "content" (copied by copyMessage / forwardMessage).
_CONTENT_KEYS = (
    "text",
    "entities",
    "link_preview_options",
    "photo",
    "document",
    "voice",
    "audio",
    "video",
    "animation",
    "sticker",
    "location",
    "contact",
    "caption",
    "caption_entities",
)

#: Parameters PTB sends as plain (not JSON-encoded) strings.  Everything else arrives JSON
#: encoded in form bodies; keeping these raw avoids turning a text "123" into an int.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "file_id",
        "action",
        "language_code",
        "secret_token",
        "ip_address",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "address",
        "foursquare_id",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "custom_title",
        "certificate",
        "thumbnail",
        *(_MEDIA_METHODS.values()),
    }
)

_INLINE_BUTTON_KINDS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
_STATUS_ALIASES = {"owner": "creator", "banned": "kicked", "admin": "administrator"}
_PRESENT_STATUSES = frozenset({"creator", "administrator", "member", "restricted"})

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<!\S)@[A-Za-z0-9_]{4,32}")
_BOT_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Decode form/query values the way the Bot API does: JSON where the value is JSON.

    PTB (see ``telegram.request.RequestParameter.json_value``) sends ``str`` values verbatim and
    everything else ``json.dumps``-ed.  Known string parameters stay strings; others are parsed
    as JSON when possible (``"123"`` -> ``123``, ``'{"inline_keyboard": ...}'`` -> dict) and kept
    as strings otherwise (``"@channel"``).  Non-string values (JSON bodies) pass through.
    """
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in _STRING_PARAMS:
            try:
                decoded[key] = json.loads(value)
            except ValueError:
                decoded[key] = value
        else:
            decoded[key] = value
    return decoded


class ApiError(Exception):
    """A Bot API error answer; raised inside method handlers, turned into JSON by ``handle``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def to_response(self) -> dict[str, Any]:
        response: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            response["parameters"] = self.parameters
        return response


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _forbidden(description: str) -> ApiError:
    return ApiError(403, f"Forbidden: {description}")


def _default_description(code: int, retry_after: int | None) -> str:
    """Telegram's wording for the error codes tests usually inject."""
    if code == 429:
        return f"Too Many Requests: retry after {retry_after}"
    return {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(code, f"Error {code}")


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded in a multipart request."""

    filename: str | None
    content: bytes
    mime_type: str | None = None


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user the test plays.  Private chat id == user id, as on Telegram."""

    id: int
    first_name: str
    language_code: str | None = "ru"
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Bot API ``User`` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def chat_dict(self) -> dict[str, Any]:
        """Bot API ``Chat`` object of the private chat with this user."""
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass(frozen=True)
class FakeChat:
    """A group or supergroup.  Membership lives in :class:`FakeTelegram` (it changes)."""

    id: int
    title: str
    type: str = "supergroup"
    username: str | None = None
    is_forum: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Bot API ``Chat`` object."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            data["username"] = self.username
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass(frozen=True)
class Call:
    """One Bot API request the bot made, with the decoded parameters and the answer it got.

    ``time`` is ``time.monotonic()`` when the answer was produced (for a long poll: when it
    returned).  Failed calls are recorded too, with ``status``/``response`` of the error.
    """

    index: int
    method: str
    params: dict[str, Any]
    time: float
    status: int
    response: dict[str, Any]
    files: dict[str, Upload] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def error_code(self) -> int | None:
        return None if self.ok else self.response.get("error_code")

    @property
    def description(self) -> str | None:
        return self.response.get("description")

    @property
    def chat_id(self) -> int | str | None:
        """``chat_id`` parameter as int when numeric (it arrives as str or int)."""
        return _normalize_chat_value(self.params.get("chat_id"))

    @property
    def text(self) -> str | None:
        """``text`` (or ``caption``) parameter as the bot sent it (before markup parsing)."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class InlineButton:
    """One inline keyboard button of a message."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MessageView:
    """Snapshot of a stored message, as the chat participants see it.

    ``text`` is the visible text (tags removed, entities decoded) or the caption of media;
    ``source_text`` is what the bot passed (with markup) and ``parse_mode`` what it used.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    kind: str
    text: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    reply_to_message_id: int | None
    message_thread_id: int | None
    source_text: str | None
    parse_mode: str | None
    deleted: bool
    edited: bool
    copied_from: tuple[int, int] | None
    time: float
    raw: dict[str, Any]

    @property
    def buttons(self) -> list[list[InlineButton]]:
        """Inline keyboard as rows of buttons (empty when there is none)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [
                InlineButton(
                    text=str(b.get("text", "")),
                    callback_data=b.get("callback_data"),
                    url=b.get("url"),
                    raw=dict(b),
                )
                for b in row
            ]
            for row in rows
        ]

    @property
    def button_texts(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]

    @property
    def callback_data(self) -> list[str]:
        return [b.callback_data for row in self.buttons for b in row if b.callback_data is not None]

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Texts of a reply (custom) keyboard, when the message set one."""
        rows = (self.reply_markup or {}).get("keyboard")
        if rows is None:
            return None
        return [[b if isinstance(b, str) else str(b.get("text", "")) for b in row] for row in rows]


@dataclass
class _Stored:
    chat_id: int
    message_id: int
    data: dict[str, Any]
    from_bot: bool
    time: float
    source_text: str | None = None
    parse_mode: str | None = None
    markup: dict[str, Any] | None = None  # full reply_markup as sent (incl. reply keyboards)
    deleted: bool = False
    copied_from: tuple[int, int] | None = None


@dataclass
class _File:
    file_id: str
    unique_id: str
    kind: str
    content: bytes
    file_path: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Injection:
    method: str  # lower-case canonical name or "*"
    chat_id: int | str | None
    remaining: int
    code: int
    description: str
    retry_after: int | None


@dataclass
class _FloodLimits:
    global_per_second: int | None
    private_per_second: int | None
    group_per_minute: int | None


def _normalize_chat_value(value: Any) -> int | str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value if isinstance(value, str) else None


def _now_date() -> int:
    return int(time.time())


class FakeTelegram:
    """The Bot API for one bot, in memory.  See the module docstring for the why.

    Args:
        token: The bot token requests must carry (wrong token -> 401 ``Unauthorized``).
        username: The bot's username (without ``@``).
        first_name: The bot's display name.
        privacy_mode: Like a real bot's default: in groups the bot only receives commands,
            replies to its own messages, mentions, and service messages about itself - unless
            it is an administrator.  Set ``False`` to model a bot with privacy mode disabled.
    """

    def __init__(
        self,
        token: str = "123456789:TEST-fake-token-for-consul-bot",
        *,
        username: str = "consul_test_bot",
        first_name: str = "Consul Bot",
        privacy_mode: bool = True,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.username = username
        self.first_name = first_name
        self.privacy_mode = privacy_mode
        #: Seconds each transport waits before answering a request (models network latency).
        self.latency = 0.0

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._users: dict[int, FakeUser] = {}
        self._started: set[int] = set()
        self._blocked: set[int] = set()
        self._groups: dict[int, FakeChat] = {}
        self._members: dict[int, dict[int, str]] = {}
        self._messages: dict[int, dict[int, _Stored]] = {}
        self._next_message_id: dict[int, int] = {}
        self._updates: deque[dict[str, Any]] = deque()
        self._next_update_id = 100_000
        self._max_delivered_update_id = 0
        self._calls: list[Call] = []
        self._inject_mark = 0
        self._last_inject_time = time.monotonic()
        self._polled = False
        self._injections: list[_Injection] = []
        self._files: dict[str, _File] = {}
        self._files_by_path: dict[str, _File] = {}
        self._callback_queries: dict[str, dict[str, Any]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        self._webhook: dict[str, Any] = {"url": ""}
        self._poll_generation = 0
        self._closed = False
        self._flood: _FloodLimits | None = None
        self._send_log: deque[tuple[float, int]] = deque()
        self._counter = itertools.count(1)
        #: Updates Telegram would not deliver to the bot (privacy mode, bot not in the group).
        self.undelivered: list[dict[str, Any]] = []

        self._handlers: dict[str, Callable[[dict[str, Any], dict[str, Upload]], Any]] = {}
        for attr in dir(self):
            if attr.startswith("_api_"):
                self._handlers[attr[len("_api_") :]] = getattr(self, attr)
        self._canonical = {name.lower(): name for name in self._handlers}
        self._canonical["getupdates"] = "getUpdates"

    # ------------------------------------------------------------------------------ identity

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a Bot API ``User`` object."""
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    @property
    def supported_methods(self) -> list[str]:
        return sorted(self._canonical.values())

    def check_token(self, token: str) -> bool:
        return token == self.token

    # ------------------------------------------------------------------------ request entry

    def handle(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Upload] | None = None,
        *,
        token: str | None = None,
        cancel: threading.Event | None = None,
        block: bool = True,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call; returns ``(http_status, json_body)``.

        ``params`` must already be decoded (see :func:`decode_params`).  ``cancel`` ends a
        long poll early (server shutdown); ``block=False`` makes ``getUpdates`` answer at once
        (the offline transport waits asynchronously itself).
        """
        params = dict(params or {})
        files = dict(files or {})
        canonical = self._canonical.get(method.lower())
        if token is not None and not self.check_token(token):
            return self._answer(canonical or method, params, files, ApiError(401, "Unauthorized"))
        if canonical is None:
            return self._answer(method, params, files, ApiError(404, "Not Found: method not found"))
        if canonical == "getUpdates":
            return self._get_updates(params, files, cancel=cancel, block=block)
        with self._cond:
            try:
                self._apply_injection(canonical, params)
                if canonical in SEND_METHODS:
                    self._check_flood(params)
                outcome: Any = self._handlers[canonical](params, files)
            except ApiError as exc:
                outcome = exc
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                outcome = _bad(f"invalid parameters ({exc!r})")
            if canonical in SEND_METHODS and not isinstance(outcome, ApiError):
                self._note_send(params)
            return self._answer(canonical, params, files, outcome)

    def _answer(
        self, method: str, params: dict[str, Any], files: dict[str, Upload], outcome: Any
    ) -> tuple[int, dict[str, Any]]:
        if isinstance(outcome, ApiError):
            response = outcome.to_response()
            status = outcome.code
        else:
            response = {"ok": True, "result": outcome}
            status = 200
        with self._cond:
            call = Call(
                index=len(self._calls),
                method=method,
                params=copy.deepcopy(params),
                time=time.monotonic(),
                status=status,
                response=copy.deepcopy(response),
                files=files,
            )
            self._calls.append(call)
            self._cond.notify_all()
        return status, response

    # --------------------------------------------------------------------- failure injection

    def fail_next(
        self,
        method: str,
        chat_id: int | str | FakeUser | FakeChat | None = None,
        times: int = 1,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail like Telegram would.

        ``method="*"`` matches any method except ``getUpdates`` (so a polling loop does not eat
        the failure); name ``getUpdates`` explicitly to break polling.  429 gets
        ``parameters.retry_after`` (default 1 s) so PTB raises ``RetryAfter``; 403 defaults to
        "bot was blocked by the user".  ``chat_id`` limits it to calls for that chat.
        """
        if method != "*" and method.lower() not in self._canonical:
            raise ValueError(f"{method!r} is not a method the fake implements")
        if error_code == 429 and retry_after is None:
            retry_after = 1
        with self._cond:
            self._injections.append(
                _Injection(
                    method="*" if method == "*" else method.lower(),
                    chat_id=None if chat_id is None else self._chat_key(chat_id),
                    remaining=times,
                    code=error_code,
                    description=description or _default_description(error_code, retry_after),
                    retry_after=retry_after,
                )
            )

    def clear_failures(self) -> None:
        with self._cond:
            self._injections.clear()

    def _apply_injection(self, canonical: str, params: dict[str, Any]) -> None:
        target = _normalize_chat_value(params.get("chat_id"))
        for inj in self._injections:
            if inj.method != canonical.lower() and (inj.method != "*" or canonical == "getUpdates"):
                continue
            if inj.chat_id is not None and inj.chat_id != target:
                continue
            inj.remaining -= 1
            if inj.remaining <= 0:
                self._injections.remove(inj)
            parameters = {"retry_after": inj.retry_after} if inj.retry_after is not None else None
            raise ApiError(inj.code, inj.description, parameters)

    def block_bot(self, user: FakeUser | int) -> None:
        """The user blocks the bot: every send/edit to them answers 403 until unblocked."""
        with self._cond:
            self._blocked.add(self._user(user).id)

    def unblock_bot(self, user: FakeUser | int) -> None:
        with self._cond:
            self._blocked.discard(self._user(user).id)

    def set_flood_limits(
        self,
        *,
        global_per_second: int | None = 30,
        private_per_second: int | None = None,
        group_per_minute: int | None = 20,
    ) -> None:
        """Enforce Telegram's broadcast limits with 429 + retry_after (off until called).

        Telegram documents ~30 messages/s overall and 20 messages/min per group; bursts in one
        private chat are tolerated, so that limit is off unless given.
        """
        with self._cond:
            self._flood = _FloodLimits(global_per_second, private_per_second, group_per_minute)

    def disable_flood_limits(self) -> None:
        with self._cond:
            self._flood = None

    def _check_flood(self, params: dict[str, Any]) -> None:
        if self._flood is None:
            return
        chat_id = _normalize_chat_value(params.get("chat_id"))
        if not isinstance(chat_id, int):
            return
        now = time.monotonic()
        while self._send_log and self._send_log[0][0] < now - 60:
            self._send_log.popleft()
        limits = self._flood

        def check(limit: int | None, window: float, times: list[float]) -> None:
            recent = [t for t in times if t > now - window]
            if limit is not None and len(recent) >= limit:
                wait = max(1, math.ceil(recent[-limit] + window - now))
                raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

        all_times = [t for t, _ in self._send_log]
        chat_times = [t for t, c in self._send_log if c == chat_id]
        check(limits.global_per_second, 1.0, all_times)
        if chat_id in self._groups:
            check(limits.group_per_minute, 60.0, chat_times)
        else:
            check(limits.private_per_second, 1.0, chat_times)

    def _note_send(self, params: dict[str, Any]) -> None:
        chat_id = _normalize_chat_value(params.get("chat_id"))
        if isinstance(chat_id, int):
            self._send_log.append((time.monotonic(), chat_id))

    # ---------------------------------------------------------------------- people & chats

    def make_user(
        self,
        id: int,
        first_name: str,
        language_code: str | None = "ru",
        username: str | None = None,
        *,
        last_name: str | None = None,
        is_bot: bool = False,
        started: bool = True,
    ) -> FakeUser:
        """Register a user.  ``started=False`` models someone who never opened the bot (403)."""
        user = FakeUser(id, first_name, language_code, username, last_name, is_bot)
        with self._cond:
            self._users[id] = user
            if started:
                self._started.add(id)
        return user

    def make_group(
        self,
        chat_id: int,
        title: str,
        members: Mapping[int | FakeUser, str] | None = None,
        type: str = "supergroup",
        *,
        bot_status: str = "member",
        username: str | None = None,
        is_forum: bool = False,
    ) -> FakeChat:
        """Register a group; ``members`` maps user (id) -> status; the bot gets ``bot_status``.

        Use ``bot_status="left"`` and then :meth:`bot_added_to_group` to model the bot joining.
        """
        if type not in ("group", "supergroup"):
            raise ValueError("type must be 'group' or 'supergroup'")
        chat = FakeChat(chat_id, title, type, username, is_forum)
        with self._cond:
            self._groups[chat_id] = chat
            roster: dict[int, str] = {}
            for member, status in (members or {}).items():
                if isinstance(member, FakeUser):
                    self._users.setdefault(member.id, member)
                roster[self._user_id(member)] = self._status(status)
            roster[self.bot_id] = self._status(bot_status)
            self._members[chat_id] = roster
        return chat

    def set_member_status(self, chat: FakeChat | int, user: FakeUser | int, status: str) -> None:
        """Promote/demote/kick a member (``user`` may be the bot's id)."""
        with self._cond:
            self._members[self._group(chat).id][self._user_id(user)] = self._status(status)

    def member_status(self, chat: FakeChat | int, user: FakeUser | int) -> str:
        with self._cond:
            return self._members[self._group(chat).id].get(self._user_id(user), "left")

    @staticmethod
    def _status(status: str) -> str:
        status = _STATUS_ALIASES.get(status, status)
        if status not in _MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        return status

    def _user(self, user: FakeUser | int) -> FakeUser:
        if isinstance(user, FakeUser):
            return self._users.setdefault(user.id, user)
        try:
            return self._users[user]
        except KeyError:
            raise ValueError(f"unknown user {user}; call make_user() first") from None

    def _user_id(self, user: FakeUser | int) -> int:
        return user.id if isinstance(user, FakeUser) else int(user)

    def _group(self, chat: FakeChat | int) -> FakeChat:
        chat_id = chat.id if isinstance(chat, FakeChat) else int(chat)
        try:
            return self._groups[chat_id]
        except KeyError:
            raise ValueError(f"unknown group {chat_id}; call make_group() first") from None

    def _chat_key(self, chat: FakeUser | FakeChat | int | str) -> int | str:
        if isinstance(chat, FakeUser | FakeChat):
            return chat.id
        normalized = _normalize_chat_value(chat)
        if normalized is None:
            raise ValueError(f"bad chat reference {chat!r}")
        return normalized

    def _user_dict(self, user_id: int) -> dict[str, Any]:
        if user_id == self.bot_id:
            return self.bot_user
        user = self._users.get(user_id)
        if user is not None:
            return user.to_dict()
        return {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}

    def _chat_dict(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self._groups:
            return self._groups[chat_id].to_dict()
        return self._users[chat_id].chat_dict()

    def _bot_status(self, chat_id: int) -> str:
        return self._members.get(chat_id, {}).get(self.bot_id, "left")

    # -------------------------------------------------------------- parameter resolution

    def _resolve_chat(self, value: Any) -> int:
        """``chat_id`` parameter -> known chat id; Telegram answers 400 "chat not found"."""
        normalized = _normalize_chat_value(value)
        if isinstance(normalized, int):
            if normalized in self._users or normalized in self._groups:
                return normalized
        elif isinstance(normalized, str) and normalized.startswith("@"):
            name = normalized[1:].lower()
            for chat in self._groups.values():
                if chat.username and chat.username.lower() == name:
                    return chat.id
            for user in self._users.values():
                if user.username and user.username.lower() == name:
                    return user.id
        raise _bad("chat not found")

    def _chat_param(self, params: dict[str, Any], key: str = "chat_id") -> int:
        if params.get(key) in (None, ""):
            raise _bad(f"{key} is empty")
        return self._resolve_chat(params[key])

    @staticmethod
    def _int_param(params: dict[str, Any], key: str) -> int:
        value = params.get(key)
        if value in (None, ""):
            raise _bad(f"{key} is empty" if key != "message_id" else "message identifier is not specified")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _bad(f"invalid {key} specified")
        try:
            return int(value)
        except ValueError:
            raise _bad(f"invalid {key} specified") from None

    def _check_can_send(self, chat_id: int) -> None:
        """403s Telegram gives when the bot may not write to a chat."""
        if chat_id in self._users:
            user = self._users[chat_id]
            if user.is_bot:
                raise _forbidden("bot can't send messages to bots")
            if chat_id in self._blocked:
                raise _forbidden("bot was blocked by the user")
            if chat_id not in self._started:
                raise _forbidden("bot can't initiate conversation with a user")
            return
        chat = self._groups[chat_id]
        status = self._bot_status(chat_id)
        if status == "kicked":
            raise _forbidden(f"bot was kicked from the {chat.type} chat")
        if status == "left":
            raise _forbidden(f"bot is not a member of the {chat.type} chat")

    def _formatted(
        self,
        text: Any,
        parse_mode: Any,
        entities: Any,
        *,
        caption: bool = False,
    ) -> tuple[str, list[dict[str, Any]]]:
        """Parse text/caption with its parse_mode and apply Telegram's length rules."""
        if text is None:
            text = ""
        if not isinstance(text, str):
            text = str(text)
        if isinstance(entities, list) and not parse_mode:
            plain, ents = text.strip(), entities
        else:
            try:
                parsed = parse_text(text, parse_mode if isinstance(parse_mode, str) else None)
            except EntityParseError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
            except ValueError:
                raise _bad("unsupported parse_mode") from None
            plain, ents = parsed.text, parsed.entities
        if caption:
            if len(plain) > MAX_CAPTION_LENGTH:
                raise _bad("message caption is too long")
        else:
            if not plain:
                raise _bad("message text is empty")
            if len(plain) > MAX_TEXT_LENGTH:
                raise _bad("message is too long")
        return plain, ents

    def _reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """Validate ``reply_markup`` the way Telegram does (64-byte callback data, etc.)."""
        markup = params.get("reply_markup")
        if markup in (None, ""):
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError:
                raise _bad("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
            count = 0
            for row in rows:
                for button in row:
                    count += 1
                    self._check_inline_button(button)
            if count > 100:
                raise _bad("reply markup is too long")
        elif "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse reply keyboard markup JSON object")
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else (button or {}).get("text")
                    if not isinstance(text, str) or not text:
                        raise _bad("can't parse keyboard button: Text must be non-empty")
        elif not ("remove_keyboard" in markup or "force_reply" in markup):
            raise _bad("can't parse reply keyboard markup JSON object")
        return markup

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        if not isinstance(button, dict):
            raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
        if not isinstance(button.get("text"), str):
            raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
        kinds = [k for k in _INLINE_BUTTON_KINDS if k in button]
        if not kinds:
            raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad("BUTTON_DATA_INVALID")
        if "url" in button:
            url = button["url"]
            parts = urlsplit(url) if isinstance(url, str) else None
            if (
                parts is None
                or not url
                or any(ch.isspace() for ch in url)
                or parts.scheme not in ("http", "https", "tg", "")
                or (parts.scheme in ("http", "https") and not parts.netloc)
                or (not parts.scheme and "." not in url)
            ):
                raise _bad("BUTTON_URL_INVALID")

    @staticmethod
    def _echo_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
        """Telegram only returns inline keyboards as part of a Message."""
        if markup and "inline_keyboard" in markup:
            return copy.deepcopy(markup)
        return None

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> _Stored | None:
        reply_params = params.get("reply_parameters")
        allow = bool(params.get("allow_sending_without_reply"))
        target_chat = chat_id
        message_id: Any = None
        if isinstance(reply_params, dict):
            message_id = reply_params.get("message_id")
            allow = bool(reply_params.get("allow_sending_without_reply", allow))
            if reply_params.get("chat_id") not in (None, ""):
                target_chat = self._resolve_chat(reply_params["chat_id"])
        elif params.get("reply_to_message_id") not in (None, ""):
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        stored = self._find(target_chat, int(message_id))
        if stored is None:
            if allow:
                return None
            raise _bad("message to be replied not found")
        return stored

    def _find(self, chat_id: int, message_id: int, *, include_deleted: bool = False) -> _Stored | None:
        stored = self._messages.get(chat_id, {}).get(message_id)
        if stored is None or (stored.deleted and not include_deleted):
            return None
        return stored

    # ---------------------------------------------------------------------- message store

    def _store(
        self,
        chat_id: int,
        *,
        sender: dict[str, Any],
        content: dict[str, Any],
        from_bot: bool,
        reply_to: _Stored | None = None,
        thread_id: Any = None,
        source_text: str | None = None,
        parse_mode: str | None = None,
        markup: dict[str, Any] | None = None,
        copied_from: tuple[int, int] | None = None,
    ) -> _Stored:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        data: dict[str, Any] = {
            "message_id": message_id,
            "from": copy.deepcopy(sender),
            "chat": self._chat_dict(chat_id),
            "date": _now_date(),
        }
        if thread_id not in (None, "", 0):
            data["message_thread_id"] = int(thread_id)
            if chat_id in self._groups and self._groups[chat_id].is_forum:
                data["is_topic_message"] = True
        if reply_to is not None and reply_to.chat_id == chat_id:
            data["reply_to_message"] = self._snapshot(reply_to)
        data.update(copy.deepcopy(content))
        echoed = self._echo_markup(markup)
        if echoed:
            data["reply_markup"] = echoed
        stored = _Stored(
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            from_bot=from_bot,
            time=time.monotonic(),
            source_text=source_text,
            parse_mode=parse_mode,
            markup=copy.deepcopy(markup),
            copied_from=copied_from,
        )
        self._messages.setdefault(chat_id, {})[message_id] = stored
        return stored

    @staticmethod
    def _snapshot(stored: _Stored) -> dict[str, Any]:
        """A message as embedded in another (Telegram nests reply_to_message one level deep)."""
        data = copy.deepcopy(stored.data)
        data.pop("reply_to_message", None)
        return data

    def _view(self, stored: _Stored) -> MessageView:
        data = copy.deepcopy(stored.data)
        kind = next(
            (k for k in ("text", *_MEDIA_METHODS.values(), "location", "contact") if k in data),
            "service",
        )
        text = data.get("text", data.get("caption"))
        entities = data.get("entities", data.get("caption_entities", []))
        reply = data.get("reply_to_message")
        return MessageView(
            chat_id=stored.chat_id,
            message_id=stored.message_id,
            from_bot=stored.from_bot,
            kind=kind,
            text=text,
            entities=tuple(entities),
            reply_markup=copy.deepcopy(stored.markup) if stored.from_bot else data.get("reply_markup"),
            reply_to_message_id=reply["message_id"] if reply else None,
            message_thread_id=data.get("message_thread_id"),
            source_text=stored.source_text,
            parse_mode=stored.parse_mode,
            deleted=stored.deleted,
            edited="edit_date" in data,
            copied_from=stored.copied_from,
            time=stored.time,
            raw=data,
        )

    # ------------------------------------------------------------------------ files

    def add_file(
        self,
        content: bytes,
        kind: str = "document",
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> str:
        """Register a file Telegram "has"; returns its file_id (usable in sendXxx and getFile)."""
        with self._cond:
            return self._new_file(content, kind, file_name=file_name, mime_type=mime_type, meta=meta).file_id

    def _new_file(
        self,
        content: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> _File:
        n = next(self._counter)
        extension = {"photo": "jpg", "voice": "oga", "sticker": "webp", "video": "mp4", "audio": "mp3"}
        suffix = extension.get(kind) or (file_name.rsplit(".", 1)[-1] if file_name and "." in file_name else "bin")
        file = _File(
            file_id=f"{kind.upper()}-{n:06d}-{self.bot_id}",
            unique_id=f"U{kind[:3]}{n:06d}",
            kind=kind,
            content=bytes(content),
            file_path=f"{kind}s/file_{n}.{suffix}",
            meta=dict(meta or {}),
        )
        if file_name:
            file.meta.setdefault("file_name", file_name)
        if mime_type:
            file.meta.setdefault("mime_type", mime_type)
        self._files[file.file_id] = file
        self._files_by_path[file.file_path] = file
        return file

    def _file_json(self, file: _File) -> dict[str, Any]:
        data = {"file_id": file.file_id, "file_unique_id": file.unique_id, "file_size": len(file.content)}
        data.update(copy.deepcopy(file.meta))
        return data

    def _media_json(self, kind: str, file: _File) -> Any:
        """The message field for a file, e.g. ``photo`` is a list of sizes."""
        if kind == "photo":
            small = self._files.get(file.meta.get("thumb_id", ""))
            sizes = []
            if small is not None:
                sizes.append({**self._file_json(small), "width": 90, "height": 68})
            big = self._file_json(file)
            big.pop("thumb_id", None)
            sizes.append({**big, "width": 1280, "height": 960})
            return sizes
        data = self._file_json(file)
        defaults: dict[str, dict[str, Any]] = {
            "voice": {"duration": 3, "mime_type": "audio/ogg"},
            "audio": {"duration": 60, "mime_type": "audio/mpeg"},
            "video": {"duration": 5, "width": 640, "height": 480},
            "animation": {"duration": 2, "width": 320, "height": 240},
            "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False},
            "document": {},
        }
        return {**defaults.get(kind, {}), **data}

    def _photo_file(self, content: bytes) -> _File:
        thumb = self._new_file(content[:64], "photo")
        big = self._new_file(content, "photo", meta={"thumb_id": thumb.file_id})
        return big

    def _input_file(self, params: dict[str, Any], files: dict[str, Upload], kind: str) -> _File:
        """Resolve a sendXxx file argument: file_id, http(s) URL, attach:// or multipart upload."""
        value = params.get(kind)
        upload: Upload | None = None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
            if upload is None:
                raise _bad(f"there is no {kind} in the request")
        elif value in (None, "") and kind in files:
            upload = files[kind]
        if upload is not None:
            if kind == "photo":
                return self._photo_file(upload.content)
            return self._new_file(upload.content, kind, file_name=upload.filename, mime_type=upload.mime_type)
        if not isinstance(value, str) or not value:
            raise _bad(f"there is no {kind} in the request")
        if value.startswith(("http://", "https://")):
            if kind == "photo":
                return self._photo_file(b"")
            return self._new_file(b"", kind, file_name=value.rsplit("/", 1)[-1] or None)
        file = self._files.get(value)
        if file is None:
            raise _bad("wrong file identifier/HTTP URL specified")
        if file.kind != kind:
            raise _bad(f"can't use file of type {file.kind.title()} as {kind.title()}")
        return file

    def file_by_path(self, file_path: str) -> bytes | None:
        """Bytes served at ``/file/bot<token>/<file_path>`` (``None`` if unknown)."""
        with self._cond:
            file = self._files_by_path.get(file_path)
            return file.content if file else None

    def file_content(self, file_id: str) -> bytes:
        with self._cond:
            return self._files[file_id].content

    # ---------------------------------------------------------------- simulated people

    def user_sends_text(
        self,
        user: FakeUser | int,
        text: str,
        chat: FakeChat | int | None = None,
        reply_to: int | None = None,
        *,
        message_thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` (in their private chat or in ``chat``); returns the Update.

        Commands and @mentions get their entities like Telegram adds them server-side.
        ``reply_to`` is a message id in the same chat; the update carries the full
        ``reply_to_message`` (this is how staff answer the bot's forwarded questions).
        """
        entities: list[dict[str, Any]] = []
        for regex, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention")):
            for m in regex.finditer(text):
                entities.append({"type": kind, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())})
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = sorted(entities, key=lambda e: e["offset"])
        return self._user_message(user, chat, content, reply_to, message_thread_id)

    def user_sends_command(
        self,
        user: FakeUser | int,
        command: str,
        chat: FakeChat | int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """``/start``, ``/start payload`` or ``/help@bot_name`` with a ``bot_command`` entity."""
        if not command.startswith("/"):
            raise ValueError("a command starts with '/'")
        return self.user_sends_text(user, command, chat, reply_to)

    def user_sends_photo(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        caption: str | None = None,
        *,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            file = self._photo_file(content)
            media = {"photo": self._media_json("photo", file)}
        return self._user_message(user, chat, self._with_caption(media, caption), reply_to)

    def user_sends_document(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        caption: str | None = None,
        *,
        file_name: str = "passport.pdf",
        mime_type: str = "application/pdf",
        content: bytes = b"%PDF-1.4 fake",
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            file = self._new_file(content, "document", file_name=file_name, mime_type=mime_type)
            media = {"document": self._media_json("document", file)}
        return self._user_message(user, chat, self._with_caption(media, caption), reply_to)

    def user_sends_voice(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        *,
        duration: int = 3,
        content: bytes = b"OggS fake voice",
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            file = self._new_file(content, "voice", meta={"duration": duration, "mime_type": "audio/ogg"})
            media = {"voice": self._media_json("voice", file)}
        return self._user_message(user, chat, self._with_caption(media, caption), reply_to)

    def user_sends_sticker(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        *,
        emoji: str = "👍",
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            file = self._new_file(b"RIFF fake webp", "sticker", meta={"emoji": emoji})
            media = {"sticker": self._media_json("sticker", file)}
        return self._user_message(user, chat, media, reply_to)

    def user_sends_location(
        self,
        user: FakeUser | int,
        latitude: float = 42.8746,
        longitude: float = 74.5698,
        chat: FakeChat | int | None = None,
        *,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self._user_message(user, chat, content, reply_to)

    @staticmethod
    def _with_caption(media: dict[str, Any], caption: str | None) -> dict[str, Any]:
        if caption:
            media["caption"] = caption
        return media

    def user_sends_other(
        self, user: FakeUser | int, content: dict[str, Any], chat: FakeChat | int | None = None
    ) -> dict[str, Any]:
        """Any other message content Telegram may deliver (dice, poll, venue ...), as a Bot API dict."""
        return self._user_message(user, chat, content, None)

    def _user_message(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None,
        content: dict[str, Any],
        reply_to: int | None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        with self._cond:
            sender = self._user(user)
            chat_id = self._sender_chat(sender, chat)
            reply = None
            if reply_to is not None:
                reply = self._find(chat_id, int(reply_to))
                if reply is None:
                    raise ValueError(f"message {reply_to} does not exist in chat {chat_id}")
            stored = self._store(
                chat_id,
                sender=sender.to_dict(),
                content=content,
                from_bot=False,
                reply_to=reply,
                thread_id=thread_id,
            )
            return self._emit("message", stored.data, self._delivers(chat_id, stored.data))

    def _sender_chat(self, sender: FakeUser, chat: FakeChat | int | None) -> int:
        """Chat a user writes in; writing in private means they have started the bot."""
        if chat is None or (not isinstance(chat, FakeChat) and int(chat) == sender.id):
            self._started.add(sender.id)
            return sender.id
        group = self._group(chat)
        roster = self._members[group.id]
        status = roster.get(sender.id)
        if status in ("left", "kicked"):
            raise ValueError(f"user {sender.id} is {status} in chat {group.id} and cannot write there")
        if status is None:
            roster[sender.id] = "member"
        return group.id

    def _delivers(self, chat_id: int, data: dict[str, Any]) -> bool:
        """Would Telegram send this group message to the bot (membership + privacy mode)?"""
        if chat_id not in self._groups:
            return True
        status = self._bot_status(chat_id)
        if status in ("left", "kicked"):
            return False
        if not self.privacy_mode or status in ("administrator", "creator"):
            return True
        if any(u.get("id") == self.bot_id for u in data.get("new_chat_members", [])):
            return True
        reply = data.get("reply_to_message")
        if reply and reply.get("from", {}).get("id") == self.bot_id:
            return True
        text = data.get("text") or data.get("caption") or ""
        if text.startswith("/"):
            command = text.split()[0]
            target = command.partition("@")[2]
            return not target or target.lower() == self.username.lower()
        return f"@{self.username.lower()}" in text.lower()

    def _emit(self, kind: str, payload: dict[str, Any], deliver: bool = True) -> dict[str, Any]:
        """Queue an update (or record it as undelivered); wakes long polls."""
        with self._cond:
            self._inject_mark = len(self._calls)
            self._last_inject_time = time.monotonic()
            update: dict[str, Any]
            if not deliver:
                update = {"update_id": None, kind: copy.deepcopy(payload)}
                self.undelivered.append(update)
                return copy.deepcopy(update)
            update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return copy.deepcopy(update)

    def user_edits_text(
        self,
        user: FakeUser | int,
        message_id: int,
        new_text: str,
        chat: FakeChat | int | None = None,
    ) -> dict[str, Any]:
        """The user edits their own message; returns the ``edited_message`` Update."""
        with self._cond:
            sender = self._user(user)
            chat_id = self._sender_chat(sender, chat)
            stored = self._find(chat_id, message_id)
            if stored is None or stored.from_bot or stored.data.get("from", {}).get("id") != sender.id:
                raise ValueError(f"user {sender.id} has no message {message_id} in chat {chat_id}")
            if "text" not in stored.data:
                raise ValueError("only text messages can be edited with user_edits_text")
            stored.data["text"] = new_text
            stored.data.pop("entities", None)
            stored.data["edit_date"] = _now_date()
            return self._emit("edited_message", stored.data, self._delivers(chat_id, stored.data))

    def user_presses_button(
        self,
        user: FakeUser | int,
        message_id: int,
        data: str | None = None,
        *,
        text: str | None = None,
        chat: FakeChat | int | None = None,
        forged: bool = False,
    ) -> dict[str, Any]:
        """The user taps an inline button (by ``data`` or by button ``text``).

        Telegram only lets users press buttons that exist, so that is checked; ``forged=True``
        sends arbitrary ``data`` (what a malicious client can do).  The Update's
        ``callback_query.id`` is what the bot must answer.
        """
        with self._cond:
            presser = self._user(user)
            chat_id = presser.id if chat is None else self._chat_key(chat)
            if not isinstance(chat_id, int):
                raise ValueError(f"bad chat {chat!r}")
            stored = self._find(chat_id, message_id)
            if stored is None:
                raise ValueError(f"message {message_id} does not exist in chat {chat_id}")
            view = self._view(stored)
            if text is not None:
                matches = [b for row in view.buttons for b in row if b.text == text]
                if not matches or matches[0].callback_data is None:
                    raise ValueError(f"message {message_id} has no callback button {text!r}: {view.button_texts}")
                data = matches[0].callback_data
            if data is None:
                raise ValueError("pass data= or text=")
            if not forged and data not in view.callback_data:
                raise ValueError(f"message {message_id} has no button with data {data!r}: {view.callback_data}")
            query_id = f"{next(self._counter)}{presser.id}"
            self._callback_queries[query_id] = {"from": presser.id, "answer": None, "answered": False}
            query = {
                "id": query_id,
                "from": presser.to_dict(),
                "chat_instance": str(abs(hash((chat_id, self.bot_id)))),
                "message": copy.deepcopy(stored.data),
                "data": data,
            }
            return self._emit("callback_query", query)

    def bot_added_to_group(
        self, chat: FakeChat | int, by_user: FakeUser | int, status: str = "member"
    ) -> list[dict[str, Any]]:
        """Someone adds the bot: a ``my_chat_member`` Update and a ``new_chat_members`` message."""
        with self._cond:
            group = self._group(chat)
            adder = self._user(by_user)
            roster = self._members[group.id]
            roster.setdefault(adder.id, "member")
            old = roster.get(self.bot_id, "left")
            old = old if old in ("left", "kicked") else "left"
            new = self._status(status)
            roster[self.bot_id] = new
            membership = self._emit(
                "my_chat_member",
                {
                    "chat": group.to_dict(),
                    "from": adder.to_dict(),
                    "date": _now_date(),
                    "old_chat_member": self._member_json(self.bot_id, old),
                    "new_chat_member": self._member_json(self.bot_id, new),
                },
            )
            stored = self._store(
                group.id,
                sender=adder.to_dict(),
                content={"new_chat_members": [self.bot_user]},
                from_bot=False,
            )
            service = self._emit("message", stored.data)
            return [membership, service]

    def bot_removed_from_group(
        self, chat: FakeChat | int, by_user: FakeUser | int, status: str = "kicked"
    ) -> dict[str, Any]:
        """Someone removes (``kicked``) the bot, or it is made to leave (``left``)."""
        with self._cond:
            group = self._group(chat)
            remover = self._user(by_user)
            old = self._bot_status(group.id)
            new = self._status(status)
            self._members[group.id][self.bot_id] = new
            return self._emit(
                "my_chat_member",
                {
                    "chat": group.to_dict(),
                    "from": remover.to_dict(),
                    "date": _now_date(),
                    "old_chat_member": self._member_json(self.bot_id, old),
                    "new_chat_member": self._member_json(self.bot_id, new),
                },
            )

    def _member_json(self, user_id: int, status: str) -> dict[str, Any]:
        """Bot API ``ChatMember`` of the right subtype (PTB needs every required field)."""
        user = self._user_dict(user_id)
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "administrator":
            rights = dict.fromkeys(
                (
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                ),
                True,
            )
            rights.update(
                dict.fromkeys(
                    (
                        "can_be_edited",
                        "is_anonymous",
                        "can_promote_members",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                        "can_manage_topics",
                    ),
                    False,
                )
            )
            return {"status": "administrator", "user": user, **rights}
        if status == "restricted":
            flags = dict.fromkeys(
                (
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_send_messages",
                    "can_send_polls",
                    "can_send_other_messages",
                    "can_add_web_page_previews",
                    "can_manage_topics",
                    "can_send_audios",
                    "can_send_documents",
                    "can_send_photos",
                    "can_send_videos",
                    "can_send_video_notes",
                    "can_send_voice_notes",
                    "can_edit_tag",
                ),
                False,
            )
            return {"status": "restricted", "user": user, "is_member": True, "until_date": 0, **flags}
        if status == "kicked":
            return {"status": "kicked", "user": user, "until_date": 0}
        return {"status": status, "user": user}

    # ------------------------------------------------------------------- Bot API: updates

    def _get_updates(
        self,
        params: dict[str, Any],
        files: dict[str, Upload],
        *,
        cancel: threading.Event | None,
        block: bool,
    ) -> tuple[int, dict[str, Any]]:
        """getUpdates with Telegram's offset/confirm semantics and long polling.

        A newer getUpdates supersedes a waiting one with 409 Conflict, exactly what two bot
        instances polling the same token see.
        """
        try:
            offset = int(params.get("offset") or 0)
            limit = min(max(int(params.get("limit") or 100), 1), 100)
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            return self._answer("getUpdates", params, files, _bad("invalid getUpdates parameters"))
        with self._cond:
            self._polled = True
            try:
                self._apply_injection("getUpdates", params)
            except ApiError as exc:
                return self._answer("getUpdates", params, files, exc)
            if self._webhook.get("url"):
                return self._answer(
                    "getUpdates",
                    params,
                    files,
                    ApiError(
                        409,
                        "Conflict: can't use getUpdates method while webhook is active; "
                        "use deleteWebhook to delete the webhook first",
                    ),
                )
            self._confirm(offset)
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()
            deadline = time.monotonic() + timeout
            while block and timeout > 0 and not self._updates and not self._closed:
                if cancel is not None and cancel.is_set():
                    break
                if self._poll_generation != generation:
                    return self._answer("getUpdates", params, files, ApiError(409, _default_description(409, None)))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, 0.05))
            batch = [copy.deepcopy(u) for u in itertools.islice(self._updates, limit)]
            if batch:
                self._max_delivered_update_id = max(self._max_delivered_update_id, batch[-1]["update_id"])
            return self._answer("getUpdates", params, files, batch)

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        elif offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()

    def has_updates_for(self, offset: int) -> bool:
        """Whether getUpdates(offset) would return something now (for async long polls)."""
        with self._cond:
            if self._closed:
                return True
            if offset > 0:
                return any(u["update_id"] >= offset for u in self._updates)
            return bool(self._updates)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot."""
        with self._cond:
            return copy.deepcopy(list(self._updates))

    def take_updates(self) -> list[dict[str, Any]]:
        """Remove and return queued updates (feed them to ``Application.process_update``)."""
        with self._cond:
            updates = list(self._updates)
            self._updates.clear()
            if updates:
                self._max_delivered_update_id = max(self._max_delivered_update_id, updates[-1]["update_id"])
            return updates

    def close(self) -> None:
        """Wake every long poll so shutdown never waits for a poll timeout."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    # ------------------------------------------------------------------ Bot API: bot-level

    def _api_getMe(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_logOut(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return True

    def _api_close(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return True

    def _api_setWebhook(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        url = params.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": url, **{k: v for k, v in params.items() if k != "url"}}
        return True

    def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": ""}
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        info: dict[str, Any] = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = int(self._webhook.get("max_connections") or 40)
            if self._webhook.get("allowed_updates"):
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands")
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            description = command.get("description") if isinstance(command, dict) else None
            if not isinstance(name, str) or not _BOT_COMMAND_NAME_RE.fullmatch(name):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = copy.deepcopy(commands)
        return True

    def _api_getMyCommands(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _api_deleteMyCommands(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _api_setChatMenuButton(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params) if params.get("chat_id") not in (None, "") else None
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise _bad("can't parse menu button JSON object")
        self._menu_buttons[chat_id] = copy.deepcopy(button)
        return True

    def _api_getChatMenuButton(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params) if params.get("chat_id") not in (None, "") else None
        return copy.deepcopy(self._menu_buttons.get(chat_id, self._menu_buttons.get(None, {"type": "default"})))

    def _api_setMyDescription(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return True

    def _api_setMyShortDescription(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return True

    # ------------------------------------------------------------------- Bot API: sending

    def _api_sendMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        if "text" not in params:
            raise _bad("message text is empty")
        plain, entities = self._formatted(params.get("text"), params.get("parse_mode"), params.get("entities"))
        markup = self._reply_markup(params)
        reply = self._reply_target(chat_id, params)
        content: dict[str, Any] = {"text": plain}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            reply_to=reply,
            thread_id=params.get("message_thread_id"),
            source_text=str(params.get("text")),
            parse_mode=params.get("parse_mode"),
            markup=markup,
        )
        return copy.deepcopy(stored.data)

    def _send_media(self, params: dict[str, Any], files: dict[str, Upload], kind: str) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        file = self._input_file(params, files, kind)
        content: dict[str, Any] = {kind: self._media_json(kind, file)}
        caption = params.get("caption")
        if caption not in (None, "") and kind != "sticker":
            plain, entities = self._formatted(
                caption, params.get("parse_mode"), params.get("caption_entities"), caption=True
            )
            if plain:
                content["caption"] = plain
            if entities:
                content["caption_entities"] = entities
        markup = self._reply_markup(params)
        reply = self._reply_target(chat_id, params)
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            reply_to=reply,
            thread_id=params.get("message_thread_id"),
            source_text=caption if isinstance(caption, str) else None,
            parse_mode=params.get("parse_mode"),
            markup=markup,
        )
        return copy.deepcopy(stored.data)

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "photo")

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "document")

    def _api_sendVoice(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "voice")

    def _api_sendAudio(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "audio")

    def _api_sendVideo(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "video")

    def _api_sendAnimation(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "animation")

    def _api_sendSticker(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send_media(params, files, "sticker")

    def _api_sendLocation(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        try:
            location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        except (KeyError, TypeError, ValueError):
            raise _bad("wrong latitude/longitude specified") from None
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content={"location": location},
            from_bot=True,
            reply_to=self._reply_target(chat_id, params),
            markup=self._reply_markup(params),
        )
        return copy.deepcopy(stored.data)

    def _api_sendChatAction(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _source_message(self, params: dict[str, Any], what: str) -> _Stored:
        from_chat = self._chat_param(params, "from_chat_id")
        message_id = self._int_param(params, "message_id")
        source = self._find(from_chat, message_id)
        if source is None:
            raise _bad(f"message to {what} not found")
        if not any(k in source.data for k in _CONTENT_KEYS):
            raise _bad(f"message can't be {what}ed" if what != "copy" else "message can't be copied")
        return source

    def _api_copyMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        source = self._source_message(params, "copy")
        content = {k: copy.deepcopy(source.data[k]) for k in _CONTENT_KEYS if k in source.data}
        if "caption" in params and "text" not in content:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            if params["caption"] not in (None, ""):
                plain, entities = self._formatted(
                    params["caption"], params.get("parse_mode"), params.get("caption_entities"), caption=True
                )
                content["caption"] = plain
                if entities:
                    content["caption_entities"] = entities
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            reply_to=self._reply_target(chat_id, params),
            thread_id=params.get("message_thread_id"),
            source_text=content.get("text", content.get("caption")),
            markup=self._reply_markup(params),
            copied_from=(source.chat_id, source.message_id),
        )
        return {"message_id": stored.message_id}

    def _api_forwardMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        source = self._source_message(params, "forward")
        content = {k: copy.deepcopy(source.data[k]) for k in _CONTENT_KEYS if k in source.data}
        content.pop("link_preview_options", None)
        origin = source.data.get("forward_origin") or {
            "type": "user",
            "sender_user": copy.deepcopy(source.data.get("from") or self.bot_user),
            "date": source.data["date"],
        }
        content["forward_origin"] = origin
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            thread_id=params.get("message_thread_id"),
            source_text=content.get("text", content.get("caption")),
            copied_from=(source.chat_id, source.message_id),
        )
        return copy.deepcopy(stored.data)

    # ------------------------------------------------------------------- Bot API: editing

    def _editable(self, params: dict[str, Any]) -> _Stored:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        message_id = self._int_param(params, "message_id")
        stored = self._find(chat_id, message_id)
        if stored is None:
            raise _bad("message to edit not found")
        if not stored.from_bot:
            raise _bad("message can't be edited")
        return stored

    def _apply_edit(self, stored: _Stored, changes: dict[str, Any], markup: dict[str, Any] | None) -> Any:
        """Telegram refuses no-op edits; a missing reply_markup removes the inline keyboard."""
        new_markup = self._echo_markup(markup)
        unchanged = all(stored.data.get(k) == v for k, v in changes.items())
        if unchanged and stored.data.get("reply_markup") == new_markup:
            raise _bad(NOT_MODIFIED)
        for key, value in changes.items():
            if value in (None, []):
                stored.data.pop(key, None)
            else:
                stored.data[key] = value
        if new_markup:
            stored.data["reply_markup"] = new_markup
        else:
            stored.data.pop("reply_markup", None)
        stored.markup = copy.deepcopy(new_markup)
        stored.data["edit_date"] = _now_date()
        return copy.deepcopy(stored.data)

    def _api_editMessageText(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        stored = self._editable(params)
        if "text" not in stored.data:
            raise _bad("there is no text in the message to edit")
        plain, entities = self._formatted(params.get("text"), params.get("parse_mode"), params.get("entities"))
        markup = self._reply_markup(params)
        changes: dict[str, Any] = {"text": plain, "entities": entities or None}
        if isinstance(params.get("link_preview_options"), dict):
            changes["link_preview_options"] = params["link_preview_options"]
        result = self._apply_edit(stored, changes, markup)
        stored.source_text = str(params.get("text"))
        stored.parse_mode = params.get("parse_mode")
        return result

    def _api_editMessageCaption(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        stored = self._editable(params)
        if "text" in stored.data:
            raise _bad("there is no caption in the message to edit")
        plain, entities = self._formatted(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        result = self._apply_edit(
            stored, {"caption": plain or None, "caption_entities": entities or None}, self._reply_markup(params)
        )
        stored.source_text = params.get("caption")
        stored.parse_mode = params.get("parse_mode")
        return result

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        stored = self._editable(params)
        return self._apply_edit(stored, {}, self._reply_markup(params))

    def _api_deleteMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        message_id = self._int_param(params, "message_id")
        stored = self._find(chat_id, message_id)
        if stored is None:
            raise _bad("message to delete not found")
        bot_is_admin = self._bot_status(chat_id) in ("administrator", "creator")
        if chat_id in self._groups and not stored.from_bot and not bot_is_admin:
            raise _bad("message can't be deleted")
        stored.deleted = True
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        query = self._callback_queries.get(str(params.get("callback_query_id") or ""))
        if query is None or query["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        query["answered"] = True
        query["answer"] = copy.deepcopy(params)
        return True

    # --------------------------------------------------------------- Bot API: chats & files

    def _api_getChat(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        return {
            **self._chat_dict(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _group_for_member_api(self, params: dict[str, Any]) -> int:
        chat_id = self._chat_param(params)
        if chat_id in self._groups and self._bot_status(chat_id) in ("left", "kicked"):
            chat = self._groups[chat_id]
            raise _forbidden(f"bot is not a member of the {chat.type} chat")
        return chat_id

    def _api_getChatMember(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._group_for_member_api(params)
        user_id = self._int_param(params, "user_id")
        if chat_id in self._groups:
            status = self._members[chat_id].get(user_id, "left")
        else:
            status = "member" if user_id in (chat_id, self.bot_id) else "left"
        return self._member_json(user_id, status)

    def _api_getChatAdministrators(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._group_for_member_api(params)
        if chat_id not in self._groups:
            raise _bad("there are no administrators in the private chat")
        return [
            self._member_json(user_id, status)
            for user_id, status in self._members[chat_id].items()
            if status in ("creator", "administrator")
        ]

    def _api_getChatMemberCount(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._group_for_member_api(params)
        if chat_id not in self._groups:
            return 2
        return sum(1 for s in self._members[chat_id].values() if s in _PRESENT_STATUSES)

    def _api_leaveChat(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        if chat_id not in self._groups:
            raise _bad("chat member status can't be changed in private chats")
        old = self._bot_status(chat_id)
        if old in ("left", "kicked"):
            raise _forbidden(f"bot is not a member of the {self._groups[chat_id].type} chat")
        self._members[chat_id][self.bot_id] = "left"
        self._emit(
            "my_chat_member",
            {
                "chat": self._groups[chat_id].to_dict(),
                "from": self.bot_user,
                "date": _now_date(),
                "old_chat_member": self._member_json(self.bot_id, old),
                "new_chat_member": self._member_json(self.bot_id, "left"),
            },
        )
        return True

    def _api_getFile(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        file = self._files.get(str(params.get("file_id") or ""))
        if file is None:
            raise _bad("invalid file_id")
        return {
            "file_id": file.file_id,
            "file_unique_id": file.unique_id,
            "file_size": len(file.content),
            "file_path": file.file_path,
        }

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
