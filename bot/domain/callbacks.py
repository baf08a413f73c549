"""Callback data: short ASCII codes (Telegram allows 64 bytes) that are parsed strictly on the way back.

Callback data comes from the client and can be forged, so nothing is trusted: every code is matched
against a fixed grammar, and ids are checked against what exists before anything acts on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
_ENTRY_ID = r"[a-z0-9][a-z0-9-]{0,39}"
_GRAMMAR: dict[str, re.Pattern[str]] = {
    "e": re.compile(rf"e:({_ENTRY_ID})"),  # show an FAQ entry
    "g": re.compile(r"g:([a-z0-9_]{1,30})"),  # show a topic group
    "m": re.compile(r"m"),  # topic menu
    "x": re.compile(r"x"),  # send the question this message replies to to staff
    "xm": re.compile(r"xm"),  # send the media this message replies to to staff
    "f": re.compile(rf"f:([ud]):({_ENTRY_ID})"),  # feedback up/down on an entry
    "l": re.compile(r"l:(ky|ru|en)"),  # language
    # staff action on a ticket; "label" takes an entry id or "new" (a topic the FAQ lacks)
    "s": re.compile(rf"s:(take|close|spam|faq|label):([0-9]{{1,12}})(?::({_ENTRY_ID}))?"),
    "p": re.compile(r"p:(forget|keep)"),  # a citizen's answer to "erase all your data?"
}


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...]


def encode(action: str, *args: str | int) -> str:
    data = ":".join([action, *map(str, args)])
    if len(data.encode()) > MAX_BYTES or parse(data) is None:
        raise ValueError(f"invalid callback data {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The callback, or None for anything that does not fit the grammar exactly."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    action = data.split(":", 1)[0]
    pattern = _GRAMMAR.get(action)
    match = pattern.fullmatch(data) if pattern else None
    if match is None:
        return None
    return Callback(action, tuple(g for g in match.groups() if g is not None))
