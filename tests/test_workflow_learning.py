"""Which event sets which field of a question's record, on a real SQLite file (no Telegram)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content import Content, load_content
from bot.delivery.transport import DATA_FILE, with_uploads
from bot.delivery.worker import DeliveryFailed
from bot.domain.conversation import Reply
from bot.domain.kinds import Incoming, Kind
from bot.storage import Outbox, TicketStore, UserStore, open_database
from bot.storage.staff_links import StaffLinks
from bot.workflow import Person, Result, Workflow

ROOT = Path(__file__).resolve().parents[1]
STAFF_CHAT = -1001234567890
CITIZEN = Person(5551001, "Айбек", "aibek")
OFFICER = Person(7001, "Айгуль", None)


@pytest.fixture(scope="module")
def core() -> Content:
    return load_content(ROOT / "faq", ROOT / "locales")


@pytest.fixture
async def wf(tmp_path: Path, core: Content) -> AsyncIterator[Workflow]:
    db = await open_database(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    users, tickets, outbox = UserStore(db), TicketStore(db), Outbox(db)
    yield Workflow(core, db, users, tickets, outbox, StaffLinks(db), STAFF_CHAT, (0, 24))
    await db.close()


async def ask(wf: Workflow, text: str, update_id: int) -> Reply:
    reply = wf.content.conversation.respond(text, "ru")
    await wf.answer_question(CITIZEN, CITIZEN.id, update_id, text, reply, update_id)
    return reply


async def test_a_thumbs_down_under_a_picked_option_withdraws_the_pick(wf: Workflow) -> None:
    reply = await ask(wf, "паспорт", 1)
    first = reply.state.clarify_options[0]
    await wf.record_press(CITIZEN.id, f"e:{first}", reply.state.clarify_options)
    [row] = await wf.questions.records()
    assert row.picked_entry == first
    await wf.record_press(CITIZEN.id, f"f:d:{first}", ())
    [row] = await wf.questions.records()
    assert (row.picked_entry, row.feedback, row.confirmed_entry) == (None, -1, None)


async def test_presses_that_do_not_fit_the_question_confirm_nothing(wf: Workflow) -> None:
    reply = await ask(wf, "паспорт", 1)
    await wf.record_press(CITIZEN.id, "e:entry-ban-check", reply.state.clarify_options)  # a menu entry, not offered
    await wf.record_press(CITIZEN.id, "f:u:entry-ban-check", ())  # 👍 under an answer this question never got
    await wf.record_press(CITIZEN.id, "f:u:BAD", ())  # forged
    [row] = await wf.questions.records()
    assert (row.picked_entry, row.feedback) == (None, 0)


async def test_replays_record_nothing_twice_and_smalltalk_is_not_a_question(wf: Workflow) -> None:
    await ask(wf, "How do I check an entry ban to Russia?", 1)
    await ask(wf, "How do I check an entry ban to Russia?", 1)  # the same update handled again after a crash
    await ask(wf, "спасибо", 2)
    assert len(await wf.questions.records()) == 1


async def test_a_ticket_links_the_question_it_carries_and_only_that(wf: Workflow) -> None:
    await ask(wf, "где в бишкеке купить детский велосипед недорого", 1)
    wish = Incoming(CITIZEN.id, 2, Kind.TEXT, "(the citizen asked for an officer)")
    unlinked = await wf.escalate(CITIZEN, wish, "ru", ask_details=True)
    assert await wf.questions.of_ticket(unlinked.id) == []
    await wf.cancel(CITIZEN)
    question = Incoming(CITIZEN.id, 1, Kind.TEXT, "где в бишкеке купить детский велосипед недорого")
    ticket = await wf.escalate(CITIZEN, question, "ru")
    [row] = await wf.questions.of_ticket(ticket.id)
    assert row.text == "где в бишкеке купить детский велосипед недорого"
    staff_reply = Incoming(STAFF_CHAT, 50, Kind.TEXT, "Это не вопрос консульства")
    await wf.staff_answer(ticket.id, OFFICER, staff_reply)
    await wf.answer_with_entry(ticket.id, "bot-help", OFFICER)  # an FAQ answer after a remark: the FAQ entry counts
    await wf.staff_answer(ticket.id, OFFICER, Incoming(STAFF_CHAT, 51, Kind.TEXT, "И ещё одно"))
    [row] = await wf.questions.of_ticket(ticket.id)
    assert row.staff_answer == "faq:bot-help"


async def test_labels_check_the_entry_and_the_ticket(wf: Workflow) -> None:
    assert (await wf.label_ticket(1, "entry-ban-check", OFFICER)).outcome.result is Result.NOT_FOUND
    wish = Incoming(CITIZEN.id, 2, Kind.TEXT, "(the citizen asked for an officer)")
    ticket = await wf.escalate(CITIZEN, wish, "ru", ask_details=True)
    assert (await wf.label_ticket(ticket.id, "no-such", OFFICER)).outcome.result is Result.UNKNOWN_ENTRY
    nothing = await wf.label_ticket(ticket.id, "entry-ban-check", OFFICER)
    assert nothing.outcome.done and nothing.questions == 0
    assert not [a for a in await wf.audit.latest() if a.action == "label"]  # nothing was labelled


def test_uploads_come_only_from_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "d.png").write_bytes(b"\x89PNG...")
    (tmp_path.parent / "secret.txt").write_text("x")
    ready = with_uploads({"chat_id": 1, "photo": {DATA_FILE: "digests/d.png"}, "caption": "c"}, tmp_path)
    assert ready["photo"].input_file_content == b"\x89PNG..." and ready["caption"] == "c"
    plain = {"chat_id": 1, "photo": "AgACAgIAAxk"}  # a file id stays as it is
    assert with_uploads(plain, tmp_path) is plain
    for name in ("../secret.txt", str(tmp_path.parent / "secret.txt"), "digests/missing.png"):
        with pytest.raises(DeliveryFailed):
            with_uploads({"chat_id": 1, "photo": {DATA_FILE: name}}, tmp_path)
    with pytest.raises(DeliveryFailed):
        with_uploads({"chat_id": 1, "photo": {DATA_FILE: "digests/d.png"}}, None)  # no data folder (in memory)
