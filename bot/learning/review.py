"""The review file: suggestions an editor reads, accepts one by one, and gives back to `learn --apply`.

Schema (YAML, version 1). Only `accept`, the `entry`, `lang` and `text` of a phrasing, the `entry` of an
answer-when-alone item and the `text` and `lang` of a not-covered item are read back; everything else is there
for the editor and is ignored by `--apply` (`bot.learning.review_choices` reads it back):

    version: 1
    generated: "2026-11-28 09:00 UTC"      # when `learn` wrote it
    questions: 1234                         # records it was made from
    phrasings:                              # new phrasings for existing entries, most asked first
      - accept: false                       # the editor sets true to add it (`--accept-all`: all true)
        entry: entry-ban-check              # the entry to add it to (may be changed by the editor)
        lang: ru                            # ky | ru | en: which `phrasings:` list of the entry
        text: "как узнать есть ли запрет"   # the phrasing as it will be written (may be corrected)
        count: 3                            # questions behind it (identical or near-identical)
        bot_now: "clarify: entry-ban-check, entry-ban-lift"   # what the bot does with it today
        evidence: ["#12 picked", "#40 staff_label+staff_answer"]   # question id and how it was confirmed
        variants: ["как узнать есть ли запрет?!"]             # other wordings in the group
    answer_when_alone:                      # entries citizens always confirmed when offered as the only button
      - {accept: false, entry: oms-family, confirmed: 4, evidence: [3, 8, 21, 30]}
    not_covered:                            # questions staff marked "new topic": their like gets the out-of-scope reply
      - {accept: false, text: "как перевести ребенка в школу в Москве", lang: ru, count: 2,
         bot_now: "answer: oms-family", evidence: [5, 19]}
    new_topics:                             # unanswered questions that form a topic: need a new entry
      - accept: false                       # true = "I will write this entry"; never applied by itself
        size: 31
        languages: {ky: 14, ru: 12, en: 5}
        terms: [армия, военный, билет]
        examples: ["Нужно ли служить в армии ...", ...]
        record_ids: [1, 2, 3]
    entries:                                # entries citizens reject or correct (information only)
      - {entry: oms-family, shown: 40, thumbs_up: 10, thumbs_down: 12, down_rate: 0.3, corrected: 2,
         first_offered: 5, passed_over: 3, pass_rate: 0.6, instead: {oms-worker: 4}}
    conflicts:                              # one question confirmed for different entries (information)
      - {text: "...", entries: [oms-family, oms-worker], record_ids: [7, 9]}
    skipped: {answered_right: 40, masked: 3}   # confirmed questions left out, by reason
"""

from __future__ import annotations

from typing import Any

import yaml

from bot.learning.suggest import Suggestions

VERSION = 1

_HEADER = """\
# Consul Bot: suggestions for FAQ editors, made by `python -m bot learn`.
#
# Read each suggestion, set `accept: true` on those that are right (you may correct `text` or move a
# phrasing to another `entry`), then run `python -m bot learn --apply THIS_FILE`. It adds the accepted
# phrasings to faq/*.yaml, keeps every comment and line already there, refuses duplicates, and checks
# the FAQ exactly like `python -m bot check` (a failed check puts the files back as they were).
"""
_SECTIONS = {
    "phrasings": """
# ---- NEW PHRASINGS ---------------------------------------------------------------------------------
# Questions citizens asked in their own words that a person confirmed for an entry (the citizen picked
# it, pressed 👍, or staff labelled/answered the ticket with it) but the bot did not answer by itself.
# `bot_now` says what the bot does with the text today; `evidence` lists the question ids and how each
# was confirmed. Accept the ones that really mean the entry's question.
""",
    "answer_when_alone": """
# ---- ANSWER WHEN ALONE -----------------------------------------------------------------------------
# Entries the bot offered as the only button ("Did you mean …?") and that every citizen confirmed (picked
# it, or staff answered with it), while no one rejected it. Accepted ones go to faq/learned.yaml: the bot
# then answers such questions at once. `evidence` lists the question ids.
""",
    "not_covered": """
# ---- NOT COVERED -----------------------------------------------------------------------------------
# Questions staff marked "new topic": no entry answers them, and no out_of_scope.yaml family catches them.
# Accepted ones go to faq/learned.yaml: a citizen's question closer to one of them than to any phrasing
# then gets the out-of-scope reply (what the bot covers, ask a consular officer) instead of a guess.
# `bot_now` says what the bot does with the text today; `evidence` lists the question ids.
""",
    "new_topics": """
# ---- NEW TOPICS ------------------------------------------------------------------------------------
# Unanswered questions (escalated, out of scope, 👎, or marked "new" by staff) that form a group: a
# topic the FAQ may be missing. These are never added automatically: write a new entry (question,
# phrasings, answer) by hand. `accept: true` only records that someone will.
""",
    "entries": """
# ---- ENTRIES IN TROUBLE ----------------------------------------------------------------------------
# Answers often rated 👎 (`down_rate` = 👎 / shown), answers after which a person confirmed another entry
# (`corrected`), and first clarify buttons that citizens passed over for another one (`pass_rate`).
# `instead` names the entries people wanted. Check the answer text and the phrasings of both entries.
""",
    "conflicts": """
# ---- CONFLICTS -------------------------------------------------------------------------------------
# The same question confirmed for different entries: the entries overlap, or a label was wrong.
# Such questions were left out of the phrasings above.
""",
    "skipped": """
# Confirmed questions left out, by reason: already answered right, already a phrasing, masked
# personal data, over 200 characters, conflict, unknown entry.
""",
}


