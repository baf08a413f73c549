"""When two texts are "the same phrasing", and when a citizen's text may become one.

The key is the one `bot check` uses to refuse a phrasing listed under two entries (folded word
tokens), so the learning tools and the checker never disagree about duplicates.
"""

from __future__ import annotations

import re

from bot.faq.entries import MAX_PHRASING
from bot.faq.model import LANGUAGES, Faq
from bot.matching.text import text_key, tokens
from bot.privacy.masking import has_placeholder

_SPACES = re.compile(r"\s+")

MASKED, TOO_LONG, NO_WORDS = "masked", "too_long", "no_words"


def phrasing_key(text: str) -> str:
    """Folded word tokens: "Паспорт жоголду!" and "паспорт жоголду" share a key."""
    return text_key(text)


def tidy(text: str) -> str:
    """One line, single spaces: how a citizen's question is written into the FAQ."""
    return _SPACES.sub(" ", text).strip()


def unusable_reason(text: str) -> str | None:
    """Why this text cannot become a phrasing (MASKED, TOO_LONG, NO_WORDS), or None if it can.

    A masked text would teach the matcher "[PHONE]"; over MAX_PHRASING characters `bot check`
    refuses it; a text of emoji or digits only has nothing to match on.
    """
    if has_placeholder(text):
        return MASKED
    if len(tidy(text)) > MAX_PHRASING:
        return TOO_LONG
    if not any(not t.isdigit() for t in tokens(text)):
        return NO_WORDS
    return None


def existing_phrasings(faq: Faq) -> dict[str, str]:
    """Folded key -> entry id of every question and phrasing in the FAQ, in every language."""
    owners: dict[str, str] = {}
    for entry in faq.entries.values():
        for lang in LANGUAGES:
            text = entry.text(lang)
            for phrasing in (text.question, *text.phrasings):
                owners.setdefault(phrasing_key(phrasing), entry.id)
    return owners
