"""Proof that the fake Telegram speaks the protocol PTB expects, over both transports.

Why: every other bot test trusts ``tests.fakebot``; if the fake answered with JSON PTB cannot
``de_json`` or errors PTB maps differently than Telegram's, those tests would lie.  Here real
PTB objects (``Bot``, ``Application`` with polling) run against the HTTP server and against the
in-process ``FakeRequest``, and the fake's Telegram-like validation is pinned down.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebot import FakeBotAPIServer, FakeRequest, FakeTelegram, offline_app_builder, offline_bot
from tests.fakebot.entities import EntityParseError, parse_text

STAFF_GROUP_ID = -1001234567890


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns (PTBDeprecationWarning) when RetryAfter.retry_after is an int; with
    ``filterwarnings = error`` that warning would replace the RetryAfter itself."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    telegram = FakeTelegram()
    yield telegram
    telegram.close()


@dataclass
class Transport:
    """How a test reaches the fake: over HTTP (like the real bot) or in-process."""

    name: str
    fake: FakeTelegram
    server: FakeBotAPIServer | None

    def bot(self, token: str | None = None) -> Bot:
        token = token or self.fake.token
        if self.server is None:
            return offline_bot(self.fake, token)
        return Bot(token, base_url=self.server.base_url, base_file_url=self.server.base_file_url)

    def application(self) -> Application:  # type: ignore[type-arg]
        builder = ApplicationBuilder().token(self.fake.token)
        if self.server is None:
            builder = builder.request(FakeRequest(self.fake)).get_updates_request(FakeRequest(self.fake))
        else:
            builder = builder.base_url(f"{self.server.url}/bot").base_file_url(f"{self.server.url}/file/bot")
        return builder.build()


@pytest.fixture(params=["http", "offline"])
def transport(request: pytest.FixtureRequest, fake: FakeTelegram) -> Iterator[Transport]:
    if request.param == "http":
        with FakeBotAPIServer(fake) as server:
            yield Transport("http", fake, server)
    else:
        yield Transport("offline", fake, None)


@pytest.fixture
async def bot(transport: Transport) -> AsyncIterator[Bot]:
    async with transport.bot() as b:
        yield b


@pytest.fixture
def alice(fake: FakeTelegram) -> Any:
    return fake.make_user(1001, "Алиса", username="alice")


# ------------------------------------------------------------------------ Bot basics


async def test_get_me(bot: Bot, fake: FakeTelegram) -> None:
    me = await bot.get_me()
    assert me.id == fake.bot_id
    assert me.username == "consul_test_bot"
    assert me.is_bot
    assert fake.calls_of("getMe")


async def test_send_message_html_with_inline_keyboard(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Паспорт", callback_data="faq:passport")],
            [InlineKeyboardButton("Сайт", url="https://mfa.gov.kg")],
        ]
    )
    msg = await bot.send_message(
        alice.id, "<b>Здравствуйте</b>, &lt;гражданин&gt;!", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    assert msg.text == "Здравствуйте, <гражданин>!"
    assert msg.entities[0].type == "bold" and msg.entities[0].length == len("Здравствуйте")
    assert msg.reply_markup == keyboard
    assert msg.message_id == 1

    seen = fake.last_message(alice)
    assert seen is not None
    assert seen.text == "Здравствуйте, <гражданин>!"
    assert seen.source_text == "<b>Здравствуйте</b>, &lt;гражданин&gt;!"
    assert seen.button_texts == ["Паспорт", "Сайт"]
    assert seen.callback_data == ["faq:passport"]
    call = fake.calls_to(alice, "sendMessage")[-1]
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "faq:passport"
    assert call.params["chat_id"] == alice.id


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Адрес:<br>Бишкек", 'Unsupported start tag "br"'),
        ("<b>не закрыт", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("1 < 2", "Empty tag name"),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_rejected(bot: Bot, fake: FakeTelegram, alice: Any, text: str, needle: str) -> None:
    with pytest.raises(BadRequest) as info:
        await bot.send_message(alice.id, text, parse_mode=ParseMode.HTML)
    # PTB strips "Bad Request: " and str.capitalize()s the rest, so compare case-insensitively;
    # the raw Telegram wording is in the call log.
    description = fake.calls_of("sendMessage")[-1].description or ""
    assert description.startswith("Bad Request: can't parse entities: ")
    assert needle in description
    assert needle.lower() in info.value.message.lower()


async def test_text_length_and_empty(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(alice.id, "я" * 4097)
    ok = await bot.send_message(alice.id, "<b>" + "я" * 4096 + "</b>", parse_mode="HTML")
    assert ok.text is not None and len(ok.text) == 4096  # the limit applies to visible text, not markup
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(alice.id, "  <b> </b> ", parse_mode="HTML")
    assert [c.status for c in fake.calls_of("sendMessage")] == [400, 200, 400]


async def test_callback_data_over_64_bytes(bot: Bot, alice: Any) -> None:
    button = InlineKeyboardButton("x", callback_data="д" * 33)  # 66 bytes in UTF-8
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(alice.id, "hi", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_retry_after(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    fake.fail_next("sendMessage", chat_id=alice.id, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(alice.id, "hi")
    assert info.value.retry_after == dtm.timedelta(seconds=7)
    assert fake.calls_of("sendMessage")[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(alice.id, "hi")  # injection is consumed


async def test_forbidden(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    fake.fail_next("sendMessage", error_code=403)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hi")
    fake.block_bot(alice)
    for _ in range(2):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(alice.id, "hi")
    fake.unblock_bot(alice)
    await bot.send_message(alice.id, "hi")
    stranger = fake.make_user(2002, "Bob", started=False)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(stranger.id, "hi")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")


async def test_copy_message(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = fake.make_group(STAFF_GROUP_ID, "Консульский отдел")
    question = fake.user_sends_photo(alice, caption="Мой паспорт")["message"]
    copied = await bot.copy_message(STAFF_GROUP_ID, alice.id, question["message_id"], caption="От Алисы")
    view = fake.message(staff, copied.message_id)
    assert view is not None and view.kind == "photo" and view.text == "От Алисы"
    assert view.copied_from == (alice.id, question["message_id"])
    call = fake.calls_of("copyMessage")[-1]
    assert call.params["from_chat_id"] == alice.id and call.params["message_id"] == question["message_id"]
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(STAFF_GROUP_ID, alice.id, 999)


async def test_edit_message_text(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    sent = await bot.send_message(alice.id, "v1", reply_markup=keyboard)
    edited = await bot.edit_message_text("v2", alice.id, sent.message_id, reply_markup=keyboard)
    assert not isinstance(edited, bool) and edited.text == "v2" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("v2", alice.id, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_text("v2", alice.id, sent.message_id)  # dropping the keyboard is a change
    view = fake.message(alice, sent.message_id)
    assert view is not None and view.edited and view.buttons == []
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", alice.id, 777)
    user_msg = fake.user_sends_text(alice, "hello")["message"]
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", alice.id, user_msg["message_id"])


async def test_reply_and_delete(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    question = fake.user_sends_text(alice, "Как получить паспорт?")["message"]
    answer = await bot.send_message(
        alice.id, "Вот так", reply_parameters=ReplyParameters(message_id=question["message_id"])
    )
    assert answer.reply_to_message is not None
    assert answer.reply_to_message.text == "Как получить паспорт?"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(alice.id, "x", reply_parameters=ReplyParameters(message_id=555))
    assert await bot.delete_message(alice.id, answer.message_id)
    assert fake.last_message(alice) is None
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(alice.id, answer.message_id)


async def test_unknown_method_and_wrong_token(transport: Transport, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    with pytest.raises(InvalidToken):
        async with transport.bot("999:WRONG"):
            pass


async def test_chat_members_and_file_download(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    boss = fake.make_user(3003, "Консул")
    fake.make_group(STAFF_GROUP_ID, "Staff", members={boss: "creator", alice: "administrator"})
    assert isinstance(await bot.get_chat_member(STAFF_GROUP_ID, boss.id), ChatMemberOwner)
    assert isinstance(await bot.get_chat_member(STAFF_GROUP_ID, alice.id), ChatMemberAdministrator)
    assert isinstance(await bot.get_chat_member(STAFF_GROUP_ID, 5555), ChatMemberLeft)
    admins = await bot.get_chat_administrators(STAFF_GROUP_ID)
    assert {a.user.id for a in admins} == {boss.id, alice.id}
    chat = await bot.get_chat(STAFF_GROUP_ID)
    assert chat.title == "Staff" and chat.type == "supergroup"

    voice = fake.user_sends_voice(alice, content=b"OggS-data")["message"]["voice"]
    file = await bot.get_file(voice["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"OggS-data"
    sent = await bot.send_voice(STAFF_GROUP_ID, voice["file_id"])
    assert sent.voice is not None and sent.voice.file_id == voice["file_id"]
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type voice as photo"):
        await bot.send_photo(STAFF_GROUP_ID, voice["file_id"])
    uploaded = await bot.send_document(alice.id, b"report", filename="report.txt")
    assert uploaded.document is not None and uploaded.document.file_name == "report.txt"
    assert fake.file_content(uploaded.document.file_id) == b"report"

    assert await bot.leave_chat(STAFF_GROUP_ID)
    with pytest.raises(Forbidden, match="not a member of the supergroup chat"):
        await bot.send_message(STAFF_GROUP_ID, "hi")


async def test_commands_and_menu(bot: Bot, fake: FakeTelegram) -> None:
    assert await bot.set_my_commands([("start", "Начать"), ("help", "Помощь")], language_code="ru")
    got = await bot.get_my_commands(language_code="ru")
    assert [c.command for c in got] == ["start", "help"]
    assert fake.commands(language_code="ru")[0] == {"command": "start", "description": "Начать"}
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start-Now", "x")])
    assert await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == ()
    assert await bot.set_chat_menu_button()
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0


async def test_flood_limits(bot: Bot, fake: FakeTelegram) -> None:
    fake.make_group(STAFF_GROUP_ID, "Staff")
    fake.set_flood_limits(group_per_minute=3)
    for _ in range(3):
        await bot.send_message(STAFF_GROUP_ID, "x")
    with pytest.raises(RetryAfter):
        await bot.send_message(STAFF_GROUP_ID, "x")
    assert fake.max_sends_in_window(60, chat=STAFF_GROUP_ID) == 3


# ----------------------------------------------------------------- Application + polling


async def _run(app: Application, body: Any) -> None:  # type: ignore[type-arg]
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            await body()
        finally:
            await app.updater.stop()
            await app.stop()


async def test_application_echo(transport: Transport, fake: FakeTelegram, alice: Any) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text is not None
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app = transport.application()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))

    async def body() -> None:
        fake.user_sends_text(alice, "Салам")
        call = await fake.wait_for_call_async("sendMessage", alice, ok=True, timeout=4)
        assert call.params["text"] == "echo: Салам"
        fake.user_sends_text(alice, "второй")
        call = await fake.wait_for_call_async("sendMessage", alice, timeout=4)
        assert call.params["text"] == "echo: второй"
        await fake.wait_until_idle_async(quiet=0.1, timeout=4)

    await _run(app, body)
    assert fake.bot_texts(alice) == ["echo: Салам", "echo: второй"]
    assert fake.pending_updates() == []  # PTB confirmed every update on shutdown


async def test_callback_query_round_trip(transport: Transport, fake: FakeTelegram, alice: Any) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Паспорт", callback_data="faq:passport")]])
        await update.effective_message.reply_text("Меню", reply_markup=keyboard)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Открываю")
        await query.edit_message_text(f"Вы выбрали {query.data}")

    app = transport.application()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))

    async def body() -> None:
        fake.user_sends_command(alice, "/start")
        await fake.wait_for_call_async("sendMessage", alice, ok=True, timeout=4)
        menu = fake.last_message(alice)
        assert menu is not None and menu.button_texts == ["Паспорт"]
        update = fake.user_presses_button(alice, menu.message_id, text="Паспорт")
        await fake.wait_for_call_async("editMessageText", alice, ok=True, timeout=4)
        answer = fake.callback_answer(update["callback_query"]["id"])
        assert answer is not None and answer["text"] == "Открываю"
        edited = fake.message(alice, menu.message_id)
        assert edited is not None and edited.text == "Вы выбрали faq:passport" and edited.buttons == []
        with pytest.raises(ValueError, match="no button"):
            fake.user_presses_button(alice, menu.message_id, "faq:passport")  # keyboard is gone

    await _run(app, body)


async def test_group_privacy_and_staff_reply(transport: Transport, fake: FakeTelegram, alice: Any) -> None:
    """Staff answer by replying to the bot's message; plain chatter is hidden by privacy mode."""
    staff_user = fake.make_user(3003, "Консул")
    staff = fake.make_group(STAFF_GROUP_ID, "Staff", members={staff_user: "administrator"}, bot_status="left")
    seen: list[str] = []
    forwarded_ids: list[int] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.my_chat_member:
            seen.append(f"member:{update.my_chat_member.new_chat_member.status}")
        elif update.effective_message is not None:
            msg = update.effective_message
            reply = msg.reply_to_message
            seen.append(f"msg:{msg.text}:{reply.message_id if reply else None}")

    app = transport.application()
    app.add_handler(MessageHandler(filters.ALL, record))
    app.add_handler(ChatMemberHandler(record, ChatMemberHandler.MY_CHAT_MEMBER))

    async def body() -> None:
        fake.bot_added_to_group(staff, staff_user)
        forwarded = await app.bot.send_message(STAFF_GROUP_ID, "Вопрос от Алисы")
        forwarded_ids.append(forwarded.message_id)
        chatter = fake.user_sends_text(staff_user, "кто обедать?", chat=staff)
        assert chatter["update_id"] is None  # privacy mode: not delivered
        fake.user_sends_text(staff_user, "Ответ", chat=staff, reply_to=forwarded.message_id)
        await fake.wait_until_idle_async(quiet=0.2, timeout=4)

    await _run(app, body)
    assert seen == ["member:member", "msg:None:None", f"msg:Ответ:{forwarded_ids[0]}"]


