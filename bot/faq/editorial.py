"""What an editor must look at besides hard errors: stale dated claims, doubtful review dates, long first screens.

These are not load errors: a claim that passed its check-by date yesterday does not make the FAQ unusable
today, and the bot must keep answering. So the loader only checks that dates are well formed, and the
judgement "is it due?" happens here, against a `today` the caller passes in (tests and editors can ask
"what will be due next month?").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

from bot.faq.model import CheckBy, Entry

# Characters a citizen reads before the first scroll on a small phone (≈ 12 lines of 40 characters).
FIRST_SCREEN_BUDGET = 500
# A claim due within this many days shows up in `review` as "soon".
SOON_DAYS = 60


@dataclass(frozen=True)
class Notice:
    """A warning for the editor at `location` ("file:line"); `check --strict` fails on any."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: warning: {self.message}"


@dataclass(frozen=True)
class DatedClaim:
    entry_id: str
    claim: CheckBy
    days_left: int  # negative once the date has passed

    @property
    def status(self) -> str:
        if self.days_left < 0:
            return "expired"
        return "soon" if self.days_left <= SOON_DAYS else "ok"


def parse_day(value: str) -> date | None:
    """An ISO date, or None (the loader has already reported a malformed one)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def dated_claims(entries: Iterable[Entry], today: date) -> list[DatedClaim]:
    """Every check_by claim with the days left until it must be re-checked, soonest first."""
    claims = [DatedClaim(e.id, c, (c.due - today).days) for e in entries for c in e.check_by]
    return sorted(claims, key=lambda d: (d.days_left, d.entry_id))


def date_notices(entries: Iterable[Entry], today: date) -> list[Notice]:
    """Claims past their check-by date, and review dates in the future (nobody can have checked yet)."""
    entries = list(entries)
    notices = [
        Notice(
            d.claim.location,
            f"entry {d.entry_id!r}: claim {d.claim.claim!r}"
            + (f" ({d.claim.source})" if d.claim.source else "")
            + f" was due to be re-checked by {d.claim.due.isoformat()} ({-d.days_left} day(s) ago):"
            " check it against the brief, fix the answer, then move the date",
        )
        for d in dated_claims(entries, today)
        if d.days_left < 0
    ]
    for entry in entries:
        reviewed = parse_day(entry.reviewed)
        if reviewed is not None and reviewed > today:
            notices.append(
                Notice(entry.source, f"entry {entry.id!r}: reviewed {entry.reviewed} is after today ({today})")
            )
    return notices


class _ScreenSplitter(HTMLParser):
    """Visible text of Telegram HTML, each piece marked hidden when it sits in a collapsed `<blockquote expandable>`."""

    def __init__(self, answer: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[bool, str]] = []
        self._depth = 0  # nesting inside an expandable quote
        self.feed(answer)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote" and (self._depth or any(name == "expandable" for name, _ in attrs)):
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        self.parts.append((self._depth > 0, data))


def first_screen(answer: str) -> str:
    """The visible text a citizen sees without expanding anything (tags removed, entities decoded)."""
    return "".join(text for hidden, text in _ScreenSplitter(answer).parts if not hidden).strip()


def whole_text(answer: str) -> str:
    """All visible text, expandable quotes opened."""
    return "".join(text for _, text in _ScreenSplitter(answer).parts).strip()
