"""A citizen's privacy commands through the real Application, offline: /privacy, /mydata, /forget, and the
retention pass with a fake clock."""

from __future__ import annotations

import json
import time
from dataclasses import replace

from bot.handlers.admin import run_retention
from tests.handlers.conftest import STAFF_A, STAFF_CHAT, Harness

QUESTION = "где в бишкеке купить детский велосипед недорого, мой телефон 0555 123 456"
FOLLOW_UP = "паспорт AN1234567 тоже потерял"
FAQ_QUESTION = "как проверить есть ли запрет на въезд в россию"
DAY = 86400


async def ticket_with_answer(h: Harness, user_id: int, name: str, username: str | None = None) -> int:
    """A citizen asks the FAQ, then staff, adds a follow-up; staff answer. Returns the card's message id."""
    user = h.fake.make_user(user_id, name, "ru", username)
    await h.feed(h.fake.user_sends_text(user, FAQ_QUESTION))
    await h.feed(h.fake.user_sends_command(user, "/start"))  # a new conversation: not a follow-up of the answer
    await h.feed(h.fake.user_sends_text(user, QUESTION))
    await h.feed(h.fake.user_presses_button(user, h.last(user_id).message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert QUESTION in (card.text or "")
    await h.feed(h.fake.user_sends_text(user, FOLLOW_UP))  # joins the open ticket
    assert any(FOLLOW_UP in (m.text or "") for m in h.seen(STAFF_CHAT))
    staff = h.fake.user_sends_text(STAFF_A, "Обратитесь в посольство.", chat=STAFF_CHAT, reply_to=card.message_id)
    await h.feed(staff)
    return card.message_id


async def counts(h: Harness) -> tuple[object, ...]:
    now = time.time()
    s = await h.rt.tickets.stats(since=now - DAY, now=now)
    return (s.questions, s.faq_answers, s.escalated, s.median_first_answer_s is not None)


async def test_privacy_notice_in_each_language_and_linked_from_start(h: Harness) -> None:
    for user_id, lang, words in ((101, "ky", "Ким көрөт"), (102, "ru", "Кто видит"), (103, "en", "Who sees it")):
        user = h.fake.make_user(user_id, "X", lang)
        await h.feed(h.fake.user_sends_command(user, "/privacy"))
        notice = h.last(user_id).text or ""
        assert words in notice and "/forget" in notice and "/mydata" in notice
        assert "180" in notice  # RETENTION_DAYS, the default
        await h.feed(h.fake.user_sends_command(user, "/start"))
        assert (h.last(user_id).text or "").count("/privacy") == 1


async def test_forget_erases_everything_tells_staff_and_keeps_the_counts(h: Harness) -> None:
    card_id = await ticket_with_answer(h, 301, "Гульнара Токтосунова", "gulnara_t")
    before = await counts(h)
    await h.feed(h.fake.user_sends_command(301, "/forget"))
    confirm = h.last(301)
    assert confirm.callback_data == ["p:forget", "p:keep"]
    await h.feed(h.fake.user_presses_button(301, confirm.message_id, "p:forget"))

    done = h.last(301).text or ""
    assert "обращений — 1" in done and "#1" in done  # the open ticket was closed
    assert h.fake.message(301, confirm.message_id).callback_data == []  # cannot be pressed twice
    card = h.fake.message(STAFF_CHAT, card_id)
    assert "стёр свои данные" in card.text and QUESTION not in card.text and "Гульнара" not in card.text
    assert not card.callback_data
    staff_chat = h.fake.messages_in(STAFF_CHAT, include_deleted=True)
    relayed_follow_up = [m for m in staff_chat if FOLLOW_UP in (m.text or "")]
    assert relayed_follow_up and all(m.deleted for m in relayed_follow_up)
    assert await counts(h) == before

    db = h.rt.db
    assert await db.fetchval("SELECT COUNT(*) FROM users WHERE user_id = 301") == 0
    ticket = await h.rt.tickets.get(1)
    assert ticket is not None and ticket.status == "closed" and ticket.redacted == "citizen" and ticket.question == ""
    assert await db.fetchval("SELECT COUNT(*) FROM messages WHERE text IS NOT NULL AND ticket_id = 1") == 0
    assert await db.fetchval("SELECT COUNT(*) FROM events WHERE user_id = 301") == 0
    assert await db.fetchval("SELECT COUNT(*) FROM dialogue WHERE chat_id = 301") == 0
    for table, column in (("outbox", "payload"), ("inbox", "payload"), ("tickets", "question"), ("messages", "text")):
        leaked = await db.fetchval(f"SELECT COUNT(*) FROM {table} WHERE {column} LIKE '%велосипед%'")
        assert leaked == 0, table
    entry = (await h.rt.workflow.audit.latest(1))[0]
    assert (entry.action, entry.actor_id, entry.ticket_id) == ("forget", None, 1)

    # staff answering the erased ticket are told the answer cannot reach anyone
    sent_before = len(h.seen(301))
    await h.feed(h.fake.user_sends_text(STAFF_A, "Ещё ответ", chat=STAFF_CHAT, reply_to=card_id))
    assert "стёрты" in (h.last(STAFF_CHAT).text or "")
    assert len(h.seen(301)) == sent_before


async def test_keep_erases_nothing(h: Harness) -> None:
    await ticket_with_answer(h, 302, "Айбек")
    await h.feed(h.fake.user_sends_command(302, "/forget"))
    await h.feed(h.fake.user_presses_button(302, h.last(302).message_id, "p:keep"))
    assert "ничего не стёрто" in (h.last(302).text or "")
    ticket = await h.rt.tickets.get(1)
    assert ticket is not None and ticket.question == QUESTION and ticket.status == "answered"


async def test_a_blocked_citizen_who_forgets_stays_blocked(h: Harness) -> None:
    card_id = await ticket_with_answer(h, 303, "Спамер")
    await h.feed(h.fake.user_presses_button(STAFF_A, card_id, "s:spam:1", chat=STAFF_CHAT))
    await h.feed(h.fake.user_sends_command(303, "/forget"))
    await h.feed(h.fake.user_presses_button(303, h.last(303).message_id, "p:forget"))
    user = await h.rt.users.get(303)
    assert user is not None and user.banned and user.first_name == "" and user.username is None
    await h.feed(h.fake.user_sends_text(303, "опять спам"))
    assert "не можете" in (h.last(303).text or "")


async def test_mydata_sends_what_is_stored_once_an_hour(h: Harness) -> None:
    await ticket_with_answer(h, 304, "Жылдыз", "jyldyz")
    await h.feed(h.fake.user_sends_command(304, "/mydata"))
    documents = [c for c in h.fake.calls_of("sendDocument") if c.chat_id == 304 and c.ok]
    assert len(documents) == 1
    data = json.loads(next(iter(documents[0].files.values())).content)
    assert data["you"]["username"] == "jyldyz"
    assert data["tickets"][0]["question"] == QUESTION
    assert [m["text"] for m in data["tickets"][0]["messages"]] == [QUESTION, FOLLOW_UP, "Обратитесь в посольство."]
    assert "Айгуль" not in json.dumps(data, ensure_ascii=False)  # staff are named by role only

    await h.feed(h.fake.user_sends_command(304, "/mydata"))
    assert "раз в час" in (h.last(304).text or "")
    assert len([c for c in h.fake.calls_of("sendDocument") if c.chat_id == 304]) == 1


async def test_retention_anonymises_closed_tickets_only_after_the_period(h: Harness) -> None:
    closed_card = await ticket_with_answer(h, 305, "Нурлан")
    await h.feed(h.fake.user_presses_button(STAFF_A, closed_card, "s:close:1", chat=STAFF_CHAT))
    await ticket_with_answer(h, 306, "Асель")  # ticket 2 stays open
    faq_only = h.fake.make_user(307, "Канат", "ru")
    await h.feed(h.fake.user_sends_text(faq_only, FAQ_QUESTION))
    recorded = int(await h.rt.db.fetchval("SELECT COUNT(*) FROM questions WHERE text IS NOT NULL"))
    of_open = int(await h.rt.db.fetchval("SELECT COUNT(*) FROM questions WHERE ticket_id = 2"))
    assert recorded >= 3 and of_open >= 1  # every citizen's question is a learning record

    soon = await run_retention(h.rt, now=time.time() + 179 * DAY)
    assert soon.tickets == 0 and soon.questions == 0
    later = await run_retention(h.rt, now=time.time() + 181 * DAY)
    # learning records go by their own age, except those of a ticket still open
    assert later.ticket_ids == (1,) and later.questions == recorded - of_open

    closed, still_open = await h.rt.tickets.get(1), await h.rt.tickets.get(2)
    assert closed is not None and closed.redacted == "retention" and closed.question == ""
    assert still_open is not None and still_open.question == QUESTION and still_open.redacted is None
    assert "обезличен" in (h.fake.message(STAFF_CHAT, closed_card).text or "")
    assert await h.rt.users.get(307) is None  # not heard from for the period, no ticket: gone
    assert await h.rt.db.fetchval("SELECT COUNT(*) FROM questions WHERE text IS NOT NULL") == 0


async def test_the_retention_job_runs_daily_on_the_shifted_clock(h: Harness) -> None:
    assert [j.name for j in h.app.job_queue.jobs() if j.name == "retention"] == ["retention"]
    card = await ticket_with_answer(h, 308, "Бакыт")
    await h.feed(h.fake.user_presses_button(STAFF_A, card, "s:close:1", chat=STAFF_CHAT))
    h.rt.settings = replace(h.rt.settings, retention_days=1, retention_clock_shift_s=2 * DAY)
    job = next(j for j in h.app.job_queue.jobs() if j.name == "retention")
    await job.run(h.app)
    ticket = await h.rt.tickets.get(1)
    assert ticket is not None and ticket.redacted == "retention"
