"""When an urgency cue counts: the grammar around it (clauses, "what if", past markers, concept combinations).

Pure functions over word positions, kept apart from the detector (bot/matching/urgency.py) that finds the
cues and applies them; every word list they read is editor data in faq/urgent.yaml.
"""

from __future__ import annotations

import re

from bot.matching.phrase_index import Span
from bot.matching.phrases import Word
from bot.matching.text import tokens

PAST_WINDOW = 16  # a past-time marker cancels a cue at most this many words away in the same sentence
COMBINED_WINDOW = 12  # the words of a concept combination must stand within this many words
_CLAUSE_END = re.compile(r"[,:;!?\n()—–]|\.\s|\s-\s")  # commas and the like: a "what if" governs its own clause


def what_if(marker: int, start: int, clause: list[int], present: list[int]) -> bool:
    """A "what if" before the cue makes it one: in the cue's clause always ("что будет, если задержат"), in an
    earlier clause unless the cue's clause says now ("можно ли что-то сделать, сына арестовали сегодня")."""
    if marker >= start:
        return False
    if clause[marker] == clause[start]:
        return True
    return not any(clause[p] == clause[start] for p in present)


def clause_numbers(text: str, parts: list[list[Word]]) -> list[list[int]]:
    """Per sentence, the clause number of every word: commas, colons, dashes and brackets end a clause."""
    numbers = [n for n, chunk in enumerate(_CLAUSE_END.split(text)) for _ in tokens(chunk)]
    if len(numbers) != sum(map(len, parts)):  # cannot happen: separators never stand inside a word
        return [[0] * len(words) for words in parts]
    out = []
    for words in parts:
        out.append(numbers[: len(words)])
        numbers = numbers[len(words) :]
    return out


def combined(together: tuple[tuple[str, tuple[int, ...]], ...], spans: list[list[Span]]) -> list[Span]:
    """Concept combinations found close together: the tightest occurrence of each, as one cue span."""
    found = []
    for label, keys in together:
        occurrences = [spans[key] for key in keys]
        if not all(occurrences):
            continue
        # around each occurrence of the first concept, the nearest occurrence of every other one: linear, not
        # a product (a long voice message may hold a concept word dozens of times)
        windows = []
        for first in occurrences[0]:
            pick = [first] + [min(other, key=lambda o: abs(o[0] - first[0])) for other in occurrences[1:]]
            windows.append((min(o[0] for o in pick), max(o[1] for o in pick)))
        start, end = min(windows, key=lambda w: w[1] - w[0])
        if end - start < COMBINED_WINDOW:
            found.append((start, end, label))
    return found


def in_past(marker: int, start: int, end: int, present: list[int], clause: list[int], ongoing: list[int]) -> bool:
    """A past marker near the cue puts it in the past, unless "now" stands between them ("…, but now …"), or
    the marker is in another clause and the cue's clause says it goes on ("уехал 2 года назад, неделю не
    выходит на связь")."""
    if not start - PAST_WINDOW <= marker <= end + PAST_WINDOW:
        return False
    if clause[marker] != clause[start] and any(clause[o] == clause[start] for o in ongoing):
        return False
    low, high = (marker, start) if marker < start else (end, marker)
    return not any(low < p < high for p in present)
