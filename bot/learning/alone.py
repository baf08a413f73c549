"""Entries the bot may answer at once when the matcher offers them alone (`learned.yaml` `answer_when_alone`).

A clarify with one button is the bot being right but unsure: the citizen reads "Did you mean …?" and presses
the only option. When real citizens did exactly that for an entry every time it was offered alone (and no one
pressed "none of these" and got another answer from staff), the question costs them a needless tap. `learn`
suggests such entries with their evidence; `learn --apply` lists the accepted ones in faq/learned.yaml, which
the matcher's decider reads. Phrasings teach the matcher words; this teaches it when it may stop asking, which
carries over to questions worded in ways nobody has seen yet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.learning.records import CLARIFY, QuestionRecord

LEARNED_FILE = "learned.yaml"
KEY = "answer_when_alone"
MIN_CONFIRMED = 2  # confirmations an entry needs before the bot stops asking about it

_HEADER = """\
# What real questions taught the bot. Written by `python -m bot learn --apply`; editors may delete a line.
#
# answer_when_alone: entries the bot answers at once when the matcher offers them as the only button.
# Every citizen who was offered such an entry alone confirmed it (picked it, or staff answered with it),
# none rejected it, so asking first only cost them a tap. `confirmed` counts them, `learned` is the date.
# Delete a line to make the bot ask again. A question that carries an out-of-scope cue is never answered.
"""


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


_KEY_LINE = re.compile(rf"^{KEY}:[ \t]*(\{{\}})?[ \t]*(#.*)?$", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)


def add_alone(source: str | None, entries: dict[str, int], today: date) -> str:
    """learned.yaml's text with `entries` (id -> confirmed) added under answer_when_alone, each on its own line.

    Only lines are added: the file's comments and the lines already there stay as they are. A missing file (None)
    or one without the key gets the header and the key.
    """
    lines = "".join(
        f"  {entry}: {{confirmed: {count}, learned: {today.isoformat()}}}\n" for entry, count in entries.items()
    )
    if source is None or not source.strip():
        return f"{_HEADER}{KEY}:\n{lines}"
    found = _KEY_LINE.search(source)
    if found is None:
        return f"{source.rstrip(chr(10))}\n{KEY}:\n{lines}"
    if found.group(1):  # "answer_when_alone: {}": the first entries
        return f"{source[: found.start()]}{KEY}:\n{lines}{source[found.end() :].lstrip(chr(10))}"
    after = _TOP_LEVEL.search(source, found.end())
    end = after.start() if after else len(source)
    block = source[:end].rstrip("\n") + "\n"
    return f"{block}{lines}{source[end:]}"


def learned_path(faq_dir: Path) -> Path:
    return faq_dir / LEARNED_FILE
