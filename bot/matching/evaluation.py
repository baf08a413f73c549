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


def load_set(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def judge(item: dict, out: dict) -> Verdict:
    ids = [c.get("id") for c in out.get("candidates") or []]
    decision = out.get("decision")
    expect = item["expect"]
    if expect == "none":
        return Verdict(False, wrong=decision == "answer", answered=decision == "answer")
    top1 = bool(ids) and ids[0] == expect
    right = decision == "answer" and top1
    clarified = decision == "clarify" and expect in ids[:3]
    return Verdict(
        True,
        right=right,
        helped=right or clarified,
        wrong=decision == "answer" and not top1,
        escalated=decision == "escalate",
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

    def line(self) -> str:
        return (
            f"helped {self.helped:.1%}  answered_right {self.answered_right:.1%}  "
            f"wrong_answers {self.wrong_answers:.1%}  none_answered {self.none_answered:.1%}  "
            f"language {self.language:.1%}"
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
    )


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