# ------------------------------------------------------------------- fake-level behaviour


def test_long_poll_returns_early_and_respects_offset(fake: FakeTelegram, alice: Any) -> None:
    results: list[tuple[float, Any]] = []

    def poll() -> None:
        started = time.monotonic()
        _status, body = fake.handle("getUpdates", {"timeout": 3})
        results.append((time.monotonic() - started, body))

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.1)
    update = fake.user_sends_text(alice, "hi")
    thread.join(2)
    elapsed, body = results[0]
    assert elapsed < 1.0 and [u["update_id"] for u in body["result"]] == [update["update_id"]]
    # Not confirmed yet -> delivered again; offset confirms it.
    assert fake.handle("getUpdates", {})[1]["result"][0]["update_id"] == update["update_id"]
    assert fake.handle("getUpdates", {"offset": update["update_id"] + 1})[1]["result"] == []
    started = time.monotonic()
    assert fake.handle("getUpdates", {"timeout": 0.2})[1]["result"] == []
    assert 0.15 < time.monotonic() - started < 1.0


def test_second_poller_conflicts_first(fake: FakeTelegram) -> None:
    answers: list[int] = []
    thread = threading.Thread(target=lambda: answers.append(fake.handle("getUpdates", {"timeout": 3})[0]))
    thread.start()
    time.sleep(0.1)
    assert fake.handle("getUpdates", {"timeout": 0})[0] == 200
    thread.join(2)
    assert answers == [409]


