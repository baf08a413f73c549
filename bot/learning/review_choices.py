"""Reading back the review file an editor edited (the schema is in `bot.learning.review`).

Only what `learn --apply` needs is read: `accept`, the `entry`, `lang` and `text` of a phrasing, the `entry` of an
answer-when-alone item, the `text` and `lang` of a not-covered item, and the accepted new topics as written.
A ReviewError names the first thing that is not as the schema says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from bot.faq.model import LANGUAGES
from bot.learning.review import VERSION


class ReviewError(ValueError):
    """The review file cannot be read; the message says where."""


@dataclass(frozen=True)
class PhrasingChoice:
    """One phrasing suggestion as the editor left it."""

    index: int  # position in the file's `phrasings` list, from 1, for messages
    accept: bool
    entry: str
    lang: str
    text: str


@dataclass(frozen=True)
class AloneChoice:
    """One answer-when-alone suggestion as the editor left it."""

    index: int  # position in the file's `answer_when_alone` list, from 1
    accept: bool
    entry: str
    confirmed: int


@dataclass(frozen=True)
class NotCoveredChoice:
    """One not-covered suggestion as the editor left it."""

    index: int  # position in the file's `not_covered` list, from 1
    accept: bool
    text: str
    lang: str


@dataclass(frozen=True)
class ReviewFile:
    phrasings: tuple[PhrasingChoice, ...]
    topics: tuple[dict[str, Any], ...]  # new_topics items as written (never applied)
    alone: tuple[AloneChoice, ...] = ()
    not_covered: tuple[NotCoveredChoice, ...] = ()


def read_review(text: str) -> ReviewFile:
    """The editor's choices; ReviewError names the first thing that is not as the schema says."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReviewError(f"the review file is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ReviewError(f"not a review file of version {VERSION} (made by `python -m bot learn`)")
    choices = []
    for index, where, item, accept in _items(data.get("phrasings"), "phrasings"):
        fields: dict[str, str] = {}
        for name in ("entry", "lang", "text"):
            value = item.get(name)
            if not isinstance(value, str) or not value.strip():
                raise ReviewError(f"{where}: `{name}` must be a non-empty text")
            fields[name] = value
        if fields["lang"] not in LANGUAGES:
            raise ReviewError(f"{where}: lang must be one of {', '.join(LANGUAGES)}, not {fields['lang']!r}")
        choices.append(PhrasingChoice(index, accept, fields["entry"].strip(), fields["lang"], fields["text"]))
    topics = data.get("new_topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, dict) for t in topics):
        raise ReviewError("`new_topics` must be a list of mappings")
    return ReviewFile(
        tuple(choices),
        tuple(topics),
        _alone_choices(data.get("answer_when_alone")),
        _not_covered_choices(data.get("not_covered")),
    )


def _items(items: Any, section: str) -> list[tuple[int, str, dict[str, Any], bool]]:
    """(position from 1, where for messages, the mapping, its `accept`) of each item of a section's list."""
    items = items or []
    if not isinstance(items, list):
        raise ReviewError(f"`{section}` must be a list")
    out = []
    for index, item in enumerate(items, start=1):
        where = f"{section} item {index}"
        if not isinstance(item, dict):
            raise ReviewError(f"{where} must be a mapping")
        accept = item.get("accept", False)
        if not isinstance(accept, bool):
            raise ReviewError(f"{where}: accept must be true or false, not {accept!r}")
        out.append((index, where, item, accept))
    return out


def _alone_choices(items: Any) -> tuple[AloneChoice, ...]:
    choices = []
    for index, where, item, accept in _items(items, "answer_when_alone"):
        entry, confirmed = item.get("entry"), item.get("confirmed", 0)
        if not isinstance(entry, str) or not entry.strip():
            raise ReviewError(f"{where}: `entry` must be a non-empty text")
        if not isinstance(confirmed, int) or isinstance(confirmed, bool) or confirmed < 0:
            raise ReviewError(f"{where}: `confirmed` must be a count")
        choices.append(AloneChoice(index, accept, entry.strip(), confirmed))
    return tuple(choices)


def _not_covered_choices(items: Any) -> tuple[NotCoveredChoice, ...]:
    choices = []
    for index, where, item, accept in _items(items, "not_covered"):
        text, lang = item.get("text"), item.get("lang")
        if not isinstance(text, str) or not text.strip():
            raise ReviewError(f"{where}: `text` must be a non-empty text")
        if lang not in LANGUAGES:
            raise ReviewError(f"{where}: lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
        choices.append(NotCoveredChoice(index, accept, text, lang))
    return tuple(choices)
