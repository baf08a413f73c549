"""What a citizen's question is about, as a weighted bag of features, for grouping unanswered questions.

Questions about one topic share few words: citizens write in ky / ru / en, in Cyrillic or Latin
letters, with typos and different words for the same thing ("права", "водительское удостоверение",
"айдоочулук күбөлүк", "driving licence"). Each content word gives three kinds of feature:

- a *key*: the rough sound of its root with the matcher's own text tools (Latin transliterated to
  Cyrillic, the shortest of its Russian and Kyrgyz stems, voiced and voiceless letters merged, first
  five letters), so "армии", "армиядан", "armii", "army" are all "~арми";
- *character trigrams* of its folded sound, lightly weighted, so a typo or an unusual ending
  ("удоставерение", "udostovereniye", "kuboluk") still shares most of a word;
- a *concept*: where the word or phrase is listed under one of the lexicon's `topic_synonyms`, one
  feature for the whole list, so words of different languages that mean the same thing meet.

Words any question may contain whatever it is about (the lexicon's language markers and fillers,
its `common_words` list: countries and cities of this bot's citizens, "get", "how much") are dropped.
Each feature is weighted by its rarity among the questions being grouped *and* the FAQ's own
phrasings together: words every migrant writes ("паспорт", "работать") say little, a topic's own
vocabulary says a lot even when the topic is a large part of the questions.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.faq.model import LANGUAGES, Faq
from bot.matching.text import fold, is_latin, latin_to_cyrillic, stems, tokens
from bot.privacy.masking import PLACEHOLDERS

Vector = dict[str, float]

# voiced -> voiceless and close vowels merged, so "армия"/"army"/"armii" and "виза"/"visa" share a sound key
_SOUND = str.maketrans(
    {"б": "п", "в": "ф", "г": "к", "д": "т", "ж": "ш", "з": "с", "ы": "и", "я": "а", "ю": "у", "ц": "с", "х": "к"}
)
_PLACEHOLDER_WORDS = frozenset(p.strip("[]").lower() for p in PLACEHOLDERS)
KEY, GRAM, CONCEPT = "~", "3", "#"  # feature prefixes
GRAM_WEIGHT = 0.35  # a word's trigrams together weigh this much of the word's own key
CONCEPT_WEIGHT = 1.5  # a listed concept weighs more than one word: it stands for the whole list
COLLOCATION = 3  # least number of questions with a pair of words for it to be a collocation
MIN_GRAM_WORD = 5  # shorter words are left to their key: their trigrams are the key again


class Features:
    """Turns texts into weighted feature vectors; built once per FAQ, then used for each batch."""

    def __init__(self, faq: Faq) -> None:
        lexicon = faq.lexicon
        words = set(lexicon.fillers).union(*lexicon.markers.values())
        for phrases in lexicon.smalltalk.values():
            for phrase in phrases:
                words.update(phrase.split())
        self.stopwords = frozenset(words)
        self._cache: dict[str, tuple[str, str] | None] = {}  # token -> (key, sound), None when not a content word
        self.generic: frozenset[str] = frozenset()  # key() needs it empty while it is being built
        self.generic = frozenset(k for word in lexicon.common_words for k, _ in self._keys(word))
        self._cache.clear()  # filled while `generic` was empty
        # concept phrases as key sequences, longest first, by first key
        listed_by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, listed in sorted(lexicon.topic_synonyms.items()):
            for phrase in listed:
                keys = tuple(k for k, _ in self._keys(phrase))
                if keys:
                    listed_by_first.setdefault(keys[0], []).append((keys, CONCEPT + name))
        self.concepts = {first: sorted(found, key=lambda p: -len(p[0])) for first, found in listed_by_first.items()}
        self.background: Counter[str] = Counter()
        self.background_docs = 0
        for entry in faq.entries.values():
            for lang in LANGUAGES:
                text = entry.text(lang)
                for doc in (text.question, *text.phrasings):
                    self.background.update(self.counts(doc))
                    self.background_docs += 1

    def _keys(self, text: str) -> list[tuple[str, str]]:
        """(key, sound) of each content word, in order: "армии" -> ("~арми", "арми")."""
        out: list[tuple[str, str]] = []
        for token in tokens(text):
            if token in self._cache:
                known = self._cache[token]
                if known is not None:
                    out.append(known)
                continue
            self._cache[token] = None
            word = fold(token)
            if len(word) < 3 or word.isdigit() or word in self.stopwords or token in _PLACEHOLDER_WORDS:
                continue
            cyrillic = latin_to_cyrillic(token) if is_latin(token) else token
            folded = fold(cyrillic)
            if folded in self.stopwords:
                continue
            key = KEY + min(stems(cyrillic), key=len).translate(_SOUND)[:5]
            if key not in self.generic:
                out.append((key, folded.translate(_SOUND)))
                self._cache[token] = out[-1]
        return out

    def counts(self, text: str, specialised: dict[tuple[str, str], int] | None = None) -> Counter[str]:
        """The text's features, each counted once (a question repeating a word is not more about it).

        `specialised` (from `collocations`): adjacent keys whose word at the given position (0 or 1) is
        replaced by the pair, as "билет" in "военный билет" is not the "билет" of "билет на самолёт".
        """
        keyed = self._keys(text)
        keys = [k for k, _ in keyed]
        specialised = specialised or {}
        found = {k for idx, k in enumerate(keys) if not self._in_pair(keys, idx, specialised)}
        found.update(a + "+" + b[1:] for a, b in itertools.pairwise(keys) if (a, b) in specialised)
        i = 0
        while i < len(keys):
            for phrase, concept in self.concepts.get(keys[i], ()):
                if tuple(keys[i : i + len(phrase)]) == phrase:
                    found.add(concept)
                    i += len(phrase) - 1
                    break
            i += 1
        for _, sound in keyed:
            if len(sound) >= MIN_GRAM_WORD:
                padded = f"<{sound}>"
                found.update(GRAM + padded[j : j + 3] for j in range(len(padded) - 2))
        return Counter(found)

    @staticmethod
    def _in_pair(keys: list[str], idx: int, specialised: dict[tuple[str, str], int]) -> bool:
        """Whether keys[idx] is the replaced word of a specialised pair."""
        if idx + 1 < len(keys) and specialised.get((keys[idx], keys[idx + 1])) == 0:
            return True
        return idx > 0 and specialised.get((keys[idx - 1], keys[idx])) == 1

    def batch(self, texts: Sequence[str]) -> list[Counter[str]]:
        """Features of each text, with the collocations of the batch (see `collocations`)."""
        specialised = self.collocations(texts)
        return [self.counts(t, specialised) for t in texts]

    def collocations(self, texts: Sequence[str]) -> dict[tuple[str, str], int]:
        """Pairs of adjacent words where one word narrows a general one: (pair) -> position of the general one.

        A pair seen in at least COLLOCATION texts, one of whose words appears mostly with the other
        ("военный" with "билет") while the other appears mostly without it ("билет" on its own, of
        planes): in that pair the general word stands for the pair, so questions about military
        ID cards and plane tickets do not meet on "билет".
        """
        words: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            keys = [k for k, _ in self._keys(text)]
            words.update(set(keys))
            pairs.update(set(itertools.pairwise(keys)))
        out: dict[tuple[str, str], int] = {}
        for (a, b), n in pairs.items():
            if n < COLLOCATION or a == b:
                continue
            if n / words[a] >= 0.5 > n / words[b]:
                out[(a, b)] = 1
            elif n / words[b] >= 0.5 > n / words[a]:
                out[(a, b)] = 0
        return out

    def words(self, text: str) -> list[tuple[str, str]]:
        """(key, word as written) of each content word, for naming a group by its citizens' words."""
        out = []
        for token in tokens(text):
            for key, _ in self._keys(token):
                out.append((key, token))
        return out

    def weights(self, docs: Sequence[Counter[str]]) -> dict[str, float]:
        """Weight of each feature of `docs`: inverse document frequency over `docs` and the FAQ together.

        The FAQ alone would count words citizens use everywhere but the FAQ seldom names ("работаю",
        "карта", "оплатить") as rare; the questions alone would count the FAQ's own everyday words as
        rare when few questions of the batch use them. Trigrams weigh GRAM_WEIGHT of a word, shared
        among a word's trigrams; concepts CONCEPT_WEIGHT.
        """
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        size = len(docs) + self.background_docs
        out: dict[str, float] = {}
        for feature, count in df.items():
            idf = math.log((size + 1) / (count + self.background[feature] + 1)) + 1.0
            if feature.startswith(GRAM):
                idf *= GRAM_WEIGHT
            elif feature.startswith(CONCEPT):
                idf *= CONCEPT_WEIGHT
            out[feature] = idf
        return out


def vector(counts: Counter[str], weights: dict[str, float]) -> Vector:
    """Unit-length weighted vector of a text's features (empty when it has none)."""
    grams = sum(1 for f in counts if f.startswith(GRAM))
    scale = 1.0 / math.sqrt(grams / max(1, len(counts) - grams)) if grams else 1.0
    out = {f: c * weights[f] * (scale if f.startswith(GRAM) else 1.0) for f, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in out.values()))
    return {f: w / norm for f, w in out.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def centre(vectors: Iterable[Vector]) -> Vector:
    """Unit-length sum of unit vectors: the direction a group's questions share."""
    total: Counter[str] = Counter()
    for v in vectors:
        total.update(v)
    norm = math.sqrt(sum(w * w for w in total.values()))
    return {k: w / norm for k, w in total.items()} if norm else {}