def test_webhook_blocks_get_updates(fake: FakeTelegram) -> None:
    assert fake.handle("setWebhook", {"url": "https://example.org/hook"})[0] == 200
    status, body = fake.handle("getUpdates", {})
    assert status == 409 and "webhook is active" in body["description"]
    fake.handle("deleteWebhook", {})
    assert fake.handle("getUpdates", {})[0] == 200


def test_server_wire_formats(fake: FakeTelegram, alice: Any) -> None:
    with FakeBotAPIServer(fake) as srv:
        base = f"{srv.url}/bot{fake.token}"

        def call(url: str, data: bytes | None = None, ctype: str | None = None) -> tuple[int, Any]:
            req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype} if ctype else {})
            try:
                with urllib.request.urlopen(req, timeout=3) as resp:
                    return resp.status, json.loads(resp.read())
            except urllib.error.HTTPError as err:
                with err:
                    return err.code, json.loads(err.read())

        status, body = call(
            f"{base}/sendMessage",
            json.dumps({"chat_id": alice.id, "text": "123"}).encode(),
            "application/json",
        )
        assert status == 200 and body["result"]["text"] == "123"
        status, body = call(f"{base}/sendmessage?chat_id={alice.id}&text=42")
        assert status == 200 and body["result"]["text"] == "42"  # text stays a string
        assert fake.calls[-1].method == "sendMessage" and fake.calls[-1].params["chat_id"] == alice.id
        assert call(f"{srv.url}/bot1:nope/getMe") == (
            401,
            {"ok": False, "error_code": 401, "description": "Unauthorized"},
        )
        assert call(f"{base}/nosuchMethod")[1]["description"] == "Not Found: method not found"

        # A pending long poll must not hold up shutdown; the client sees the server go away.
        outcome: list[str] = []

        def long_poll() -> None:
            try:
                call(f"{base}/getUpdates?timeout=30")
                outcome.append("answered")
            except OSError as exc:  # http.client.RemoteDisconnected is a ConnectionError
                outcome.append(type(exc).__name__)

        poller = threading.Thread(target=long_poll, daemon=True)
        poller.start()
        time.sleep(0.1)
        started = time.monotonic()
    poller.join(3)
    assert time.monotonic() - started < 1.0
    assert outcome == ["RemoteDisconnected"]


