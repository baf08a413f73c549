"""Eight synthetic topics the FAQ lacks (tests/learning_topics.py), alone and all together.

Each is asked 25-35 ways in ky / ru / en, Latin letters, mixed, with typos; near topics share words
("билет": military ID / plane ticket; "тапшыруу": tax declaration / university application; "карта",
"перевод"). The figures are those measured when the method was built (`python -m tests.learning_topics`
prints them), with a little room.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.faq.model import Faq
from bot.learning.cluster import cluster_questions
from tests.learning_topics import SINGLETONS, TOPICS, records, scene, score

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def faq() -> Faq:
    return load_faq(ROOT / "faq")


@pytest.fixture(scope="module")
def bare(faq: Faq) -> Faq:
    """The FAQ without the lexicon's concepts: topics nobody foresaw."""
    return dataclasses.replace(faq, lexicon=dataclasses.replace(faq.lexicon, topic_synonyms={}))


@pytest.mark.parametrize("name", list(TOPICS))
def test_each_topic_alone_among_strangers_is_mostly_one_cluster_and_takes_no_stranger(faq: Faq, name: str) -> None:
    labelled = scene([name])
    found = cluster_questions(labelled.records, faq)
    result = score(found, labelled).topics[name]
    assert result.largest_share >= 0.7, result
    assert result.largest_purity == 1.0, result


def test_all_topics_together_stay_apart_and_whole(faq: Faq) -> None:
    labelled = scene(list(TOPICS), faq)  # with the one-offs and in-scope questions answered with a 👎
    result = score(cluster_questions(labelled.records, faq), labelled)
    assert result.mixed == 0
    for topic in result.topics.values():
        assert topic.largest_share >= 0.7, topic
        assert topic.largest_purity >= 0.9, topic
    assert result.strays <= 5


def test_without_concepts_topics_still_do_not_merge(bare: Faq) -> None:
    """Words across languages then meet only through shared loanwords and mixed questions: topics split
    by language more often, but they still do not swallow each other."""
    labelled = scene(list(TOPICS), bare)
    result = score(cluster_questions(labelled.records, bare), labelled)
    assert result.mixed <= 5  # with the topic synonyms it is 0 (test above)
    # unforeseen topics with no concept at all (army service, university admission) do as well as with them
    assert result.topics["military"].largest_share >= 0.7
    assert result.topics["university"].largest_share >= 0.7


def test_driving_licence_and_money_transfers_are_two_clusters(faq: Faq) -> None:
    labelled = scene(["driving", "money"], faq)
    found = cluster_questions(labelled.records, faq)
    result = score(found, labelled)
    assert result.mixed == 0
    assert result.topics["driving"].largest_share >= 0.9 and result.topics["money"].largest_share >= 0.85


def test_one_off_questions_make_no_large_topic(faq: Faq) -> None:
    """Alone, a few one-offs sharing a word ("купить", "банк") may make a group of three or four."""
    found = cluster_questions(records(SINGLETONS, 1), faq)
    assert len(found) <= 4 and all(c.size <= 4 for c in found)


def test_deterministic_and_fast_on_three_thousand_questions(faq: Faq) -> None:
    phrasings = [(lang, p) for e in faq.entries.values() for lang in ("ky", "ru", "en") for p in e.text(lang).phrasings]
    topics = [pair for pairs in TOPICS.values() for pair in pairs]
    batch = records((phrasings + topics * 4 + SINGLETONS)[:3000], 1)
    assert len(batch) == 3000
    start = time.perf_counter()
    first = cluster_questions(batch, faq)
    took = time.perf_counter() - start
    assert took < 15  # about 2.5 s on a developer's machine; room for a slow CI
    assert [[r.id for r in c.records] for c in first] == [
        [r.id for r in c.records] for c in cluster_questions(batch, faq)
    ]
