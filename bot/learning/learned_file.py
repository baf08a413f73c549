"""Adding lines to faq/learned.yaml, the file `learn --apply` keeps (`answer_when_alone`, `not_covered`).

Only lines are added under a top-level key: the file's comments and the lines already there stay as they are,
so an editor's deletions and notes survive every later `--apply`.
"""

from __future__ import annotations

import re
from pathlib import Path

LEARNED_FILE = "learned.yaml"

HEADER = """\
# What real questions taught the bot. Written by `python -m bot learn --apply`; editors may delete a line.
#
# answer_when_alone: entries the bot answers at once when the matcher offers them as the only button.
# Every citizen who was offered such an entry alone confirmed it (picked it, or staff answered with it),
# none rejected it, so asking first only cost them a tap. `confirmed` counts them, `learned` is the date.
# Delete a line to make the bot ask again. A question that carries an out-of-scope cue is never answered.
#
# not_covered: questions staff marked "new topic" (no entry answers them), masked. A citizen's question that
# is closer to one of these than to any phrasing of the FAQ gets the out-of-scope reply instead of a wrong
# answer or unrelated buttons. Delete a line once an entry or an out_of_scope.yaml family covers it.
"""
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)


def add_under(source: str | None, key: str, lines: str) -> str:
    """`source` (learned.yaml's text, None when there is no file) with `lines` added at the end of `key`'s block.

    `lines` are complete, indented YAML lines. A missing file gets the header; a missing key is added at the end;
    an empty key ("key: {}" or "key: []") is opened into a block.
    """
    if source is None or not source.strip():
        return f"{HEADER}{key}:\n{lines}"
    found = re.compile(rf"^{re.escape(key)}:[ \t]*(\{{\}}|\[\])?[ \t]*(#.*)?$", re.MULTILINE).search(source)
    if found is None:
        return f"{source.rstrip(chr(10))}\n{key}:\n{lines}"
    if found.group(1):  # "key: {}": the first lines
        return f"{source[: found.start()]}{key}:\n{lines}{source[found.end() :].lstrip(chr(10))}"
    after = _TOP_LEVEL.search(source, found.end())
    end = after.start() if after else len(source)
    block = source[:end].rstrip("\n") + "\n"
    return f"{block}{lines}{source[end:]}"


def learned_path(faq_dir: Path) -> Path:
    return faq_dir / LEARNED_FILE
