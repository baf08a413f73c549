"""Bot API methods about the bot itself, webhooks, commands, chats, members and files.

Message methods (send, copy, forward, edit, react) are in :mod:`tests.fakebot.sending`.
"""

from __future__ import annotations

import copy
from typing import Any

from .core import FakeCore
from .model import (
    _BOT_COMMAND_NAME_RE,
    _PRESENT_STATUSES,
    Upload,
    _bad,
    _forbidden,
    _now_date,
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
            if self._webhook.get("last_error_date"):
                info["last_error_date"] = self._webhook["last_error_date"]
                info["last_error_message"] = self._webhook["last_error_message"]
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

    # --------------------------------------------------------------- Bot API: chats & files

    def _api_getChat(self, params: dict[str, Any], files: dict[str, Upload]) -> Any:
        chat_id = self._chat_param(params, write=False)
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
