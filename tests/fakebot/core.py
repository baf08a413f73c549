"""The state of the fake Telegram and the plumbing every Bot API method shares.

Request entry (``handle``), failure injection, chats and members, parameter resolution, formatting,
the message store, files, update delivery and ``getUpdates``.  People's actions live in
:mod:`tests.fakebot.people`, Bot API methods in :mod:`tests.fakebot.botapi`, observation in
:mod:`tests.fakebot.observe`; :class:`tests.fakebot.telegram.FakeTelegram` combines them.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .entities import EntityParseError, parse_input_entities, parse_text, utf16_len, with_auto_entities
from .kinds import BOT_API_METHODS, kind_of
from .model import (
    _INLINE_BUTTON_KINDS,
    _MEMBER_STATUSES,
    _STATUS_ALIASES,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    SEND_METHODS,
    ApiError,
    Call,
    FakeChat,
    FakeUnsupported,
    FakeUser,
    MessageView,
    Reply,
    Upload,
    _bad,
    _default_description,
    _File,
    _FloodLimits,
    _forbidden,
    _Injection,
    _normalize_chat_value,
    _now_date,
    _Stored,
)

#: Parameters that would make Telegram behave in ways the fake does not model (business accounts,
#: channel direct messages, suggested posts, paid broadcasts): refused loudly, never ignored.
_UNMODELLED_PARAMS = (
    "business_connection_id",
    "direct_messages_topic_id",
    "suggested_post_parameters",
    "allow_paid_broadcast",
    "inline_message_id",
)


class FakeCore:
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
        #: Things the fake could not model or crashed on while serving (should stay empty).
        self.errors: list[BaseException] = []
        #: Basic group id -> the supergroup it was upgraded to (see ``migrate_group``).
        self._migrated: dict[int, int] = {}
        #: Channel id <-> linked discussion group id.
        self._linked: dict[int, int] = {}

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
        (the offline transport waits asynchronously itself).  A direct call has no transport, so
        :meth:`drop_response_next` / :meth:`delay_response_next` do not apply to it.
        """
        reply = self.perform(method, params, files, token=token, cancel=cancel, block=block, transport=False)
        return reply.status, reply.response

    def perform(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Upload] | None = None,
        *,
        token: str | None = None,
        cancel: threading.Event | None = None,
        block: bool = True,
        transport: bool = True,
    ) -> Reply:
        """:meth:`handle` for transports: also says whether to drop or delay the answer.

        A call the fake cannot model raises :class:`FakeUnsupported` (recorded in :attr:`errors`)
        instead of being answered wrongly.
        """
        params = dict(params or {})
        files = dict(files or {})
        canonical = self._canonical.get(method.lower())
        if token is not None and not self.check_token(token):
            return self._answer(canonical or method, params, files, ApiError(401, "Unauthorized"), transport)
        if canonical is None:
            if method.lower() in BOT_API_METHODS:
                self._unsupported(f"the fake does not implement the Bot API method {method}")
            return self._answer(method, params, files, ApiError(404, "Not Found: method not found"), transport)
        if canonical == "getUpdates":
            return self._get_updates(params, files, cancel=cancel, block=block, transport=transport)
        with self._cond:
            try:
                self._refuse_unmodelled(params)
                self._apply_injection(canonical, params)
                if canonical in SEND_METHODS:
                    self._check_flood(params)
                outcome: Any = self._handlers[canonical](params, files)
            except ApiError as exc:
                outcome = exc
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                outcome = _bad(f"invalid parameters ({exc!r})")
            except Exception as exc:
                self.errors.append(exc)
                raise
            if canonical in SEND_METHODS and not isinstance(outcome, ApiError):
                self._note_send(params)
            return self._answer(canonical, params, files, outcome, transport)

    def _unsupported(self, what: str) -> None:
        exc = FakeUnsupported(what)
        with self._cond:
            self.errors.append(exc)
        raise exc

    def _refuse_unmodelled(self, params: dict[str, Any]) -> None:
        """Parameters that change what Telegram does in ways the fake does not model."""
        for name in _UNMODELLED_PARAMS:
            if params.get(name) not in (None, "", False, 0):
                self._unsupported(f"the fake does not model the parameter {name}")

    def _answer(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, Upload],
        outcome: Any,
        transport: bool = False,
    ) -> Reply:
        if isinstance(outcome, ApiError):
            response = outcome.to_response()
            status = outcome.code
        else:
            response = {"ok": True, "result": outcome}
            status = 200
        with self._cond:
            fault, delay = self._match_fault(method, params) if transport else (None, 0.0)
            call = Call(
                index=len(self._calls),
                method=method,
                params=copy.deepcopy(params),
                time=time.monotonic(),
                status=status,
                response=copy.deepcopy(response),
                files=files,
                fault=fault,
            )
            if not transport:
                call._acknowledge(True)
            self._calls.append(call)
            self._cond.notify_all()
        return Reply(status, response, call, fault, delay)

    # --------------------------------------------------------------------- failure injection

    def _injection_target(self, method: str, chat_id: int | str | FakeUser | FakeChat | None) -> tuple[str, Any]:
        if method != "*" and method.lower() not in self._canonical:
            raise ValueError(f"{method!r} is not a method the fake implements")
        return ("*" if method == "*" else method.lower()), (None if chat_id is None else self._chat_key(chat_id))

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
        name, target = self._injection_target(method, chat_id)
        if error_code == 429 and retry_after is None:
            retry_after = 1
        with self._cond:
            self._injections.append(
                _Injection(
                    method=name,
                    chat_id=target,
                    remaining=times,
                    code=error_code,
                    description=description or _default_description(error_code, retry_after),
                    retry_after=retry_after,
                )
            )

    def drop_response_next(
        self, method: str, chat_id: int | str | FakeUser | FakeChat | None = None, times: int = 1
    ) -> None:
        """Telegram performs the next ``times`` calls of ``method`` but the bot never hears back.

        The call happens (the message exists, the call is logged with ``fault="drop"`` and
        ``delivered=False``); over HTTP the server closes the connection without answering, the
        offline transport raises ``telegram.error.NetworkError`` after performing.  This is the
        "sent but not acknowledged" case a retrying bot must not turn into a duplicate.
        """
        name, target = self._injection_target(method, chat_id)
        with self._cond:
            self._injections.append(_Injection(name, target, times, 0, "", None, action="drop"))

    def delay_response_next(
        self,
        method: str,
        chat_id: int | str | FakeUser | FakeChat | None = None,
        seconds: float = 1.0,
        times: int = 1,
    ) -> None:
        """Perform the next ``times`` calls of ``method`` at once but answer after ``seconds``.

        A client whose read timeout is shorter gives up first; then it is like a drop
        (``delivered=False``; PTB raises ``TimedOut``).
        """
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        name, target = self._injection_target(method, chat_id)
        with self._cond:
            self._injections.append(_Injection(name, target, times, 0, "", None, action="delay", seconds=seconds))

    def clear_failures(self) -> None:
        with self._cond:
            self._injections.clear()

    def _take_injection(self, canonical: str, params: dict[str, Any], actions: tuple[str, ...]) -> _Injection | None:
        target = _normalize_chat_value(params.get("chat_id"))
        for inj in self._injections:
            if inj.action not in actions:
                continue
            if inj.method != canonical.lower() and (inj.method != "*" or canonical == "getUpdates"):
                continue
            if inj.chat_id is not None and inj.chat_id != target:
                continue
            inj.remaining -= 1
            if inj.remaining <= 0:
                self._injections.remove(inj)
            return inj
        return None

    def _apply_injection(self, canonical: str, params: dict[str, Any]) -> None:
        inj = self._take_injection(canonical, params, ("error",))
        if inj is not None:
            parameters = {"retry_after": inj.retry_after} if inj.retry_after is not None else None
            raise ApiError(inj.code, inj.description, parameters)

    def _match_fault(self, method: str, params: dict[str, Any]) -> tuple[str | None, float]:
        if method not in self._handlers and method != "getUpdates":
            return None, 0.0
        inj = self._take_injection(method, params, ("drop", "delay"))
        return (inj.action, inj.seconds) if inj is not None else (None, 0.0)

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
        hides_forwards: bool = False,
    ) -> FakeUser:
        """Register a user.  ``started=False`` models someone who never opened the bot (403);
        ``hides_forwards=True`` someone whose forwarded messages do not link to their account."""
        user = FakeUser(id, first_name, language_code, username, last_name, is_bot, hides_forwards)
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

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _resolve_chat(self, value: Any, *, write: bool = True) -> int:
        """``chat_id`` parameter -> known chat id; Telegram answers 400 "chat not found".

        Writing to a basic group that became a supergroup fails with ``migrate_to_chat_id`` (PTB
        raises ``ChatMigrated``); reading it (``getChat``, copying its old messages) still works.
        """
        normalized = _normalize_chat_value(value)
        if isinstance(normalized, int):
            if write and normalized in self._migrated:
                raise ApiError(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    {"migrate_to_chat_id": self._migrated[normalized]},
                )
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

    def _chat_param(self, params: dict[str, Any], key: str = "chat_id", *, write: bool = True) -> int:
        if params.get(key) in (None, ""):
            raise _bad(f"{key} is empty")
        return self._resolve_chat(params[key], write=write)

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
        """Text/caption + parse_mode or entities -> what users see, with Telegram's rules.

        As the Bot API server does: a non-empty ``parse_mode`` wins over ``entities``; bad
        entities fail with "can't parse MessageEntity"; auto entities (links, /commands,
        @mentions ...) are added by Telegram itself.  Lengths are counted in UTF-16 code units
        (4096 for texts, 1024 for captions) - stricter than TDLib's code-point count, so what the
        fake accepts Telegram accepts too.
        """
        if text is None:
            text = ""
        if not isinstance(text, str):
            text = str(text)
        mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
        try:
            if text and mode and mode != "none":
                try:
                    parsed = parse_text(text, mode)
                except ValueError as exc:
                    if isinstance(exc, EntityParseError):
                        raise _bad(f"can't parse entities: {exc}") from None
                    raise _bad("unsupported parse_mode") from None
            else:
                parsed = parse_input_entities(text, entities)
        except EntityParseError as exc:
            message = str(exc)
            raise _bad(message[:1].lower() + message[1:]) from None
        plain = parsed.text
        ents = with_auto_entities(plain, [self._fill_mention(e) for e in parsed.entities])
        if caption:
            if utf16_len(plain) > MAX_CAPTION_LENGTH:
                raise _bad("message caption is too long")
        else:
            if not plain:
                raise _bad("message text is empty")
            if utf16_len(plain) > MAX_TEXT_LENGTH:
                raise _bad("message is too long")
        return plain, ents

    def _fill_mention(self, entity: dict[str, Any]) -> dict[str, Any]:
        """A ``text_mention`` carries the full ``User`` in messages Telegram returns."""
        if entity.get("type") == "text_mention" and isinstance(entity.get("user"), dict):
            user_id = entity["user"].get("id")
            if isinstance(user_id, int) and user_id in self._users:
                return {**entity, "user": self._users[user_id].to_dict()}
        return entity

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
                target_chat = self._resolve_chat(reply_params["chat_id"], write=False)
                if target_chat != chat_id:
                    self._unsupported("replies to a message in another chat (external_reply)")
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
        sender: dict[str, Any] | None,
        content: dict[str, Any],
        from_bot: bool,
        reply_to: _Stored | None = None,
        thread_id: Any = None,
        source_text: str | None = None,
        parse_mode: str | None = None,
        markup: dict[str, Any] | None = None,
        copied_from: tuple[int, int] | None = None,
        author_id: int | None = None,
    ) -> _Stored:
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        data: dict[str, Any] = {"message_id": message_id}
        if sender is not None:  # channel posts have no ``from``
            data["from"] = copy.deepcopy(sender)
        data["chat"] = self._chat_dict(chat_id)
        data["date"] = _now_date()
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
            author_id=author_id,
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
        kind = kind_of(data)
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
            reactions=tuple(copy.deepcopy(stored.reactions)),
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
        extension = {
            "photo": "jpg",
            "voice": "oga",
            "sticker": "webp",
            "video": "mp4",
            "audio": "mp3",
            "animation": "mp4",
            "video_note": "mp4",
        }
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
            "video_note": {"duration": 5, "length": 240},
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

    def _sender_chat(self, sender: FakeUser, chat: FakeChat | int | None) -> int:
        """Chat a user writes in; writing in private means they have started the bot."""
        if chat is None or (not isinstance(chat, FakeChat) and int(chat) == sender.id):
            self._started.add(sender.id)
            return sender.id
        group = self._group(chat)
        if group.type == "channel":
            raise ValueError(f"{group.id} is a channel: only its admins post there (channel posts are not modelled)")
        if group.id in self._migrated:
            raise ValueError(f"group {group.id} was upgraded to supergroup {self._migrated[group.id]}; write there")
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
        if kind_of(data) == "service":  # every bot gets all service messages, privacy mode or not
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
        transport: bool = False,
    ) -> Reply:
        """getUpdates with Telegram's offset/confirm semantics and long polling.

        A newer getUpdates supersedes a waiting one with 409 Conflict, exactly what two bot
        instances polling the same token see.
        """
        try:
            offset = int(params.get("offset") or 0)
            limit = min(max(int(params.get("limit") or 100), 1), 100)
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            return self._answer("getUpdates", params, files, _bad("invalid getUpdates parameters"), transport)
        with self._cond:
            self._polled = True
            try:
                self._apply_injection("getUpdates", params)
            except ApiError as exc:
                return self._answer("getUpdates", params, files, exc, transport)
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
                    transport,
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
                    return self._answer(
                        "getUpdates", params, files, ApiError(409, _default_description(409, None)), transport
                    )
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, 0.05))
            batch = [copy.deepcopy(u) for u in itertools.islice(self._updates, limit)]
            if batch:
                self._max_delivered_update_id = max(self._max_delivered_update_id, batch[-1]["update_id"])
            return self._answer("getUpdates", params, files, batch, transport)

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

    # ------------------------------------------------------------------ webhook delivery

    def _webhook_peek(self) -> dict[str, Any] | None:
        """The next update Telegram would POST to the registered webhook (None: nothing/no hook)."""
        with self._cond:
            if not self._webhook.get("url") or not self._updates:
                return None
            return copy.deepcopy(self._updates[0])

    def _webhook_secret(self) -> str | None:
        with self._cond:
            secret = self._webhook.get("secret_token")
            return str(secret) if secret else None

    def _webhook_done(self, update_id: int, error: str | None = None) -> None:
        """The update was accepted (``error`` None) or given up on; either way it leaves the queue."""
        with self._cond:
            if self._updates and self._updates[0]["update_id"] == update_id:
                self._updates.popleft()
            self._max_delivered_update_id = max(self._max_delivered_update_id, update_id)
            self._cond.notify_all()

    def _webhook_failed(self, message: str) -> None:
        """Remember the last delivery error, as ``getWebhookInfo`` reports it."""
        with self._cond:
            self._webhook["last_error_date"] = _now_date()
            self._webhook["last_error_message"] = message

    def close(self) -> None:
        """Wake every long poll so shutdown never waits for a poll timeout."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
