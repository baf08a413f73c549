"""Citizen-side steps: answering, opening a ticket, follow-ups, cancelling, coming back after a block."""

from __future__ import annotations

from bot.domain.conversation import Reply
from bot.domain.hours import bishkek_now, hours_label, is_working_time
from bot.domain.kinds import Incoming, Kind
from bot.render import payloads
from bot.render.relay import relay
from bot.storage import Ticket, User
from bot.storage.outbox import Purpose
from bot.workflow.base import Person
from bot.workflow.learning import LearningSteps


class CitizenSteps(LearningSteps):
    async def citizen_seen(self, person: Person, chat_id: int) -> User:
        """Record the citizen's latest profile; one who had blocked the bot gets what was held for them."""
        async with self.db.transaction():
            before = await self.users.get(person.id)
            user = await self.users.upsert(person.id, chat_id, person.first_name, person.username)
            if before is not None and before.bot_blocked:
                held = await self.outbox.held_for(chat_id)
                await self.outbox.release(chat_id)
                for ticket_id in sorted({item.ticket_id for item in held if item.ticket_id is not None}):
                    ticket = await self.tickets.get(ticket_id)
                    text = self.st("relay.citizen_back", ticket=ticket_id)
                    await self.notify_staff(text, ticket, key=f"back:{ticket_id}:{held[0].id}")
        return user

    async def send_reply(self, chat_id: int, reply: Reply, reply_to: int | None, key: str) -> None:
        """Queue a conversation reply for a citizen (keyed by the update, so a replay sends nothing new)."""
        payload = payloads.send_message(chat_id, reply.text, reply.buttons, reply_to=reply_to)
        await self.outbox.enqueue(chat_id, "sendMessage", payload, Purpose.REPLY, dedupe_key=key)

    async def answer_question(
        self,
        person: Person,
        chat_id: int,
        message_id: int,
        question: str,
        reply: Reply,
        update_id: int,
        picked_from: tuple[str, ...] = (),
    ) -> None:
        """The bot's reply to a question, its statistics, what it teaches (learning), and for an urgent one the
        ticket: one commit. ``picked_from``: the pending clarify options, when the text may be a typed choice."""
        async with self.db.transaction():
            if reply.match is None and reply.kind == "answer" and reply.entry_id in picked_from:
                await self.record_pick(chat_id, reply.entry_id)
            else:
                await self.record_question(person, chat_id, update_id, question, reply)
            if reply.kind != "smalltalk":
                await self.tickets.record_event("question", person.id, dedupe=update_id)
            if reply.kind in ("answer", "urgent") and reply.entry_id:
                await self.tickets.record_event("faq_answer", person.id, entry_id=reply.entry_id, dedupe=update_id)
            elif reply.kind == "clarify":
                await self.tickets.record_event("clarify", person.id, dedupe=update_id)
            await self.send_reply(chat_id, reply, message_id, key=f"u{update_id}")
            if reply.wants_ticket:
                message = Incoming(chat_id, message_id, Kind.TEXT, question)
                await self.escalate(person, message, reply.lang, urgent=True)

    def expectation(self, lang: str, now: float | None = None) -> str:
        """When a citizen can expect an answer, in Bishkek working hours."""
        label = hours_label(self.work_hours)
        if is_working_time(self.work_hours, now):
            return self.t(lang, "escalate.working_now", hours=label)
        return self.t(lang, "escalate.off_hours", hours=label, now=bishkek_now(now).strftime("%H:%M"))

    async def escalate(
        self,
        person: Person,
        message: Incoming,
        lang: str,
        *,
        question: str | None = None,
        urgent: bool = False,
        ask_details: bool = False,
    ) -> Ticket:
        """Open a ticket (idempotent per source message) with its staff card and the citizen's receipt.

        ``message`` is what the citizen sent (a text, or media to copy to staff); ``question`` overrides
        the text shown on the card (e.g. "the citizen asked for an officer").
        """
        text = question if question is not None else (message.text or "")
        result = self.content.matcher.match(text, default_lang=lang) if text else None
        guesses = [(c.entry_id, c.score) for c in result.candidates[:3]] if result else []
        async with self.db.transaction():
            await self.users.upsert(person.id, message.chat_id, person.first_name, person.username)
            ticket, created = await self.tickets.create(
                person.id,
                message.chat_id,
                lang,
                text or f"[{message.kind.value}]",
                guesses,
                urgent,
                message.message_id,
                kind=message.kind.value if message.kind is not Kind.OTHER else "other",
            )
            if not created:
                return ticket
            if message.kind is Kind.TEXT:
                await self.link_question(ticket)
            await self.post_card(ticket, key=f"card:{ticket.id}")
            if message.kind is not Kind.TEXT:
                header = self.st("relay.media_header", ticket=ticket.id, kind=message.kind.value)
                for n, send in enumerate(relay(self.staff_chat_id, header, message)):
                    origin = (message.chat_id, message.message_id)
                    await self.queue(
                        send, Purpose.FOLLOWUP, ticket_id=ticket.id, key=f"media:{ticket.id}:{n}", origin=origin
                    )
            key = (
                "urgent.ticket_created" if urgent else "escalate.created" if message.kind is Kind.TEXT else "media.sent"
            )
            receipt = f"{self.t(lang, key, ticket=ticket.id)}\n{self.expectation(lang)}"
            if ask_details:
                receipt += "\n\n" + self.t(lang, "escalate.describe")
            payload = payloads.send_message(message.chat_id, receipt)
            await self.outbox.enqueue(
                message.chat_id,
                "sendMessage",
                payload,
                Purpose.RECEIPT,
                ticket_id=ticket.id,
                dedupe_key=f"receipt:{ticket.id}",
            )
            await self.tickets.record_event("escalate", person.id, ticket_id=ticket.id)
        return ticket

    async def add_followup(self, ticket: Ticket, message: Incoming, *, edit_stamp: int | None = None) -> bool:
        """A citizen's further message (or an edit of one, ``edit_stamp`` = its edit date) joins the open ticket.

        It is relayed to staff under the card with its formatting; replays of the same update add nothing.
        """
        async with self.db.transaction():
            if edit_stamp is None:
                _, created = await self.tickets.add_message(
                    ticket.id, "citizen", message.kind.value, message.text, message.chat_id, message.message_id
                )
                if not created:
                    return False
                header = self.st("relay.followup_header", ticket=ticket.id)
                key = f"follow:{ticket.id}:{message.message_id}"
            else:
                await self.tickets.edit_message("citizen", message.chat_id, message.message_id, message.text)
                header = self.st("relay.citizen_edit_header", ticket=ticket.id)
                key = f"follow:{ticket.id}:{message.message_id}:e{edit_stamp}"
            await self.tickets.reopen(ticket.id)
            origin = (message.chat_id, message.message_id)
            sends = relay(self.staff_chat_id, header, message, ticket.staff_message_id)
            for n, send in enumerate(sends):
                if (
                    await self.queue(send, Purpose.FOLLOWUP, ticket_id=ticket.id, key=f"{key}:{n}", origin=origin)
                    is None
                ):
                    return False
            await self.refresh_card(ticket.id)
        return True

    async def raise_urgency(self, ticket: Ticket) -> None:
        """A follow-up on an open ticket revealed an emergency: staff see the ticket first from now on."""
        async with self.db.transaction():
            if await self.tickets.mark_urgent(ticket.id):
                await self.refresh_card(ticket.id)

    async def cancel(self, person: Person) -> Ticket | None:
        ticket = await self.tickets.active_for_user(person.id)
        if ticket is None:
            return None
        async with self.db.transaction():
            await self.tickets.close(ticket.id, person.id)
            await self.record_closed(ticket.id)
            await self.refresh_card(ticket.id)
        return ticket
