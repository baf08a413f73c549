"""The FAQ as the rest of the bot sees it: plain frozen data, loaded once and shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")


@dataclass(frozen=True)
class LocalizedEntry:
    """One entry in one language."""

    question: str
    phrasings: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class CheckBy:
    """A time-bound claim in an answer and the date by which an editor must check it again.

    Facts such as "RuID is mandatory since July 2026" or "no amnesty has been announced" go stale
    without anyone noticing; a dated claim lets `check` and `review` say when one is due.
    """

    due: date
    claim: str  # what to re-check, in the editor's words
    source: str = ""  # key from the content brief's source table; "" when the claim has none yet
    location: str = ""  # "file:line" of the claim's date, where the editor fixes it


@dataclass(frozen=True)
class Entry:
    id: str
    group: str
    reviewed: str  # ISO date an editor last checked the facts against the brief
    sources: tuple[str, ...]
    related: tuple[str, ...]
    texts: dict[str, LocalizedEntry]
    source: str = ""  # "file:line" where an editor finds it
    offer_staff: bool = False  # the answer shows a button to ask a consular officer right away
    check_by: tuple[CheckBy, ...] = ()  # time-bound claims with the date each must be re-checked

    def text(self, lang: str) -> LocalizedEntry:
        return self.texts.get(lang) or self.texts["ru"]


@dataclass(frozen=True)
class Group:
    id: str
    title: dict[str, str]
    entry_ids: tuple[str, ...]
    order: int = 0  # position in the topic menu


@dataclass(frozen=True)
class UrgentRule:
    """A kind of emergency: cue phrases in any language and the entry to answer with at once."""

    kind: str
    entry_id: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """Editor-maintained word lists: slang rewrites and language marker words."""

    synonyms: dict[str, str] = field(default_factory=dict)  # folded variant -> canonical words
    markers: dict[str, frozenset[str]] = field(default_factory=dict)  # lang -> folded marker words
    smalltalk: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> folded phrases
    fillers: frozenset[str] = frozenset()  # folded words that only pad a greeting or thanks
    off_topic: tuple[str, ...] = ()  # cue phrases of topics the FAQ does not cover


@dataclass(frozen=True)
class Faq:
    groups: tuple[Group, ...]
    entries: dict[str, Entry]
    lexicon: Lexicon
    urgent: tuple[UrgentRule, ...]
    # Action-first replies for emergencies, by situation kind ("death", "detention", ...) and language.
    # A kind without its own reply falls back to its rule's entry answer.
    urgent_answers: dict[str, dict[str, str]] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry:
        return self.entries[entry_id]
