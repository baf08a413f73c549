"""Admin levers through the real Application, offline: entries off, the pause, blocks, the audit trail, and
what a non-admin sees when trying them (nothing that reveals they exist)."""

from __future__ import annotations

from bot.storage.audit import AuditEntry
from tests.handlers.conftest import ADMIN, STAFF_A, STAFF_CHAT, Harness

BAN_QUESTION = "как проверить есть ли запрет на въезд в россию"
ADMIN_COMMANDS = (
    "/disable entry-ban-check", "/enable entry-ban-check", "/disabled", "/pause", "/resume", "/block 401",
    "/unblock 401", "/blocked", "/audit", "/retention", "/reload",
)  # fmt: skip


async def ask(h: Harness, user_id: int, text: str = BAN_QUESTION) -> str:
    await h.feed(h.fake.user_sends_text(user_id, text))
    return h.last(user_id).text or ""


async def admin_says(h: Harness, command: str) -> str:
    await h.feed(h.fake.user_sends_command(ADMIN, command))
    return h.last(ADMIN).text or ""


async def audit(h: Harness) -> list[AuditEntry]:
    return list(reversed(await h.rt.workflow.audit.latest(100)))


async def test_a_disabled_entry_goes_to_staff_across_reload_and_restart(h: Harness) -> None:
    citizen = h.fake.make_user(401, "Азамат", "ru")
    answered = await ask(h, citizen.id)
    assert "запрет" in answered.lower() and "f:u:entry-ban-check" in h.last(citizen.id).callback_data

    assert "выключена" in await admin_says(h, "/disable entry-ban-check")
    offer = await ask(h, citizen.id)
    assert h.last(citizen.id).callback_data[0] == "x" and "f:u:entry-ban-check" not in h.last(citizen.id).callback_data
    await h.feed(h.fake.user_presses_button(citizen, h.last(citizen.id).message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert BAN_QUESTION in (card.text or "") and "s:faq:1:entry-ban-check" not in card.callback_data
    assert offer != answered

    assert "entry-ban-check" in await admin_says(h, "/disabled")
    assert "перезагружен" in await admin_says(h, "/reload")
    h.fake.make_user(402, "Бакыт", "ru")
    await ask(h, 402)
    assert h.last(402).callback_data[0] == "x"
    await h.restart()
    await ask(h, 402)
    assert h.last(402).callback_data[0] == "x"

    assert "снова включена" in await admin_says(h, "/enable entry-ban-check")
    await ask(h, 402)
    assert "f:u:entry-ban-check" in h.last(402).callback_data
    assert [(e.action, e.actor_id, e.detail) for e in await audit(h)] == [
        ("disable", ADMIN, "entry-ban-check"),
        ("reload", ADMIN, "applied: 32 entries"),
        ("enable", ADMIN, "entry-ban-check"),
    ]


async def test_an_unknown_entry_is_refused_with_similar_ids(h: Harness) -> None:
    reply = await admin_says(h, "/disable entry-ban-chek")
    assert "entry-ban-check" in reply and "нет в FAQ" in reply
    assert await audit(h) == []


async def test_pause_answers_no_faq_but_questions_and_staff_answers_still_flow(h: Harness) -> None:
    citizen = h.fake.make_user(403, "Айгерим", "ky")
    assert "паузе" in await admin_says(h, "/pause Техработы до 15:00")
    notice = await ask(h, citizen.id, "паспортумду жоготуп алдым, мекенге кантип кайтам")
    assert notice == "Техработы до 15:00" and h.last(citizen.id).callback_data == ["x"]
    await h.feed(h.fake.user_presses_button(citizen, h.last(citizen.id).message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert "паспортумду" in (card.text or "")
    reply = h.fake.user_sends_text(STAFF_A, "Элчиликке кайрылыңыз.", chat=STAFF_CHAT, reply_to=card.message_id)
    await h.feed(reply)
    assert "Элчиликке кайрылыңыз." in (h.last(citizen.id).text or "")

    await h.restart()
    h.fake.make_user(404, "Kanat", "en")
    await h.feed(h.fake.user_sends_command(404, "/start"))
    welcome = h.last(404).text or ""
    assert "Техработы" in welcome and not any(d.startswith("g:") for d in h.last(404).callback_data)

    assert "Пауза снята" in await admin_says(h, "/resume")
    await ask(h, 404, "how do I check an entry ban to Russia")
    assert "f:u:entry-ban-check" in h.last(404).callback_data
    assert [(e.action, e.actor_id, e.detail) for e in await audit(h)] == [
        ("pause", ADMIN, "Техработы до 15:00"),
        ("answer", STAFF_A, "text"),
        ("resume", ADMIN, None),
    ]


async def test_block_unblock_by_id_username_and_ticket(h: Harness) -> None:
    spammer = h.fake.make_user(405, "Спамер", "ru", "spam_user")
    await ask(h, spammer.id)
    assert "заблокирован" in await admin_says(h, "/block @spam_user")
    assert "не можете" in await ask(h, spammer.id)
    listed = await admin_says(h, "/blocked")
    assert "405" in listed and "Admin" in listed
    assert "разблокирован" in await admin_says(h, "/unblock 405")
    assert "запрет" in (await ask(h, spammer.id)).lower()
    assert "Заблокированных нет" in await admin_says(h, "/blocked")

    # the card's Spam button blocks; /unblock #N undoes it
    await h.feed(h.fake.user_sends_command(spammer, "/start"))  # a new conversation, not a follow-up
    await ask(h, spammer.id, "где купить велосипед недорого в бишкеке")
    await h.feed(h.fake.user_presses_button(spammer, h.last(spammer.id).message_id, "x"))
    await h.feed(h.fake.user_presses_button(STAFF_A, h.last(STAFF_CHAT).message_id, "s:spam:1", chat=STAFF_CHAT))
    assert "разблокирован" in await admin_says(h, "/unblock #1")
    assert [(e.action, e.actor_id, e.ticket_id, e.detail) for e in await audit(h)] == [
        ("block", ADMIN, None, "405"),
        ("unblock", ADMIN, None, "405"),
        ("block", STAFF_A, 1, "405"),
        ("close", STAFF_A, 1, None),
        ("unblock", ADMIN, 1, "405"),
    ]
    shown = await admin_says(h, "/audit 3")
    assert "unblock" in shown and "#1" in shown and "close" in shown


async def test_a_non_admin_gets_nothing_that_reveals_the_admin_commands(h: Harness) -> None:
    outsider = h.fake.make_user(406, "Curious", "ru")
    await h.feed(h.fake.user_sends_command(outsider, "/xyzzy"))
    unknown = h.last(outsider.id).text
    for who in (outsider.id, STAFF_A):  # a citizen, and a staff member who is not an admin
        for command in ADMIN_COMMANDS:
            await h.feed(h.fake.user_sends_command(who, command))
            assert h.last(who).text == unknown, (who, command)
    staff_chat_before = len(h.seen(STAFF_CHAT))
    for command in ADMIN_COMMANDS:
        await h.feed(h.fake.user_sends_command(STAFF_A, command, chat=STAFF_CHAT))
    assert len(h.seen(STAFF_CHAT)) == staff_chat_before
    assert await audit(h) == []
    assert not h.rt.workflow.controls.paused and not h.rt.workflow.controls.disabled
    await ask(h, outsider.id)
    assert "f:u:entry-ban-check" in h.last(outsider.id).callback_data
