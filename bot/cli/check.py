"""`python -m bot check`: every problem in faq/ and locales/ as file:line, never a traceback."""

from __future__ import annotations

import sys

from bot.content import faq_dir, locales_dir, topics_file
from bot.domain.i18n import check_locales
from bot.faq.loader import read_faq, read_topic_ids


def run_check() -> int:
    topics = topics_file()
    topic_ids = read_topic_ids(topics) if topics else []
    faq, problems = read_faq(faq_dir(), topic_ids)
    problems += check_locales(locales_dir())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    assert faq is not None
    note = f"all {len(topic_ids)} topics covered" if topics else "topics.yaml not found: coverage not checked"
    print(f"OK: {len(faq.entries)} entries in {len(faq.groups)} groups, ky/ru/en; {note}; locales consistent")
    return 0
