"""Recognising urgent situations (a death, a detention, a border refusal, a missing relative).

Urgency is decided separately from FAQ matching on purpose: a message like "брат умер в Москве,
что делать" must be flagged even when the matcher is unsure which entry fits best.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.analysis import surface
from bot.core.text import tokens
from bot.faq.model import Faq, UrgentRule

_MAX_ENDING = 3  # a cue word also matches with a short ending added ("задержали" → "задержались")


@dataclass(frozen=True)
class Urgency:
    kind: str
    entry_id: str


class UrgencyDetector:
    def __init__(self, faq: Faq, english: frozenset[str]) -> None:
        self._english = english
        self._rules: list[tuple[UrgentRule, list[tuple[str, ...]]]] = [
            (rule, [tuple(surface(t, english) for t in tokens(cue)) for cue in rule.cues]) for rule in faq.urgent
        ]

    def detect(self, text: str) -> Urgency | None:
        words = [surface(t, self._english) for t in tokens(text)]
        for rule, cues in self._rules:
            for cue in cues:
                if cue and _contains(words, cue):
                    return Urgency(rule.kind, rule.entry_id)
        return None


def _contains(words: list[str], cue: tuple[str, ...]) -> bool:
    size = len(cue)
    return any(all(_word_matches(words[i + k], cue[k]) for k in range(size)) for i in range(len(words) - size + 1))


def _word_matches(word: str, cue: str) -> bool:
    return word == cue or (len(cue) >= 4 and word.startswith(cue) and len(word) - len(cue) <= _MAX_ENDING)
