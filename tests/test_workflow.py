"""The ticket workflow on a real SQLite file: what citizens and staff would be sent, and that it is all-or-nothing.

No Telegram: the workflow only writes Bot API payloads into the outbox, so the tests read the outbox.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content import Content, load_content
from bot.domain.kinds import Incoming, Kind
from bot.render.telegram_html import MAX_TEXT, html_problems, visible_length
from bot.storage import Database, Outbox, OutboxItem, TicketStore, UserStore, open_database
from bot.storage.staff_links import StaffLinks
from bot.workflow import Person, Workflow

ROOT = Path(__file__).resolve().parents[1]
STAFF_CHAT = -1001234567890
CITIZEN = Person(5551001, "Айбек", "aibek")
OFFICER = Person(7001, "Айгуль", None)


@pytest.fixture(scope="module")
def core() -> Content:
    return load_content(ROOT / "faq", ROOT / "locales")


@dataclass
class Env:
    db: Database
    users: UserStore
    tickets: TicketStore
    outbox: Outbox
    wf: Workflow

    async def rows(self) -> list[OutboxItem]:
        return [OutboxItem.from_row(r) for r in await self.db.fetchall("SELECT * FROM outbox ORDER BY id")]

    async def count(self, table: str) -> int:
        return int(await self.db.fetchval(f"SELECT COUNT(*) FROM {table}"))


@pytest.fixture
async def env(tmp_path: Path, core: Content) -> AsyncIterator[Env]:
    db = await open_database(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    users, tickets, outbox = UserStore(db), TicketStore(db), Outbox(db)
    links = StaffLinks(db)
    yield Env(db, users, tickets, outbox, Workflow(core, db, users, tickets, outbox, links, STAFF_CHAT, (9, 18)))
    await db.close()


async def escalate(env: Env, question: str = "Как снять запрет на въезд, если я уже выехал?", message_id: int = 10):
    return await env.wf.escalate(CITIZEN, text(message_id, question), "ru")


def text(message_id: int, words: str, chat_id: int = CITIZEN.id) -> Incoming:
    return Incoming(chat_id, message_id, Kind.TEXT, words)


async def deliver_card(env: Env, ticket_id: int, message_id: int = 777) -> None:
    """What the delivery worker records once the staff card is sent."""
    card = next(r for r in await env.rows() if r.ticket_id == ticket_id and r.purpose == "ticket_card")
    async with env.db.transaction():
        await env.outbox.mark_sent(card.id, message_id)
        await env.wf.on_sent(card, message_id)


def texts_to(rows: list[OutboxItem], chat_id: int) -> list[str]:
    return [r.payload["text"] for r in rows if r.chat_id == chat_id and "text" in r.payload]


def callback_data(item: OutboxItem) -> list[str]:
    markup = item.payload.get("reply_markup", {"inline_keyboard": []})
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


# ---- escalate ---------------------------------------------------------------------------------


async def test_escalate_opens_a_ticket_with_a_staff_card_and_a_receipt(env: Env) -> None:
    question = 'Что делать, если <не пускают> & "развернули" на границе?'
    ticket = await escalate(env, question)
    assert (ticket.status, ticket.user_id, ticket.chat_id, ticket.language) == ("open", CITIZEN.id, CITIZEN.id, "ru")
    assert ticket.question == question and not ticket.urgent

    card, receipt = await env.rows()
    assert (card.chat_id, card.method, card.purpose) == (STAFF_CHAT, "sendMessage", "ticket_card")
    assert card.ticket_id == ticket.id
    assert "&lt;не пускают&gt; &amp; &quot;развернули&quot;" in card.payload["text"]  # escaped, shown literally
    assert html_problems(card.payload["text"]) == []
    assert {f"s:take:{ticket.id}", f"s:close:{ticket.id}", f"s:spam:{ticket.id}"} <= set(callback_data(card))
    assert CITIZEN.first_name in card.payload["text"] and str(CITIZEN.id) in card.payload["text"]

    assert receipt.chat_id == CITIZEN.id and receipt.method == "sendMessage"
    assert f"#{ticket.id}" in receipt.payload["text"]
    assert "09:00–18:00" in receipt.payload["text"]  # when to expect an answer
    assert html_problems(receipt.payload["text"]) == []
    assert await env.tickets.thread(ticket.id) and (await env.users.get(CITIZEN.id)) is not None


async def test_escalate_is_idempotent_for_the_same_source_message(env: Env) -> None:
    first = await escalate(env, message_id=10)
    again = await escalate(env, message_id=10)  # the same Telegram update redelivered after a crash
    assert again.id == first.id
    assert len(await env.rows()) == 2
    assert await env.count("tickets") == 1
    other = await escalate(env, "А ещё вопрос про ОМС", message_id=11)
    assert other.id != first.id
    assert len(await env.rows()) == 4


async def test_escalate_is_all_or_nothing(env: Env) -> None:
    # the last write of the transaction fails: nothing of the ticket may remain, no receipt may be sent
    await env.db.execute(
        "CREATE TRIGGER fail_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        await escalate(env)
    assert await env.count("tickets") == 0
    assert await env.count("outbox") == 0
    assert await env.count("messages") == 0
    await env.db.execute("DROP TRIGGER fail_events")
    ticket = await escalate(env)  # the redelivered update then succeeds once
    assert [r.ticket_id for r in await env.rows()] == [ticket.id, ticket.id]  # the card and the receipt
    assert await env.count("tickets") == 1


async def test_urgent_escalation_is_marked_for_staff_and_citizen(env: Env) -> None:
    ticket = await env.wf.escalate(CITIZEN, text(12, "брата задержали в москве"), "ru", urgent=True)
    assert ticket.urgent
    card, receipt = await env.rows()
    assert "СРОЧНО" in card.payload["text"]
    assert "Срочное обращение" in receipt.payload["text"] and f"#{ticket.id}" in receipt.payload["text"]


async def test_media_escalation_copies_the_media_to_staff(env: Env) -> None:
    ticket = await env.wf.escalate(CITIZEN, Incoming(CITIZEN.id, 13, Kind.VOICE), "ru")
    assert ticket.question == "[voice]"
    rows = await env.rows()
    copy = next(r for r in rows if r.method == "copyMessage")
    assert (copy.payload["chat_id"], copy.payload["from_chat_id"], copy.payload["message_id"]) == (
        STAFF_CHAT,
        CITIZEN.id,
        13,
    )
    assert copy.payload["caption"].startswith(f"📎 #{ticket.id}")  # a reply to the copy finds its ticket
    assert copy.ticket_id == ticket.id
    assert any(f"#{ticket.id}" in t for t in texts_to(rows, CITIZEN.id))


async def test_the_receipt_is_in_the_citizens_language(env: Env, core: Content) -> None:
    ticket = await env.wf.escalate(CITIZEN, text(14, "паспортумду жоготтум, эмне кылам"), "ky")
    (receipt,) = [r for r in await env.rows() if r.chat_id == CITIZEN.id]
    assert receipt.payload["text"].startswith(core.translator.t("ky", "escalate.created", ticket=ticket.id))


async def test_a_huge_question_still_gives_a_card_telegram_accepts(env: Env) -> None:
    question = 'Вопрос с "кавычками" & <скобками> ' * 400  # about 14,000 characters pasted at once
    ticket = await escalate(env, question)
    card = next(r for r in await env.rows() if r.purpose == "ticket_card")
    assert visible_length(card.payload["text"]) <= MAX_TEXT
    assert html_problems(card.payload["text"]) == []
    assert (await env.tickets.get(ticket.id)).question == question  # type: ignore[union-attr]  # kept in full


# ---- staff answers ----------------------------------------------------------------------------


async def test_staff_answer_reaches_the_citizen_as_written_with_its_links(env: Env) -> None:
    ticket = await escalate(env)
    before = len(await env.rows())
    staff_text = 'Запишитесь на приём здесь: <паспорт> & "справка"'
    link = {"type": "text_link", "offset": staff_text.index("здесь"), "length": 5, "url": "https://mfa.gov.kg"}
    message = Incoming(STAFF_CHAT, 501, Kind.TEXT, staff_text, (link,))
    assert await env.wf.staff_answer(ticket.id, OFFICER, message)
    (answer,) = (await env.rows())[before:]
    sent = answer.payload["text"]
    assert answer.chat_id == CITIZEN.id and answer.purpose == "staff_answer"
    assert sent.startswith("✉️") and f"#{ticket.id}" in sent.split("\n")[0]
    assert sent.endswith(staff_text) and "parse_mode" not in answer.payload  # not re-rendered: nothing to escape
    shifted = next(e for e in answer.payload["entities"] if e["type"] == "text_link")
    body = sent.encode("utf-16-le")[shifted["offset"] * 2 : (shifted["offset"] + shifted["length"]) * 2]
    assert body.decode("utf-16-le") == "здесь" and shifted["url"] == "https://mfa.gov.kg"
    updated = await env.tickets.get(ticket.id)
    assert updated is not None and updated.status == "answered" and updated.first_answer_at is not None
    assert updated.taken_by == OFFICER.id

    # the same staff message seen twice sends nothing new
    assert await env.wf.staff_answer(ticket.id, OFFICER, message)
    assert len(await env.rows()) == before + 1


async def test_a_staff_answer_too_long_for_a_header_is_copied_after_one(env: Env) -> None:
    ticket = await escalate(env)
    before = len(await env.rows())
    staff_text = "Пункт про документы. " * 195  # within Telegram's 4096, but not with a header in front
    assert await env.wf.staff_answer(ticket.id, OFFICER, Incoming(STAFF_CHAT, 502, Kind.TEXT, staff_text))
    header, copy = (await env.rows())[before:]
    assert f"#{ticket.id}" in header.payload["text"] and len(header.payload["text"]) < 200
    assert (copy.method, copy.payload["from_chat_id"], copy.payload["message_id"]) == ("copyMessage", STAFF_CHAT, 502)
    assert {header.chat_id, copy.chat_id} == {CITIZEN.id}


async def test_a_corrected_answer_reaches_the_citizen_under_the_old_one(env: Env) -> None:
    ticket = await escalate(env)
    await env.wf.staff_answer(ticket.id, OFFICER, Incoming(STAFF_CHAT, 503, Kind.TEXT, "Приходите 15 марта."))
    answer = next(r for r in await env.rows() if r.purpose == "staff_answer")
    await env.outbox.mark_sent(answer.id, 9001)  # the citizen has it as message 9001
    before = len(await env.rows())
    assert await env.wf.staff_edit(Incoming(STAFF_CHAT, 503, Kind.TEXT, "Приходите 25 марта."), 1000) is not None
    fix = next(r for r in (await env.rows())[before:] if r.chat_id == CITIZEN.id)
    assert "25 марта" in fix.payload["text"] and "✏️" in fix.payload["text"]
    assert fix.payload["reply_parameters"]["message_id"] == 9001
    assert (await env.tickets.get(ticket.id)).answer_edited_at is not None  # type: ignore[union-attr]
    thread = await env.tickets.thread(ticket.id)
    assert [m.text for m in thread if m.direction == "staff"] == ["Приходите 25 марта."]
    # an edit of a message that was never an answer is staff talking: nothing is sent
    assert await env.wf.staff_edit(Incoming(STAFF_CHAT, 504, Kind.TEXT, "обед?"), 1001) is None


async def test_staff_answer_to_an_unknown_ticket_sends_nothing(env: Env) -> None:
    assert not await env.wf.staff_answer(424242, OFFICER, Incoming(STAFF_CHAT, 503, Kind.TEXT, "ответ"))
    assert await env.rows() == []


# ---- follow-ups -------------------------------------------------------------------------------


async def test_a_follow_up_reopens_an_answered_ticket_under_its_card(env: Env) -> None:
    ticket = await escalate(env)
    await deliver_card(env, ticket.id, 777)
    assert await env.wf.links.ticket_of(STAFF_CHAT, 777) == ticket.id  # staff replies to the card reach the citizen
    await env.wf.staff_answer(ticket.id, OFFICER, Incoming(STAFF_CHAT, 501, Kind.TEXT, "Обратитесь в консульство."))
    answered = await env.tickets.get(ticket.id)
    assert answered is not None and answered.status == "answered" and answered.staff_message_id == 777
    before = len(await env.rows())

    assert await env.wf.add_followup(answered, text(11, "А если у меня <нет> паспорта?"))
    reopened = await env.tickets.get(ticket.id)
    assert reopened is not None and reopened.status == "open"
    new = (await env.rows())[before:]
    note = next(r for r in new if r.method == "sendMessage")
    assert note.chat_id == STAFF_CHAT and note.ticket_id == ticket.id
    assert note.payload["reply_parameters"]["message_id"] == 777
    assert note.payload["text"].endswith("А если у меня <нет> паспорта?")
    assert f"#{ticket.id}" in note.payload["text"].split("\n")[0]
    edit = next(r for r in new if r.method == "editMessageText")
    assert edit.payload["message_id"] == 777 and f"s:take:{ticket.id}" in callback_data(edit)

    # the same message again (a redelivered update) adds nothing
    assert not await env.wf.add_followup(reopened, text(11, "А если у меня <нет> паспорта?"))
    assert len(await env.rows()) == len(new) + before


async def test_a_media_follow_up_is_copied_under_the_card(env: Env) -> None:
    ticket = await escalate(env)
    await deliver_card(env, ticket.id, 778)
    current = await env.tickets.get(ticket.id)
    assert current is not None
    assert await env.wf.add_followup(current, Incoming(CITIZEN.id, 12, Kind.VIDEO_NOTE))
    header, copy = [r for r in await env.rows() if r.purpose == "followup"]
    assert f"#{ticket.id}" in header.payload["text"]  # a video note has no caption: a header goes first
    assert copy.payload["message_id"] == 12 and copy.payload["reply_parameters"]["message_id"] == 778


# ---- delivery failures ------------------------------------------------------------------------


async def _answered_ticket(env: Env) -> tuple[int, OutboxItem]:
    ticket = await escalate(env)
    await deliver_card(env, ticket.id, 777)
    await env.wf.staff_answer(ticket.id, OFFICER, Incoming(STAFF_CHAT, 501, Kind.TEXT, "Ответ сотрудника"))
    answer = next(r for r in await env.rows() if r.purpose == "staff_answer")
    return ticket.id, answer


async def test_a_blocked_bot_marks_the_citizen_and_tells_staff_on_the_card(env: Env) -> None:
    ticket_id, answer = await _answered_ticket(env)
    before = len(await env.rows())
    await env.wf.delivery_failed(answer, "Forbidden: bot was blocked by the user", True)
    user = await env.users.get(CITIZEN.id)
    assert user is not None and user.bot_blocked
    (notice,) = (await env.rows())[before:]
    assert notice.chat_id == STAFF_CHAT and notice.ticket_id == ticket_id
    assert notice.payload["reply_parameters"]["message_id"] == 777
    assert f"#{ticket_id}" in notice.payload["text"] and "заблокировал бота" in notice.payload["text"]
    await env.wf.delivery_failed(answer, "Forbidden: bot was blocked by the user", True)  # reported once
    assert len(await env.rows()) == before + 1


async def test_another_delivery_failure_shows_the_escaped_reason(env: Env) -> None:
    _, answer = await _answered_ticket(env)
    before = len(await env.rows())
    await env.wf.delivery_failed(answer, "Bad Request: chat <id> not found & gone", False)
    user = await env.users.get(CITIZEN.id)
    assert user is not None and not user.bot_blocked
    (notice,) = (await env.rows())[before:]
    assert "chat &lt;id&gt; not found &amp; gone" in notice.payload["text"]
    assert html_problems(notice.payload["text"]) == []


async def test_a_failure_in_the_staff_chat_causes_no_notice(env: Env) -> None:
    ticket = await escalate(env)
    card = next(r for r in await env.rows() if r.purpose == "ticket_card")
    await env.wf.delivery_failed(card, "Bad Request: message is too long", False)
    assert len(await env.rows()) == 2
    assert ticket.id == card.ticket_id


# ---- resurfacing ------------------------------------------------------------------------------


async def test_resurface_reminds_staff_only_of_old_open_tickets(env: Env) -> None:
    hours = 3600.0
    for uid in (1, 2, 3):
        await env.users.upsert(uid, uid, f"user{uid}", None)
    now = time.time()
    old_open, _ = await env.tickets.create(1, 1, "ru", "старый открытый", [], False, 1, now=now - 3 * hours)
    old_answered, _ = await env.tickets.create(2, 2, "ru", "старый с ответом", [], False, 1, now=now - 3 * hours)
    await env.tickets.mark_answered(old_answered.id, OFFICER.id, OFFICER.first_name)
    old_closed, _ = await env.tickets.create(3, 3, "ru", "старый закрытый", [], False, 1, now=now - 3 * hours)
    await env.tickets.close(old_closed.id, OFFICER.id)
    fresh = await escalate(env)  # opened just now
    before = len(await env.rows())

    assert await env.wf.resurface(2 * hours, now=now) == 1
    (notice,) = (await env.rows())[before:]
    assert notice.chat_id == STAFF_CHAT and notice.ticket_id == old_open.id
    assert f"#{old_open.id}" in notice.payload["text"] and "3 h" in notice.payload["text"]

    assert await env.wf.resurface(2 * hours, now=now + 60) == 0  # not again a minute later
    assert await env.wf.resurface(2 * hours, now=now + 2 * hours + 5) == 2  # still waiting 2 h on: again
    later = {r.ticket_id for r in (await env.rows())[before + 1 :]}
    assert later == {old_open.id, fresh.id}
