"""The FAQ as the rest of the bot sees it: plain frozen data, loaded once and shared."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")


@dataclass(frozen=True)
class LocalizedEntry:
    """One entry in one language."""

    question: str
    phrasings: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Entry:
    id: str
    group: str
    reviewed: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    texts: dict[str, LocalizedEntry]
    source: str = ""  # "file:line" where an editor finds it
    offer_staff: bool = False  # the answer shows a button to ask a consular officer right away

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
class ConceptWords:
    """faq/concepts.yaml: words and phrases per situation concept, and background words to ignore."""

    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # situation -> phrases, any language
    context: dict[str, tuple[str, ...]] = field(default_factory=dict)  # context (place, family) -> phrases
    background: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScopeFamily:
    """faq/out_of_scope.yaml: a kind of question the FAQ does not cover, and what cancels the cue."""

    name: str
    cues: tuple[str, ...]
    unless: tuple[str, ...] = ()
    # groups of phrases that mark the family together: one phrase of every group, anywhere in the question
    # ("в Бишкеке" and "справка": a certificate from a Kyrgyz office, not from a consulate abroad)
    all_of: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class LogisticRule:
    """One fitted logistic model: P = 1 / (1 + exp(-(bias + sum(weight * feature)))), acted on at threshold."""

    bias: float
    weights: dict[str, float]
    threshold: float


@dataclass(frozen=True)
class DecisionModel:
    """faq/decision_model.yaml: when to answer (`answer`) and which topics are worth a button (`option`)."""

    answer: LogisticRule
    option: LogisticRule
    offer: float = 0.5  # topics are offered when the option probabilities of those shown add up to this


@dataclass(frozen=True)
class Faq:
    groups: tuple[Group, ...]
    entries: dict[str, Entry]
    lexicon: Lexicon
    urgent: tuple[UrgentRule, ...]
    # Action-first replies for emergencies, by situation kind ("death", "detention", ...) and language.
    # A kind without its own reply falls back to its rule's entry answer.
    urgent_answers: dict[str, dict[str, str]] = field(default_factory=dict)
    concepts: ConceptWords = field(default_factory=ConceptWords)
    out_of_scope: tuple[ScopeFamily, ...] = ()
    decision: DecisionModel | None = None  # None: no fitted model, so the bot never answers on its own

    def entry(self, entry_id: str) -> Entry:
        return self.entries[entry_id]
