"""One index for many editor word lists, read in one pass over a sentence (the emergency detector's lists).

Kept apart from urgency.py: how phrases are found is one idea, what the found phrases mean is another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.matching.phrases import GAP, Phrase, Word, compile_phrase

_YEAR_HEAD = "#year"  # the index key of phrases that start with "{year}"

Span = tuple[int, int, str]  # first word, last word, the editor phrase


class PhraseWord(Protocol):
    """One word of a compiled editor phrase (`bot.matching.phrases.compile_phrase`)."""

    @property
    def year(self) -> bool: ...

    def matches(self, word: Word, this_year: int) -> bool: ...


class PhraseIndex:
    """Every word list of urgent.yaml in one index by the first three letters of a phrase.

    A sentence is read once, whatever the number of lists (cues, markers, concepts): a message costs time in
    proportion to its length, so editors may add word families without slowing the bot down. Phrases match
    as `bot.matching.phrases.PhraseList` matches them (folded forms, short endings, stars, up to `gap` words
    between a phrase's words). Which phrases a word can start is remembered per word form: citizens' words
    repeat, so most words cost one dictionary look-up.
    """

    _MEMORY = 50_000  # words remembered before the memory starts afresh

    def __init__(self, english: frozenset[str], this_year: int) -> None:
        self._english = english
        self._year = this_year
        self._by_head: dict[str, list[_Entry]] = {}
        self._starts: dict[tuple[frozenset[str], str], tuple[_Entry, ...]] = {}
        self._follows: dict[tuple[int, frozenset[str]], bool] = {}  # (phrase word, word forms): a match?
        self._lists = 0

    def add(self, phrases: Iterable[str], gap: int = GAP) -> int:
        """Index one list; its key picks its spans out of `scan`."""
        key = self._lists
        self._lists += 1
        for order, text in enumerate(phrases):
            phrase = compile_phrase(text, self._english)
            if not phrase:
                continue
            heads = {_YEAR_HEAD} if phrase[0].year else {form[:3] for form in phrase[0].forms}
            for head in heads:
                self._by_head.setdefault(head, []).append(_Entry(key, order, text, phrase, gap))
        return key

    def scan(self, words: list[Word]) -> list[list[Span]]:
        """Per list key: every occurrence in the sentence, in the editors' order, then by position."""
        found: list[list[tuple[int, int, int, str]]] = [[] for _ in range(self._lists)]
        for start, word in enumerate(words):
            for entry in self._started_by(word):
                end = self._match_rest(entry, words, start)
                if end is not None:
                    found[entry.key].append((entry.order, start, end, entry.text))
        return [[(start, end, text) for _, start, end, text in sorted(spans)] if spans else [] for spans in found]

    def _started_by(self, word: Word) -> tuple[_Entry, ...]:
        """The phrases whose first word this word matches (a year only by its digits)."""
        memo = (word.forms, word.raw if word.raw[:1].isdigit() else "")
        entries = self._starts.get(memo)
        if entries is None:
            heads = {form[:3] for form in word.forms} | ({_YEAR_HEAD} if memo[1] else set())
            seen: set[tuple[int, int]] = set()
            matching = []
            for head in heads:
                for entry in self._by_head.get(head, ()):
                    if (entry.key, entry.order) not in seen:
                        seen.add((entry.key, entry.order))
                        if entry.phrase[0].matches(word, self._year):
                            matching.append(entry)
            entries = tuple(matching)
            if len(self._starts) >= self._MEMORY:
                self._starts.clear()
            self._starts[memo] = entries
        return entries

    def _match_rest(self, entry: _Entry, words: list[Word], start: int) -> int | None:
        position = start
        for part in entry.phrase[1:]:
            for nxt in range(position + 1, min(len(words), position + 2 + entry.gap)):
                if self._follows_with(part, words[nxt]):
                    position = nxt
                    break
            else:
                return None
        return position

    def _follows_with(self, part: PhraseWord, word: Word) -> bool:
        """`part.matches(word)`, remembered per word form (a year is read from the digits, never remembered)."""
        if part.year:
            return part.matches(word, self._year)
        memo = (id(part), word.forms)
        hit = self._follows.get(memo)
        if hit is None:
            hit = part.matches(word, self._year)
            if len(self._follows) >= self._MEMORY * 4:
                self._follows.clear()
            self._follows[memo] = hit
        return hit


@dataclass(frozen=True)
class _Entry:
    key: int  # the list
    order: int  # the phrase's place in its list
    text: str
    phrase: Phrase
    gap: int
