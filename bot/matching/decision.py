"""Answer, ask back, or hand over: the fitted confidence model applied to the scorer's evidence.

Hand-set thresholds on one score cannot tell "sure and right" from "sure-looking and wrong": a story
scores lower than a keyword question on the same topic, and a question about a cat on a plane scores
high on repatriation. So the decision weighs several measurements at once (score, margin over the
runner-up, how much of the question's content the entry explains, words the FAQ has no word for,
out-of-scope cues, language, length) with two logistic models fitted on labelled questions by
`python -m bot calibrate` and stored as data in faq/decision_model.yaml:

- `answer`: the probability that the best entry is the right one; the bot answers above its threshold,
  which is set so that wrong answers stay rare on questions the model was not fitted on;
- `option`: for each shortlisted entry, the probability that it is the one the citizen means; only
  entries above its threshold become buttons, so unrelated topics are not offered.

Without a fitted model (a new deployment, a test FAQ) the bot falls back to the fixed rule it used before
calibration existed: answer a strong match with a clear lead, else offer the entries close to the best.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from bot.faq.model import DecisionModel, LogisticRule
from bot.matching.index import Index
from bot.matching.scoring import Evidence

ANSWER, CLARIFY, ESCALATE = "answer", "clarify", "escalate"
MAX_OPTIONS = 3  # buttons that fit on a phone screen above "none of these"

# The measurements each model weighs; faq/decision_model.yaml gives one weight per name.
ANSWER_FEATURES: tuple[str, ...] = (
    "evidence",  # how well the best entry explains the question
    "margin",  # its rank score minus the runner-up's
    "runner_up",  # the runner-up's evidence
    "phrase",  # the best entry's closest single phrasing (F1)
    "content_cover",  # share of the question's content words the best entry knows
    "contrast",  # naive-Bayes share of the best entry among the shortlist
    "own",  # share of the question's content words the best entry knows and the runner-up does not
    "rival_own",  # share the runner-up knows and the best entry does not
    "unknown",  # share of the question's content words the FAQ has no word for
    "words",  # log(1 + content words): one-word questions are vague, stories are noisy
    "keywords",  # editors' keywords of the best entry present (0-2)
    "concept_miss",  # situation concepts of the question the best entry never mentions (0-2)
    "out_of_scope",  # an out-of-scope family's cue is present
    "lang_ky",
    "lang_en",
    "latin",  # Russian or Kyrgyz typed in Latin letters
)
OPTION_FEATURES: tuple[str, ...] = (
    "evidence",
    "gap",  # the best entry's rank score minus this one's
    "phrase",
    "content_cover",
    "contrast",
    "own",  # share of the content words this entry knows and the best (for the best: the runner-up) does not
    "lacks",  # share the best (or the runner-up) knows and this entry does not
    "first",  # this is the best-ranked entry
    "unknown",
    "words",
    "keywords",
    "concept_miss",
    "out_of_scope",
)
FEATURES = {"answer": ANSWER_FEATURES, "option": OPTION_FEATURES}
# Directions known before any data: more lead, more contrast make an entry likelier; unknown words, an
# out-of-scope cue, a situation the entry never mentions, a larger gap to the best make it less likely.
# Fitting keeps these signs (calibration.fit_signed); the other features may go either way.
SIGNS: dict[str, dict[str, int]] = {
    "answer": {"margin": 1, "contrast": 1, "unknown": -1, "out_of_scope": -1, "concept_miss": -1},
    "option": {"gap": -1, "contrast": 1, "unknown": -1, "out_of_scope": -1, "concept_miss": -1},
}


@dataclass(frozen=True)
class Observation:
    """Everything the decision depends on, for one question."""

    evidence: Evidence
    lang: str
    latin: bool  # Russian/Kyrgyz words typed in Latin letters
    family: str | None  # out-of-scope family whose cue is present
    words: int = 0  # content words as written (before synonym rewrites), background words left out
    exact: int | None = None  # position in the shortlist of the entry one of whose phrasings IS the question


def answer_features(obs: Observation, index: Index) -> dict[str, float]:
    ranked = obs.evidence.ranked
    top = ranked[0]
    second = ranked[1] if len(ranked) > 1 else None
    return {
        "evidence": top.evidence,
        "margin": top.rank - (second.rank if second else 0.0),
        "runner_up": second.evidence if second else 0.0,
        "phrase": top.phrase,
        "content_cover": top.content_cover,
        "contrast": top.contrast,
        "own": obs.evidence.share(top.matched & ~second.matched) if second else obs.evidence.share(top.matched),
        "rival_own": obs.evidence.share(second.matched & ~top.matched) if second else 0.0,
        "unknown": _unknown(obs.evidence),
        "words": math.log1p(obs.words),
        "keywords": float(top.keywords),
        "concept_miss": _concept_miss(obs.evidence, top.entry, index),
        "out_of_scope": 1.0 if obs.family else 0.0,
        "lang_ky": 1.0 if obs.lang == "ky" else 0.0,
        "lang_en": 1.0 if obs.lang == "en" else 0.0,
        "latin": 1.0 if obs.latin else 0.0,
    }


def option_features(obs: Observation, position: int, index: Index) -> dict[str, float]:
    ranked = obs.evidence.ranked
    this = ranked[position]
    other = ranked[1] if position == 0 and len(ranked) > 1 else ranked[0] if position else None
    other_mask = other.matched if other else 0
    return {
        "evidence": this.evidence,
        "gap": ranked[0].rank - this.rank,
        "phrase": this.phrase,
        "content_cover": this.content_cover,
        "contrast": this.contrast,
        "own": obs.evidence.share(this.matched & ~other_mask),
        "lacks": obs.evidence.share(other_mask & ~this.matched),
        "first": 1.0 if position == 0 else 0.0,
        "unknown": _unknown(obs.evidence),
        "words": math.log1p(obs.words),
        "keywords": float(this.keywords),
        "concept_miss": _concept_miss(obs.evidence, this.entry, index),
        "out_of_scope": 1.0 if obs.family else 0.0,
    }


def _unknown(evidence: Evidence) -> float:
    return evidence.unknown_weight / evidence.content_weight if evidence.content_weight > 0 else 0.0


def _concept_miss(evidence: Evidence, entry: int, index: Index) -> float:
    missing = sum(1 for tag in evidence.concepts if tag in index.postings and entry not in index.postings[tag])
    return float(min(2, missing))


def sigmoid(z: float) -> float:
    """The logistic function, clamped so that no weight sum overflows: every fitted model here uses it."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def probability(rule: LogisticRule, features: Mapping[str, float]) -> float:
    return sigmoid(rule.bias + sum(weight * features.get(name, 0.0) for name, weight in rule.weights.items()))


