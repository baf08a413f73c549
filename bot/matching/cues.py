"""Finding editors' cue phrases (concept words, out-of-scope cues) in analysed text.

Editors write a cue once, in its plain form ("пенсия", "каза болду", "passed away"); citizens inflect it
("пенсиямды", "пенсию", "каза болуптур"). A cue word therefore matches a written word that starts with
it and adds a short ending, and a cue ending in a vowel may also change that vowel ("пенсия" -> "пенсию").
Endings that change the meaning stay apart: "кыргызстанда" (in Kyrgyzstan) does not match
"кыргызстана" (of Kyrgyzstan); stems are deliberately not used here, because they cut exactly such endings.
Longer Kyrgyz stacks of endings are listed by editors ("визасы" for "визасына").
Phrases are indexed by the first letters of their first word, so looking for hundreds of cues costs
a few dictionary lookups per word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.matching.analysis import Term

T = TypeVar("T")
Word = tuple[str, Term]  # (folded surface form, term): what Analyzer.analyze returns per word

_MAX_ENDING = 3  # "пенсия" + "мды"
_MIN_PREFIX = 4  # shorter cue words must match whole ("ит" is a dog, not the start of "итог");
# only longer ones may change a final vowel ("пенсия" -> "пенсию", but "кота" must not find "который")
_KEY = _MIN_PREFIX  # cues are indexed by this many first letters (shorter cue words: by the whole word)
_VOWELS = frozenset("аеиоуыэюяaeiouy")
_CASE_CONSONANTS = frozenset("дтгк")  # Kyrgyz locative -да/-та and dative -га/-ка
_MAX_REMEMBERED = 100_000  # written words whose starting cues are remembered
_PREPOSITIONS = frozenset({"в", "во", "на", "из", "с", "со", "к", "ко", "у", "о", "об", "in", "at", "to", "from"})


def word_matches(word: Word, cue: Word, inflect: bool = True) -> bool:
    """Whether a written word is an inflected form of a cue word.

    `inflect=False` keeps the cue's final vowel: after a preposition the case is the meaning ("в кыргызстане"
    is "in Kyrgyzstan", "в кыргызстан" is "to Kyrgyzstan"); editors list the forms such a phrase takes."""
    surface = word[0]
    cue_surface = cue[0]
    if surface == cue_surface:
        return True
    if len(cue_surface) < _MIN_PREFIX:
        return False
    base = cue_surface[:-1] if inflect and _final_vowel_inflects(cue_surface) else cue_surface
    return surface.startswith(base) and len(surface) - len(base) <= _MAX_ENDING + len(cue_surface) - len(base)


def _final_vowel_inflects(cue: str) -> bool:
    """A Russian noun's final vowel inflects ("пенсия" -> "пенсию"); a Kyrgyz case ending after a consonant
    does not: "кыргызстанда" (in Kyrgyzstan) must not find "кыргызстандын" (of Kyrgyzstan)."""
    if len(cue) <= _MIN_PREFIX or cue[-1] not in _VOWELS:
        return False
    return not (cue[-2] in _CASE_CONSONANTS and cue[-3] not in _VOWELS)


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int  # exclusive
    payload: T


class CueFinder(Generic[T]):
    """Cue phrases (each a sequence of analysed words) with a payload, found anywhere in a text."""

    def __init__(self, cues: Iterable[tuple[Sequence[Word], T]]) -> None:
        self._by_head: dict[str, list[tuple[tuple[Word, ...], T]]] = {}
        self.size = 0
        for words, payload in cues:
            phrase = tuple(words)
            if not phrase:
                continue
            self.size += 1
            self._by_head.setdefault(phrase[0][0][:_KEY], []).append((phrase, payload))  # a match starts so
        self._heads: dict[str, tuple[tuple[tuple[Word, ...], T], ...]] = {}

    def find_all(self, words: Sequence[Word]) -> list[Match[T]]:
        """Every occurrence of every cue, in order of position (a cue found twice is reported twice)."""
        found: list[Match[T]] = []
        remembered = self._heads.get
        for i, word in enumerate(words):
            started = remembered(word[0])
            for phrase, payload in self._started_by(word) if started is None else started:
                end = i + len(phrase)
                if end > len(words):
                    continue
                # a cheap test first: every inflected form of a cue word starts with its first three letters
                if end > i + 1 and not words[i + 1][0].startswith(phrase[1][0][:3]):
                    continue
                if all(
                    word_matches(words[i + k], phrase[k], phrase[k - 1][0] not in _PREPOSITIONS)
                    for k in range(1, len(phrase))
                ):
                    found.append(Match(i, end, payload))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return found

    def _started_by(self, word: Word) -> tuple[tuple[tuple[Word, ...], T], ...]:
        """The cues whose first word this written word matches. Depends on the surface form only, so it is
        remembered: the FAQ's texts and citizens' questions repeat the same few thousand words."""
        surface = word[0]
        known = self._heads.get(surface)
        if known is not None:
            return known
        candidates: dict[int, tuple[tuple[Word, ...], T]] = {}
        for key in {surface[:_KEY], surface} if len(surface) > _KEY else (surface,):
            for cue in self._by_head.get(key, ()):
                candidates[id(cue)] = cue
        started = tuple(cue for cue in candidates.values() if word_matches(word, cue[0][0]))
        if len(self._heads) >= _MAX_REMEMBERED:
            self._heads.clear()  # bounded: a flood of made-up words cannot grow it without end
        self._heads[surface] = started
        return started

    def find(self, words: Sequence[Word]) -> T | None:
        """The payload of the first cue found, or None."""
        found = self.find_all(words)
        return found[0].payload if found else None
