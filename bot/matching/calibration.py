"""Fitting the decision model on labelled questions, with cross-validation by file.

Pure Python (a few hundred questions, a dozen features: Newton's method on a 15x15 system is instant).
The procedure, so that the figures it reports are honest:
1. every labelled question is observed once (the scorer's evidence, see `decision.Observation`);
2. leave one file out: both models are fitted on the other files and predict the left-out file;
3. the thresholds are chosen on those out-of-fold predictions (answer: wrong answers at most
   `target_wrong` of all questions; option: most citizens helped per out-of-scope question offered topics);
4. the figures per left-out file at those thresholds are the cross-validated figures;
5. the final models are fitted on all files and stored with the chosen thresholds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.faq.model import DecisionModel, LogisticRule
from bot.matching.decision import (
    ANSWER,
    ANSWER_FEATURES,
    CLARIFY,
    OPTION_FEATURES,
    SIGNS,
    Observation,
    answer_features,
    choose,
    exact_first,
    option_features,
    sigmoid,
    tied_options,
    vague_options,
)
from bot.matching.matcher import Matcher

_OUT_OF_SCOPE = ANSWER_FEATURES.index("out_of_scope")
L2 = 1.0  # ridge penalty on standardised weights: keeps rare features from being trusted too much


@dataclass
class Sample:
    """One labelled question, observed."""

    source: str  # the file it came from (the unit of cross-validation)
    expect: str  # entry id or "none"
    ranked_ids: list[str]
    answer_x: list[float] | None  # None when nothing was shortlisted (always handed over)
    option_x: list[list[float]] = field(default_factory=list)
    vague: tuple[int, ...] = ()  # buttons of a one-word question (decision.vague_options)
    exact: int | None = None  # the question is an editor's phrasing of this shortlisted entry
    tied: tuple[int, ...] = ()  # entries the question cannot tell apart (decision.tied_options)


def observe(matcher: Matcher, source: str, items: Sequence[dict]) -> list[Sample]:
    """Samples for a labelled set; small talk and empty lines are decided before the model and skipped."""
    samples = []
    for item in items:
        text = item["text"]
        if not text.strip() or matcher.smalltalk(text) is not None:
            continue
        lang = matcher.detector.detect(text)
        obs: Observation = matcher.observe(text, lang)
        ranked = obs.evidence.ranked[:5]
        ids = [matcher.index.entry_ids[r.entry] for r in ranked]
        if not ranked:
            samples.append(Sample(source, item["expect"], ids, None))
            continue
        a = answer_features(obs, matcher.index)
        options = [option_features(obs, k, matcher.index) for k in range(len(ranked))]
        samples.append(
            Sample(
                source,
                item["expect"],
                ids,
                [a[name] for name in ANSWER_FEATURES],
                [[o[name] for name in OPTION_FEATURES] for o in options],
                vague_options(obs),
                obs.exact if not obs.family else None,
                tied_options(obs),
            )
        )
    return samples


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = L2) -> tuple[float, list[float]]:
    """(bias, weights) of a ridge-penalised logistic regression, by Newton's method on standardised features."""
    n, d = len(rows), len(rows[0])
    means = [sum(r[j] for r in rows) / n for j in range(d)]
    scales = [math.sqrt(sum((r[j] - means[j]) ** 2 for r in rows) / n) or 1.0 for j in range(d)]
    xs = [[1.0] + [(r[j] - means[j]) / scales[j] for j in range(d)] for r in rows]
    w = [0.0] * (d + 1)
    for _ in range(50):
        grad = [0.0] * (d + 1)
        hess = [[0.0] * (d + 1) for _ in range(d + 1)]
        for x, y in zip(xs, labels, strict=True):
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
            g, h = y - p, p * (1 - p)
            for i in range(d + 1):
                grad[i] += g * x[i]
                hx = h * x[i]
                row = hess[i]
                for j in range(i, d + 1):
                    row[j] += hx * x[j]
        for i in range(d + 1):
            for j in range(i):
                hess[i][j] = hess[j][i]
            if i:  # the bias is not penalised
                grad[i] -= l2 * w[i]
                hess[i][i] += l2
        step = _solve(hess, grad)
        w = [wi + si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    weights = [w[j + 1] / scales[j] for j in range(d)]
    bias = w[0] - sum(w[j + 1] * means[j] / scales[j] for j in range(d))
    return bias, weights


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the Hessian is positive definite thanks to the ridge)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


