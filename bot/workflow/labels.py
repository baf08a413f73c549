"""Staff labels: "this question is FAQ entry X" or "this is a new topic", from a card button or /label N.

A label is the strongest evidence `python -m bot learn` gets: a person who knows the FAQ read the
question and named its entry. It is stored on the ticket's question(s) and audited (who, what, when).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.learning.records import NEW_TOPIC
from bot.render.telegram_html import escape
from bot.workflow.base import Person
from bot.workflow.staff import Outcome, Result, StaffSteps


@dataclass(frozen=True)
class Labelled:
    """What a label did: the outcome (as for the card's other buttons) and how many questions carry it."""

    outcome: Outcome
    questions: int = 0


class LabelSteps(StaffSteps):
    async def label_ticket(self, ticket_id: int, label: str, staff: Person) -> Labelled:
        """Label the ticket's question with an entry id or NEW_TOPIC; staff see a notice under the card.

        Labelling again with the same label changes nothing, so a double tap or a replayed update adds
        no second notice or audit row. A ticket without a recorded question (media, "I want a person")
        has nothing to learn from: staff are told so, and nothing is audited.
        """
        if label != NEW_TOPIC and label not in self.content.faq.entries:
            return Labelled(Outcome(Result.UNKNOWN_ENTRY, ticket_id))
        async with self.db.transaction():
            ticket = await self.tickets.get(ticket_id)
            if ticket is None:
                return Labelled(Outcome(Result.NOT_FOUND, ticket_id))
            linked = await self.questions.of_ticket(ticket_id)
            what = escape(self.st("learning.new_topic") if label == NEW_TOPIC else label)
            if not linked:
                note = self.st("learning.label_nothing", ticket=ticket_id)
                await self.notify_staff(note, ticket, key=f"label:{ticket_id}:none")
                return Labelled(Outcome(Result.DONE, ticket_id))
            if all(r.staff_label == label for r in linked):
                return Labelled(Outcome(Result.DONE, ticket_id), len(linked))
            await self.questions.for_ticket(ticket_id, staff_label=label)
            await self.audit.record("label", staff.id, staff.name, ticket_id=ticket_id, detail=label)
            note = self.st("learning.labelled", ticket=ticket_id, label=what, name=escape(staff.name))
            await self.notify_staff(note, ticket)
        return Labelled(Outcome(Result.DONE, ticket_id), len(linked))
