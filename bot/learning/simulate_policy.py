"""Simulated citizens and staff for `python -m bot simulate SET.jsonl`.

A labelled question ({"text", "lang", "expect"}) is played through the real conversation and ticket
workflow; this module only decides what the simulated people do, so the same records appear in the
database as real use would leave (clarify picks, 👍/👎, tickets answered and labelled by staff) and
`learn` can be tried end to end. The citizen knows which entry answers the question (`expect`, or
"none"), behaves the way a patient citizen does, and never presses anything the bot did not offer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.learning.records import ANSWER, CLARIFY, ESCALATE, FAQ_ANSWER_PREFIX, NEW_TOPIC, OUT_OF_SCOPE, URGENT

NONE = "none"  # `expect` of a question no FAQ entry answers

# citizen actions
PICK, THUMBS_UP, THUMBS_DOWN, ASK_STAFF = "pick", "thumbs_up", "thumbs_down", "ask_staff"
# staff answers
FAQ, TEXT = "faq", "text"
DEFAULT_FREE_TEXT = "Simulated staff answer: this question is not in the FAQ yet."


@dataclass(frozen=True)
class BotTurn:
    """What the bot just did: its decision, the clarify buttons (entry ids, in order), the entry shown."""

    decision: str  # answer | clarify | escalate | urgent | out_of_scope | smalltalk
    options: tuple[str, ...] = ()
    shown_entry: str | None = None


@dataclass(frozen=True)
class CitizenAction:
    kind: str  # PICK | THUMBS_UP | THUMBS_DOWN | ASK_STAFF
    entry: str | None = None  # the button's entry for PICK, the rated entry for THUMBS_*


@dataclass(frozen=True)
class StaffAction:
    kind: str  # FAQ (answer with the entry's text) | TEXT (a free-text reply)
    label: str  # entry id, or "new" when no entry answers the question
    entry: str | None = None
    text: str | None = None

    @property
    def staff_answer(self) -> str:
        """As `QuestionRecord.staff_answer` stores it: "faq:<entry-id>" or "text"."""
        return f"{FAQ_ANSWER_PREFIX}{self.entry}" if self.kind == FAQ and self.entry else TEXT


def citizen_next(item: dict, turn: BotTurn) -> tuple[CitizenAction, ...]:
    """The citizen's presses after this bot turn, in order; empty when the conversation is over.

    - an answer with the right entry: 👍; with a wrong one: 👎, then ask a consular officer;
    - clarify: pick the right entry if it is among the buttons, else "none of these" (ask staff);
    - escalate (the bot offers to forward the question): accept;
    - out of scope: accept it if no entry answers the question, else insist on an officer;
    - urgent: the answer comes at once and a ticket is opened anyway: 👍 if the answer is the right one.
    """
    expect = item.get("expect", NONE)
    if turn.decision == ANSWER and turn.shown_entry:
        if turn.shown_entry == expect:
            return (CitizenAction(THUMBS_UP, turn.shown_entry),)
        return CitizenAction(THUMBS_DOWN, turn.shown_entry), CitizenAction(ASK_STAFF)
    if turn.decision == CLARIFY:
        if expect in turn.options:
            return (CitizenAction(PICK, expect),)
        return (CitizenAction(ASK_STAFF),)
    if turn.decision == ESCALATE:
        return (CitizenAction(ASK_STAFF),)
    if turn.decision == OUT_OF_SCOPE:
        return () if expect == NONE else (CitizenAction(ASK_STAFF),)
    if turn.decision == URGENT and turn.shown_entry == expect:
        return (CitizenAction(THUMBS_UP, turn.shown_entry),)
    return ()


def staff_reply(item: dict, free_text: str = DEFAULT_FREE_TEXT) -> StaffAction:
    """Staff answer a ticket with the labelled entry's FAQ answer, or in their own words when no entry fits."""
    expect = item.get("expect", NONE)
    if expect == NONE:
        return StaffAction(TEXT, NEW_TOPIC, text=free_text)
    return StaffAction(FAQ, expect, entry=expect)


def play(
    item: dict, first: BotTurn, press: Callable[[CitizenAction], BotTurn | None], max_turns: int = 4
) -> list[CitizenAction]:
    """Drive one conversation: after every press the caller's workflow returns the next bot turn (or None).

    `max_turns` bounds a conversation that would otherwise loop (a bot that offers the same
    buttons forever); every press made is returned, in order.
    """
    done: list[CitizenAction] = []
    turn: BotTurn | None = first
    for _ in range(max_turns):
        if turn is None:
            break
        actions = citizen_next(item, turn)
        if not actions:
            break
        next_turn: BotTurn | None = None
        for action in actions:
            done.append(action)
            next_turn = press(action)
        turn = next_turn
    return done
