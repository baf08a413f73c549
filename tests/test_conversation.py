"""The conversation read in context: follow-ups, typed clarify answers, operator requests, out of scope, emergencies.

Everything runs on the real FAQ, matcher and UI strings; only where the matcher colleague's verdicts are not
there yet (out of scope) or where the test needs a fixed clarify, a matcher subclass returns a built result.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.domain.context import CONTEXT_TTL, DialogueState
from bot.domain.conversation import Conversation
from bot.domain.i18n import Translator
from bot.faq.loader import load_faq
from bot.matching.matcher import ANSWER, CLARIFY, ESCALATE, Candidate, Matcher, MatchResult

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_900_000_000.0


class ScriptedMatcher(Matcher):
    """The real matcher, except for the questions a test scripts (verdicts the real one does not give yet)."""

    def __init__(self, faq) -> None:
        super().__init__(faq)
        self.script: dict[str, tuple[str, tuple[Candidate, ...], bool]] = {}

    def match(self, text: str, default_lang: str = "ru") -> MatchResult:
        result = super().match(text, default_lang)
        if text in self.script:
            decision, candidates, out_of_scope = self.script[text]
            return replace(result, decision=decision, candidates=candidates, out_of_scope=out_of_scope)
        return result


@pytest.fixture(scope="module")
def faq():
    return load_faq(ROOT / "faq")


@pytest.fixture(scope="module")
def translator():
    return Translator.load(ROOT / "locales")


@pytest.fixture(scope="module")
def scripted(faq):
    return ScriptedMatcher(faq)


@pytest.fixture(scope="module")
def conversation(faq, scripted, translator):
    return Conversation(faq, scripted, translator)


def answer_of(faq, entry_id, lang):
    return faq.entry(entry_id).text(lang).answer


def datas(reply):
    return [b.data for row in reply.buttons for b in row]


# ---- follow-ups -----------------------------------------------------------------------------------

FOLLOW_UPS = [
    ("ru", "Сколько дней даётся на регистрацию по месту пребывания в России?", "migration-registration",
     "а если я в Казахстане?", "migration-registration"),
    ("en", "Do I need a work patent to work in Russia?", "work-permit-eaeu", "and in Kazakhstan?", "work-permit-eaeu"),
    ("ky", "Россияда иштеш үчүн патент керекпи?", "work-permit-eaeu", "Казакстандачы?", "work-permit-eaeu"),
    ("ru", "Что такое свидетельство на возвращение?", "return-certificate", "а сколько его ждать?",
     "return-certificate"),
    ("en", "Can I get an OMS policy as a worker with a contract?", "oms-worker", "and for my kids?", "oms-family"),
    ("ru", "Где в Москве кыргызская диаспора?", "diaspora", "а в Екатеринбурге?", "diaspora"),
    # "how long" alone points at the entry bans; after a question about citizenship it asks how long *that* takes
    ("ky", "Кыргыз жарандыгынан кантип чыгам?", "citizenship", "канча убакыт кетет?", "citizenship"),
    ("en", "How do I apply for Meken-Kart?", "meken-kart-apply", "how long does it take?", "meken-kart-apply"),
    ("ru", "Как записаться на прием в консульство?", "appointment", "а до скольки работают?", "appointment"),
    ("ky", "Балам Россияда төрөлдү, кантип каттатабыз?", "birth-registration", "кайсы документтер керек?",
     "birth-registration"),
    # a residence permit is out of scope alone, but here it is the wife's status in a question about her policy
    ("ru", "Жене мигранта дадут полис ОМС в России?", "oms-family", "а если у нее РВП?", "oms-family"),
    ("ru", "Где регистрируют смерть кыргызстанца за границей?", "death-abroad-register", "а как его домой довезти?",
     "repatriation-documents"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "first", "first_entry", "follow_up", "entry"), FOLLOW_UPS)
def test_a_follow_up_is_answered_from_the_last_topic(conversation, lang, first, first_entry, follow_up, entry):
    one = conversation.respond(first, lang, None, now=NOW)
    assert (one.kind, one.entry_id) == ("answer", first_entry)
    two = conversation.respond(follow_up, lang, one.state, now=NOW + 120)
    assert (two.kind, two.entry_id) == ("answer", entry)
    assert two.text == conversation.entry(entry, lang).text
    assert two.state.forward_question == f"{first} / {follow_up}"  # staff see what the follow-up leans on


@pytest.mark.parametrize(("lang", "first", "first_entry", "follow_up", "entry"), FOLLOW_UPS[:3])
def test_a_follow_up_after_a_restart(conversation, lang, first, first_entry, follow_up, entry):
    """The state went through the database as JSON, as after a restart of the bot."""
    stored = conversation.respond(first, lang, None, now=NOW).state.to_json()
    two = conversation.respond(follow_up, lang, DialogueState.from_json(stored), now=NOW + 600)
    assert (two.kind, two.entry_id) == ("answer", entry)


def test_a_follow_up_that_alone_points_elsewhere_does_not_get_the_old_answer_again(conversation):
    """Read with the last question, "how long does it last" is mostly that question; alone, the matcher would offer
    the duration entry. The citizen is asked, not handed the check-a-ban answer a second time."""
    one = conversation.respond("Как проверить, есть ли у меня запрет на въезд в Россию?", "ru", None, now=NOW)
    assert one.entry_id == "entry-ban-check"
    two = conversation.respond("скока он длится", "ru", one.state, now=NOW + 60)
    assert not (two.kind == "answer" and two.entry_id == "entry-ban-check")
    assert two.entry_id == "entry-ban-duration" or "e:entry-ban-duration" in datas(two)


def test_how_long_after_meken_kart_is_not_the_dual_citizenship_answer(conversation):
    one = conversation.respond("What is Meken-Kart?", "en", None, now=NOW)
    assert one.entry_id == "meken-kart-what"
    two = conversation.respond("how long does it take?", "en", one.state, now=NOW + 30)
    assert not (two.kind == "answer" and two.entry_id == "citizenship")
    assert two.entry_id == "meken-kart-apply" or "e:meken-kart-apply" in datas(two)


@pytest.mark.parametrize(("lang", "first", "follow_up"), [(f[0], f[1], f[3]) for f in FOLLOW_UPS])
def test_an_expired_state_is_ignored(conversation, lang, first, follow_up):
    state = conversation.respond(first, lang, None, now=NOW).state
    late = conversation.respond(follow_up, lang, state, now=NOW + CONTEXT_TTL + 1)
    fresh = conversation.respond(follow_up, lang, None, now=NOW + CONTEXT_TTL + 1)
    assert (late.kind, late.entry_id, late.buttons, late.state) == (
        fresh.kind,
        fresh.entry_id,
        fresh.buttons,
        fresh.state,
    )
    assert late.state.forward_question == follow_up  # nothing of the old question leaks into the ticket


@pytest.mark.parametrize(
    ("lang", "first", "question", "entry"),
    [
        ("ru", "Как получить полис ОМС, если я работаю по трудовому договору?",
         "Как записаться на приём в консульство в Новосибирске?", "appointment"),
        ("en", "What is Meken-Kart?", "How do I register the birth of my daughter born in Moscow?",
         "birth-registration"),
        ("ky", "Мекен-Карт деген эмне?", "Консулдукка кезекке кантип жазылам?", "appointment"),
        ("ru", "Что такое свидетельство на возвращение?", "и ещё вопрос: будет ли амнистия по запретам на въезд?",
         "entry-ban-amnesty"),
    ],
)  # fmt: skip
def test_a_new_question_is_not_bent_to_the_old_topic(conversation, lang, first, question, entry):
    one = conversation.respond(first, lang, None, now=NOW)
    two = conversation.respond(question, lang, one.state, now=NOW + 60)
    assert (two.kind, two.entry_id) == ("answer", entry)
    assert two.state.forward_question == question


def test_a_mapped_follow_up_after_an_unanswered_clarify_goes_where_every_option_sends_it(conversation, scripted):
    question = "паспорт поменять и записаться"
    ids = ("passport-renew-abroad", "appointment")
    scripted.script[question] = (CLARIFY, tuple(Candidate(e, 0.8 - i / 10) for i, e in enumerate(ids)), False)
    try:
        asked = conversation.respond(question, "ru", None, now=NOW)
        assert asked.kind == "clarify" and asked.state.clarify_options == ids
        cost = conversation.respond("скока стоит?", "ru", asked.state, now=NOW + 30)  # both options → the fees
        assert (cost.kind, cost.entry_id) == ("answer", "consular-fees")
    finally:
        del scripted.script[question]


def test_a_follow_up_asked_back_with_one_topic_is_answered_when_the_conversation_agrees(conversation, scripted):
    """Alone, the matcher would ask back with a single button; read with the last question the same topic still
    comes first, so the citizen gets the answer instead of a question."""
    first = "Как получить полис ОМС, если я работаю в Москве по трудовому договору?"
    follow = "а как работодатель должен мне его оформлять по договору"
    scripted.script[follow] = (CLARIFY, (Candidate("oms-worker", 0.8),), False)
    try:
        one = conversation.respond(first, "ru", None, now=NOW)
        assert one.entry_id == "oms-worker"
        two = conversation.respond(follow, "ru", one.state, now=NOW + 60)
        assert (two.kind, two.entry_id) == ("answer", "oms-worker")
    finally:
        del scripted.script[follow]


def test_a_follow_up_asked_back_with_a_topic_the_conversation_does_not_confirm_stays_a_question(conversation, scripted):
    first = "Сына задержала полиция в Питере, второй день не можем дозвониться. Консульство может помочь?"
    follow = "а где в питере консульство ваше находится"
    scripted.script[follow] = (CLARIFY, (Candidate("consulates-russia", 0.87),), False)
    try:
        one = conversation.respond(first, "ru", None, now=NOW)
        two = conversation.respond(follow, "ru", one.state, now=NOW + 60)
        assert two.kind == "clarify" and "e:consulates-russia" in datas(two)
    finally:
        del scripted.script[follow]


def test_an_out_of_scope_follow_up_is_not_bent_to_the_last_topic(conversation):
    one = conversation.respond("Казакстанда иштеш үчүн патент керекпи?", "ky", None, now=NOW)
    assert one.kind == "answer"
    two = conversation.respond("доллардын курсу бүгүн канча?", "ky", one.state, now=NOW + 60)
    assert two.kind == "out_of_scope"


def test_a_topic_named_by_itself_is_offered_not_answered_with_the_old_one(conversation):
    one = conversation.respond("What is Meken-Kart?", "en", None, now=NOW)
    two = conversation.respond("паспорт", "en", one.state, now=NOW + 60)
    assert two.kind == "clarify"
    assert any(d.startswith("e:passport-") for d in datas(two))


# ---- typed answers to a clarify ---------------------------------------------------------------------

OPTIONS = ("oms-worker", "oms-family", "emergency-care")


def pending(lang):
    return DialogueState(
        clarify_options=OPTIONS, last_question="полис", forward_question="полис керек", lang=lang, updated_at=NOW
    )


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        ("2", "ru", "oms-family"),
        ("второе", "ru", "oms-family"),
        ("третий вариант", "ru", "emergency-care"),
        ("экинчиси", "ky", "oms-family"),
        ("биринчи", "ky", "oms-worker"),
        ("the second one", "en", "oms-family"),
        ("last", "en", "emergency-care"),
    ],
)
def test_a_typed_choice_works_as_its_button(conversation, text, lang, entry):
    typed = conversation.respond(text, lang, pending(lang), now=NOW + 60)
    pressed = conversation.press(f"e:{entry}", lang, pending(lang), now=NOW + 60)
    assert (typed.kind, typed.entry_id, typed.lang) == ("answer", entry, lang)
    assert typed.text == pressed.text and typed.buttons == pressed.buttons and typed.state == pressed.state
    assert typed.state.forward_question == "полис керек" and typed.state.clarify_options == ()


@pytest.mark.parametrize(("text", "lang"), [("ни то ни другое", "ru"), ("none of these", "en"), ("эч бири", "ky")])
def test_none_of_these_typed_offers_the_clarified_question_to_an_officer(conversation, translator, text, lang):
    reply = conversation.respond(text, lang, pending(lang), now=NOW + 60)
    assert reply.kind == "escalate" and reply.text == translator.t(lang, "escalate.offer")
    assert datas(reply)[0] == "x"
    assert reply.state.forward_question == "полис керек" and reply.state.clarify_options == ()


def test_typing_the_number_of_a_real_clarify(conversation, scripted):
    question = "полис ОМС нужен, как быть"
    scripted.script[question] = (CLARIFY, tuple(Candidate(e, 0.7) for e in OPTIONS), False)
    try:
        clarify = conversation.respond(question, "ru", None, now=NOW)
        assert datas(clarify) == ["e:oms-worker", "e:oms-family", "e:emergency-care", "x"]
        assert clarify.state.clarify_options == OPTIONS
        two = conversation.respond("2", "ru", clarify.state, now=NOW + 10)
        assert two.entry_id == "oms-family"
    finally:
        del scripted.script[question]


def test_clarify_buttons_are_exactly_the_matchers_candidates(conversation, scripted):
    question = "документы для ребёнка и паспорт"
    ids = ("birth-registration", "passport-renew-abroad", "documents-abroad", "citizenship", "consular-fees")
    scripted.script[question] = (CLARIFY, tuple(Candidate(e, 0.9 - i / 10) for i, e in enumerate(ids)), False)
    try:
        reply = conversation.respond(question, "en", None, now=NOW)
        assert datas(reply) == [*(f"e:{e}" for e in ids), "x"]
    finally:
        del scripted.script[question]


# ---- talking to a person ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"), [("оператор", "ru"), ("адам менен сүйлөшөм", "ky"), ("I want a human", "en")]
)
def test_asking_for_a_person_gives_one_button(conversation, translator, text, lang):
    reply = conversation.respond(text, lang, None, now=NOW)
    assert reply.kind == "operator"
    assert datas(reply) == ["x"]
    assert reply.state.forward_question is None  # nothing to forward: the ticket opens and asks for details
    assert reply.text == translator.t(lang, "dialogue.operator_confirm")


def test_asking_for_a_person_forwards_the_last_real_question(conversation):
    question = "Как снять запрет на въезд в Россию?"
    one = conversation.respond(question, "ru", None, now=NOW)
    two = conversation.respond("хочу поговорить с живым человеком", "ru", one.state, now=NOW + 60)
    assert two.kind == "operator" and datas(two) == ["x"]
    assert two.state.forward_question == question
    assert question in two.text
    three = conversation.respond("а ночью кто-то отвечает?", "ru", two.state, now=NOW + 90)
    assert three.state.forward_question != "хочу поговорить с живым человеком"


def test_the_operator_entry_button_is_the_same_request(conversation):
    from_menu = conversation.press("e:human-operator", "ru", None, now=NOW)
    assert from_menu is not None and from_menu.kind == "operator" and datas(from_menu) == ["x"]
    assert from_menu.state.forward_question is None
    question = "как получить полис ОМС, работаю по договору"
    clarify = DialogueState(
        clarify_options=("oms-worker", "human-operator"), last_question=question, forward_question=question,
        lang="ru", updated_at=NOW,
    )  # fmt: skip
    picked = conversation.press("e:human-operator", "ru", clarify, now=NOW + 5)
    assert picked is not None and picked.state.forward_question == question


# ---- out of scope -----------------------------------------------------------------------------------


def test_out_of_scope_says_what_the_bot_covers(conversation, scripted, faq, translator):
    question = "какая погода будет в Бишкеке завтра?"
    scripted.script[question] = (ESCALATE, (), True)
    try:
        reply = conversation.respond(question, "ru", None, now=NOW)
    finally:
        del scripted.script[question]
    assert reply.kind == "out_of_scope"
    assert reply.text.startswith(translator.t("ru", "dialogue.out_of_scope", topics="")[:40])
    assert all(group.title["ru"] in reply.text for group in faq.groups)
    assert datas(reply) == ["x", *(f"g:{g.id}" for g in faq.groups)]  # no FAQ topic as a button
    assert reply.state.forward_question == question


def test_out_of_scope_with_a_plausible_topic_offers_only_that_one(conversation, scripted):
    question = "сколько стоит доверенность у нотариуса в Бишкеке?"
    scripted.script[question] = (CLARIFY, (Candidate("consular-fees", 0.7),), True)
    try:
        reply = conversation.respond(question, "en", None, now=NOW)
    finally:
        del scripted.script[question]
    assert reply.kind == "out_of_scope"
    assert datas(reply) == ["e:consular-fees", "x", "m"]
    assert reply.state.clarify_options == ("consular-fees",)


# ---- emergencies ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def without_urgent_answers(faq, scripted, translator):
    """The fallbacks, as for a situation kind that urgent_answers.yaml does not cover."""
    return Conversation(replace(faq, urgent_answers={}), scripted, translator)


def test_an_urgent_reply_uses_the_situations_own_text(conversation, faq):
    reply = conversation.respond("брата задержали в Москве, что делать?", "ru", None, now=NOW)
    assert reply.kind == "urgent" and reply.wants_ticket
    assert faq.urgent_answers["detention"]["ru"] in reply.text
    assert reply.state.forward_question == "брата задержали в Москве, что делать?"


def test_an_urgent_reply_puts_the_entry_it_answers_with_one_tap_away(conversation, faq):
    question = "Сегодня утром умер отец в Новосибирске, какие документы нужны чтобы отправить тело в Бишкек?"
    reply = conversation.respond(question, "ru", None, now=NOW)
    assert reply.kind == "urgent" and faq.urgent_answers["death"]["ru"] in reply.text
    assert reply.match is not None and reply.match.decision == ANSWER
    assert datas(reply) == ["e:repatriation-documents", "m"]  # match --jsonl: answer, repatriation-documents
    assert reply.entry_id == "repatriation-documents" == reply.state.last_entry_id


def test_an_urgent_reply_offers_what_the_matcher_would_have_asked_about(conversation, scripted, faq):
    question = "брат разбился на мотоцикле в Стамбуле, погиб, что нам делать с телом"
    ids = ("repatriation-costs", "repatriation-documents")
    scripted.script[question] = (CLARIFY, tuple(Candidate(e, 0.8 - i / 10) for i, e in enumerate(ids)), False)
    try:
        reply = conversation.respond(question, "ru", None, now=NOW)
        assert reply.kind == "urgent" and reply.wants_ticket and faq.urgent_answers["death"]["ru"] in reply.text
        assert datas(reply) == ["e:repatriation-costs", "e:repatriation-documents", "m"]  # the buttons match reports
        picked = conversation.respond("второе", "ru", reply.state, now=NOW + 20)  # typed, as a button press
        assert (picked.kind, picked.entry_id) == ("answer", "repatriation-documents")
    finally:
        del scripted.script[question]


def test_without_its_own_text_an_urgent_reply_in_russia_carries_the_entry(without_urgent_answers, faq):
    reply = without_urgent_answers.respond("брата задержали в Москве, что делать?", "ru", None, now=NOW)
    assert reply.kind == "urgent" and answer_of(faq, "detained-abroad", "ru") in reply.text


@pytest.mark.parametrize(
    ("text", "lang"),
    [("брата задержали в Алматы, что делать?", "ru"), ("Стамбулда уулумду кармап кетишти", "ky")],
)
def test_an_urgent_reply_elsewhere_never_falls_back_to_russian_rules(without_urgent_answers, translator, text, lang):
    reply = without_urgent_answers.respond(text, lang, None, now=NOW)
    assert reply.kind == "urgent" and reply.urgency is not None and reply.urgency.country != "russia"
    assert translator.t(lang, "dialogue.urgent_abroad") in reply.text
    assert "Росси" not in reply.text.replace(translator.t(lang, "urgent.notice"), "")


def test_a_missing_person_is_not_told_to_press_a_button(without_urgent_answers, faq, translator):
    text = "сестра пропала в Москве, третий день не выходит на связь"
    reply = without_urgent_answers.respond(text, "ru", None, now=NOW)
    assert reply.kind == "urgent" and reply.wants_ticket and reply.urgency.kind == "missing"
    assert answer_of(faq, "human-operator", "ru") not in reply.text
    assert translator.t("ru", "dialogue.urgent_abroad") in reply.text


def test_an_urgent_reply_prefers_the_situations_own_text(faq, scripted, translator):
    answers = {"detention": {lang: f"KIND {lang}" for lang in ("ky", "ru", "en")},
               "detention/turkey": {lang: f"TURKEY {lang}" for lang in ("ky", "ru", "en")}}  # fmt: skip
    conversation = Conversation(replace(faq, urgent_answers=answers), scripted, translator)
    assert "TURKEY en" in conversation.respond("my son was arrested in Istanbul", "en", now=NOW).text
    assert "KIND en" in conversation.respond("my son was arrested in Almaty", "en", now=NOW).text
    assert "KIND ru" in conversation.respond("сына арестовали в Казани", "ru", now=NOW).text


def test_an_emergency_in_a_follow_up_answers_at_once(conversation):
    one = conversation.respond("Как встать на консульский учёт?", "ru", None, now=NOW)
    two = conversation.respond("а брата только что задержали", "ru", one.state, now=NOW + 30)
    assert two.kind == "urgent" and two.wants_ticket and two.entry_id == "detained-abroad"


# ---- buttons keep the context -----------------------------------------------------------------------


def test_menu_buttons_keep_the_context(conversation):
    one = conversation.respond("Do I need a work patent to work in Russia?", "en", None, now=NOW)
    menu = conversation.press("m", "en", one.state, now=NOW + 10)
    assert menu is not None and menu.state == one.state
    two = conversation.respond("and in Kazakhstan?", "en", menu.state, now=NOW + 20)
    assert two.entry_id == "work-permit-eaeu"


def test_the_old_two_argument_call_still_works(conversation):
    reply = conversation.respond("как проверить запрет на въезд в россию", "ru")
    assert reply.entry_id == "entry-ban-check" and reply.state.last_entry_id == "entry-ban-check"


def test_thanks_between_two_turns_keeps_the_context(conversation):
    one = conversation.respond("Do I need a work patent to work in Russia?", "en", None, now=NOW)
    thanks = conversation.respond("thank you!", "en", one.state, now=NOW + 20)
    assert thanks.kind == "smalltalk" and thanks.state == one.state
    two = conversation.respond("and in Kazakhstan?", "en", thanks.state, now=NOW + 40)
    assert two.entry_id == "work-permit-eaeu"


def test_ok_thanks_after_an_answer_is_not_answered_with_the_same_topic_again(conversation):
    one = conversation.respond("скорая помощь бесплатная для мигрантов без полиса?", "ru", None, now=NOW)
    assert one.kind == "answer"
    thanks = conversation.respond("понятно спасибо", "ru", one.state, now=NOW + 20)
    assert thanks.kind == "smalltalk"


def test_out_of_scope_is_never_answered_from_the_faq(conversation, scripted):
    question = "сколько стоит билет до Москвы?"
    scripted.script[question] = (ANSWER, (Candidate("consular-fees", 0.9),), True)
    try:
        reply = conversation.respond(question, "ru", None, now=NOW)
    finally:
        del scripted.script[question]
    assert reply.kind == "out_of_scope" and reply.entry_id is None


@pytest.mark.parametrize(
    ("lang", "first", "question"),
    [
        ("ru", "как проверить есть ли запрет на въезд в россию", "где в бишкеке купить детский велосипед недорого"),
        ("en", "What is Meken-Kart?", "which bank in Osh gives the cheapest car loan this month"),
    ],
)
def test_an_unrelated_question_the_bot_is_unsure_of_is_never_answered_with_the_old_topic(
    faq, translator, lang, first, question
):
    real = Conversation(faq, Matcher(faq), translator)  # the real matcher: unsure of the new question alone
    one = real.respond(first, lang, None, now=NOW)
    two = real.respond(question, lang, one.state, now=NOW + 60)
    assert two.kind != "answer" or two.entry_id != one.entry_id
    assert two.state.forward_question == question  # staff would get the new question, not the old one


@pytest.mark.parametrize("follow_up", ["а канча турат?", "а канча убакыт?"])
def test_a_short_follow_up_in_either_language_stays_in_the_chats_language(conversation, follow_up):
    """A Kyrgyz speaker's "а канча турат?" (the Russian "а" and Kyrgyz words) is answered in Kyrgyz, even when
    Telegram says their app is in Russian."""
    one = conversation.respond("Мекен-Карт деген эмне?", "ru", None, now=NOW)
    assert one.lang == "ky"
    two = conversation.respond(follow_up, "ru", one.state, now=NOW + 30)
    assert two.lang == "ky"


@pytest.mark.parametrize(
    ("lang", "first", "first_entry", "follow_up", "entry"),
    [
        (
            "ru",
            "Как продлить загранпаспорт, если живу в Москве?",
            "passport-renew-abroad",
            "а сколько стоит?",
            "consular-fees",
        ),
        (
            "en",
            "How do I renew my passport while living in Russia?",
            "passport-renew-abroad",
            "how much?",
            "consular-fees",
        ),
        ("ky", "Мекен-Карт деген эмне?", "meken-kart-what", "кантип алам?", "meken-kart-apply"),
        ("ru", "Как получить полис ОМС по трудовому договору?", "oms-worker", "а жене?", "oms-family"),
        (
            "ru",
            "Какие документы нужны, чтобы перевезти тело домой?",
            "repatriation-documents",
            "а кто платит?",
            "repatriation-costs",
        ),
    ],
)
def test_a_follow_up_of_a_known_kind_goes_where_the_editors_sent_it(
    conversation, lang, first, first_entry, follow_up, entry
):
    """dialogue.yaml `follow_ups`: "how much?" after a passport answer is the fees, "а жене?" after OMS the family."""
    one = conversation.respond(first, lang, None, now=NOW)
    assert (one.kind, one.entry_id) == ("answer", first_entry)
    two = conversation.respond(follow_up, lang, one.state, now=NOW + 60)
    assert (two.kind, two.entry_id) == ("answer", entry)


def test_a_follow_up_that_names_its_own_topic_is_not_moved(conversation):
    one = conversation.respond("Как продлить загранпаспорт, если живу в Москве?", "ru", None, now=NOW)
    two = conversation.respond("сколько стоит полис ОМС?", "ru", one.state, now=NOW + 60)
    assert two.entry_id != "consular-fees"
