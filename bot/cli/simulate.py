"""`python -m bot simulate SET.jsonl`: play a labelled set through the real conversation and ticket workflow.

Usage:
    DATABASE_URL=sqlite:///sim/bot.sqlite3 python -m bot simulate SET.jsonl [--verbose]

Each line ({"text", "lang", "expect", "tags"}, the score_match format) is one citizen asking one question
in a fresh chat. The same objects the Telegram handlers use (`Conversation`, `Workflow` on a real SQLite
database) answer it, so the database ends up with the records real use would leave; no Telegram is
involved (messages for citizens and staff stay in the outbox). What the simulated citizen and staff do
is decided by `bot.learning.simulate_policy`: the citizen picks the right clarify option, rates answers
👍/👎 and asks for an officer after a wrong one; staff answer with the labelled entry, or in their own
words (and label the ticket "new topic") when no entry fits, then close the ticket.

Simulated citizens get ids far above Telegram's, and a database that holds real citizens is refused:
the bot would otherwise try to deliver the simulation's messages.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.content import Content, load_content
from bot.domain import callbacks
from bot.domain.context import EMPTY, DialogueState
from bot.domain.conversation import Reply
from bot.domain.kinds import Incoming, Kind
from bot.learning.records import NEW_TOPIC
from bot.learning.simulate_policy import (
    ASK_STAFF,
    FAQ,
    NONE,
    PICK,
    THUMBS_UP,
    BotTurn,
    CitizenAction,
    citizen_next,
    staff_reply,
)
from bot.storage import Database, Outbox, TicketStore, UserStore, open_database
from bot.storage.staff_links import StaffLinks
from bot.workflow import Person, Workflow

SIM_USERS = 9_000_000_000_000  # simulated citizens' ids start here (Telegram's are far below)
SIM_STAFF_CHAT = -1_009_999_999_999
OFFICER = Person(SIM_USERS - 1, "Simulated officer")
MAX_TURNS = 4  # presses after one question: bounds a bot that would offer the same buttons forever
_LANG_HINT = {"ky-latn": "ky", "ru-latn": "ru", "mixed": "ky"}  # the citizen's Telegram language


class RealDatabaseError(RuntimeError):
    """The database holds real citizens: a simulation must not be mixed into it."""


@dataclass
class Tally:
    """What happened, overall and per language of the set."""

    total: Counter[str] = field(default_factory=Counter)
    by_lang: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, lang: str, what: str) -> None:
        self.total[what] += 1
        self.by_lang.setdefault(lang, Counter())[what] += 1


class Simulation:
    def __init__(self, content: Content, db: Database, first_user: int, first_update: int) -> None:
        users, tickets, outbox = UserStore(db), TicketStore(db), Outbox(db)
        self.content, self.db, self.tickets = content, db, tickets
        self.workflow = Workflow(content, db, users, tickets, outbox, StaffLinks(db), SIM_STAFF_CHAT, (0, 24))
        self.next_user, self.next_update = first_user, first_update
        self.tally = Tally()

    def _update_id(self) -> int:
        self.next_update += 1
        return self.next_update

    async def play(self, item: dict) -> str:
        """One citizen, one question, everything that follows; returns a line saying what happened."""
        self.next_user += 1
        citizen = Person(self.next_user, f"Citizen {self.next_user - SIM_USERS}")
        chat, lang = citizen.id, str(item.get("lang", "ru"))
        await self.workflow.citizen_seen(citizen, chat)
        reply = self.content.conversation.respond(item["text"], _LANG_HINT.get(lang, lang))
        await self.workflow.answer_question(citizen, chat, 1, item["text"], reply, self._update_id())
        self.tally.add(lang, f"bot:{reply.kind}")
        state, done = reply.state, []
        turn: BotTurn | None = _turn(reply)
        for _ in range(MAX_TURNS):
            actions = citizen_next(item, turn) if turn is not None else ()
            if not actions:
                break
            for action in actions:
                done.append(action.kind)
                self.tally.add(lang, f"citizen:{action.kind}")
                turn, state = await self._press(citizen, action, state, item["text"], reply.lang)
        staff = await self._staff(item, citizen, lang)
        return f"[{item.get('expect', NONE)}] {item['text']!r} -> {reply.kind} {_shown(reply)}; {done}; {staff}"

    async def _press(
        self, citizen: Person, action: CitizenAction, state: DialogueState, question: str, lang: str
    ) -> tuple[BotTurn | None, DialogueState]:
        """A button press, as the citizen-button handler performs it."""
        chat = citizen.id
        if action.kind == ASK_STAFF:
            forward = state.forward_question or question  # what "send to an officer" forwards
            ask_lang = self.content.matcher.detector.detect(forward, default=lang)
            await self.workflow.escalate(citizen, Incoming(chat, 1, Kind.TEXT, forward), ask_lang)
            return None, EMPTY
        assert action.entry is not None
        if action.kind == PICK:
            data = callbacks.encode("e", action.entry)
        else:
            data = callbacks.encode("f", "u" if action.kind == THUMBS_UP else "d", action.entry)
        await self.workflow.record_press(chat, data, state.clarify_options)
        answer = self.content.conversation.press(data, lang, state)
        if answer is not None:
            await self.workflow.send_reply(chat, answer, None, key=f"u{self._update_id()}")
            state = answer.state if answer.state.updated_at else state
        return (BotTurn("answer", shown_entry=action.entry) if action.kind == PICK else None), state

    async def _staff(self, item: dict, citizen: Person, lang: str) -> str:
        """Staff answer the citizen's open ticket (if any) as the policy says, label it if new, and close it."""
        ticket = await self.tickets.active_for_user(citizen.id)
        if ticket is None:
            return "no ticket"
        action = staff_reply(item)
        if action.kind == FAQ and action.entry in self.content.faq.entries:
            await self.workflow.answer_with_entry(ticket.id, action.entry, OFFICER)
            self.tally.add(lang, "staff:faq_answer")
            what = f"#{ticket.id} answered with {action.entry}"
        else:
            text = action.text or "Simulated staff answer."
            reply = Incoming(SIM_STAFF_CHAT, self._update_id(), Kind.TEXT, text)
            await self.workflow.staff_answer(ticket.id, OFFICER, reply)
            await self.workflow.label_ticket(ticket.id, NEW_TOPIC, OFFICER)
            self.tally.add(lang, "staff:text_answer")
            what = f"#{ticket.id} answered in own words, labelled new"
        await self.workflow.close(ticket.id, OFFICER, notify_citizen=False)
        self.tally.add(lang, "staff:closed")
        return what


