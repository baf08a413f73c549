"""Recording what happens to each citizen question, so editors can learn from real use (`python -m bot learn`).

Every step here runs inside the transaction of the workflow step that causes it (the reply, the ticket,
the staff answer), so a question's outcome is committed together with what the citizen or staff saw, and
an update handled again after a crash records nothing twice. Which event sets which field:

- the bot's reply to a question: a new row (masked text, language, decision, candidates, the entry shown);
- a clarify option picked (button or typed "2"): ``picked_entry``;
- 👍 / 👎 under an answer: ``feedback`` (👎 under a picked option also withdraws the pick: it did not help);
- the question becomes a ticket: ``ticket_id``;
- staff answer with an FAQ entry: ``staff_answer = "faq:<id>"``; in their own words: ``"text"``;
- staff label the ticket ("this is entry X" / "new topic"): ``staff_label``, audited as "label";
- the ticket is closed (by staff, as spam, or by the citizen): ``closed``.

A button press or a ticket refers to a question only when it fits it (the entry was shown or offered,
the ticket carries its words), so a press under an old message never confirms the wrong question.
"""

from __future__ import annotations

from bot.domain import callbacks
from bot.domain.conversation import Reply
from bot.learning.records import ANSWER, CLARIFY, ESCALATE, FAQ_ANSWER_PREFIX, OUT_OF_SCOPE, URGENT
from bot.learning.replay import ReplayReport, confirmed_pairs, replay
from bot.matching.matcher import Matcher
from bot.privacy.masking import mask
from bot.storage import Ticket
from bot.workflow.base import Person, WorkflowBase

# Reply kinds that answer a question (menus, smalltalk, "operator" requests are not questions).
_DECISION_OF_KIND = {"answer": ANSWER, "clarify": CLARIFY, "escalate": ESCALATE, "urgent": URGENT}
_DECISION_OF_KIND["out_of_scope"] = OUT_OF_SCOPE
# How far back a button press or a ticket may refer to a question: a citizen may press 👍 or "send to an
# officer" under an answer hours later; a day keeps the link without reaching into another conversation.
REFER_BACK_S = 24 * 3600
TEXT_ANSWER = "text"


class LearningSteps(WorkflowBase):
    async def record_question(
        self, person: Person, chat_id: int, update_id: int, question: str, reply: Reply
    ) -> int | None:
        """A new question row for a reply that answers a question; None for anything else (or a replay).

        The text is the question as it reads in its context ("паспорт / а детям?"), the way staff see it;
        `QuestionStore.record` masks it before it is written.
        """
        decision = _DECISION_OF_KIND.get(reply.kind)
        if decision is None or reply.match is None:
            return None  # a typed clarify choice or "none of these" is an outcome, not a new question
        text = reply.state.forward_question or question
        shown = reply.entry_id if decision in (ANSWER, URGENT) else None
        candidates = [(c.entry_id, c.score) for c in reply.match.candidates[:5]]
        return await self.questions.record(
            user_id=person.id,
            chat_id=chat_id,
            update_id=update_id,
            lang=reply.lang,
            text=text,
            decision=decision,
            candidates=candidates,
            shown_entry=shown,
        )

    async def record_press(self, chat_id: int, data: str, pending: tuple[str, ...]) -> None:
        """A citizen's button: a clarify option among the ``pending`` ones is a pick, 👍/👎 is feedback."""
        parsed = callbacks.parse(data)
        if parsed is None:
            return
        if parsed.action == "e" and parsed.args[0] in pending:
            await self.record_pick(chat_id, parsed.args[0])
        elif parsed.action == "f":
            await self.record_feedback(chat_id, parsed.args[1], up=parsed.args[0] == "u")

    async def record_pick(self, chat_id: int, entry_id: str) -> bool:
        """The citizen chose a clarify option: it confirms the entry for the chat's latest question."""
        recent = await self.questions.recent(chat_id, REFER_BACK_S, limit=1)
        if not recent:
            return False
        latest = recent[0]
        offered = {entry for entry, _ in latest.candidates}
        if latest.decision not in (CLARIFY, OUT_OF_SCOPE) or entry_id not in offered:
            return False
        await self.questions.update(latest.id, picked_entry=entry_id)
        return True

    async def record_feedback(self, chat_id: int, entry_id: str, up: bool) -> bool:
        """👍 / 👎 under an entry: set on the latest question that showed it or whose clarify it was picked from."""
        for record in await self.questions.recent(chat_id, REFER_BACK_S):
            if record.shown_entry == entry_id:
                await self.questions.update(record.id, feedback=1 if up else -1)
                return True
            if record.picked_entry == entry_id:
                fields: dict[str, object] = {"feedback": 1 if up else -1}
                if not up:
                    fields["picked_entry"] = None  # picked, read, and it did not help: not a confirmation
                await self.questions.update(record.id, **fields)
                return True
        return False

    async def link_question(self, ticket: Ticket) -> bool:
        """Attach a new ticket to the question it forwards: the chat's latest one whose words it carries.

        Tickets opened without a question ("I want a person", media) stay unlinked: nothing to learn from.
        """
        carried = mask(ticket.question)
        for record in await self.questions.recent(ticket.chat_id, REFER_BACK_S):
            if record.ticket_id is None and record.text and (record.text in carried or carried in record.text):
                await self.questions.update(record.id, ticket_id=ticket.id)
                return True
        return False

    async def record_staff_answer(self, ticket_id: int, entry_id: str | None = None) -> None:
        """Staff answered: with an FAQ entry (that is a label for the question too) or in their own words."""
        if entry_id is not None:
            await self.questions.set_staff_answer(ticket_id, f"{FAQ_ANSWER_PREFIX}{entry_id}", keep_existing=False)
        else:
            await self.questions.set_staff_answer(ticket_id, TEXT_ANSWER, keep_existing=True)

    async def replay_real(self, new: Matcher) -> ReplayReport:
        """The confirmed real questions through the running matcher and `new` (an edited FAQ's), for /reload."""
        pairs = confirmed_pairs(await self.questions.records(), self.content.faq.entries)
        return replay(pairs, self.content.matcher, new)

    async def record_closed(self, ticket_id: int) -> None:
        await self.questions.for_ticket(ticket_id, closed=1)
