"""Bot API methods (``_api_<method>``): what the bot can ask Telegram to do."""

from __future__ import annotations

import copy
from typing import Any

from .core import FakeCore
from .model import (
    _BOT_COMMAND_NAME_RE,
    _CHAT_ACTIONS,
    _CONTENT_KEYS,
    _PRESENT_STATUSES,
    NOT_MODIFIED,
    Upload,
    _bad,
    _forbidden,
    _now_date,
    _Stored,
)


class BotApiMixin(FakeCore):
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
