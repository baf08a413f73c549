"""Turning text into matching terms, and telling which language a question is written in.

A "term" is the set of stems one written word may stand for: a Latin-typed word may be English
("ban") or transliterated Russian/Kyrgyz ("zapret"), a Cyrillic word may have a Russian or a Kyrgyz
ending. Keeping the alternatives and letting the index decide is more robust than guessing early.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.faq.model import LANGUAGES, Faq
from bot.matching.text import cyrillic_stems, english_stem, fold, is_latin, latin_to_cyrillic, tokens

Term = frozenset[str]
_SPECIAL_KY = frozenset("ңөү")
_MAX_SYNONYM_WORDS = 4


@lru_cache(maxsize=131072)
def surface(token: str, english: frozenset[str]) -> str:
    """The folded form a word is compared by: English words stay Latin, other Latin is transliterated."""
    if is_latin(token) and token not in english:
        return fold(latin_to_cyrillic(token))
    return fold(token)


_MAX_REMEMBERED = 100_000  # written words whose surface form an analyzer remembers
_MAX_ENDING = 3  # a cue word also matches with a short ending added ("задержали" → "задержались")


def cue_words(text: str, english: frozenset[str]) -> tuple[str, ...]:
    """Folded surface forms of a phrase's words, the way cue lists (urgent, off-topic) compare them."""
    return tuple(surface(t, english) for t in tokens(text))


def contains_phrase(words: tuple[str, ...] | list[str], cue: tuple[str, ...]) -> bool:
    """Whether the cue's words occur in a row in `words`, each whole or with a short ending added."""
    size = len(cue)
    if not size:
        return False
    return any(all(_word_matches(words[i + k], cue[k]) for k in range(size)) for i in range(len(words) - size + 1))


def _word_matches(word: str, cue: str) -> bool:
    return word == cue or (len(cue) >= 4 and word.startswith(cue) and len(word) - len(cue) <= _MAX_ENDING)


class PhraseSet:
    """Cue phrases indexed by their first word, so a message is checked in time linear in its length."""

    def __init__(self, cues: Iterable[tuple[tuple[str, ...], object]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[int, object]]]] = {}
        for order, (cue, payload) in enumerate(cues):
            if cue:
                self._by_first.setdefault(cue[0], []).append((cue, (order, payload)))

    def find(self, words: tuple[str, ...] | list[str]) -> object | None:
        """Payload of the earliest-listed cue present in `words`, or None."""
        best: tuple[int, object] | None = None
        for i, word in enumerate(words):
            heads = {word[: len(word) - k] for k in range(_MAX_ENDING + 1) if len(word) - k >= 4} | {word}
            for head in heads:
                for cue, ranked in self._by_first.get(head, ()):
                    if (best is None or ranked[0] < best[0]) and contains_phrase(words[i : i + len(cue)], cue):
                        best = ranked
        return None if best is None else best[1]


