"""Staff-side handlers through the real Application, offline."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

from tests.fakebot import MessageView
from tests.handlers.conftest import ADMIN, ROOT, STAFF_A, STAFF_B, STAFF_CHAT, Harness

QUESTION = "где в бишкеке купить детский велосипед недорого"


async def open_ticket(h: Harness, user_id: int, name: str = "Гражданин", lang: str = "ru") -> MessageView:
    user = h.fake.make_user(user_id, name, lang)
    await h.feed(h.fake.user_sends_text(user, QUESTION))
    offer = h.last(user.id)
    await h.feed(h.fake.user_presses_button(user, offer.message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert "<b>#" in (card.source_text or "")
    return card


async def test_two_staff_answering_at_once_both_reach_the_citizen(h: Harness) -> None:
    card = await open_ticket(h, 201)
    a = h.fake.user_sends_text(STAFF_A, "Ответ первого", chat=STAFF_CHAT, reply_to=card.message_id)
    b = h.fake.user_sends_text(STAFF_B, "Ответ второго", chat=STAFF_CHAT, reply_to=card.message_id)
    await h.feed(a)
    await h.feed(b)
    texts = [m.text or "" for m in h.seen(201)]
    assert any("Ответ первого" in t for t in texts) and any("Ответ второго" in t for t in texts)
    thread = await h.rt.tickets.thread(1)
    assert [m.author_name for m in thread if m.direction == "staff"] == ["Айгуль", "Бекзат"]


async def test_take_close_and_citizen_is_told(h: Harness) -> None:
    card = await open_ticket(h, 202)
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:take:1", chat=STAFF_CHAT))
    assert "Айгуль" in h.fake.message(STAFF_CHAT, card.message_id).text
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:close:1", chat=STAFF_CHAT))
    closed = h.fake.message(STAFF_CHAT, card.message_id)
    assert "Закрыто" in closed.text and not closed.callback_data
    assert "закрыто сотрудником" in h.last(202).text


async def test_answer_with_faq_entry_in_citizens_language(h: Harness) -> None:
    user = h.fake.make_user(203, "Kanat", "en")
    await h.feed(h.fake.user_sends_text(user, "my brother was arrested by police in Moscow"))
    card = h.last(STAFF_CHAT)
    faq_button = next(d for d in card.callback_data if d.startswith("s:faq:1:"))
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, faq_button, chat=STAFF_CHAT))
    sent = h.last(user.id)
    assert "Answer from a consular officer" in sent.text
    assert any(d.startswith("f:u:") for d in sent.callback_data)


async def test_spam_blocks_the_user(h: Harness) -> None:
    card = await open_ticket(h, 204)
    await h.feed(h.fake.user_presses_button(STAFF_B, card.message_id, "s:spam:1", chat=STAFF_CHAT))
    await h.feed(h.fake.user_sends_text(204, "ещё вопрос про запрет на въезд"))
    assert "не можете" in h.last(204).text


async def test_forged_and_stale_staff_callbacks_do_nothing(h: Harness) -> None:
    card = await open_ticket(h, 205)
    outsider = h.fake.make_user(299, "Outsider", "ru")
    h.fake.set_member_status(STAFF_CHAT, outsider, "left")
    await h.feed(h.fake.user_presses_button(outsider, card.message_id, "s:close:1", chat=STAFF_CHAT, forged=True))
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:close:99", chat=STAFF_CHAT, forged=True))
    await h.feed(h.fake.user_presses_button(STAFF_A, card.message_id, "s:drop:1", chat=STAFF_CHAT, forged=True))
    ticket = await h.rt.tickets.get(1)
    assert ticket is not None and ticket.status == "open"


async def test_queue_ticket_and_stats_commands(h: Harness) -> None:
    card = await open_ticket(h, 206)
    await h.feed(h.fake.user_sends_command(STAFF_A, "/queue", chat=STAFF_CHAT))
    assert "#1" in h.last(STAFF_CHAT).text
    await h.feed(h.fake.user_sends_text(STAFF_A, "Смотрите сайт mfa.gov.kg", chat=STAFF_CHAT, reply_to=card.message_id))
    await h.feed(h.fake.user_sends_command(STAFF_A, "/ticket 1", chat=STAFF_CHAT))
    thread = h.last(STAFF_CHAT).text
    assert QUESTION in thread and "mfa.gov.kg" in thread
    await h.feed(h.fake.user_sends_command(STAFF_A, "/stats", chat=STAFF_CHAT))
    stats = h.last(STAFF_CHAT).text
    assert "Вопросов: 1" in stats and "Передано сотрудникам: 1" in stats


async def test_admin_can_use_staff_commands_in_private(h: Harness) -> None:
    await open_ticket(h, 207)
    await h.feed(h.fake.user_sends_command(ADMIN, "/queue"))
    assert "#1" in h.last(ADMIN).text


async def test_a_staff_answer_at_telegrams_limit_arrives_whole(h: Harness) -> None:
    card = await open_ticket(h, 208)
    long_text = ("Подробный ответ & <детали>. " * 200)[:4096].strip()  # Telegram's own limit for the staff member
    await h.feed(h.fake.user_sends_text(STAFF_A, long_text, chat=STAFF_CHAT, reply_to=card.message_id))
    seen = h.seen(208)
    start = next(n for n, m in enumerate(seen) if "Ответ сотрудника" in (m.text or ""))
    parts = seen[start:]  # the header, then the answer itself, as staff wrote it
    assert parts[-1].text == long_text
    assert all(len(m.text or "") <= 4096 for m in parts)


async def test_unanswered_ticket_is_resurfaced(h: Harness) -> None:
    await open_ticket(h, 209)
    count = await h.rt.workflow.resurface(older_than_s=3600, now=time.time() + 2 * 3600)
    await h.rt.worker.drain(5.0)
    assert count == 1
    assert "⏰" in h.last(STAFF_CHAT).text


async def test_photo_answer_from_staff_is_copied_to_citizen(h: Harness) -> None:
    card = await open_ticket(h, 210)
    await h.feed(h.fake.user_sends_photo(STAFF_A, chat=STAFF_CHAT, reply_to=card.message_id))
    copied = h.last(210)
    assert copied.copied_from is not None and copied.copied_from[0] == STAFF_CHAT


async def test_admin_reload_applies_a_good_faq_and_refuses_a_broken_one(h: Harness, tmp_path: Path) -> None:
    faq_copy = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", faq_copy)
    h.rt.settings = replace(h.rt.settings, faq_dir=str(faq_copy))
    await h.feed(h.fake.user_sends_command(ADMIN, "/reload"))
    assert "32" in h.last(ADMIN).text

    broken = faq_copy / "service.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  - id: bot-help", "  - id: bot-help\n  oops"))
    await h.feed(h.fake.user_sends_command(ADMIN, "/reload"))
    report = h.last(ADMIN).text
    assert "❌" in report and "service.yaml:" in report
    citizen = h.fake.make_user(220, "Still", "ru")
    await h.feed(h.fake.user_sends_text(citizen, "нужен ли патент кыргызам для работы в россии"))
    assert any(d.startswith("f:u:") for d in h.last(citizen.id).callback_data)  # the old FAQ still answers


async def test_reload_is_for_admins_only(h: Harness) -> None:
    await h.feed(h.fake.user_sends_command(STAFF_A, "/reload", chat=STAFF_CHAT))
    assert h.fake.last_message(STAFF_CHAT) is None  # nothing said, nothing reloaded


async def test_an_emergency_in_a_follow_up_makes_the_open_ticket_urgent(h: Harness) -> None:
    card = await open_ticket(h, 211)
    await h.feed(h.fake.user_sends_text(211, "срочно, брата задержала полиция в москве"))
    assert "⚠️" in h.last(211).text  # the emergency answer at once
    assert "СРОЧНО" in h.fake.message(STAFF_CHAT, card.message_id).text
    ticket = await h.rt.tickets.get(1)
    assert ticket is not None and ticket.urgent
