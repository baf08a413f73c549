"""Learning when to stop asking: an entry citizens always confirmed as the only button is answered at once.

`learn` suggests it from the records, `learn --apply` lists it in faq/learned.yaml (only lines added), `check`
refuses an unknown entry there, and the matcher answers a question it used to ask about with one button.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from bot.faq.loader import load_faq, read_faq, read_topic_ids
from bot.learning.alone import add_alone, suggest_alone
from bot.learning.apply import apply_suggestions
from bot.learning.records import ANSWER, CLARIFY, FAQ_ANSWER_PREFIX, QuestionRecord
from bot.learning.review import write_review
from bot.learning.review_choices import read_review
from bot.learning.suggest import suggest
from bot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT.parent / "shared" / "spec" / "topics.yaml"
# the real matcher offers one button for this (entry-ban-amnesty) and asks "Did you mean …?"
LONE = "Говорят что по ЕАЭС запреты обнуляют, это так?"
AMNESTY = "entry-ban-amnesty"


def lone(record_id: int, entry: str, picked: str | None = None, staff: str | None = None) -> QuestionRecord:
    """A question the bot clarified with `entry` as its only button, and what people did next."""
    return QuestionRecord(
        record_id,
        0.0,
        "ru",
        f"вопрос {record_id}",
        CLARIFY,
        ((entry, 0.8),),
        picked_entry=picked,
        ticket_id=record_id if staff else None,
        staff_answer=f"{FAQ_ANSWER_PREFIX}{staff}" if staff and staff != "text" else staff,
    )


def test_an_entry_confirmed_every_time_it_was_offered_alone_is_suggested() -> None:
    records = [lone(i, AMNESTY, picked=AMNESTY) if i % 2 else lone(i, AMNESTY, staff=AMNESTY) for i in range(1, 6)]
    records += [lone(i, "oms-family", "oms-family") for i in range(6, 10)]
    found = suggest_alone(records, frozenset())
    assert [(s.entry, s.confirmed, s.record_ids) for s in found] == [(AMNESTY, 5, (1, 2, 3, 4, 5))]  # oms-family: 4


def test_one_rejection_or_a_second_button_means_the_bot_keeps_asking() -> None:
    confirmed = [lone(i, AMNESTY, picked=AMNESTY) for i in range(11, 16)]
    # "none of these", and staff answered with another entry / in their own words
    assert suggest_alone([*confirmed, lone(4, AMNESTY, staff="entry-ban-lift")], frozenset()) == []
    assert suggest_alone([*confirmed, lone(5, AMNESTY, staff="text")], frozenset()) == []
    two_buttons = [replace(r, candidates=((AMNESTY, 0.8), ("entry-ban-lift", 0.5))) for r in confirmed]
    assert suggest_alone(two_buttons, frozenset()) == []
    assert suggest_alone(confirmed, frozenset({AMNESTY})) == []  # learned.yaml has it already
    left = QuestionRecord(9, 0.0, "ru", "?", CLARIFY, ((AMNESTY, 0.8),))  # the citizen simply left: no verdict
    assert [s.confirmed for s in suggest_alone([*confirmed, left], frozenset())] == [5]


def test_only_lines_are_added_to_learned_yaml() -> None:
    shipped = (ROOT / "faq" / "learned.yaml").read_text(encoding="utf-8")
    first = add_alone(shipped, {AMNESTY: 3}, date(2026, 11, 29))
    assert yaml.safe_load(first)["answer_when_alone"] == {AMNESTY: {"confirmed": 3, "learned": date(2026, 11, 29)}}
    assert [line for line in shipped.splitlines() if line.startswith("#")] == [
        line for line in first.splitlines() if line.startswith("#")
    ]
    edited = first.replace("# Delete a line", "# An editor's note\n# Delete a line")
    second = add_alone(edited, {"oms-family": 2}, date(2026, 12, 1))
    added = "  oms-family: {confirmed: 2, learned: 2026-12-01}\n"
    assert second.replace(added, "", 1) == edited  # one line added, nothing else touched ...
    assert f"{AMNESTY}: {{confirmed: 3, learned: 2026-11-29}}\n{added}" in second  # ... at the end of its block
    assert yaml.safe_load(second)["not_covered"] == []  # the next key is still there
    assert add_alone(None, {AMNESTY: 2}, date(2026, 11, 29)).startswith("# What real questions taught the bot")


def test_learn_then_apply_makes_the_bot_answer_what_it_asked_about(tmp_path: Path) -> None:
    faq_dir = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", faq_dir)
    faq = load_faq(faq_dir)
    before = Matcher(faq).match(LONE)
    assert (before.decision, [c.entry_id for c in before.candidates]) == (CLARIFY, [AMNESTY])
    records = [lone(i, AMNESTY, picked=AMNESTY) for i in range(1, 6)]
    review = write_review(suggest(records, faq, Matcher(faq)), generated="now", questions=len(records))
    assert [(c.entry, c.accept) for c in read_review(review).alone] == [(AMNESTY, False)]  # the editor decides
    edited = yaml.safe_load(review)
    edited["answer_when_alone"][0]["accept"] = True  # the editor accepts it, and none of the phrasings
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    result = apply_suggestions(faq_dir, path)
    assert result.ok and result.alone == (AMNESTY,) and result.applied == (), (result.problems, result.refused)
    after = Matcher(load_faq(faq_dir)).match(LONE)
    assert (after.decision, after.candidates[0].entry_id) == (ANSWER, AMNESTY)
    text = (faq_dir / "learned.yaml").read_text(encoding="utf-8")
    again = apply_suggestions(faq_dir, path)  # idempotent
    assert again.ok and again.alone == () and len(again.already_present) == 1
    assert (faq_dir / "learned.yaml").read_text(encoding="utf-8") == text


def test_an_unknown_entry_is_refused_by_apply_and_by_check(tmp_path: Path) -> None:
    faq_dir = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", faq_dir)
    path = tmp_path / "review.yaml"
    items = [{"accept": True, "entry": "no-such-entry", "confirmed": 4}]
    path.write_text(yaml.safe_dump({"version": 1, "phrasings": [], "answer_when_alone": items}), encoding="utf-8")
    result = apply_suggestions(faq_dir, path)
    assert result.alone == () and [r.reason for r in result.refused] == ["there is no entry 'no-such-entry'"]
    (faq_dir / "learned.yaml").write_text("answer_when_alone:\n  no-such-entry: {confirmed: 2}\n", encoding="utf-8")
    faq, problems = read_faq(faq_dir, read_topic_ids(TOPICS))
    assert faq is None and any("no-such-entry" in str(p) and "learned.yaml:2" in str(p) for p in problems)


def test_a_question_with_an_out_of_scope_cue_is_never_answered_even_when_learned(tmp_path: Path) -> None:
    faq = load_faq(ROOT / "faq")
    matcher = Matcher(replace(faq, answer_when_alone=frozenset(faq.entries)))
    assert matcher.match(LONE).decision == ANSWER
    for question in ("Хочу купить квартиру в Бишкеке в ипотеку, консульство поможет?", "виза в Германию нужна?"):
        assert matcher.match(question).decision != ANSWER
