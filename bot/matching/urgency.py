"""Recognising emergencies happening now: a death, a detention, a border, a missing relative, forced labour,
violence, a medical emergency.

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
from bot.matching.phrase_index import PhraseIndex, Span
from bot.matching.phrases import Word, sentences
from bot.matching.text import fold
from bot.matching.urgency_grammar import clause_numbers, combined, in_past, what_if
from bot.matching.urgency_model import features, needed, probability

_I_AM_HERE = ("мин", "мын", "мун", "мүн", "быз", "пыз", "буз", "бүз", "min", "myn", "byz")  # "Бишкектемин"
COURTESY = "courtesy"  # urgent.yaml concept: a "what if" inside one of its phrases is courtesy ("если можно")
ONGOING = "ongoing"  # urgent.yaml concept: in the cue's clause, a past marker of an earlier clause does not reach it
BIRTH_DATE = "birth_date"  # urgent.yaml concept: after a year, it is a birth year, not a past marker
OTHER = "other"  # the kind of an emergency the fitted model flags and no rule names (urgent_answers.yaml has its reply)
OPERATOR_ENTRY = "human-operator"  # topics.yaml id: "I want to talk to a person" is a request, not a topic


@dataclass(frozen=True)
class Urgency:
    kind: str  # death, detention, border, missing, forced_labour, violence, medical, crisis, stranded, other
    entry_id: str  # the FAQ entry whose answer fits when the situation kind has no reply of its own
    country: str | None = None  # where it happens, when the message names it (urgent.yaml `countries`)
    cue: str = ""  # the editor phrase that fired: shown to editors by the evaluation


@dataclass(frozen=True)
class _Rule:
    kind: str
    entry_id: str
    cues: int  # list keys in the index
    unless: int
    weak: int  # cues that need an anchor
    together: tuple[tuple[str, tuple[int, ...]], ...]  # "a+b" and one list key per concept
    resolved: int  # anywhere in the message: it is over


class UrgencyDetector:
    """Built once from the FAQ's urgent.yaml; `detect` is pure and cheap."""

    def __init__(self, faq: Faq, english: frozenset[str], this_year: int | None = None) -> None:
        year = this_year or datetime.datetime.now(datetime.UTC).year
        markers = faq.urgency_markers
        index = PhraseIndex(english, year)
        concepts = {name: index.add(words) for name, words in markers.concepts.items()}
        # rules keep their order in urgent.yaml: the first rule with a live cue wins ("избили и он умер": death)
        self._rules = [
            _Rule(
                r.kind,
                r.entry_id,
                index.add(r.cues),
                index.add(r.unless, gap=0),
                index.add(r.weak),
                tuple(
                    ("+".join(names), tuple(concepts[n] for n in names))
                    for names in r.together
                    if all(n in concepts for n in names)  # the loader reports an undefined concept
                ),
                index.add(r.resolved),
            )
            for r in faq.urgent
        ]
        self._anchors = index.add(markers.anchors)
        self._past = index.add(markers.past)
        self._hypothetical = index.add(markers.hypothetical)
        self._curious = index.add(markers.curious)
        self._generic = index.add(markers.generic)
        self._negations = index.add(markers.negations)
        self._present = index.add(markers.present)
        self._countries = [(name, index.add(names)) for name, names in markers.countries.items()]
        self._home = index.add(markers.home)
        self._writer_here = index.add(markers.writer_here)
        self._courtesy = concepts.get(COURTESY)
        self._ongoing = concepts.get(ONGOING)
        self._birth = concepts.get(BIRTH_DATE)
        # what a reading across sentences needs: the families and the markers that may veto them
        guards = (
            self._past,
            self._present,
            self._hypothetical,
            self._negations,
            self._ongoing,
            self._courtesy,
        )
        self._across = sorted(
            {key for rule in self._rules for _, keys in rule.together for key in keys}
            | {rule.unless for rule in self._rules}
            | {key for key in guards if key is not None}
        )
        self._endings = markers.conditional_endings
        self._laughing = tuple(mark for mark in markers.laughing if mark)
        self._english = english
        self._index = index
        self._model = faq.urgency_model
        # what the model flags without a rule goes to a person: no situation's steps would fit it for sure
        self._other_entry = OPERATOR_ENTRY if OPERATOR_ENTRY in faq.entries else next(iter(faq.entries), "")

    def detect(self, text: str) -> Urgency | None:
        """The emergency the message describes, if any: the rules' reading, weighed by the fitted model when the FAQ
        has one (faq/urgency_model.yaml): it keeps or drops a rule's hit, and may flag what no rule names."""
        if any(mark in text for mark in self._laughing):
            return None  # "паспорт «убили» 😂", "хозяин меня похоронит 😅": a joke, whatever its words
        parts = sentences(text, self._english)
        found = [self._index.scan(words) for words in parts]  # per sentence, per list: its spans
        read = self._by_rules(text, parts, found)
        model = self._model
        if model is None or not text.strip():
            return read
        likely = probability(model, features(text, self._english, read.kind if read else None))
        if likely < needed(read is not None, read is None and self._cue_in(found), model.threshold):
            return None
        if read is not None:
            return read
        return Urgency(OTHER, self._other_entry, self._country(found), "model")

    def cue_seen(self, text: str) -> bool:
        """Some rule's cue is in the message, whatever set it aside ("в 2019 депортировали", "если задержат")."""
        return self._cue_in([self._index.scan(words) for words in sentences(text, self._english)])

    def _cue_in(self, found: list[list[list[Span]]]) -> bool:
        return any(
            spans[r.cues] or spans[r.weak] or combined(r.together, spans) for spans in found for r in self._rules
        )

    def _by_rules(self, text: str, parts: list[list[Word]], found: list[list[list[Span]]]) -> Urgency | None:
        # clauses matter only around a "what if" or a past marker: most messages have neither
        markers = any(spans[self._hypothetical] or spans[self._past] for spans in found)
        vetoes = any(spans[rule.unless] for spans in found for rule in self._rules)
        # "Мен Москвадамын": where the writer is, not where it happens ("Атам Нарында ооруканада, мен Москвадамын")
        abroad = any(
            self._where_it_happens(words, spans, key)
            for words, spans in zip(parts, found, strict=True)
            for _, key in self._countries
        )
        at_home = not abroad and any(spans[self._home] for spans in found)
        clauses = clause_numbers(text, parts) if markers or vetoes else [[0] * len(words) for words in parts]
        if not parts or any(spans[self._curious] for spans in found):
            return None
        if at_home and any(self._home_events(words, spans) for words, spans in zip(parts, found, strict=True)):
            return None  # it happens at home ("Пропал брат в Бишкеке, …"): the police at home, not a consulate
        anchored = any(spans[self._anchors] for spans in found)
        if not anchored and any(spans[self._generic] for spans in found):
            return None  # a general question ("a citizen who died abroad"), not someone's situation now
        # "мы уже привезли его домой", "его отпустили": it happened, it is over
        rules = [rule for rule in self._rules if not any(self._said(spans[rule.resolved], spans) for spans in found)]
        for rule in rules:
            live: list[tuple[str, list[list[Span]]]] = []
            dated = False  # a cue of this kind was put in the past in its own sentence ("Атам 2019-жылы каза болгон")
            for words, spans, clause in zip(parts, found, clauses, strict=True):
                cue = self._live_cue(rule, words, spans, clause, anchored)
                if cue is not None:
                    live.append((cue, spans))
                else:
                    dated = dated or self._dated(rule, spans, anchored)
            for cue, spans in live:
                # the event was dated in the past; a later sentence about it is that event, unless it says "now"
                if not dated or spans[self._present]:
                    return Urgency(rule.kind, rule.entry_id, self._country(found), cue)
        if len(parts) > 1:
            # word families across short sentences: "Брат в Москве. Телефон выключен. Уже третий день."
            words = [word for sentence in parts for word in sentence]
            spans = self._joined(parts, found)
            clause = [number for numbers in clauses for number in numbers]
            for rule in rules:
                cue = self._live_cue(rule, words, spans, clause, anchored, families_only=True)
                if cue is not None:
                    return Urgency(rule.kind, rule.entry_id, self._country(found), cue)
        return None

    def _joined(self, parts: list[list[Word]], found: list[list[list[Span]]]) -> list[list[Span]]:
        """The spans of all sentences as if the message were one sentence (positions shifted), for the lists a
        reading across sentences needs."""
        joined: list[list[Span]] = [[] for _ in found[0]]
        offset = 0
        for words, spans in zip(parts, found, strict=True):
            for key in self._across:
                if spans[key]:
                    joined[key].extend((start + offset, end + offset, text) for start, end, text in spans[key])
            offset += len(words)
        return joined

    def _live_cue(
        self,
        rule: _Rule,
        words: list[Word],
        spans: list[list[Span]],
        clause: list[int],
        anchored: bool,
        families_only: bool = False,
    ) -> str | None:
        """The first cue of the rule in this sentence that is not about the past, a "what if" or something else."""
        phrases = [] if families_only else spans[rule.cues] + (spans[rule.weak] if anchored else [])
        cues = phrases + combined(rule.together, spans)
        if not cues or any(clause[first] == clause[last] for first, last, _ in spans[rule.unless]):
            return None  # a veto read across a comma is none: "сестра пропала, телефон выключен" ≠ "пропал телефон"
        past = self._pasts(spans)
        present = [start for start, _, _ in spans[self._present]]
        ongoing = present + ([start for start, _, _ in spans[self._ongoing]] if self._ongoing is not None else [])
        courtesy = spans[self._courtesy] if self._courtesy is not None else []
        hypothetical = [
            start
            for start, end, _ in spans[self._hypothetical]
            if not any(first <= start and end <= last for first, last, _ in courtesy)
        ]
        # a place is not a cue that looks like it: "Казанда" (in Kazan) is not "каза болду" (passed away)
        places = {first for _, key in self._countries for first, last, _ in spans[key] if first == last}
        places |= {first for first, last, _ in spans[self._home] if first == last}
        for start, end, text in cues:
            if start in places:
                continue
            if any(in_past(p, start, end, present, clause, ongoing) for p in past):
                continue
            if any(what_if(h, start, clause, present) for h in hypothetical) or self._conditional_at(words, end, text):
                continue
            return text
        return None

    def _dated(self, rule: _Rule, spans: list[list[Span]], anchored: bool) -> bool:
        """The sentence holds a cue of the rule and an unnegated past marker, and says nothing goes on now: the
        event is dated in the past ("went to Moscow in January, no news for nine days" goes on)."""
        cues = spans[rule.cues] + (spans[rule.weak] if anchored else []) + combined(rule.together, spans)
        if not cues or spans[self._present] or (self._ongoing is not None and spans[self._ongoing]):
            return False
        return bool(self._pasts(spans))

    def _home_events(self, words: list[Word], spans: list[list[Span]]) -> list[int]:
        """Places at home where something happens, not where the writer is ("мы в Бишкеке", "Бишкектемин")."""
        return self._where_it_happens(words, spans, self._home)

    def _where_it_happens(self, words: list[Word], spans: list[list[Span]], key: int) -> list[int]:
        """The places of list `key` in the sentence that are not the writer's own whereabouts."""
        writer = {last for _, last, _ in spans[self._writer_here]}
        return [
            first
            for first, _, _ in spans[key]
            if not {first - 1, first} & writer and not fold(words[first].raw).endswith(_I_AM_HERE)
        ]

    def _said(self, phrases: list[Span], spans: list[list[Span]]) -> bool:
        """Some phrase occurs and is not negated ("отпустили", but not "не отпустили")."""
        return any(not self._negated(spans, start) for start, _, _ in phrases)

    def _pasts(self, spans: list[list[Span]]) -> list[int]:
        """Where the sentence's past markers start, but for a negated one ("не отпустили") and a birth year
        ("внук, 2001 года рождения, задержан": who he is, not when it happened)."""
        births = {first for first, _, _ in spans[self._birth]} if self._birth is not None else set()
        return [
            start for start, end, _ in spans[self._past] if not self._negated(spans, start) and end + 1 not in births
        ]

    def _negated(self, spans: list[list[Span]], start: int) -> bool:
        """The word just before is a negation ("не", "not")."""
        return any(first == last == start - 1 for first, last, _ in spans[self._negations])

    def _conditional_at(self, words: list[Word], end: int, phrase: str = "") -> bool:
        """The cue's last word is a conditional, or it is a converb whose auxiliary is ("кармап кетсе").

        Only a converb (-п: "кармап", "камап") takes an auxiliary: after a finite verb the next word starts another
        clause ("урду, кетпесең өлтүрөм деди": he hit me, "if you don't leave..." is what he said next). A word
        that is the editor's own word is no conditional: "сняли с автобуса" ends like "кармаса", but nothing was
        added to it.
        """
        own = fold(phrase.split()[-1].rstrip("*")) if phrase.split() else ""
        if own not in words[end].forms and self._conditional(words[end]):
            return True
        following = words[end + 1 : end + 2]
        return bool(following) and any(f.endswith("п") for f in words[end].forms) and self._conditional(following[0])

    def _conditional(self, word: Word) -> bool:
        """A Kyrgyz conditional says "if it happens": on the cue's last word or its auxiliary ("кармап кетсе")."""
        return any(
            form.endswith(ending) and len(form) > len(ending) + 2 for form in word.forms for ending in self._endings
        )

    def _country(self, found: list[list[list[Span]]]) -> str | None:
        """The first country the message names (by name or city), so the reply fits where it happens."""
        best: tuple[int, int, str] | None = None
        for number, spans in enumerate(found):
            for name, key in self._countries:
                for start, _, _ in spans[key]:
                    if best is None or (number, start) < best[:2]:
                        best = (number, start, name)
        return best[2] if best else None
