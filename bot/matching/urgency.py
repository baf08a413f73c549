"""Recognising urgent situations (a death, a detention, a border refusal, a missing relative).

Urgency is decided separately from FAQ matching on purpose: a message like "брат умер в Москве,
что делать" must be flagged even when the matcher is unsure which entry fits best.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.faq.model import Faq
from bot.matching.analysis import PhraseSet, cue_words


@dataclass(frozen=True)
class Urgency:
    kind: str
    entry_id: str


class UrgencyDetector:
    def __init__(self, faq: Faq, english: frozenset[str]) -> None:
        self._english = english
        # rules keep their order in urgent.yaml: the first rule with a cue in the message wins
        self._cues = PhraseSet(
            (cue_words(cue, english), Urgency(rule.kind, rule.entry_id)) for rule in faq.urgent for cue in rule.cues
        )

    def detect(self, text: str) -> Urgency | None:
        found = self._cues.find(cue_words(text, self._english))
        return found if isinstance(found, Urgency) else None
