"""Which questions count as confirmed for an entry, conflicting, unanswered: the rules every learning tool uses."""

from __future__ import annotations

from bot.learning.phrasing import MASKED, NO_WORDS, TOO_LONG, phrasing_key, tidy, unusable_reason
from bot.learning.records import PICKED, STAFF_ANSWER, STAFF_LABEL, THUMBS_UP, QuestionRecord


def rec(**fields: object) -> QuestionRecord:
    base: dict = {"id": 1, "at": 0.0, "lang": "ru", "text": "вопрос", "decision": "answer"}
    return QuestionRecord(**{**base, **fields})


def test_each_way_of_confirming_counts() -> None:
    assert rec(decision="clarify", picked_entry="a").confirmations() == {"a": (PICKED,)}
    assert rec(shown_entry="a", feedback=1).confirmations() == {"a": (THUMBS_UP,)}
    assert rec(decision="escalate", staff_label="a").confirmations() == {"a": (STAFF_LABEL,)}
    assert rec(decision="escalate", staff_answer="faq:a").confirmations() == {"a": (STAFF_ANSWER,)}
    both = rec(decision="escalate", staff_label="a", staff_answer="faq:a")
    assert both.confirmations() == {"a": (STAFF_LABEL, STAFF_ANSWER)}
    assert both.confirmed_entry == "a"


def test_what_does_not_confirm() -> None:
    assert rec(shown_entry="a").confirmations() == {}  # shown, no 👍
    assert rec(shown_entry="a", feedback=-1).confirmations() == {}
    assert rec(decision="escalate", staff_label="new", staff_answer="text").confirmations() == {}
    assert rec(decision="escalate", staff_answer="faq:").confirmations() == {}


def test_two_entries_are_a_conflict_and_confirm_nothing() -> None:
    record = rec(shown_entry="a", feedback=1, staff_label="b")
    assert record.conflicting
    assert record.confirmed_entry is None


def test_unanswered_questions() -> None:
    assert rec(decision="escalate").unanswered
    assert rec(decision="out_of_scope").unanswered
    assert rec(decision="answer", shown_entry="a", feedback=-1).unanswered
    assert rec(decision="clarify", ticket_id=3).unanswered  # "none of these" -> ticket
    new = rec(decision="escalate", ticket_id=3, staff_label="new", staff_answer="text")
    assert new.unanswered and new.new_topic


def test_answered_or_confirmed_questions_are_not_unanswered() -> None:
    assert not rec(decision="answer", shown_entry="a").unanswered
    assert not rec(decision="answer", shown_entry="a", feedback=-1, staff_label="b").unanswered
    assert not rec(decision="escalate", staff_answer="faq:a").unanswered
    assert not rec(decision="clarify", picked_entry="a").unanswered
    assert not rec(decision="urgent", shown_entry="a", ticket_id=4).unanswered


def test_phrasing_key_matches_the_checkers_idea_of_a_duplicate() -> None:
    assert phrasing_key("Паспорт  жоголду!") == phrasing_key("паспорт жоголду")
    assert phrasing_key("сөөгүн ташуу") == phrasing_key("соогун ташуу")
    assert phrasing_key("въезд") == phrasing_key("вьезд")
    assert phrasing_key("запрет на въезд") != phrasing_key("запрет на выезд")


def test_which_texts_may_become_phrasings() -> None:
    assert unusable_reason("как проверить запрет") is None
    assert unusable_reason("позвоните мне [PHONE]") == MASKED
    assert unusable_reason("а" * 201) == TOO_LONG
    assert unusable_reason("а" * 200) is None
    assert unusable_reason("👍 123") == NO_WORDS
    assert tidy("  как\n проверить \t запрет ") == "как проверить запрет"
