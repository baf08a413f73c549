"""Matching figures on a labelled set, computed exactly as shared/tools/score_match.py does.

Editors run `python -m bot eval` after changing the FAQ; the figures must be the same ones the
project is judged by, so the definitions below mirror that script line for line in meaning.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

_LANG_OK = {"ky-latn": {"ky"}, "ru-latn": {"ru"}, "mixed": {"ky", "ru"}}


@dataclass(frozen=True)
class Verdict:
    in_scope: bool
    right: bool = False
    helped: bool = False
    wrong: bool = False
    answered: bool = False
    escalated: bool = False
    topics: bool = False  # an out-of-scope question offered FAQ topics as buttons
    lone: bool = False  # a one-topic clarify whose topic was the right one: the bot was right but not sure


def load_set(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judge(item: dict, out: dict) -> Verdict:
    ids = [c.get("id") for c in out.get("candidates") or []]
    decision = out.get("decision")
    expect = item["expect"]
    if expect == "none":
        return Verdict(False, wrong=decision == "answer", answered=decision == "answer", topics=decision == "clarify")
    top1 = bool(ids) and ids[0] == expect
    right = decision == "answer" and top1
    clarified = decision == "clarify" and expect in ids[:3]
    return Verdict(
        True,
        right=right,
        helped=right or clarified,
        wrong=decision == "answer" and not top1,
        escalated=decision == "escalate",
        lone=decision == "clarify" and ids == [expect],
    )


def language_right(item: dict, out: dict) -> bool:
    return out.get("lang") in _LANG_OK.get(item.get("lang", ""), {item.get("lang")})


@dataclass(frozen=True)
class Summary:
    questions: int
    helped: float
    answered_right: float
    wrong_answers: float
    none_answered: float
    escalated_in_scope: float
    language: float
    none_topics: float = 0.0
    lone_clarify: float = 0.0
    urgency: tuple[float, float] | None = None  # (recall, precision) when the set labels "urgent"

    def line(self) -> str:
        return (
            f"helped {self.helped:.1%}  answered_right {self.answered_right:.1%}  "
            f"wrong_answers {self.wrong_answers:.1%}  none_answered {self.none_answered:.1%}  "
            f"language {self.language:.1%}"
        )

    def second_line(self) -> str:
        """The scorer's second line: topics offered to out-of-scope questions, needless one-topic clarifies."""
        urgency = (
            f"  urgency recall {self.urgency[0]:.1%} precision {self.urgency[1]:.1%}"
            if self.urgency is not None
            else ""
        )
        return (
            f"out-of-scope offered topics {self.none_topics:.1%}  "
            f"one-topic clarify of a right answer {self.lone_clarify:.1%}{urgency}"
        )


def summarise(items: list[dict], outs: list[dict]) -> Summary:
    verdicts = [judge(i, o) for i, o in zip(items, outs, strict=True)]
    ins = [v for v in verdicts if v.in_scope]
    nones = [v for v in verdicts if not v.in_scope]
    return Summary(
        questions=len(items),
        helped=sum(v.helped for v in ins) / max(1, len(ins)),
        answered_right=sum(v.right for v in ins) / max(1, len(ins)),
        wrong_answers=sum(v.wrong for v in verdicts) / max(1, len(verdicts)),
        none_answered=sum(v.answered for v in nones) / max(1, len(nones)),
        escalated_in_scope=sum(v.escalated for v in ins) / max(1, len(ins)),
        language=sum(language_right(i, o) for i, o in zip(items, outs, strict=True)) / max(1, len(items)),
        none_topics=sum(v.topics for v in nones) / max(1, len(nones)),
        lone_clarify=sum(v.lone for v in ins) / max(1, len(ins)),
        urgency=_urgency(items, outs),
    )


def _urgency(items: list[dict], outs: list[dict]) -> tuple[float, float] | None:
    labelled = [(i, o) for i, o in zip(items, outs, strict=True) if "urgent" in i and "urgent" in o]
    if not labelled:
        return None
    hits = sum(1 for i, o in labelled if i["urgent"] and o["urgent"])
    recall = hits / max(1, sum(1 for i, _ in labelled if i["urgent"]))
    precision = hits / max(1, sum(1 for _, o in labelled if o["urgent"]))
    return recall, precision


def breakdown(items: list[dict], outs: list[dict]) -> list[tuple[str, int, float | None, float | None, float]]:
    """(group, n, helped, right, wrong) per language and per tag; helped/right are None without in-scope items."""
    groups: dict[str, list[tuple[dict, Verdict]]] = defaultdict(list)
    for item, out in zip(items, outs, strict=True):
        v = judge(item, out)
        groups["lang:" + item.get("lang", "?")].append((item, v))
        for tag in item.get("tags", []):
            groups["tag:" + tag].append((item, v))
    rows = []
    for name in sorted(groups):
        pairs = groups[name]
        ins = [v for _, v in pairs if v.in_scope]
        n_in = len(ins)
        rows.append(
            (
                name,
                len(pairs),
                sum(v.helped for v in ins) / n_in if n_in else None,
                sum(v.right for v in ins) / n_in if n_in else None,
                sum(v.wrong for _, v in pairs) / len(pairs),
            )
        )
    return rows
