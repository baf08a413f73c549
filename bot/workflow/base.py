"""What every workflow step shares: the stores, the staff chat, and the messages about a ticket.

Workflow steps change state and queue the messages that change causes in one transaction; nothing
here talks to Telegram. Every staff-chat message about a ticket carries the ticket's tag ("#12") on
its first line and is linked to the ticket when delivered (``on_sent``), so any reply to it is routed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.content import Content
from bot.render import payloads
from bot.render.relay import Send
from bot.render.staff_view import continuation_parts, ticket_card
from bot.storage import Database, Outbox, OutboxItem, Ticket, TicketStore, UserStore
from bot.storage.audit import AuditLog
from bot.storage.outbox import Purpose
from bot.storage.questions import QuestionStore
from bot.storage.staff_links import StaffLinks

_TAG = re.compile(r"#(\d{1,12})\b")


def ticket_from_own_message(text: str | None) -> int | None:
    """The ticket number the bot wrote on the first line of its own staff-chat message.

    Only the bot can author a message whose sender is the bot, so this cannot be forged; the first
    line is the bot's header, never the citizen's words.
    """
    if not text:
        return None
    found = _TAG.search(text.split("\n", 1)[0])
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class Person:
    """Who acted: a Telegram user, or a group posting anonymously (then ``id`` is the chat's id)."""

    id: int
    first_name: str | None = None
    username: str | None = None

    @property
    def name(self) -> str:
        return self.first_name or str(self.id)


class WorkflowBase:
    def __init__(
        self,
        content: Content,
        db: Database,
        users: UserStore,
        tickets: TicketStore,
        outbox: Outbox,
        links: StaffLinks,
        staff_chat_id: int,
        work_hours: tuple[int, int],
        staff_lang: str = "ru",
    ) -> None:
        self.content = content
        self.db = db
        self.users = users
        self.tickets = tickets
        self.outbox = outbox
        self.links = links
        self.staff_chat_id = staff_chat_id
        self.work_hours = work_hours
        self.staff_lang = staff_lang  # staff see cards and notices in one language
        self.questions = QuestionStore(db)  # what happened to each citizen question (for learning)
        self.audit = AuditLog(db)  # who did what, when

    def t(self, lang: str, key: str, **values: object) -> str:
        return self.content.translator.t(lang, key, **values)

    def st(self, key: str, **values: object) -> str:
        """A string for staff, in the staff chat's language."""
        return self.t(self.staff_lang, key, **values)

    async def queue(
        self,
        send: Send,
        purpose: Purpose,
        *,
        ticket_id: int | None = None,
        key: str | None = None,
        origin: tuple[int, int] | None = None,
    ) -> int | None:
        chat_id = int(send.payload["chat_id"])
        return await self.outbox.enqueue(
            chat_id, send.method, send.payload, purpose, ticket_id=ticket_id, dedupe_key=key, origin=origin
        )

    async def send_text(
        self, chat_id: int, text: str, key: str | None, reply_to: int | None = None, purpose: Purpose = Purpose.NOTICE
    ) -> None:
        """Queue a bot-authored HTML message."""
        payload = payloads.send_message(chat_id, text, reply_to=reply_to)
        await self.outbox.enqueue(chat_id, "sendMessage", payload, purpose, dedupe_key=key)

    async def notify_staff(self, text: str, ticket: Ticket | None, key: str | None = None) -> None:
        """A notice in the staff chat, under the ticket's card when there is one."""
        reply_to = ticket.staff_message_id if ticket else None
        payload = payloads.send_message(self.staff_chat_id, text, reply_to=reply_to)
        await self.outbox.enqueue(
            self.staff_chat_id,
            "sendMessage",
            payload,
            Purpose.NOTICE,
            ticket_id=ticket.id if ticket else None,
            dedupe_key=key,
        )

    def _hidden(self) -> frozenset[str]:
        """FAQ entries switched off: not offered to staff as answers either."""
        return self.content.conversation.controls.disabled

    async def _who(self, ticket: Ticket) -> tuple[int, str | None, str | None]:
        user = await self.users.get(ticket.user_id)
        return ticket.user_id, user.first_name if user else None, user.username if user else None

    async def post_card(self, ticket: Ticket, key: str) -> None:
        """The ticket's card in the staff chat, and the rest of a long question under it."""
        text, buttons = ticket_card(
            self.t, self.staff_lang, self.content.faq, ticket, await self._who(ticket), hidden=self._hidden()
        )
        payload = payloads.send_message(self.staff_chat_id, text, buttons)
        await self.outbox.enqueue(
            self.staff_chat_id, "sendMessage", payload, Purpose.CARD, ticket_id=ticket.id, dedupe_key=key
        )
        for n, part in enumerate(continuation_parts(ticket)):
            await self.outbox.enqueue(
                self.staff_chat_id,
                "sendMessage",
                payloads.send_message(self.staff_chat_id, part),
                Purpose.CONTINUATION,
                ticket_id=ticket.id,
                dedupe_key=f"{key}:part{n}",
            )

    async def refresh_card(self, ticket_id: int) -> None:
        """Edit the staff card to the ticket's current state (if the card has been delivered)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.staff_message_id is None:
            return
        text, buttons = ticket_card(
            self.t, self.staff_lang, self.content.faq, ticket, await self._who(ticket), hidden=self._hidden()
        )
        await self.outbox.enqueue(
            self.staff_chat_id,
            "editMessageText",
            payloads.edit_message(self.staff_chat_id, ticket.staff_message_id, text, buttons),
            Purpose.CARD_EDIT,
            ticket_id=ticket.id,
        )

    async def on_sent(self, item: OutboxItem, message_id: int | None) -> None:
        """Runs in the transaction that records a delivery: staff-chat messages are linked to their ticket."""
        if message_id is None or item.ticket_id is None or item.chat_id != self.staff_chat_id:
            return
        if item.method == "editMessageText":
            return
        await self.links.link(item.chat_id, message_id, item.ticket_id)
        if item.purpose == Purpose.CARD:
            await self.tickets.set_staff_message(item.ticket_id, message_id)
