"""Test double of the Telegram Bot API for Consul Bot.

* :class:`FakeTelegram` - the in-memory Bot API model (chats, messages, updates, call log,
  failure injection, simulated users and staff).
* :class:`FakeBotAPIServer` - serves it over HTTP on 127.0.0.1 for end-to-end tests.
* :class:`FakeRequest` - PTB ``BaseRequest`` answering in-process for fast handler tests.
* :class:`WebhookPusher` - delivers queued updates to the bot's webhook like Telegram does.
* :data:`PERSON_MESSAGE_KINDS` - every kind of message a person can send, for "every kind" loops.
"""

from .entities import html_to_entities
from .kinds import (
    CHANNEL_BOT,
    GROUP_ANONYMOUS_BOT,
    PERSON_KIND_NAMES,
    PERSON_MESSAGE_KINDS,
    MessageKind,
    kind_of,
)
from .model import FakeUnsupported, Reply
from .offline import FakeRequest, offline_app_builder, offline_bot
from .server import FakeBotAPIServer
from .telegram import SEND_METHODS, ApiError, Call, FakeChat, FakeTelegram, FakeUser, InlineButton, MessageView
from .webhook import UpdateDelivery, WebhookPusher

__all__ = [
    "CHANNEL_BOT",
    "GROUP_ANONYMOUS_BOT",
    "PERSON_KIND_NAMES",
    "PERSON_MESSAGE_KINDS",
    "SEND_METHODS",
    "ApiError",
    "Call",
    "FakeBotAPIServer",
    "FakeChat",
    "FakeRequest",
    "FakeTelegram",
    "FakeUnsupported",
    "FakeUser",
    "InlineButton",
    "MessageKind",
    "MessageView",
    "Reply",
    "UpdateDelivery",
    "WebhookPusher",
    "html_to_entities",
    "kind_of",
    "offline_app_builder",
    "offline_bot",
]
