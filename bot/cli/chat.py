"""`python -m bot chat`: the citizen conversation in a terminal, no Telegram needed.

It runs the same `Conversation` as the Telegram handlers, and keeps the chat's `DialogueState` in memory
between turns exactly as the bot keeps it per chat, so follow-ups ("а детям?") and typed answers to a
clarify ("второе", "none of these") work offline too. Buttons are shown numbered; type the number to
press one. Sending to staff is simulated: the console shows what would be forwarded.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import TextIO

from bot.content import Content, load_content
from bot.domain.context import EMPTY, DialogueState
from bot.domain.conversation import Reply
from bot.domain.i18n import Translator

_TAG = re.compile(r"<[^>]+>")


def render(reply: Reply) -> str:
    """HTML to terminal text, with numbered buttons."""
    lines = [_plain(reply.text)]
    number = 1
    for row in reply.buttons:
        for button in row:
            lines.append(f"  [{number}] {button.label}")
            number += 1
    return "\n".join(lines)


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _ticket_text(translator: Translator, lang: str, urgent: bool, number: int, question: str | None) -> str:
    key = "urgent.ticket_created" if urgent else "escalate.created"
    sent = f"forwarded: «{question}»" if question else "no question yet: the next message would carry the details"
    return f"{_plain(translator.t(lang, key, ticket=number))} (offline: not really sent; {sent})"


def run_chat(
    lang: str,
    stdin: TextIO,
    stdout: TextIO,
    content: Content | None = None,
    clock: Callable[[], float] = time.time,
) -> int:
    """Talk to the bot line by line until 'quit' or the end of input; `content` and `clock` are for tests."""
    core = content or load_content()
    conversation, t = core.conversation, core.translator
    tickets = 0
    state: DialogueState = EMPTY
    last = conversation.welcome("", lang)

    def say(text: str = "") -> None:
        stdout.write(f"{text}\n> " if text else "> ")
        stdout.flush()

    stdout.write(render(last) + "\n\n")
    say("(type a question, a button number, or 'quit')")
    for raw in stdin:
        text = raw.strip()
        if text.lower() in ("quit", "exit", "/quit"):
            break
        buttons = [b for row in last.buttons for b in row]
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            data = buttons[int(text) - 1].data
            if data in ("x", "xm"):
                tickets += 1
                say(_ticket_text(t, last.lang, False, tickets, state.forward_question))
                continue
            pressed = conversation.press(data, last.lang, state, clock())
            if pressed is None and data.startswith("l:"):
                lang = data[2:]
                say(t.t(lang, "lang.changed"))
                continue
            reply = pressed or last
        elif text == "/start":
            reply = conversation.welcome("", lang)
        elif text:
            reply = conversation.respond(text, lang, state, clock())
        else:
            say()
            continue
        stdout.write(render(reply) + "\n")
        if reply.wants_ticket:
            tickets += 1
            stdout.write(_ticket_text(t, reply.lang, True, tickets, reply.state.forward_question) + "\n")
        say()
        state = reply.state if reply is not last else state
        last = reply
    stdout.write("\n")
    return 0
