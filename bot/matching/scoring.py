"""Scoring FAQ entries against a question, and the evidence the decision model weighs.

A phrasing scores by how much of the question it explains and how much of itself the question covers
(weighted by rarity); an entry scores by its best phrasing plus how much of the question its
vocabulary explains as a whole. The scorer only ranks and measures: whether to answer, ask back or
hand over is decided from these measurements by the fitted model in `decision.py`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.matching.analysis import Term
from bot.matching.cues import Word
from bot.matching.index import EntryIndex, Index

Resolved = tuple[frozenset[str], float, float]  # index stems hit, match quality (1 exact), weight


@dataclass(frozen=True)
class ScoringParams:
    """Ranking constants (not decision thresholds: those are fitted, see faq/decision_model.yaml)."""

    unknown_weight: float = 0.5  # weight of a word the FAQ never uses (as if it were fairly rare)
    phrase_share: float = 0.6  # best phrasing vs. entry vocabulary in the entry score
    saturation: float = 3.0  # question weight beyond this counts only `tail` (long narrative questions)
    tail: float = 0.3
    shortlist: int = 6  # entries scored phrasing by phrasing
    min_content: float = 0.3  # an entry must share this much non-function-word weight to be offered at all
    keyword_bonus: float = 0.03  # added per editor keyword of the entry found in the question (at most two)
    contrast: float = 0.2  # weight of the naive-Bayes share among the shortlisted entries in the rank score
    concept_penalty: float = 0.2  # rank lost per situation concept of the question the entry never mentions
    recall_weight: float = 1.0  # beta^2 of the phrasing F-score: above 1, explaining the question matters more


@dataclass(frozen=True)
class Ranked:
    """One shortlisted entry and how well it explains the question."""

    entry: int
    rank: float  # evidence plus keyword and contrast bonuses: orders the candidates
    evidence: float  # how well the entry explains the question, in [0, 1]
    phrase: float  # F1 of the best single phrasing
    content_cover: float  # share of the question's content-word weight the entry's vocabulary knows
    contrast: float  # naive-Bayes share among the shortlisted entries
    keywords: int  # editors' keywords of the entry found in the question (at most two count)
    matched: int  # bit i set: the entry's vocabulary knows the question's content word i


@dataclass(frozen=True)
class Evidence:
    """What the decision model sees: the shortlist, best first, and facts about the question itself."""

    ranked: tuple[Ranked, ...]
    content_weight: float  # weight of the question's content words (not "как", "кантип", "how")
    unknown_weight: float  # part of it the FAQ has no word for, even allowing a typo
    content_words: int
    concepts: frozenset[str]  # situation concepts the question carries ("~death")
    weights: tuple[float, ...] = ()  # weight of the question's content word i (0 for function words)

    def share(self, mask: int) -> float:
        """Share of the question's content weight held by the words in `mask`."""
        if self.content_weight <= 0 or not mask:
            return 0.0
        return sum(w for i, w in enumerate(self.weights) if mask >> i & 1) / self.content_weight


