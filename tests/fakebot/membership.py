"""Chat lifecycle events: the bot added to / removed from groups, users blocking it, a group
upgraded to a supergroup, channels.  Each emits the updates Telegram sends for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import FakeCore
from .kinds import GROUP_ANONYMOUS_BOT
from .model import _PRESENT_STATUSES, FakeChat, FakeUser, _now_date


class MembershipMixin(FakeCore):
    def _my_chat_member(self, chat: dict[str, Any], actor: dict[str, Any], old: str, new: str) -> dict[str, Any]:
        return self._emit(
            "my_chat_member",
            {
                "chat": chat,
                "from": actor,
                "date": _now_date(),
                "old_chat_member": self._member_json(self.bot_id, old),
                "new_chat_member": self._member_json(self.bot_id, new),
            },
        )

    # -------------------------------------------------------------------- groups and the bot

    def bot_added_to_group(
        self, chat: FakeChat | int, by_user: FakeUser | int, status: str = "member"
    ) -> list[dict[str, Any]]:
        """Someone adds the bot: a ``my_chat_member`` Update (old status ``left`` or ``kicked``,
        as it was) and, in groups, a ``new_chat_members`` service message."""
        with self._cond:
            group = self._group(chat)
            adder = self._user(by_user)
            roster = self._members[group.id]
            old = roster.get(self.bot_id, "left")
            if old in _PRESENT_STATUSES:
                raise ValueError(f"the bot is already {old} in {group.id}")
            new = self._status(status)
            if new not in _PRESENT_STATUSES:
                raise ValueError(f"adding the bot makes it a member or administrator, not {new}")
            roster.setdefault(adder.id, "member")
            roster[self.bot_id] = new
            membership = self._my_chat_member(group.to_dict(), adder.to_dict(), old, new)
            if group.type == "channel":
                return [membership]
            stored = self._store(
                group.id,
                sender=adder.to_dict(),
                content={"new_chat_members": [self.bot_user]},
                from_bot=False,
                author_id=adder.id,
            )
            service = self._emit("message", stored.data)
            return [membership, service]

    def bot_removed_from_group(
        self, chat: FakeChat | int, by_user: FakeUser | int, status: str = "kicked"
    ) -> dict[str, Any]:
        """Someone removes (``kicked``) the bot, or it is made to leave (``left``).

        Afterwards every send to the chat answers 403 (``bot was kicked from the supergroup chat``
        / ``bot is not a member of the group chat``), as on Telegram.  The ``left_chat_member``
        service message stays in the chat's transcript; the bot, no longer there, does not get it.
        """
        with self._cond:
            group = self._group(chat)
            remover = self._user(by_user)
            old = self._bot_status(group.id)
            if old not in _PRESENT_STATUSES:
                raise ValueError(f"the bot is not in {group.id} (it is {old})")
            new = self._status(status)
            if new not in ("left", "kicked"):
                raise ValueError(f"removing the bot makes it left or kicked, not {new}")
            self._members[group.id][self.bot_id] = new
            if group.type != "channel":
                stored = self._store(
                    group.id,
                    sender=remover.to_dict(),
                    content={"left_chat_member": self.bot_user},
                    from_bot=False,
                    author_id=remover.id,
                )
                self._emit("message", stored.data, deliver=False)
            return self._my_chat_member(group.to_dict(), remover.to_dict(), old, new)

    # ---------------------------------------------------------------------- private chats

    def block_bot(self, user: FakeUser | int) -> dict[str, Any]:
        """The user blocks the bot: every send/edit to them answers 403 "bot was blocked by the
        user" until unblocked.  Emits ``my_chat_member`` (member -> kicked) as Telegram does."""
        with self._cond:
            person = self._user(user)
            if person.id in self._blocked:
                raise ValueError(f"user {person.id} has already blocked the bot")
            self._blocked.add(person.id)
            return self._my_chat_member(person.chat_dict(), person.to_dict(), "member", "kicked")

    def unblock_bot(self, user: FakeUser | int) -> dict[str, Any]:
        """The user unblocks (restarts) the bot: sends succeed again; ``my_chat_member`` kicked -> member."""
        with self._cond:
            person = self._user(user)
            if person.id not in self._blocked:
                raise ValueError(f"user {person.id} has not blocked the bot")
            self._blocked.discard(person.id)
            self._started.add(person.id)
            return self._my_chat_member(person.chat_dict(), person.to_dict(), "kicked", "member")

    # ------------------------------------------------------------------ group -> supergroup

    def migrate_group(
        self, chat: FakeChat | int, new_id: int | None = None, *, by_user: FakeUser | int | None = None
    ) -> int:
        """A basic group is upgraded to a supergroup; returns the supergroup's id.

        Like Telegram: the old group gets a ``migrate_to_chat_id`` service message (from the
        upgrading user), the new supergroup one with ``migrate_from_chat_id`` (from
        GroupAnonymousBot, ``sender_chat`` = the supergroup); both are delivered as updates.
        Members and the bot carry over.  Afterwards any write to the old id answers 400 "group
        chat was upgraded to a supergroup chat" with ``parameters.migrate_to_chat_id`` (PTB raises
        ``ChatMigrated``); reading old messages (copyMessage from it, getChat) still works.
        """
        with self._cond:
            group = self._group(chat)
            if group.type != "group":
                raise ValueError(f"only basic groups migrate; {group.id} is a {group.type}")
            if group.id in self._migrated:
                raise ValueError(f"{group.id} has already migrated to {self._migrated[group.id]}")
            new_id = new_id if new_id is not None else -(10**12 + abs(group.id))
            if new_id in self._groups or new_id in self._users or not str(new_id).startswith("-100"):
                raise ValueError(f"{new_id} is not a free supergroup id (-100...)")
            roster = self._members[group.id]
            actor_id = self._user_id(by_user) if by_user is not None else None
            if actor_id is None:
                actor_id = next((u for u, s in roster.items() if s == "creator" and u != self.bot_id), None)
            if actor_id is None:
                raise ValueError("the group has no creator; pass by_user= (an administrator)")
            actor = self._user(actor_id)
            if roster.get(actor.id) not in ("creator", "administrator"):
                raise ValueError(f"user {actor.id} is not an administrator of {group.id}")
            supergroup = FakeChat(new_id, group.title, "supergroup", group.username, False)
            self._groups[new_id] = supergroup
            self._members[new_id] = dict(roster)
            old_msg = self._store(
                group.id,
                sender=actor.to_dict(),
                content={"migrate_to_chat_id": new_id},
                from_bot=False,
                author_id=actor.id,
            )
            self._emit("message", old_msg.data, self._delivers(group.id, old_msg.data))
            self._migrated[group.id] = new_id
            new_msg = self._store(
                new_id,
                sender=dict(GROUP_ANONYMOUS_BOT),
                content={"sender_chat": supergroup.to_dict(), "migrate_from_chat_id": group.id},
                from_bot=False,
                author_id=actor.id,
            )
            self._emit("message", new_msg.data, self._delivers(new_id, new_msg.data))
            return new_id

    def migrated_to(self, chat: FakeChat | int) -> int | None:
        """The supergroup a basic group became (``None`` if it has not migrated)."""
        with self._cond:
            return self._migrated.get(chat.id if isinstance(chat, FakeChat) else int(chat))

    # --------------------------------------------------------------------------- channels

    def make_channel(
        self,
        chat_id: int,
        title: str,
        *,
        username: str | None = None,
        members: Mapping[int | FakeUser, str] | None = None,
        bot_status: str = "left",
        linked_group: FakeChat | int | None = None,
    ) -> FakeChat:
        """Register a channel (``members``: user -> status; ``creator``/``administrator`` may post
        in groups on its behalf, see ``user_sends(..., as_channel=channel)``)."""
        chat = FakeChat(chat_id, title, "channel", username)
        with self._cond:
            if chat_id in self._groups or chat_id in self._users:
                raise ValueError(f"chat {chat_id} exists already")
            self._groups[chat_id] = chat
            roster: dict[int, str] = {}
            for member, status in (members or {}).items():
                if isinstance(member, FakeUser):
                    self._users.setdefault(member.id, member)
                roster[self._user_id(member)] = self._status(status)
            roster[self.bot_id] = self._status(bot_status)
            self._members[chat_id] = roster
            if linked_group is not None:
                group = self._group(linked_group)
                self._linked[chat_id] = group.id
                self._linked[group.id] = chat_id
        return chat