@dataclass(frozen=True)
class Analyzer:
    """Text → terms, with the editors' synonym rewrites applied first."""

    english: frozenset[str]
    synonyms: dict[tuple[str, ...], tuple[str, ...]]
    # written word -> its surface form, remembered per analyzer (a global cache keyed by `english` would compare
    # two large equal sets on every lookup once a second analyzer exists)
    _surfaces: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _analysed: dict[tuple[str, str | None], tuple[str, Term]] = field(default_factory=dict, compare=False, repr=False)

    def surface(self, token: str) -> str:
        known = self._surfaces.get(token)
        if known is None:
            known = surface(token, self.english)
            if len(self._surfaces) < _MAX_REMEMBERED:
                self._surfaces[token] = known
        return known

    @classmethod
    def from_faq(cls, faq: Faq) -> Analyzer:
        english = frozenset(
            t
            for entry in faq.entries.values()
            for text in _texts(entry.text("en"))
            for t in tokens(text)
            if is_latin(t)
        ) | faq.lexicon.markers.get("en", frozenset())
        synonyms = {
            tuple(surface(t, english) for t in variant.split()): tuple(tokens(canonical))
            for variant, canonical in faq.lexicon.synonyms.items()
        }
        return cls(english=english, synonyms=synonyms)

    @property
    def _synonym_starts(self) -> frozenset[str]:
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = frozenset(variant[0] for variant in self.synonyms if variant)
            object.__setattr__(self, "_starts", starts)
        return starts

    def words(self, text: str, rewrite: bool = True) -> list[str]:
        """Tokens with multi-word slang rewritten ("блек лист" → "черный список")."""
        raw = tokens(text)
        if not self.synonyms or not rewrite:
            return raw
        known = self._surfaces.get
        forms = [known(t) or self.surface(t) for t in raw]
        starts = self._synonym_starts
        if not any(form in starts for form in forms):
            return raw
        out: list[str] = []
        i = 0
        while i < len(raw):
            sizes = range(min(_MAX_SYNONYM_WORDS, len(raw) - i), 0, -1) if forms[i] in starts else ()
            for size in sizes:
                replacement = self.synonyms.get(tuple(forms[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.append(raw[i])
                i += 1
        return out

    def terms(self, text: str, lang: str | None = None) -> list[Term]:
        """One term per word. `lang` is known for FAQ text; for questions it is None (try all readings)."""
        return [_word_term(word, lang) for word in self.words(text)]

    def analyze(self, text: str, lang: str | None = None, rewrite: bool = True) -> list[tuple[str, Term]]:
        """(folded surface form, term) per word, so callers can tell function words from content words.

        `rewrite=False` keeps the words as written (no synonym rewrites): cue lists are compared that way,
        so that an inflected form the synonym list does not know still meets its cue."""
        known = self._analysed.get
        out = []
        for word in self.words(text, rewrite):
            pair = known((word, lang))
            if pair is None:
                pair = (self.surface(word), _word_term(word, lang))
                if len(self._analysed) < _MAX_REMEMBERED:
                    self._analysed[word, lang] = pair
            out.append(pair)
        return out


@lru_cache(maxsize=131072)
def _word_term(word: str, lang: str | None) -> Term:
    if word.isdigit():
        return frozenset({word})
    if is_latin(word):
        alternatives: set[str] = set()
        if lang in (None, "en"):
            alternatives.add(english_stem(word))
        if lang != "en":
            alternatives.update(cyrillic_stems(word))
        return frozenset(alternatives)
    return frozenset(cyrillic_stems(word))


def _texts(entry_text: object) -> Iterable[str]:
    question = getattr(entry_text, "question", "")
    yield question
    yield from getattr(entry_text, "phrasings", ())
    yield from getattr(entry_text, "keywords", ())


@dataclass(frozen=True)
class LanguageDetector:
    """Guesses ky / ru / en from letters and words.

    Kyrgyz is often typed without ң ө ү, so letters alone cannot tell it from Russian: words can.
    Each known word votes for the languages whose FAQ texts use it, exclusive words weigh most,
    and editors' marker words ("кантип", "эмне", "how") weigh more still.
    """

    vocab: dict[str, frozenset[str]]  # folded surface word -> languages using it
    markers: dict[str, frozenset[str]]
    english: frozenset[str]

    @classmethod
    def from_faq(cls, faq: Faq, analyzer: Analyzer) -> LanguageDetector:
        seen: dict[str, set[str]] = {}
        words: set[tuple[str, str]] = set()  # (lang, token); answers repeat words, so dedupe first
        for entry in faq.entries.values():
            for lang in LANGUAGES:
                text = entry.text(lang)
                for chunk in (*_texts(text), text.answer):
                    words.update((lang, t) for t in tokens(chunk))
        for lang, t in words:
            if lang != "en" and is_latin(t):
                form = fold(latin_to_cyrillic(t))
            else:
                form = surface(t, analyzer.english) if lang != "en" else fold(t)
            seen.setdefault(form, set()).add(lang)
        vocab = {word: frozenset(langs) for word, langs in seen.items()}
        return cls(vocab=vocab, markers=faq.lexicon.markers, english=analyzer.english)

    def detect(self, text: str, default: str = "ru") -> str:
        raw = tokens(text)
        if not raw:
            return default
        if any(ch in _SPECIAL_KY for ch in text.lower()):
            return "ky"
        votes: defaultdict[str, float] = defaultdict(float)
        for token in raw:
            if is_latin(token):
                forms = [("en", fold(token)), ("", fold(latin_to_cyrillic(token)))]
            else:
                forms = [("", fold(token))]
            for only, form in forms:
                langs = self.vocab.get(form, frozenset())
                if only:
                    langs = langs & {only}
                elif is_latin(token):
                    langs = langs - {"en"}
                for lang in langs:
                    votes[lang] += 1.0 / len(langs)
                for lang, words in self.markers.items():
                    if form in words and (not only or lang == only):
                        votes[lang] += 2.0
        if not votes:
            return "en" if all(is_latin(t) for t in raw if not t.isdigit()) and default == "en" else default
        best = max(votes.values())
        leaders = [lang for lang in LANGUAGES if votes[lang] == best]
        return default if default in leaders else leaders[0]