def choose(
    confidence: float,
    plausible: list[float],
    answer: float,
    member: float,
    offer: float,
    vague: tuple[int, ...] = (),
    tied: tuple[int, ...] = (),
) -> tuple[str, tuple[int, ...]]:
    """The decision and the shortlist positions shown with it (the answer first, the buttons, or staff's
    guesses). `plausible` holds the option model's probability per shortlisted entry, best-ranked first.

    A button needs its own probability of at least `member` (never an unrelated topic); the buttons are
    shown when together they are likely to hold the citizen's topic (`offer`): four entry-ban topics for
    "запрет" are each unlikely, but one of them is almost surely meant. `vague` (see `vague_options`) are
    the buttons for a one-word question, which no model can resolve: the bot asks which one is meant. `tied`
    (see `tied_options`) are entries the question cannot tell apart at all: asked about instead of answering."""
    guesses = tuple(range(len(plausible)))
    if confidence >= answer:
        return (CLARIFY, tied) if len(tied) > 1 else (ANSWER, guesses)
    if len(vague) > 1:
        return CLARIFY, vague
    options = tuple(k for k in guesses if plausible[k] >= member)[:MAX_OPTIONS]
    if options and sum(plausible[k] for k in options) >= offer:
        return CLARIFY, options
    return ESCALATE, guesses


VAGUE_WINDOW = 0.25  # a one-word question's buttons: entries ranked this close to the best ...
VAGUE_FLOOR = 0.4  # ... that explain the word at least this well


def vague_options(obs: Observation) -> tuple[int, ...]:
    """Buttons for a question of one content word ("паспорт", "запрет"): the entries that explain that word
    about as well as the best one. Every such entry is related by construction, none can be preferred."""
    ranked = obs.evidence.ranked
    if obs.words > 1 or obs.family or not ranked:
        return ()
    floor = ranked[0].rank - VAGUE_WINDOW
    near = [k for k in range(min(5, len(ranked))) if ranked[k].evidence >= VAGUE_FLOOR and ranked[k].rank >= floor]
    return tuple(near[:MAX_OPTIONS])


TIE = 0.05  # rank scores this close are a tie


