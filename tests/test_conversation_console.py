"""The offline console keeps the dialogue state between turns, as the bot keeps it per chat."""

import html
import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.chat import run_chat
from bot.content import Content
from bot.domain.conversation import Conversation
from bot.domain.i18n import Translator
from bot.faq.loader import load_faq
from bot.matching.matcher import ESCALATE, Matcher, MatchResult

ROOT = Path(__file__).resolve().parents[1]
WEATHER = "какая погода будет в Бишкеке завтра?"


class WeatherIsOutOfScope(Matcher):
    """Until the matcher colleague sets `out_of_scope`, this test marks one question so itself."""

    def match(self, text: str, default_lang: str = "ru") -> MatchResult:
        result = super().match(text, default_lang)
        return replace(result, decision=ESCALATE, candidates=(), out_of_scope=True) if text == WEATHER else result


@pytest.fixture(scope="module")
def content():
    faq = load_faq(ROOT / "faq")
    matcher = WeatherIsOutOfScope(faq)
    translator = Translator.load(ROOT / "locales")
    return Content(faq, matcher, translator, Conversation(faq, matcher, translator))


def chat(content, lines, lang="ru", clock=lambda: 1_900_000_000.0):
    out = io.StringIO()
    assert run_chat(lang, io.StringIO("\n".join(lines) + "\n"), out, content=content, clock=clock) == 0
    return out.getvalue()


def plain(text):
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def first_line(content, entry_id, lang):
    return plain(content.faq.entry(entry_id).text(lang).answer).splitlines()[0]


def test_out_of_scope_reply_in_the_console(content):
    out = chat(content, [WEATHER, "1", "quit"])
    t = content.translator.t
    opening = plain(t("ru", "dialogue.out_of_scope", topics="")).splitlines()[0][:30]
    reply = out[out.index(opening) : out.index("forwarded")]  # the reply to the weather question
    assert all(group.title["ru"] in reply.splitlines()[0] for group in content.faq.groups)  # what the bot covers
    buttons = [line.strip() for line in reply.splitlines() if line.strip().startswith("[")]
    assert buttons == [f"[1] {t('ru', 'btn.ask_staff')}"] + [
        f"[{n}] {group.title['ru']}" for n, group in enumerate(content.faq.groups, start=2)
    ]  # the topic menu, and no FAQ question as a button
    assert f"forwarded: «{WEATHER}»" in out  # pressing 1 would send the question itself


def test_follow_ups_and_typed_choices_work_offline(content):
    out = chat(
        content,
        ["Do I need a work patent to work in Russia?", "and in Kazakhstan?", "I want a human", "1", "quit"],
        lang="en",
    )
    assert out.count(first_line(content, "work-permit-eaeu", "en")) == 2  # the follow-up got the same answer
    assert "forwarded: «Do I need a work patent to work in Russia? / and in Kazakhstan?»" in out


def test_an_expired_console_state_is_ignored(content):
    times = iter([0.0, 0.0, 4000.0, 4000.0])
    out = chat(content, ["Do I need a work patent to work in Russia?", "and in Kazakhstan?", "quit"], "en",
               clock=lambda: next(times))  # fmt: skip
    assert out.count(first_line(content, "work-permit-eaeu", "en")) == 1


def test_the_chat_command_keeps_context_between_lines():
    """The real `python -m bot chat`: a question, then "оператор": the one button forwards the earlier question."""
    env = {k: v for k, v in os.environ.items() if k not in ("FAQ_DIR", "LOCALES_DIR")}
    script = "Do I need a work patent to work in Russia?\nоператор\n1\nquit\n"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--lang", "ru"],
        cwd=ROOT,
        env=env,
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "forwarded: «Do I need a work patent to work in Russia?»" in proc.stdout
