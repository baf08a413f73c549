"""Recognising emergencies happening now: a death, a detention, a border, a missing relative, forced labour, violence.

Urgency is decided separately from FAQ matching on purpose: "брат умер в Москве, что делать" must be
flagged even when the matcher is unsure which entry fits best. A cue word is not enough either way:
"меня депортировали в 2019", "что будет, если задержат" and "does the state pay for the body of a
citizen who died abroad" name the same events, but nothing is happening to anyone now. So a cue
counts only when
- the message is about someone real or about now (an anchor: kin, "я", "my", "сейчас", "помогите"), or at
  least not about someone in general ("a citizen", "человек", "мигрант"),
- no past-time marker stands near it in its sentence ("лет назад", "былтыр", a past year) without a "now"
  between them,
- no "what if" marker comes before it in its sentence ("если", "эгер", "if"),
- and the writer does not say it is only a question ("просто интересно", "just curious").
Every word list is editor data in faq/urgent.yaml; words are compared the way the matcher folds them
(ң→н, ё→е, doubled letters), in Cyrillic and, for Latin-typed words, transliterated too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bot.faq.model import Faq
from bot.matching.phrases import PhraseList, Word, sentences

PAST_WINDOW = 8  # a past-time marker cancels a cue at most this many words away in the same sentence
COMBINED_WINDOW = 12  # the words of a concept combination must stand within this many words


@dataclass(frozen=True)
class Urgency:
    kind: str  # death | detention | border | missing | forced_labour | violence (urgent.yaml)
    entry_id: str  # the FAQ entry whose answer fits when the situation kind has no reply of its own
    country: str | None = None  # where it happens, when the message names it (urgent.yaml `countries`)
    cue: str = ""  # the editor phrase that fired: shown to editors by the evaluation


@dataclass(frozen=True)
class _Rule:
    kind: str
    entry_id: str
    cues: PhraseList
    unless: PhraseList
    weak: PhraseList  # cues that need an anchor
    together: tuple[tuple[str, tuple[PhraseList, ...]], ...]  # "a+b" and one phrase list per concept
    resolved: PhraseList  # anywhere in the message: it is over


class UrgencyDetector:
    """Built once from the FAQ's urgent.yaml; `detect` is pure and cheap."""

    def __init__(self, faq: Faq, english: frozenset[str], this_year: int | None = None) -> None:
        year = this_year or datetime.datetime.now(datetime.UTC).year
        markers = faq.urgency_markers
        concepts = {name: PhraseList(words, english, year) for name, words in markers.concepts.items()}
        # rules keep their order in urgent.yaml: the first rule with a live cue wins ("избили и он умер": death)
        self._rules = [
            _Rule(
                r.kind,
                r.entry_id,
                PhraseList(r.cues, english, year),
                PhraseList(r.unless, english, year, gap=0),
                PhraseList(r.weak, english, year),
                tuple(
                    ("+".join(names), tuple(concepts[n] for n in names))
                    for names in r.together
                    if all(n in concepts for n in names)  # the loader reports an undefined concept
                ),
                PhraseList(r.resolved, english, year),
            )
            for r in faq.urgent
        ]
        self._anchors = PhraseList(markers.anchors, english, year)
        self._past = PhraseList(markers.past, english, year)
        self._hypothetical = PhraseList(markers.hypothetical, english, year)
        self._curious = PhraseList(markers.curious, english, year)
        self._generic = PhraseList(markers.generic, english, year)
        self._negations = PhraseList(markers.negations, english, year)
        self._present = PhraseList(markers.present, english, year)
        self._countries = [(name, PhraseList(names, english, year)) for name, names in markers.countries.items()]
        self._endings = markers.conditional_endings
        self._english = english

    def detect(self, text: str) -> Urgency | None:
        parts = sentences(text, self._english)
        if not parts or any(self._curious.any_in(words) for words in parts):
            return None
        anchored = any(self._anchors.any_in(words) for words in parts)
        if not anchored and any(self._generic.any_in(words) for words in parts):
            return None  # a general question ("a citizen who died abroad"), not someone's situation now
        for rule in self._rules:
            if any(self._said(rule.resolved, words) for words in parts):
                continue  # "мы уже привезли его домой", "его отпустили": it happened, it is over
            for words in parts:
                cue = self._live_cue(rule, words, anchored)
                if cue is not None:
                    return Urgency(rule.kind, rule.entry_id, self.country(parts), cue)
        return None

    def _live_cue(self, rule: _Rule, words: list[Word], anchored: bool) -> str | None:
        """The first cue of the rule in this sentence that is not about the past, a "what if" or something else."""
        cues = rule.cues.spans(words) + (rule.weak.spans(words) if anchored else []) + self._combined(rule, words)
        if not cues or rule.unless.any_in(words):
            return None
        past = [start for start, _, _ in self._past.spans(words) if not self._negated(words, start)]

        present = [start for start, _, _ in self._present.spans(words)]
        hypothetical = [start for start, _, _ in self._hypothetical.spans(words)]
        for start, end, text in cues:
            if any(self._in_past(p, start, end, present) for p in past):
                continue
            if any(h < start for h in hypothetical) or any(map(self._conditional, words[end : end + 2])):
                continue
            return text
        return None

    @staticmethod
    def _combined(rule: _Rule, words: list[Word]) -> list[tuple[int, int, str]]:
        """Concept combinations found close together: the tightest occurrence of each, as one cue span."""
        found = []
        for label, lists in rule.together:
            occurrences = [concept.spans(words) for concept in lists]
            if not all(occurrences):
                continue
            # around each occurrence of the first concept, the nearest occurrence of every other one: linear, not
            # a product (a long voice message may hold a concept word dozens of times)
            windows = []
            for first in occurrences[0]:
                pick = [first] + [min(spans, key=lambda o: abs(o[0] - first[0])) for spans in occurrences[1:]]
                windows.append((min(o[0] for o in pick), max(o[1] for o in pick)))
            start, end = min(windows, key=lambda w: w[1] - w[0])
            if end - start < COMBINED_WINDOW:
                found.append((start, end, label))
        return found

    @staticmethod
    def _in_past(marker: int, start: int, end: int, present: list[int]) -> bool:
        """A past marker near the cue puts it in the past, unless "now" stands between them ("…, but now …")."""
        if not start - PAST_WINDOW <= marker <= end + PAST_WINDOW:
            return False
        low, high = (marker, start) if marker < start else (end, marker)
        return not any(low < p < high for p in present)

    def _said(self, phrases: PhraseList, words: list[Word]) -> bool:
        """Some phrase occurs and is not negated ("отпустили", but not "не отпустили")."""
        return any(not self._negated(words, start) for start, _, _ in phrases.spans(words))

    def _negated(self, words: list[Word], start: int) -> bool:
        return start > 0 and self._negations.any_in(words[start - 1 : start])

    def _conditional(self, word: Word) -> bool:
        """A Kyrgyz conditional says "if it happens": on the cue's last word or its auxiliary ("кармап кетсе")."""
        return any(
            form.endswith(ending) and len(form) > len(ending) + 2 for form in word.forms for ending in self._endings
        )

    def country(self, parts: list[list[Word]]) -> str | None:
        """The first country the message names (by name or city), so the reply fits where it happens."""
        best: tuple[int, str] | None = None
        offset = 0
        for words in parts:
            for name, names in self._countries:
                for start, _, _ in names.spans(words):
                    if best is None or offset + start < best[0]:
                        best = (offset + start, name)
            offset += len(words)
        return best[1] if best else None
