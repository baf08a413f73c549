"""What the bot learns from real use, through the real handlers: every question's outcome, staff labels, audits."""

from __future__ import annotations

import logging

import pytest

from bot.learning.records import QuestionRecord
from tests.handlers.conftest import STAFF_A, STAFF_CHAT, Harness

UNKNOWN = "где в бишкеке купить детский велосипед недорого"  # no FAQ entry answers it: the bot offers an officer


async def records(h: Harness) -> list[QuestionRecord]:
    return await h.rt.workflow.questions.records()


async def test_an_answer_and_its_thumbs_up_are_recorded(h: Harness) -> None:
    user = h.fake.make_user(401, "Aisha", "en")
    await h.feed(h.fake.user_sends_text(user, "What is Meken-Kart?"))
    answer = h.last(user.id)
    entry = next(d[4:] for d in answer.callback_data if d.startswith("f:u:"))
    await h.feed(h.fake.user_presses_button(user, answer.message_id, f"f:u:{entry}"))
    [row] = await records(h)
    assert (row.text, row.lang, row.decision, row.shown_entry, row.feedback) == (
        "What is Meken-Kart?",
        "en",
        "answer",
        entry,
        1,
    )
    assert row.confirmed_entry == entry and row.candidates[0][0] == entry


async def test_thumbs_down_then_an_officer_answer_in_own_words_and_closing(h: Harness) -> None:
    user = h.fake.make_user(402, "Aisha", "en")
    await h.feed(h.fake.user_sends_text(user, "What is Meken-Kart?"))
    answer = h.last(user.id)
    entry = next(d[4:] for d in answer.callback_data if d.startswith("f:d:"))
    await h.feed(h.fake.user_presses_button(user, answer.message_id, f"f:d:{entry}"))
    sorry = h.last(user.id)
    await h.feed(h.fake.user_presses_button(user, sorry.message_id, "x"))
    card = h.last(STAFF_CHAT)
    await h.feed(h.fake.user_sends_text(STAFF_A, "Read mfa.gov.kg", chat=STAFF_CHAT, reply_to=card.message_id))
    [row] = await records(h)
    assert (row.feedback, row.ticket_id, row.staff_answer, row.closed) == (-1, 1, "text", False)
    assert row.unanswered  # rejected and answered by a person: a candidate for a new topic
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:close:1", chat=STAFF_CHAT))
    assert (await records(h))[0].closed


async def test_a_clarify_pick_by_button_and_by_typing_confirms_the_entry(h: Harness) -> None:
    tapping, typing = h.fake.make_user(403, "Нурлан", "ru"), h.fake.make_user(404, "Айбек", "ru")
    for user in (tapping, typing):
        await h.feed(h.fake.user_sends_text(user, "паспорт"))
    clarify = h.last(tapping.id)
    options = [d[2:] for d in clarify.callback_data if d.startswith("e:")]
    assert len(options) >= 2
    await h.feed(h.fake.user_presses_button(tapping, clarify.message_id, f"e:{options[1]}"))
    await h.feed(h.fake.user_sends_text(typing, "второе"))
    rows = await records(h)
    assert [(r.decision, r.picked_entry) for r in rows] == [("clarify", options[1])] * 2  # "второе" is no question
    assert [e for e, _ in rows[0].candidates[: len(options)]] == options


async def test_staff_label_from_the_card_the_thread_and_by_command_is_audited(h: Harness) -> None:
    user = h.fake.make_user(405, "Гражданин", "ru")
    await h.feed(h.fake.user_sends_text(user, UNKNOWN))
    await h.feed(h.fake.user_presses_button(user, h.last(user.id).message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert "s:label:1:new" in card.callback_data
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:label:1:new", chat=STAFF_CHAT))
    assert "новая тема" in h.last(STAFF_CHAT).text and "Айгуль" in h.last(STAFF_CHAT).text
    assert (await records(h))[0].staff_label == "new"
    await h.feed(h.fake.user_sends_command(STAFF_A, "/ticket 1", chat=STAFF_CHAT))  # the thread offers them too
    shown = h.last(STAFF_CHAT)
    assert UNKNOWN in shown.text and "/label 1" in shown.text and "s:label:1:new" in shown.callback_data
    await h.feed(h.fake.user_sends_command(STAFF_A, "/label 1 entry-ban-check", chat=STAFF_CHAT))
    [row] = await records(h)
    assert (row.staff_label, row.confirmed_entry) == ("entry-ban-check", "entry-ban-check")
    await h.feed(h.fake.user_sends_command(STAFF_A, "/label 1 no-such-entry", chat=STAFF_CHAT))
    assert "no-such-entry" in h.last(STAFF_CHAT).text
    labels = [(a.action, a.actor_id, a.ticket_id, a.detail) for a in await h.rt.workflow.audit.latest()]
    assert [a for a in labels if a[0] == "label"] == [
        ("label", STAFF_A, 1, "entry-ban-check"),
        ("label", STAFF_A, 1, "new"),
    ]


async def test_answering_with_an_faq_entry_counts_as_its_label(h: Harness) -> None:
    user = h.fake.make_user(406, "Kanat", "en")
    await h.feed(h.fake.user_sends_text(user, "my brother was arrested by police in Moscow"))
    card = h.last(STAFF_CHAT)
    faq_button = next(d for d in card.callback_data if d.startswith("s:faq:1:"))
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, faq_button, chat=STAFF_CHAT))
    [row] = await records(h)
    entry = faq_button.rsplit(":", 1)[1]
    assert (row.decision, row.ticket_id, row.staff_answer, row.confirmed_entry) == (
        "urgent",
        1,
        f"faq:{entry}",
        entry,
    )


async def test_personal_data_never_reaches_the_questions_table_or_the_log(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # what `python -m bot run` logs
    caplog.set_level(logging.DEBUG, logger="bot")
    secrets = ["+996 555 123 456", "AN1234567", "21234567890123", "aibek.test@mail.ru", "4111 1111 1111 1111"]
    text = (
        f"Тел {secrets[0]}, паспорт {secrets[1]}, ПИН {secrets[2]}, почта {secrets[3]}, "
        f"карта {secrets[4]}. Как проверить запрет на въезд в Россию?"
    )
    user = h.fake.make_user(408, "Айбек", "ru")
    await h.feed(h.fake.user_sends_text(user, text))
    reply = h.last(user.id)
    if "x" in reply.callback_data:  # whatever the bot answered, the question also becomes a ticket
        await h.feed(h.fake.user_presses_button(user, reply.message_id, "x"))
    stored = [row[0] for row in await h.rt.db.fetchall("SELECT text FROM questions")]
    assert len(stored) == 1
    for placeholder in ("[PHONE]", "[PASSPORT]", "[PIN]", "[EMAIL]", "[CARD]"):
        assert placeholder in stored[0]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in stored[0] and secret.replace(" ", "") not in stored[0].replace(" ", "")
        assert secret not in logged
