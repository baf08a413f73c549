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
from bot.matching.matcher import ANSWER, CLARIFY, ESCALATE, Candidate, Matcher, MatchResult
from bot.matching.text import fold, tokens

SELF_CONTAINED_WORDS = 3  # a confident answer to a message with this many content words stands on its own
NEW_QUESTION_WORDS = 4  # a message with this many content words is a question of its own, whatever it matched
ALONE_SCORE = 0.65  # a neighbour the message points to by itself at least this well is offered too
OUTSIDER_SCORE = 0.8  # a topic outside the neighbours the message points to this well is offered, nothing answered
MAX_OPTIONS = 5  # clarify buttons, as the matcher offers at most
OWN_CONFIDENCE = 0.5  # the matcher's confidence that a fragment alone means its best entry, enough to move there


@dataclass(frozen=True)
class Reading:
    """How to answer a message: the match to use and the question as it reads in context."""

    result: MatchResult
    question: str  # the message as staff need it: with the question it leans on ("Meken-Kart? / how long?")
    topic_question: str  # what the next follow-up leans on: the last self-contained question, not a chain
    used_context: bool = False


class FollowUpReader:
    def __init__(self, faq: Faq, matcher: Matcher, reader: DialogueReader) -> None:
        self.faq = faq
        self.matcher = matcher
        self.reader = reader
        # language markers and the small words around a place or a choice ("а", "и", "what about") carry no topic
        small = (*faq.dialogue.place_fillers, *faq.dialogue.choice_fillers)
        self._function_words = frozenset().union(*faq.lexicon.markers.values(), (fold(w) for w in small))

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
        """The message alone when it has a topic of its own, else its reading among the last topic's neighbours.

        Read with the last question, the old topic usually comes first (it has more words); the message's own
        pull decides whether the citizen stayed there, moved to a neighbour, or named something else (asked).
        """
        alone = Reading(result, text, text)
        mapped = self._move(text, result, context)
        if mapped is not None:
            return mapped
        if not context.last_question or result.smalltalk or self.reader.opens_new_topic(text):
            return alone  # "и ещё вопрос: ...": never bent to the old topic
        if (result.out_of_scope or self.matcher.off_topic(text)) and not self._covered_in_context(text, context):
            return alone  # a subject the FAQ does not cover, even read with the last question
        words = self.content_words(text)
        if words >= NEW_QUESTION_WORDS or (result.decision == ANSWER and words >= SELF_CONTAINED_WORDS):
            # follow-ups lean on the last question because they say too little to stand alone
            return self._lone_confirmed(text, result, context) or alone
        last = context.last_entry_id
        place = self.reader.names_only_a_place(text) if last in self.faq.entries else None
        if place is not None:
            # "а в Казахстане?": the same question for another place (a city name must not pull the consulates);
            # "а в Германии?": a country the answers are not written for, so a person answers, with the context
            again = (
                replace(result, decision=ANSWER, candidates=(Candidate(last or "", 1.0),))
                if place == "here"
                else replace(result, decision=ESCALATE, candidates=())
            )
            return Reading(again, f"{context.last_question} / {text}", context.last_question, True)
        question = f"{context.last_question} / {text}"
        combined = self.matcher.match(question, default_lang=result.lang)
        best = result.best.entry_id if result.best else None
        if result.decision == ANSWER and combined.best is not None and combined.best.entry_id == best:
            return alone  # its own topic survives being read with the last question: "Мекен-Карт?" after passports
        near = self.neighbours(context)
        in_context = [c for c in combined.candidates if c.entry_id in near]
        if not in_context:
            return alone
        lead = in_context[0]
        # the message alone may point at a neighbour of its own ("how much does it cost?" → the fees entry)
        own = best if best in near and result.best is not None and result.best.score >= ALONE_SCORE else None
        options = tuple(in_context)
        sure = combined.decision == ANSWER and combined.best == lead
        if own == lead.entry_id:  # read alone and in context it means the same neighbour
            sure = sure or result.decision == ANSWER or result.confidence >= OWN_CONFIDENCE
        elif own is not None:
            assert result.best is not None
            others = tuple(c for c in in_context if c.entry_id != own)
            # the old question outweighs a short follow-up; a neighbour that comes right after the old topic when
            # read together, and that the message names by itself, is where the citizen moved ("and for my kids?")
            moved = len(in_context) > 1 and in_context[1].entry_id == own
            options = (result.best, *others) if moved else (lead, result.best, *others[1:])
            sure = moved and result.decision == ANSWER
        elif result.best is not None and result.best.score >= OUTSIDER_SCORE:
            # the message names another topic by itself ("паспорт" after Meken-Kart): ask, do not bend
            options = (lead, result.best, *in_context[1:])
            sure = False
        elif result.decision == CLARIFY and result.best is not None and result.best.entry_id != lead.entry_id:
            # alone, the message makes a case for a topic of its own (the matcher would offer it as a button: "патент
            # мне там нужен?" after a question about preparing to leave): ask, do not answer the old topic
            options = (lead, result.best, *(c for c in in_context[1:] if c.entry_id != result.best.entry_id))
            sure = False
        decided = replace(combined, text=text, lang=result.lang, decision=ANSWER if sure else CLARIFY)
        return Reading(replace(decided, candidates=options[:MAX_OPTIONS]), question, context.last_question, True)

    def _lone_confirmed(self, text: str, result: MatchResult, context: DialogueState) -> Reading | None:
        """A question of its own that the matcher would ask back about with one topic, answered when the
        conversation points to the same topic: read with the last question it still comes first ("а где в Питере
        консульство?" after a question about a son detained in Saint Petersburg)."""
        if result.decision != CLARIFY or len(result.candidates) != 1 or result.out_of_scope:
            return None
        combined = self.matcher.match(f"{context.last_question} / {text}", default_lang=result.lang)
        if combined.best is None or combined.best.entry_id != result.candidates[0].entry_id:
            return None
        return Reading(replace(result, decision=ANSWER), text, text)

    def _covered_in_context(self, text: str, context: DialogueState) -> bool:
        """A short message with an out-of-scope cue that the last question puts back in scope: "а если у нее РВП?"
        after a question about OMS for a wife (the family's `unless` words are in the last question)."""
        family = self.matcher.off_topic_family(text)
        if family is None or not family.in_follow_ups or self.content_words(text) >= NEW_QUESTION_WORDS:
            return False
        return not self.matcher.off_topic(f"{context.last_question} / {text}")

    def _move(self, text: str, result: MatchResult, context: DialogueState) -> Reading | None:
        """A short follow-up of a kind the editors mapped ("how much?", "а жене?", "кантип алам?") goes to the entry
        they named for the last topic; a message with a confident topic of its own elsewhere is left alone.

        After a clarify the citizen did not answer, the options stand for the last topic: "сколько стоит?" after
        "passport or appointment?" goes to the fees when the editors send both there.
        """
        last = context.last_entry_id
        if not context.last_question or self.content_words(text) >= NEW_QUESTION_WORDS:
            return None
        if self.reader.opens_new_topic(text):
            return None
        moves = {self.reader.move(text, topic) for topic in ((last,) if last else context.clarify_options)}
        if len(moves) != 1:
            return None
        found = moves.pop()
        if found is None or found[0] not in self.faq.entries:
            return None
        target, only_the_phrase = found
        own = result.best if result.best is not None and not result.smalltalk else None
        named = (
            not only_the_phrase
            and own is not None
            and own.entry_id not in (last, target)
            and own.score >= OUTSIDER_SCORE
        )
        if named and self.content_words(text) >= 2:  # one word ("а жене?") names no topic of its own
            return None  # "сколько стоит ОМС?" after a passport answer names its own topic
        answer = replace(
            result, decision=ANSWER, candidates=(Candidate(target, 1.0),), smalltalk=None, out_of_scope=False
        )
        return Reading(answer, f"{context.last_question} / {text}", context.last_question, True)
