"""Entries the bot may answer at once when the matcher offers them alone (`learned.yaml` `answer_when_alone`).

A clarify with one button is the bot being right but unsure: the citizen reads "Did you mean …?" and presses
the only option. When real citizens did exactly that for an entry every time it was offered alone (and no one
pressed "none of these" and got another answer from staff), the question costs them a needless tap. `learn`
suggests such entries with their evidence; `learn --apply` lists the accepted ones in faq/learned.yaml, which
the matcher's decider reads. Phrasings teach the matcher words; this teaches it when it may stop asking, which
carries over to questions worded in ways nobody has seen yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.learning.learned_file import add_under
from bot.learning.records import CLARIFY, QuestionRecord

KEY = "answer_when_alone"
# Confirmations an entry needs before the bot stops asking about it. A one-button clarify offers the right entry
# about 7 times in 10 on the blind sets (208 of 310), so two confirmations prove little: on learn3's learning curve
# (B -> A) two entries learned from two each then answered questions they did not fit. Five without a rejection
# make an entry's own rate clearly better than that base rate.
MIN_CONFIRMED = 5


@dataclass(frozen=True)
class AloneSuggestion:
    entry: str
    confirmed: int  # questions offered this entry alone that a person confirmed for it
    record_ids: tuple[int, ...]


def suggest_alone(
    records: Iterable[QuestionRecord], known: frozenset[str], min_confirmed: int = MIN_CONFIRMED
) -> list[AloneSuggestion]:
    """Entries offered alone at least `min_confirmed` times, confirmed every time and never rejected.

    Rejected: the citizen asked for an officer instead ("none of these") and nobody confirmed the entry, or a
    person confirmed another entry. A citizen who simply left says nothing either way. `known` are the entries
    learned.yaml already lists.
    """
    confirmed: dict[str, list[int]] = defaultdict(list)
    rejected: set[str] = set()
    for record in records:
        if record.decision != CLARIFY or len(record.candidates) != 1:
            continue
        entry = record.candidates[0][0]
        if record.confirmed_entry == entry:
            confirmed[entry].append(record.id)
        elif record.confirmations() or record.unanswered:
            rejected.add(entry)
    found = [
        AloneSuggestion(entry, len(ids), tuple(sorted(ids)))
        for entry, ids in confirmed.items()
        if len(ids) >= min_confirmed and entry not in rejected and entry not in known
    ]
    return sorted(found, key=lambda s: (-s.confirmed, s.entry))


def add_alone(source: str | None, entries: dict[str, int], today: date) -> str:
    """learned.yaml's text with `entries` (id -> confirmed) added under answer_when_alone, each on its own line."""
    lines = "".join(
        f"  {entry}: {{confirmed: {count}, learned: {today.isoformat()}}}\n" for entry, count in entries.items()
    )
    return add_under(source, KEY, lines)
