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

from bot.faq.model import LANGUAGES, Faq
from bot.matching.analysis import Analyzer, LanguageDetector, PhraseSet, Term, _texts, cue_words
from bot.matching.text import fold, tokens

ANSWER, CLARIFY, ESCALATE = "answer", "clarify", "escalate"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated with `python -m bot eval --sweep` on one half of the dev set, checked on the other."""

    answer: float = 0.65
    margin: float = 0.1
    clarify: float = 0.25
    clarify_window: float = 0.25  # offer candidates within this distance of the best
    unknown_weight: float = 0.5  # weight of a word the FAQ never uses (as if it were fairly rare)
    phrase_share: float = 0.6  # best phrasing vs. entry vocabulary in the entry score
    function_weight: float = 1.0  # function words ("как", "кантип", "how") count this much of their rarity
    saturation: float = 3.0  # question weight beyond this counts only `tail` (long narrative questions)
    tail: float = 0.3
    ratio: float = 1.0  # and the runner-up at most this share of the best
    shortlist: int = 6  # entries scored phrasing by phrasing
    min_content: float = 0.3  # an entry must share this much non-function-word weight to be offered at all
    keyword_bonus: float = 0.03  # added per editor keyword of the entry found in the question (at most two)
    contrast: float = 0.2  # weight of the naive-Bayes share among the shortlisted entries in the rank score
    contrast_temperature: float = 1.0


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


@dataclass
class _EntryIndex:
    """One entry's phrasings as weighted terms, with a local stem -> (phrasing, term) postings map."""

    keywords: list[tuple[Term, ...]] = field(default_factory=list)  # editors' cue words, as terms
    stem_share: dict[str, float] = field(default_factory=dict)  # stem -> log share of phrasings using it
    unseen_share: float = 0.0  # log share for a stem none of the phrasings use (smoothed)
    weights: list[list[float]] = field(default_factory=list)  # phrasing -> weight of each term
    totals: list[float] = field(default_factory=list)  # phrasing -> sum of its term weights
    # stem -> (phrasing, phrasing-term key, that term's weight): everything the hot loop needs, flat
    local: dict[str, tuple[tuple[int, int, float], ...]] = field(default_factory=dict)


