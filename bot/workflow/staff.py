"""Staff-side steps: answering (relayed with formatting), correcting an answer, and the card's buttons.

Button steps return an :class:`Outcome` saying what actually happened, so two staff pressing at once
both learn the truth ("closed by Aigul a moment ago") instead of a spinner or a wrong "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.kinds import Incoming
from bot.render import payloads
from bot.render.relay import relay
from bot.render.telegram_html import escape
from bot.storage import Ticket
from bot.storage.outbox import Purpose
from bot.workflow.base import Person
from bot.workflow.learning import LearningSteps


class Result(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    ALREADY_CLOSED = "already_closed"
    UNKNOWN_ENTRY = "unknown_entry"


@dataclass(frozen=True)
class Outcome:
    result: Result
    ticket_id: int
    by: str | None = None  # who closed it, for ALREADY_CLOSED

    @property
    def done(self) -> bool:
        return self.result is Result.DONE


class StaffSteps(LearningSteps):
    async def staff_answer(self, ticket_id: int, staff: Person, message: Incoming) -> bool:
        """A staff reply reaches the citizen as it was written (entities, links, media); False if no ticket."""
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None:
                return False
            if ticket.redacted is not None:  # the citizen erased their data (or it aged out): nobody to answer
                note = self.st("privacy.erased_no_reply", ticket=ticket.id)
                await self.notify_staff(note, ticket, key=f"noreply:{message.chat_id}:{message.message_id}")
                return True
            _, created = await self.tickets.add_message(
                ticket.id, "staff", message.kind.value, message.text, message.chat_id, message.message_id,
                staff.id, staff.first_name,
            )  # fmt: skip
            if not created:
                return True  # the same update handled again after a crash
            header = self.t(ticket.language, "relay.answer_header", ticket=ticket.id)
            origin = (message.chat_id, message.message_id)
            for n, send in enumerate(relay(ticket.chat_id, header, message)):
                key = f"answer:{message.chat_id}:{message.message_id}:{n}"
                await self.queue(send, Purpose.STAFF_ANSWER, ticket_id=ticket.id, key=key, origin=origin)
            if ticket.status != "closed":
                await self.tickets.mark_answered(ticket.id, staff.id, staff.name)
            await self.audit.record("answer", staff.id, staff.name, ticket_id=ticket.id, detail=message.kind.value)
            await self.record_staff_answer(ticket.id)
            await self.refresh_card(ticket.id)
        return True

    async def staff_edit(self, message: Incoming, edit_stamp: int) -> Ticket | None:
        """Staff corrected an answer already relayed: the citizen gets the correction under the old answer.

        Returns the ticket, or None when the edited message was not an answer (staff chatting).
        """
        async with self.db.transaction():
            recorded = await self.tickets.edit_message("staff", message.chat_id, message.message_id, message.text)
            if recorded is None:
                return None
            ticket = await self.tickets.get(recorded.ticket_id)
            if ticket is None:
                return None
            their_copy = await self.outbox.copy_of(message.chat_id, message.message_id, ticket.chat_id)
            header = self.t(ticket.language, "relay.correction_header", ticket=ticket.id)
            origin = (message.chat_id, message.message_id)
            for n, send in enumerate(relay(ticket.chat_id, header, message, their_copy)):
                key = f"edit:{message.chat_id}:{message.message_id}:{edit_stamp}:{n}"
                await self.queue(send, Purpose.STAFF_ANSWER, ticket_id=ticket.id, key=key, origin=origin)
            await self.tickets.mark_answer_edited(ticket.id)
            await self.audit.record("edit", recorded.author_id, recorded.author_name, ticket_id=ticket.id)
            await self.refresh_card(ticket.id)
        return ticket

    async def answer_with_entry(self, ticket_id: int, entry_id: str, staff: Person) -> Outcome:
        """Send the citizen an FAQ answer in their language, as the staff member's answer."""
        if entry_id not in self.content.faq.entries or not self.content.conversation.controls.offers(entry_id):
            return Outcome(Result.UNKNOWN_ENTRY, ticket_id)
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None or ticket.redacted is not None:
                return Outcome(Result.NOT_FOUND, ticket_id)
            reply = self.content.conversation.entry(entry_id, ticket.language)
            header = escape(self.t(ticket.language, "relay.answer_header", ticket=ticket.id))
            await self.outbox.enqueue(
                ticket.chat_id,
                "sendMessage",
                payloads.send_message(ticket.chat_id, f"<b>{header}</b>\n\n{reply.text}", reply.buttons),
                Purpose.STAFF_ANSWER,
                ticket_id=ticket.id,
                dedupe_key=f"faq:{ticket.id}:{entry_id}",
            )
            if ticket.status != "closed":
                await self.tickets.mark_answered(ticket.id, staff.id, staff.name)
            await self.audit.record("faq_answer", staff.id, staff.name, ticket_id=ticket.id, detail=entry_id)
            await self.record_staff_answer(ticket.id, entry_id)
            note = self.st("relay.faq_sent", ticket=ticket.id, entry=entry_id, name=escape(staff.name))
            await self.notify_staff(note, ticket, key=f"faqnote:{ticket.id}:{entry_id}")
            await self.refresh_card(ticket.id)
        return Outcome(Result.DONE, ticket_id)

    def _closed_by(self, ticket: Ticket) -> str | None:
        if ticket.closed_by is not None and ticket.closed_by == ticket.user_id:
            return self.st("relay.closed_by_citizen")
        return ticket.closed_by_name or (str(ticket.closed_by) if ticket.closed_by is not None else None)

    async def take(self, ticket_id: int, staff: Person) -> Outcome:
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None:
                return Outcome(Result.NOT_FOUND, ticket_id)
            if ticket.status == "closed":
                return Outcome(Result.ALREADY_CLOSED, ticket_id, self._closed_by(ticket))
            await self.tickets.take(ticket_id, staff.id, staff.name)
            await self.audit.record("take", staff.id, staff.name, ticket_id=ticket_id)
            await self.refresh_card(ticket_id)
        return Outcome(Result.DONE, ticket_id)

    async def close(self, ticket_id: int, staff: Person, *, notify_citizen: bool = True) -> Outcome:
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None:
                return Outcome(Result.NOT_FOUND, ticket_id)
            if not await self.tickets.close(ticket_id, staff.id, by_name=staff.name):
                return Outcome(Result.ALREADY_CLOSED, ticket_id, self._closed_by(ticket))
            await self.audit.record("close", staff.id, staff.name, ticket_id=ticket_id)
            await self.record_closed(ticket_id)
            if notify_citizen:
                text = self.t(ticket.language, "ticket.closed_by_staff", ticket=ticket.id)
                await self.send_text(ticket.chat_id, text, f"closed:{ticket.id}")
            await self.refresh_card(ticket_id)
        return Outcome(Result.DONE, ticket_id)

    async def spam(self, ticket_id: int, staff: Person) -> Outcome:
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None:
                return Outcome(Result.NOT_FOUND, ticket_id)
            await self.users.set_banned(ticket.user_id, True)
            await self.audit.record("block", staff.id, staff.name, ticket_id=ticket_id, detail=str(ticket.user_id))
            closed = await self.close(ticket_id, staff, notify_citizen=False)
        return Outcome(Result.DONE, ticket_id) if closed.result is not Result.NOT_FOUND else closed
