"""The operator's switches in the pure conversation core: an entry switched off is never answered or offered,
and while paused no FAQ text reaches a citizen, yet every question can still go to staff.

The real FAQ, matcher and UI strings; a scripted matcher only where a test needs a fixed clarify.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.domain.context import DialogueState
from bot.domain.controls import Controls
from bot.domain.conversation import Conversation, Reply
from bot.domain.i18n import Translator
from bot.faq.loader import load_faq
from bot.matching.matcher import CLARIFY, Candidate
from tests.test_conversation import ScriptedMatcher

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_900_000_000.0
BAN_QUESTION = "как проверить есть ли запрет на въезд в россию"
OPTIONS = ("oms-worker", "oms-family", "emergency-care")
CLARIFIED = "полис ОМС нужен, как быть"


@pytest.fixture(scope="module")
def faq():
    return load_faq(ROOT / "faq")


@pytest.fixture(scope="module")
def translator():
    return Translator.load(ROOT / "locales")


@pytest.fixture(scope="module")
def matcher(faq):
    scripted = ScriptedMatcher(faq)
    scripted.script[CLARIFIED] = (CLARIFY, tuple(Candidate(e, 0.7) for e in OPTIONS), False)
    return scripted


def talk(faq, matcher, translator, **controls) -> Conversation:
    return Conversation(faq, matcher, translator, Controls(**controls))


def datas(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row]


def answer_of(faq, entry_id: str, lang: str) -> str:
    return faq.entry(entry_id).text(lang).answer


# ---- one entry switched off ------------------------------------------------------------------------


def test_a_question_answered_by_a_disabled_entry_goes_to_staff(faq, matcher, translator):
    assert talk(faq, matcher, translator).respond(BAN_QUESTION, "ru", now=NOW).entry_id == "entry-ban-check"
    reply = talk(faq, matcher, translator, disabled=frozenset({"entry-ban-check"})).respond(BAN_QUESTION, "ru", now=NOW)
    assert reply.kind == "escalate" and reply.entry_id is None
    assert datas(reply)[0] == "x"
    assert answer_of(faq, "entry-ban-check", "ru") not in reply.text
    assert reply.state.forward_question == BAN_QUESTION  # the button sends exactly this question


def test_a_clarify_skips_disabled_options_and_escalates_when_none_is_left(faq, matcher, translator):
    reply = talk(faq, matcher, translator, disabled=frozenset({"oms-family"})).respond(CLARIFIED, "ru", now=NOW)
    assert reply.kind == "clarify"
    assert datas(reply) == ["e:oms-worker", "e:emergency-care", "x"]
    assert reply.state.clarify_options == ("oms-worker", "emergency-care")
    none_left = talk(faq, matcher, translator, disabled=frozenset(OPTIONS)).respond(CLARIFIED, "ru", now=NOW)
    assert none_left.kind == "escalate" and datas(none_left)[0] == "x"


def test_an_entry_disabled_after_the_clarify_is_not_shown_when_picked(faq, matcher, translator):
    conversation = talk(faq, matcher, translator)
    clarify = conversation.respond(CLARIFIED, "ru", now=NOW)
    conversation.controls = Controls(disabled=frozenset({"oms-family"}))
    for picked in (conversation.respond("2", "ru", clarify.state, now=NOW + 5),
                   conversation.press("e:oms-family", "ru", clarify.state, now=NOW + 5)):  # fmt: skip
        assert picked is not None and picked.kind == "escalate"
        assert answer_of(faq, "oms-family", "ru") not in picked.text
        assert picked.state.forward_question == CLARIFIED


def test_menu_and_groups_never_offer_a_disabled_entry(faq, matcher, translator):
    group = faq.groups[0]
    off = frozenset(group.entry_ids[:1])
    shown = talk(faq, matcher, translator, disabled=off).group(group.id, "en")
    assert shown is not None
    assert f"e:{group.entry_ids[0]}" not in datas(shown)
    assert f"e:{group.entry_ids[1]}" in datas(shown)
    whole_group_off = talk(faq, matcher, translator, disabled=frozenset(group.entry_ids)).menu("en")
    assert f"g:{group.id}" not in datas(whole_group_off)
    assert f"g:{faq.groups[1].id}" in datas(whole_group_off)


def test_related_links_skip_a_disabled_entry(faq, matcher, translator):
    related = faq.entry("passport-lost-abroad").related[0]
    assert f"e:{related}" in datas(talk(faq, matcher, translator).entry("passport-lost-abroad", "ru"))
    reply = talk(faq, matcher, translator, disabled=frozenset({related})).entry("passport-lost-abroad", "ru")
    assert f"e:{related}" not in datas(reply)


def test_an_emergency_whose_entry_is_off_still_opens_a_ticket_without_its_text(faq, matcher, translator):
    without_own_text = replace(faq, urgent_answers={})
    question = "брата задержали в Москве, что делать?"
    conversation = Conversation(
        without_own_text, matcher, translator, Controls(disabled=frozenset({"detained-abroad"}))
    )
    reply = conversation.respond(question, "ru", now=NOW)
    assert reply.kind == "urgent" and reply.wants_ticket
    assert answer_of(faq, "detained-abroad", "ru") not in reply.text
    assert translator.t("ru", "dialogue.urgent_abroad") in reply.text


# ---- the kill switch -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "lang"),
    [(BAN_QUESTION, "ru"), ("паспортумду жоготуп алдым, мекенге кантип кайтам", "ky"), ("how to renew passport", "en")],
)
def test_while_paused_no_faq_answer_and_the_question_can_go_to_staff(faq, matcher, translator, question, lang):
    reply = talk(faq, matcher, translator, paused=True).respond(question, lang, now=NOW)
    assert reply.kind == "paused" and reply.lang == lang
    assert reply.text == translator.t(lang, "admin.maintenance")
    assert datas(reply) == ["x"]
    assert reply.state.forward_question == question
    assert reply.entry_id is None


def test_while_paused_the_admins_own_words_are_shown_escaped(faq, matcher, translator):
    reply = talk(faq, matcher, translator, paused=True, pause_message="Работы <до 18:00>").respond(
        BAN_QUESTION, "ru", now=NOW
    )
    assert reply.text == "Работы &lt;до 18:00&gt;"


def test_while_paused_menus_and_old_buttons_show_no_faq_text(faq, matcher, translator):
    conversation = talk(faq, matcher, translator, paused=True)
    maintenance = translator.t("en", "admin.maintenance")
    welcome = conversation.welcome("Kanat", "en")
    assert maintenance in welcome.text and not any(d.startswith("g:") for d in datas(welcome))
    assert "/privacy" in welcome.text
    for data in ("m", f"g:{faq.groups[0].id}", "e:entry-ban-check"):
        pressed = conversation.press(data, "en", None, now=NOW)
        assert pressed is not None and pressed.kind == "paused", data
        assert answer_of(faq, "entry-ban-check", "en") not in pressed.text


def test_while_paused_an_emergency_still_opens_a_ticket_with_the_general_advice(faq, matcher, translator):
    reply = talk(faq, matcher, translator, paused=True).respond("брата задержали в Москве, что делать?", "ru", now=NOW)
    assert reply.kind == "urgent" and reply.wants_ticket and reply.entry_id is None
    assert translator.t("ru", "dialogue.urgent_abroad") in reply.text
    assert faq.urgent_answers["detention"]["ru"] not in reply.text


def test_while_paused_thanks_is_still_thanks(faq, matcher, translator):
    state = DialogueState("entry-ban-check", BAN_QUESTION, (), BAN_QUESTION, "ru", NOW)
    reply = talk(faq, matcher, translator, paused=True).respond("спасибо", "ru", state, now=NOW + 5)
    assert reply.kind == "smalltalk"