def _turn(reply: Reply) -> BotTurn:
    options = reply.state.clarify_options if reply.kind == "clarify" else ()
    shown = reply.entry_id if reply.kind in ("answer", "urgent") else None
    return BotTurn(reply.kind, options, shown)


def _shown(reply: Reply) -> str:
    if reply.kind == "clarify":
        return "[" + ", ".join(reply.state.clarify_options) + "]"
    return reply.entry_id or ""


async def _ids(db: Database) -> tuple[int, int]:
    """The next simulated citizen and update ids; refuses a database where real citizens wrote."""
    real = await db.fetchval("SELECT COUNT(*) FROM users WHERE user_id < ?", (OFFICER.id,))
    if real:
        raise RealDatabaseError(
            f"the database holds {real} real citizens: simulate into a database of its own (DATABASE_URL)"
        )
    user = await db.fetchval("SELECT MAX(user_id) FROM users")
    update = await db.fetchval("SELECT MAX(update_id) FROM questions")
    return max(int(user or 0), SIM_USERS), int(update or 0) + 1000


async def simulate(items: list[dict], database_url: str, out: TextIO, verbose: bool = False) -> Tally:
    content = load_content()
    db = await open_database(database_url)
    try:
        first_user, first_update = await _ids(db)
        sim = Simulation(content, db, first_user, first_update)
        for item in items:
            line = await sim.play(item)
            if verbose:
                print(line, file=out)
        return sim.tally
    finally:
        await db.close()


def report(tally: Tally, out: TextIO) -> None:
    """Counts of what the bot, the citizens and the staff did, overall and per language."""
    columns = [
        ("questions", "bot:"),
        ("answer", "bot:answer"),
        ("clarify", "bot:clarify"),
        ("escalate", "bot:escalate"),
        ("urgent", "bot:urgent"),
        ("out_of_scope", "bot:out_of_scope"),
        ("picked", "citizen:pick"),
        ("👍", "citizen:thumbs_up"),
        ("👎", "citizen:thumbs_down"),
        ("to_staff", "citizen:ask_staff"),
        ("staff_faq", "staff:faq_answer"),
        ("staff_text", "staff:text_answer"),
        ("closed", "staff:closed"),
    ]
    print(f"{'lang':8} " + " ".join(f"{name:>12}" for name, _ in columns), file=out)
    rows = [*sorted(tally.by_lang.items()), ("all", tally.total)]
    for lang, counts in rows:
        values = [sum(v for k, v in counts.items() if k.startswith(key)) for _, key in columns]
        print(f"{lang:8} " + " ".join(f"{v:>12}" for v in values), file=out)


def run_simulate(set_path: str, database_url: str, out: TextIO, verbose: bool = False) -> int:
    path = Path(set_path)
    with path.open(encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    try:
        tally = asyncio.run(simulate(items, database_url, out, verbose))
    except RealDatabaseError as exc:
        print(f"simulate: {exc}", file=out)
        return 2
    print(f"{path.name}: {len(items)} questions simulated into {database_url}", file=out)
    report(tally, out)
    return 0
