"""Everything staff and citizens can do in Telegram reaches the other side, or the sender is told why not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ADMIN_USER, STAFF_CHAT, STAFF_USER, BotProcess, bot_env
from tests.e2e.helpers import escalate, message_id, sent_to
from tests.fakebot import PERSON_MESSAGE_KINDS, FakeBotAPIServer, FakeTelegram

pytestmark = pytest.mark.e2e
RELAYED_KINDS = [k.name for k in PERSON_MESSAGE_KINDS if k.name not in ("text", "quiz")]
CAPTIONS = {k.name for k in PERSON_MESSAGE_KINDS if k.caption}


def copies_into(fake: FakeTelegram, chat_id: int, from_chat_id: int) -> dict[int, int]:
    """source message id -> how many times it was copied into ``chat_id``."""
    counts: dict[int, int] = {}
    for call in fake.calls_to(chat_id, "copyMessage"):
        if call.ok and call.params.get("from_chat_id") == from_chat_id:
            source = int(call.params["message_id"])
            counts[source] = counts.get(source, 0) + 1
    return counts


def test_every_kind_reaches_the_other_side_or_the_sender_is_told(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7501, "Айпери", "ru")
    _, card = escalate(fake, citizen.id)
    sent_by_citizen = {}
    for kind in RELAYED_KINDS:
        update = fake.user_sends(citizen, kind)
        sent_by_citizen[kind] = update["message"]["message_id"]
        fake.wait_for(lambda c: c.method == "copyMessage" and c.ok and c.chat_id == STAFF_CHAT, timeout=10)
    quiz = fake.user_sends(citizen, "quiz")
    refusal = fake.wait_for(sent_to(citizen.id, contains="не могу передать"), timeout=10)
    assert refusal.params["reply_parameters"]["message_id"] == quiz["message"]["message_id"]

    sent_by_staff = {}
    for kind in RELAYED_KINDS:
        update = fake.user_sends(STAFF_USER, kind, STAFF_CHAT, reply_to=message_id(card))
        sent_by_staff[kind] = update["message"]["message_id"]
        fake.wait_for(lambda c: c.method == "copyMessage" and c.ok and c.chat_id == citizen.id, timeout=10)
    fake.user_sends(STAFF_USER, "quiz", STAFF_CHAT, reply_to=message_id(card))
    fake.wait_for(sent_to(STAFF_CHAT, contains="не позволяет переслать"), timeout=10)
    time.sleep(0.5)

    to_staff = copies_into(fake, STAFF_CHAT, citizen.id)
    to_citizen = copies_into(fake, citizen.id, STAFF_CHAT)
    assert {kind: to_staff.get(mid) for kind, mid in sent_by_citizen.items()} == dict.fromkeys(RELAYED_KINDS, 1)
    assert {kind: to_citizen.get(mid) for kind, mid in sent_by_staff.items()} == dict.fromkeys(RELAYED_KINDS, 1)
    seen_by_citizen = {m.kind for m in fake.messages_in(citizen.id, from_bot=True)}
    assert set(RELAYED_KINDS) <= seen_by_citizen
    # every copy in the staff chat can be traced to the ticket: a caption, or a header just before it
    for kind in CAPTIONS & set(RELAYED_KINDS):
        copy = next(
            c
            for c in fake.calls_to(STAFF_CHAT, "copyMessage")
            if c.ok and c.params["message_id"] == sent_by_citizen[kind]
        )
        assert copy.params["caption"].startswith("↩️ #1")


def test_an_anonymous_admins_formatted_answer_and_its_correction_reach_the_citizen(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    citizen = fake.make_user(7502, "Нуржан", "ru")
    _, card = escalate(fake, citizen.id)
    answer = fake.user_sends_html(
        ADMIN_USER,
        'Запишитесь на приём <a href="https://mfa.gov.kg">здесь</a>, приходите <b>15 марта</b>.',
        STAFF_CHAT,
        reply_to=message_id(card),
        anonymous=True,
        author_signature="Консул",
    )
    sent = fake.wait_for(sent_to(citizen.id, contains="Запишитесь"), timeout=10)
    shown = fake.message(citizen.id, message_id(sent))
    links = [e for e in shown.entities if e["type"] == "text_link"]
    assert [e["url"] for e in links] == ["https://mfa.gov.kg"]
    assert shown.text[links[0]["offset"] : links[0]["offset"] + links[0]["length"]] == "здесь"
    assert any(e["type"] == "bold" for e in shown.entities if e["offset"] > links[0]["offset"])

    fake.user_edits_html(
        ADMIN_USER, answer["message"]["message_id"], "Запишитесь на приём, приходите <b>25 марта</b>.", STAFF_CHAT
    )
    fix = fake.wait_for(sent_to(citizen.id, contains="25 марта"), timeout=10)
    assert "✏️" in fix.text and fix.params["reply_parameters"]["message_id"] == message_id(sent)
    edited = fake.wait_for(
        lambda c: c.method == "editMessageText" and c.ok and "исправлен" in (c.text or ""), timeout=10, since=0
    )
    assert "Консул" in edited.text  # the card shows who answered (signed as the group) and that it was corrected


def test_replies_that_belong_to_no_ticket_are_answered_with_a_notice(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7503, "Бектур", "ru")
    escalate(fake, citizen.id)
    fake.user_sends_command(STAFF_USER, "/queue", chat=STAFF_CHAT)
    queue = fake.wait_for(sent_to(STAFF_CHAT, contains="Открытые"), timeout=10)
    fake.user_sends_text(STAFF_USER, "Это ответ на очередь", chat=STAFF_CHAT, reply_to=message_id(queue))
    notice = fake.wait_for(sent_to(STAFF_CHAT, contains="не связано с обращением"), timeout=10)
    assert notice.params["reply_parameters"]["message_id"] > message_id(queue)
    colleague = fake.user_sends_text(ADMIN_USER, "Коллеги, обед в час", chat=STAFF_CHAT)
    fake.user_sends_text(STAFF_USER, "Хорошо", chat=STAFF_CHAT, reply_to=colleague["message"]["message_id"])
    time.sleep(1.0)  # staff talking among themselves: nothing is sent anywhere
    assert not any("Хорошо" in t for t in fake.bot_texts(citizen.id))
    assert not [c for c in fake.calls_to(STAFF_CHAT, "sendMessage") if c.ok and c.time > notice.time]


@pytest.mark.parametrize("argument", ["999999999999999999999999999999", "²", "abc", "#1", "", "1 2"])
def test_ticket_command_answers_any_argument(fake: FakeTelegram, bot: BotProcess, argument: str) -> None:
    fake.user_sends_command(STAFF_USER, f"/ticket {argument}".strip(), chat=STAFF_CHAT)
    answer = fake.wait_for(sent_to(STAFF_CHAT), timeout=15)
    assert answer.text


def test_two_staff_pressing_at_once_both_learn_what_happened(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7504, "Жазгуль", "ru")
    _, card = escalate(fake, citizen.id)
    close = fake.user_presses_button(STAFF_USER, message_id(card), "s:close:1", chat=STAFF_CHAT)
    take = fake.user_presses_button(ADMIN_USER, message_id(card), "s:take:1", chat=STAFF_CHAT, forged=False)
    again = fake.user_presses_button(ADMIN_USER, message_id(card), "s:close:1", chat=STAFF_CHAT)
    answers = {}
    for update in (close, take, again):
        query_id = update["callback_query"]["id"]
        deadline = time.monotonic() + 10
        while fake.callback_answer(query_id) is None and time.monotonic() < deadline:
            time.sleep(0.02)
        answers[query_id] = fake.callback_answer(query_id)
    texts = [a["text"] for a in answers.values() if a]
    assert len(texts) == 3  # every press answered, none left spinning
    assert texts[0] == "Готово"
    assert all("уже закрыто" in t and "Айгуль" in t for t in texts[1:])


def test_a_member_removed_from_the_staff_chat_can_no_longer_close(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7505, "Акылбек", "ru")
    _, card = escalate(fake, citizen.id)
    fake.user_presses_button(STAFF_USER, message_id(card), "s:take:1", chat=STAFF_CHAT)  # cached as staff
    fake.wait_for(lambda c: c.method == "answerCallbackQuery", timeout=10)
    fake.set_member_status(STAFF_CHAT, STAFF_USER, "left")
    press = fake.user_presses_button(STAFF_USER, message_id(card), "s:close:1", chat=STAFF_CHAT)
    fake.wait_for(lambda c: c.method == "answerCallbackQuery", timeout=10)
    answer = fake.callback_answer(press["callback_query"]["id"])
    assert answer is not None and "только сотрудникам" in answer["text"]
    time.sleep(0.5)
    assert not any("закрыто сотрудником" in t for t in fake.bot_texts(citizen.id))


def test_a_whole_long_question_reaches_staff_and_a_reply_to_any_part_reaches_the_citizen(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    citizen = fake.make_user(7506, "Длинный", "ru")
    question = ("Пишу подробно про свою ситуацию с документами и работой в Казани, " * 70)[:4000] + " КОНЕЦ"
    _, card = escalate(fake, citizen.id, question)
    last_part = fake.wait_for(sent_to(STAFF_CHAT, contains="КОНЕЦ"), timeout=10)
    shown = card.text + last_part.text
    assert "(2/" in last_part.text and "#1" in last_part.text.split("\n")[0]
    assert len(fake.message(STAFF_CHAT, message_id(card)).text) <= 4096
    assert shown.count("Казани") >= question.count("Казани")  # the whole question is in the staff chat
    fake.user_sends_text(STAFF_USER, "Ответ на продолжение.", chat=STAFF_CHAT, reply_to=message_id(last_part))
    fake.wait_for(sent_to(citizen.id, contains="Ответ на продолжение"), timeout=10)


def test_an_answer_for_a_citizen_who_blocked_the_bot_waits_and_status_tells_the_truth(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    citizen = fake.make_user(7507, "Урмат", "ru")
    _, card = escalate(fake, citizen.id)
    fake.wait_for(sent_to(citizen.id, contains="#1"), timeout=10, since=0)
    fake.block_bot(citizen)
    fake.user_sends_text(STAFF_USER, "Ваш ответ готов.", chat=STAFF_CHAT, reply_to=message_id(card))
    notice = fake.wait_for(sent_to(STAFF_CHAT, contains="заблокировал"), timeout=15)
    assert "будет доставлен" in notice.text
    fake.unblock_bot(citizen)
    fake.user_sends_command(citizen, "/status")
    answer = fake.wait_for(sent_to(citizen.id, contains="Ваш ответ готов"), timeout=15)
    status = fake.wait_for(sent_to(citizen.id, contains="#1 —"), timeout=15, since=0)
    assert "доставляем" in status.text
    assert answer.time < status.time or "доставляем" in status.text
    fake.wait_for(sent_to(STAFF_CHAT, contains="снова на связи"), timeout=10, since=0)


def test_albums_reach_the_other_side_item_by_item(fake: FakeTelegram, bot: BotProcess) -> None:
    citizen = fake.make_user(7508, "Альбом", "ru")
    _, card = escalate(fake, citizen.id)
    items = fake.user_sends_album(citizen, ["photo", "photo", "video"], caption="Фото документов")
    staff_album = fake.user_sends_album(STAFF_USER, ["photo", "video"], STAFF_CHAT, reply_to=message_id(card))
    deadline = time.monotonic() + 15
    wanted_staff = {u["message"]["message_id"] for u in items}
    wanted_citizen = {u["message"]["message_id"] for u in staff_album}
    while time.monotonic() < deadline:
        if wanted_staff <= set(copies_into(fake, STAFF_CHAT, citizen.id)) and wanted_citizen <= set(
            copies_into(fake, citizen.id, STAFF_CHAT)
        ):
            break
        time.sleep(0.05)
    assert wanted_staff <= set(copies_into(fake, STAFF_CHAT, citizen.id))
    assert wanted_citizen <= set(copies_into(fake, citizen.id, STAFF_CHAT))


def test_a_burst_of_30_ends_with_the_real_question_answered(
    fake: FakeTelegram, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    """The flood gate holds messages back and answers them when the citizen slows down: none is swallowed."""
    env = bot_env(server.url, tmp_path / "flood.sqlite3", FLOOD_WINDOW_SECONDS="5")
    process = BotProcess(env, tmp_path / "flood")
    process.start()
    try:
        citizen = fake.make_user(7509, "Торопыга", "ru")
        for n in range(29):
            fake.user_sends_text(citizen, f"алло {n} ответьте")
        fake.user_sends_text(citizen, "нужен ли патент кыргызам в россии")
        notice = fake.wait_for(sent_to(citizen.id, contains="очень быстро"), timeout=20, since=0)
        answer = fake.wait_for(
            lambda c: c.method == "sendMessage" and c.chat_id == citizen.id and "патент" in (c.text or "").lower(),
            timeout=30,
            since=0,
        )
        assert answer.time > notice.time  # answered after the burst, not dropped
        assert sum("очень быстро" in t for t in fake.bot_texts(citizen.id)) == 1
    finally:
        process.stop()
