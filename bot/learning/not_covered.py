"""Questions staff marked "new topic", kept so that the bot stops guessing at their like (learned.yaml `not_covered`).

A new topic cluster (`cluster`) waits for an editor to write an entry, which takes days. Meanwhile every
citizen who asks the same thing gets the nearest FAQ topic, sometimes as a confident wrong answer. Staff have
already said, question by question, that no entry answers these: `learn` suggests their masked texts, and
`learn --apply` lists the accepted ones in faq/learned.yaml, where the matcher reads them
(`bot.matching.not_covered`): a question closer to one of them than to any phrasing gets the out-of-scope reply.

Left out: questions the bot already treats as out of scope (an out_of_scope.yaml family covers them),
texts with masked personal data, texts over the phrasing length limit, texts already listed, and an entry's
own phrasing (staff and the FAQ disagree there: the entry's editors decide).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.faq.model import LANGUAGES, Faq
from bot.learning.learned_file import add_under
from bot.learning.phrasing import existing_phrasings, phrasing_key, tidy, unusable_reason
from bot.learning.records import QuestionRecord
from bot.matching.matcher import Matcher

KEY = "not_covered"


@dataclass(frozen=True)
class NotCoveredSuggestion:
    text: str
    lang: str
    count: int  # questions behind it (the same words)
    record_ids: tuple[int, ...]
    bot_now: str  # what the bot does with the text today


def suggest_not_covered(records: Iterable[QuestionRecord], faq: Faq, matcher: Matcher) -> list[NotCoveredSuggestion]:
    """Texts staff marked "new topic" that the bot does not yet send to the out-of-scope reply, most asked first."""
    known = {phrasing_key(text) for text in faq.not_covered} | set(existing_phrasings(faq))  # an entry's own words
    groups: dict[str, list[QuestionRecord]] = defaultdict(list)
    for record in records:
        if record.new_topic and record.lang in LANGUAGES and unusable_reason(record.text) is None:
            key = phrasing_key(record.text)
            if key not in known:
                groups[key].append(record)
    out = []
    for members in groups.values():
        wordings = Counter(tidy(r.text) for r in members)
        text = wordings.most_common(1)[0][0]
        lang = Counter(r.lang for r in members).most_common(1)[0][0]
        result = matcher.match(text, default_lang=lang)
        if result.out_of_scope:
            continue
        best = result.best.entry_id if result.best else ""
        bot_now = f"{result.decision}: {best}" if best else result.decision
        out.append(NotCoveredSuggestion(text, lang, len(members), tuple(sorted(r.id for r in members)), bot_now))
    return sorted(out, key=lambda s: (-s.count, s.record_ids))


def add_not_covered(source: str | None, items: list[tuple[str, str]], today: date) -> str:
    """learned.yaml's text with `items` (text, lang) added under not_covered, one line each."""
    lines = "".join(
        f"  - {{text: {json.dumps(text, ensure_ascii=False)}, lang: {lang}, learned: {today.isoformat()}}}\n"
        for text, lang in items
    )
    return add_under(source, KEY, lines)
