"""`python -m bot review [--json]`: the editor's report on the FAQ's freshness and shape.

`check` answers "can the bot use this FAQ?"; `review` answers "what should an editor look at next?":
entries by the date somebody last checked them, dated claims that expired or expire soon, claims with no
source key, answers whose first screen is too long for a cheap phone, and missing languages. It works on a
broken FAQ too (an editor mid-translation wants the report most), and `--json` gives tools the same data.
"""

from __future__ import annotations

import json
import statistics
import textwrap
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TextIO

from bot.content import faq_dir, topics_file
from bot.faq.editorial import FIRST_SCREEN_BUDGET, SOON_DAYS, dated_claims, first_screen, parse_day, whole_text
from bot.faq.loader import FaqScan, read_topic_ids, scan_faq
from bot.faq.model import LANGUAGES

URGENT_FILE = "urgent_answers.yaml"


@dataclass(frozen=True)
class ReviewRow:
    entry: str
    reviewed: str
    days_ago: int | None  # None when the date is missing or malformed
    location: str


@dataclass(frozen=True)
class ClaimRow:
    entry: str
    due: str
    days_left: int
    status: str  # expired | soon | ok
    source: str
    claim: str
    location: str


@dataclass(frozen=True)
class Finding:
    """One thing to fix: what it is about, what is wrong, where."""

    subject: str
    issue: str
    location: str


@dataclass(frozen=True)
class AnswerLength:
    subject: str  # entry id, or "urgent:<kind>"
    lang: str
    first_screen: int
    whole: int
    location: str


@dataclass(frozen=True)
class LengthFigures:
    n: int
    first_median: float
    first_max: int
    whole_median: float
    whole_max: int


@dataclass
class Report:
    today: str
    budget: int
    entries: int
    problems: int
    reviews: list[ReviewRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    unsourced: list[Finding] = field(default_factory=list)
    over_budget: list[AnswerLength] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)
    lengths: dict[str, LengthFigures] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


def build_report(scan: FaqScan, today: date, budget: int = FIRST_SCREEN_BUDGET, urgent_dir: str = "") -> Report:
    """The whole report from one scan of faq/ (pure: no I/O, so tests build it from a temporary FAQ)."""
    entries = list(scan.entries.values())
    report = Report(today.isoformat(), budget, len(entries), len(scan.problems))
    for entry in entries:
        reviewed = parse_day(entry.reviewed)
        report.reviews.append(
            ReviewRow(entry.id, entry.reviewed, (today - reviewed).days if reviewed else None, entry.source)
        )
        if not entry.sources:
            report.unsourced.append(Finding(entry.id, "the entry lists no sources", entry.source))
        for claim in entry.check_by:
            if not claim.source:
                report.unsourced.append(Finding(entry.id, f"claim {claim.claim!r} has no source key", claim.location))
        if lacking := [lang for lang in LANGUAGES if lang not in entry.texts]:
            report.missing.append(Finding(entry.id, f"no {', '.join(lacking)}", entry.source))
    report.reviews.sort(key=lambda r: (-(r.days_ago if r.days_ago is not None else 10**6), r.entry))
    report.claims = [
        ClaimRow(
            d.entry_id, d.claim.due.isoformat(), d.days_left, d.status, d.claim.source, d.claim.claim, d.claim.location
        )
        for d in dated_claims(entries, today)
    ]
    urgent_file = f"{urgent_dir}/{URGENT_FILE}" if urgent_dir else URGENT_FILE
    for kind, texts in scan.urgent_answers.items():
        if lacking := [lang for lang in LANGUAGES if lang not in texts]:
            report.missing.append(Finding(f"urgent:{kind}", f"no {', '.join(lacking)}", urgent_file))
    for rule in scan.urgent:
        if rule.kind not in scan.urgent_answers:
            report.missing.append(
                Finding(
                    f"urgent:{rule.kind}",
                    f"no urgent answer: falls back to the answer of {rule.entry_id!r}",
                    urgent_file,
                )
            )
    measured = list(_measure(scan, urgent_file))
    report.over_budget = sorted(
        (m for m in measured if m.first_screen > budget), key=lambda m: (-m.first_screen, m.subject, m.lang)
    )
    for column in (*LANGUAGES, "urgent"):  # FAQ answers per language, then all urgent answers together
        rows = [m for m in measured if _column(m) == column]
        if rows:
            report.lengths[column] = _figures(rows)
    return report


