"""`python -m bot check [--strict]`: every problem in faq/ and locales/ as file:line, never a traceback.

Problems (broken YAML, missing languages, bad HTML, malformed dates) always fail. Warnings are facts that
went stale with time (a `check_by` date has passed, a `reviewed` date lies in the future): the FAQ still
works, so plain `check` only prints them, while `check --strict` (for CI and before a release) fails on them.
"""

from __future__ import annotations

import sys
from datetime import date

from bot.content import faq_dir, locales_dir, topics_file
from bot.domain.i18n import check_locales
from bot.faq.editorial import date_notices
from bot.faq.loader import read_topic_ids, scan_faq


def run_check(strict: bool = False, today: date | None = None) -> int:
    today = today or date.today()
    topics = topics_file()
    topic_ids = read_topic_ids(topics) if topics else []
    scan = scan_faq(faq_dir(), topic_ids)
    problems = scan.problems + check_locales(locales_dir())
    notices = date_notices(scan.entries.values(), today)
    for problem in problems:
        print(problem, file=sys.stderr)
    for notice in notices:
        print(notice, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    if notices and strict:
        print(f"{len(notices)} warning(s); --strict fails on warnings", file=sys.stderr)
        return 1
    faq = scan.faq
    assert faq is not None
    note = f"all {len(topic_ids)} topics covered" if topics else "topics.yaml not found: coverage not checked"
    warned = f"; {len(notices)} warning(s)" if notices else ""
    print(f"OK: {len(faq.entries)} entries in {len(faq.groups)} groups, ky/ru/en; {note}; locales consistent{warned}")
    return 0