class _Dumper(yaml.SafeDumper):
    """Short lists on one line ([12, 40], [армия, билет]); lists of sentences one per line."""

    def represent_list(self, data: Any) -> yaml.Node:  # type: ignore[override]
        short = all(isinstance(x, int | float) or (isinstance(x, str) and len(x) <= 40) for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=short)

    def represent_dict(self, data: Any) -> yaml.Node:  # type: ignore[override]
        small = all(isinstance(v, int | float | str) for v in data.values())  # {ky: 14, ru: 12}
        return self.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=small)


_Dumper.add_representer(list, _Dumper.represent_list)
_Dumper.add_representer(dict, _Dumper.represent_dict)


def _block(items: list[dict[str, Any]]) -> str:
    if not items:
        return " []\n"
    text = yaml.dump(items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return "\n" + "".join(f"  {line}\n" for line in text.splitlines())


def write_review(suggestions: Suggestions, *, generated: str, questions: int, accept_all: bool = False) -> str:
    """The review file's text: header comments, then each section with a comment explaining it."""
    phrasings = [
        {
            "accept": accept_all,
            "entry": s.entry,
            "lang": s.lang,
            "text": s.text,
            "count": s.count,
            "bot_now": s.bot_now,
            "evidence": [f"#{e.record_id} {'+'.join(e.how)}" for e in s.evidence],
            "variants": list(s.variants[:5]),
        }
        for s in suggestions.phrasings
    ]
    alone = [
        {"accept": accept_all, "entry": a.entry, "confirmed": a.confirmed, "evidence": list(a.record_ids)}
        for a in suggestions.alone
    ]
    not_covered = [
        {
            "accept": accept_all,
            "text": n.text,
            "lang": n.lang,
            "count": n.count,
            "bot_now": n.bot_now,
            "evidence": list(n.record_ids),
        }
        for n in suggestions.not_covered
    ]
    topics = [
        {
            "accept": False,
            "size": c.size,
            "languages": c.languages,
            "terms": list(c.terms),
            "examples": [r.text for r in c.examples()],
            "record_ids": sorted(r.id for r in c.records),
        }
        for c in suggestions.topics
    ]
    entries = [
        {
            "entry": i.entry,
            "shown": i.shown,
            "thumbs_up": i.thumbs_up,
            "thumbs_down": i.thumbs_down,
            "down_rate": round(i.down_rate, 3),
            "corrected": i.corrected,
            "first_offered": i.first_offered,
            "passed_over": i.passed_over,
            "pass_rate": round(i.pass_rate, 3),
            "instead": dict(i.instead),
        }
        for i in suggestions.entries
    ]
    conflicts = [
        {"text": c.text, "entries": list(c.entries), "record_ids": list(c.record_ids)} for c in suggestions.conflicts
    ]
    head = yaml.safe_dump({"version": VERSION, "generated": generated, "questions": questions}, sort_keys=False)
    parts = [_HEADER, head]
    for name, items in (
        ("phrasings", phrasings),
        ("answer_when_alone", alone),
        ("not_covered", not_covered),
        ("new_topics", topics),
        ("entries", entries),
        ("conflicts", conflicts),
    ):
        parts += [_SECTIONS[name], f"{name}:", _block(items)]
    skipped = yaml.safe_dump({"skipped": dict(sorted(suggestions.skipped.items()))}, default_flow_style=None)
    parts += [_SECTIONS["skipped"], skipped]
    return "".join(parts)
