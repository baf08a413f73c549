"""Proof that the fake Telegram speaks the protocol PTB expects, over both transports.

Why: every other bot test trusts ``tests.fakebot``; if the fake answered with JSON PTB cannot
``de_json`` or errors PTB maps differently than Telegram's, those tests would lie.  Here real
PTB objects (``Bot``, ``Application`` with polling) run against the HTTP server and against the
in-process ``FakeRequest``, and the fake's Telegram-like validation is pinned down.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    InputPaidMediaPhoto,
    Message,
    MessageEntity,
    MessageId,
    ReactionTypeEmoji,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
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
from telegram.warnings import PTBDeprecationWarning

from tests.fakebot import (
    CHANNEL_BOT,
    GROUP_ANONYMOUS_BOT,
    PERSON_MESSAGE_KINDS,
    FakeBotAPIServer,
    FakeRequest,
    FakeTelegram,
    WebhookPusher,
    kind_of,
    offline_app_builder,
    offline_bot,
)
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
    assert telegram.errors == [], "the fake could not model something (FakeUnsupported) or crashed"


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
        assert server.errors == [], "the fake server failed while serving"
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


# =============================================================== people: every kind, formatting

STAFF_USER_ID = 3003


def _staff(fake: FakeTelegram, *, bot_status: str = "administrator", type: str = "supergroup") -> Any:
    boss = fake.make_user(STAFF_USER_ID, "Консул")
    return fake.make_group(STAFF_GROUP_ID, "Staff", members={boss: "administrator"}, type=type, bot_status=bot_status)


def _message(update: dict[str, Any], bot: Bot) -> Message:
    parsed = Update.de_json(update, bot)
    assert parsed.effective_message is not None
    return parsed.effective_message


async def test_every_person_kind_de_jsons_with_reply_and_caption(fake: FakeTelegram, alice: Any) -> None:
    """Each kind, in private and in a group, as a reply, with a caption where Telegram allows one."""
    staff = _staff(fake)
    bot = offline_bot(fake)
    assert {k.name for k in PERSON_MESSAGE_KINDS} >= {
        "text", "photo", "video", "animation", "audio", "document", "voice", "video_note", "sticker",
        "location", "venue", "contact", "poll", "quiz", "dice",
    }  # fmt: skip
    for chat in (None, staff):
        where = alice if chat is None else staff
        anchor = await bot.send_message(where.id, "Вопрос?")
        for kind in PERSON_MESSAGE_KINDS:
            caption = "Подпись <b>не</b> HTML /start" if kind.caption else None
            raw = fake.user_sends(alice, kind.name, chat, reply_to=anchor.message_id, caption=caption)
            if kind.name == "quiz" and chat is None:
                # Telegram sends correct_option_id (and _ids) in the bot's private chat; PTB 22.8 warns about it.
                with pytest.warns(PTBDeprecationWarning, match="correct_option_id"):
                    msg = _message(raw, bot)
            else:
                msg = _message(raw, bot)
            assert msg.reply_to_message is not None and msg.reply_to_message.message_id == anchor.message_id
            view = fake.message(where, msg.message_id)
            assert view is not None and view.kind == kind.name == kind_of(raw["message"])
            assert kind.field in raw["message"]
            if kind.caption:
                assert msg.caption == caption and view.text == caption
                assert [e.type for e in msg.caption_entities] == ["bot_command"]
            else:
                assert msg.caption is None
                with pytest.raises(ValueError, match="no captions"):
                    fake.user_sends(alice, kind.name, chat, caption="x")
            if kind.has_file:
                assert msg.effective_attachment is not None
    gif = _message(fake.user_sends_animation(alice), bot)
    assert gif.animation is not None and gif.document is not None
    assert gif.document.file_id == gif.animation.file_id  # as Telegram sends GIFs
    venue = _message(fake.user_sends_venue(alice, title="Консульство"), bot)
    assert venue.venue is not None and venue.venue.title == "Консульство" and venue.location is not None
    contact = _message(fake.user_sends_contact(alice), bot)
    assert contact.contact is not None and contact.contact.user_id == alice.id
    note = _message(fake.user_sends_video_note(alice, duration=7), bot)
    assert note.video_note is not None and note.video_note.duration == dtm.timedelta(seconds=7)
    dice = _message(fake.user_sends_dice(alice, emoji="🎯", value=6), bot)
    assert dice.dice is not None and dice.dice.value == 6
    with pytest.raises(TypeError, match="no option"):
        fake.user_sends(alice, "sticker", width=3)


async def test_polls_and_quizzes(fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    bot = offline_bot(fake)
    poll = _message(fake.user_sends_poll(alice, "Когда?", ["Утром", "Вечером"], allows_multiple_answers=True), bot)
    assert poll.poll is not None and poll.poll.type == "regular" and poll.poll.allows_multiple_answers
    assert [o.text for o in poll.poll.options] == ["Утром", "Вечером"]
    private_quiz = fake.user_sends_poll(alice, "2+2?", ["3", "4"], quiz=True, correct_option_id=1)
    assert private_quiz["message"]["poll"]["correct_option_id"] == 1  # the bot's private chat: known
    group_quiz = fake.user_sends_poll(alice, "2+2?", ["3", "4"], staff, quiz=True, correct_option_id=1)
    assert "correct_option_id" not in group_quiz["message"]["poll"]  # in a group: hidden from the bot
    assert _message(group_quiz, bot).poll.type == "quiz"  # type: ignore[union-attr]


async def test_anonymous_admin_and_channel_senders(fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    boss = STAFF_USER_ID
    bot = offline_bot(fake)
    card = await bot.send_message(STAFF_GROUP_ID, "Карточка вопроса")
    raw = fake.user_sends_text(
        boss, "Ответ от отдела", staff, card.message_id, anonymous=True, author_signature="Консул"
    )
    msg = _message(raw, bot)
    assert msg.from_user is not None and msg.from_user.id == GROUP_ANONYMOUS_BOT["id"] == 1087968824
    assert msg.from_user.is_bot and msg.from_user.username == "GroupAnonymousBot"
    assert msg.sender_chat is not None and msg.sender_chat.id == STAFF_GROUP_ID and msg.sender_chat.type == "supergroup"
    assert msg.author_signature == "Консул"
    assert msg.reply_to_message is not None and msg.reply_to_message.message_id == card.message_id
    view = fake.message(staff, msg.message_id)
    assert view is not None and view.sender_chat_id == STAFF_GROUP_ID and view.sender_id == 1087968824
    # any kind can be sent "as the group"; the real author can still edit it
    photo = fake.user_sends_photo(boss, staff, "скан", reply_to=card.message_id, anonymous=True)
    edited = _message(fake.user_edits_caption(boss, photo["message"]["message_id"], "скан паспорта", staff), bot)
    assert edited.caption == "скан паспорта" and edited.sender_chat is not None
    with pytest.raises(ValueError, match="not an administrator"):
        fake.user_sends_text(alice, "x", staff, anonymous=True)
    with pytest.raises(ValueError, match="only in groups"):
        fake.user_sends_text(alice, "x", anonymous=True)
    # on behalf of a channel the user administers
    channel = fake.make_channel(-1007770001, "МИД КР", username="mfa_kg", members={boss: "creator"}, linked_group=staff)
    posted = _message(fake.user_sends_text(boss, "Новости", staff, as_channel=channel), bot)
    assert posted.from_user is not None and posted.from_user.id == CHANNEL_BOT["id"]
    assert posted.sender_chat is not None and posted.sender_chat.type == "channel"
    assert posted.sender_chat.id == channel.id
    with pytest.raises(ValueError, match="does not administer"):
        fake.user_sends_text(alice, "x", staff, as_channel=channel)
    # a channel post shows up in the linked discussion group as an automatic forward
    fake.set_member_status(channel, fake.bot_id, "administrator")
    post, auto = fake.channel_posts(channel, "photo", caption="Новый порядок", author_signature="Пресс-служба")
    channel_post = Update.de_json(post, bot).channel_post
    assert channel_post is not None and channel_post.from_user is None and channel_post.chat.type == "channel"
    forwarded = _message(auto, bot)
    assert forwarded.is_automatic_forward and forwarded.chat.id == STAFF_GROUP_ID and forwarded.photo
    assert forwarded.from_user is not None and forwarded.from_user.id == 777000
    assert forwarded.sender_chat is not None and forwarded.sender_chat.id == channel.id
    assert forwarded.forward_origin is not None and forwarded.forward_origin.type == "channel"
    assert forwarded.forward_origin.message_id == channel_post.message_id  # type: ignore[attr-defined]


async def test_people_send_formatted_text(fake: FakeTelegram, alice: Any) -> None:
    bot = offline_bot(fake)
    msg = _message(fake.user_sends_html(alice, 'Смотрите <a href="https://mfa.gov.kg">здесь</a> /help'), bot)
    assert msg.text == "Смотрите здесь /help"
    types = {e.type: e for e in msg.entities}
    assert types["text_link"].url == "https://mfa.gov.kg" and msg.parse_entity(types["text_link"]) == "здесь"
    assert "bot_command" in types  # auto entities stay
    every = (
        "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>p</tg-spoiler> <code>c</code> "
        '<pre><code class="language-py">x</code></pre> <a href="tg://user?id=1001">Алиса</a> '
        '<blockquote>q</blockquote><blockquote expandable>e</blockquote> <tg-emoji emoji-id="5368">👍</tg-emoji>'
    )
    msg = _message(fake.user_sends_html(alice, every), bot)
    assert [e.type for e in msg.entities] == [
        "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "text_mention",
        "blockquote", "expandable_blockquote", "custom_emoji",
    ]  # fmt: skip
    mention = next(e for e in msg.entities if e.type == "text_mention")
    assert mention.user is not None and mention.user.first_name == "Алиса"  # the real user, filled in
    assert next(e for e in msg.entities if e.type == "pre").language == "py"
    entities = [{"type": "bold", "offset": 0, "length": 4}, {"type": "italic", "offset": 5, "length": 2}]
    plain = _message(fake.user_sends_text(alice, "😀ok 😀", entities=entities), bot)  # offsets in UTF-16
    assert [plain.parse_entity(e) for e in plain.entities] == ["😀ok", "😀"]
    caption = _message(fake.user_sends_html(alice, "<b>Паспорт</b> стр. 1", kind="photo"), bot)
    assert caption.caption == "Паспорт стр. 1" and caption.caption_entities[0].type == "bold"
    with pytest.raises(ValueError, match="ends after the text"):
        fake.user_sends_text(alice, "abc", entities=[{"type": "bold", "offset": 2, "length": 5}])
    with pytest.raises(ValueError, match="needs 'url'"):
        fake.user_sends_text(alice, "abc", entities=[{"type": "text_link", "offset": 0, "length": 1}])


async def test_albums_share_a_group_and_each_carries_the_reply(fake: FakeTelegram, alice: Any) -> None:
    bot = offline_bot(fake)
    question = await bot.send_message(alice.id, "Пришлите документы")
    before = len(fake.pending_updates())
    updates = fake.user_sends_album(
        alice,
        ["photo", {"kind": "video", "caption": "видео"}, "photo"],
        caption="<b>не HTML</b>",
        caption_entities=[{"type": "bold", "offset": 0, "length": 2}],
        reply_to=question.message_id,
    )
    assert len(fake.pending_updates()) == before + 3  # each message its own update
    messages = [_message(u, bot) for u in updates]
    assert len({m.media_group_id for m in messages}) == 1 and messages[0].media_group_id
    assert all(
        m.reply_to_message is not None and m.reply_to_message.message_id == question.message_id for m in messages
    )
    assert [m.caption for m in messages] == ["<b>не HTML</b>", "видео", None]
    assert messages[0].caption_entities[0].type == "bold"
    assert [fake.message(alice, m.message_id).kind for m in messages] == ["photo", "video", "photo"]  # type: ignore[union-attr]
    docs = fake.user_sends_album(alice, ["document", "document"])
    assert {u["message"]["media_group_id"] for u in docs} != {messages[0].media_group_id}
    with pytest.raises(ValueError, match="cannot be mixed"):
        fake.user_sends_album(alice, ["photo", "document"])
    with pytest.raises(ValueError, match="cannot be part of an album"):
        fake.user_sends_album(alice, ["photo", "voice"])
    with pytest.raises(ValueError, match="2-10 items"):
        fake.user_sends_album(alice, ["photo"])


async def test_people_edit_captions_entities_and_group_replies(fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake, bot_status="member")  # privacy mode: edits of replies to the bot still arrive
    bot = offline_bot(fake)
    photo = fake.user_sends_photo(alice, caption="паспорт")["message"]
    update = fake.user_edits_caption(
        alice, photo["message_id"], "паспорт, стр. 2", caption_entities=[{"type": "italic", "offset": 0, "length": 7}]
    )
    edited = Update.de_json(update, bot).edited_message
    assert edited is not None and edited.caption == "паспорт, стр. 2" and edited.edit_date is not None
    assert edited.caption_entities[0].type == "italic" and edited.photo
    text = fake.user_sends_text(alice, "v1")["message"]
    update = fake.user_edits_text(
        alice, text["message_id"], "v2 важно", entities=[{"type": "bold", "offset": 3, "length": 5}]
    )
    edited = Update.de_json(update, bot).edited_message
    assert edited is not None and edited.text == "v2 важно" and edited.entities[0].type == "bold"
    html = fake.user_edits_html(alice, text["message_id"], '<a href="https://mfa.gov.kg">v3</a>')
    assert html["edited_message"]["entities"][0]["url"] == "https://mfa.gov.kg"
    # staff edit their reply in the group: the edit keeps reply_to_message, as on Telegram
    card = await bot.send_message(STAFF_GROUP_ID, "Вопрос от Алисы")
    reply = fake.user_sends_text(STAFF_USER_ID, "Ответ", staff, card.message_id)
    update = fake.user_edits_text(STAFF_USER_ID, reply["message"]["message_id"], "Ответ (исправлен)", staff)
    assert update["update_id"] is not None
    edited = Update.de_json(update, bot).edited_message
    assert edited is not None and edited.reply_to_message is not None
    assert edited.reply_to_message.message_id == card.message_id
    with pytest.raises(ValueError, match="has no caption"):
        fake.user_edits_caption(alice, text["message_id"], "x")
    with pytest.raises(ValueError, match="changes nothing"):
        fake.user_edits_text(STAFF_USER_ID, reply["message"]["message_id"], "Ответ (исправлен)", staff)
    with pytest.raises(ValueError, match="has no message"):
        fake.user_edits_text(alice, card.message_id, "x", staff)


# ============================================================ Bot API: formatting, copy, send


async def test_send_message_with_entities_and_expandable_blockquote(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    entities = [
        MessageEntity("bold", 0, 2),
        MessageEntity("text_link", 3, 4, url="https://mfa.gov.kg"),
        MessageEntity("url", 0, 1),  # auto types from the sender are ignored; Telegram finds its own
    ]
    msg = await bot.send_message(alice.id, "😀 сайт https://e.kg", entities=entities)
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [
        ("bold", 0, 2),
        ("text_link", 3, 4),
        ("url", 8, 12),
    ]
    view = fake.last_message(alice)
    assert view is not None and view.entities[1]["url"] == "https://mfa.gov.kg"
    quote = await bot.send_message(
        alice.id, "<blockquote expandable>Длинный ответ</blockquote>Итог", parse_mode=ParseMode.HTML
    )
    assert quote.text == "Длинный ответИтог" and quote.entities[0].type == "expandable_blockquote"
    with pytest.raises(BadRequest, match=r"(?i)can't parse messageentity: unsupported type specified"):
        await bot.send_message(alice.id, "x", entities=[MessageEntity("blink", 0, 1)])
    # limits count UTF-16 code units: an emoji is 2
    ok = await bot.send_message(alice.id, "😀" * 2048)
    assert ok.text is not None
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(alice.id, "😀" * 2048 + "!")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(alice.id, fake.add_file(b"x", "photo"), caption="😀" * 513)


async def test_text_link_round_trips_through_copy_message(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    question = fake.user_sends_html(alice, 'Был <a href="https://mfa.gov.kg/ru">на сайте</a>, <b>не нашёл</b>')
    copied = await bot.copy_message(
        STAFF_GROUP_ID,
        alice.id,
        question["message"]["message_id"],
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ответить", callback_data="r:1")]]),
    )
    assert isinstance(copied, MessageId)
    view = fake.message(staff, copied.message_id)
    assert view is not None and view.kind == "text" and view.text == "Был на сайте, не нашёл"
    link = next(e for e in view.entities if e["type"] == "text_link")
    assert link == {"type": "text_link", "offset": 4, "length": 8, "url": "https://mfa.gov.kg/ru"}
    assert [e["type"] for e in view.entities] == ["text_link", "bold"]
    assert view.callback_data == ["r:1"] and view.copied_from == (alice.id, question["message"]["message_id"])
    # and back: the staff answer with a link reaches the citizen intact, as a reply
    answer = fake.user_sends_html(STAFF_USER_ID, 'См. <a href="https://e-visa.kg">e-visa</a>', staff, copied.message_id)
    anchor = question["message"]["message_id"]
    back = await bot.copy_message(
        alice.id, STAFF_GROUP_ID, answer["message"]["message_id"], reply_parameters=ReplyParameters(anchor)
    )
    seen = fake.message(alice, back.message_id)
    assert seen is not None and seen.reply_to_message_id == anchor
    assert seen.entities[0]["url"] == "https://e-visa.kg"


async def test_copy_message_caption_overrides(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = fake.make_group(STAFF_GROUP_ID, "Staff", is_forum=True)
    doc = fake.user_sends_html(alice, "<i>скан</i>", kind="document")["message"]
    keep = await bot.copy_message(STAFF_GROUP_ID, alice.id, doc["message_id"], message_thread_id=7)
    kept = fake.message(staff, keep.message_id)
    assert kept is not None and kept.kind == "document" and kept.text == "скан" and kept.entities[0]["type"] == "italic"
    assert kept.message_thread_id == 7
    html = await bot.copy_message(
        STAFF_GROUP_ID, alice.id, doc["message_id"], caption="<b>От Алисы</b>", parse_mode="HTML"
    )
    got = fake.message(staff, html.message_id)
    assert got is not None and got.text == "От Алисы" and got.entities == ({"type": "bold", "offset": 0, "length": 8},)
    ents = await bot.copy_message(
        STAFF_GROUP_ID, alice.id, doc["message_id"], caption="Скан", caption_entities=[MessageEntity("underline", 0, 4)]
    )
    got = fake.message(staff, ents.message_id)
    assert got is not None and got.entities[0]["type"] == "underline"
    gone = await bot.copy_message(STAFF_GROUP_ID, alice.id, doc["message_id"], caption="")
    got = fake.message(staff, gone.message_id)
    assert got is not None and got.caption is None and got.kind == "document"


async def test_copy_message_every_kind_and_refusals(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    for kind in PERSON_MESSAGE_KINDS:
        sent = fake.user_sends(alice, kind.name, caption="подпись" if kind.caption else None)["message"]
        copied = await bot.copy_message(STAFF_GROUP_ID, alice.id, sent["message_id"])
        view = fake.message(staff, copied.message_id)
        assert view is not None and view.kind == kind.name, kind.name
        if kind.caption:
            assert view.caption == "подпись"
    # what Telegram refuses to copy
    group_quiz = fake.user_sends_poll(STAFF_USER_ID, "?", ["a", "b"], staff, quiz=True)["message"]
    joined = fake.user_sends_other(alice, {"new_chat_members": [alice.to_dict()]}, staff)["message"]
    others = [
        {"invoice": {"title": "t", "description": "d", "start_parameter": "", "currency": "XTR", "total_amount": 1}},
        {"giveaway": {"chats": [], "winners_selection_date": 1, "winner_count": 1}},
        {"paid_media": {"star_count": 1, "paid_media": []}},
    ]
    refused = [(STAFF_GROUP_ID, group_quiz["message_id"]), (STAFF_GROUP_ID, joined["message_id"])]
    refused += [(alice.id, fake.user_sends_other(alice, content)["message"]["message_id"]) for content in others]
    for from_chat, message_id in refused:
        with pytest.raises(BadRequest, match="The message can't be copied"):
            await bot.copy_message(alice.id, from_chat, message_id)
    description = fake.calls_of("copyMessage")[-1].description
    assert description == "Bad Request: the message can't be copied"


async def test_copy_and_forward_messages_keep_albums(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    album = [u["message"]["message_id"] for u in fake.user_sends_album(alice, ["photo", "photo"], caption="два фото")]
    text = fake.user_sends_text(alice, "и текст")["message"]["message_id"]
    copies = await bot.copy_messages(STAFF_GROUP_ID, alice.id, [*album, text, 999])
    assert len(copies) == 3  # the missing 999 is skipped
    views = [fake.message(staff, m.message_id) for m in copies]
    assert [v.kind for v in views if v] == ["photo", "photo", "text"]
    groups = [v.media_group_id for v in views if v]
    assert groups[0] == groups[1] is not None and groups[2] is None
    assert groups[0] != fake.message(alice, album[0]).media_group_id  # type: ignore[union-attr]
    stripped = await bot.copy_messages(STAFF_GROUP_ID, alice.id, album, remove_caption=True)
    assert fake.message(staff, stripped[0].message_id).caption is None  # type: ignore[union-attr]
    with pytest.raises(BadRequest, match="Messages can't be forwarded"):
        await bot.copy_messages(STAFF_GROUP_ID, alice.id, [998, 999])
    forwarded = await bot.forward_messages(STAFF_GROUP_ID, alice.id, album)
    assert len(forwarded) == 2


async def test_forward_message_origins(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    shy = fake.make_user(2020, "Тихий", last_name="Гражданин", hides_forwards=True)
    plain = await bot.forward_message(
        STAFF_GROUP_ID, alice.id, fake.user_sends_text(alice, "я")["message"]["message_id"]
    )
    assert plain.forward_origin is not None and plain.forward_origin.type == "user"
    assert plain.forward_origin.sender_user.id == alice.id  # type: ignore[attr-defined]
    hidden = await bot.forward_message(STAFF_GROUP_ID, shy.id, fake.user_sends_text(shy, "я")["message"]["message_id"])
    assert hidden.forward_origin is not None and hidden.forward_origin.type == "hidden_user"
    assert hidden.forward_origin.sender_user_name == "Тихий Гражданин"  # type: ignore[attr-defined]
    anon = fake.user_sends_text(STAFF_USER_ID, "от отдела", staff, anonymous=True)["message"]
    fwd = await bot.forward_message(alice.id, STAFF_GROUP_ID, anon["message_id"])
    assert fwd.forward_origin is not None and fwd.forward_origin.type == "chat"
    assert fwd.forward_origin.sender_chat.id == STAFF_GROUP_ID  # type: ignore[attr-defined]


async def test_new_send_methods(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    question = fake.user_sends_text(alice, "Где посольство?")["message"]["message_id"]
    venue = await bot.send_venue(alice.id, 55.73, 37.62, "Посольство", "Б. Ордынка, 64", reply_to_message_id=question)
    assert venue.venue is not None and venue.location is not None and venue.reply_to_message is not None
    contact = await bot.send_contact(alice.id, "+996312000000", "Консульство")
    assert contact.contact is not None and contact.contact.phone_number == "+996312000000"
    note = await bot.send_video_note(alice.id, b"round", length=360)
    assert note.video_note is not None and note.video_note.length == 360
    dice = await bot.send_dice(alice.id, emoji="🎰")
    assert dice.dice is not None and 1 <= dice.dice.value <= 64
    poll = await bot.send_poll(alice.id, "Оцените ответ", ["Хорошо", "Плохо"], is_anonymous=False)
    assert poll.poll is not None and [o.text for o in poll.poll.options] == ["Хорошо", "Плохо"]
    with pytest.warns(PTBDeprecationWarning, match="correct_option_id"):  # PTB on Telegram's own answer
        quiz = await bot.send_poll(alice.id, "Срок?", ["1", "2", "3"], type="quiz", correct_option_ids=[2])
    assert quiz.poll is not None and quiz.poll.correct_option_ids == (2,)
    with pytest.raises(BadRequest, match="Poll_answers_invalid"):
        await bot.send_poll(alice.id, "?", ["один"])
    with pytest.raises(BadRequest, match=r"(?i)correct quiz option list must be non-empty"):
        await bot.send_poll(alice.id, "?", ["a", "b"], type="quiz")
    assert [fake.message(alice, m.message_id).kind for m in (venue, contact, note, dice, poll, quiz)] == [  # type: ignore[union-attr]
        "venue", "contact", "video_note", "dice", "poll", "quiz",
    ]  # fmt: skip
    album = await bot.send_media_group(
        alice.id,
        [InputMediaPhoto(b"p1", caption="<b>Фото</b>", parse_mode="HTML"), InputMediaVideo(b"v1")],
        reply_to_message_id=question,
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id is not None
    assert album[0].caption == "Фото" and album[0].caption_entities[0].type == "bold"
    assert all(m.reply_to_message is not None for m in album)
    with pytest.raises(BadRequest, match=r"(?i)document can't be mixed"):
        await bot.send_media_group(alice.id, [InputMediaPhoto(b"p"), InputMediaDocument(b"d")])
    edited = await bot.edit_message_caption(
        alice.id, album[0].message_id, caption="Новое <i>фото</i>", parse_mode="HTML"
    )
    assert (
        not isinstance(edited, bool) and edited.caption == "Новое фото" and edited.caption_entities[0].type == "italic"
    )
    with pytest.raises(BadRequest, match="There is no caption in the message to edit"):
        await bot.edit_message_caption(alice.id, dice.message_id, caption="x")
    assert await bot.set_message_reaction(alice.id, question, "👍")
    assert fake.reactions(alice, question) == [{"type": "emoji", "emoji": "👍"}]
    with pytest.raises(BadRequest, match="Reaction_invalid"):
        await bot.set_message_reaction(alice.id, question, ReactionTypeEmoji("🦖"))
    with pytest.raises(BadRequest, match="custom_emoji_id"):  # PTB sends unknown strings as custom emoji ids
        await bot.set_message_reaction(alice.id, question, "🦖")
    with pytest.raises(BadRequest, match="Message to react not found"):
        await bot.set_message_reaction(alice.id, 4242, "👍")
    assert await bot.set_message_reaction(alice.id, question)
    assert fake.reactions(alice, question) == []
    quoted = await bot.send_message(alice.id, "Да", reply_parameters=ReplyParameters(question, quote="посольство"))
    assert quoted.quote is not None and quoted.quote.text == "посольство" and quoted.quote.position == 4
    with pytest.raises(BadRequest, match="Quote_text_invalid"):
        await bot.send_message(alice.id, "Да", reply_parameters=ReplyParameters(question, quote="вокзал"))


async def test_what_the_fake_cannot_model_is_loud(
    transport: Transport, bot: Bot, fake: FakeTelegram, alice: Any
) -> None:
    """A real method the fake lacks is not answered with a made-up 404 or 200."""
    with pytest.raises(NetworkError):
        await bot.send_paid_media(alice.id, 1, [InputPaidMediaPhoto(b"jpeg")])
    assert [type(e).__name__ for e in fake.errors] == ["FakeUnsupported"]
    if transport.server is not None:
        assert [type(e).__name__ for e in transport.server.errors] == ["FakeUnsupported"]
        transport.server.errors.clear()
    with pytest.raises(NetworkError):
        await bot.send_message(alice.id, "hi", business_connection_id="bc1")
    assert "business_connection_id" in str(fake.errors[-1])
    other = fake.make_user(2002, "Bob")
    elsewhere = fake.user_sends_text(other, "вопрос")["message"]["message_id"]
    with pytest.raises(NetworkError):  # a reply to another chat's message is an external_reply: not modelled
        await bot.send_message(alice.id, "x", reply_parameters=ReplyParameters(elsewhere, chat_id=other.id))
    assert "external_reply" in str(fake.errors[-1]) and fake.bot_texts(alice) == []
    fake.errors.clear()
    if transport.server is not None:
        transport.server.errors.clear()


# ======================================================================= transport failures


async def test_dropped_response_leaves_the_message(
    transport: Transport, bot: Bot, fake: FakeTelegram, alice: Any
) -> None:
    fake.drop_response_next("sendMessage", chat_id=alice)
    with pytest.raises(NetworkError) as info:
        await bot.send_message(alice.id, "Ваш ответ готов")
    assert not isinstance(info.value, TimedOut)
    assert fake.bot_texts(alice) == ["Ваш ответ готов"]  # performed
    call = fake.calls_of("sendMessage")[-1]
    assert call.ok and call.fault == "drop" and call.wait_delivered(2) is False
    assert fake.unacknowledged() == [call]
    again = await bot.send_message(alice.id, "второе")  # the injection was used up
    assert again.message_id == 2 and fake.calls_of("sendMessage")[-1].wait_delivered(2) is True
    assert fake.unacknowledged("sendMessage", alice) == [call]


async def test_delayed_response(transport: Transport, bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    fake.delay_response_next("sendMessage", seconds=0.3)
    started = time.monotonic()
    msg = await bot.send_message(alice.id, "медленно")
    assert time.monotonic() - started >= 0.3 and msg.text == "медленно"
    assert fake.calls_of("sendMessage")[-1].delivered is True
    fake.delay_response_next("sendMessage", chat_id=alice, seconds=0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(alice.id, "не дождались", read_timeout=0.15)
    call = fake.calls_of("sendMessage")[-1]
    assert call.ok and call.fault == "delay" and call.wait_delivered(2) is False
    assert fake.bot_texts(alice) == ["медленно", "не дождались"]
    assert fake.unacknowledged() == [call]


def test_direct_handle_ignores_transport_faults(fake: FakeTelegram, alice: Any) -> None:
    fake.drop_response_next("sendMessage")
    status, body = fake.handle("sendMessage", {"chat_id": alice.id, "text": "x"})
    assert status == 200 and body["ok"] and fake.calls[-1].delivered is True
    with pytest.raises(ValueError, match="not a method the fake implements"):
        fake.drop_response_next("sendTelepathy")


# ====================================================================== chat lifecycle


async def test_group_migration_raises_chat_migrated(
    transport: Transport, bot: Bot, fake: FakeTelegram, alice: Any
) -> None:
    boss = fake.make_user(STAFF_USER_ID, "Консул")
    old = fake.make_group(-4123, "Консульский отдел", members={boss: "creator", alice: "member"}, type="group")
    question = fake.user_sends_text(alice, "/start", old)["message"]["message_id"]
    fake.take_updates()
    new_id = fake.migrate_group(old)
    assert new_id == -1000000004123 and fake.migrated_to(old) == new_id
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(old.id, "Новый вопрос")
    assert info.value.new_chat_id == new_id
    assert fake.calls_of("sendMessage")[-1].response["parameters"] == {"migrate_to_chat_id": new_id}
    with pytest.raises(ChatMigrated):
        await bot.copy_message(old.id, alice.id, fake.user_sends_text(alice, "x")["message"]["message_id"])
    updates = [
        Update.de_json(u, bot) for u in fake.take_updates() if "message" in u and u["message"]["chat"]["id"] != alice.id
    ]
    assert [(u.effective_chat.id, u.message.migrate_to_chat_id, u.message.migrate_from_chat_id) for u in updates] == [  # type: ignore[union-attr]
        (old.id, new_id, None),
        (new_id, None, old.id),
    ]
    sent = await bot.send_message(new_id, "Здесь")
    assert sent.chat.type == "supergroup" and sent.chat.id == new_id
    assert isinstance(await bot.get_chat_member(new_id, boss.id), ChatMemberOwner)  # members carried over
    assert (await bot.get_chat(old.id)).id == old.id  # reading the old group still works
    moved = await bot.copy_message(alice.id, old.id, question)  # so does copying its old messages
    assert fake.message(alice, moved.message_id) is not None
    with pytest.raises(ValueError, match="upgraded"):
        fake.user_sends_text(alice, "x", old)


async def test_bot_removed_and_readded(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    staff = _staff(fake)
    boss = STAFF_USER_ID
    removed = fake.bot_removed_from_group(staff, boss)
    assert removed["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    with pytest.raises(Forbidden, match="bot was kicked from the supergroup chat"):
        await bot.send_message(STAFF_GROUP_ID, "hi")
    assert fake.calls_of("sendMessage")[-1].status == 403
    with pytest.raises(ValueError, match="not in"):
        fake.bot_removed_from_group(staff, boss)
    membership, service = fake.bot_added_to_group(staff, boss)
    change = Update.de_json(membership, bot).my_chat_member
    assert change is not None
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("kicked", "member")
    assert Update.de_json(service, bot).message.new_chat_members[0].id == fake.bot_id  # type: ignore[union-attr]
    assert (await bot.send_message(STAFF_GROUP_ID, "снова здесь")).text == "снова здесь"
    with pytest.raises(ValueError, match="already"):
        fake.bot_added_to_group(staff, boss)
    small = fake.make_group(-555, "Малая группа", members={alice: "creator"}, type="group")
    fake.bot_removed_from_group(small, alice, status="left")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.send_message(small.id, "hi")
    readded = Update.de_json(fake.bot_added_to_group(small, alice, "administrator")[0], bot).my_chat_member
    assert readded is not None and readded.old_chat_member.status == "left"
    assert readded.new_chat_member.status == "administrator"


async def test_block_and_unblock_emit_my_chat_member(bot: Bot, fake: FakeTelegram, alice: Any) -> None:
    blocked = Update.de_json(fake.block_bot(alice), bot).my_chat_member
    assert blocked is not None and blocked.chat.type == "private"
    assert (blocked.old_chat_member.status, blocked.new_chat_member.status) == ("member", "kicked")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(alice.id, "hi")
    unblocked = Update.de_json(fake.unblock_bot(alice), bot).my_chat_member
    assert unblocked is not None and unblocked.new_chat_member.status == "member"
    assert (await bot.send_message(alice.id, "снова")).text == "снова"
    with pytest.raises(ValueError, match="has not blocked"):
        fake.unblock_bot(alice)


# ============================================================================== webhook


class _Hook(http.server.BaseHTTPRequestHandler):
    """A stand-in for the bot's webhook: answers the scripted statuses, records what it got."""

    statuses: ClassVar[list[int]] = []
    seen: ClassVar[list[tuple[str | None, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.headers.get("X-Telegram-Bot-Api-Secret-Token"), json.loads(body)))
        status = type(self).statuses.pop(0) if type(self).statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[str, type[_Hook]]]:
    handler = type("Hook", (_Hook,), {"statuses": [], "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tg-hook", handler
    server.shutdown()
    server.server_close()


def test_webhook_pusher_retries_after_500(fake: FakeTelegram, alice: Any, hook: tuple[str, type[_Hook]]) -> None:
    url, handler = hook
    handler.statuses[:] = [500, 502]
    update = fake.user_sends_text(alice, "Салам")  # queued before the webhook exists: waits for it
    with WebhookPusher(fake, url, retry_delay=0.01) as pusher:
        time.sleep(0.05)
        assert pusher.results == {}  # no webhook registered yet: Telegram delivers nothing
        fake.handle("setWebhook", {"url": "https://consul.example/tg-hook", "secret_token": "s3cret"})
        delivery = pusher.wait_for(update["update_id"], timeout=5)
        assert delivery.statuses == [500, 502, 200] and delivery.accepted is True
        info = fake.handle("getWebhookInfo", {})[1]["result"]
        assert info["pending_update_count"] == 0
        assert info["last_error_message"] == "Wrong response from the webhook: 502"
        second = fake.user_sends_text(alice, "ещё")
        assert pusher.wait_for(second["update_id"], timeout=5).statuses == [200]
    assert [secret for secret, _ in handler.seen] == ["s3cret"] * 4
    assert [body["message"]["text"] for _, body in handler.seen] == ["Салам"] * 3 + ["ещё"]
    assert pusher.errors == []


def test_webhook_pusher_gives_up_and_checks_its_target(
    fake: FakeTelegram, alice: Any, hook: tuple[str, type[_Hook]]
) -> None:
    url, handler = hook
    handler.statuses[:] = [503] * 10
    fake.handle("setWebhook", {"url": "https://consul.example/tg-hook"})
    first = fake.user_sends_text(alice, "раз")
    second = fake.user_sends_text(alice, "два")
    with WebhookPusher(fake, url, secret_token="wrong", max_attempts=3, retry_delay=0.01) as pusher:
        failed = pusher.wait_for(first["update_id"], timeout=5)
        assert failed.statuses == [503, 503, 503] and failed.accepted is False  # dropped, not retried forever
        assert pusher.wait_for(second["update_id"], timeout=5).statuses == [503, 503, 503]
    assert handler.seen[0][0] == "wrong" and fake.pending_updates() == []
    dead = url.rsplit(":", 1)[0] + ":1/tg-hook"  # nothing listens on port 1
    third = fake.user_sends_text(alice, "три")
    with WebhookPusher(fake, dead, max_attempts=2, retry_delay=0.01) as pusher:
        unreachable = pusher.wait_for(third["update_id"], timeout=5)
    assert unreachable.statuses == [0, 0] and "Connection failed" in unreachable.errors[0]
    with pytest.raises(ValueError, match=r"127.0.0.1"):
        WebhookPusher(fake, "https://consul.example/tg-hook")


async def test_application_receives_what_telegram_sends(transport: Transport, fake: FakeTelegram, alice: Any) -> None:
    """Through getUpdates (HTTP or in-process) into PTB handlers: anonymous admin replies, albums,
    caption edits and a migration service message, all as PTB objects."""
    staff = _staff(fake, bot_status="member")  # privacy mode on: replies to the bot still arrive
    seen: list[str] = []
    sent: dict[str, Any] = {}

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        assert msg is not None
        sender = msg.sender_chat.id if msg.sender_chat else (msg.from_user.id if msg.from_user else None)
        edited = "edit" if update.edited_message else "new"
        seen.append(f"{edited}:{msg.chat.id}:{sender}:{msg.media_group_id or '-'}:{msg.caption or msg.text}")

    app = transport.application()
    app.add_handler(MessageHandler(filters.ALL, record))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, record))

    async def body() -> None:
        card = await app.bot.send_message(STAFF_GROUP_ID, "Вопрос от Алисы")
        fake.user_sends_text(STAFF_USER_ID, "Ответ отдела", staff, card.message_id, anonymous=True)
        album = fake.user_sends_album(alice, ["photo", "photo"], caption="документы")
        sent["media_group_id"] = album[0]["message"]["media_group_id"]
        fake.user_edits_caption(alice, album[0]["message"]["message_id"], "документы, стр. 1")
        await fake.wait_until_idle_async(quiet=0.1, timeout=4)

    await _run(app, body)
    album_id = sent["media_group_id"]
    assert seen == [
        f"new:{STAFF_GROUP_ID}:{STAFF_GROUP_ID}:-:Ответ отдела",  # sender_chat = the group itself
        f"new:{alice.id}:{alice.id}:{album_id}:документы",
        f"new:{alice.id}:{alice.id}:{album_id}:None",
        f"edit:{alice.id}:{alice.id}:{album_id}:документы, стр. 1",
    ]
