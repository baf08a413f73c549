"""What the people on the other side do: write every kind of message, edit it, press buttons.

Every message a person can send is built from :data:`tests.fakebot.kinds.PERSON_MESSAGE_KINDS`
(``user_sends(user, kind, ...)``), so a test can loop over all kinds; the ``user_sends_<kind>``
methods are shorthands.  Each takes the same sender options:

* ``chat`` - a group (default: the user's private chat with the bot);
* ``reply_to`` - a message id in that chat: the update carries the full ``reply_to_message``;
* ``message_thread_id`` - a forum topic;
* ``anonymous=True`` - an administrator posting "as the group": ``from`` is GroupAnonymousBot and
  ``sender_chat`` the group (supergroups only), ``author_signature`` its optional custom title;
* ``as_channel=channel`` - posting on behalf of a channel the user administers (``from`` is
  Channel_Bot, ``sender_chat`` the channel).

Texts and captions may carry formatting ``entities`` / ``caption_entities`` (checked like a
client would produce them); Telegram's own auto entities (links, /commands, @mentions, #tags) are
always added.  ``user_sends_html`` takes Telegram-HTML instead.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Mapping, Sequence
from typing import Any

from .core import FakeCore
from .entities import check_person_entities, html_to_entities, utf16_len, with_auto_entities
from .kinds import (
    CHANNEL_BOT,
    DICE_RANGES,
    GROUP_ANONYMOUS_BOT,
    PERSON_KIND_NAMES,
    TELEGRAM_SERVICE_USER,
    MessageKind,
    kind_of,
    person_kind,
    poll_options,
)
from .model import FakeChat, FakeUser, _now_date, _Stored

#: Most items in one album.
_ALBUM_MAX = 10
#: People with Telegram Premium may send captions longer than a bot's 1024 (never above 4096).
_MAX_PERSON_CAPTION = 4096

_PHOTO_BYTES = b"\xff\xd8\xff\xe0fake-jpeg"

#: Metadata a test may set per file kind (besides content, file_name, mime_type).
_FILE_META: dict[str, tuple[str, ...]] = {
    "video": ("duration", "width", "height"),
    "animation": ("duration", "width", "height"),
    "audio": ("duration", "performer", "title"),
    "document": (),
    "voice": ("duration",),
    "video_note": ("duration", "length"),
}


class PeopleMixin(FakeCore):
    # ------------------------------------------------------------------ any kind of message

    def user_sends(
        self,
        user: FakeUser | int,
        kind: str,
        chat: FakeChat | int | None = None,
        *,
        reply_to: int | None = None,
        caption: str | None = None,
        caption_entities: Sequence[dict[str, Any]] | None = None,
        message_thread_id: int | None = None,
        anonymous: bool = False,
        author_signature: str | None = None,
        as_channel: FakeChat | int | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        """A person sends a message of ``kind`` (a ``PERSON_MESSAGE_KINDS`` name); returns the Update.

        ``options`` are the kind's own fields, all optional (sensible defaults), e.g.
        ``text=``/``entities=`` (text), ``content=`` bytes / ``file_name=`` / ``mime_type=`` /
        ``duration=`` (files), ``emoji=`` (sticker, dice), ``latitude=``/``longitude=``,
        ``title=``/``address=`` (venue), ``phone_number=``/``first_name=``/``user_id=`` (contact,
        default: the sender's own), ``question=``/``options=`` (poll, quiz),
        ``correct_option_id=``/``explanation=`` (quiz), ``value=`` (dice).  An option the kind
        does not have, or a caption on a kind without captions, is a ``TypeError``/``ValueError``.
        """
        spec = person_kind(kind)
        with self._cond:
            sender = self._user(user)
            chat_id = self._sender_chat(sender, chat)
            content = self._person_content(spec, dict(options), sender, chat_id)
            self._add_caption(spec, content, caption, caption_entities)
            return self._person_message(
                sender,
                chat_id,
                content,
                reply_to=reply_to,
                thread_id=message_thread_id,
                anonymous=anonymous,
                author_signature=author_signature,
                as_channel=as_channel,
            )

    def user_sends_html(
        self,
        user: FakeUser | int,
        html: str,
        chat: FakeChat | int | None = None,
        reply_to: int | None = None,
        *,
        kind: str = "text",
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A person sends formatted text written as Telegram-HTML (what their client turns into
        text + entities), e.g. ``'<a href="https://mfa.gov.kg">здесь</a>'`` -> a ``text_link``.

        With a media ``kind`` the HTML becomes the caption.  Other ``kwargs`` as :meth:`user_sends`.
        """
        text, entities = html_to_entities(html)
        if kind == "text":
            return self.user_sends(user, "text", chat, reply_to=reply_to, text=text, entities=entities, **kwargs)
        return self.user_sends(user, kind, chat, reply_to=reply_to, caption=text, caption_entities=entities, **kwargs)

    def user_sends_album(
        self,
        user: FakeUser | int,
        items: Sequence[str | Mapping[str, Any]],
        chat: FakeChat | int | None = None,
        *,
        caption: str | None = None,
        caption_entities: Sequence[dict[str, Any]] | None = None,
        reply_to: int | None = None,
        message_thread_id: int | None = None,
        anonymous: bool = False,
        author_signature: str | None = None,
        as_channel: FakeChat | int | None = None,
    ) -> list[dict[str, Any]]:
        """A person sends an album: one message (and one Update) per item, one ``media_group_id``.

        ``items`` are kind names (``"photo"``, ``"video"``, ``"document"``, ``"audio"``) or dicts
        ``{"kind": "photo", "caption": ..., "caption_entities": ..., **options}``.  Photos and
        videos mix; documents and audios only with their own kind; 2-10 items.  ``caption`` goes
        on the first item (as Telegram clients do).  With ``reply_to`` every message carries the
        ``reply_to_message``.
        """
        parsed: list[tuple[MessageKind, dict[str, Any]]] = []
        for item in items:
            options: dict[str, Any] = {"kind": item} if isinstance(item, str) else dict(item)
            spec = person_kind(str(options.pop("kind", "")))
            parsed.append((spec, options))
        if not 2 <= len(parsed) <= _ALBUM_MAX:
            raise ValueError(f"an album has 2-{_ALBUM_MAX} items, got {len(parsed)}")
        families = {spec.album for spec, _ in parsed}
        if None in families:
            bad = [spec.name for spec, _ in parsed if spec.album is None]
            raise ValueError(f"{', '.join(bad)} cannot be part of an album")
        if len(families) > 1:
            raise ValueError(f"{' and '.join(sorted(str(f) for f in families))} items cannot be mixed in one album")
        if caption is not None:
            if "caption" in parsed[0][1]:
                raise ValueError("pass the first item's caption either as caption= or in the item, not both")
            parsed[0][1]["caption"] = caption
            if caption_entities is not None:
                parsed[0][1]["caption_entities"] = caption_entities
        updates: list[dict[str, Any]] = []
        with self._cond:
            sender = self._user(user)
            chat_id = self._sender_chat(sender, chat)
            group_id = str(13_000_000_000_000_000 + next(self._counter))
            for spec, options in parsed:
                item_caption: str | None = options.pop("caption", None)
                item_entities: Sequence[dict[str, Any]] | None = options.pop("caption_entities", None)
                content = self._person_content(spec, options, sender, chat_id)
                self._add_caption(spec, content, item_caption, item_entities)
                content["media_group_id"] = group_id
                updates.append(
                    self._person_message(
                        sender,
                        chat_id,
                        content,
                        reply_to=reply_to,
                        thread_id=message_thread_id,
                        anonymous=anonymous,
                        author_signature=author_signature,
                        as_channel=as_channel,
                    )
                )
        return updates

    def channel_posts(
        self,
        channel: FakeChat | int,
        kind: str = "text",
        *,
        caption: str | None = None,
        caption_entities: Sequence[dict[str, Any]] | None = None,
        author_signature: str | None = None,
        **options: Any,
    ) -> list[dict[str, Any]]:
        """The channel publishes a post (any kind); returns the Updates Telegram emits.

        A ``channel_post`` update if the bot administers the channel, then - when the channel
        has a linked discussion group - the automatic forward there: ``from`` is Telegram
        (777000), ``sender_chat`` the channel, ``is_automatic_forward`` true, ``forward_origin``
        the channel post (delivered to the bot per privacy mode, like any group message).
        """
        spec = person_kind(kind)
        with self._cond:
            chat = self._group(channel)
            if chat.type != "channel":
                raise ValueError(f"{chat.id} is not a channel")
            content = self._person_content(spec, dict(options), self._channel_author(chat), chat.id)
            self._add_caption(spec, content, caption, caption_entities)
            envelope: dict[str, Any] = {"sender_chat": chat.to_dict()}
            if author_signature:
                envelope["author_signature"] = author_signature
            post = self._store(chat.id, sender=None, content={**envelope, **content}, from_bot=False)
            updates = [self._emit("channel_post", post.data, self._bot_status(chat.id) in ("administrator", "creator"))]
            group_id = self._linked.get(chat.id)
            if group_id is not None:
                origin = {"type": "channel", "chat": chat.to_dict(), "message_id": post.message_id}
                origin["date"] = post.data["date"]
                if author_signature:
                    origin["author_signature"] = author_signature
                forwarded = self._store(
                    group_id,
                    sender=dict(TELEGRAM_SERVICE_USER),
                    content={
                        **envelope,
                        "is_automatic_forward": True,
                        "forward_origin": origin,
                        **copy.deepcopy(content),
                    },
                    from_bot=False,
                )
                updates.append(self._emit("message", forwarded.data, self._delivers(group_id, forwarded.data)))
            return updates

    def _channel_author(self, channel: FakeChat) -> FakeUser:
        """Someone to build content for (a contact defaults to them); the channel's creator if any."""
        owner = next((u for u, s in self._members[channel.id].items() if s == "creator" and u in self._users), None)
        return self._users[owner] if owner is not None else FakeUser(0, channel.title)

    # ------------------------------------------------------------------ one method per kind

    def user_sends_text(
        self,
        user: FakeUser | int,
        text: str,
        chat: FakeChat | int | None = None,
        reply_to: int | None = None,
        *,
        message_thread_id: int | None = None,
        entities: Sequence[dict[str, Any]] | None = None,
        **sender: Any,
    ) -> dict[str, Any]:
        """A user writes ``text`` (in their private chat or in ``chat``); returns the Update.

        ``entities`` adds formatting (bold, text_link with ``url``, ...); commands, @mentions and
        links get their entities like Telegram adds them server-side.  ``reply_to`` is a message
        id in the same chat; the update carries the full ``reply_to_message`` (this is how staff
        answer the bot's forwarded questions).  ``sender``: ``anonymous``, ``author_signature``,
        ``as_channel`` (see the module docstring).
        """
        return self.user_sends(
            user,
            "text",
            chat,
            reply_to=reply_to,
            message_thread_id=message_thread_id,
            text=text,
            entities=entities,
            **sender,
        )

    def user_sends_command(
        self,
        user: FakeUser | int,
        command: str,
        chat: FakeChat | int | None = None,
        reply_to: int | None = None,
        **sender: Any,
    ) -> dict[str, Any]:
        """``/start``, ``/start payload`` or ``/help@bot_name`` with a ``bot_command`` entity."""
        if not command.startswith("/"):
            raise ValueError("a command starts with '/'")
        return self.user_sends_text(user, command, chat, reply_to, **sender)

    def user_sends_photo(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        caption: str | None = None,
        *,
        content: bytes = _PHOTO_BYTES,
        reply_to: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self.user_sends(user, "photo", chat, caption=caption, reply_to=reply_to, content=content, **kwargs)

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
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self.user_sends(
            user,
            "document",
            chat,
            caption=caption,
            reply_to=reply_to,
            file_name=file_name,
            mime_type=mime_type,
            content=content,
            **kwargs,
        )

    def user_sends_voice(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        *,
        duration: int = 3,
        content: bytes = b"OggS fake voice",
        caption: str | None = None,
        reply_to: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self.user_sends(
            user, "voice", chat, caption=caption, reply_to=reply_to, duration=duration, content=content, **kwargs
        )

    def user_sends_sticker(
        self,
        user: FakeUser | int,
        chat: FakeChat | int | None = None,
        *,
        emoji: str = "👍",
        reply_to: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self.user_sends(user, "sticker", chat, reply_to=reply_to, emoji=emoji, **kwargs)

    def user_sends_location(
        self,
        user: FakeUser | int,
        latitude: float = 42.8746,
        longitude: float = 74.5698,
        chat: FakeChat | int | None = None,
        *,
        reply_to: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self.user_sends(
            user, "location", chat, reply_to=reply_to, latitude=latitude, longitude=longitude, **kwargs
        )

    def user_sends_video(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, caption: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        return self.user_sends(user, "video", chat, caption=caption, **kwargs)

    def user_sends_animation(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, caption: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """A GIF: the message has ``animation`` and, as on Telegram, ``document`` (same file)."""
        return self.user_sends(user, "animation", chat, caption=caption, **kwargs)

    def user_sends_audio(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, caption: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        return self.user_sends(user, "audio", chat, caption=caption, **kwargs)

    def user_sends_video_note(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """A round video message (never has a caption)."""
        return self.user_sends(user, "video_note", chat, **kwargs)

    def user_sends_venue(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """A venue: ``venue`` and (as on Telegram) ``location``."""
        return self.user_sends(user, "venue", chat, **kwargs)

    def user_sends_contact(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """A shared contact; by default the sender's own (``user_id`` = sender, as with a
        ``request_contact`` button)."""
        return self.user_sends(user, "contact", chat, **kwargs)

    def user_sends_poll(
        self,
        user: FakeUser | int,
        question: str = "Удобно ли время приёма?",
        options: Sequence[str] = ("Да", "Нет"),
        chat: FakeChat | int | None = None,
        *,
        quiz: bool = False,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """A regular poll or (``quiz=True``, ``correct_option_id=``) a quiz.

        As on Telegram, the bot sees a quiz's ``correct_option_id`` only in its private chat (or
        once the quiz is closed): a quiz from a group cannot be copied by the bot.
        """
        return self.user_sends(user, "quiz" if quiz else "poll", chat, question=question, options=options, **kwargs)

    def user_sends_dice(
        self, user: FakeUser | int, chat: FakeChat | int | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """🎲 (or ``emoji=`` 🎯 🏀 ⚽ 🎳 🎰) with a random ``value`` unless one is given."""
        return self.user_sends(user, "dice", chat, **kwargs)

    def user_sends_other(
        self,
        user: FakeUser | int,
        content: dict[str, Any],
        chat: FakeChat | int | None = None,
        *,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Raw message content as a Bot API dict (a service message, an invoice ...), unchecked.

        Prefer :meth:`user_sends` for anything in ``PERSON_MESSAGE_KINDS``.
        """
        with self._cond:
            sender = self._user(user)
            chat_id = self._sender_chat(sender, chat)
            return self._person_message(sender, chat_id, copy.deepcopy(content), reply_to=reply_to)

    # ------------------------------------------------------------------ building messages

    def _person_content(
        self, spec: MessageKind, options: dict[str, Any], sender: FakeUser, chat_id: int
    ) -> dict[str, Any]:
        """The content fields of a ``spec`` message from ``options`` (consumed; leftovers are errors)."""

        def take(name: str, default: Any) -> Any:
            return options.pop(name, default)

        kind = spec.name
        content: dict[str, Any]
        if kind == "text":
            text = take("text", "Здравствуйте")
            if not isinstance(text, str) or not text.strip():
                raise ValueError("a text message needs non-empty text")
            # Not length-checked: a real client splits texts over 4096 UTF-16 units into several
            # messages, but existing tests feed longer texts as one message.
            entities = check_person_entities(text, list(take("entities", None) or []))
            content = {"text": text}
            entities = with_auto_entities(text, [self._fill_mention(e) for e in entities], keep_auto=True)
            if entities:
                content["entities"] = entities
        elif kind == "photo":
            file = self._photo_file(take("content", _PHOTO_BYTES))
            content = {"photo": self._media_json("photo", file)}
            if take("has_spoiler", False):
                content["has_media_spoiler"] = True
        elif kind in ("video", "animation", "audio", "document", "voice", "video_note"):
            content = self._file_content(kind, options)
        elif kind == "sticker":
            emoji = take("emoji", "👍")
            file = self._new_file(take("content", b"RIFF fake webp"), "sticker", meta={"emoji": emoji})
            content = {"sticker": self._media_json("sticker", file)}
        elif kind == "location":
            content = {
                "location": {
                    "latitude": float(take("latitude", 42.8746)),
                    "longitude": float(take("longitude", 74.5698)),
                }
            }
        elif kind == "venue":
            location = {"latitude": float(take("latitude", 42.8746)), "longitude": float(take("longitude", 74.5698))}
            venue = {
                "location": location,
                "title": str(take("title", "Посольство Кыргызской Республики")),
                "address": str(take("address", "Москва, ул. Большая Ордынка, 64")),
            }
            content = {"venue": venue, "location": dict(location)}
        elif kind == "contact":
            first_name = take("first_name", None)
            own = first_name is None
            contact: dict[str, Any] = {
                "phone_number": str(take("phone_number", "+996555123456")),
                "first_name": sender.first_name if own else str(first_name),
            }
            last_name = take("last_name", sender.last_name if own else None)
            if last_name:
                contact["last_name"] = str(last_name)
            user_id = take("user_id", sender.id if own else None)
            if user_id is not None:
                contact["user_id"] = int(user_id)
            vcard = take("vcard", None)
            if vcard:
                contact["vcard"] = str(vcard)
            content = {"contact": contact}
        elif kind in ("poll", "quiz"):
            content = {"poll": self._person_poll(kind == "quiz", options, chat_id)}
        elif kind == "dice":
            emoji = take("emoji", "🎲")
            if emoji not in DICE_RANGES:
                raise ValueError(f"dice emoji must be one of {' '.join(DICE_RANGES)}")
            value = take("value", None)
            value = random.randint(1, DICE_RANGES[emoji]) if value is None else int(value)
            if not 1 <= value <= DICE_RANGES[emoji]:
                raise ValueError(f"{emoji} values are 1-{DICE_RANGES[emoji]}")
            content = {"dice": {"emoji": emoji, "value": value}}
        else:  # pragma: no cover - the table and this builder must agree
            raise AssertionError(f"no builder for kind {kind!r}")
        if options:
            raise TypeError(f"{kind} messages have no option(s) {', '.join(sorted(options))}")
        return content

    def _file_content(self, kind: str, options: dict[str, Any]) -> dict[str, Any]:
        defaults: dict[str, dict[str, Any]] = {
            "video": {
                "content": b"\x00\x00\x00\x18ftypmp42 fake video",
                "file_name": "video.mp4",
                "mime_type": "video/mp4",
            },
            "animation": {
                "content": b"\x00\x00\x00\x18ftypmp42 fake gif",
                "file_name": "animation.gif.mp4",
                "mime_type": "video/mp4",
            },
            "audio": {"content": b"ID3 fake audio", "file_name": "audio.mp3", "mime_type": "audio/mpeg"},
            "document": {"content": b"%PDF-1.4 fake", "file_name": "passport.pdf", "mime_type": "application/pdf"},
            "voice": {"content": b"OggS fake voice", "mime_type": "audio/ogg"},
            "video_note": {"content": b"\x00\x00\x00\x18ftypmp42 fake round video"},
        }
        allowed_meta = _FILE_META[kind]
        spec: dict[str, Any] = dict(defaults[kind])
        spec.update({k: options.pop(k) for k in ("content", "file_name", "mime_type") if k in options})
        meta: dict[str, Any] = {k: options.pop(k) for k in allowed_meta if k in options}
        if kind == "video_note":
            spec.pop("file_name", None)
        file = self._new_file(
            spec["content"], kind, file_name=spec.get("file_name"), mime_type=spec.get("mime_type"), meta=meta
        )
        content: dict[str, Any] = {kind: self._media_json(kind, file)}
        if kind == "animation":
            document = {
                k: v
                for k, v in content["animation"].items()
                if k in ("file_id", "file_unique_id", "file_name", "mime_type", "file_size")
            }
            content["document"] = document
        if kind in ("video", "animation") and options.pop("has_spoiler", False):
            content["has_media_spoiler"] = True
        return content

    def _person_poll(self, quiz: bool, options: dict[str, Any], chat_id: int) -> dict[str, Any]:
        question = str(options.pop("question", "Удобно ли время приёма?"))
        answers = [str(o) for o in options.pop("options", ("Да", "Нет"))]
        if not question or len(question) > 300:
            raise ValueError("a poll question has 1-300 characters")
        if not 2 <= len(answers) <= 12:
            raise ValueError("a poll has 2-12 options")
        poll: dict[str, Any] = {
            "id": str(5_000_000_000_000_000_000 + next(self._counter)),
            "question": question,
            "options": poll_options(answers),
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": bool(options.pop("is_anonymous", True)),
            "type": "quiz" if quiz else "regular",
            "allows_multiple_answers": False if quiz else bool(options.pop("allows_multiple_answers", False)),
            "allows_revoting": not quiz,
            "members_only": False,
        }
        if quiz:
            correct = int(options.pop("correct_option_id", 0))
            if not 0 <= correct < len(answers):
                raise ValueError("correct_option_id must index an option")
            explanation = options.pop("explanation", None)
            # The bot learns the right answer only in its private chat (Bot API, Poll.correct_option_id).
            if chat_id not in self._groups:
                poll["correct_option_id"] = correct
                poll["correct_option_ids"] = [correct]
                if explanation:
                    poll["explanation"] = str(explanation)
        return poll

    def _add_caption(
        self,
        spec: MessageKind,
        content: dict[str, Any],
        caption: str | None,
        caption_entities: Sequence[dict[str, Any]] | None,
    ) -> None:
        if caption is None:
            if caption_entities:
                raise ValueError("caption_entities without a caption")
            return
        if not spec.caption:
            raise ValueError(f"Telegram has no captions on {spec.name} messages")
        if utf16_len(caption) > _MAX_PERSON_CAPTION:
            raise ValueError(f"a caption has at most {_MAX_PERSON_CAPTION} UTF-16 units")
        entities = check_person_entities(caption, list(caption_entities or []))
        entities = with_auto_entities(caption, [self._fill_mention(e) for e in entities], keep_auto=True)
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities

    def _sender_identity(
        self,
        sender: FakeUser,
        chat_id: int,
        anonymous: bool,
        author_signature: str | None,
        as_channel: FakeChat | int | None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """(``from``, extra envelope fields) for a person's message, checked like Telegram would."""
        if anonymous and as_channel is not None:
            raise ValueError("a message is sent either anonymously or as a channel, not both")
        if anonymous:
            group = self._groups.get(chat_id)
            if group is None:
                raise ValueError("anonymous admins exist only in groups")
            if group.type != "supergroup":
                raise ValueError("anonymous admins need a supergroup (Telegram upgrades the group first)")
            if self._members[chat_id].get(sender.id) not in ("creator", "administrator"):
                raise ValueError(f"user {sender.id} is not an administrator of {chat_id}")
            extra: dict[str, Any] = {"sender_chat": group.to_dict()}
            if author_signature:
                extra["author_signature"] = author_signature
            return dict(GROUP_ANONYMOUS_BOT), extra
        if as_channel is not None:
            channel = self._group(as_channel)
            if channel.type != "channel":
                raise ValueError(f"{channel.id} is not a channel")
            if chat_id not in self._groups:
                raise ValueError("people can post as a channel only in groups")
            if self._members[channel.id].get(sender.id) not in ("creator", "administrator"):
                raise ValueError(f"user {sender.id} does not administer channel {channel.id}")
            extra = {"sender_chat": channel.to_dict()}
            if author_signature:
                extra["author_signature"] = author_signature
            return dict(CHANNEL_BOT), extra
        if author_signature:
            raise ValueError("author_signature belongs to anonymous admins and channel posts")
        return sender.to_dict(), {}

    def _person_message(
        self,
        sender: FakeUser,
        chat_id: int,
        content: dict[str, Any],
        *,
        reply_to: int | None = None,
        thread_id: int | None = None,
        anonymous: bool = False,
        author_signature: str | None = None,
        as_channel: FakeChat | int | None = None,
    ) -> dict[str, Any]:
        """Store a person's message and emit it (if Telegram would deliver it to the bot)."""
        with self._cond:
            sender_dict, envelope = self._sender_identity(sender, chat_id, anonymous, author_signature, as_channel)
            reply = None
            if reply_to is not None:
                reply = self._find(chat_id, int(reply_to))
                if reply is None:
                    raise ValueError(f"message {reply_to} does not exist in chat {chat_id}")
            stored = self._store(
                chat_id,
                sender=sender_dict,
                content={**envelope, **content},
                from_bot=False,
                reply_to=reply,
                thread_id=thread_id,
                author_id=sender.id,
            )
            return self._emit("message", stored.data, self._delivers(chat_id, stored.data))

    # --------------------------------------------------------------------------- editing

    def _own_message(self, user: FakeUser | int, message_id: int, chat: FakeChat | int | None) -> _Stored:
        sender = self._user(user)
        chat_id = sender.id if chat is None else self._group(chat).id
        stored = self._find(chat_id, message_id)
        if stored is None or stored.from_bot or stored.author_id != sender.id:
            raise ValueError(f"user {sender.id} has no message {message_id} in chat {chat_id}")
        return stored

    def _emit_edit(self, stored: _Stored, changes: dict[str, Any]) -> dict[str, Any]:
        if all(stored.data.get(k) == v for k, v in changes.items()):
            raise ValueError("the edit changes nothing; Telegram sends no update for it")
        for key, value in changes.items():
            if value in (None, [], ""):
                stored.data.pop(key, None)
            else:
                stored.data[key] = value
        stored.data["edit_date"] = _now_date()
        return self._emit("edited_message", stored.data, self._delivers(stored.chat_id, stored.data))

    def user_edits_text(
        self,
        user: FakeUser | int,
        message_id: int,
        new_text: str,
        chat: FakeChat | int | None = None,
        *,
        entities: Sequence[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The user edits their own text message; returns the ``edited_message`` Update.

        The edited message keeps everything else, e.g. ``reply_to_message`` (a staff member
        editing their reply in the group).  ``entities`` as in :meth:`user_sends_text`.
        """
        with self._cond:
            stored = self._own_message(user, message_id, chat)
            if "text" not in stored.data:
                raise ValueError("only text messages can be edited with user_edits_text; use user_edits_caption")
            if not new_text.strip():
                raise ValueError("a text message needs non-empty text")
            checked = check_person_entities(new_text, list(entities or []))
            new_entities = with_auto_entities(new_text, [self._fill_mention(e) for e in checked], keep_auto=True)
            return self._emit_edit(stored, {"text": new_text, "entities": new_entities or None})

    def user_edits_caption(
        self,
        user: FakeUser | int,
        message_id: int,
        caption: str,
        chat: FakeChat | int | None = None,
        *,
        caption_entities: Sequence[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The user edits (``""`` removes) the caption of their media message."""
        with self._cond:
            stored = self._own_message(user, message_id, chat)
            spec = person_kind(kind_of(stored.data)) if kind_of(stored.data) in PERSON_KIND_NAMES else None
            if spec is None or not spec.caption:
                raise ValueError(f"message {message_id} is {kind_of(stored.data)}: it has no caption to edit")
            if utf16_len(caption) > _MAX_PERSON_CAPTION:
                raise ValueError(f"a caption has at most {_MAX_PERSON_CAPTION} UTF-16 units")
            checked = check_person_entities(caption, list(caption_entities or []))
            new_entities = with_auto_entities(caption, [self._fill_mention(e) for e in checked], keep_auto=True)
            return self._emit_edit(stored, {"caption": caption or None, "caption_entities": new_entities or None})

    def user_edits_html(
        self, user: FakeUser | int, message_id: int, html: str, chat: FakeChat | int | None = None
    ) -> dict[str, Any]:
        """Edit a text (or a media caption) to Telegram-HTML-formatted content."""
        text, entities = html_to_entities(html)
        with self._cond:
            stored = self._own_message(user, message_id, chat)
            if "text" in stored.data:
                return self.user_edits_text(user, message_id, text, chat, entities=entities)
        return self.user_edits_caption(user, message_id, text, chat, caption_entities=entities)

    # --------------------------------------------------------------------------- buttons

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