def _column(length: AnswerLength) -> str:
    return "urgent" if length.subject.startswith("urgent:") else length.lang


def _measure(scan: FaqScan, urgent_file: str) -> Iterable[AnswerLength]:
    for entry in scan.entries.values():
        for lang, text in entry.texts.items():
            yield AnswerLength(
                entry.id, lang, len(first_screen(text.answer)), len(whole_text(text.answer)), entry.source
            )
    for kind, texts in scan.urgent_answers.items():
        for lang, answer in texts.items():
            yield AnswerLength(f"urgent:{kind}", lang, len(first_screen(answer)), len(whole_text(answer)), urgent_file)


def _figures(rows: list[AnswerLength]) -> LengthFigures:
    firsts = [r.first_screen for r in rows]
    wholes = [r.whole for r in rows]
    return LengthFigures(len(rows), statistics.median(firsts), max(firsts), statistics.median(wholes), max(wholes))


# ---- terminal output ------------------------------------------------------------------------------


def render_text(report: Report) -> str:
    """The report for a person at a terminal: one heading per question an editor asks, "none" when all is well."""
    out: list[str] = []
    state = f"{report.problems} problem(s): run `python -m bot check`" if report.problems else "check: no problems"
    out.append(f"FAQ review, {report.today}: {report.entries} entries; {state}")

    out.append("\nReview dates (oldest first)")
    by_date: dict[str, list[ReviewRow]] = {}
    for row in report.reviews:
        by_date.setdefault(row.reviewed or "(none)", []).append(row)
    for reviewed, rows in by_date.items():
        age = "date not valid" if rows[0].days_ago is None else f"{rows[0].days_ago} day(s) ago"
        out.append(f"  {reviewed:<10}  {age:<15} {len(rows):>3} entr{'y' if len(rows) == 1 else 'ies'}:")
        out.extend(
            textwrap.wrap(
                ", ".join(r.entry for r in rows),
                96,
                initial_indent="      ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
        )

    due = [c for c in report.claims if c.status != "ok"]
    later = len(report.claims) - len(due)
    out.append(f"\nDated claims expired or due within {SOON_DAYS} days: {len(due) or 'none'}; {later} due later")
    for c in due:
        when = f"{-c.days_left} day(s) ago" if c.days_left < 0 else f"in {c.days_left} day(s)"
        out.append(f"  {c.status.upper():<7} {c.due} ({when})  {c.entry}  [{c.source or 'no source'}]")
        out.append(f"          {c.claim}  ({c.location})")

    out.extend(_findings("Claims without a source key", report.unsourced))

    out.append(
        f"\nAnswers over the first-screen budget ({report.budget} characters): {len(report.over_budget) or 'none'}"
    )
    for m in report.over_budget:
        out.append(f"  {m.subject:<24} {m.lang}  first screen {m.first_screen:>4}, whole {m.whole:>4}  ({m.location})")

    out.extend(_findings("Missing languages and urgent answers", report.missing))

    out.append("\nAnswer length, visible characters (first screen = before any expandable quote)")
    out.append(f"  {'':<7} {'n':>3}   {'first screen':>18}   {'whole answer':>18}")
    out.append(f"  {'':<7} {'':>3}   {'median':>8} {'max':>9}   {'median':>8} {'max':>9}")
    for column, f in report.lengths.items():
        first, whole = f"{f.first_median:>8.0f} {f.first_max:>9}", f"{f.whole_median:>8.0f} {f.whole_max:>9}"
        out.append(f"  {column:<7} {f.n:>3}   {first}   {whole}")
    return "\n".join(out) + "\n"


def _findings(title: str, findings: list[Finding]) -> list[str]:
    lines = [f"\n{title}: {len(findings) or 'none'}"]
    lines.extend(f"  {f.subject:<24} {f.issue}  ({f.location})" for f in findings)
    return lines


def run_review(out: TextIO, as_json: bool = False, today: date | None = None, budget: int | None = None) -> int:
    topics = topics_file()
    folder = faq_dir()
    scan = scan_faq(folder, read_topic_ids(topics) if topics else [])
    report = build_report(scan, today or date.today(), budget or FIRST_SCREEN_BUDGET, str(folder))
    out.write(report.to_json() + "\n" if as_json else render_text(report))
    return 0
