"""Test double of the Telegram Bot API for Consul Bot.

* :class:`FakeTelegram` - the in-memory Bot API model (chats, messages, updates, call log,
  failure injection, simulated users and staff).
* :class:`FakeBotAPIServer` - serves it over HTTP on 127.0.0.1 for end-to-end tests.
* :class:`FakeRequest` - PTB ``BaseRequest`` answering in-process for fast handler tests.
"""

from .offline import FakeRequest, offline_app_builder, offline_bot
from .server import FakeBotAPIServer
from .telegram import SEND_METHODS, ApiError, Call, FakeChat, FakeTelegram, FakeUser, InlineButton, MessageView

__all__ = [
    "SEND_METHODS",
    "ApiError",
    "Call",
    "FakeBotAPIServer",
    "FakeChat",
    "FakeRequest",
    "FakeTelegram",
    "FakeUser",
    "InlineButton",
    "MessageView",
    "offline_app_builder",
    "offline_bot",
]
