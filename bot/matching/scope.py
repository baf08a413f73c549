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


class OutOfScope:
    def __init__(self, families: tuple[ScopeFamily, ...], analyse: Callable[[str], list[Word]]) -> None:
        self._cues: CueFinder[str] = CueFinder(
            (analyse(cue), family.name) for family in families for cue in family.cues
        )
        self._unless: CueFinder[str] = CueFinder(
            (analyse(cue), family.name) for family in families for cue in family.unless
        )
        # every group of every family's all_of, keyed (family, group number)
        self._groups: CueFinder[tuple[str, int]] = CueFinder(
            (analyse(phrase), (family.name, g))
            for family in families
            for g, group in enumerate(family.all_of)
            for phrase in group
        )
        self._group_counts = {family.name: len(family.all_of) for family in families if family.all_of}
        self._order = [family.name for family in families]

    def family(self, words: list[Word]) -> str | None:
        """The first family marked in the question (by a cue, or by all its groups) and not cancelled."""
        hits = {m.payload for m in self._cues.find_all(words)} if self._cues.size else set()
        if self._group_counts:
            found: dict[str, set[int]] = {}
            for m in self._groups.find_all(words):
                found.setdefault(m.payload[0], set()).add(m.payload[1])
            hits |= {name for name, groups in found.items() if len(groups) == self._group_counts[name]}
        if not hits:
            return None
        cancelled = {m.payload for m in self._unless.find_all(words)}
        return next((name for name in self._order if name in hits and name not in cancelled), None)
