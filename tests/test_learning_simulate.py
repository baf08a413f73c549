"""The simulated citizen and staff: what they press after each kind of bot reply."""

from __future__ import annotations

from bot.learning.simulate_policy import (
    ASK_STAFF,
    DEFAULT_FREE_TEXT,
    FAQ,
    PICK,
    TEXT,
    THUMBS_DOWN,
    THUMBS_UP,
    BotTurn,
    CitizenAction,
    citizen_next,
    play,
    staff_reply,
)

BAN = {"text": "кара тизмени кантип текшерем", "lang": "ky", "expect": "entry-ban-check"}
NONE = {"text": "погода в москве", "lang": "ru", "expect": "none"}


def test_right_answer_gets_a_thumbs_up() -> None:
    turn = BotTurn("answer", shown_entry="entry-ban-check")
    assert citizen_next(BAN, turn) == (CitizenAction(THUMBS_UP, "entry-ban-check"),)


def test_wrong_answer_gets_a_thumbs_down_then_asks_staff() -> None:
    turn = BotTurn("answer", shown_entry="entry-ban-lift")
    assert citizen_next(BAN, turn) == (CitizenAction(THUMBS_DOWN, "entry-ban-lift"), CitizenAction(ASK_STAFF))
    assert citizen_next(NONE, turn) == (CitizenAction(THUMBS_DOWN, "entry-ban-lift"), CitizenAction(ASK_STAFF))


def test_clarify_picks_the_right_option_or_none_of_these() -> None:
    offered = BotTurn("clarify", options=("entry-ban-lift", "entry-ban-check"))
    assert citizen_next(BAN, offered) == (CitizenAction(PICK, "entry-ban-check"),)
    missing = BotTurn("clarify", options=("entry-ban-lift", "entry-ban-duration"))
    assert citizen_next(BAN, missing) == (CitizenAction(ASK_STAFF),)
    assert citizen_next(NONE, offered) == (CitizenAction(ASK_STAFF),)


def test_escalation_offer_is_accepted() -> None:
    assert citizen_next(BAN, BotTurn("escalate")) == (CitizenAction(ASK_STAFF),)
    assert citizen_next(NONE, BotTurn("escalate")) == (CitizenAction(ASK_STAFF),)


def test_out_of_scope_is_accepted_only_when_true() -> None:
    assert citizen_next(NONE, BotTurn("out_of_scope")) == ()
    assert citizen_next(BAN, BotTurn("out_of_scope")) == (CitizenAction(ASK_STAFF),)


def test_urgent_answer_and_other_replies() -> None:
    assert citizen_next(BAN, BotTurn("urgent", shown_entry="entry-ban-check")) == (
        CitizenAction(THUMBS_UP, "entry-ban-check"),
    )
    assert citizen_next(BAN, BotTurn("urgent", shown_entry="detained-abroad")) == ()
    assert citizen_next(BAN, BotTurn("smalltalk")) == ()


def test_staff_answer_with_the_entry_or_in_their_own_words() -> None:
    faq = staff_reply(BAN)
    assert (faq.kind, faq.entry, faq.label, faq.staff_answer) == (
        FAQ,
        "entry-ban-check",
        "entry-ban-check",
        "faq:entry-ban-check",
    )
    own = staff_reply(NONE)
    assert (own.kind, own.text, own.label, own.staff_answer) == (TEXT, DEFAULT_FREE_TEXT, "new", "text")
    assert staff_reply(NONE, free_text="Ответ сотрудника").text == "Ответ сотрудника"


def test_play_clarify_then_pick_then_thumbs_up() -> None:
    presses: list[CitizenAction] = []

    def press(action: CitizenAction) -> BotTurn | None:
        presses.append(action)
        if action.kind == PICK:
            return BotTurn("answer", shown_entry=action.entry)
        return None

    done = play(BAN, BotTurn("clarify", options=("entry-ban-lift", "entry-ban-check")), press)
    assert done == [CitizenAction(PICK, "entry-ban-check"), CitizenAction(THUMBS_UP, "entry-ban-check")]
    assert presses == done


def test_play_stops_a_bot_that_keeps_asking() -> None:
    def press(action: CitizenAction) -> BotTurn | None:
        return BotTurn("clarify", options=("entry-ban-check",))  # picking never leads to an answer

    done = play(BAN, BotTurn("clarify", options=("entry-ban-check",)), press, max_turns=3)
    assert done == [CitizenAction(PICK, "entry-ban-check")] * 3
