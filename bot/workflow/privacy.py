"""A citizen's /forget (and the retention pass) as workflow steps: erase, tell staff, redact the cards, at once.

The erasure itself (which rows, which columns) is `bot.privacy.erasure`; this step adds what the people
involved must see: an open ticket is closed, every card of the citizen's tickets in the staff chat is
edited to say the citizen erased their data (question and name gone), the bot's copies of the citizen's
messages in the staff chat are deleted, and the audit trail records the erasure without naming anyone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from bot.privacy.erasure import Erased, erase_citizen
from bot.privacy.policy import RetentionPolicy
from bot.privacy.retention import RetentionReport, apply_retention, due_tickets
from bot.storage.outbox import Purpose
from bot.workflow.base import Person, WorkflowBase

# What the bot posted in the staff chat that carries the citizen's words: the card (older copies of it,
# re-posted after the chat was lost), the rest of a long question, and relayed follow-ups and media.
_COPIES = (Purpose.CARD.value, Purpose.CONTINUATION.value, Purpose.FOLLOWUP.value)


@dataclass(frozen=True)
class Forgotten:
    erased: Erased
    closed_ticket: int | None  # the open ticket that was closed, if there was one


class PrivacySteps(WorkflowBase):
    async def forget(
        self, person: Person, chat_id: int, update_id: int | None = None, now: float | None = None
    ) -> Forgotten:
        """Erase a citizen's texts and personal data (their /forget, confirmed with the button of ``update_id``)."""
        now = time.time() if now is None else now
        async with self.db.transaction():
            tickets = await self.tickets.list_for_user(person.id, limit=1_000_000)
            open_ticket = await self.tickets.active_for_user(person.id)
            copies = await self._copies_in_staff_chat([t.id for t in tickets], chat_id)
            if open_ticket is not None:
                await self.tickets.close(open_ticket.id, None, now)
            erased = await erase_citizen(self.db, person.id, chat_id, now, handling_update=update_id)
            for ticket in tickets:
                await self.refresh_card(ticket.id)  # the card now says the citizen erased their data
            await self._delete_copies(copies)
            if open_ticket is not None:
                note = self.st("privacy.staff_erased", ticket=open_ticket.id)
                await self.notify_staff(note, await self.tickets.get(open_ticket.id))
            detail = f"tickets={erased.tickets} messages={erased.messages} questions={erased.questions}"
            closed = open_ticket.id if open_ticket is not None else None
            await self.audit.record("forget", None, "citizen", ticket_id=closed, detail=detail, now=now)
        return Forgotten(erased, closed)

    async def retention_pass(self, policy: RetentionPolicy, now: float) -> RetentionReport:
        """The retention pass (`bot.privacy.retention`), and the staff chat brought in line: the cards of the
        tickets it anonymised say so, and the bot's copies of those citizens' messages are deleted.
        """
        async with self.db.transaction():
            due = await due_tickets(self.db, now - policy.texts_s)
            copies = await self._copies_in_staff_chat(due, 0)
            report = await apply_retention(self.db, policy, now)
            for ticket_id in report.ticket_ids:
                await self.refresh_card(ticket_id)
            await self._delete_copies(copies)
        return report

    async def _delete_copies(self, copies: list[tuple[int, int, int]]) -> None:
        """Telegram lets a bot delete its own group messages for 48 hours (any age if it is a group admin)."""
        for copy_chat, message_id, ticket_id in copies:
            payload = {"chat_id": copy_chat, "message_id": message_id}
            await self.outbox.enqueue(copy_chat, "deleteMessage", payload, Purpose.NOTICE, ticket_id=ticket_id)

    async def _copies_in_staff_chat(self, ticket_ids: list[int], citizen_chat: int) -> list[tuple[int, int, int]]:
        """(chat, message id, ticket) of the bot's messages in the staff chat that repeat the citizen's words.

        The current card of each ticket is not among them: it is edited instead, so staff see what happened.
        """
        rows = await self.db.fetchall(
            """
            SELECT o.chat_id, o.result_message_id, o.ticket_id FROM outbox AS o JOIN tickets AS t ON t.id = o.ticket_id
            WHERE o.ticket_id IN (SELECT value FROM json_each(?)) AND o.status = 'sent'
              AND o.result_message_id IS NOT NULL AND o.chat_id != ?
              AND o.purpose IN (SELECT value FROM json_each(?))
              AND o.result_message_id IS NOT COALESCE(t.staff_message_id, -1)
            ORDER BY o.id
            """,
            (json.dumps(ticket_ids), citizen_chat, json.dumps(_COPIES)),
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]