def tied_options(obs: Observation) -> tuple[int, ...]:
    """Entries the question cannot tell apart: ranked within TIE of the best, and knowing every word of the question
    the best one knows ("мекен карт": what it is, or how to apply for it). A fitted model may still be confident,
    because the best entry explains the whole question; but so does the other one, and only the citizen knows
    which was meant."""
    ranked = obs.evidence.ranked
    if obs.family or len(ranked) < 2:
        return ()
    best = ranked[0]
    tied = [
        k
        for k in range(min(MAX_OPTIONS, len(ranked)))
        if best.rank - ranked[k].rank <= TIE and not best.matched & ~ranked[k].matched
    ]
    return tuple(tied) if len(tied) > 1 else ()


def exact_first(exact: int, size: int) -> tuple[int, ...]:
    """The answer when the question is word for word an editor's phrasing: that entry, then the others.

    Editors add a citizen's question as a phrasing to settle where it belongs (`python -m bot learn`); the bot
    must then answer it with that entry, whatever the neighbours' scores."""
    return (exact, *(k for k in range(min(5, size)) if k != exact))[:5]


@dataclass(frozen=True)
class Decision:
    kind: str  # answer | clarify | escalate
    shown: tuple[int, ...]  # positions in evidence.ranked: the answer, the buttons, or staff's guesses
    confidence: float  # the answer model's probability that the best entry is right


class Decider:
    # Only without a fitted model: the rule the bot used before calibration (tuned by hand on the dev set).
    _FALLBACK_ANSWER = 0.65  # evidence of the best entry
    _FALLBACK_MARGIN = 0.1  # its rank lead over the runner-up
    _FALLBACK_FLOOR = 0.25  # evidence an entry needs to be a button
    _FALLBACK_WINDOW = 0.25  # a button's rank at most this far below the best

    def __init__(
        self, model: DecisionModel | None, index: Index, answer_when_alone: frozenset[str] = frozenset()
    ) -> None:
        self.model = model
        self.index = index
        # positions in the index of the entries real citizens always confirmed when offered alone (learned.yaml)
        self.alone = frozenset(k for k, entry_id in enumerate(index.entry_ids) if entry_id in answer_when_alone)

    def decide(self, obs: Observation) -> Decision:
        ranked = obs.evidence.ranked
        if not ranked:
            return Decision(ESCALATE, (), 0.0)
        if obs.exact is not None and not obs.family:
            return Decision(ANSWER, exact_first(obs.exact, len(ranked)), 1.0)
        if self.model is None:
            return self._fallback(obs)
        confidence = probability(self.model.answer, answer_features(obs, self.index))
        if obs.family is not None:
            # an out-of-scope family's cue: never answered from the FAQ, and no FAQ topic offered (a lost passport
            # in Talas is not the lost-passport-abroad entry's case); the conversation gives its own reply
            return Decision(ESCALATE, tuple(range(min(5, len(ranked)))), 0.0)
        n = min(5, len(ranked))
        tied = tied_options(obs)
        if confidence >= self.model.answer.threshold and not tied:  # the buttons are not needed: skip their model
            return Decision(ANSWER, tuple(range(n)), confidence)
        option = self.model.option
        plausible = [probability(option, option_features(obs, k, self.index)) for k in range(n)]
        kind, shown = choose(
            confidence,
            plausible,
            self.model.answer.threshold,
            option.threshold,
            self.model.offer,
            vague_options(obs),
            tied,
        )
        if kind == CLARIFY and len(shown) == 1 and ranked[shown[0]].entry in self.alone and obs.family is None:
            # the one button citizens always pressed: asking only cost them a tap (learned from real questions)
            return Decision(ANSWER, exact_first(shown[0], len(ranked)), confidence)
        return Decision(kind, shown, confidence)

    def _fallback(self, obs: Observation) -> Decision:
        ranked = obs.evidence.ranked
        guesses = tuple(range(min(5, len(ranked))))
        lead = ranked[0].rank - (ranked[1].rank if len(ranked) > 1 else 0.0)
        if not obs.family and ranked[0].evidence >= self._FALLBACK_ANSWER and lead >= self._FALLBACK_MARGIN:
            return Decision(ANSWER, guesses, 0.0)
        floor = ranked[0].rank - self._FALLBACK_WINDOW
        options = tuple(k for k in guesses if ranked[k].evidence >= self._FALLBACK_FLOOR and ranked[k].rank >= floor)
        if options and not obs.family:
            return Decision(CLARIFY, options[:MAX_OPTIONS], 0.0)
        return Decision(ESCALATE, guesses, 0.0)
