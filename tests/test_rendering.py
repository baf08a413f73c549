"""Telegram HTML helpers: what we send must never be refused ("can't parse entities", "message is too long")."""

from __future__ import annotations

import html
import re

import pytest

from bot.render.telegram_html import MAX_TEXT, escape, html_problems, split_text, visible_length

# ---- escape -----------------------------------------------------------------------------------


def test_escape_neutralises_markup_and_quotes() -> None:
    assert escape("<b>") == "&lt;b&gt;"
    assert escape("Tom & Jerry") == "Tom &amp; Jerry"
    assert escape('say "hi"') == "say &quot;hi&quot;"
    assert escape("it's") == "it&#x27;s"


@pytest.mark.parametrize(
    "citizen_text",
    [
        "<script>alert(1)</script>",
        "Мне <18 лет & у меня нет паспорта",
        'ссылка <a href="http://evil">тут</a>',
        "</b></i></blockquote>",
        "&amp; уже экранировано?",
        "обычный текст",
    ],
)
def test_escaped_citizen_text_is_valid_html_and_shows_literally(citizen_text: str) -> None:
    escaped = escape(citizen_text)
    assert html_problems(escaped) == []
    assert html.unescape(escaped) == citizen_text  # the staff see exactly what the citizen typed
    assert visible_length(escaped) == len(citizen_text)


# ---- html_problems ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "<b>bold</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>i</ins>",
        "<s>s</s> <strike>s</strike> <del>d</del>",
        '<a href="https://mfa.gov.kg">сайт</a>',
        "<code>x</code> <pre>y</pre>",
        '<pre><code class="language-python">print(1)</code></pre>',
        "<blockquote>цитата</blockquote> <blockquote expandable>длинная</blockquote>",
        "<tg-spoiler>секрет</tg-spoiler>",
        "<b>жирный <i>и курсив</i></b>",
        "5 &lt; 6 &gt; 4 &amp; &quot;q&quot; &#65; &#x41;",
        "",
    ],
)
def test_html_problems_accepts_telegram_html(text: str) -> None:
    assert html_problems(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>не закрыт", ["unclosed tag <b>"]),
        ("<div>блок</div>", ["tag <div> is not allowed by Telegram", "tag </div> is not allowed by Telegram"]),
        ("строка<br>строка", ["tag <br> is not allowed by Telegram"]),
        ("Tom & Jerry", ["bare '&': write &amp; (or use a known entity)"]),
        ("x</b>", ["</b> closes nothing open (open: none)"]),
        ("<b><i>x</b></i>", ["</b> closes nothing open (open: ['i'])", "unclosed tag <b>"]),
        ('<a onclick="steal()">x</a>', ["attribute 'onclick' is not allowed on <a>"]),
        ('<b class="x">x</b>', ["attribute 'class' is not allowed on <b>"]),
    ],
)
def test_html_problems_names_what_telegram_would_reject(text: str, expected: list[str]) -> None:
    assert html_problems(text) == expected


@pytest.mark.parametrize("text", ["возраст < 18 лет", "I <3 Bishkek", "<!-- note for editors -->текст"])
def test_html_problems_rejects_a_bare_less_than_sign(text: str) -> None:
    assert html_problems(text) != []


# ---- visible_length ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("привет", 6),
        ("<b>привет</b>", 6),
        ('<a href="https://mfa.gov.kg/very/long/path">сайт</a>', 4),
        ("a &amp; b", 5),
        ("&lt;b&gt;", 3),
        ("<b>a</b>\n<i>b</i>", 3),
    ],
)
def test_visible_length_counts_what_the_reader_sees(text: str, length: int) -> None:
    assert visible_length(text) == length


# ---- split_text -------------------------------------------------------------------------------


def _words(n: int) -> str:
    return " ".join(f"слово{i}" for i in range(n))


def _content(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _samples() -> list[tuple[str, int]]:
    lines = "\n".join(f"строка {i}: " + _words(12) for i in range(300))
    paragraphs = "\n\n".join(_words(60) for _ in range(40))
    escaped = escape("Tom & Jerry <b> " * 800)
    dense = "&amp;" * 3000  # no spaces at all: every cut must fall between entities
    return [
        pytest.param(lines, MAX_TEXT, id="lines"),
        pytest.param(paragraphs, MAX_TEXT, id="paragraphs"),
        pytest.param(escaped, MAX_TEXT, id="escaped"),
        pytest.param(dense, MAX_TEXT, id="entities-only"),
        pytest.param("я" * 10000, MAX_TEXT, id="one-long-word"),
        pytest.param(_words(3000), 1000, id="words-limit-1000"),
        pytest.param(escaped, 333, id="escaped-limit-333"),
    ]


@pytest.mark.parametrize(("text", "limit"), _samples())
def test_split_text_respects_the_limit_and_keeps_everything(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert len(chunks) > 1
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert _content("".join(chunks)) == _content(text)
    position = 0
    for chunk in chunks:  # in order, each chunk a piece of the original
        position = text.index(chunk, position) + len(chunk)


@pytest.mark.parametrize("shift", range(6))
def test_split_text_never_cuts_inside_an_entity(shift: int) -> None:
    text = "x" * shift + escape('a&b<c>d"e ') * 900
    chunks = split_text(text, 500)
    for chunk in chunks:
        assert html_problems(chunk) == [], chunk[-12:]
        assert not re.search(r"&[#a-z0-9]*$", chunk), chunk[-12:]
        assert not re.match(r"^[#a-z0-9]*;", chunk), chunk[:12]
    assert html.unescape("".join(chunks)).replace(" ", "") == html.unescape(text).replace(" ", "")


def test_split_text_leaves_short_text_alone() -> None:
    assert split_text("короткий ответ") == ["короткий ответ"]
    assert split_text("я" * MAX_TEXT) == ["я" * MAX_TEXT]


def test_split_text_cuts_between_words() -> None:
    text = _words(2000)
    words = set(text.split())
    for chunk in split_text(text, 700):
        assert set(chunk.split()) <= words  # no word was cut in two


def test_split_text_hard_cuts_a_text_without_spaces() -> None:
    assert split_text("я" * 9000) == ["я" * MAX_TEXT, "я" * MAX_TEXT, "я" * 808]


def test_split_text_prefers_line_breaks() -> None:
    lines = [f"{i}. " + _words(15) for i in range(200)]
    text = "\n".join(lines)
    for chunk in split_text(text):
        assert all(line in lines for line in chunk.split("\n")), "a chunk starts or ends mid-line"
