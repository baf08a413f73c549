"""Urgent situations are flagged in any language, whatever the matcher thinks."""

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher
from bot.matching.urgency import UrgencyDetector


@pytest.fixture(scope="module")
def detector():
    faq = load_faq(Path("faq"))
    return UrgencyDetector(faq, Matcher(faq).analyzer.english)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("брат умер в Москве, что делать", "death"),
        ("агам Москвада каза болду", "death"),
        ("my father died in Istanbul yesterday", "death"),
        ("мужа задержали полицейские вчера", "detention"),
        ("uulum kamalyp kaldy", "detention"),
        ("my son was arrested in Kazan", "detention"),
        ("меня не пустили на границе в Шереметьево", "border"),
        ("сестра пропала, третий день не выходит на связь", "missing"),
        ("my cousin is missing in Moscow", "missing"),
    ],
)
def test_urgent_messages_are_flagged(detector, text, kind):
    found = detector.detect(text)
    assert found is not None and found.kind == kind


def test_inflected_cue_still_matches(detector):
    found = detector.detect("его задержали позавчера")
    assert found is not None and found.kind == "detention"


@pytest.mark.parametrize(
    "text", ["как продлить паспорт", "what are the consular fees", "какой телефон у консульства", ""]
)
def test_ordinary_questions_are_not_urgent(detector, text):
    assert detector.detect(text) is None
