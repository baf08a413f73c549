"""Questions staff said no FAQ entry answers, learned from real traffic (learned.yaml `not_covered`).

Editors describe the common out-of-scope families by their cue words (faq/out_of_scope.yaml), but citizens
keep asking about things nobody listed: a child's school in Russia, an internship at the ministry. Until an
editor writes a family or an entry, such a question finds the nearest FAQ topic and may be answered with it
("my daughter's school papers to Russia" -> the documents for repatriating a body). When staff mark such a
question "new topic", `learn --apply` keeps its (masked) text here; a new question that is closer to one of
these than to any phrasing of the FAQ is then treated as out of scope: no answer, no unrelated buttons, the
out-of-scope reply that points to a consular officer.

Closeness is the matcher's own: the F-score of the content words two texts share, each word weighted by its
rarity in the FAQ (a word the FAQ never uses weighs like a fairly rare one), compared with the best phrasing's
F-score of the best entry. Measured on the learning-curve sets (`tests/bench/learning_curve.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from bot.matching.cues import Word

FAMILY = "not_covered"  # the out-of-scope family name a learned example gives a question
MIN_SIMILARITY = 0.35  # below this two texts share too little to call them the same question

Doc = tuple[tuple[frozenset[str], float], ...]  # content terms (stems) with their weights


class NotCovered:
    """The learned examples, indexed by stem so that a question only meets the examples it shares a word with."""

    def __init__(
        self,
        texts: Iterable[str],
        analyse: Callable[[str], list[Word]],
        idf: dict[str, float],
        function_words: frozenset[str],
        unknown_weight: float,
    ) -> None:
        self._idf = idf
        self._function_words = function_words
        self._unknown = unknown_weight
        self._totals: list[float] = []  # example -> sum of its word weights
        # stem -> (example, example word, that word's weight): a question meets only the examples it shares a word with
        self._postings: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
        for text in texts:
            doc = self.document(analyse(text))
            if not doc:
                continue
            n = len(self._totals)
            for t, (term, weight) in enumerate(doc):
                for stem in term:
                    self._postings[stem].append((n, n * 1024 + t, weight))  # an example has < 1024 words
            self._totals.append(sum(weight for _, weight in doc))

    def __len__(self) -> int:
        return len(self._totals)

    def document(self, words: list[Word]) -> Doc:
        """The content words of a text with their weights (function words and repeats left out)."""
        out: list[tuple[frozenset[str], float]] = []
        seen: set[frozenset[str]] = set()
        for form, term in words:
            if form in self._function_words or term in seen or not term:
                continue
            seen.add(term)
            known = [self._idf[s] for s in term if s in self._idf]
            weight = min(known) if known else self._unknown
            if weight > 0:
                out.append((term, weight))
        return tuple(out)

    def similarity(self, words: list[Word]) -> float:
        """The best F-score of the question against one learned example (0 when none shares a word).

        One pass over the postings of the question's stems, as the matcher scores phrasings: per example, the
        question weight it explains and its own weight the question covers (each example word once)."""
        question = self.document(words)
        if not question or not self._totals:
            return 0.0
        explained: dict[int, float] = defaultdict(float)
        covered: dict[int, float] = defaultdict(float)
        seen: set[int] = set()
        for term, weight in question:
            counted: set[int] = set()
            for stem in term:
                for example, key, example_weight in self._postings.get(stem, ()):
                    if example not in counted:
                        counted.add(example)
                        explained[example] += weight
                    if key not in seen:
                        seen.add(key)
                        covered[example] += example_weight
        total = sum(weight for _, weight in question)
        best = 0.0
        for example, part in explained.items():
            recall, precision = part / total, covered[example] / self._totals[example]
            best = max(best, 2 * recall * precision / (recall + precision))
        return best

    def covers(self, words: list[Word], best_phrase: float) -> bool:
        """The question is closer to a learned not-covered example than to the FAQ's best phrasing."""
        if not self._totals:
            return False
        similarity = self.similarity(words)
        return similarity >= MIN_SIMILARITY and similarity > best_phrase
