"""The action-first text of an urgent reply, fitted to the situation and to the country where it happens."""

from __future__ import annotations

from collections.abc import Callable

from bot.faq.model import Faq
from bot.matching.urgency import OPERATOR_ENTRY, Urgency

# The country the FAQ answers are written for: their footers say that Russian rules change often. A case
# elsewhere (Kazakhstan, Turkey, Korea...) must not get Russian rules, so it never falls back to an entry.
FAQ_COUNTRY = "russia"
# OPERATOR_ENTRY's answer says "press the button below to reach an officer": an urgent reply has already opened the
# ticket, so an urgent reply never falls back to it.
__all__ = ["FAQ_COUNTRY", "OPERATOR_ENTRY", "urgent_body"]


def urgent_body(faq: Faq, translate: Callable[..., str], urgency: Urgency, lang: str) -> str:
    """The situation's own reply (urgent_answers.yaml: `kind/country`, then `kind`), else a fallback.

    The fallback is the rule's FAQ entry when the case is in Russia or the country is not named, and a
    country-neutral "contact the nearest embassy" text when it is elsewhere (or when the entry is the
    operator entry, whose answer only explains a button).
    """
    keys = [f"{urgency.kind}/{urgency.country}", urgency.kind] if urgency.country else [urgency.kind]
    for key in keys:
        text = faq.urgent_answers.get(key, {}).get(lang)
        if text:
            return text
    elsewhere = urgency.country not in (None, FAQ_COUNTRY)
    if elsewhere or urgency.entry_id == OPERATOR_ENTRY or urgency.entry_id not in faq.entries:
        return translate(lang, "dialogue.urgent_abroad")
    return faq.entry(urgency.entry_id).text(lang).answer
