"""The weekly digest: counts from records, a Telegram-HTML text in ky/ru/en, and a real PNG chart."""

from __future__ import annotations

import string
import struct
import subprocess
import sys
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.faq.model import Faq
from bot.learning.chart import digest_chart
from bot.learning.cluster import Cluster
from bot.learning.digest import BISHKEK, DIGEST_KEYS, MAX_MESSAGE, DayCounts, DigestData, digest_data, digest_text
from bot.learning.records import QuestionRecord
from bot.learning.suggest import EntryIssue

ROOT = Path(__file__).resolve().parents[1]

TEMPLATES = {
    "digest.title": "<b>Digest {start} – {end}</b>",
    "digest.totals": "Questions: {total} (answered {answer}, clarified {clarify}, escalated {escalate}, "
    "urgent {urgent}, out of scope {out_of_scope})",
    "digest.languages": "Languages: {languages}",
    "digest.self_served": "Without staff: {share} ({count} of {total})",
    "digest.topics_title": "<b>Unanswered topics</b>",
    "digest.topic_line": "• {size} questions ({languages}): «{example}»",
    "digest.entries_title": "<b>Most 👎</b>",
    "digest.entry_line": "• {question}: 👎 {down} of {shown}",
    "digest.nothing": "none",
    "digest.more": "…and {count} more",
    "digest.chart_title": "Questions per day {start} – {end}",
    "digest.chart_answered": "answered",
    "digest.chart_clarified": "clarified",
    "digest.chart_escalated": "escalated",
    "digest.chart_day": "day",
    "digest.chart_count": "questions",
}


class FakeTranslator:
    """Like Translator.t, but strict: an unknown key or a missing/extra value fails the test."""

    def __init__(self) -> None:
        self.langs: set[str] = set()

    def __call__(self, lang: str, key: str, **values: object) -> str:
        self.langs.add(lang)
        template = TEMPLATES[key]
        assert set(values) == set(DIGEST_KEYS[key]), (key, sorted(values))
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert fields <= set(values), key
        return f"[{lang}] " + template.format(**values)


@pytest.fixture(scope="module")
def faq() -> Faq:
    return load_faq(ROOT / "faq")


def at(day: date, hour: int) -> float:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BISHKEK).timestamp()


def test_every_documented_key_has_a_template() -> None:
    assert set(DIGEST_KEYS) == set(TEMPLATES)


def test_digest_data_counts_days_languages_and_self_service(faq: Faq) -> None:
    monday = date(2026, 11, 16)
    sunday = monday + timedelta(days=6)
    records = [
        QuestionRecord(1, at(monday, 0), "ru", "q", "answer", shown_entry="oms-family"),  # 00:xx Bishkek = Sunday UTC
        QuestionRecord(2, at(monday, 10), "ky", "q", "answer", shown_entry="oms-family", feedback=-1),
        QuestionRecord(3, at(monday, 11), "ky", "q", "clarify", picked_entry="oms-worker"),
        QuestionRecord(4, at(sunday, 23), "en", "q", "escalate", ticket_id=1),
        QuestionRecord(5, at(sunday, 12), "ru", "q", "urgent", shown_entry="detained-abroad", ticket_id=2),
        QuestionRecord(6, at(sunday, 13), "ru", "q", "out_of_scope"),
        QuestionRecord(7, at(sunday + timedelta(days=1), 1), "ru", "q", "answer"),  # after the week
        QuestionRecord(8, at(monday - timedelta(days=1), 23), "ru", "q", "answer"),  # before it
        QuestionRecord(9, at(monday, 12), "ru", "q", "answer", shown_entry="oms-family", feedback=-1, ticket_id=3),
    ]
    data = digest_data(records, faq, end=sunday)
    assert (data.start, data.end, data.total) == (monday, sunday, 7)
    assert [d.day for d in data.days] == [monday + timedelta(days=i) for i in range(7)]
    assert data.days[0].counts == {"answer": 3, "clarify": 1}
    assert (data.days[6].answered, data.days[6].clarified, data.days[6].escalated) == (0, 0, 3)
    assert all(not d.counts for d in data.days[1:6])
    assert data.languages == {"ru": 4, "ky": 2, "en": 1}
    assert data.without_staff == 2  # record 1 (answered, no 👎) and 3 (picked); not 2 (👎) nor 9 (ticket)
    assert [(i.entry, i.thumbs_down, i.shown) for i in data.worst] == [("oms-family", 2, 3)]


