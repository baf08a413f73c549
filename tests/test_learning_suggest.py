"""Suggestions for editors from real outcomes, and the review file they read and edit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.faq.loader import load_faq
from bot.faq.model import Faq
from bot.learning.records import QuestionRecord
from bot.learning.review import write_review
from bot.learning.review_choices import ReviewError, read_review
from bot.learning.suggest import Evidence, entry_issues, suggest
from bot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]

# Questions the real FAQ does not answer by itself (checked as preconditions below).
GOSUSLUGI = "запрет через госуслуги"
HOW_LONG = "сколько действует запрет"
WHERE = "где консульство"
RIGHT = "Украли паспорт, что делать?"  # answered right already


@pytest.fixture(scope="module")
def faq() -> Faq:
    return load_faq(ROOT / "faq")


@pytest.fixture(scope="module")
def matcher(faq: Faq) -> Matcher:
    m = Matcher(faq)
    for text in (GOSUSLUGI, HOW_LONG, WHERE):
        assert m.match(text).decision != "answer", f"precondition: the FAQ does not answer {text!r} by itself"
    assert m.match(RIGHT).decision == "answer" and m.match(RIGHT).best.entry_id == "passport-lost-abroad"  # type: ignore[union-attr]
    return m


def rec(id: int, text: str, **fields: object) -> QuestionRecord:
    base: dict = {"id": id, "at": float(id), "lang": "ru", "text": text, "decision": "clarify"}
    return QuestionRecord(**{**base, **fields})


def test_confirmed_questions_become_grouped_phrasing_suggestions(faq: Faq, matcher: Matcher) -> None:
    records = [
        rec(1, GOSUSLUGI, picked_entry="entry-ban-check"),
        rec(2, "Запрет через Госуслуги?", decision="escalate", staff_label="entry-ban-check"),
        rec(3, "запрет через госуслуги??", decision="escalate", staff_answer="faq:entry-ban-check"),
        rec(4, "запреты через госуслуги", picked_entry="entry-ban-check"),  # near-identical
        rec(5, HOW_LONG, picked_entry="entry-ban-duration"),
        rec(6, WHERE, decision="escalate", staff_label="consulates-russia", staff_answer="faq:consulates-russia"),
    ]
    found = suggest(records, faq, matcher)
    by_text = {s.text: s for s in found.phrasings}
    assert set(by_text) == {GOSUSLUGI, HOW_LONG, WHERE}
    gos = by_text[GOSUSLUGI]
    assert (gos.entry, gos.lang, gos.count) == ("entry-ban-check", "ru", 4)
    assert gos.evidence == (
        Evidence(1, ("picked",)),
        Evidence(2, ("staff_label",)),
        Evidence(3, ("staff_answer",)),
        Evidence(4, ("picked",)),
    )
    assert "запреты через госуслуги" in gos.variants
    assert gos.bot_now.split(":")[0] == matcher.match(GOSUSLUGI).decision  # what the bot does with it today
    assert by_text[WHERE].bot_now == "escalate"
    assert by_text[WHERE].evidence == (Evidence(6, ("staff_label", "staff_answer")),)
    assert found.phrasings[0].text == GOSUSLUGI  # most asked first


def test_what_is_left_out_and_why(faq: Faq, matcher: Matcher) -> None:
    existing = faq.entry("entry-ban-check").text("ru").phrasings[0]
    other = faq.entry("oms-family").text("ru").phrasings[0]
    records = [
        rec(1, RIGHT, decision="answer", shown_entry="passport-lost-abroad", feedback=1),  # bot already right
        rec(2, existing.upper() + "!", picked_entry="entry-ban-check"),  # already a phrasing
        rec(3, other, decision="escalate", staff_label="entry-ban-check"),  # another entry's phrasing
        rec(4, "мой телефон [PHONE], есть ли запрет", picked_entry="entry-ban-check"),  # masked
        rec(5, "запрет " * 40, picked_entry="entry-ban-check"),  # over 200 characters
        rec(6, HOW_LONG, decision="answer", shown_entry="entry-ban-duration", feedback=1, staff_label="entry-ban-lift"),
        rec(7, GOSUSLUGI, picked_entry="entry-ban-check"),
        rec(8, GOSUSLUGI, decision="escalate", staff_label="entry-ban-lift"),  # same words, other entry
        rec(9, WHERE, decision="escalate", staff_label="no-such-entry"),
        rec(10, WHERE, decision="escalate"),  # not confirmed at all
    ]
    found = suggest(records, faq, matcher)
    assert found.phrasings == ()
    assert found.skipped == {
        "answered_right": 1,
        "already_a_phrasing": 1,
        "phrasing_of_another_entry": 1,
        "masked": 1,
        "too_long": 1,
        "conflict": 3,
        "unknown_entry": 1,
    }
    conflicts = {c.text: c for c in found.conflicts}
    assert conflicts[HOW_LONG].entries == ("entry-ban-duration", "entry-ban-lift")
    assert conflicts[GOSUSLUGI].entries == ("entry-ban-check", "entry-ban-lift")
    assert conflicts[GOSUSLUGI].record_ids == (7, 8)


def test_entries_citizens_reject_or_correct() -> None:
    records = [
        *(rec(i, "q", decision="answer", shown_entry="oms-family", feedback=-1) for i in range(1, 5)),
        *(rec(i, "q", decision="answer", shown_entry="oms-family", feedback=1) for i in range(5, 9)),
        *(rec(i, "q", decision="answer", shown_entry="oms-family") for i in range(9, 11)),
        # first clarify button passed over for another one
        *(
            rec(i, "q", candidates=(("oms-worker", 0.6), ("oms-family", 0.5)), picked_entry="oms-family")
            for i in range(11, 14)
        ),
        rec(14, "q", candidates=(("oms-worker", 0.6), ("oms-family", 0.5)), picked_entry="oms-worker"),
        # answered, then staff confirmed another entry
        *(
            rec(i, "q", decision="answer", shown_entry="appointment", staff_label="consulates-russia")
            for i in range(15, 18)
        ),
        # a single 👎 is not a trend
        rec(18, "q", decision="answer", shown_entry="citizenship", feedback=-1),
    ]
    issues = {i.entry: i for i in entry_issues(records, min_count=3, down_rate=0.25, pass_rate=0.4)}
    assert set(issues) == {"oms-family", "oms-worker", "appointment"}
    family = issues["oms-family"]
    assert (family.shown, family.thumbs_up, family.thumbs_down, family.down_rate) == (10, 4, 4, 0.4)
    worker = issues["oms-worker"]
    assert (worker.first_offered, worker.passed_over, worker.pass_rate, worker.instead) == (
        4,
        3,
        0.75,
        (("oms-family", 3),),
    )
    assert (issues["appointment"].corrected, issues["appointment"].instead) == (3, (("consulates-russia", 3),))
    assert not entry_issues(records, min_count=5)  # below the minimum count nothing is flagged


def test_unanswered_questions_become_topics(faq: Faq, matcher: Matcher) -> None:
    texts = [
        "как встать на воинский учет находясь в России",
        "воинский учет за границей для граждан Кыргызстана",
        "voinskii uchet kak vstat iz rossii",
        "воинский учет кантип турам, Москвадамын",
    ]
    records = [rec(i, t, decision="escalate", ticket_id=i) for i, t in enumerate(texts, start=1)]
    records.append(rec(9, "погода завтра", decision="out_of_scope"))
    topics = suggest(records, faq, matcher).topics
    assert len(topics) == 1
    assert {r.id for r in topics[0].records} == {1, 2, 3, 4}


def test_review_file_reads_back_and_explains_itself(faq: Faq, matcher: Matcher) -> None:
    records = [
        rec(1, GOSUSLUGI, picked_entry="entry-ban-check"),
        rec(2, "Тема: запрет? #важно", decision="escalate", staff_label="entry-ban-check"),
        *(rec(i, "воинский учет как встать из России", decision="escalate") for i in range(3, 6)),
    ]
    found = suggest(records, faq, matcher)
    text = write_review(found, generated="2026-11-28 09:00 UTC", questions=5)
    assert text.startswith("# Consul Bot: suggestions for FAQ editors")
    assert "# ---- NEW PHRASINGS" in text and "# ---- NEW TOPICS" in text and "# ---- ENTRIES IN TROUBLE" in text
    data = yaml.safe_load(text)
    assert data["version"] == 1 and data["questions"] == 5
    assert all(item["accept"] is False for item in data["phrasings"])
    assert data["new_topics"][0]["size"] == 3 and data["new_topics"][0]["accept"] is False
    review = read_review(text)
    assert {(c.entry, c.text) for c in review.phrasings} == {
        ("entry-ban-check", GOSUSLUGI),
        ("entry-ban-check", "Тема: запрет? #важно"),
    }
    assert not any(c.accept for c in review.phrasings)
    accepted = read_review(write_review(found, generated="x", questions=5, accept_all=True))
    assert all(c.accept for c in accepted.phrasings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 2\nphrasings: []\n", "version 1"),
        (
            "version: 1\nphrasings:\n  - {accept: yes please, entry: a, lang: ru, text: b}\n",
            "accept must be true or false",
        ),
        ("version: 1\nphrasings:\n  - {accept: true, entry: a, lang: de, text: b}\n", "lang must be one of"),
        ("version: 1\nphrasings:\n  - {accept: true, entry: a, lang: ru}\n", "`text` must be a non-empty text"),
        ("version: 1\nphrasings: [\n", "not valid YAML"),
    ],
)
def test_a_broken_review_file_is_named(text: str, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        read_review(text)
