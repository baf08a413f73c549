"""Recognising questions the FAQ does not cover, by the families editors describe in faq/out_of_scope.yaml.

Out-of-scope questions borrow the FAQ's words ("patent", "passport", "registration", "documents"),
so a matcher alone finds a near topic for them and, worse, may be sure of it: a Tajik citizen's
patent, a visa to Germany, a driving licence in Bishkek, a cat on a plane. Each family lists the
cue phrases that mark it and the phrases that cancel it ("мекен карт" cancels "I am a citizen of
Kazakhstan": an ethnic Kyrgyz with a foreign passport is exactly who Meken-Kart is for).
A hit is one feature of the decision model, not a verdict by itself: the fitted model weighs it
against how well an entry explains the rest of the question.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.faq.model import ScopeFamily
from bot.matching.cues import CueFinder, Word

Mark = tuple[str, str, int]  # (cue | unless | group, family, group number)


class OutOfScope:
    def __init__(self, families: tuple[ScopeFamily, ...], analyse: Callable[[str], list[Word]]) -> None:
        marks: list[tuple[list[Word], Mark]] = []
        for family in families:
            marks += [(analyse(cue), ("cue", family.name, 0)) for cue in family.cues]
            marks += [(analyse(cue), ("unless", family.name, 0)) for cue in family.unless]
            marks += [
                (analyse(phrase), ("group", family.name, g))
                for g, group in enumerate(family.all_of)
                for phrase in group
            ]
        self._marks: CueFinder[Mark] = CueFinder(marks)  # one pass over the question finds every kind
        self._group_counts = {family.name: len(family.all_of) for family in families if family.all_of}
        self._order = [family.name for family in families]

    def family(self, words: list[Word]) -> str | None:
        """The first family marked in the question (by a cue, or by all its groups) and not cancelled."""
        if not self._marks.size:
            return None
        hits: set[str] = set()
        cancelled: set[str] = set()
        groups: dict[str, set[int]] = {}
        for match in self._marks.find_all(words):
            kind, name, group = match.payload
            if kind == "cue":
                hits.add(name)
            elif kind == "unless":
                cancelled.add(name)
            else:
                groups.setdefault(name, set()).add(group)
        hits |= {name for name, found in groups.items() if len(found) == self._group_counts[name]}
        return next((name for name in self._order if name in hits and name not in cancelled), None)
