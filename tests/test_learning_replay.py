"""Replaying confirmed real questions through the old and the new FAQ, and refusing harmful edits."""

from __future__ import annotations

from pathlib import Path

from bot.faq.loader import load_faq
from bot.learning.records import QuestionRecord
from bot.learning.replay import (
    CLARIFIED,
    MISSED,
    NOW_CLARIFIED,
    NOW_MISSED,
    NOW_RIGHT,
    NOW_WRONG,
    RIGHT,
    UNCHANGED,
    WRONG,
    Change,
    Confirmed,
    ReplayReport,
    as_eval_items,
    confirmed_pairs,
    must_refuse,
    replay,
)
from bot.matching.evaluation import summarise
from bot.matching.matcher import Matcher

DEMO = Path(__file__).resolve().parent / "fixtures" / "faq_valid" / "demo.yaml"


def demo_matcher(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Matcher:
    """The demo FAQ in its own folder, with each (old line, new line) edit made once."""
    folder = tmp_path / name
    folder.mkdir()
    text = DEMO.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    (folder / "demo.yaml").write_text(text, encoding="utf-8")
    return Matcher(load_faq(folder))


def rec(id: int, text: str, **fields: object) -> QuestionRecord:
    base: dict = {"id": id, "at": float(id), "lang": "ru", "text": text, "decision": "escalate"}
    return QuestionRecord(**{**base, **fields})


def test_confirmed_pairs_group_the_same_question_and_drop_conflicts() -> None:
    records = [
        rec(1, "Потерял паспорт!", staff_label="passport-lost"),
        rec(2, "потерял  паспорт", decision="clarify", picked_entry="passport-lost"),
        rec(3, "паспорт и омс", staff_label="oms-policy"),
        rec(4, "Паспорт и ОМС", decision="answer", shown_entry="passport-lost", feedback=1),  # other entry
        rec(5, "нужен полис", shown_entry="oms-policy", feedback=1, staff_label="passport-lost"),  # conflict
        rec(6, "нужна страховка", decision="escalate"),  # not confirmed
        rec(7, "мой номер [PHONE] омс нужен", staff_label="oms-policy"),
        rec(8, "старая тема", staff_label="removed-entry"),
    ]
    pairs = confirmed_pairs(records, entries={"passport-lost", "oms-policy"})
    assert pairs == [
        Confirmed("Потерял паспорт!", "ru", "passport-lost", (1, 2)),
        Confirmed("мой номер омс нужен", "ru", "oms-policy", (7,)),
    ]
    assert as_eval_items(pairs)[0] == {
        "text": "Потерял паспорт!",
        "lang": "ru",
        "expect": "passport-lost",
        "tags": ["real"],
    }


def test_an_unchanged_faq_changes_nothing(tmp_path: Path) -> None:
    old = demo_matcher(tmp_path, "old")
    new = demo_matcher(tmp_path, "new")
    pairs = [Confirmed("украли паспорт", "ru", "passport-lost"), Confirmed("паспорт и омс", "ru", "oms-policy")]
    report = replay(pairs, old, new)
    assert report.counts == {NOW_RIGHT: 0, NOW_CLARIFIED: 0, NOW_WRONG: 0, NOW_MISSED: 0, UNCHANGED: 2}
    assert report.outcomes() == {RIGHT: 1, CLARIFIED: 1, WRONG: 0, MISSED: 0}
    assert not must_refuse(report)


def test_an_edit_that_answers_a_question_with_another_entry_is_refused(tmp_path: Path) -> None:
    old = demo_matcher(tmp_path, "old")
    # the editor moved "украли паспорт" from passport-lost to the OMS entry by mistake
    new = demo_matcher(
        tmp_path,
        "new",
        ("        - украли паспорт\n", "        - украли паспорт и телефон\n"),
        ("        - можно ли оформить омс семье\n", "        - украли паспорт\n"),
    )
    stolen = Confirmed("украли паспорт", "ru", "passport-lost")
    lost = Confirmed("потерял паспорт", "ru", "passport-lost")
    report = replay([stolen, lost], old, new)
    assert [c.kind for c in report.changes] == [NOW_WRONG, UNCHANGED]
    assert report.regressions[0].item == stolen
    assert report.regressions[0].after_top == "oms-policy"
    assert report.examples(NOW_WRONG) == report.regressions
    assert must_refuse(report)
    assert not must_refuse(report, force=True)


def test_answering_less_is_reported_but_not_refused() -> None:
    item = Confirmed("вопрос", "ru", "a")
    report = ReplayReport(
        (
            Change(item, RIGHT, CLARIFIED, "clarify", "a"),
            Change(item, RIGHT, MISSED, "escalate", None),
            Change(item, MISSED, WRONG, "answer", "b"),  # wrong before it was ever right: not this edit's harm
        )
    )
    assert [c.kind for c in report.changes] == [NOW_CLARIFIED, NOW_MISSED, NOW_WRONG]
    assert report.regressions == []
    assert not must_refuse(report)
    assert report.outcomes(after=False) == {RIGHT: 2, CLARIFIED: 0, WRONG: 0, MISSED: 1}


def test_a_newly_answered_question_is_now_right(tmp_path: Path) -> None:
    old = demo_matcher(tmp_path, "old")
    new = demo_matcher(tmp_path, "new", ("        - пропали все документы\n", "        - хозяин отобрал мои бумаги\n"))
    item = Confirmed("хозяин отобрал мои бумаги", "ru", "passport-lost")
    report = replay([item], old, new)
    assert (report.changes[0].before, report.changes[0].after) == (MISSED, RIGHT)
    assert report.counts[NOW_RIGHT] == 1


def test_eval_items_score_like_a_labelled_set(tmp_path: Path) -> None:
    matcher = demo_matcher(tmp_path, "faq")
    items = as_eval_items(
        [Confirmed("украли паспорт", "ru", "passport-lost"), Confirmed("паспорт и омс", "ru", "oms-policy")]
    )
    outs = [matcher.match(i["text"]).as_json() for i in items]
    summary = summarise(items, outs)
    assert summary.answered_right == 0.5
    assert summary.helped == 1.0
    assert summary.wrong_answers == 0.0
