"""Situation vocabulary: many ways of saying one thing become one matching term.

Citizens describe situations instead of naming topics: "жээним Казанда кайтыш болду" (my nephew
passed away in Kazan) names no FAQ word for death, and its "кайтыш" even shares a stem with
"кайтуу" (to return). Editors list such words and euphemisms per concept in faq/concepts.yaml;
here every occurrence gets the concept's tag ("~death") as an extra reading of the word, on the
FAQ's phrasings and on questions alike, so they meet on the tag. A phrase of several words becomes
the tag alone, so its parts ("кайтыш") stop pulling towards their everyday meaning.

Context concepts (a Russian city, a wife or a child) are tagged the same way but only add evidence: that
an entry never names a city says nothing against it, whereas an entry that never speaks of death is
unlikely to answer a question about one.

Background words (a nephew, a neighbour, "короче", "yesterday") tell the story, not the question:
they are dropped, so a long story is not judged as a question full of words the FAQ never uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.faq.model import ConceptWords
from bot.matching.cues import CueFinder, Match, Word

TAG = "~"  # concept tags start with a character no written word has, so they never meet a real word
_BACKGROUND = "-"


class ConceptTagger:
    def __init__(self, words: ConceptWords, analyse: Callable[[str], list[Word]]) -> None:
        named = {**words.concepts, **words.context}
        cues: list[tuple[Sequence[Word], str]] = [
            (analyse(phrase), TAG + name) for name, phrases in named.items() for phrase in phrases
        ]
        cues += [(analyse(phrase), _BACKGROUND) for phrase in words.background]
        self._finder: CueFinder[str] = CueFinder(cues)
        self.tags = frozenset(TAG + name for name in named)
        # situations (a death, a detention, a price): an entry that never mentions one the question carries
        # is unlikely to be meant; context (a Russian city, a spouse) only adds evidence where it matches
        self.situations = frozenset(TAG + name for name in words.concepts)

    def apply(self, words: list[Word]) -> list[Word]:
        """Words with concept tags added (one word) or substituted (a phrase); background words dropped."""
        if not self._finder.size or not words:
            return words
        found = self._finder.find_all(words)
        if not found:
            return words
        spans = _longest_first(found)
        out: list[Word] = []
        i = 0
        while i < len(words):
            span = spans.get(i)
            if span is None:
                out.append(words[i])
                i += 1
                continue
            end, tags = span
            if tags == {_BACKGROUND}:
                i = end
                continue
            tags.discard(_BACKGROUND)
            if end - i == 1:
                surface, term = words[i]
                out.append((surface, term | frozenset(tags)))
            else:
                name = min(tags)
                out.append((name, frozenset(tags)))
            i = end
        return out


def _longest_first(found: list[Match[str]]) -> dict[int, tuple[int, set[str]]]:
    """Non-overlapping spans (start -> (end, tags)); a longer phrase wins over the words inside it."""
    taken: set[int] = set()
    spans: dict[int, tuple[int, set[str]]] = {}
    for match in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        positions = set(range(match.start, match.end))
        existing = spans.get(match.start)
        if existing is not None and existing[0] == match.end:
            existing[1].add(match.payload)  # the same words under two concepts: both tags
            continue
        if positions & taken:
            continue
        taken |= positions
        spans[match.start] = (match.end, {match.payload})
    return spans