class Scorer:
    def __init__(
        self, index: Index, function_words: frozenset[str], params: ScoringParams, situations: frozenset[str]
    ) -> None:
        self.index = index
        self.situations = situations  # concept tags whose absence from an entry counts against it
        self.function_words = function_words
        self.params = params
        self.resolve: Callable[[Term], Resolved] = lru_cache(maxsize=65536)(self._resolve_uncached)

    def _resolve_uncached(self, term: Term) -> Resolved:
        """Stems of the index this term hits, how well (1.0 exact, less for typo matches), its weight."""
        idf = self.index.idf
        known = frozenset(s for s in term if s in idf)
        if known:
            return known, 1.0, min(idf[s] for s in known)  # as informative as its commonest reading
        longest = min(term, key=lambda s: (-len(s), s))  # deterministic across hash seeds
        if longest.isdigit():
            return frozenset(), 0.0, 0.0  # years, sums, counts: part of the story, not of the topic
        if len(longest) < 4 or not longest.isalnum():
            return frozenset(), 0.0, 0.0 if len(longest) < 3 else self.params.unknown_weight * 0.5
        buckets = self.index.fuzzy_buckets
        size = len(longest)
        choices = [s for n in range(size - 1, size + 2) for s in buckets.get((longest[0], n), ())]
        # short words need a closer match: "дела" must not pass for "делае"
        found = process.extractOne(longest, choices, scorer=fuzz.ratio, score_cutoff=80 if size >= 6 else 90)
        if found is None:
            return frozenset(), 0.0, self.params.unknown_weight
        stem, similarity, _ = found
        return frozenset({stem}), similarity / 100.0, idf[stem]

    def score(self, words: list[Word]) -> Evidence:
        index = self.index
        pr = self.params
        resolved: list[Resolved] = []
        content: list[bool] = []  # the word is not a function word ("как", "где", "how")
        seen: set[Term] = set()
        concepts: set[str] = set()
        for form, term in words:
            if term in seen:
                continue
            seen.add(term)
            if not term.isdisjoint(self.situations):
                concepts.update(term & self.situations)
            resolved.append(self.resolve(term))
            content.append(form not in self.function_words)
        total = sum(weight for _, _, weight in resolved)
        content_total = sum(w for (_, _, w), c in zip(resolved, content, strict=True) if c)
        unknown = sum(w for (stems, _, w), c in zip(resolved, content, strict=True) if c and not stems)
        weights = tuple(w if c else 0.0 for (_, _, w), c in zip(resolved, content, strict=True))
        empty = Evidence((), content_total, unknown, sum(content), frozenset(concepts), weights)
        if total <= 0:
            return empty
        if total > pr.saturation:
            total = pr.saturation + (total - pr.saturation) * pr.tail
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
        # function words alone ("где", "как", "у") never make an entry a candidate
        shortlist = sorted(
            (e for e in entry_cover if content_cover[e] >= pr.min_content), key=entry_cover.__getitem__, reverse=True
        )[: pr.shortlist]
        if not shortlist:
            return empty
        present = frozenset().union(*(stems for stems, _, _ in resolved))
        contrast = self._contrast(shortlist, resolved)
        known_concepts = [index.postings[tag] for tag in concepts if tag in index.postings]
        ranked: list[Ranked] = []
        for e in shortlist:
            phrase = _best_phrasing(index.entries[e], resolved, total, pr.recall_weight)
            evidence = pr.phrase_share * phrase + (1 - pr.phrase_share) * min(1.0, entry_cover[e] / total)
            cues = min(
                2,
                sum(1 for kw in index.entries[e].keywords if kw and all(not t.isdisjoint(present) for t in kw)),
            )
            missing = sum(1 for entries in known_concepts if e not in entries)
            bonus = pr.keyword_bonus * cues + pr.contrast * contrast[e] - pr.concept_penalty * missing
            cover = min(1.0, content_cover[e] / content_total) if content_total > 0 else 0.0
            local = index.entries[e].local
            mask = sum(
                1 << i
                for i, ((stems, _, weight), is_content) in enumerate(zip(resolved, content, strict=True))
                if is_content and weight > 0 and any(stem in local for stem in stems)
            )
            ranked.append(Ranked(e, evidence + bonus, evidence, phrase, cover, contrast[e], cues, mask))
        ranked.sort(key=lambda r: (-r.rank, -r.evidence, r.entry))
        return Evidence(tuple(ranked), content_total, unknown, sum(content), frozenset(concepts), weights)

    def _contrast(self, shortlist: list[int], resolved: list[Resolved]) -> dict[int, float]:
        """Naive-Bayes share of each shortlisted entry: which one do the question's words point to?

        Coverage scores say how well an entry explains the question; close neighbours (OMS for the
        worker vs. for the family) explain it almost equally well. How often each entry's own
        phrasings use the question's words tells them apart.
        """
        words = [(tuple(stems), weight) for stems, _, weight in resolved if stems and weight > 0]
        logs: dict[int, float] = {}
        for e in shortlist:
            ei = self.index.entries[e]
            share, unseen = ei.stem_share, ei.unseen_share
            total = 0.0
            for stems, weight in words:
                if len(stems) == 1:
                    total += weight * share.get(stems[0], unseen)
                else:
                    total += weight * max(share.get(s, unseen) for s in stems)
            logs[e] = total
        top = max(logs.values())
        exps = {e: math.exp(v - top) for e, v in logs.items()}
        norm = sum(exps.values())
        return {e: v / norm for e, v in exps.items()}


def _best_phrasing(ei: EntryIndex, resolved: list[Resolved], total: float, beta2: float) -> float:
    """F-score of (share of the question a phrasing explains, share of the phrasing the question covers).

    The hot loop of the matcher: one pass over the entry's postings of the question's stems, keeping per
    phrasing the question weight it explains and the phrasing weight it covers (each phrasing word once,
    at its best match quality)."""
    matched: dict[int, float] = {}  # phrasing -> question weight explained
    cover: dict[int, float] = {}  # phrasing -> phrasing weight covered
    quality_of: dict[int, float] = {}  # phrasing-term key -> best match quality so far
    local = ei.local
    matched_get, cover_get, quality_get = matched.get, cover.get, quality_of.get
    for stems, quality, weight in resolved:
        if not stems or weight <= 0:
            continue
        gain = weight * quality
        counted: set[int] = set()
        for stem in stems:
            last = -1  # one stem's postings come in phrasing order: a phrasing's terms are adjacent
            for p, key, w in local.get(stem, ()):
                if p != last:
                    last = p
                    if p not in counted:
                        counted.add(p)
                        matched[p] = matched_get(p, 0.0) + gain
                old = quality_get(key)
                if old is None:
                    quality_of[key] = quality
                    cover[p] = cover_get(p, 0.0) + w * quality
                elif old < quality:
                    quality_of[key] = quality
                    cover[p] += w * (quality - old)
    best = 0.0
    totals = ei.totals
    for p, m in matched.items():
        recall = m / total if m < total else 1.0
        precision = cover[p] / totals[p]
        if precision > 1.0:
            precision = 1.0
        if recall + precision > 0:
            f = (1 + beta2) * recall * precision / (beta2 * precision + recall)
            if f > best:
                best = f
    return best
