"""What happened to one citizen question, as the learning tools see it.

The storage layer keeps questions, tickets and feedback in its own tables; the lead maps those rows
onto `QuestionRecord`, so everything in `bot.learning` is pure and testable with plain lists. The
text is already masked (`bot.privacy.mask`) when it is stored, so nothing here sees personal data.

A question is *confirmed* for an entry when a person said that entry answers it: the citizen picked
it among the clarify buttons, pressed 👍 under it, or staff labelled the ticket with it or answered
with its FAQ text. Only confirmed questions teach the FAQ new phrasings; a question confirmed for two
different entries is a *conflict* and teaches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

ANSWER, CLARIFY, ESCALATE, URGENT, OUT_OF_SCOPE = "answer", "clarify", "escalate", "urgent", "out_of_scope"
DECISIONS = (ANSWER, CLARIFY, ESCALATE, URGENT, OUT_OF_SCOPE)
NEW_TOPIC = "new"  # staff_label for a question no entry answers
FAQ_ANSWER_PREFIX = "faq:"  # staff_answer "faq:<entry-id>"

# how a confirmation came about, as shown to editors in the evidence of a suggestion
PICKED, THUMBS_UP, STAFF_LABEL, STAFF_ANSWER = "picked", "thumbs_up", "staff_label", "staff_answer"


@dataclass(frozen=True)
class QuestionRecord:
    id: int
    at: float  # epoch seconds
    lang: str
    text: str  # already masked
    decision: str  # one of DECISIONS
    candidates: tuple[tuple[str, float], ...] = ()  # the matcher's (entry id, score), best first
    shown_entry: str | None = None  # the entry the bot answered with
    picked_entry: str | None = None  # the clarify option the citizen picked
    feedback: int = 0  # +1 👍, -1 👎, 0 none
    ticket_id: int | None = None
    staff_label: str | None = None  # entry id staff marked, or "new"
    staff_answer: str | None = None  # "faq:<entry-id>" or "text"
    closed: bool = False

    def confirmations(self) -> dict[str, tuple[str, ...]]:
        """Entry id -> how it was confirmed (PICKED, THUMBS_UP, STAFF_LABEL, STAFF_ANSWER)."""
        found: dict[str, list[str]] = {}
        if self.picked_entry:
            found.setdefault(self.picked_entry, []).append(PICKED)
        if self.shown_entry and self.feedback > 0:
            found.setdefault(self.shown_entry, []).append(THUMBS_UP)
        if self.staff_label and self.staff_label != NEW_TOPIC:
            found.setdefault(self.staff_label, []).append(STAFF_LABEL)
        if self.staff_answer and self.staff_answer.startswith(FAQ_ANSWER_PREFIX):
            entry = self.staff_answer[len(FAQ_ANSWER_PREFIX) :]
            if entry:
                found.setdefault(entry, []).append(STAFF_ANSWER)
        return {entry: tuple(ways) for entry, ways in found.items()}

    @property
    def confirmed_entry(self) -> str | None:
        """The one entry people confirmed for this question; None when none or conflicting."""
        confirmed = self.confirmations()
        return next(iter(confirmed)) if len(confirmed) == 1 else None

    @property
    def conflicting(self) -> bool:
        """Confirmed for two different entries (e.g. 👍 under one, staff labelled another)."""
        return len(self.confirmations()) > 1

    @property
    def unanswered(self) -> bool:
        """Nobody found an FAQ entry for it, and no one confirmed one: escalated, out of scope, answered and
        then 👎, a clarify that ended in a ticket ("none of these"), or staff marked it "new"."""
        failed = (
            self.decision in (ESCALATE, OUT_OF_SCOPE)
            or (self.decision == ANSWER and self.feedback < 0)
            or (self.decision == CLARIFY and self.ticket_id is not None)
            or self.staff_label == NEW_TOPIC
        )
        return failed and not self.confirmations()

    @property
    def new_topic(self) -> bool:
        """Staff said no entry answers this: the strongest hint of a missing topic."""
        return self.staff_label == NEW_TOPIC and not self.confirmations()