@dataclass(frozen=True)
class Fitted:
    answer: tuple[float, list[float]]
    option: tuple[float, list[float]]

    def rule(self, which: str, threshold: float) -> LogisticRule:
        bias, weights = self.answer if which == "answer" else self.option
        names = ANSWER_FEATURES if which == "answer" else OPTION_FEATURES
        return LogisticRule(bias, dict(zip(names, weights, strict=True)), threshold)


def fit(samples: Sequence[Sample]) -> Fitted:
    scored = [s for s in samples if s.answer_x is not None]
    answer = fit_signed(
        [s.answer_x for s in scored if s.answer_x],
        [int(s.ranked_ids[0] == s.expect) for s in scored],
        [SIGNS["answer"].get(name, 0) for name in ANSWER_FEATURES],
    )
    rows = [x for s in scored for x in s.option_x]
    labels = [int(i == s.expect) for s in scored for i in s.ranked_ids]
    return Fitted(answer, fit_signed(rows, labels, [SIGNS["option"].get(name, 0) for name in OPTION_FEATURES]))


def fit_signed(rows: list[list[float]], labels: list[int], signs: list[int]) -> tuple[float, list[float]]:
    """`fit_logistic` where a feature whose direction is known (`signs`: +1, -1, 0 for free) may not point the
    other way: such a feature is left out and the rest refitted. The sets are small; a weight that says
    "words the FAQ does not know make an answer safer" fits this data's quirks, not new questions."""
    keep = list(range(len(signs)))
    while True:
        bias, weights = fit_logistic([[r[j] for j in keep] for r in rows], labels)
        wrong = [j for j, w in zip(keep, weights, strict=True) if signs[j] * w < 0]
        if not wrong:
            full = [0.0] * len(signs)
            for j, w in zip(keep, weights, strict=True):
                full[j] = w
            return bias, full
        keep = [j for j in keep if j not in wrong]


def predict(fitted: Fitted, sample: Sample) -> tuple[float, list[float]]:
    """(answer probability, option probability per shortlisted entry)."""
    if sample.answer_x is None:
        return 0.0, []
    bias, weights = fitted.answer
    p = sigmoid(bias + sum(w * x for w, x in zip(weights, sample.answer_x, strict=True)))
    ob, ow = fitted.option
    return p, [sigmoid(ob + sum(w * x for w, x in zip(ow, row, strict=True))) for row in sample.option_x]


@dataclass
class Figures:
    """The score_match figures for the questions the model decides (small talk excluded)."""

    questions: int = 0
    in_scope: int = 0
    right: int = 0
    helped: int = 0
    wrong: int = 0
    none: int = 0
    none_answered: int = 0
    none_topics: int = 0
    lone: int = 0

    def add(self, sample: Sample, kind: str, shown: tuple[int, ...]) -> None:
        ids = [sample.ranked_ids[k] for k in shown]
        self.questions += 1
        if sample.expect == "none":
            self.none += 1
            self.none_answered += kind == ANSWER
            self.wrong += kind == ANSWER
            self.none_topics += kind == CLARIFY
            return
        self.in_scope += 1
        right = kind == ANSWER and ids[0] == sample.expect
        self.right += right
        self.wrong += kind == ANSWER and not right
        self.helped += right or (kind == CLARIFY and sample.expect in ids[:3])
        self.lone += kind == CLARIFY and ids == [sample.expect]

    def line(self) -> str:
        def pct(n: int, d: int) -> str:
            return f"{100.0 * n / d:5.1f}%" if d else "   n/a"

        return (
            f"n={self.questions:4}  right {pct(self.right, self.in_scope)}  helped {pct(self.helped, self.in_scope)}  "
            f"wrong {pct(self.wrong, self.questions)}  none_answered {pct(self.none_answered, self.none)}  "
            f"none_topics {pct(self.none_topics, self.none)}  lone {pct(self.lone, self.in_scope)}"
        )


