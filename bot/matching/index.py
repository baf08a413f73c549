"""The FAQ as an index of weighted terms, built once when the FAQ is loaded.

Each phrasing (and title question and keyword) is a small document of terms; an inverted index maps a
stem to the entries that use it and, per entry, to the phrasings that use it, so the cost of a question
grows with the words it shares with the FAQ, not with the size of the FAQ. A stem weighs by its rarity
across entries (idf), normalised to [0, 1].

Citizens' examples (faq/examples.yaml) count in an entry's vocabulary and in how often its texts use each
word (the naive-Bayes contrast between neighbours), but they are not phrasings: the closest single
phrasing a question is measured against is always an editor's, and a word the editors use keeps the
rarity the editors' texts give it. Measured by `calibrate` (leave one set out, 7,447 questions): right
answers 80 % without examples, 90 % with them as phrasings, 89.6 % as vocabulary only (at a fraction of
the cost per question), 89.6 % with the editors' rarity kept (and one-word questions offered their topics
again), 88.3 % when a word had to occur in two examples of an entry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.faq.model import LANGUAGES, Entry, Faq
from bot.matching.analysis import Term, _texts
from bot.matching.cues import Word


@dataclass
class EntryIndex:
    """One entry's phrasings as weighted terms, with a local stem -> (phrasing, term) postings map."""

    keywords: list[tuple[Term, ...]] = field(default_factory=list)  # editors' cue words, as terms
    stem_share: dict[str, float] = field(default_factory=dict)  # stem -> log share of phrasings and examples using it
    unseen_share: float = 0.0  # log share for a stem none of the phrasings use (smoothed)
    weights: list[list[float]] = field(default_factory=list)  # phrasing -> weight of each term
    totals: list[float] = field(default_factory=list)  # phrasing -> sum of its term weights
    # stem -> (phrasing, phrasing-term key, that term's weight): everything the hot loop needs, flat
    local: dict[str, tuple[tuple[int, int, float], ...]] = field(default_factory=dict)


@dataclass
class Index:
    entry_ids: list[str] = field(default_factory=list)
    entries: list[EntryIndex] = field(default_factory=list)
    postings: dict[str, tuple[int, ...]] = field(default_factory=dict)  # stem -> entries using it
    idf: dict[str, float] = field(default_factory=dict)
    fuzzy_buckets: dict[tuple[str, int], list[str]] = field(default_factory=dict)  # (initial, length) -> stems


def build_index(
    faq: Faq,
    analyse: Callable[[str, str | None], list[Word]],
    silent_stems: set[str],
    example_stems: Mapping[str, frozenset[str]] | None = None,
) -> Index:
    """`analyse(text, lang)` gives the words; `silent_stems` (greetings, thanks) weigh nothing; `example_stems`
    are the stems of each of faq.examples' texts (see example_words.py)."""
    example_stems = example_stems or {}
    index = Index()
    docs: list[list[list[Word]]] = []  # entry -> phrasing -> words
    example_docs: list[list[frozenset[str]]] = []
    vocab_sets: list[set[str]] = []
    editor_sets: list[set[str]] = []
    for entry in faq.entries.values():
        index.entry_ids.append(entry.id)
        vocab: set[str] = set()
        phrasings: list[list[Word]] = []
        seen: set[tuple[Term, ...]] = set()
        for lang in LANGUAGES:
            for text in _texts(entry.text(lang)):
                analysed = analyse(text, lang)
                key = tuple(term for _, term in analysed)
                if not analysed or key in seen:
                    continue
                seen.add(key)
                phrasings.append(analysed)
                for _, term in analysed:
                    vocab |= term
        # vocabulary and word frequencies only (see the module's docstring)
        examples = [example_stems[text] for text in faq.examples.get(entry.id, ()) if example_stems.get(text)]
        editor_sets.append(set(vocab))
        for stems in examples:
            vocab |= stems
        docs.append(phrasings)
        example_docs.append(examples)
        vocab_sets.append(vocab)
    n_entries = len(index.entry_ids)
    postings: dict[str, list[int]] = defaultdict(list)
    for e, vocab in enumerate(vocab_sets):
        for stem in vocab:
            postings[stem].append(e)
    index.postings = {stem: tuple(es) for stem, es in postings.items()}
    norm = math.log(1 + n_entries)
    # A word's rarity is counted in the editors' texts when they use it: citizens mention a passport in stories
    # about every topic, and it must stay the word that says "a passport question" ("паспорт" alone gets the
    # passport entries as buttons). A word only citizens use is as rare as the entries whose examples use it.
    editor_df: dict[str, int] = defaultdict(int)
    for vocab in editor_sets:
        for stem in vocab:
            editor_df[stem] += 1
    index.idf = {
        stem: math.log(1 + n_entries / (editor_df.get(stem) or len(es))) / norm for stem, es in postings.items()
    }
    for stem in silent_stems:
        if stem in index.idf:
            index.idf[stem] = 0.0
    for entry, phrasings, examples in zip(faq.entries.values(), docs, example_docs, strict=True):
        index.entries.append(_entry_index(entry, phrasings, examples, index.idf, analyse))
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for stem in index.idf:
        if len(stem) >= 4 and stem.isalpha():  # concept tags ("~death") and numbers are never typo targets
            buckets[stem[0], len(stem)].append(stem)
    index.fuzzy_buckets = {key: sorted(stems) for key, stems in buckets.items()}
    return index


def _entry_index(
    entry: Entry,
    phrasings: list[list[Word]],
    examples: list[frozenset[str]],
    idf: dict[str, float],
    analyse: Callable[[str, str], list[Word]],
) -> EntryIndex:
    ei = EntryIndex()
    ei.keywords = [
        tuple(term for _, term in analyse(keyword, lang)) for lang in LANGUAGES for keyword in entry.text(lang).keywords
    ]
    local: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for p, analysed in enumerate(phrasings):
        weights = [max(idf[s] for s in term) for _, term in analysed]
        ei.weights.append(weights)
        ei.totals.append(sum(weights) or 1.0)
        for t, (_, term) in enumerate(analysed):
            for stem in term:
                local[stem].append((p, p * 1024 + t, weights[t]))  # a phrasing has < 1024 words
    ei.local = {stem: tuple(hits) for stem, hits in local.items()}
    n = len(phrasings) + len(examples)
    counts: dict[str, int] = defaultdict(int)
    for stems in [frozenset().union(*(term for _, term in analysed)) for analysed in phrasings] + examples:
        for stem in stems:
            counts[stem] += 1
    ei.stem_share = {stem: math.log((c + 0.5) / (n + 1.0)) for stem, c in counts.items()}
    ei.unseen_share = math.log(0.5 / (n + 1.0))
    return ei
