"""Suggestions for FAQ editors from what citizens really asked (`python -m bot learn`).

Four kinds, written to a review file (`bot.learning.review` defines its YAML schema):

- **new phrasings**: questions a person confirmed for an entry (see `records`) that the bot did not
  answer with that entry by itself. Adding them teaches the matcher the citizens' own words. Left
  out: questions the bot already answers right (nothing to learn), texts whose words are already a
  phrasing anywhere in the FAQ (`bot check` would refuse a duplicate), masked texts ("[PHONE]"),
  texts over the FAQ's 200-character limit, and questions confirmed for two entries (a conflict is
  reported instead, so an editor can see which entries citizens confuse). Identical and
  near-identical questions are one suggestion with a count, so editors read each idea once.
- **new topics**: clusters of unanswered questions (`cluster`), never applied automatically: an
  entry needs an answer an editor writes.
- **not covered**: questions staff marked "new topic", so that until that entry exists the bot gives their
  like the out-of-scope reply instead of guessing (`not_covered`).
- **entries in trouble**: answers often rated 👎, answers later corrected by staff, and clarify
  buttons where the citizen passed over the first option for another one, with counts and rates,
  above a minimum count so that one angry citizen does not flag an entry.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.faq.model import LANGUAGES, Faq
from bot.learning.alone import AloneSuggestion, suggest_alone
from bot.learning.cluster import Cluster, cluster_questions
from bot.learning.not_covered import NotCoveredSuggestion, suggest_not_covered
from bot.learning.phrasing import existing_phrasings, phrasing_key, tidy, unusable_reason
from bot.learning.records import ANSWER, CLARIFY, QuestionRecord
from bot.matching.matcher import Matcher

NEAR_IDENTICAL = 90  # rapidfuzz ratio of folded texts above which two questions are one suggestion


@dataclass(frozen=True)
class Evidence:
    record_id: int
    how: tuple[str, ...]  # records.PICKED / THUMBS_UP / STAFF_LABEL / STAFF_ANSWER


@dataclass(frozen=True)
class PhrasingSuggestion:
    entry: str
    lang: str
    text: str  # the most frequent wording of the group, tidied to one line
    count: int  # questions behind it
    evidence: tuple[Evidence, ...]
    variants: tuple[str, ...] = ()  # other near-identical wordings seen
    bot_now: str = ""  # what the bot does with `text` today, e.g. "clarify: a, b"


@dataclass(frozen=True)
class Conflict:
    """The same question confirmed for different entries: the entries overlap or a label is wrong."""

    text: str
    entries: tuple[str, ...]
    record_ids: tuple[int, ...]


@dataclass(frozen=True)
class EntryIssue:
    entry: str
    shown: int  # answered with it
    thumbs_up: int
    thumbs_down: int
    corrected: int  # answered with it, but a person confirmed another entry
    first_offered: int  # first clarify button
    passed_over: int  # ... and the citizen picked another button
    instead: tuple[tuple[str, int], ...]  # the entries people confirmed instead, most often first

    @property
    def down_rate(self) -> float:
        return self.thumbs_down / self.shown if self.shown else 0.0

    @property
    def pass_rate(self) -> float:
        return self.passed_over / self.first_offered if self.first_offered else 0.0


@dataclass(frozen=True)
class Suggestions:
    phrasings: tuple[PhrasingSuggestion, ...] = ()
    topics: tuple[Cluster, ...] = ()
    entries: tuple[EntryIssue, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    skipped: dict[str, int] = field(default_factory=dict)  # why confirmed questions were left out
    alone: tuple[AloneSuggestion, ...] = ()  # entries to answer at once when they are the only option
    not_covered: tuple[NotCoveredSuggestion, ...] = ()  # questions staff said no entry answers


def suggest(
    records: Iterable[QuestionRecord],
    faq: Faq,
    matcher: Matcher,
    *,
    min_count: int = 3,
    down_rate: float = 0.25,
    pass_rate: float = 0.4,
) -> Suggestions:
    """Everything an editor should look at, from the records of a period."""
    records = list(records)
    phrasings, conflicts, skipped = suggest_phrasings(records, faq, matcher)
    topics = cluster_questions([r for r in records if r.unanswered], faq)
    issues = entry_issues(records, min_count=min_count, down_rate=down_rate, pass_rate=pass_rate)
    alone = suggest_alone(records, faq.answer_when_alone)
    not_covered = suggest_not_covered(records, faq, matcher)
    return Suggestions(
        tuple(phrasings), tuple(topics), tuple(issues), tuple(conflicts), skipped, tuple(alone), tuple(not_covered)
    )


def suggest_phrasings(
    records: list[QuestionRecord], faq: Faq, matcher: Matcher
) -> tuple[list[PhrasingSuggestion], list[Conflict], dict[str, int]]:
    skipped: Counter[str] = Counter()
    conflicts: list[Conflict] = []
    by_key: dict[str, list[QuestionRecord]] = defaultdict(list)
    for record in records:
        if record.conflicting:
            conflicts.append(Conflict(tidy(record.text), tuple(record.confirmations()), (record.id,)))
            skipped["conflict"] += 1
            continue
        entry = record.confirmed_entry
        if entry is None:
            continue
        reason = "unknown_entry" if entry not in faq.entries or record.lang not in LANGUAGES else None
        reason = reason or unusable_reason(record.text)
        if reason:
            skipped[reason] += 1
            continue
        by_key[phrasing_key(record.text)].append(record)
    owners = existing_phrasings(faq)
    groups: dict[tuple[str, str], list[tuple[str, list[QuestionRecord]]]] = defaultdict(list)
    for key, members in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        entries = {r.confirmed_entry for r in members}
        if len(entries) > 1:
            ids = tuple(r.id for r in members)
            conflicts.append(Conflict(tidy(members[0].text), tuple(sorted(e for e in entries if e)), ids))
            skipped["conflict"] += len(members)
            continue
        entry = members[0].confirmed_entry or ""
        if key in owners:
            skipped["already_a_phrasing" if owners[key] == entry else "phrasing_of_another_entry"] += len(members)
            continue
        lang = Counter(r.lang for r in members).most_common(1)[0][0]
        similar = groups[entry, lang]
        home = next((g for g in similar if fuzz.ratio(key, g[0]) >= NEAR_IDENTICAL), None)
        if home is None:
            similar.append((key, list(members)))
        else:
            home[1].extend(members)
    out = []
    for (entry, lang), found in groups.items():
        for _, members in found:
            suggestion = _suggestion(entry, lang, members, matcher)
            if suggestion is None:
                skipped["answered_right"] += len(members)
            else:
                out.append(suggestion)
    out.sort(key=lambda s: (-s.count, s.entry, s.lang, s.text))
    return out, conflicts, dict(skipped)


def _suggestion(entry: str, lang: str, members: list[QuestionRecord], matcher: Matcher) -> PhrasingSuggestion | None:
    wordings = Counter(tidy(r.text) for r in members)
    text = max(wordings, key=lambda t: (wordings[t], -min(r.id for r in members if tidy(r.text) == t)))
    result = matcher.match(text, default_lang=lang)
    best = result.best.entry_id if result.best else None
    if result.decision == ANSWER and best == entry:
        return None
    if result.decision == ANSWER:
        bot_now = f"answer: {best}"
    elif result.decision == CLARIFY:
        bot_now = "clarify: " + ", ".join(c.entry_id for c in matcher.clarify_options(result))
    else:
        bot_now = "out_of_scope" if result.out_of_scope else "escalate"
    evidence = tuple(Evidence(r.id, r.confirmations()[entry]) for r in sorted(members, key=lambda r: r.id))
    variants = tuple(t for t, _ in wordings.most_common() if t != text)
    return PhrasingSuggestion(entry, lang, text, len(members), evidence, variants, bot_now)


def entry_issues(
    records: Iterable[QuestionRecord], *, min_count: int = 3, down_rate: float = 0.25, pass_rate: float = 0.4
) -> list[EntryIssue]:
    """Entries whose answers citizens reject or correct, worst first.

    Flagged when at least `min_count` 👎 make up `down_rate` of the times it was shown, when staff
    or the citizen confirmed another entry `min_count` times after it was shown, or when it was the
    first clarify button `min_count` times and passed over in `pass_rate` of them.
    """
    shown: Counter[str] = Counter()
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    corrected: Counter[str] = Counter()
    first: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    instead: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        confirmed = r.confirmed_entry
        if r.decision == ANSWER and r.shown_entry:
            entry = r.shown_entry
            shown[entry] += 1
            up[entry] += r.feedback > 0
            down[entry] += r.feedback < 0
            if confirmed and confirmed != entry:
                corrected[entry] += 1
                instead[entry][confirmed] += 1
        if r.decision == CLARIFY and r.candidates:
            entry = r.candidates[0][0]
            first[entry] += 1
            if confirmed and confirmed != entry:
                passed[entry] += 1
                instead[entry][confirmed] += 1
    issues = []
    for entry in sorted(set(shown) | set(first)):
        issue = EntryIssue(
            entry,
            shown[entry],
            up[entry],
            down[entry],
            corrected[entry],
            first[entry],
            passed[entry],
            tuple(instead[entry].most_common()),
        )
        if (
            (issue.thumbs_down >= min_count and issue.down_rate >= down_rate)
            or issue.corrected >= min_count
            or (issue.passed_over >= min_count and issue.pass_rate >= pass_rate)
        ):
            issues.append(issue)
    issues.sort(key=lambda i: (-(i.thumbs_down + i.corrected + i.passed_over), i.entry))
    return issues
