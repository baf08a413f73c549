"""The question matcher: which FAQ entry answers a citizen's question, and how sure we are.

Pure Python (no Telegram). Each FAQ phrasing is a small document of terms; an inverted index maps a
term to the phrasings that use it, so the cost of a question grows with the words it shares with the
FAQ, not with the size of the FAQ. A phrasing scores by how much of the question it explains and how
much of itself the question covers (weighted by rarity); an entry scores by its best phrasing plus
how much of the question its vocabulary explains as a whole. A wrong answer hurts a migrant more than
a question back, so answering needs both a high score and a clear margin over the runner-up.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.analysis import Analyzer, LanguageDetector, Term, _texts
from bot.core.text import fold, tokens
from bot.faq.model import LANGUAGES, Faq

ANSWER, CLARIFY, ESCALATE = "answer", "clarify", "escalate"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on the dev set with `python -m bot eval --sweep`; see README."""

    answer: float = 0.55
    margin: float = 0.08
    clarify: float = 0.30
    clarify_window: float = 0.25  # offer candidates within this distance of the best
    unknown_weight: float = 0.5  # weight of a word the FAQ never uses (as if it were fairly rare)
    phrase_share: float = 0.6  # best phrasing vs. entry vocabulary in the entry score


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
        return out


@dataclass
class _Index:
    entry_ids: list[str] = field(default_factory=list)
    phrasing_entry: list[int] = field(default_factory=list)  # phrasing -> entry index
    phrasing_weight: list[float] = field(default_factory=list)  # sum of word weights in the phrasing
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    entry_vocab: list[frozenset[str]] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    vocab_by_initial: dict[str, list[str]] = field(default_factory=dict)


