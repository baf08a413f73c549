"""Citizen-side handlers through the real Application, offline."""

from __future__ import annotations

import time

from bot.inbox.deferred import due_updates
from tests.handlers.conftest import STAFF_CHAT, Harness


async def test_start_greets_in_telegram_language_with_topic_menu(h: Harness) -> None:
    user = h.fake.make_user(101, "Kanat", "en")
    await h.feed(h.fake.user_sends_command(user, "/start"))
    welcome = h.last(user.id)
    assert "Ministry of Foreign Affairs" in welcome.text
    assert any(d.startswith("g:") for d in welcome.callback_data)
    assert h.fake.commands(language_code="ky")  # commands registered per language at start
    assert h.fake.commands(language_code="ru")


async def test_unknown_language_defaults_to_russian(h: Harness) -> None:
    user = h.fake.make_user(102, "Pierre", "fr")
    await h.feed(h.fake.user_sends_command(user, "/start"))
    assert "Министерства" in h.last(user.id).text


async def test_language_switch_is_remembered(h: Harness) -> None:
    user = h.fake.make_user(103, "Айдана", "ru")
    await h.feed(h.fake.user_sends_command(user, "/language"))
    choice = h.last(user.id)
    await h.feed(h.fake.user_presses_button(user, choice.message_id, "l:ky"))
    assert "кыргызча" in h.last(user.id).text
    await h.feed(h.fake.user_sends_command(user, "/status"))
    assert h.last(user.id).text == "Сизде кайрылуулар жок."