def make_data(topics: int = 1, worst: int = 1, example: str = "Армия <b>кызмат</b> & военный билет?") -> DigestData:
    day = date(2026, 11, 16)
    cluster = Cluster(tuple(QuestionRecord(i, 0.0, "ky", example, "escalate") for i in range(1, 4)), ("армия",))
    issue = EntryIssue("oms-family", 10, 1, 4, 0, 0, 0, ())
    return DigestData(
        day,
        day + timedelta(days=6),
        tuple(DayCounts(day + timedelta(days=i), {"answer": 5 + i, "clarify": 2, "escalate": 1}) for i in range(7)),
        {"ru": 40, "ky": 20, "en": 3},
        63,
        42,
        (cluster,) * topics,
        (issue,) * worst,
    )


def test_digest_text_fills_every_line_and_escapes_citizens_words(faq: Faq) -> None:
    t = FakeTranslator()
    text = digest_text(make_data(), "ky", t, faq)
    assert t.langs == {"ky"}
    assert text.splitlines()[:4] == [
        "[ky] <b>Digest 16.11.2026 – 22.11.2026</b>",
        "[ky] Questions: 63 (answered 56, clarified 14, escalated 7, urgent 0, out of scope 0)",
        "[ky] Languages: ru 40, ky 20, en 3",
        "[ky] Without staff: 67% (42 of 63)",
    ]
    assert "[ky] • 3 questions (ky 3): «Армия &lt;b&gt;кызмат&lt;/b&gt; &amp; военный билет?»" in text
    question = faq.entry("oms-family").text("ky").question
    assert f"[ky] • {question}: 👎 4 of 10" in text
    assert "<b>кызмат" not in text


def test_empty_week_says_none() -> None:
    data = DigestData(date(2026, 11, 16), date(2026, 11, 22), (), {}, 0, 0)
    text = digest_text(data, "en", FakeTranslator())
    assert text.count("[en] none") == 2
    assert "Without staff: 0% (0 of 0)" in text


def test_a_long_digest_is_cut_to_one_message_and_says_how_much_is_left(faq: Faq) -> None:
    data = make_data(topics=40, worst=40, example="очень длинный вопрос " * 20)
    text = digest_text(data, "ru", FakeTranslator(), faq)
    assert len(text) <= MAX_MESSAGE
    assert "…and" in text and text.count("• ") < 80
    assert "очень длинный вопрос очень" in text and "…»" in text  # examples are shortened, not dropped


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        pos += 12 + length
    return chunks


def test_the_chart_is_a_valid_png_of_the_planned_size() -> None:
    png = digest_chart(make_data(), "ky", FakeTranslator())
    chunks = png_chunks(png)
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (width, height, depth) == (800, 450, 8)
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(raw) == height * (1 + width * channels)
    image = pytest.importorskip("PIL.Image")
    import io

    with image.open(io.BytesIO(png)) as picture:
        picture.load()
        assert picture.size == (800, 450)
        colours = {c for _, c in picture.convert("RGB").getcolors(1_000_000) or []}
    assert {(0x2E, 0x7D, 0x32), (0xF9, 0xA8, 0x25), (0xC6, 0x28, 0x28)} <= colours  # all three series drawn


def test_different_weeks_draw_different_charts() -> None:
    t = FakeTranslator()
    quiet = make_data()
    busy = DigestData(quiet.start, quiet.end, tuple(DayCounts(d.day, {"answer": 50}) for d in quiet.days), {}, 350, 350)
    assert digest_chart(quiet, "en", t) != digest_chart(busy, "en", t)
    assert digest_chart(quiet, "en", t) != digest_chart(quiet, "ru", t)  # the labels are translated
    assert digest_chart(quiet, "en", t) == digest_chart(quiet, "en", t)  # deterministic (no timestamps)


def test_importing_the_chart_module_does_not_load_matplotlib() -> None:
    code = "import sys, bot.learning.chart, bot.learning.digest; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
