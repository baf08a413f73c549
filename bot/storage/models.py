"""Immutable row types and constants for tickets, their messages and statistics."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Final

from bot.domain.kinds import Kind

TICKET_STATUSES: Final = frozenset({"open", "answered", "closed"})
DIRECTIONS: Final = frozenset({"citizen", "staff", "system"})
MESSAGE_KINDS: Final = frozenset(k.value for k in Kind)
EVENT_KINDS: Final = frozenset({"question", "faq_answer", "clarify", "escalate", "feedback_up", "feedback_down"})


class TicketStateError(Exception):
    """A ticket operation is not allowed in the ticket's current state (or it does not exist)."""


@dataclass(frozen=True, slots=True)
class Ticket:
    """A row of ``tickets``; ``guesses`` are the FAQ entries the matcher considered."""

    id: int
    user_id: int
    chat_id: int
    language: str
    status: str
    urgent: bool
    question: str
    guesses: tuple[tuple[str, float], ...]
    source_message_id: int
    created_at: float
    first_answer_at: float | None
    closed_at: float | None
    closed_by: int | None
    taken_by: int | None
    taken_by_name: str | None
    staff_message_id: int | None
    last_surfaced_at: float | None
    answer_edited_at: float | None = None
    closed_by_name: str | None = None
    redacted: str | None = None  # why its texts are gone: "citizen" (/forget) or "retention"
    redacted_at: float | None = None

    @property
    def is_active(self) -> bool:
        """Open or answered: the citizen's follow-ups still belong to this ticket."""
        return self.status != "closed"

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Ticket:
        return cls(
            id=row["id"],
            user_id=row["user_id"],
            chat_id=row["chat_id"],
            language=row["language"],
            status=row["status"],
            urgent=bool(row["urgent"]),
            question=row["question"],
            guesses=tuple((str(e), float(s)) for e, s in json.loads(row["guesses"] or "[]")),
            source_message_id=row["source_message_id"],
            created_at=row["created_at"],
            first_answer_at=row["first_answer_at"],
            closed_at=row["closed_at"],
            closed_by=row["closed_by"],
            taken_by=row["taken_by"],
            taken_by_name=row["taken_by_name"],
            staff_message_id=row["staff_message_id"],
            last_surfaced_at=row["last_surfaced_at"],
            answer_edited_at=row["answer_edited_at"],
            closed_by_name=row["closed_by_name"],
            redacted=row["redacted"],
            redacted_at=row["redacted_at"],
        )


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a ticket thread (citizen question/follow-up, staff reply, system note)."""

    id: int
    ticket_id: int
    direction: str
    kind: str
    text: str | None
    chat_id: int
    message_id: int
    author_id: int | None
    author_name: str | None
    created_at: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Message:
        return cls(
            id=row["id"],
            ticket_id=row["ticket_id"],
            direction=row["direction"],
            kind=row["kind"],
            text=row["text"],
            chat_id=row["chat_id"],
            message_id=row["message_id"],
            author_id=row["author_id"],
            author_name=row["author_name"],
            created_at=row["created_at"],
        )


@dataclass(frozen=True, slots=True)
class Stats:
    """Counters for a time window; ``escalated`` counts tickets created in the window."""

    since: float
    until: float
    questions: int
    faq_answers: int
    clarifications: int
    escalated: int
    feedback_up: int
    feedback_down: int
    median_first_answer_s: float | None
    open_tickets: int
