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
    # phrases that, in the same sentence, show the cue is about something else ("пропал паспорт" is not a
    # missing person)
    unless: tuple[str, ...] = ()
    # cues that count only when the message names someone real or now: "тело", "груз 200" are as often a
    # general question about repatriation as a death in the family
    weak: tuple[str, ...] = ()
    # concept combinations (names from UrgencyMarkers.concepts): one word of each in a sentence is a cue, so
    # "сотрудники ФМС увезли брата" needs no phrase of its own ([authority, taking])
    together: tuple[tuple[str, ...], ...] = ()
    # anywhere in the message, the situation is over ("уже привезли его домой", "его отпустили")
    resolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class UrgencyMarkers:
    """Editor word lists (urgent.yaml) that tell an emergency happening now from talk about one.

    A cue alone is not enough: "умер два года назад", "что будет, если задержат" and "does the state pay
    for the body of a citizen who died abroad" name the same events without anything happening now.
    """

    anchors: tuple[str, ...] = ()  # someone real, or now: kin, "я", "my", "сейчас", "помогите", "since Monday"
    past: tuple[str, ...] = ()  # a cue in the same sentence is about the past ("лет назад", "{year}")
    negations: tuple[str, ...] = ()  # a past marker right after one is not one: "не отпустили"
    present: tuple[str, ...] = ()  # between a past marker and a cue, ends the past ("in 2020, but now ...")
    hypothetical: tuple[str, ...] = ()  # a cue after one of these in the sentence is a "what if" ("если")
    conditional_endings: tuple[str, ...] = ()  # a cue whose last word ends so is a "what if" (Kyrgyz "камап салса")
    curious: tuple[str, ...] = ()  # anywhere in the message: nothing is happening ("просто интересно")
    laughing: tuple[str, ...] = ()  # characters, not words (emoji, ")))"): whoever laughs is not in an emergency
    generic: tuple[str, ...] = ()  # without an anchor, a message about "a citizen", "человек" is a general question
    countries: dict[str, tuple[str, ...]] = field(default_factory=dict)  # country id -> names and cities
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> words, combined by rules
    home: tuple[str, ...] = ()  # places in Kyrgyzstan: an event there is for the police and hospitals at home
    writer_here: tuple[str, ...] = ()  # just before a place, it is where the writer is ("мы в", "I'm in")


@dataclass(frozen=True)
class DialogueWords:
    """Editor word lists (dialogue.yaml) for reading a short message in the light of the last one.

    All languages are merged: citizens mix them ("второй вариант", "экинчиси", "the 2nd").
    """

    ordinals: tuple[tuple[str, ...], ...] = ()  # position i (0-based) -> words meaning "option i+1"
    last_option: tuple[str, ...] = ()  # "the last one"
    none_of_these: tuple[str, ...] = ()  # "ни то ни другое", "none of these", "эч бири"
    choice_fillers: tuple[str, ...] = ()  # words around a choice that do not change it ("вариант", "option")
    new_topic: tuple[str, ...] = ()  # openings that start another question ("и ещё", "by the way", "баса")
    places: tuple[str, ...] = ()  # where, beyond urgent.yaml's countries and cities: "Ош", "Баткен", "Бишкек"
    faq_countries: tuple[str, ...] = ()  # urgent.yaml country ids the FAQ answers for ("russia", "kazakhstan")
    place_fillers: tuple[str, ...] = ()  # words around a place in "а в Казахстане?", "and in Kazan?", "what about"
    moves: tuple[FollowUpMove, ...] = ()  # "сколько стоит?" after a passport answer -> the fees entry


@dataclass(frozen=True)
class FollowUpMove:
    """A kind of follow-up ("how much?", "how do I get it?") and, per last entry, the entry that answers it."""

    name: str
    phrases: tuple[str, ...]
    targets: dict[str, str]  # last entry id -> entry id to answer with


@dataclass(frozen=True)
class Lexicon:
    """Editor-maintained word lists: slang rewrites and language marker words."""

    synonyms: dict[str, str] = field(default_factory=dict)  # folded variant -> canonical words
    markers: dict[str, frozenset[str]] = field(default_factory=dict)  # lang -> folded marker words
    smalltalk: dict[str, frozenset[str]] = field(default_factory=dict)  # kind -> folded phrases
    fillers: frozenset[str] = frozenset()  # folded words that only pad a greeting or thanks
    off_topic: tuple[str, ...] = ()  # cue phrases of topics the FAQ does not cover
    # for grouping unanswered questions (bot.learning.cluster): words any question may contain whatever it
    # is about, and concept name -> words and phrases that mean the same thing in any language or script
    common_words: tuple[str, ...] = ()
    topic_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)


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
    # the cue tells something about the person (another citizenship, a residence permit), so a short follow-up
    # carrying it may still belong to the last question ("а если у нее РВП?" after OMS for a wife)
    in_follow_ups: bool = False


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
    urgency_markers: UrgencyMarkers = field(default_factory=UrgencyMarkers)
    dialogue: DialogueWords = field(default_factory=DialogueWords)
    concepts: ConceptWords = field(default_factory=ConceptWords)
    out_of_scope: tuple[ScopeFamily, ...] = ()
    decision: DecisionModel | None = None  # None: no fitted model, the matcher's fixed fallback rule decides
    # urgency_model.yaml: the urgent lane's fitted model (bot/matching/urgency_model.py); None: the rules decide
    urgency_model: LogisticRule | None = None
    # learned.yaml: entries answered at once when they are the only plausible option (`learn --apply`)
    answer_when_alone: frozenset[str] = frozenset()
    # learned.yaml: questions staff marked as answered by no entry; a question closer to one of them than to any
    # phrasing is out of scope (`learn --apply`, see bot/matching/not_covered.py)
    not_covered: tuple[str, ...] = ()
    # examples.yaml: citizens' questions confirmed for each entry, indexed beside its phrasings (bot/faq/examples.py)
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry:
        return self.entries[entry_id]
