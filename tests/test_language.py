"""Reply language: the bot answers in the language the citizen wrote in."""

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher


@pytest.fixture(scope="module")
def detector():
    return Matcher(load_faq(Path("faq"))).detector


@pytest.mark.parametrize(
    "text",
    [
        "паспортумду жоготуп алдым эмне кылам",  # Kyrgyz without ң ө ү
        "Мага консулдукка кантип жазылса болот?",
        "сөөктү мекенге жеткирүү",
    ],
)
def test_kyrgyz_cyrillic(detector, text):
    assert detector.detect(text, "ru") == "ky"


@pytest.mark.parametrize("text", ["pasportumdu joghotup aldym emne kylam", "kantip kattalsam bolot"])
def test_kyrgyz_latin(detector, text):
    assert detector.detect(text, "ru") == "ky"


@pytest.mark.parametrize("text", ["как продлить паспорт за границей", "poteryal pasport chto delat"])
def test_russian_cyrillic_and_latin(detector, text):
    assert detector.detect(text, "ky") == "ru"


@pytest.mark.parametrize("text", ["how can I renew my passport abroad", "my brother was arrested, what do I do"])
def test_english(detector, text):
    assert detector.detect(text, "ru") == "en"


def test_unknown_text_falls_back_to_users_language(detector):
    assert detector.detect("12345", "ky") == "ky"