def test_parse_text_rules() -> None:
    parsed = parse_text('<a href="https://x.kg">сайт</a> &amp; <code>a&lt;b</code> &#x27;q&#39;', "HTML")
    assert parsed.text == "сайт & a<b 'q'"
    assert [e["type"] for e in parsed.entities] == ["text_link", "code"]
    assert parse_text("Tom & Jerry > all", "HTML").text == "Tom & Jerry > all"
    assert parse_text("😀 <b>x</b>", "HTML").entities == [{"type": "bold", "offset": 3, "length": 1}]
    assert parse_text("*жирный* и \\.", "MarkdownV2").text == "жирный и ."
    with pytest.raises(EntityParseError, match=r"Character '\.' is reserved"):
        parse_text("Конец.", "MarkdownV2")
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity"):
        parse_text("*жирный", "MarkdownV2")


def test_wait_helpers_and_stats(fake: FakeTelegram, alice: Any) -> None:
    def bot_side() -> None:
        for i in range(5):
            fake.handle("sendMessage", {"chat_id": alice.id, "text": f"m{i}"})
            time.sleep(0.02)

    fake.user_sends_text(alice, "go")
    threading.Thread(target=bot_side).start()
    call = fake.wait_for(lambda c: c.method == "sendMessage" and c.params["text"] == "m4", timeout=3)
    assert call.ok
    fake.wait_until_idle(quiet=0.1, timeout=3)
    assert len(fake.send_times(alice)) == 5
    assert 10 < fake.send_rate(alice) < 200
    with pytest.raises(TimeoutError):
        fake.wait_for_call("sendPhoto", timeout=0.1)


async def test_updates_can_be_fed_without_polling(fake: FakeTelegram, alice: Any) -> None:
    """Fast handler tests: no updater, updates handed to Application.process_update."""
    app = offline_app_builder(fake).build()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Привет!")

    app.add_handler(CommandHandler("start", start))
    async with app:
        fake.user_sends_command(alice, "/start")
        for raw in fake.take_updates():
            await app.process_update(Update.de_json(raw, app.bot))
    assert fake.bot_texts(alice) == ["Привет!"]
    await asyncio.sleep(0)
