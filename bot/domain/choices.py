"""Reading a short message against the last reply: a typed clarify answer, or an announced change of subject.

Citizens answer "Did you mean: 1) … 2) …?" by typing as often as by pressing: "2", "второе", "экинчиси",
"ни то ни другое", "none of these", "эч бири". And they announce a new question ("и ещё вопрос", "баса",
"by the way") that must not be read as a follow-up. The words are editor data in faq/dialogue.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.faq.model import DialogueWords
from bot.matching.phrases import PhraseList, Word, words_of

NONE_OF_THESE = -1
_MAX_CHOICE_WORDS = 6  # a longer message is a question of its own, even if it holds a number
_NUMBER = re.compile(r"(\d{1,2})([a-zа-я]{0,2})")  # "2", "2й", "2nd"


class DialogueReader:
    """Built once from dialogue.yaml; every method is pure."""

    def __init__(
        self, words: DialogueWords, english: frozenset[str], countries: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        self._english = english

        def phrases(items: tuple[str, ...]) -> PhraseList:
            return PhraseList(items, english, this_year=0)

        self._ordinals = [phrases(position) for position in words.ordinals]
        self._last = phrases(words.last_option)
        self._none = phrases(words.none_of_these)
        self._fillers = phrases(words.choice_fillers)
        self._new_topic = phrases(words.new_topic)
        countries = countries or {}
        home = [name for country in words.faq_countries for name in countries.get(country, ())]
        elsewhere = [
            name for country, names in countries.items() if country not in words.faq_countries for name in names
        ]
        self._places = phrases((*words.places, *home))
        self._elsewhere = phrases(tuple(elsewhere))
        self._place_fillers = phrases(words.place_fillers)
        self._moves = [(move.targets, phrases(move.phrases)) for move in words.moves]

    def choice(self, text: str, options: int) -> int | None:
        """The option (0-based) a typed reply picks, NONE_OF_THESE, or None when it is not an answer to the clarify."""
        words = words_of(text, self._english)
        if not words or len(words) > _MAX_CHOICE_WORDS or options <= 0:
            return None
        if self._whole(self._none, words):
            return NONE_OF_THESE
        core = [w for w in words if not self._fillers.spans([w])]
        if not core:
            return None
        numbers = [int(m.group(1)) for w in core if (m := _NUMBER.fullmatch(w.raw))]
        if len(core) == 1 and numbers:
            return numbers[0] - 1 if 1 <= numbers[0] <= options else None
        if self._whole(self._last, core):
            return options - 1
        for index, ordinal in enumerate(self._ordinals[:options]):
            if self._whole(ordinal, core):
                return index
        return None

    def opens_new_topic(self, text: str) -> bool:
        """The message announces another question ("и ещё вопрос", "баса", "by the way")."""
        words = words_of(text, self._english)
        return any(start == 0 for start, _, _ in self._new_topic.spans(words))

    def move(self, text: str, last: str) -> tuple[str, bool] | None:
        """The entry a follow-up asks for after `last` ("сколько стоит?" after a passport answer: the fees), if the
        editors wrote one down (dialogue.yaml `follow_ups`; the first kind in the file that fits wins), and whether
        the follow-up phrase (with small words) is all the message says.

        "how long does it take?" says nothing else, so no topic it seems to name alone ("how long" → entry bans)
        can outweigh the editors' move; "сколько стоит ОМС?" names a topic of its own.
        """
        words = words_of(text, self._english)
        for targets, said in self._moves:
            spans = said.spans(words)
            if last in targets and spans:
                covered = [False] * len(words)
                for start, end, _ in (*spans, *self._place_fillers.spans(words), *self._fillers.spans(words)):
                    covered[start : end + 1] = [True] * (end + 1 - start)
                return targets[last], all(covered)
        return None

    def names_only_a_place(self, text: str) -> str | None:
        """ "here" or "elsewhere" for nothing but a place and small words ("а в Казахстане?", "what about Batken?").

        "elsewhere" is a country the FAQ does not answer for ("а в Германии?"), None anything else.
        """
        words = words_of(text, self._english)
        if not words or len(words) > _MAX_CHOICE_WORDS:
            return None
        here, elsewhere = self._places.spans(words), self._elsewhere.spans(words)
        covered = [False] * len(words)
        for start, end, _ in (*here, *elsewhere, *self._place_fillers.spans(words)):
            covered[start : end + 1] = [True] * (end + 1 - start)
        if not all(covered) or not (here or elsewhere):
            return None
        return "elsewhere" if elsewhere else "here"

    @staticmethod
    def _whole(phrases: PhraseList, words: list[Word]) -> bool:
        """Some phrase covers the message from its first word to its last."""
        return any(start == 0 and end == len(words) - 1 for start, end, _ in phrases.spans(words))