class Matcher:
    """Built once from the FAQ; `match` is cheap and thread-safe (no mutable state)."""

    def __init__(self, faq: Faq, thresholds: Thresholds | None = None) -> None:
        self.faq = faq
        self.thresholds = thresholds or Thresholds()
        self.analyzer = Analyzer.from_faq(faq)
        self.detector = LanguageDetector.from_faq(faq, self.analyzer)
        self._smalltalk_words = {
            kind: frozenset(w for phrase in phrases for w in phrase.split())
            for kind, phrases in faq.lexicon.smalltalk.items()
        }
        self._all_smalltalk = (
            frozenset().union(*self._smalltalk_words.values()) if self._smalltalk_words else frozenset()
        )
        self._index = self._build()
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)

    def _build(self) -> _Index:
        index = _Index()
        docs: list[tuple[int, list[Term]]] = []
        vocab_sets: list[set[str]] = []
        for e, entry in enumerate(self.faq.entries.values()):
            index.entry_ids.append(entry.id)
            vocab: set[str] = set()
            for lang in LANGUAGES:
                for text in _texts(entry.text(lang)):
                    terms = self.analyzer.terms(text, lang)
                    if terms:
                        docs.append((e, terms))
                        for term in terms:
                            vocab |= term
            vocab_sets.append(vocab)
        n_entries = len(index.entry_ids)
        df: dict[str, int] = defaultdict(int)
        for vocab in vocab_sets:
            for stem in vocab:
                df[stem] += 1
        norm = math.log(1 + n_entries)
        index.idf = {stem: math.log(1 + n_entries / count) / norm for stem, count in df.items()}
        for stem in self._all_smalltalk_stems():
            index.idf[stem] = 0.0
        for p, (e, terms) in enumerate(docs):
            index.phrasing_entry.append(e)
            index.phrasing_weight.append(sum(max(index.idf.get(s, 0.0) for s in term) for term in terms) or 1.0)
            for stem in frozenset().union(*terms):
                index.postings[stem].append(p)
        index.entry_vocab = [frozenset(v) for v in vocab_sets]
        by_initial: dict[str, list[str]] = defaultdict(list)
        for stem in index.idf:
            if len(stem) >= 4:
                by_initial[stem[0]].append(stem)
        index.vocab_by_initial = dict(by_initial)
        return index

    def _all_smalltalk_stems(self) -> set[str]:
        stems: set[str] = set()
        for word in self._all_smalltalk:
            for term in self.analyzer.terms(word):
                stems |= term
        return stems

    def _resolve_uncached(self, term: Term) -> tuple[frozenset[str], float, float]:
        """Stems of the index this term hits, how well (1.0 exact, less for typo matches), its weight."""
        idf = self._index.idf
        known = frozenset(s for s in term if s in idf)
        if known:
            return known, 1.0, max(idf[s] for s in known)
        longest = max(term, key=len)
        if len(longest) < 4 or longest.isdigit():
            return frozenset(), 0.0, 0.0 if len(longest) < 3 else self.thresholds.unknown_weight * 0.5
        choices = self._index.vocab_by_initial.get(longest[0], [])
        found = process.extractOne(longest, choices, scorer=fuzz.ratio, score_cutoff=80 if len(longest) >= 6 else 86)
        if found is None:
            return frozenset(), 0.0, self.thresholds.unknown_weight
        stem, similarity, _ = found
        return frozenset({stem}), similarity / 100.0, idf[stem]

    def match(self, text: str, default_lang: str = "ru") -> MatchResult:
        lang = self.detector.detect(text, default=default_lang)
        kind = self.smalltalk(text)
        if kind is not None or not text.strip():
            return MatchResult(text, lang, ESCALATE, (), kind)
        scores = self._score(self.analyzer.terms(text))
        return self._decide(text, lang, scores)

    def smalltalk(self, text: str) -> str | None:
        """'greeting' / 'thanks' / ... when the message holds nothing but such words."""
        words = [fold(t) for t in tokens(text)]
        if not words or len(words) > 6:
            return None
        phrase = " ".join(words)
        for kind, phrases in self.faq.lexicon.smalltalk.items():
            if phrase in phrases:
                return kind
        for kind, vocab in self._smalltalk_words.items():
            if all(w in vocab for w in words):
                return kind
        return None

    def _score(self, terms: list[Term]) -> list[tuple[float, int]]:
        index = self._index
        resolved = [self._resolve(term) for term in terms]
        total = sum(weight for _, _, weight in resolved)
        if total <= 0:
            return []
        acc: dict[int, float] = defaultdict(float)
        entry_cover: dict[int, float] = defaultdict(float)
        for stems, quality, weight in resolved:
            if not stems or weight <= 0:
                continue
            gain = weight * quality
            hit_phrasings: set[int] = set()
            for stem in stems:
                hit_phrasings.update(index.postings.get(stem, ()))
            hit_entries: set[int] = set()
            for p in hit_phrasings:
                acc[p] += gain
                hit_entries.add(index.phrasing_entry[p])
            for e in hit_entries:
                entry_cover[e] += gain
        best_phrase: dict[int, float] = defaultdict(float)
        for p, matched in acc.items():
            recall = matched / total
            precision = min(1.0, matched / index.phrasing_weight[p])
            f1 = 2 * recall * precision / (recall + precision)
            e = index.phrasing_entry[p]
            if f1 > best_phrase[e]:
                best_phrase[e] = f1
        share = self.thresholds.phrase_share
        scored = [(share * best_phrase[e] + (1 - share) * entry_cover[e] / total, e) for e in best_phrase]
        scored.sort(reverse=True)
        return scored

    def _decide(self, text: str, lang: str, scored: list[tuple[float, int]]) -> MatchResult:
        th = self.thresholds
        ids = self._index.entry_ids
        candidates = tuple(Candidate(ids[e], round(min(1.0, s), 4)) for s, e in scored[:5])
        if not candidates or candidates[0].score < th.clarify:
            return MatchResult(text, lang, ESCALATE, candidates)
        top = candidates[0].score
        second = candidates[1].score if len(candidates) > 1 else 0.0
        if top >= th.answer and top - second >= th.margin:
            return MatchResult(text, lang, ANSWER, candidates)
        return MatchResult(text, lang, CLARIFY, candidates)

    def clarify_options(self, result: MatchResult, limit: int = 3) -> list[Candidate]:
        """The candidates worth offering as buttons: close enough to the best one."""
        if not result.candidates:
            return []
        floor = result.candidates[0].score - self.thresholds.clarify_window
        return [c for c in result.candidates[:limit] if c.score >= floor]
