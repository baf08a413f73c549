"""Editors' word lists meet the words citizens type: inflected, in Latin letters, in stories."""

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.faq.model import ConceptWords, ScopeFamily
from bot.matching.concepts import ConceptTagger
from bot.matching.cues import CueFinder
from bot.matching.matcher import Matcher
from bot.matching.scope import OutOfScope


@pytest.fixture(scope="module")
def analyzer():
    return Matcher(load_faq(Path("faq"))).analyzer


def finds(analyzer, cue: str, text: str) -> bool:
    finder = CueFinder([(analyzer.analyze(cue, rewrite=False), "hit")])
    return finder.find(analyzer.analyze(text, rewrite=False)) == "hit"


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        ("пенсия", "пенсиямды Россиядан которсо болобу"),  # Kyrgyz endings added
        ("пенсия", "как перевести пенсию домой"),  # Russian ending changes the final vowel
        ("визасы", "Корея визасына документ"),
        ("кошка", "KOSHKA v samolete"),  # Latin letters, any case
        ("каза болду", "атасы Казанда каза болдубу"),  # a phrase, its last word with a question ending
    ],
)
def test_a_cue_finds_its_inflected_forms(analyzer, cue, text):
    assert finds(analyzer, cue, text)


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        ("кыргызстанда", "Кыргызстандын паспорту"),  # in Kyrgyzstan / of Kyrgyzstan
        ("в кыргызстане", "как вернуться в кыргызстан"),  # in / to Kyrgyzstan
        ("кота", "который час"),  # a short cue is not the start of any word
        ("ит", "итог"),
        ("пенсия", "пенсионерлерге скидка"),  # a longer, different word
    ],
)
def test_a_cue_does_not_find_words_that_only_look_alike(analyzer, cue, text):
    assert not finds(analyzer, cue, text)


def test_a_death_euphemism_becomes_the_concept_and_loses_its_misleading_stem(analyzer):
    tagger = ConceptTagger(ConceptWords(concepts={"death": ("кайтыш болду", "умер")}), analyzer.analyze)
    words = tagger.apply(analyzer.analyze("жээним кайтыш болду"))
    stems = set().union(*(term for _, term in words))
    assert "~death" in stems
    assert not any(stem.startswith("кайт") for stem in stems)  # "кайтуу" (to return) is no longer suggested


def test_a_concept_word_keeps_its_own_reading_and_gains_the_tag(analyzer):
    tagger = ConceptTagger(ConceptWords(concepts={"death": ("умер",)}), analyzer.analyze)
    (_, term), *_ = tagger.apply(analyzer.analyze("умер"))
    assert "~death" in term and len(term) > 1


def test_background_words_are_dropped_from_a_story(analyzer):
    tagger = ConceptTagger(ConceptWords(background=("жээним", "короче")), analyzer.analyze)
    words = [surface for surface, _ in tagger.apply(analyzer.analyze("короче жээним паспорт жоготту"))]
    assert words == [surface for surface, _ in analyzer.analyze("паспорт жоготту")]


def test_an_out_of_scope_cue_is_cancelled_by_its_unless_phrase(analyzer):
    def words(text: str):
        return analyzer.analyze(text, rewrite=False)

    scope = OutOfScope((ScopeFamily("other_country_citizen", ("гражданин казахстана",), ("мекен карт",)),), words)
    assert scope.family(words("я гражданин Казахстана, нужна виза")) == "other_country_citizen"
    assert scope.family(words("я гражданин Казахстана, как получить мекен карт")) is None


def test_an_all_of_family_needs_every_group(analyzer):
    family = ScopeFamily("documents_in_kyrgyzstan", (), (), (("в бишкеке", "бишкекте"), ("справка", "справку")))
    scope = OutOfScope((family,), lambda text: analyzer.analyze(text, rewrite=False))
    assert scope.family(analyzer.analyze("где взять справку в Бишкеке", rewrite=False)) == "documents_in_kyrgyzstan"
    assert scope.family(analyzer.analyze("где взять справку в Москве", rewrite=False)) is None
    assert scope.family(analyzer.analyze("я живу в Бишкеке", rewrite=False)) is None
