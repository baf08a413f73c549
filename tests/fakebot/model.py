"""Bot API data shapes shared by every part of the fake: errors, users, chats, calls, views.

Nothing here holds state; :mod:`tests.fakebot.core` owns the model.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .kinds import CONTENT_FIELDS

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
        "sendVideoNote",
        "sendContact",
        "sendVenue",
        "sendPoll",
        "sendDice",
        "sendMediaGroup",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
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
    "sendVideoNote": "video_note",
}

#: Message fields that constitute "content" (copied by copyMessage / forwardMessage).
_CONTENT_KEYS = CONTENT_FIELDS

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
        "question",
        "question_parse_mode",
        "explanation",
        "explanation_parse_mode",
        "performer",
        "type",
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


class FakeUnsupported(NotImplementedError):
    """The call is valid Bot API, but the fake cannot model it faithfully.

    Raised instead of answering something Telegram would not: the HTTP server turns it into a 500
    recorded in ``server.errors`` and ``fake.errors``; the offline transport raises it into PTB
    (which reports it as a ``NetworkError``) and records it in ``fake.errors``.
    """


class _Delivery:
    """Whether the bot received the answer to a call (shared by every copy of the Call)."""

    __slots__ = ("_event", "state")

    def __init__(self, state: bool | None = None) -> None:
        self.state = state
        self._event = threading.Event()
        if state is not None:
            self._event.set()

    def set(self, delivered: bool) -> None:
        if self.state is None:
            self.state = delivered
            self._event.set()

    def wait(self, timeout: float) -> bool | None:
        self._event.wait(timeout)
        return self.state


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
    #: Privacy setting "forwarded messages: nobody": forwards show only the name (``hidden_user``).
    hides_forwards: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

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
    #: Transport fault applied to the answer: ``"drop"``, ``"delay"`` or ``None``.
    fault: str | None = None
    _delivery: _Delivery = field(default_factory=_Delivery, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def performed(self) -> bool:
        """Telegram did what was asked (the answer was ``ok``), whether or not the bot heard it."""
        return self.ok

    @property
    def delivered(self) -> bool | None:
        """Did the answer reach the bot?  ``None`` while it is still held back (a delay)."""
        return self._delivery.state

    def wait_delivered(self, timeout: float = 5.0) -> bool | None:
        """Block until the transport knows whether the answer was delivered (or ``timeout``)."""
        return self._delivery.wait(timeout)

    def _acknowledge(self, delivered: bool) -> None:
        self._delivery.set(delivered)

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

    ``kind`` is a :data:`tests.fakebot.kinds.PERSON_MESSAGE_KINDS` name (``"text"``, ``"photo"``,
    ``"video_note"``, ``"quiz"`` ...), another content kind (``"invoice"`` ...) or ``"service"``.
    ``text`` is the visible text (tags removed, entities decoded) or the caption of media;
    ``entities`` are the text's or the caption's.  ``source_text`` is what the bot passed (with
    markup) and ``parse_mode`` what it used.
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
    #: Reactions the bot set on this message (``ReactionType`` dicts), newest call wins.
    reactions: tuple[dict[str, Any], ...] = ()

    @property
    def caption(self) -> str | None:
        """The caption (``None`` for text messages and media without one)."""
        return self.raw.get("caption")

    @property
    def media_group_id(self) -> str | None:
        return self.raw.get("media_group_id")

    @property
    def sender_chat_id(self) -> int | None:
        """Chat the message was sent on behalf of (anonymous admin: the group; or a channel)."""
        sender_chat = self.raw.get("sender_chat")
        return int(sender_chat["id"]) if sender_chat else None

    @property
    def author_signature(self) -> str | None:
        return self.raw.get("author_signature")

    @property
    def sender_id(self) -> int | None:
        """``from.id`` as Telegram shows it (GroupAnonymousBot for anonymous admins)."""
        sender = self.raw.get("from")
        return int(sender["id"]) if sender else None

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
    #: The real person behind the message (an anonymous admin's user id); None for the bot.
    author_id: int | None = None
    reactions: list[dict[str, Any]] = field(default_factory=list)


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
    #: "error" answers with ``code``; "drop" / "delay" perform the call and then lose / hold the answer.
    action: str = "error"
    seconds: float = 0.0


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


@dataclass
class Reply:
    """What :meth:`FakeTelegram.perform` hands a transport: the answer and what to do with it.

    ``fault`` is ``None`` (answer normally), ``"drop"`` (the call was performed; never answer) or
    ``"delay"`` (answer after ``delay`` seconds, unless the client gave up).  The transport must
    call :meth:`acknowledge` once it knows whether the answer reached the bot.
    """

    status: int
    response: dict[str, Any]
    call: Call | None
    fault: str | None = None
    delay: float = 0.0

    def acknowledge(self, delivered: bool) -> None:
        if self.call is not None:
            self.call._acknowledge(delivered)
