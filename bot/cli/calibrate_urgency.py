"""The urgent lane's part of `python -m bot calibrate`: fit faq/urgency_model.yaml on the sets' `urgent` labels.

Each set is predicted by a model fitted on the other sets (how it does on a new kind of message); the threshold is
chosen on those predictions, and the figures of the rules alone and of the model are printed side by side.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from bot.faq.model import Faq, LogisticRule
from bot.matching.analysis import Analyzer
from bot.matching.evaluation import load_set
from bot.matching.urgency import UrgencyDetector
from bot.matching.urgency_model import choose_threshold, features, fit, needed, probability


class Row(NamedTuple):
    source: str  # the set's file name
    found: frozenset[str]  # the model's features
    label: bool  # labelled urgent
    hit: bool  # the rules flagged it
    seen: bool  # a rule's cue is in it, whatever set it aside


def urgency_rows(faq: Faq, sets: Sequence[Path]) -> list[Row]:
    """Every message of the sets labelled `urgent`, read by the rules alone (the FAQ must carry no fitted model)."""
    english = Analyzer.from_faq(faq).english
    rules = UrgencyDetector(faq, english)
    rows: list[Row] = []
    for path in sets:
        for item in load_set(path):
            if not isinstance(item.get("urgent"), bool) or not isinstance(item.get("text"), str):
                continue
            found = rules.detect(item["text"])
            kind = found.kind if found else None
            seen = found is not None or rules.cue_seen(item["text"])
            rows.append(Row(path.name, features(item["text"], english, kind), item["urgent"], found is not None, seen))
    return rows


def figures(flags: Sequence[bool], labels: Sequence[bool]) -> str:
    tp = sum(1 for f, y in zip(flags, labels, strict=True) if f and y)
    urgent, flagged = sum(labels), sum(flags)
    return f"recall {tp / max(1, urgent):6.1%} ({tp}/{urgent})  precision {tp / max(1, flagged):6.1%} ({tp}/{flagged})"


def calibrate_urgency(rows: list[Row]) -> tuple[LogisticRule, list[str]] | None:
    """The model fitted on all rows with the threshold chosen out of fold, and the report; None without data."""
    sources = sorted({row.source for row in rows})
    if len(sources) < 2 or not any(row.label for row in rows):
        return None
    probs = [0.0] * len(rows)
    for source in sources:
        model = fit([(row.found, row.label) for row in rows if row.source != source])
        for i, row in enumerate(rows):
            if row.source == source:
                probs[i] = probability(model, row.found)
    labels = [row.label for row in rows]
    by_rules = [row.hit for row in rows]
    threshold = choose_threshold(probs, labels, by_rules, cues=[row.seen for row in rows])
    flags = [p >= needed(row.hit, row.seen, threshold) for p, row in zip(probs, rows, strict=True)]
    report = [
        f"urgent lane, leave one set out, {len(rows)} messages of {len(sources)} sets (threshold {threshold:.2f}):",
        f"  rules alone         {figures(by_rules, labels)}",
        f"  rules and model     {figures(flags, labels)}",
    ]
    return fit([(row.found, row.label) for row in rows], threshold), report


def model_yaml(model: LogisticRule, command: str, report: list[str]) -> str:
    lines = [
        "# The urgent lane's fitted model (bot/matching/urgency_model.py): a logistic model over a message's word",
        "# stems, pairs of stems and what the rules of urgent.yaml found. The message is urgent when",
        "# P = 1 / (1 + exp(-(bias + sum of the weights of its features))) reaches the threshold.",
        f"# Produced on {datetime.date.today().isoformat()} by:",
        f"#   {command}",
        "# Refit with the same command after editing urgent.yaml. Out-of-fold figures:",
        *[f"#   {line}" for line in report],
        f"threshold: {model.threshold:.2f}",
        f"bias: {model.bias:.4f}",
        "weights:",
    ]
    lines += [f"  {json.dumps(feature, ensure_ascii=False)}: {weight:.4f}" for feature, weight in model.weights.items()]
    return "\n".join(lines) + "\n"
