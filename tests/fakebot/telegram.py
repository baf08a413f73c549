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

What it can express (and anything else raises :class:`~tests.fakebot.model.FakeUnsupported`
rather than answering wrongly):

* people (:mod:`~tests.fakebot.people`): every kind in ``PERSON_MESSAGE_KINDS``, formatted texts
  and captions, albums, replies, anonymous admins and channel senders, edits, button presses;
* chat lifecycle (:mod:`~tests.fakebot.membership`): the bot added/removed, users blocking it,
  group -> supergroup migration, channels;
* Bot API (:mod:`~tests.fakebot.sending`, :mod:`~tests.fakebot.botapi`): sending every kind,
  copy/forward (single and batches), albums, edits, reactions, chats, members, files, webhooks;
* transport faults (:mod:`~tests.fakebot.core`): injected errors (``fail_next``), answers lost or
  held after the call was performed (``drop_response_next`` / ``delay_response_next``), with
  ``Call.delivered`` telling whether the bot heard back; flood limits.

All timestamps in :class:`Call` are ``time.monotonic()`` values.
"""

from __future__ import annotations

from .botapi import BotApiMixin
from .membership import MembershipMixin
from .model import (
    SEND_METHODS,
    ApiError,
    Call,
    FakeChat,
    FakeUser,
    InlineButton,
    MessageView,
    Upload,
    decode_params,
)
from .observe import ObserverMixin
from .people import PeopleMixin
from .sending import SendingMixin

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


class FakeTelegram(PeopleMixin, MembershipMixin, SendingMixin, BotApiMixin, ObserverMixin):
    """The Bot API for one bot, in memory.  See the module docstring for the why.

    Args:
        token: The bot token requests must carry (wrong token -> 401 ``Unauthorized``).
        username: The bot's username (without ``@``).
        first_name: The bot's display name.
        privacy_mode: Like a real bot's default: in groups the bot only receives commands,
            replies to its own messages, mentions, and service messages about itself - unless
            it is an administrator.  Set ``False`` to model a bot with privacy mode disabled.
    """
