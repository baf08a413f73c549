"""What an admin's /reload says about the real, confirmed questions: which the edit fixes and which it breaks.

Pure formatting over `replay.ReplayReport`; the handler decides, with `replay.must_refuse`, whether the
edit is applied. Citizens' words (already masked when stored) are escaped and shortened here.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.learning.replay import NOW_CLARIFIED, NOW_MISSED, NOW_RIGHT, NOW_WRONG, Change, ReplayReport
from bot.render.telegram_html import escape

Translate = Callable[..., str]  # t(key, **values) in the staff language
EXAMPLES = 5
_QUOTE = 80


def replay_summary(st: Translate, report: ReplayReport) -> str:
    """One line: how many confirmed real questions the edit makes right, wrong, clarified or missed."""
    counts = report.counts
    if not report.changes:
        return st("learning.reload_no_real")
    return st(
        "learning.reload_real",
        total=len(report.changes),
        now_right=counts[NOW_RIGHT],
        now_wrong=counts[NOW_WRONG],
        now_clarified=counts[NOW_CLARIFIED],
        now_missed=counts[NOW_MISSED],
    )


def refusal(st: Translate, report: ReplayReport) -> str:
    """Why the edit was not applied: the questions answered right before and wrongly now, and how to force it."""
    lines = [st("learning.reload_refused", count=len(report.regressions)), replay_summary(st, report)]
    lines += [_example(st, change) for change in report.regressions[:EXAMPLES]]
    if len(report.regressions) > EXAMPLES:
        lines.append(st("digest.more", count=len(report.regressions) - EXAMPLES))
    lines.append(st("learning.reload_force_hint"))
    return "\n".join(lines)


def _example(st: Translate, change: Change) -> str:
    text = change.item.text if len(change.item.text) <= _QUOTE else change.item.text[: _QUOTE - 1] + "…"
    return st(
        "learning.reload_example",
        question=escape(text),
        entry=escape(change.item.entry),
        now=escape(change.after_top or "—"),
    )
