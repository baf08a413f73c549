"""Ticket workflow: every state change and the messages it causes, committed in one transaction.

No Telegram import: messages are Bot API payloads put in the outbox, which the delivery worker sends.
So "the citizen was told the question is queued" can only happen after the ticket is committed, and
a crash at any point leaves either nothing or the ticket together with everything it must send.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.content import Content
from bot.domain.conversation import Reply
from bot.domain.hours import bishkek_now, hours_label, is_working_time
from bot.render import payloads
from bot.render.staff_view import age, ticket_card
from bot.render.telegram_html import escape
from bot.storage import Database, Outbox, OutboxItem, Ticket, TicketStore, UserStore
from bot.storage.outbox import TICKET_CARD


@dataclass(frozen=True)
class Person:
    """The Telegram user behind an action, as far as the workflow needs it."""

    id: int
    first_name: str | None = None
    username: str | None = None


class Workflow:
    def __init__(
        self,
        content: Content,
        db: Database,
        users: UserStore,
        tickets: TicketStore,
        outbox: Outbox,
        staff_chat_id: int,
        work_hours: tuple[int, int],
        staff_lang: str = "ru",
    ) -> None:
        self.content = content
        self.db = db
        self.users = users
        self.tickets = tickets
        self.outbox = outbox
        self.staff_chat_id = staff_chat_id
        self.work_hours = work_hours
        self.staff_lang = staff_lang  # staff see cards and notices in one language
        self.t = content.translator.t

    # ---- citizen side -------------------------------------------------------------------------

    async def send_reply(self, chat_id: int, reply: Reply, reply_to: int | None, key: str) -> None:
        """Queue a conversation reply for a citizen (keyed by the update, so a replay sends nothing new)."""
        await self.outbox.enqueue(
            chat_id,
            "sendMessage",
            payloads.send_message(chat_id, reply.text, reply.buttons, reply_to=reply_to),
            purpose="reply",
            dedupe_key=key,
        )

    async def send_text(self, chat_id: int, text: str, key: str | None, reply_to: int | None = None) -> None:
        await self.outbox.enqueue(
            chat_id, "sendMessage", payloads.send_message(chat_id, text, reply_to=reply_to), dedupe_key=key
        )

    async def answer_question(
        self, person: Person, chat_id: int, message_id: int, question: str, reply: Reply, update_id: int
    ) -> None:
        """The bot's reply to a question, its statistics, and for an urgent one the ticket: one commit."""
        async with self.db.transaction():
            if reply.kind != "smalltalk":
                await self.tickets.record_event("question", person.id)
            if reply.kind in ("answer", "urgent") and reply.entry_id:
                await self.tickets.record_event("faq_answer", person.id, entry_id=reply.entry_id)
            elif reply.kind == "clarify":
                await self.tickets.record_event("clarify", person.id)
            await self.send_reply(chat_id, reply, message_id, key=f"u{update_id}")
            if reply.wants_ticket:
                await self.escalate(person, chat_id, question, message_id, reply.lang, urgent=True)

    def expectation(self, lang: str, now: float | None = None) -> str:
        """When a citizen can expect an answer, in Bishkek working hours."""
        label = hours_label(self.work_hours)
        if is_working_time(self.work_hours, now):
            return self.t(lang, "escalate.working_now", hours=label)
        return self.t(lang, "escalate.off_hours", hours=label, now=bishkek_now(now).strftime("%H:%M"))

    async def escalate(
        self,
        person: Person,
        chat_id: int,
        question: str,
        source_message_id: int,
        lang: str,
        *,
        urgent: bool = False,
        media_kind: str | None = None,
        ask_details: bool = False,
    ) -> Ticket:
        """Open a ticket (idempotent per source message) with its staff card and the citizen's receipt."""
        result = self.content.matcher.match(question or "", default_lang=lang) if question else None
        guesses = [(c.entry_id, c.score) for c in result.candidates[:3]] if result else []
        async with self.db.transaction():
            await self.users.upsert(person.id, chat_id, person.first_name, person.username)
            ticket, created = await self.tickets.create(
                person.id,
                chat_id,
                lang,
                question or f"[{media_kind or 'media'}]",
                guesses,
                urgent,
                source_message_id,
            )
            if not created:
                return ticket
            await self._enqueue_card(ticket, person)
            if media_kind:
                await self.outbox.enqueue(
                    self.staff_chat_id,
                    "copyMessage",
                    payloads.copy_message(self.staff_chat_id, chat_id, source_message_id),
                    ticket_id=ticket.id,
                    map_reply=True,
                    dedupe_key=f"media:{ticket.id}:{source_message_id}",
                )
            key = "urgent.ticket_created" if urgent else "media.sent" if media_kind else "escalate.created"
            receipt = f"{self.t(lang, key, ticket=ticket.id)}\n{self.expectation(lang)}"
            if ask_details:
                receipt += "\n\n" + self.t(lang, "escalate.describe")
            await self.send_text(chat_id, receipt, f"receipt:{ticket.id}")
            await self.tickets.record_event("escalate", person.id, ticket_id=ticket.id)
        return ticket

    async def _enqueue_card(self, ticket: Ticket, person: Person) -> None:
        text, buttons = ticket_card(
            self.t, self.staff_lang, self.content.faq, ticket, (person.id, person.first_name, person.username)
        )
        await self.outbox.enqueue(
            self.staff_chat_id,
            "sendMessage",
            payloads.send_message(self.staff_chat_id, text, buttons),
            purpose=TICKET_CARD,
            ticket_id=ticket.id,
            map_reply=True,
            dedupe_key=f"card:{ticket.id}",
        )

    async def add_followup(
        self, ticket: Ticket, chat_id: int, message_id: int, kind: str, text: str | None, *, edited: bool = False
    ) -> bool:
        """A citizen's further message joins the open ticket and is copied to staff under its card."""
        async with self.db.transaction():
            direction_id = -message_id if edited else message_id
            note = text if not edited else f"(edit) {text}"
            _, created = await self.tickets.add_message(ticket.id, "citizen", kind, note, chat_id, direction_id)
            if not created:
                return False
            await self.tickets.reopen(ticket.id)
            header_key = "ticket.edited" if edited else "staff.followup"
            header = self.t(self.staff_lang, header_key, ticket=ticket.id)
            reply_to = ticket.staff_message_id
            if kind == "text" and text is not None:
                for n, payload in enumerate(
                    payloads.send_long_message(self.staff_chat_id, f"{header} #{ticket.id}", escape(text), reply_to)
                ):
                    await self.outbox.enqueue(
                        self.staff_chat_id,
                        "sendMessage",
                        payload,
                        ticket_id=ticket.id,
                        map_reply=True,
                        dedupe_key=f"follow:{ticket.id}:{direction_id}:{n}",
                    )
            else:
                await self.outbox.enqueue(
                    self.staff_chat_id,
                    "copyMessage",
                    payloads.copy_message(self.staff_chat_id, chat_id, message_id, reply_to),
                    ticket_id=ticket.id,
                    map_reply=True,
                    dedupe_key=f"follow:{ticket.id}:{direction_id}",
                )
            await self._refresh_card(ticket.id)
        return True

    async def raise_urgency(self, ticket: Ticket) -> None:
        """A follow-up on an open ticket revealed an emergency: staff see the ticket first from now on."""
        async with self.db.transaction():
            if await self.tickets.mark_urgent(ticket.id):
                await self._refresh_card(ticket.id)

    async def cancel(self, person: Person) -> Ticket | None:
        ticket = await self.tickets.active_for_user(person.id)
        if ticket is None:
            return None
        async with self.db.transaction():
            await self.tickets.close(ticket.id, person.id)
            await self._refresh_card(ticket.id)
        return ticket

    # ---- staff side ---------------------------------------------------------------------------

    async def staff_answer(
        self, ticket_id: int, staff: Person, staff_chat_id: int, message_id: int, kind: str, text: str | None
    ) -> bool:
        """A staff reply goes to the citizen (text re-sent with a header; media copied)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            return False
        async with self.db.transaction():
            _, created = await self.tickets.add_message(
                ticket.id, "staff", kind, text, staff_chat_id, message_id, staff.id, staff.first_name
            )
            if not created:
                return True
            lang = ticket.language
            header = self.t(lang, "ticket.staff_answer", ticket=ticket.id)
            if kind == "text" and text is not None:
                parts = payloads.send_long_message(ticket.chat_id, header, escape(text))
                for n, payload in enumerate(parts):
                    await self.outbox.enqueue(
                        ticket.chat_id,
                        "sendMessage",
                        payload,
                        purpose="staff_answer",
                        ticket_id=ticket.id,
                        dedupe_key=f"answer:{staff_chat_id}:{message_id}:{n}",
                    )
            else:
                await self.outbox.enqueue(
                    ticket.chat_id,
                    "sendMessage",
                    payloads.send_message(ticket.chat_id, header),
                    purpose="staff_answer",
                    ticket_id=ticket.id,
                    dedupe_key=f"answer:{staff_chat_id}:{message_id}:h",
                )
                await self.outbox.enqueue(
                    ticket.chat_id,
                    "copyMessage",
                    payloads.copy_message(ticket.chat_id, staff_chat_id, message_id),
                    purpose="staff_answer",
                    ticket_id=ticket.id,
                    dedupe_key=f"answer:{staff_chat_id}:{message_id}:m",
                )
            if ticket.status != "closed":
                await self.tickets.mark_answered(ticket.id, staff.id, staff.first_name)
            await self._refresh_card(ticket.id)
        return True

    async def answer_with_entry(self, ticket_id: int, entry_id: str, staff: Person) -> bool:
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or entry_id not in self.content.faq.entries:
            return False
        reply = self.content.conversation.entry(entry_id, ticket.language)
        async with self.db.transaction():
            key = f"faq:{ticket.id}:{entry_id}"
            header = self.t(ticket.language, "ticket.staff_answer", ticket=ticket.id)
            await self.outbox.enqueue(
                ticket.chat_id,
                "sendMessage",
                payloads.send_message(ticket.chat_id, f"{header}\n\n{reply.text}", reply.buttons),
                purpose="staff_answer",
                ticket_id=ticket.id,
                dedupe_key=key,
            )
            if ticket.status != "closed":
                await self.tickets.mark_answered(ticket.id, staff.id, staff.first_name)
            await self.notify_staff(
                self.t(
                    self.staff_lang, "staff.faq_sent", entry=entry_id, name=escape(staff.first_name or str(staff.id))
                ),
                ticket,
                key=f"faqnote:{ticket.id}:{entry_id}",
            )
            await self._refresh_card(ticket.id)
        return True

    async def take(self, ticket_id: int, staff: Person) -> bool:
        async with self.db.transaction():
            if await self.tickets.get(ticket_id) is None:
                return False
            await self.tickets.take(ticket_id, staff.id, staff.first_name)
            await self._refresh_card(ticket_id)
        return True

    async def close(self, ticket_id: int, staff: Person, *, notify_citizen: bool = True) -> bool:
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None or not await self.tickets.close(ticket_id, staff.id):
                return False
            if notify_citizen:
                text = self.t(ticket.language, "ticket.closed_by_staff", ticket=ticket.id)
                await self.send_text(ticket.chat_id, text, f"closed:{ticket.id}")
            await self._refresh_card(ticket_id)
        return True

    async def spam(self, ticket_id: int, staff: Person) -> bool:
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            return False
        async with self.db.transaction():
            await self.users.set_banned(ticket.user_id, True)
            await self.close(ticket_id, staff, notify_citizen=False)
        return True

    async def notify_staff(self, text: str, ticket: Ticket | None, key: str | None = None) -> None:
        reply_to = ticket.staff_message_id if ticket else None
        await self.outbox.enqueue(
            self.staff_chat_id,
            "sendMessage",
            payloads.send_message(self.staff_chat_id, text, reply_to=reply_to),
            ticket_id=ticket.id if ticket else None,
            map_reply=ticket is not None,
            dedupe_key=key,
        )

    async def _refresh_card(self, ticket_id: int) -> None:
        """Edit the staff card to the ticket's current state (if the card has been delivered)."""
        ticket = await self.tickets.get(ticket_id)
        if ticket is None or ticket.staff_message_id is None:
            return
        user = await self.users.get(ticket.user_id)
        who = (ticket.user_id, user.first_name if user else None, user.username if user else None)
        text, buttons = ticket_card(self.t, self.staff_lang, self.content.faq, ticket, who)
        await self.outbox.enqueue(
            self.staff_chat_id,
            "editMessageText",
            payloads.edit_message(self.staff_chat_id, ticket.staff_message_id, text, buttons),
            purpose="card_edit",
            ticket_id=ticket.id,
        )

    async def resurface(self, older_than_s: float, now: float | None = None) -> int:
        """Remind staff of tickets that wait too long; returns how many were re-surfaced."""
        now = now if now is not None else time.time()
        due = await self.tickets.due_for_resurface(older_than_s, now)
        for ticket in due:
            async with self.db.transaction():
                text = self.t(self.staff_lang, "staff.resurface", ticket=ticket.id, age=age(now - ticket.created_at))
                await self.notify_staff(text, ticket)
                await self.tickets.mark_surfaced(ticket.id, now)
        return len(due)

    async def delivery_failed(self, item: OutboxItem, reason: str, recipient_blocked: bool) -> None:
        """Staff learn on the ticket when an answer could not reach the citizen."""
        if item.chat_id == self.staff_chat_id:
            return
        if recipient_blocked:
            await self.users.set_bot_blocked(item.chat_id, True)
        if item.ticket_id is None:
            return
        ticket = await self.tickets.get(item.ticket_id)
        why = self.t(self.staff_lang, "staff.bot_blocked") if recipient_blocked else escape(reason[:200])
        text = self.t(self.staff_lang, "staff.delivery_failed", ticket=item.ticket_id, reason=why)
        await self.notify_staff(text, ticket, key=f"failed:{item.id}")
