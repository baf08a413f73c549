"""Editor phrases found in citizens' messages, the way the matcher folds words.

Word lists written by editors (urgent cues, time markers, "none of these", ordinals) are compared word by
word: folded like the matcher does (ё→е, ң→н, ө→о, ү→у, doubled letters once), Latin-typed words also as
transliterated Cyrillic ("zaderjali" meets "задержали"), each word whole or with a short ending added
("задержали" → "задержались"), "word*" with any ending (Kyrgyz suffixes stack: "жолдош*" → "жолдошумду"),
and up to GAP other words between a phrase's words ("police in Istanbul took").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.matching.text import fold, is_latin, latin_to_cyrillic, tokens

GAP = 2  # words allowed between two words of a phrase: "police in Istanbul took", "телефон теперь выключен"
ENDING = 3  # a phrase word also matches with a short ending added ("задержали" → "задержались")
YEAR = "{year}"  # in a phrase: any year before the current one ("в {year}", "{year} году")
_SENTENCE_END = re.compile(r"[!?;\n]+|\.(?=\s+[^\W\d_a-zа-яё])|\.$")
_YEAR = re.compile(r"(19|20)\d\d(?!\d)")
_YEAR_HEAD = "#year"


@dataclass(frozen=True)
class Word:
    raw: str  # lower-cased token (years are read from it: folding collapses "2011" to "201")
    forms: frozenset[str]  # folded, and for Latin-typed words also transliterated


@dataclass(frozen=True)
class _PhraseWord:
    forms: frozenset[str]
    star: bool  # written "word*": any ending, however long (Kyrgyz suffixes stack)
    year: bool = False

    def matches(self, word: Word, this_year: int) -> bool:
        if self.year:
            found = _YEAR.match(word.raw)
            return found is not None and 1950 <= int(found.group()) < this_year
        for cue in self.forms:
            for form in word.forms:
                if form == cue or (
                    form.startswith(cue) and (self.star or (len(cue) >= 4 and len(form) - len(cue) <= ENDING))
                ):
                    return True
        return False


Phrase = tuple[_PhraseWord, ...]


def word_forms(token: str, english: frozenset[str]) -> frozenset[str]:
    """How a word is compared: folded; a Latin word not known as English also as transliterated Cyrillic."""
    token = token.lower()
    if is_latin(token) and token not in english:
        return frozenset({fold(token), fold(latin_to_cyrillic(token))})
    return frozenset({fold(token)})


def compile_phrase(text: str, english: frozenset[str]) -> Phrase:
    out: list[_PhraseWord] = []
    for part in text.split():
        if part == YEAR:
            out.append(_PhraseWord(frozenset(), False, year=True))
            continue
        star = part.endswith("*")
        for token in tokens(part):
            out.append(_PhraseWord(word_forms(token, english), star))
    return tuple(out)


class PhraseList:
    """Editor phrases found in a sentence, with up to GAP other words between a phrase's words.

    Phrases are indexed by the first three letters of their first word, so a message costs time in
    proportion to its length, not to the number of phrases (a star needs at least three letters).
    """

    def __init__(self, phrases: Iterable[str], english: frozenset[str], this_year: int, gap: int = GAP) -> None:
        self.this_year = this_year
        self.gap = gap
        self._by_head: dict[str, list[tuple[int, str, Phrase]]] = {}
        for order, text in enumerate(phrases):
            phrase = compile_phrase(text, english)
            if not phrase:
                continue
            heads = {_YEAR_HEAD} if phrase[0].year else {form[:3] for form in phrase[0].forms}
            for head in heads:
                self._by_head.setdefault(head, []).append((order, text, phrase))

    def spans(self, words: list[Word]) -> list[tuple[int, int, str]]:
        """(first word, last word, phrase) of every occurrence, in the editors' order, then by position."""
        found: list[tuple[int, int, int, str]] = []
        for start, word in enumerate(words):
            heads = {form[:3] for form in word.forms} | ({_YEAR_HEAD} if word.raw[:1].isdigit() else set())
            seen: set[int] = set()
            for head in heads:
                for order, text, phrase in self._by_head.get(head, ()):
                    if order in seen:
                        continue
                    seen.add(order)
                    end = self._match_from(phrase, words, start)
                    if end is not None:
                        found.append((order, start, end, text))
        found.sort()
        return [(start, end, text) for _, start, end, text in found]

    def _match_from(self, phrase: Phrase, words: list[Word], start: int) -> int | None:
        if not phrase[0].matches(words[start], self.this_year):
            return None
        position = start
        for part in phrase[1:]:
            for nxt in range(position + 1, min(len(words), position + 2 + self.gap)):
                if part.matches(words[nxt], self.this_year):
                    position = nxt
                    break
            else:
                return None
        return position

    def any_in(self, words: list[Word]) -> bool:
        return bool(self.spans(words))


def words_of(text: str, english: frozenset[str]) -> list[Word]:
    return [Word(t, word_forms(t, english)) for t in tokens(text)]


def sentences(text: str, english: frozenset[str]) -> list[list[Word]]:
    """The message's sentences as words; markers of time and of "what if" act within their sentence."""
    out = []
    for part in _SENTENCE_END.split(text):
        words = words_of(part, english)
        if words:
            out.append(words)
    return out
