"""The question matcher: which FAQ entry answers a citizen's question, and how sure we are.

Pure Python (no Telegram). The pipeline, one module per step:
`analysis` (words -> stems, language) -> `concepts` (situation words -> concept tags) -> `scoring`
(entries ranked by how well they explain the question) -> `decision` (the fitted confidence model:
answer, ask back with plausible topics only, or hand over); `scope` recognises the families of
questions the FAQ does not cover. A wrong answer hurts a migrant more than a question back.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.faq.model import LANGUAGES, Faq, ScopeFamily
from bot.matching.analysis import Analyzer, LanguageDetector
from bot.matching.concepts import ConceptTagger
from bot.matching.cues import Word
from bot.matching.decision import ANSWER, CLARIFY, ESCALATE, Decider, Observation
from bot.matching.example_words import ExampleWords, fingerprint
from bot.matching.index import build_index
from bot.matching.not_covered import FAMILY as NOT_COVERED
from bot.matching.not_covered import NotCovered
from bot.matching.scope import OutOfScope
from bot.matching.scoring import Evidence, Scorer, ScoringParams
from bot.matching.text import fold, is_latin, text_key, tokens

__all__ = ["ANSWER", "CLARIFY", "ESCALATE", "Candidate", "MatchResult", "Matcher"]


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    text: str
    lang: str
    decision: str
    candidates: tuple[Candidate, ...]
    smalltalk: str | None = None  # "greeting", "thanks", ... when the message is only that
    # The question is about something the FAQ does not cover (another country's citizens, domestic services,
    # third-country visas, weather ...): the conversation gives its own reply instead of FAQ topics.
    out_of_scope: bool = False
    # The decision model's probability that the best candidate is the right entry (0 without a model): how
    # sure the matcher was, for callers that weigh a reading of their own (a follow-up read with its context).
    confidence: float = 0.0

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "text": self.text,
            "lang": self.lang,
            "decision": self.decision,
            "candidates": [{"id": c.entry_id, "score": round(c.score, 4)} for c in self.candidates],
        }
        if self.smalltalk:
            out["smalltalk"] = self.smalltalk
        if self.out_of_scope:
            out["out_of_scope"] = True
        return out


class Matcher:
    """Built once from the FAQ; `match` is cheap and thread-safe (its only mutable state is word caches)."""

    def __init__(self, faq: Faq, params: ScoringParams | None = None) -> None:
        self.faq = faq
        self.analyzer = Analyzer.from_faq(faq)
        self.detector = LanguageDetector.from_faq(faq, self.analyzer)
        lexicon = faq.lexicon
        self._smalltalk_words = {
            kind: frozenset(w for phrase in phrases for w in phrase.split())
            for kind, phrases in lexicon.smalltalk.items()
        }
        self._fillers = lexicon.fillers
        function_words = frozenset().union(*lexicon.markers.values()) if lexicon.markers else frozenset()
        self.concepts = ConceptTagger(faq.concepts, self.analyzer.analyze)
        families = faq.out_of_scope
        if lexicon.off_topic:  # the older single list in lexicon.yaml counts as one more family
            families = (*families, ScopeFamily("off_topic", lexicon.off_topic))
        self.scope = OutOfScope(families, lambda text: self.analyzer.analyze(text, rewrite=False))
        state = (sorted(self.analyzer.english), sorted(self.analyzer.synonyms.items()), faq.concepts)
        examples = ExampleWords(self.analyse, fingerprint(*state))
        stems = examples.stems(text for texts in faq.examples.values() for text in texts)
        self.index = build_index(faq, self.analyse, self._smalltalk_stems(), stems)
        self.scorer = Scorer(self.index, function_words, params or ScoringParams(), self.concepts.situations)
        self.not_covered = NotCovered(
            faq.not_covered, self.analyse, self.index.idf, function_words, self.scorer.params.unknown_weight
        )
        self.decider = Decider(faq.decision, self.index, faq.answer_when_alone)
        # an editor's phrasing (or title question) written out: the entry it belongs to (unique, `check` ensures)
        self._exact = {
            _key(text): entry.id
            for entry in faq.entries.values()
            for lang in LANGUAGES
            for text in (entry.text(lang).question, *entry.text(lang).phrasings)
        }

    def analyse(self, text: str, lang: str | None = None) -> list[Word]:
        """Words of a text as matching terms, with situation concepts tagged (FAQ texts and questions alike)."""
        return self.concepts.apply(self.analyzer.analyze(text, lang))

    def _smalltalk_stems(self) -> set[str]:
        stems: set[str] = set()
        for vocab in self._smalltalk_words.values():
            for word in vocab:
                for term in self.analyzer.terms(word):
                    stems |= term
        return stems

    def observe(self, text: str, lang: str) -> Observation:
        """The measurements the decision is made from (also what `calibrate` fits the model on)."""
        raw = tokens(text)
        latin = lang != "en" and sum(is_latin(t) for t in raw) * 2 >= max(1, len(raw))
        analysed = self.analyse(text)
        evidence: Evidence = self.scorer.score(analysed)
        written = self.analyzer.analyze(text, rewrite=False)
        # content words as typed: "омс" is one word, however many the synonym list expands it to
        words = sum(1 for form, _ in written if form not in self.scorer.function_words)
        exact_id = self._exact.get(_key(text))
        ids = [self.index.entry_ids[r.entry] for r in evidence.ranked]
        exact = ids.index(exact_id) if exact_id in ids else None
        family = self.scope.family(written)
        best_phrase = evidence.ranked[0].phrase if evidence.ranked else 0.0
        if family is None and exact is None and self.not_covered.covers(analysed, best_phrase):
            family = NOT_COVERED  # staff said a question like this one has no entry (learned.yaml)
        return Observation(evidence, lang, latin, family, words, exact)

    def match(self, text: str, default_lang: str = "ru") -> MatchResult:
        lang = self.detector.detect(text, default=default_lang)
        kind = self.smalltalk(text)
        if kind is not None or not text.strip():
            return MatchResult(text, lang, ESCALATE, (), kind)
        obs = self.observe(text, lang)
        decision = self.decider.decide(obs)
        ranked = obs.evidence.ranked
        scale = max(1.0, ranked[0].rank) if ranked else 1.0  # bonuses may lift a rank past 1: keep order and gaps
        ids = self.index.entry_ids
        # penalties may push a rank below 0: report within [0, 1], order kept
        candidates = tuple(
            Candidate(ids[ranked[k].entry], round(max(0.0, ranked[k].rank) / scale, 4)) for k in decision.shown
        )
        out_of_scope = obs.family is not None and decision.kind != ANSWER
        if out_of_scope and decision.kind == ESCALATE:
            candidates = ()  # the FAQ's nearest entries are not guesses worth showing anyone (citizen or staff)
        return MatchResult(
            text, lang, decision.kind, candidates, out_of_scope=out_of_scope, confidence=round(decision.confidence, 4)
        )

    def off_topic_family(self, text: str) -> ScopeFamily | None:
        """The out-of-scope family whose cue the text carries (not cancelled by its `unless`), if any."""
        name = self.scope.family(self.analyzer.analyze(text, rewrite=False))
        return next((f for f in self.faq.out_of_scope if f.name == name), None) if name else None

    def off_topic(self, text: str) -> bool:
        """True when the text names a subject of an out-of-scope family (a visa, a pension, a pet ...).

        A cue alone, before any decision: the conversation uses it to keep such a follow-up from being
        read as a continuation of the last topic."""
        return self.scope.family(self.analyzer.analyze(text, rewrite=False)) is not None

    def smalltalk(self, text: str) -> str | None:
        """'greeting' / 'thanks' / ... when the message holds nothing but such words."""
        words = [fold(t) for t in tokens(text)]
        if not words:
            return "ok" if text.strip() else None  # only emoji or punctuation: "👍", "??"
        if len(words) > 6:
            return None
        phrase = " ".join(words)
        for kind, phrases in self.faq.lexicon.smalltalk.items():
            if phrase in phrases:
                return kind
        for kind, vocab in self._smalltalk_words.items():
            if all(w in vocab for w in words):
                return kind
        for kind, vocab in self._smalltalk_words.items():
            if any(w in vocab for w in words) and all(w in vocab or w in self._fillers for w in words):
                return kind
        # two kinds at once ("понятно, спасибо", "ок рахмат"): the one that asks for a reply of its own
        present = [kind for kind, vocab in self._smalltalk_words.items() if any(w in vocab for w in words)]
        known = set().union(*self._smalltalk_words.values()) | self._fillers
        if present and all(w in known for w in words):
            return min(present, key=lambda kind: _SMALLTALK_ORDER.get(kind, len(_SMALLTALK_ORDER)))
        return None

    def clarify_options(self, result: MatchResult, limit: int = 3) -> list[Candidate]:
        """The topics offered as buttons: for a clarify, exactly its candidates (plausible ones only)."""
        return list(result.candidates[:limit]) if result.decision == CLARIFY else []


_SMALLTALK_ORDER = {"thanks": 0, "bye": 1, "greeting": 2, "ok": 3}  # "понятно, спасибо" is a thank-you


def _key(text: str) -> str:
    """A text as the FAQ checker compares phrasings: folded words, punctuation and case ignored."""
    return text_key(text)
