"""The per-chat dialogue state and the reading of typed replies: plain data, no Telegram, no storage."""

from pathlib import Path

import pytest

from bot.domain.choices import NONE_OF_THESE, DialogueReader
from bot.domain.context import CONTEXT_TTL, EMPTY, DialogueState
from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher

FAQ = Path(__file__).resolve().parents[1] / "faq"
NOW = 1_900_000_000.0


def test_state_survives_a_json_round_trip():
    state = DialogueState(
        last_entry_id="oms-worker",
        last_question="Как получить полис ОМС? «по договору»",
        clarify_options=("oms-worker", "oms-family"),
        forward_question="Как получить полис ОМС? / а детям?",
        lang="ru",
        updated_at=NOW,
    )
    assert DialogueState.from_json(state.to_json()) == state
    assert DialogueState.from_json(EMPTY.to_json()) == EMPTY


@pytest.mark.parametrize(
    "raw", [None, "", "{", "[1, 2]", '"text"', '{"o": "oms-worker", "t": "yesterday"}', '{"t": true}', b"\xff"]
)
def test_an_unreadable_state_is_an_empty_one(raw):
    state = DialogueState.from_json(raw)
    assert state.last_entry_id is None and state.clarify_options == () and not state.is_live(NOW)


def test_a_state_expires_after_half_an_hour():
    state = DialogueState(last_entry_id="appointment", last_question="как записаться", updated_at=NOW)
    assert state.is_live(NOW + 60)
    assert state.is_live(NOW + CONTEXT_TTL)
    assert not state.is_live(NOW + CONTEXT_TTL + 1)
    assert not EMPTY.is_live(NOW)


@pytest.fixture(scope="module")
def reader():
    faq = load_faq(FAQ)
    return DialogueReader(faq.dialogue, Matcher(faq).analyzer.english)


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("2", 1),
        ("2-й", 1),
        ("№3", 2),
        ("вариант 2", 1),
        ("второе", 1),
        ("давай второй", 1),
        ("первый", 0),
        ("последний", 2),
        ("vtoroe", 1),
        ("экинчиси", 1),
        ("биринчи", 0),
        ("акыркысы", 2),
        ("ekinchisi", 1),
        ("the second one", 1),
        ("first", 0),
        ("option 3", 2),
        ("3rd", 2),
        ("ни то ни другое", NONE_OF_THESE),
        ("ничего из этого", NONE_OF_THESE),
        ("none of these", NONE_OF_THESE),
        ("neither", NONE_OF_THESE),
        ("эч бири", NONE_OF_THESE),
        ("эч бири эмес", NONE_OF_THESE),
        ("ech biri", NONE_OF_THESE),
    ],
)
def test_typed_answers_to_a_clarify(reader, text, picked):
    assert reader.choice(text, 3) == picked


@pytest.mark.parametrize(
    "text",
    [
        "4",  # there are only three options
        "0",
        "2 года назад меня депортировали",  # a question that holds a number
        "а для детей?",
        "второй раз пишу, где консульство в Казани?",
        "",
    ],
)
def test_other_messages_are_not_answers_to_a_clarify(reader, text):
    assert reader.choice(text, 3) is None


@pytest.mark.parametrize(
    ("text", "new"),
    [("и ещё вопрос: где консульство?", True), ("баса, консулдук ишембиде иштейби?", True), ("а детям?", False)],
)
def test_an_announced_new_question(reader, text, new):
    assert reader.opens_new_topic(text) is new


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("а в Казахстане?", "here"),
        ("Казандачы?", "here"),
        ("and in Almaty?", "here"),
        ("what about Batken?", "here"),
        ("а в Германии?", "elsewhere"),
        ("and in Dubai?", "elsewhere"),
        ("а в Казахстане патент нужен?", None),
        ("а детям?", None),
    ],
)
def test_a_message_that_only_names_a_place(faq_places_reader, text, place):
    assert faq_places_reader.names_only_a_place(text) == place


@pytest.fixture(scope="module")
def faq_places_reader():
    faq = load_faq(FAQ)
    return DialogueReader(faq.dialogue, Matcher(faq).analyzer.english, faq.urgency_markers.countries)