Thresholds = tuple[float, float, float]  # answer, member (one button), offer (the buttons together)


def figures(samples: Sequence[Sample], probs: Sequence[tuple[float, list[float]]], th: Thresholds) -> Figures:
    out = Figures()
    for sample, (p, options) in zip(samples, probs, strict=True):
        if sample.exact is not None:
            out.add(sample, ANSWER, exact_first(sample.exact, len(sample.ranked_ids)))
            continue
        if sample.answer_x is not None and len(sample.answer_x) > _OUT_OF_SCOPE and sample.answer_x[_OUT_OF_SCOPE] > 0:
            p, options = 0.0, [0.0] * len(options)  # as Decider.decide: never answered, no buttons
        out.add(sample, *choose(p, options, *th, sample.vague, sample.tied))
    return out


def choose_thresholds(
    samples: Sequence[Sample], probs: Sequence[tuple[float, list[float]]], target_wrong: float, max_none_topics: float
) -> Thresholds:
    """The lowest answer threshold keeping wrong answers within target; then the button thresholds that help
    the most citizens, out-of-scope ones offered topics counting against, within `max_none_topics`."""
    grid = [i / 100 for i in range(5, 100)]
    ta = 0.99
    for t in reversed(grid):
        f = figures(samples, probs, (t, 1.0, 1.0))
        if f.wrong > target_wrong * f.questions:
            break
        ta = t
    best, member, offer = -math.inf, 0.5, 0.5
    for tm in [i / 100 for i in range(10, 60, 5)]:  # a button below 10 % would be an unrelated topic
        for ts in [i / 100 for i in range(10, 100, 5)]:
            f = figures(samples, probs, (ta, tm, ts))
            topics = f.none_topics / max(1, f.none)
            if topics > max_none_topics:
                continue
            # every citizen counts once: one helped by a button against one out-of-scope asker shown needless
            # topics; a one-button question the bot could have answered costs half a citizen (one extra tap)
            value = f.helped - 0.5 * f.lone - f.none_topics
            if value > best:
                best, member, offer = value, tm, ts
    return ta, member, offer


def cross_validate(samples: Sequence[Sample], folds: int = 0, seed: int = 7) -> list[tuple[float, list[float]]]:
    """Out-of-fold predictions. `folds=0`: each file predicted by models fitted on the other files (how the
    model does on a new kind of question). `folds=k`: k folds drawn within every file alike, so each fold
    holds questions of every kind (how it does on new questions of the kinds it has seen)."""
    groups = _folds(samples, folds, seed)
    probs: list[tuple[float, list[float]]] = [(0.0, [])] * len(samples)
    for group in sorted(set(groups)):
        fitted = fit([s for s, g in zip(samples, groups, strict=True) if g != group])
        for i, g in enumerate(groups):
            if g == group:
                probs[i] = predict(fitted, samples[i])
    return probs


def _folds(samples: Sequence[Sample], folds: int, seed: int) -> list[str]:
    if not folds:
        return [s.source for s in samples]
    rng = random.Random(seed)
    groups = [""] * len(samples)
    for source in sorted({s.source for s in samples}):
        members = [i for i, s in enumerate(samples) if s.source == source]
        rng.shuffle(members)
        for n, i in enumerate(members):
            groups[i] = f"fold{n % folds}"
    return groups


def model_from(fitted: Fitted, th: Thresholds) -> DecisionModel:
    return DecisionModel(answer=fitted.rule("answer", th[0]), option=fitted.rule("option", th[1]), offer=th[2])
