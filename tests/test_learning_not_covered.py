"""Learning what the FAQ does not cover: questions staff marked "new topic" stop the bot guessing at their like.

`learn` suggests their texts, `learn --apply` lists them in faq/learned.yaml (only lines added, idempotent, a text
that is an entry's phrasing refused), `check` reads them, and the matcher gives a question closer to one of them
than to any phrasing the out-of-scope reply, while in-scope questions keep their answers.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from bot.faq.loader import load_faq, read_faq, read_topic_ids
from bot.learning.apply import apply_suggestions
from bot.learning.not_covered import add_not_covered, suggest_not_covered
from bot.learning.records import ANSWER, CLARIFY, ESCALATE, NEW_TOPIC, QuestionRecord
from bot.learning.review import write_review
from bot.learning.review_choices import read_review
from bot.learning.suggest import Suggestions, suggest
from bot.matching.matcher import ANSWER as MATCH_ANSWER
from bot.matching.matcher import CLARIFY as MATCH_CLARIFY
from bot.matching.matcher import ESCALATE as MATCH_ESCALATE
from bot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT.parent / "shared" / "spec" / "topics.yaml"
# a child's school in Russia: no entry covers it, and no out_of_scope.yaml family names these words
SCHOOL = [
    ("как перевести ребенка в школу в Москве, какие документы", "ru"),
    ("какие бумаги нужны чтобы сына взяли в 7 класс в Екатеринбурге", "ru"),
    ("баламды Казандагы мектепке которуш үчүн кандай документтер керек", "ky"),
]
NEW_SCHOOL_QUESTION = "хочу перевести дочку в школу в Новосибирске, какие документы собрать"
IN_SCOPE = {
    "как проверить запрет на въезд в россию": "entry-ban-check",
    "паспорт украли в Москве, как вернуться домой": "passport-lost-abroad",
    "какие документы нужны чтобы отправить тело домой": "repatriation-documents",
}


def marked_new(record_id: int, text: str, lang: str = "ru", decision: str = ESCALATE) -> QuestionRecord:
    """A question staff answered in their own words and marked "new topic"."""
    return QuestionRecord(record_id, 0.0, lang, text, decision, staff_label=NEW_TOPIC, staff_answer="text")


def faq_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", folder)
    return folder


def test_without_learning_the_bot_guesses_at_a_school_question() -> None:
    """The gap this closes: the nearest topics are offered for a question no entry covers."""
    result = Matcher(load_faq(ROOT / "faq")).match(NEW_SCHOOL_QUESTION)
    assert not result.out_of_scope and result.decision in (MATCH_ANSWER, MATCH_CLARIFY) and result.candidates


def test_learned_examples_send_their_like_to_the_out_of_scope_reply(tmp_path: Path) -> None:
    faq_dir = faq_copy(tmp_path)
    learned = faq_dir / "learned.yaml"
    learned.write_text(add_not_covered(learned.read_text(encoding="utf-8"), SCHOOL, date(2026, 11, 29)), "utf-8")
    matcher = Matcher(load_faq(faq_dir, read_topic_ids(TOPICS)))
    result = matcher.match(NEW_SCHOOL_QUESTION)
    assert result.out_of_scope and result.decision == MATCH_ESCALATE and result.candidates == ()
    for text, entry_id in IN_SCOPE.items():  # the documents and the passports of the FAQ keep their answers
        answered = matcher.match(text)
        assert not answered.out_of_scope and answered.best is not None and answered.best.entry_id == entry_id, text


def test_learn_suggests_what_staff_marked_new_and_the_bot_still_guesses_at() -> None:
    faq = load_faq(ROOT / "faq")
    matcher = Matcher(faq)
    records = [
        marked_new(1, SCHOOL[0][0]),
        marked_new(2, SCHOOL[0][0] + "?"),  # the same words: one suggestion with a count
        marked_new(3, SCHOOL[2][0], "ky", CLARIFY),
        marked_new(4, "какая погода в Бишкеке завтра"),  # an out_of_scope.yaml family already covers it
        marked_new(5, "мой телефон [PHONE], перезвоните про школу"),  # masked personal data: never written out
        QuestionRecord(6, 0.0, "ru", "как проверить запрет", ANSWER, staff_label="entry-ban-check"),  # not new
    ]
    found = suggest_not_covered(records, faq, matcher)
    assert [(s.text, s.count, s.record_ids) for s in found] == [
        (SCHOOL[0][0], 2, (1, 2)),
        (SCHOOL[2][0], 1, (3,)),
    ]
    assert found[1].lang == "ky" and found[0].bot_now.startswith(matcher.match(SCHOOL[0][0]).decision)


def test_apply_writes_the_accepted_texts_once_and_refuses_an_entrys_phrasing(tmp_path: Path) -> None:
    faq_dir = faq_copy(tmp_path)
    topics = read_topic_ids(TOPICS)
    faq = load_faq(faq_dir, topics)
    phrasing = faq.entry("entry-ban-check").text("ru").phrasings[0]
    records = [marked_new(i, text, lang) for i, (text, lang) in enumerate(SCHOOL, start=1)]
    records.append(marked_new(9, phrasing))
    found = suggest(records, faq, Matcher(faq))
    review = write_review(found, generated="2026-11-29 10:00 UTC", questions=len(records))
    assert len(read_review(review).not_covered) == len(found.not_covered) >= 3
    data = yaml.safe_load(review)
    data["not_covered"] = [dict(item, accept=True) for item in data["not_covered"]]
    data["not_covered"].append({"accept": True, "text": phrasing, "lang": "ru"})  # an editor's slip
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = (faq_dir / "learned.yaml").read_text(encoding="utf-8")
    result = apply_suggestions(faq_dir, path, topic_ids=topics)
    assert result.ok and set(result.not_covered) == {text for text, _ in SCHOOL}
    assert [r.reason for r in result.refused] == ["the same words are a phrasing of entry 'entry-ban-check'"]
    after = (faq_dir / "learned.yaml").read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line.startswith("#")] == [
        line for line in after.splitlines() if line.startswith("#")
    ]
    assert [item["text"] for item in yaml.safe_load(after)["not_covered"]] == [text for text, _ in SCHOOL]
    again = apply_suggestions(faq_dir, path, topic_ids=topics)  # applying twice changes nothing
    assert again.not_covered == () and len(again.already_present) == 3
    assert (faq_dir / "learned.yaml").read_text(encoding="utf-8") == after
    assert Matcher(load_faq(faq_dir, topics)).match(NEW_SCHOOL_QUESTION).out_of_scope


def test_check_names_the_line_of_a_broken_not_covered_item(tmp_path: Path) -> None:
    faq_dir = faq_copy(tmp_path)
    learned = faq_dir / "learned.yaml"
    learned.write_text(
        learned.read_text(encoding="utf-8").replace(
            "not_covered: []", "not_covered:\n  - {lang: ru, learned: 2026-11-29}\n  - {text: школа, learned: вчера}"
        ),
        encoding="utf-8",
    )
    faq, problems = read_faq(faq_dir, read_topic_ids(TOPICS))
    assert faq is None
    messages = [(p.line, p.message) for p in problems if p.file.endswith("learned.yaml")]
    assert any("missing 'text'" in m for _, m in messages) and any("YYYY-MM-DD" in m for _, m in messages)
    assert len({line for line, _ in messages}) == 2  # each problem on its own item's line


def test_no_suggestions_without_new_topic_labels() -> None:
    faq = load_faq(ROOT / "faq")
    records = [QuestionRecord(1, 0.0, "ru", SCHOOL[0][0], ESCALATE, staff_answer="text")]  # answered, not marked
    assert suggest_not_covered(records, faq, Matcher(faq)) == []
    assert write_review(Suggestions(), generated="x", questions=0).count("not_covered: []") == 1