@dataclass
class _Index:
    entry_ids: list[str] = field(default_factory=list)
    entries: list[_EntryIndex] = field(default_factory=list)
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict)  # stem -> entries using it
    idf: dict[str, float] = field(default_factory=dict)
    fuzzy_buckets: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (initial, length) -> stems


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
        self._function_words = frozenset().union(*faq.lexicon.markers.values()) if faq.lexicon.markers else frozenset()
        self._index = self._build()
        self._fillers = faq.lexicon.fillers
        self._off_topic = PhraseSet((cue_words(cue, self.analyzer.english), cue) for cue in faq.lexicon.off_topic)
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)

    def _build(self) -> _Index:
        index = _Index()
        docs: list[list[list[tuple[str, Term]]]] = []  # entry -> phrasing -> (surface, term)
        vocab_sets: list[set[str]] = []
        for entry in self.faq.entries.values():
            index.entry_ids.append(entry.id)
            vocab: set[str] = set()
            phrasings: list[list[tuple[str, Term]]] = []
            seen: set[tuple[Term, ...]] = set()
            for lang in LANGUAGES:
                for text in _texts(entry.text(lang)):
                    analysed = self.analyzer.analyze(text, lang)
                    key = tuple(term for _, term in analysed)
                    if not analysed or key in seen:
                        continue
                    seen.add(key)
                    phrasings.append(analysed)
                    for _, term in analysed:
                        vocab |= term
            docs.append(phrasings)
            vocab_sets.append(vocab)
        n_entries = len(index.entry_ids)
        postings: dict[str, list[int]] = defaultdict(list)
        for e, vocab in enumerate(vocab_sets):
            for stem in vocab:
                postings[stem].append(e)
        index.postings = {stem: tuple(es) for stem, es in postings.items()}
        norm = math.log(1 + n_entries)
        index.idf = {stem: math.log(1 + n_entries / len(es)) / norm for stem, es in postings.items()}
        for stem in self._all_smalltalk_stems():
            if stem in index.idf:
                index.idf[stem] = 0.0
        for entry, phrasings in zip(self.faq.entries.values(), docs, strict=True):
            ei = _EntryIndex()
            ei.keywords = [
                tuple(term for _, term in self.analyzer.analyze(keyword, lang))
                for lang in LANGUAGES
                for keyword in entry.text(lang).keywords
            ]
            local: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
            for p, analysed in enumerate(phrasings):
                weights = [self._word_weight(form, max(index.idf[s] for s in term)) for form, term in analysed]
                ei.weights.append(weights)
                ei.totals.append(sum(weights) or 1.0)
                for t, (_, term) in enumerate(analysed):
                    for stem in term:
                        local[stem].append((p, p * 1024 + t, weights[t]))  # a phrasing has < 1024 words
            ei.local = {stem: tuple(hits) for stem, hits in local.items()}
            n = len(phrasings)
            counts: dict[str, int] = defaultdict(int)
            for analysed in phrasings:
                for stem in frozenset().union(*(term for _, term in analysed)):
                    counts[stem] += 1
            ei.stem_share = {stem: math.log((c + 0.5) / (n + 1.0)) for stem, c in counts.items()}
            ei.unseen_share = math.log(0.5 / (n + 1.0))
            index.entries.append(ei)
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for stem in index.idf:
            if len(stem) >= 4 and not stem.isdigit():
                buckets[stem[0], len(stem)].append(stem)
        index.fuzzy_buckets = {key: sorted(stems) for key, stems in buckets.items()}
        return index

    def _word_weight(self, form: str, weight: float) -> float:
        return weight * self.thresholds.function_weight if form in self._function_words else weight

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
            return known, 1.0, min(idf[s] for s in known)  # as informative as its commonest reading
        longest = min(term, key=lambda s: (-len(s), s))  # deterministic across hash seeds
        if len(longest) < 4 or longest.isdigit():
            return frozenset(), 0.0, 0.0 if len(longest) < 3 else self.thresholds.unknown_weight * 0.5
        buckets = self._index.fuzzy_buckets
        size = len(longest)
        choices = [s for n in range(size - 1, size + 2) for s in buckets.get((longest[0], n), ())]
        # short words need a closer match: "дела" must not pass for "делае"
        found = process.extractOne(longest, choices, scorer=fuzz.ratio, score_cutoff=80 if size >= 6 else 90)
        if found is None:
            return frozenset(), 0.0, self.thresholds.unknown_weight
        stem, similarity, _ = found
        return frozenset({stem}), similarity / 100.0, idf[stem]

    def match(self, text: str, default_lang: str = "ru") -> MatchResult:
        lang = self.detector.detect(text, default=default_lang)
        kind = self.smalltalk(text)
        if kind is not None or not text.strip():
            return MatchResult(text, lang, ESCALATE, (), kind)
        analysed = self.analyzer.analyze(text)
        scores = self._score(analysed)
        return self._decide(text, lang, scores, off_topic=self.off_topic(text))

    def off_topic(self, text: str) -> bool:
        """True when the question names a subject the FAQ does not cover (visas, pensions, ...)."""
        return self._off_topic.find(cue_words(text, self.analyzer.english)) is not None

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
        return None

    def _score(self, analysed: list[tuple[str, Term]]) -> list[tuple[float, float, int]]:
        """(rank score, evidence score, entry), best first.

        The evidence score says how well the question is explained; the rank score adds a small bonus
        for the editors' distinctive keywords, which separates close neighbours (OMS for the worker vs.
        for the family) without making an otherwise weak match answerable.
        """
        index = self._index
        th = self.thresholds
        resolved: list[tuple[frozenset[str], float, float]] = []
        content: list[bool] = []  # the word is not a function word ("как", "где", "how")
        seen: set[Term] = set()
        for form, term in analysed:
            if term in seen:
                continue
            seen.add(term)
            stems, quality, weight = self._resolve(term)
            resolved.append((stems, quality, self._word_weight(form, weight)))
            content.append(form not in self._function_words)
        total = sum(weight for _, _, weight in resolved)
        if total <= 0:
            return []
        if total > th.saturation:
            total = th.saturation + (total - th.saturation) * th.tail
        entry_cover: dict[int, float] = defaultdict(float)
        content_cover: dict[int, float] = defaultdict(float)
        for (stems, quality, weight), is_content in zip(resolved, content, strict=True):
            if not stems or weight <= 0:
                continue
            gain = weight * quality
            hit: set[int] = set()
            for stem in stems:
                hit.update(index.postings.get(stem, ()))
            for e in hit:
                entry_cover[e] += gain
                if is_content:
                    content_cover[e] += gain
        if not entry_cover:
            return []
        # function words alone ("где", "как", "у") never make an entry a candidate
        shortlist = sorted(
            (e for e in entry_cover if content_cover[e] >= th.min_content), key=entry_cover.__getitem__, reverse=True
        )[: th.shortlist]
        share = th.phrase_share
        present = frozenset().union(*(stems for stems, _, _ in resolved))
        contrast = self._contrast(shortlist, resolved) if th.contrast and shortlist else {}
        scored: list[tuple[float, float, int]] = []
        for e in shortlist:
            best = self._best_phrasing(index.entries[e], resolved, total)
            evidence = share * best + (1 - share) * min(1.0, entry_cover[e] / total)
            cues = sum(1 for kw in index.entries[e].keywords if kw and all(term & present for term in kw))
            bonus = th.keyword_bonus * min(2, cues) + th.contrast * contrast.get(e, 0.0)
            scored.append((evidence + bonus, evidence, e))
        scored.sort(reverse=True)
        return scored

    def _contrast(self, shortlist: list[int], resolved: list[tuple[frozenset[str], float, float]]) -> dict[int, float]:
        """Naive-Bayes share of each shortlisted entry: which one do the question's words point to?

        Coverage scores say how well an entry explains the question; close neighbours (OMS for the
        worker vs. for the family) explain it almost equally well. How often each entry's own
        phrasings use the question's words tells them apart.
        """
        logs: dict[int, float] = {}
        for e in shortlist:
            ei = self._index.entries[e]
            total = 0.0
            for stems, _, weight in resolved:
                if stems and weight > 0:
                    total += weight * max(ei.stem_share.get(s, ei.unseen_share) for s in stems)
            logs[e] = total / self.thresholds.contrast_temperature
        top = max(logs.values())
        exps = {e: math.exp(v - top) for e, v in logs.items()}
        norm = sum(exps.values())
        return {e: v / norm for e, v in exps.items()}

    @staticmethod
    def _best_phrasing(ei: _EntryIndex, resolved: list[tuple[frozenset[str], float, float]], total: float) -> float:
        """F1 of (share of the question a phrasing explains, share of the phrasing the question covers)."""
        matched: dict[int, float] = {}
        covered: dict[int, tuple[float, int, float]] = {}  # phrasing term -> (match quality, phrasing, weight)
        local = ei.local
        for stems, quality, weight in resolved:
            if not stems or weight <= 0:
                continue
            gain = weight * quality
            hit: set[int] = set()
            for stem in stems:
                for p, key, w in local.get(stem, ()):
                    hit.add(p)
                    old = covered.get(key)
                    if old is None or old[0] < quality:
                        covered[key] = (quality, p, w)
            for p in hit:
                matched[p] = matched.get(p, 0.0) + gain
        cover: dict[int, float] = {}
        for quality, p, w in covered.values():
            cover[p] = cover.get(p, 0.0) + w * quality
        best = 0.0
        for p, m in matched.items():
            recall = min(1.0, m / total)
            precision = min(1.0, cover.get(p, 0.0) / ei.totals[p])
            if recall + precision > 0:
                f1 = 2 * recall * precision / (recall + precision)
                if f1 > best:
                    best = f1
        return best

    def _decide(
        self, text: str, lang: str, scored: list[tuple[float, float, int]], *, off_topic: bool = False
    ) -> MatchResult:
        th = self.thresholds
        ids = self._index.entry_ids
        scale = max(1.0, scored[0][0]) if scored else 1.0  # bonuses may lift a rank past 1: keep order and gaps
        candidates = tuple(Candidate(ids[e], round(s / scale, 4)) for s, _, e in scored[:5])
        evidence = scored[0][1] if scored else 0.0  # keyword bonuses rank, they never make a match strong
        if not candidates or evidence < th.clarify:
            return MatchResult(text, lang, ESCALATE, candidates)
        top = scored[0][0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        if off_topic:  # never answered; buttons only when an entry fits strongly anyway
            return MatchResult(text, lang, CLARIFY if evidence >= th.answer else ESCALATE, candidates)
        if evidence >= th.answer and top - second >= th.margin and second <= top * th.ratio:
            return MatchResult(text, lang, ANSWER, candidates)
        return MatchResult(text, lang, CLARIFY, candidates)

    def clarify_options(self, result: MatchResult, limit: int = 3) -> list[Candidate]:
        """The candidates worth offering as buttons: close enough to the best one."""
        if not result.candidates:
            return []
        floor = result.candidates[0].score - self.thresholds.clarify_window
        return [c for c in result.candidates[:limit] if c.score >= floor]
