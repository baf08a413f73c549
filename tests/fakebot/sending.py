"""Bot API methods that put messages into chats, change them or react to them.

Validation follows the telegram-bot-api server and TDLib (error wording included): what Telegram
refuses, the fake refuses with the same description, so a bot tested here handles the real thing.
Every message the bot stores is visible to tests through :class:`~tests.fakebot.model.MessageView`.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from typing import Any

from .core import FakeCore
from .kinds import CONTENT_FIELDS, DICE_RANGES, NON_COPYABLE_KINDS, PERSON_KIND_NAMES, REACTION_EMOJI, kind_of
from .kinds import person_kind as _person_kind
from .kinds import poll_options as _poll_options
from .model import (
    NOT_MODIFIED,
    ApiError,
    Upload,
    _bad,
    _now_date,
    _Stored,
)

#: InputMedia types sendMediaGroup accepts and the album family each belongs to.
_ALBUM_MEDIA = {"photo": "visual", "video": "visual", "document": "document", "audio": "audio"}
_MAX_POLL_OPTIONS = 12


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _has_caption(kind: str) -> bool:
    return kind in PERSON_KIND_NAMES and _person_kind(kind).caption


class SendingMixin(FakeCore):
    # ------------------------------------------------------------------ shared send path

    def _send(
        self,
        params: dict[str, Any],
        build: Callable[[int], dict[str, Any]],
        *,
        source_text: str | None = None,
        parse_mode: str | None = None,
        markup: bool = True,
    ) -> dict[str, Any]:
        """Check the chat, build the content, check markup and reply target, store; the Message."""
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        content = build(chat_id)
        if params.get("protect_content"):
            content["has_protected_content"] = True
        reply_markup = self._reply_markup(params) if markup else None
        reply = self._reply_target(chat_id, params)
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            reply_to=reply,
            thread_id=params.get("message_thread_id"),
            source_text=source_text,
            parse_mode=parse_mode,
            markup=reply_markup,
        )
        self._add_quote(stored, reply, params)
        return copy.deepcopy(stored.data)

    def _add_quote(self, stored: _Stored, reply: _Stored | None, params: dict[str, Any]) -> None:
        """``reply_parameters.quote``: the quoted part of the replied message must exist in it."""
        reply_params = params.get("reply_parameters")
        if not isinstance(reply_params, dict) or not reply_params.get("quote") or reply is None:
            return
        quote = reply_params["quote"]
        source = reply.data.get("text", reply.data.get("caption", ""))
        position = reply_params.get("quote_position")
        index = source.find(quote) if position is None else (position if source[position:].startswith(quote) else -1)
        if index < 0:
            raise _bad("QUOTE_TEXT_INVALID")
        stored.data["quote"] = {"text": quote, "position": len(source[:index].encode("utf-16-le")) // 2}
        stored.data["quote"]["is_manual"] = True

    def _caption_fields(self, params: dict[str, Any], kind: str) -> dict[str, Any]:
        caption = params.get("caption")
        if caption in (None, "") or not _has_caption(kind):
            return {}
        plain, entities = self._formatted(
            caption, params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        fields: dict[str, Any] = {}
        if plain:
            fields["caption"] = plain
        if entities:
            fields["caption_entities"] = entities
        if params.get("show_caption_above_media"):
            fields["show_caption_above_media"] = True
        return fields

    # ---------------------------------------------------------------------- text & media

    def _api_sendMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            if "text" not in params:
                raise _bad("message text is empty")
            plain, entities = self._formatted(params.get("text"), params.get("parse_mode"), params.get("entities"))
            content: dict[str, Any] = {"text": plain}
            if entities:
                content["entities"] = entities
            if isinstance(params.get("link_preview_options"), dict):
                content["link_preview_options"] = params["link_preview_options"]
            return content

        return self._send(params, build, source_text=str(params.get("text")), parse_mode=params.get("parse_mode"))

    def _send_media(self, params: dict[str, Any], files: dict[str, Upload], kind: str) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            file = self._input_file(params, files, kind)
            content: dict[str, Any] = {kind: self._media_json(kind, file)}
            if kind == "video_note" and params.get("length") not in (None, ""):
                content[kind]["length"] = int(params["length"])
            if kind == "animation":
                content["document"] = {
                    k: v
                    for k, v in content["animation"].items()
                    if k in ("file_id", "file_unique_id", "file_name", "mime_type", "file_size")
                }
            if kind in ("photo", "video", "animation") and params.get("has_spoiler"):
                content["has_media_spoiler"] = True
            content.update(self._caption_fields(params, kind))
            return content

        caption = params.get("caption")
        return self._send(
            params,
            build,
            source_text=caption if isinstance(caption, str) and _has_caption(kind) else None,
            parse_mode=params.get("parse_mode"),
        )

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

    def _api_sendVideoNote(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        """A round video; Telegram has no caption on video notes (a ``caption`` is ignored)."""
        return self._send_media(params, files, "video_note")

    # ----------------------------------------------------------------- structured content

    @staticmethod
    def _location(params: dict[str, Any]) -> dict[str, float]:
        try:
            latitude, longitude = float(params["latitude"]), float(params["longitude"])
        except (KeyError, TypeError, ValueError):
            raise _bad("wrong latitude/longitude specified") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise _bad("wrong latitude/longitude specified")
        return {"latitude": latitude, "longitude": longitude}

    def _api_sendLocation(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        return self._send(params, lambda chat_id: {"location": self._location(params)})

    def _api_sendVenue(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            location = self._location(params)
            for name in ("title", "address"):
                if params.get(name) in (None, ""):
                    raise _bad(f'parameter "{name}" is required')
            venue: dict[str, Any] = {"location": location, "title": str(params["title"])}
            venue["address"] = str(params["address"])
            for extra in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
                if params.get(extra) not in (None, ""):
                    venue[extra] = str(params[extra])
            return {"venue": venue, "location": dict(location)}

        return self._send(params, build)

    def _api_sendContact(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            for name in ("phone_number", "first_name"):
                if params.get(name) in (None, ""):
                    raise _bad(f'parameter "{name}" is required')
            contact: dict[str, Any] = {"phone_number": str(params["phone_number"])}
            contact["first_name"] = str(params["first_name"])
            for extra in ("last_name", "vcard"):
                if params.get(extra) not in (None, ""):
                    contact[extra] = str(params[extra])
            return {"contact": contact}

        return self._send(params, build)

    def _api_sendDice(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            emoji = params.get("emoji") or "🎲"
            if emoji not in DICE_RANGES:
                raise _bad("EMOTICON_INVALID")
            return {"dice": {"emoji": emoji, "value": random.randint(1, DICE_RANGES[emoji])}}

        return self._send(params, build)

    def _api_sendPoll(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        def build(chat_id: int) -> dict[str, Any]:
            return {"poll": self._bot_poll(params, chat_id)}

        return self._send(params, build)

    def _bot_poll(self, params: dict[str, Any], chat_id: int) -> dict[str, Any]:
        question, question_entities = self._formatted(
            params.get("question"), params.get("question_parse_mode"), params.get("question_entities"), caption=True
        )
        if not question:
            raise _bad("poll question must be non-empty")
        if len(question) > 300:
            raise _bad("poll question length must not exceed 300")
        raw = params.get("options")
        if not isinstance(raw, list):
            raise _bad("expected an Array of String as options")
        texts: list[str] = []
        for option in raw:
            text = option.get("text") if isinstance(option, dict) else option
            if not isinstance(text, str):
                raise _bad("expected an option to be of type String")
            text = text.strip()
            if len(text) > 100:
                raise _bad("poll options length must not exceed 100")
            texts.append(text)
        if not texts:
            raise _bad("poll must have at least one answer option")
        if len(texts) > _MAX_POLL_OPTIONS:
            raise _bad(f"poll can't have more than {_MAX_POLL_OPTIONS} options")
        if len(texts) < 2 or any(not t for t in texts):
            raise _bad("POLL_ANSWERS_INVALID")
        kind = params.get("type") or "regular"
        if kind not in ("regular", "quiz"):
            raise _bad("unsupported poll type specified")
        is_anonymous = params.get("is_anonymous", True) not in (False, "false", 0)
        if not is_anonymous and self._groups.get(chat_id) is not None and self._groups[chat_id].type == "channel":
            raise _bad("non-anonymous polls can't be sent to channel chats")
        poll: dict[str, Any] = {
            "id": str(5_100_000_000_000_000_000 + next(self._counter)),
            "question": question,
            "options": _poll_options(texts),
            "total_voter_count": 0,
            "is_closed": bool(params.get("is_closed")),
            "is_anonymous": is_anonymous,
            "type": kind,
            "allows_multiple_answers": kind == "regular" and bool(params.get("allows_multiple_answers")),
            "allows_revoting": kind != "quiz",
            "members_only": False,
        }
        if question_entities:
            poll["question_entities"] = question_entities
        if kind == "quiz":
            correct = params.get("correct_option_ids")
            if correct is None and params.get("correct_option_id") not in (None, ""):
                correct = [params["correct_option_id"]]
            if not correct:
                raise _bad("correct quiz option list must be non-empty")
            if not isinstance(correct, list) or len(correct) != 1 or not isinstance(correct[0], int):
                self._unsupported("quizzes with several correct options")
            if not 0 <= correct[0] < len(texts):
                raise ApiError(400, "Bad Request: Wrong quiz correct_option_id")
            poll["correct_option_id"] = correct[0]
            poll["correct_option_ids"] = list(correct)
            if params.get("explanation") not in (None, ""):
                explanation, explanation_entities = self._formatted(
                    params["explanation"],
                    params.get("explanation_parse_mode"),
                    params.get("explanation_entities"),
                    caption=True,
                )
                poll["explanation"] = explanation
                poll["explanation_entities"] = explanation_entities
        return poll

    # ---------------------------------------------------------------------------- albums

    def _api_sendMediaGroup(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        """An album: 1-10 photos/videos (mixed), documents or audios; one Message per item.

        Like TDLib, a single item is sent as a plain message without ``media_group_id``.
        Reply parameters apply to every message; albums take no ``reply_markup``.
        """
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        media = params.get("media")
        if isinstance(media, str) or media is None:
            raise _bad("can't parse media JSON object")
        if not isinstance(media, list):
            raise _bad("expected an Array of InputMedia")
        contents: list[tuple[dict[str, Any], str | None]] = []
        for item in media:
            if not isinstance(item, dict):
                raise _bad("can't parse InputMedia: expected an Object")
            kind = item.get("type")
            if kind not in _ALBUM_MEDIA:
                raise _bad("invalid message content type")
            item_params = {**item, kind: item.get("media")}
            file = self._input_file(item_params, files, kind)
            content: dict[str, Any] = {kind: self._media_json(kind, file)}
            if kind in ("photo", "video") and item.get("has_spoiler"):
                content["has_media_spoiler"] = True
            content.update(self._caption_fields(item_params, kind))
            caption = item.get("caption")
            contents.append((content, caption if isinstance(caption, str) else None))
        if len(contents) > 10:
            raise _bad("too many messages to send as an album")
        if not contents:
            raise _bad("there are no messages to send")
        families = {_ALBUM_MEDIA[next(k for k in _ALBUM_MEDIA if k in c)] for c, _ in contents}
        if len(families) > 1:
            lone = next(f for f in families if f != "visual")
            raise _bad(f"{lone} can't be mixed with other media types")
        reply = self._reply_target(chat_id, params)
        group_id = str(13_100_000_000_000_000 + next(self._counter)) if len(contents) > 1 else None
        messages = []
        for content, caption in contents:
            if group_id:
                content["media_group_id"] = group_id
            if params.get("protect_content"):
                content["has_protected_content"] = True
            stored = self._store(
                chat_id,
                sender=self.bot_user,
                content=content,
                from_bot=True,
                reply_to=reply,
                thread_id=params.get("message_thread_id"),
                source_text=caption,
            )
            messages.append(copy.deepcopy(stored.data))
        return messages

    # ----------------------------------------------------------------- copy and forward

    def _source_message(self, params: dict[str, Any], what: str, message_id: int | None = None) -> _Stored:
        from_chat = self._chat_param(params, "from_chat_id", write=False)
        if message_id is None:
            message_id = self._int_param(params, "message_id")
        source = self._find(from_chat, message_id)
        if source is None:
            raise _bad(f"message to {what} not found")
        return source

    def _copy_content(self, source: _Stored, params: dict[str, Any], *, remove_caption: bool = False) -> dict[str, Any]:
        """What copyMessage puts in the new message; refuses what Telegram refuses to copy."""
        data = source.data
        kind = kind_of(data)
        if kind == "service" or kind in NON_COPYABLE_KINDS:
            raise _bad("the message can't be copied")
        if kind == "quiz" and "correct_option_id" not in data["poll"] and "correct_option_ids" not in data["poll"]:
            raise _bad("the message can't be copied")  # the bot does not know the right answer
        if kind in ("story", "game", "checklist"):
            self._unsupported(f"copying {kind} messages")
        content = {k: copy.deepcopy(data[k]) for k in CONTENT_FIELDS if k in data}
        if kind in ("poll", "quiz"):  # a copy is a new poll (TDLib dup_poll): new id, no votes
            poll = content["poll"]
            poll["id"] = str(5_200_000_000_000_000_000 + next(self._counter))
            poll["total_voter_count"] = 0
            poll["is_closed"] = False
            poll["options"] = _poll_options([o["text"] for o in poll["options"]])
        if kind == "dice":  # a copied dice is rolled again (TDLib: Copy drops the value)
            emoji = content["dice"]["emoji"]
            content["dice"]["value"] = random.randint(1, DICE_RANGES.get(emoji, 6))
        if _has_caption(kind):
            if remove_caption:
                for key in ("caption", "caption_entities", "show_caption_above_media"):
                    content.pop(key, None)
            elif "caption" in params:
                for key in ("caption", "caption_entities"):
                    content.pop(key, None)
                content.update(self._caption_fields(params, kind))
            if params.get("show_caption_above_media"):
                content["show_caption_above_media"] = True
        return content

    def _api_copyMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        """A copy keeps the kind, text+entities / caption+caption_entities (``caption``,
        ``parse_mode``, ``caption_entities`` override the caption); returns a MessageId."""
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        source = self._source_message(params, "copy")
        content = self._copy_content(source, params)
        content.pop("media_group_id", None)
        if params.get("protect_content"):
            content["has_protected_content"] = True
        markup = self._reply_markup(params)
        reply = self._reply_target(chat_id, params)
        stored = self._store(
            chat_id,
            sender=self.bot_user,
            content=content,
            from_bot=True,
            reply_to=reply,
            thread_id=params.get("message_thread_id"),
            source_text=content.get("text", content.get("caption")),
            parse_mode=params.get("parse_mode") if "caption" in params else None,
            markup=markup,
            copied_from=(source.chat_id, source.message_id),
        )
        self._add_quote(stored, reply, params)
        return {"message_id": stored.message_id}

    def _message_ids(self, params: dict[str, Any]) -> list[int]:
        raw = params.get("message_ids")
        if raw in (None, "", []):
            raise _bad("message identifiers are not specified")
        if not isinstance(raw, list):
            raise _bad("expected an Array of message identifiers")
        if len(raw) > 100:
            raise _bad("too many message identifiers specified")
        ids: list[int] = []
        for value in raw:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise _bad("message identifier must be a Number")
            try:
                ids.append(int(value))
            except ValueError:
                raise _bad("can't parse message identifier as a Number") from None
        return sorted(set(ids))

    def _api_copyMessages(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        """Copies in order; albums stay albums (a new shared ``media_group_id``); messages that
        are missing or can't be copied are skipped; none left -> "messages can't be forwarded"."""
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        ids = self._message_ids(params)
        self._chat_param(params, "from_chat_id", write=False)
        copies: list[tuple[_Stored, dict[str, Any]]] = []
        for message_id in ids:
            try:
                source = self._source_message(params, "copy", message_id)
                copies.append(
                    (source, self._copy_content(source, {}, remove_caption=bool(params.get("remove_caption"))))
                )
            except Exception as exc:
                if getattr(exc, "code", None) != 400:
                    raise
        return self._store_batch(chat_id, params, copies)

    def _store_batch(
        self, chat_id: int, params: dict[str, Any], items: list[tuple[_Stored, dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Store copied/forwarded messages in order; source albums become new albums."""
        if not items:
            raise _bad("messages can't be forwarded")
        new_groups: dict[str, str] = {}
        result = []
        for source, content in items:
            content.pop("media_group_id", None)
            old_group = source.data.get("media_group_id")
            if old_group is not None:
                content["media_group_id"] = new_groups.setdefault(
                    old_group, str(13_200_000_000_000_000 + next(self._counter))
                )
            if params.get("protect_content"):
                content["has_protected_content"] = True
            stored = self._store(
                chat_id,
                sender=self.bot_user,
                content=content,
                from_bot=True,
                thread_id=params.get("message_thread_id"),
                source_text=content.get("text", content.get("caption")),
                copied_from=(source.chat_id, source.message_id),
            )
            result.append({"message_id": stored.message_id})
        return result

    def _forward_content(self, source: _Stored) -> dict[str, Any]:
        data = source.data
        kind = kind_of(data)
        if kind == "service":
            raise _bad("the message can't be forwarded")
        if data.get("has_protected_content"):
            raise _bad("message has protected content and can't be forwarded")
        content = {k: copy.deepcopy(data[k]) for k in CONTENT_FIELDS if k in data}
        if "media_group_id" in data:
            content["media_group_id"] = data["media_group_id"]
        content["forward_origin"] = data.get("forward_origin") or self._origin_of(source)
        content["forward_date"] = data["date"]
        return content

    def _origin_of(self, source: _Stored) -> dict[str, Any]:
        """``MessageOrigin`` of a message being forwarded (hidden users stay hidden)."""
        data = source.data
        sender_chat = data.get("sender_chat")
        if sender_chat is not None:
            if sender_chat.get("type") == "channel" and sender_chat.get("id") == source.chat_id:
                origin = {"type": "channel", "chat": sender_chat, "message_id": source.message_id}
            else:
                origin = {"type": "chat", "sender_chat": sender_chat}
            if data.get("author_signature"):
                origin["author_signature"] = data["author_signature"]
            return {**origin, "date": data["date"]}
        user = self._users.get(source.author_id) if source.author_id is not None else None
        if user is not None and user.hides_forwards:
            return {"type": "hidden_user", "sender_user_name": user.full_name, "date": data["date"]}
        return {"type": "user", "sender_user": copy.deepcopy(data.get("from") or self.bot_user), "date": data["date"]}

    def _api_forwardMessage(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        source = self._source_message(params, "forward")
        content = self._forward_content(source)
        content.pop("media_group_id", None)
        content.pop("link_preview_options", None)
        if params.get("protect_content"):
            content["has_protected_content"] = True
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

    def _api_forwardMessages(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params)
        self._check_can_send(chat_id)
        ids = self._message_ids(params)
        self._chat_param(params, "from_chat_id", write=False)
        items: list[tuple[_Stored, dict[str, Any]]] = []
        for message_id in ids:
            try:
                source = self._source_message(params, "forward", message_id)
                items.append((source, self._forward_content(source)))
            except Exception as exc:
                if getattr(exc, "code", None) != 400:
                    raise
        return self._store_batch(chat_id, params, items)

    # --------------------------------------------------------------------------- editing

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
        """New caption (+ ``caption_entities`` or ``parse_mode``); no caption removes it."""
        stored = self._editable(params)
        if not _has_caption(kind_of(stored.data)):
            raise _bad("there is no caption in the message to edit")
        plain, entities = self._formatted(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        changes: dict[str, Any] = {"caption": plain or None, "caption_entities": entities or None}
        if "show_caption_above_media" in params:
            changes["show_caption_above_media"] = bool(params["show_caption_above_media"]) or None
        result = self._apply_edit(stored, changes, self._reply_markup(params))
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

    # ------------------------------------------------------------------ answers & reactions

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        query = self._callback_queries.get(str(params.get("callback_query_id") or ""))
        if query is None or query["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        query["answered"] = True
        query["answer"] = copy.deepcopy(params)
        return True

    def _api_setMessageReaction(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        """The bot's reaction on a message (recorded; ``fake.reactions(chat, id)``).  An empty
        list removes it; a bot, like a non-premium user, sets at most one."""
        raw = params.get("reaction")
        if raw in (None, ""):
            raw = []
        if not isinstance(raw, list):
            raise _bad("expected an Array of ReactionType")
        reactions: list[dict[str, Any]] = []
        for item in raw:
            if not isinstance(item, dict):
                raise _bad("can't parse ReactionType: expected an Object")
            if item.get("type") == "emoji" and isinstance(item.get("emoji"), str):
                reactions.append({"type": "emoji", "emoji": item["emoji"]})
            elif item.get("type") == "custom_emoji":
                emoji_id = str(item.get("custom_emoji_id", ""))
                if not emoji_id.lstrip("-").isdigit():
                    raise _bad('can\'t parse ReactionType: Field "custom_emoji_id" must be a valid Number')
                reactions.append({"type": "custom_emoji", "custom_emoji_id": emoji_id})
            else:
                raise _bad("can't parse ReactionType: invalid reaction type specified")
        chat_id = self._chat_param(params)
        message_id = self._int_param(params, "message_id")
        stored = self._find(chat_id, message_id)
        if stored is None:
            raise _bad("message to react not found")
        if kind_of(stored.data) == "service":
            raise _bad("MESSAGE_NOT_MODIFIED" if not reactions else "REACTION_INVALID")
        if any(r["type"] == "emoji" and r["emoji"] not in REACTION_EMOJI for r in reactions):
            raise _bad("REACTION_INVALID")
        if len(reactions) > 1:
            raise _bad("REACTIONS_TOO_MANY")
        stored.reactions = reactions
        return True
