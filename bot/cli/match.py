"""`python -m bot match --jsonl`: the matcher as a filter, one JSON object per input line."""

from __future__ import annotations

import json
from typing import TextIO

from bot.content import faq_dir
from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher


def run_match(stdin: TextIO, stdout: TextIO) -> int:
    matcher = Matcher(load_faq(faq_dir()))
    for line in stdin:
        text = line.rstrip("\r\n")
        result = matcher.match(text)
        stdout.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
