"""The decision rule and its fitting: answer when sure, offer only plausible topics, else hand over."""

import math
import random

from bot.matching.calibration import Figures, Sample, choose_thresholds, figures, fit_logistic, fit_signed
from bot.matching.decision import ANSWER, CLARIFY, ESCALATE, MAX_OPTIONS, choose


def test_a_confident_best_entry_is_answered():
    assert choose(0.97, [0.9, 0.05], answer=0.9, member=0.1, offer=0.5) == (ANSWER, (0, 1))


def test_an_unsure_best_entry_is_offered_with_its_plausible_neighbours_only():
    kind, shown = choose(0.6, [0.55, 0.3, 0.02, 0.01], answer=0.9, member=0.1, offer=0.5)
    assert kind == CLARIFY and shown == (0, 1)  # the 2 % and 1 % topics are not buttons


def test_several_equally_likely_topics_are_offered_together():
    """ "запрет": four entry-ban topics at ~25 % each; none is sure, yet one of them is almost surely meant."""
    kind, shown = choose(0.3, [0.26, 0.25, 0.24, 0.22], answer=0.9, member=0.1, offer=0.6)
    assert kind == CLARIFY and len(shown) == MAX_OPTIONS


def test_nothing_plausible_goes_to_staff():
    assert choose(0.2, [0.08, 0.05], answer=0.9, member=0.1, offer=0.5)[0] == ESCALATE
    assert choose(0.2, [0.2, 0.15], answer=0.9, member=0.1, offer=0.5)[0] == ESCALATE  # together too unlikely


def test_logistic_fit_learns_the_direction_and_the_boundary():
    rng = random.Random(1)
    xs = [[rng.uniform(-3, 3), rng.uniform(-3, 3)] for _ in range(400)]
    ys = [int(x[0] > 0.5) for x in xs]  # only the first feature matters, boundary at 0.5
    bias, (w0, w1) = fit_logistic(xs, ys, l2=0.01)
    assert w0 > 3 * abs(w1)
    assert abs(-bias / w0 - 0.5) < 0.25  # where P = 1/2


def test_ridge_penalty_shrinks_weights():
    rng = random.Random(2)
    xs = [[rng.gauss(0, 1)] for _ in range(200)]
    ys = [int(x[0] + rng.gauss(0, 1) > 0) for x in xs]
    _, (loose,) = fit_logistic(xs, ys, l2=0.01)
    _, (tight,) = fit_logistic(xs, ys, l2=100.0)
    assert 0 < tight < loose


def _sample(expect: str, top: str) -> Sample:
    return Sample("set", expect, [top, "other"], [0.0], [[0.0], [0.0]])


def test_thresholds_keep_wrong_answers_within_the_target():
    # 100 questions: right ones get high answer probabilities, two wrong ones 0.8 and 0.95
    samples = [_sample("a", "a") for _ in range(98)] + [_sample("a", "b"), _sample("none", "b")]
    probs = [(0.9 + i / 1000, [0.9, 0.05]) for i in range(98)] + [(0.8, [0.5, 0.1]), (0.95, [0.5, 0.1])]
    answer, _, _ = choose_thresholds(samples, probs, target_wrong=0.0, max_none_topics=1.0)
    assert answer > 0.95  # no wrong answer allowed: above both wrong ones
    f: Figures = figures(samples, probs, (answer, 0.1, 0.5))
    assert f.wrong == 0 and f.right > 0
    loose, _, _ = choose_thresholds(samples, probs, target_wrong=0.011, max_none_topics=1.0)
    assert 0.8 < loose <= 0.95 and not math.isclose(loose, answer)  # one wrong answer in 100 allowed


def test_a_feature_with_a_known_direction_never_points_the_other_way():
    """On this data more 'unknown words' go with right answers; the fit must not learn that."""
    rng = random.Random(3)
    xs = [[rng.uniform(0, 1), rng.uniform(0, 1)] for _ in range(300)]
    ys = [int(x[0] + 0.8 * x[1] + rng.gauss(0, 0.2) > 0.9) for x in xs]
    _, (_, free_unknown) = fit_signed(xs, ys, [0, 0])
    assert free_unknown > 0  # unconstrained, the spurious direction is learnt
    _, (signal, unknown) = fit_signed(xs, ys, [0, -1])
    assert unknown == 0.0 and signal > 0
