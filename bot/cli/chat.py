"""`python -m bot chat`: the citizen conversation in a terminal, no Telegram needed.

It runs the same `Conversation` as the Telegram handlers. Buttons are shown numbered; type the number
to press one. Sending to staff is simulated: the console shows what the citizen would be told.
"""

from __future__ import annotations

import html
import re
from typing import TextIO

from bot.content import load_content
from bot.domain.conversation import Reply
from bot.domain.i18n import Translator

_TAG = re.compile(r"<[^>]+>")


def render(reply: Reply) -> str:
    """HTML to terminal text, with numbered buttons."""
    lines = [html.unescape(_TAG.sub("", reply.text))]
    number = 1
    for row in reply.buttons:
        for button in row:
            lines.append(f"  [{number}] {button.label}")
            number += 1
    return "\n".join(lines)


def _ticket_text(translator: Translator, lang: str, urgent: bool, number: int) -> str:
    key = "urgent.ticket_created" if urgent else "escalate.created"
    return html.unescape(_TAG.sub("", translator.t(lang, key, ticket=number))) + " (offline: not really sent)"


def run_chat(lang: str, stdin: TextIO, stdout: TextIO) -> int:
    core = load_content()
    conversation, t = core.conversation, core.translator
    tickets = 0
    last = conversation.welcome("", lang)
    stdout.write(render(last) + "\n\n")
    stdout.write("(type a question, a button number, or 'quit')\n> ")
    stdout.flush()
    for raw in stdin:
        text = raw.strip()
        if text.lower() in ("quit", "exit", "/quit"):
            break
        buttons = [b for row in last.buttons for b in row]
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            data = buttons[int(text) - 1].data
            if data in ("x", "xm"):
                tickets += 1
                stdout.write(_ticket_text(t, last.lang, False, tickets) + "\n> ")
                stdout.flush()
                continue
            pressed = conversation.press(data, last.lang)
            if pressed is None and data.startswith("l:"):
                lang = data[2:]
                stdout.write(t.t(lang, "lang.changed") + "\n> ")
                stdout.flush()
                continue
            reply = pressed or last
        elif text == "/start":
            reply = conversation.welcome("", lang)
        elif text:
            reply = conversation.respond(text, lang)
        else:
            stdout.write("> ")
            stdout.flush()
            continue
        stdout.write(render(reply) + "\n")
        if reply.wants_ticket:
            tickets += 1
            stdout.write(_ticket_text(t, reply.lang, True, tickets) + "\n")
        stdout.write("> ")
        stdout.flush()
        last = reply
    stdout.write("\n")
    return 0
