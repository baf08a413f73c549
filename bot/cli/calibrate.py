"""`python -m bot calibrate [SET ...] [--out FILE] [--urgency-only]`: fit the decision model and the urgent lane's
model on labelled sets.

Prints the cross-validated figures (each set predicted by a model fitted on the other sets) and writes
faq/decision_model.yaml and faq/urgency_model.yaml (bot/cli/calibrate_urgency.py). Refit after changing phrasings,
keywords, concepts, out-of-scope families or urgent.yaml: the models weigh the scorer's measurements and the
urgency rules' verdicts, and those move when the FAQ does.
Keep at least one labelled set out of the list, and score it afterwards: that is the honest figure.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from pathlib import Path

from bot.cli.calibrate_urgency import calibrate_urgency, model_yaml, urgency_rows
from bot.content import PROJECT_ROOT, faq_dir
from bot.faq.loader import load_faq
from bot.faq.model import DecisionModel, Faq
from bot.matching.calibration import (
    Sample,
    Thresholds,
    choose_thresholds,
    cross_validate,
    figures,
    fit,
    model_from,
    observe,
)
from bot.matching.evaluation import load_set
from bot.matching.matcher import Matcher
from bot.matching.text import text_key

SHARED = PROJECT_ROOT.parent / "shared"
TUNE = PROJECT_ROOT / "tests" / "eval" / "tune"
DEFAULT_SETS = (
    SHARED / "eval" / "dev.jsonl",
    PROJECT_ROOT / "tests" / "eval" / "holdout.jsonl",
    *(
        TUNE / f"{name}.jsonl"
        for name in ("stories", "mixed", "voice", "oos_near", "urgency", *(f"urgency{n}" for n in range(2, 7)))
    ),
    # questions written by people who never saw faq/, each scored once before it joined the tuning data
    *(TUNE / f"blind{n}.jsonl" for n in range(1, 24)),
    # a week of traffic each, as citizens would send it (with out-of-scope questions and one topic the FAQ lacks)
    *(TUNE / f"traffic{n}.jsonl" for n in range(1, 5)),
)
FOLDS = 5
# Wrong answers (in-scope wrong and out-of-scope answered) of all questions, out of fold. The blind sets make
# this honest. Against the earlier model (fitted on FAQ-like sets at 0.8 %), leave-one-set-out on the blind and
# traffic sets: right 81.3 -> 80.0 %, wrong 2.0 -> 1.6 %, out-of-scope answered 4.4 -> 2.9 % of them.
# At 1.5 % the sets written after it (final16 to final19, learn5) got 1.4 to 2.8 % wrong against the 1 % asked;
# leave one set out on 9,707 questions: answer threshold 0.82 -> right 89.5 %, wrong 1.5 %; 0.86 -> 88.0 %, 1.2 %;
# 0.90 -> 85.2 %, 0.9 %. 1.2 % trades 1.5 points of right answers for a fifth fewer wrong ones.
TARGET_WRONG = 0.012
MAX_NONE_TOPICS = 0.10  # out-of-scope questions offered FAQ topics, out of fold


def without_examples(faq: Faq, items: list[dict]) -> Faq:
    """The FAQ without the examples that are questions of this set (faq/examples.yaml is made from the labelled
    sets): a question must not meet itself as an example, or the model would learn to trust a closeness that
    new questions never have."""
    keys = {text_key(item.get("text", "")) for item in items}
    kept = {entry: tuple(t for t in texts if text_key(t) not in keys) for entry, texts in faq.examples.items()}
    return replace(faq, examples=kept)


def run_calibrate(paths: list[str], out: str | None, *, dry_run: bool = False, urgency_only: bool = False) -> int:
    sets = [Path(p) for p in paths] if paths else [p for p in DEFAULT_SETS if p.exists()]
    faq = load_faq(faq_dir(), decision_model=False)
    command = "python -m bot calibrate " + " ".join(shown(p) for p in sets)
    fitted = calibrate_urgency(urgency_rows(faq, sets))
    if fitted is not None:
        urgency, urgency_report = fitted
        print("\n".join(urgency_report))
        if not dry_run:
            target = (Path(out).parent if out else faq_dir()) / "urgency_model.yaml"
            target.write_text(model_yaml(urgency, command, urgency_report), encoding="utf-8")
            print(f"wrote {target}")
    if urgency_only:
        return 0
    samples: list[Sample] = []
    for path in sets:
        items = load_set(path)
        samples += observe(Matcher(without_examples(faq, items)), path.name, items)
    if len({s.source for s in samples}) < 2:
        print("calibrate needs at least two labelled sets (cross-validation leaves one out at a time)")
        return 2
    probs = cross_validate(samples, folds=FOLDS)
    th = choose_thresholds(samples, probs, TARGET_WRONG, MAX_NONE_TOPICS)
    print(f"thresholds chosen out of fold: answer {th[0]:.2f}  button {th[1]:.2f}  buttons together {th[2]:.2f}")
    report = [f"{FOLDS}-fold (every set split alike; each fold predicted by the model fitted on the rest):"]
    report += _per_set(samples, probs, th, [p.name for p in sets])
    report.append("leave one set out (each set predicted by the model fitted on the other sets):")
    report += _per_set(samples, cross_validate(samples), th, [p.name for p in sets])
    print("\n".join(report))
    model = model_from(fit(samples), th)
    target = Path(out) if out else faq_dir() / "decision_model.yaml"
    if dry_run:
        return 0
    target.write_text(_yaml(model, command, len(samples), report), encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _per_set(
    samples: list[Sample], probs: list[tuple[float, list[float]]], th: Thresholds, names: list[str]
) -> list[str]:
    lines = []
    for source in names:
        idx = [i for i, s in enumerate(samples) if s.source == source]
        lines.append(f"  {source:18} {figures([samples[i] for i in idx], [probs[i] for i in idx], th).line()}")
    lines.append(f"  {'all':18} {figures(samples, probs, th).line()}")
    return lines


def shown(path: Path) -> str:
    """The path as typed from the repository root (../shared may be a symbolic link: do not resolve it)."""
    return os.path.relpath(path.absolute(), PROJECT_ROOT)


def _yaml(model: DecisionModel, command: str, n: int, report: list[str]) -> str:
    lines = [
        "# The matcher's decision model: when to answer, and which topics are worth a button.",
        "# Fitted, not hand-written: two logistic models over the scorer's measurements (bot/matching/decision.py",
        "# names them). P = 1 / (1 + exp(-(bias + sum(weight * feature)))); the bot answers when the answer",
        "# model's P reaches its threshold. Otherwise an entry may be a button when the option model's P reaches",
        "# its threshold, and the buttons are shown when their P add up to `offer`; else the question goes to staff.",
        f"# Produced on {datetime.date.today().isoformat()} from {n} labelled questions by:",
        f"#   {command}",
        "# Refit with the same command after changing phrasings, keywords, concepts.yaml or out_of_scope.yaml.",
        "# Thresholds: the lowest answer threshold with wrong answers at most "
        f"{TARGET_WRONG:.1%} out of fold, then the",
        "# button thresholds that help most while out-of-scope questions rarely get buttons. Out-of-fold figures:",
        *[f"#   {r}" for r in report],
    ]
    lines.append(f"offer: {model.offer:.2f}")
    for name, rule in (("answer", model.answer), ("option", model.option)):
        lines += [f"{name}:", f"  threshold: {rule.threshold:.2f}", f"  bias: {rule.bias:.4f}", "  weights:"]
        lines += [f"    {feature}: {weight:.4f}" for feature, weight in rule.weights.items()]
    return "\n".join(lines) + "\n"
