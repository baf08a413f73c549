"""Reading a message that leans on the last topic: "а детям?", "how long does it take?", "канча убакыт?".

Such a message has no topic of its own, so matched alone it lands anywhere ("how long does it take?"
after Meken-Kart must not get the dual-citizenship answer). Matched together with the last question it
usually lands right, but a new, complete question must not be bent to the old topic. So the context is
used only when the message is not self-contained, and only to choose among the last topic and its
neighbours (its related entries, its group, or the options of a pending clarify).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.choices import DialogueReader
from bot.domain.context import DialogueState
from bot.faq.model import Faq
from bot.matching.matcher import ANSWER, CLARIFY, Matcher, MatchResult
from bot.matching.text import fold, tokens

SELF_CONTAINED_WORDS = 3  # a confident answer to a message with this many content words stands on its own
ALONE_SCORE = 0.65  # a neighbour the message points to by itself at least this well is offered too


@dataclass(frozen=True)
class Reading:
    """How to answer a message: the match to use and the question as it reads in context."""

    result: MatchResult
    question: str  # what staff would be forwarded and what the next follow-up is read against
    used_context: bool = False


class FollowUpReader:
    def __init__(self, faq: Faq, matcher: Matcher, reader: DialogueReader) -> None:
        self.faq = faq
        self.matcher = matcher
        self.reader = reader
        self._function_words = frozenset().union(*faq.lexicon.markers.values())

    def neighbours(self, context: DialogueState) -> frozenset[str]:
        """Topics a follow-up may move to: the last entry or the pending options, their related entries, groups."""
        ids: set[str] = set()
        for entry_id in (context.last_entry_id, *context.clarify_options):
            entry = self.faq.entries.get(entry_id or "")
            if entry is None:
                continue
            ids.add(entry.id)
            ids.update(entry.related)
            for group in self.faq.groups:
                if group.id == entry.group:
                    ids.update(group.entry_ids)
        return frozenset(i for i in ids if i in self.faq.entries)

    def content_words(self, text: str) -> int:
        """Words that can carry a topic: not the editors' function words ("а", "где", "how", "канча")."""
        return sum(1 for t in tokens(text) if fold(t) not in self._function_words)

    def read(self, text: str, result: MatchResult, context: DialogueState) -> Reading:
        alone = Reading(result, text)
        if not context.last_question or result.smalltalk or result.out_of_scope:
            return alone
        if self.reader.opens_new_topic(text) or self.matcher.off_topic(text):
            return alone  # "и ещё вопрос: ...", a subject the FAQ does not cover: never bent to the old topic
        near = self.neighbours(context)
        best = result.best.entry_id if result.best else None
        if result.decision == ANSWER and (best in near or self.content_words(text) >= SELF_CONTAINED_WORDS):
            return alone
        question = f"{context.last_question} / {text}"
        combined = self.matcher.match(question, default_lang=result.lang)
        in_context = [c for c in combined.candidates if c.entry_id in near]
        # the message alone may point at a neighbour of its own ("how much does it cost?" → the fees entry)
        own = result.best if result.best and best in near and result.best.score >= ALONE_SCORE else None
        if not in_context:
            return alone
        lead = in_context[0]
        if own is not None and own.entry_id != lead.entry_id:
            options = (lead, own, *(c for c in in_context[1:] if c.entry_id != own.entry_id))
            return Reading(
                replace(combined, text=text, lang=result.lang, decision=CLARIFY, candidates=options), question, True
            )
        decision = combined.decision
        if decision == ANSWER and combined.best is not None and combined.best.entry_id != lead.entry_id:
            decision = CLARIFY  # the best reading is not a neighbour of the last topic: ask, do not bend
        if decision not in (ANSWER, CLARIFY):
            return alone
        return Reading(
            replace(combined, text=text, lang=result.lang, decision=decision, candidates=tuple(in_context)),
            question,
            True,
        )