async def test_thumbs_down_offers_staff_and_sends_the_original_question(h: Harness) -> None:
    user = h.fake.make_user(104, "Нурлан", "ru")
    question = "нужен ли патент гражданам кыргызстана для работы в россии"
    await h.feed(h.fake.user_sends_text(user, question))
    answer = h.last(user.id)
    down = next(d for d in answer.callback_data if d.startswith("f:d:"))
    await h.feed(h.fake.user_presses_button(user, answer.message_id, down))
    sorry = h.last(user.id)
    assert sorry.callback_data == ["x"]
    await h.feed(h.fake.user_presses_button(user, sorry.message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert question in card.text
    assert "#1" in h.last(user.id).text


async def test_same_update_twice_makes_one_ticket_and_one_reply(h: Harness) -> None:
    user = h.fake.make_user(105, "Дубль", "ru")
    update = h.fake.user_sends_text(user, "брата задержали в москве полиция, что делать")
    await h.feed(update)
    await h.feed(update)  # Telegram re-delivers after a crash before the offset was confirmed
    cards = [m for m in h.seen(STAFF_CHAT) if "<b>#" in (m.source_text or "")]
    assert len(cards) == 1
    replies = [m for m in h.seen(user.id) if "⚠️" in (m.text or "")]
    assert len(replies) == 1


async def test_follow_ups_and_edits_join_the_open_ticket(h: Harness) -> None:
    user = h.fake.make_user(106, "Салтанат", "ru")
    await h.feed(h.fake.user_sends_text(user, "мужа арестовали в екатеринбурге"))
    assert "СРОЧНО" in h.last(STAFF_CHAT).text
    follow = h.fake.user_sends_text(user, "его зовут Азамат, 1990 года рождения")
    await h.feed(follow)
    assert "Азамат, 1990" in h.last(STAFF_CHAT).text
    assert "#1" in h.last(user.id).text
    await h.feed(h.fake.user_edits_text(user, follow["message"]["message_id"], "его зовут Азамат, 1991 года"))
    assert "1991" in h.last(STAFF_CHAT).text


async def test_status_and_cancel(h: Harness) -> None:
    user = h.fake.make_user(107, "Бермет", "ru")
    await h.feed(h.fake.user_sends_command(user, "/cancel"))
    assert "нет открытых" in h.last(user.id).text
    await h.feed(h.fake.user_sends_text(user, "сына задержали на границе в аэропорту"))
    await h.feed(h.fake.user_sends_command(user, "/status"))
    assert "#1 — ждёт ответа" in h.last(user.id).text
    await h.feed(h.fake.user_sends_command(user, "/cancel"))
    assert "#1" in h.last(user.id).text
    await h.feed(h.fake.user_sends_command(user, "/status"))
    assert "#1 — закрыто" in h.last(user.id).text


async def test_a_burst_gets_one_notice_and_the_held_back_questions_are_answered_later(h: Harness) -> None:
    user = h.fake.make_user(108, "Спешащий", "ru")
    for n in range(24):
        await h.feed(h.fake.user_sends_text(user, f"как проверить запрет на въезд {n}"))
    await h.feed(h.fake.user_sends_text(user, "нужен ли патент кыргызам в россии"))  # the real question, last
    texts = [m.text or "" for m in h.seen(user.id)]
    assert sum("очень быстро" in t for t in texts) == 1
    assert len(texts) == 21  # 20 answers within the limit + one notice that says what happens next
    assert (await h.rt.inbox.counts()).get("deferred") == 5
    for update in await due_updates(h.rt, h.app.bot, now=time.time() + 61):  # the citizen slowed down
        await h.app.process_update(update)
    await h.rt.worker.drain(5.0)
    assert "f:u:work-permit-eaeu" in h.last(user.id).callback_data  # the last question got its answer
    assert len(h.seen(user.id)) == 26
    assert "deferred" not in await h.rt.inbox.counts()


async def test_sticker_gets_polite_reply_in_users_language(h: Harness) -> None:
    user = h.fake.make_user(109, "Бакай", "ky")
    await h.feed(h.fake.user_sends_sticker(user))
    assert "текстти гана" in h.last(user.id).text


async def test_greeting_and_thanks_are_not_faq_answers(h: Harness) -> None:
    user = h.fake.make_user(110, "Айжан", "ru")
    await h.feed(h.fake.user_sends_text(user, "здравствуйте"))
    hello = h.last(user.id)
    assert not any(d.startswith("f:") for d in hello.callback_data)
    await h.feed(h.fake.user_sends_text(user, "спасибо"))
    assert "Пожалуйста" in h.last(user.id).text


async def test_ask_an_officer_from_the_menu_opens_a_ticket_and_takes_the_details(h: Harness) -> None:
    user = h.fake.make_user(111, "Асан", "ru")
    await h.feed(h.fake.user_sends_command(user, "/start"))
    await h.feed(h.fake.user_presses_button(user, h.last(user.id).message_id, "g:service"))
    await h.feed(h.fake.user_presses_button(user, h.last(user.id).message_id, "e:human-operator"))
    answer = h.last(user.id)
    assert answer.callback_data[0] == "x"  # the officer button comes first on this entry
    await h.feed(h.fake.user_presses_button(user, answer.message_id, "x"))
    receipt = h.last(user.id)
    assert "#1" in receipt.text and "одним сообщением" in receipt.text
    assert "попросил связаться" in h.last(STAFF_CHAT).text
    await h.feed(h.fake.user_sends_text(user, "Меня не пускают в общежитие, паспорт забрал работодатель"))
    assert "паспорт забрал работодатель" in h.last(STAFF_CHAT).text


async def test_topic_menu_follows_the_editors_order(h: Harness) -> None:
    user = h.fake.make_user(112, "Order", "en")
    await h.feed(h.fake.user_sends_command(user, "/start"))
    groups = [d for d in h.last(user.id).callback_data if d.startswith("g:")]
    assert groups[0] == "g:entry_bans" and groups[-1] == "g:service"


async def test_emoji_only_gets_a_short_friendly_reply(h: Harness) -> None:
    user = h.fake.make_user(113, "Emoji", "ru")
    await h.feed(h.fake.user_sends_text(user, "👍👍"))
    reply = h.last(user.id)
    assert "Хорошо" in reply.text and not reply.callback_data


async def test_a_corrected_question_is_answered_again(h: Harness) -> None:
    user = h.fake.make_user(114, "Typo", "ru")
    sent = h.fake.user_sends_text(user, "ыыы")
    await h.feed(sent)
    await h.feed(h.fake.user_edits_text(user, sent["message"]["message_id"], "нужен ли патент кыргызам в россии"))
    assert "f:u:work-permit-eaeu" in h.last(user.id).callback_data


async def test_a_dice_or_poll_is_not_met_with_silence(h: Harness) -> None:
    user = h.fake.make_user(115, "Dice", "ru")
    await h.feed(h.fake.user_sends_other(user, {"dice": {"emoji": "🎲", "value": 3}}))
    assert "только текст" in h.last(user.id).text
