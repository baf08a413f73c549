"""The weekly digest for staff and editors: what citizens asked, what the bot did, what it is missing.

Built from plain inputs (`DigestData`, which `digest_data` computes from records) so the lead's job
only schedules it and sends the result: `digest_text` gives one Telegram-HTML message (every
citizen's word escaped, at most 4096 characters, in ky / ru / en through the UI translator) and
`bot.learning.chart.digest_chart` the picture of questions per day.

The locale keys used, and the values each receives, are listed in `DIGEST_KEYS`.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from bot.faq.model import Faq
from bot.learning.cluster import Cluster, cluster_questions
from bot.learning.records import ANSWER, CLARIFY, DECISIONS, ESCALATE, OUT_OF_SCOPE, URGENT, QuestionRecord
from bot.learning.suggest import EntryIssue, entry_issues

Translate = Callable[..., str]  # t(lang, key, **values), as bot.domain.i18n.Translator.t
# every locale key the digest text and chart use, with the values each template receives
DIGEST_KEYS: dict[str, tuple[str, ...]] = {
    "digest.title": ("start", "end"),
    "digest.totals": ("total", *DECISIONS),
    "digest.languages": ("languages",),
    "digest.self_served": ("share", "count", "total"),
    "digest.topics_title": (),
    "digest.topic_line": ("size", "languages", "example"),
    "digest.entries_title": (),
    "digest.entry_line": ("question", "down", "shown"),
    "digest.nothing": (),
    "digest.more": ("count",),
    "digest.chart_title": ("start", "end"),
    "digest.chart_answered": (),
    "digest.chart_clarified": (),
    "digest.chart_escalated": (),
    "digest.chart_day": (),
    "digest.chart_count": (),
}
BISHKEK = timezone(timedelta(hours=6))
MAX_MESSAGE = 4096
EXAMPLE_CHARS = 90


@dataclass(frozen=True)
class DayCounts:
    day: date
    counts: dict[str, int] = field(default_factory=dict)  # decision -> questions that day

    @property
    def answered(self) -> int:
        return self.counts.get(ANSWER, 0)

    @property
    def clarified(self) -> int:
        return self.counts.get(CLARIFY, 0)

    @property
    def escalated(self) -> int:
        """Everything the FAQ did not settle by itself: escalated, urgent and out-of-scope questions."""
        return sum(self.counts.get(d, 0) for d in (ESCALATE, URGENT, OUT_OF_SCOPE))


@dataclass(frozen=True)
class DigestData:
    start: date
    end: date  # inclusive
    days: tuple[DayCounts, ...]
    languages: dict[str, int]
    total: int
    without_staff: int  # settled by the bot alone: answered (no 👎) or a clarify option picked, no ticket
    topics: tuple[Cluster, ...] = ()
    worst: tuple[EntryIssue, ...] = ()  # entries with the most 👎, most first

    @property
    def self_served_share(self) -> float:
        return self.without_staff / self.total if self.total else 0.0


def digest_data(
    records: Iterable[QuestionRecord], faq: Faq, end: date, days: int = 7, tz: timezone = BISHKEK, top: int = 5
) -> DigestData:
    """Counts for the `days` days ending with `end` (local dates in `tz`, Bishkek by default)."""
    start = end - timedelta(days=days - 1)
    picked = [r for r in records if start <= datetime.fromtimestamp(r.at, tz).date() <= end]
    per_day: dict[date, Counter[str]] = {start + timedelta(days=i): Counter() for i in range(days)}
    for r in picked:
        per_day[datetime.fromtimestamp(r.at, tz).date()][r.decision] += 1
    without_staff = sum(
        1
        for r in picked
        if r.ticket_id is None
        and ((r.decision == ANSWER and r.feedback >= 0) or (r.decision == CLARIFY and r.picked_entry))
    )
    worst = [i for i in entry_issues(picked, min_count=1, down_rate=0.0) if i.thumbs_down]
    worst.sort(key=lambda i: (-i.thumbs_down, -i.down_rate, i.entry))
    return DigestData(
        start,
        end,
        tuple(DayCounts(day, dict(c)) for day, c in per_day.items()),
        dict(Counter(r.lang for r in picked).most_common()),
        len(picked),
        without_staff,
        tuple(cluster_questions([r for r in picked if r.unanswered], faq)[:top]),
        tuple(worst[:top]),
    )


def digest_text(data: DigestData, lang: str, t: Translate, faq: Faq | None = None) -> str:
    """The digest message in `lang`: Telegram HTML, citizens' words escaped, at most 4096 characters."""
    totals = Counter[str]()
    for day in data.days:
        totals.update(day.counts)
    head = [
        t(lang, "digest.title", start=_day(data.start), end=_day(data.end)),
        t(lang, "digest.totals", total=data.total, **{d: totals.get(d, 0) for d in DECISIONS}),
        t(lang, "digest.languages", languages=_languages(data.languages)),
        t(
            lang,
            "digest.self_served",
            share=f"{data.self_served_share:.0%}",
            count=data.without_staff,
            total=data.total,
        ),
    ]
    topics = [
        t(
            lang,
            "digest.topic_line",
            size=c.size,
            languages=_languages(c.languages),
            example=_escape(c.examples(1)[0].text if c.records else ""),
        )
        for c in data.topics
    ]
    entries = [
        t(
            lang,
            "digest.entry_line",
            question=_escape(_question(faq, i.entry, lang)),
            down=i.thumbs_down,
            shown=i.shown,
        )
        for i in data.worst
    ]
    nothing = t(lang, "digest.nothing")

    def listed(title: str, lines: list[str], keep: int) -> str:
        shown = lines[:keep] or [nothing]
        if len(lines) > keep:
            shown.append(t(lang, "digest.more", count=len(lines) - keep))
        return "\n".join([t(lang, title), *shown])

    text = ""
    for keep in range(max(len(topics), len(entries)), -1, -1):  # drop the last lines until it fits
        text = "\n\n".join(
            [
                "\n".join(head),
                listed("digest.topics_title", topics, keep),
                listed("digest.entries_title", entries, keep),
            ]
        )
        if len(text) <= MAX_MESSAGE:
            return text
    return text[:MAX_MESSAGE]  # pragma: no cover - the header alone never fills a message


def _day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _languages(counts: dict[str, int]) -> str:
    return ", ".join(f"{html.escape(lang)} {n}" for lang, n in counts.items()) or "—"


def _escape(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > EXAMPLE_CHARS:
        text = text[: EXAMPLE_CHARS - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def _question(faq: Faq | None, entry_id: str, lang: str) -> str:
    if faq is not None and entry_id in faq.entries:
        return faq.entry(entry_id).text(lang).question
    return entry_id
