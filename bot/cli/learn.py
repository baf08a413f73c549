"""`python -m bot learn`: suggestions for FAQ editors from real questions, and merging the accepted ones.

Usage:
    python -m bot learn [--out FILE]          write the review file (default: stdout)
    python -m bot learn --apply FILE          merge the phrasings marked `accept: true` into FAQ_DIR
    python -m bot learn --accept-all [--out FILE]   write the file and merge every phrasing (simulations)
    python -m bot learn --apply FILE --accept-all   merge every phrasing of FILE

Reads DATABASE_URL (the `questions` table). Merging adds lines to faq/*.yaml and keeps everything else
(`bot.learning.apply`), is validated like `python -m bot check` (a failing result is put back and the
command exits 1), and then shows what the edit does: the labelled sets and the confirmed real questions,
before and after, as `python -m bot eval` reports them.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.cli.database import NoDatabaseError, database_url, read_records, real_eval_items
from bot.content import PROJECT_ROOT, faq_dir
from bot.faq.loader import load_faq, read_faq
from bot.learning.apply import ApplyResult, apply_suggestions, default_topic_ids
from bot.learning.review import write_review
from bot.learning.suggest import suggest
from bot.matching.evaluation import load_set, summarise
from bot.matching.matcher import Matcher

LABELLED_SETS = (
    PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl",
    PROJECT_ROOT / "tests" / "eval" / "holdout.jsonl",
)


def make_review(url: str, faq_path: Path, accept_all: bool = False) -> tuple[str, int]:
    """The review file's text and how many questions it was made from."""
    records = asyncio.run(read_records(url))
    faq = load_faq(faq_path, default_topic_ids())
    found = suggest(records, faq, Matcher(faq))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return write_review(found, generated=generated, questions=len(records), accept_all=accept_all), len(records)


def print_applied(result: ApplyResult, out: TextIO) -> None:
    if result.problems:
        state = "the files were put back as they were" if result.rolled_back else "nothing was written"
        print(f"the result would not pass `check` ({state}):", file=out)
        for problem in result.problems:
            print(f"  {problem}", file=out)
    print(f"applied {len(result.applied)} phrasing(s) in {len(result.files)} file(s)", file=out)
    if result.alone:
        print(f"answered when alone from now on: {', '.join(result.alone)}", file=out)
    if result.not_covered:
        print(f"not covered from now on (out-of-scope reply for their like): {len(result.not_covered)}", file=out)
    for a in result.applied:
        print(f"  {a.file}:{a.line}  {a.entry} [{a.lang}] {a.text!r}", file=out)
    if result.already_present:
        print(f"already in the FAQ: {len(result.already_present)}", file=out)
    for r in result.refused:
        print(f"  refused #{r.index} {r.entry} [{r.lang}] {r.text!r}: {r.reason}", file=out)
    for topic in result.topics:
        examples = topic.get("examples") or ["?"]
        size = topic.get("size", "?")
        print(f"new topic to write by hand ({size} questions), e.g. {examples[0]!r}", file=out)


def print_effect(before: Matcher, after: Matcher, real: list[dict], out: TextIO) -> None:
    """The labelled sets and the confirmed real questions with the FAQ before and after the merge."""
    sets = [(path.name, load_set(path)) for path in LABELLED_SETS if path.is_file()]
    if real:
        sets.append(("real (confirmed)", real))
    for name, items in sets:
        for label, matcher in (("before", before), ("after", after)):
            outs = [matcher.match(i["text"]).as_json() for i in items]
            print(f"{name:18} {label:6} {summarise(items, outs).line()}", file=out)


def run_learn(out_path: str | None, apply_path: str | None, accept_all: bool, out: TextIO = sys.stdout) -> int:
    url, faq_path = database_url(), faq_dir()
    try:
        if apply_path is None:
            review, count = make_review(url, faq_path, accept_all)
            if out_path:
                Path(out_path).write_text(review, encoding="utf-8")
                print(f"wrote suggestions from {count} questions to {out_path}", file=sys.stderr)
            else:
                out.write(review)
            if not accept_all:
                return 0
            return _apply_text(review, url, faq_path, sys.stderr if not out_path else out)
        return _apply(Path(apply_path), url, faq_path, accept_all, out)
    except NoDatabaseError as exc:
        print(f"learn: {exc}", file=sys.stderr)
        return 2


def _apply_text(review: str, url: str, faq_path: Path, out: TextIO) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "suggestions.yaml"
        path.write_text(review, encoding="utf-8")
        return _apply(path, url, faq_path, True, out)


def _apply(path: Path, url: str, faq_path: Path, accept_all: bool, out: TextIO) -> int:
    topics = default_topic_ids()
    before_faq, _ = read_faq(faq_path, topics)  # a broken FAQ is reported by the merge's own check below
    result = apply_suggestions(faq_path, path, accept_all=accept_all, topic_ids=topics)
    print_applied(result, out)
    if not result.ok or before_faq is None:
        return 1
    if result.applied or result.alone or result.not_covered:
        before, after = Matcher(before_faq), Matcher(load_faq(faq_path, topics))
        try:
            real = real_eval_items(url, set(after.faq.entries))
        except NoDatabaseError:
            real = []
        print_effect(before, after, real, out)
    return 0
