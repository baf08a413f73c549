"""What the people on the other side do: users and staff write, edit, press buttons, add the bot."""

from __future__ import annotations

import copy
from typing import Any

from .core import FakeCore
from .entities import utf16_len
from .model import (
    _COMMAND_RE,
    _MENTION_RE,
    FakeChat,
    FakeUser,
    _now_date,
)


class PeopleMixin(FakeCore):
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
