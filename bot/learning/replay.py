"""Replaying real, confirmed questions through two versions of the FAQ.

The labelled sets in `eval` were written by people who knew the FAQ; the questions citizens really
asked, and that a person confirmed (see `records`), are the truer test. `eval --real` scores the
matcher on them, and `/reload` compares the old and the new FAQ on them before swapping: an edit
that makes the bot answer a question *wrongly* that it used to answer *right* is refused unless the
admin forces it, because a confident wrong answer is the one mistake a migrant cannot see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

from bot.learning.phrasing import phrasing_key
from bot.learning.records import QuestionRecord
from bot.matching.matcher import ANSWER, CLARIFY, Matcher, MatchResult
from bot.privacy.masking import PLACEHOLDERS

# what the bot does with a question whose right entry is known
RIGHT, CLARIFIED, WRONG, MISSED = "right", "clarified", "wrong", "missed"
# how that changes between the old and the new FAQ
NOW_RIGHT, NOW_CLARIFIED, NOW_WRONG, NOW_MISSED, UNCHANGED = (
    "now_right",
    "now_clarified",
    "now_wrong",
    "now_missed",
    "unchanged",
)
_CHANGE_OF = {RIGHT: NOW_RIGHT, CLARIFIED: NOW_CLARIFIED, WRONG: NOW_WRONG, MISSED: NOW_MISSED}


@dataclass(frozen=True)
class Confirmed:
    """A real question and the entry a person confirmed for it."""

    text: str
    lang: str
    entry: str
    record_ids: tuple[int, ...] = ()


def confirmed_pairs(records: Iterable[QuestionRecord], entries: Container[str] | None = None) -> list[Confirmed]:
    """One `Confirmed` per distinct question (same folded words, same entry), oldest text first.

    Conflicts are left out: a record confirmed for two entries, or the same question confirmed for
    different entries by different people. With `entries`, questions about removed entries too.
    Placeholders ("[PHONE]") are dropped from the text: they are not words a citizen would type.
    """
    groups: dict[str, list[QuestionRecord]] = {}
    owners: dict[str, set[str]] = {}
    for record in sorted(records, key=lambda r: (r.at, r.id)):
        entry = record.confirmed_entry
        if entry is None or (entries is not None and entry not in entries):
            continue
        key = phrasing_key(_without_placeholders(record.text))
        if not key:
            continue
        groups.setdefault(key, []).append(record)
        owners.setdefault(key, set()).add(entry)
    out = []
    for key, group in groups.items():
        if len(owners[key]) != 1:
            continue
        first = group[0]
        out.append(
            Confirmed(_without_placeholders(first.text), first.lang, owners[key].pop(), tuple(r.id for r in group))
        )
    return out


def as_eval_items(pairs: Iterable[Confirmed]) -> list[dict]:
    """The labelled-set format of `bot.matching.evaluation` ({"text", "lang", "expect"}), for `eval --real`."""
    return [{"text": p.text, "lang": p.lang, "expect": p.entry, "tags": ["real"]} for p in pairs]


def outcome(result: MatchResult, entry: str, offered: Sequence[str]) -> str:
    """RIGHT (answered with it), CLARIFIED (among the buttons), WRONG (answered with another) or MISSED."""
    best = result.best.entry_id if result.best else None
    if result.decision == ANSWER:
        return RIGHT if best == entry else WRONG
    if result.decision == CLARIFY and entry in offered:
        return CLARIFIED
    return MISSED


def judge(matcher: Matcher, item: Confirmed) -> tuple[str, MatchResult]:
    result = matcher.match(item.text, default_lang=item.lang)
    offered = [c.entry_id for c in matcher.clarify_options(result)] if result.decision == CLARIFY else []
    return outcome(result, item.entry, offered), result


@dataclass(frozen=True)
class Change:
    item: Confirmed
    before: str  # outcome with the old FAQ
    after: str  # outcome with the new FAQ
    after_decision: str
    after_top: str | None  # the new FAQ's best entry

    @property
    def kind(self) -> str:
        return UNCHANGED if self.before == self.after else _CHANGE_OF[self.after]

    @property
    def regression(self) -> bool:
        """Answered right before, answered with another entry now: the edit would mislead citizens."""
        return self.before == RIGHT and self.after == WRONG


@dataclass(frozen=True)
class ReplayReport:
    changes: tuple[Change, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Every change kind (NOW_RIGHT ... UNCHANGED) with its count, zeros included."""
        found = Counter(c.kind for c in self.changes)
        return {kind: found.get(kind, 0) for kind in (NOW_RIGHT, NOW_CLARIFIED, NOW_WRONG, NOW_MISSED, UNCHANGED)}

    def outcomes(self, after: bool = True) -> dict[str, int]:
        """How many questions are RIGHT / CLARIFIED / WRONG / MISSED with the new (or old) FAQ."""
        found = Counter(c.after if after else c.before for c in self.changes)
        return {kind: found.get(kind, 0) for kind in (RIGHT, CLARIFIED, WRONG, MISSED)}

    def examples(self, kind: str, limit: int = 5) -> list[Change]:
        return [c for c in self.changes if c.kind == kind][:limit]

    @property
    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]


def replay(pairs: Iterable[Confirmed], old: Matcher, new: Matcher) -> ReplayReport:
    """Each confirmed question through both matchers, in the given order."""
    changes = []
    for item in pairs:
        before, _ = judge(old, item)
        after, result = judge(new, item)
        top = result.best.entry_id if result.best else None
        changes.append(Change(item, before, after, result.decision, top))
    return ReplayReport(tuple(changes))


def must_refuse(report: ReplayReport, force: bool = False) -> bool:
    """Refuse the edit when a question answered right before is now answered with another entry.

    Answering fewer questions (clarify or escalate instead) is allowed: it costs a tap or a wait,
    never a wrong instruction. `force` is the admin's explicit override.
    """
    return bool(report.regressions) and not force


def _without_placeholders(text: str) -> str:
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    return " ".join(text.split())
