"""`python -m bot match --jsonl`: the matcher as a filter, one JSON object per input line.

The line format is fixed by shared/spec/CONTRACT.md: the decision, the detected language, the candidates
(for a clarify: exactly the buttons the citizen would see) and whether the message is an emergency.
"""

from __future__ import annotations

import json
from typing import TextIO

from bot.content import faq_dir
from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher
from bot.matching.urgency import UrgencyDetector


def urgency_detector(matcher: Matcher) -> UrgencyDetector:
    return UrgencyDetector(matcher.faq, matcher.analyzer.english)


def decide(matcher: Matcher, urgency: UrgencyDetector, text: str) -> dict[str, object]:
    """One contract line: the matcher's decision plus the urgent flag (judged alone, as a first message)."""
    out = matcher.match(text).as_json()
    out["urgent"] = bool(text.strip()) and urgency.detect(text) is not None
    return out


def run_match(stdin: TextIO, stdout: TextIO) -> int:
    matcher = Matcher(load_faq(faq_dir()))
    urgency = urgency_detector(matcher)
    for line in stdin:
        text = line.rstrip("\r\n")
        stdout.write(json.dumps(decide(matcher, urgency, text), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
