"""Matching decisions a citizen would notice: right answers, questions back instead of wrong answers."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import ANSWER, CLARIFY, ESCALATE, Matcher


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_faq(Path("faq")))


def answered_with(result, entry_id):
    return result.decision == ANSWER and result.best is not None and result.best.entry_id == entry_id


def helped_with(result, entry_id):
    ids = [c.entry_id for c in result.candidates[:3]]
    return answered_with(result, entry_id) or (result.decision == CLARIFY and entry_id in ids)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("паспорт потерял в москве что делать", "passport-lost-abroad"),
        ("PASPORT POTERYAL v Moskve", "passport-lost-abroad"),
        ("kak snyat zapret na vezd", "entry-ban-lift"),
        ("запретты кантип алдырам", "entry-ban-lift"),
        ("как встать на миграционный учет", "migration-registration"),
        ("I lost my passport in Seoul, what should I do?", "passport-lost-abroad"),
    ],
)
def test_clear_questions_get_the_right_answer(matcher, text, entry_id):
    assert answered_with(matcher.match(text), entry_id)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("пасспорт патерял", "passport-lost-abroad"),  # typos
        ("консулдук эсепке турууу керекпи", "consular-registration"),  # no special letters, doubled letter
        ("ish beruuchu aylyk tolobay jatat", "unpaid-wages"),  # Kyrgyz in Latin letters
    ],
)
def test_misspelled_questions_still_reach_the_entry(matcher, text, entry_id):
    assert helped_with(matcher.match(text), entry_id)


def test_long_story_with_one_question_is_still_matched(matcher):
    text = (
        "Добрый вечер. Я третий год работаю в Казани на складе, живу с братом, всё было нормально. "
        "Но в пятницу в метро у меня украли сумку, а там был паспорт. Что мне теперь делать?"
    )
    assert helped_with(matcher.match(text), "passport-lost-abroad")


@pytest.mark.parametrize(
    "text",
    [
        "нужна ли виза в Японию для граждан КР",
        "как обменять водительские права в Бишкеке",
        "как получить гражданство РФ быстро",
        "how to apply for a Canada visa",
        "сколько стоит авиабилет Бишкек Стамбул",
        "как перевести пенсию из России",
        "курс доллара на сегодня",
    ],
)
def test_out_of_scope_questions_are_never_answered(matcher, text):
    assert matcher.match(text).decision != ANSWER


@pytest.mark.parametrize("text", ["продам диван недорого", "qwerty asdf", "кто победит в футболе"])
def test_unrelated_messages_are_not_answered(matcher, text):
    assert matcher.match(text).decision != ANSWER


def test_vague_question_offers_the_topics_it_may_mean(matcher):
    """ "запрет" alone: any of the entry-ban topics may be meant; the bot asks which, it does not guess."""
    result = matcher.match("запрет")
    assert result.decision == CLARIFY
    assert 2 <= len(result.candidates) <= 3
    assert all(c.entry_id.startswith("entry-ban") for c in result.candidates)


@pytest.mark.parametrize("text", ["запрет", "документы", "омс", "паспорт", "консульство"])
def test_a_clarify_shows_exactly_its_candidates_as_buttons(matcher, text):
    result = matcher.match(text)
    if result.decision == CLARIFY:
        assert 1 <= len(result.candidates) <= 3
        assert matcher.clarify_options(result) == list(result.candidates)
    else:
        assert matcher.clarify_options(result) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Здравствуйте!", "greeting"),
        ("саламатсызбы", "greeting"),
        ("hello", "greeting"),
        ("спасибо большое за помощь", "thanks"),
        ("чоң рахмат сизге", "thanks"),
        ("thanks a lot", "thanks"),
        ("понятно, спасибо", "thanks"),  # an "ok" and a thank-you together
        ("ок рахмат", "thanks"),
    ],
)
def test_greetings_and_thanks_are_smalltalk(matcher, text, kind):
    result = matcher.match(text)
    assert result.smalltalk == kind and result.decision == ESCALATE and result.candidates == ()


def test_greeting_with_a_question_is_answered(matcher):
    result = matcher.match("здравствуйте, как проверить запрет на въезд в Россию")
    assert result.smalltalk is None and answered_with(result, "entry-ban-check")


def test_empty_input_escalates(matcher):
    result = matcher.match("   ")
    assert result.decision == ESCALATE and result.candidates == ()


def test_reply_language_follows_the_question(matcher):
    assert matcher.match("паспортумду жоготтум").lang == "ky"
    assert matcher.match("I lost my passport").lang == "en"
    assert matcher.match("я потерял паспорт, что делать", default_lang="ky").lang == "ru"


def test_json_shape_follows_the_contract(matcher):
    out = matcher.match("как проверить запрет на въезд").as_json()
    assert set(out) >= {"text", "lang", "decision", "candidates"}
    assert out["decision"] in (ANSWER, CLARIFY, ESCALATE)
    assert out["lang"] in ("ky", "ru", "en")
    assert 1 <= len(out["candidates"]) <= 5
    scores = [c["score"] for c in out["candidates"]]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)
    assert set(out["candidates"][0]) == {"id", "score"}
    json.dumps(out, ensure_ascii=False)


def test_results_are_deterministic(matcher):
    text = "mekenkart kantip alsa bolot"
    assert matcher.match(text) == matcher.match(text)


@pytest.mark.parametrize("text", ["где купить велосипед", "как дела у вас", "how are you doing today"])
def test_function_words_alone_offer_no_topics(matcher, text):
    """A question that shares only words like "где"/"как"/"how" with the FAQ gets no topic buttons."""
    result = matcher.match(text)
    assert result.decision == "escalate"
    assert result.candidates == ()


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("омс для жены и сына можно сделать?", "oms-family"),
        ("мне самому полис омс положен если я работаю по договору?", "oms-worker"),
        ("kompensaciya za gruz 200 polozhena?", "repatriation-costs"),
        ("какие бумаги нужны чтобы отправить гроб домой", "repatriation-documents"),
    ],
)
def test_close_neighbours_are_told_apart(matcher, text, entry_id):
    """Topics that share most words (OMS for the worker or the family; the body's cost or its papers)."""
    result = matcher.match(text)
    assert result.best is not None and result.best.entry_id == entry_id
    if len(result.candidates) > 1:
        assert result.candidates[0].score > result.candidates[1].score


def test_scores_stay_within_zero_and_one(matcher):
    for text in ("омс жене балдарга", "груз 200 компенсация документы", "kara tizme tekshirüü"):
        assert all(0.0 <= c.score <= 1.0 for c in matcher.match(text).candidates)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02",
        "а" * 5000,
        "слово " * 2000,
        "‮ﷺ🙂🇰🇬" * 50,
        "<script>alert(1)</script>" * 100,
        "1234567890 " * 300,
        "\n\n\t  \u200b",
        "ЗАПРЕТ НА ВЪЕЗД!!!!!!!!!!!!!!!!!!!!",
        "q" * 64 + " " + "ж" * 64,
    ],
)
def test_odd_input_gets_a_decision_not_a_crash(matcher, text):
    result = matcher.match(text)
    assert result.decision in ("answer", "clarify", "escalate")
    assert result.lang in ("ky", "ru", "en")
    assert all(0.0 <= c.score <= 1.0 for c in result.candidates)


# ---- stories, situations and out-of-scope questions (the examples) ------------------------------


def test_passed_away_is_not_read_as_returning_home(matcher):
    """ "кайтыш болду" (passed away) shares a stem with "кайтуу" (to return): it must lead to the body's papers."""
    result = matcher.match("Жээним Казанда кайтыш болду, аны үйгө жеткиргенге кайсы кагаздар керек?")
    assert helped_with(result, "repatriation-documents")
    assert "return-certificate" not in [c.entry_id for c in result.candidates[:1]]


@pytest.mark.parametrize(
    "text",
    [
        "атам Москвада көз жумду, сөөгүн кантип алып келебиз",
        "отец скончался в Новосибирске, как перевезти домой",
        "my brother passed away in Kazan, how do we bring him home",
    ],
)
def test_death_euphemisms_reach_the_repatriation_topics(matcher, text):
    result = matcher.match(text)
    assert result.best is not None and result.best.entry_id.startswith(("repatriation", "death-abroad"))
    assert result.decision != ESCALATE


def test_a_story_about_a_kyrgyz_mother_and_a_us_passport_is_meken_kart(matcher):
    result = matcher.match(
        "my mother is a Kyrgyz citizen but I only have a US passport, can I get some status to live in "
        "Kyrgyzstan without a visa?"
    )
    assert not result.out_of_scope
    assert helped_with(result, "meken-kart-what")


def test_an_ethnic_kyrgyz_with_a_kazakh_passport_is_in_scope(matcher):
    result = matcher.match("я этнический кыргыз, гражданин Казахстана, как получить мекен карт")
    assert not result.out_of_scope
    assert helped_with(result, "meken-kart-apply") or helped_with(result, "meken-kart-what")


@pytest.mark.parametrize(
    "text",
    [
        "хочу перевезти кошку, какие справки нужны для животного",
        "Как зарегистрировать ИП в Кыргызстане?",
        "Пенсияга чыгуу үчүн канча жыл стаж керек",
        "я гражданин казахстана нужна ли мне виза в германию",
        "какая погода будет в Бишкеке на выходных",
        "курс доллара к сому на сегодня",
        "Мен Тажикстандын жараны болом, Москвада патентти кайдан алам",
        "how do I get a Schengen visa from Bishkek",
        "I'm from Tajikistan, do I need a work patent in Moscow?",  # another country's citizen, in English
        "ozbekstandyk jarandarga Rossiyada patent kerekpi",  # ... in Kyrgyz typed in Latin letters
        "Өзбекстандын консулдугу Екатеринбургда кайда?",  # another country's consulate
        "tell me a joke",  # chit-chat
        "Паспортумду Таласта жоготуп алдым, жаңысын кайдан алам?",  # something that happened at home
        "Дядя умер в Токмоке, где получить свидетельство о смерти?",
        "Хозяйка квартиры в Казани не возвращает залог, что делать?",  # a flat's deposit
        "напиши стих про весну",  # a request that is no question
        "ты тупой бот",  # an insult
        "Какая средняя зарплата сварщика в Казани?",
        "Участковый в Нарыне не принимает заявление о краже велосипеда",  # the police at home
        "Казакстандын консулдугу Ошто кайда жайгашкан?",  # a foreign country's consulate at home
        "Как попасть на стажировку в МИД и стать дипломатом?",  # the ministry as an employer
        "Бишкекте цехте айлыгымды эки ай бербей жатышат, кимге арыз жазам?",  # wages at home
        "Таякем кечээ Кочкордо каза болду, көмүү үчүн кандай кагаздар керек?",  # a death at home, in a small town
        "Кызым Ошто төрөдү, баланын туулгандыгы тууралуу күбөлүгүн кайдан алабыз?",  # a child born at home
        "Дочка родилась в Бишкеке в роддоме, где оформить свидетельство о рождении?",
        "Меня депортировали из Кореи, на сколько лет запрет в Корею?",  # another country's ban
        "Где взять справку о несудимости рф для работы курьером?",  # a Russian agency's certificate
        "Кыргыз тилин онлайн үйрөнүүчү курстар барбы?",  # learning Kyrgyz
        "Тажикстандын гражданини болсо патент керекпи?",  # another country's citizen, "гражданин" in Kyrgyz
    ],
)
def test_out_of_scope_families_get_no_answer_and_no_topics(matcher, text):
    result = matcher.match(text)
    assert result.out_of_scope
    assert result.decision == ESCALATE and result.candidates == ()


def test_a_clear_question_far_ahead_is_answered_not_asked_back(matcher):
    """The best entry scoring 1.0 far ahead of the next must not become a one-button question."""
    for text in ("kak snyat zapret na vezd", "как проверить запрет на въезд в россию", "паспорт жоготуп алдым"):
        result = matcher.match(text)
        assert result.decision == ANSWER, text


def test_without_a_fitted_model_a_fixed_rule_still_decides():
    """A FAQ without decision_model.yaml (a new deployment) answers strong matches and asks back otherwise."""
    bare = Matcher(replace(load_faq(Path("faq")), decision=None))
    assert answered_with(bare.match("как проверить запрет на въезд в россию"), "entry-ban-check")
    vague = bare.match("запрет")
    assert vague.decision == CLARIFY and all(c.entry_id.startswith("entry-ban") for c in vague.candidates)
    assert bare.match("хочу перевезти кошку, какие справки нужны для животного").decision == ESCALATE


def test_off_topic_names_a_subject_the_faq_does_not_cover(matcher):
    """The conversation keeps such a follow-up from being read as a continuation of the last topic."""
    assert matcher.off_topic("а в Германию виза нужна?")
    assert matcher.off_topic("где в Оше купить телефон подешевле")
    assert not matcher.off_topic("а сколько стоит консульский сбор?")
    assert not matcher.off_topic("паспорт украли, что делать")


def test_an_editors_phrasing_written_out_is_answered_with_its_entry(tmp_path):
    """Editors settle where a question belongs by adding it as a phrasing: the bot must then answer it so."""
    faq = load_faq(Path("faq"))
    question = "мекен карт"
    assert Matcher(faq).match(question).decision != ANSWER  # two Meken-Kart entries: asked back
    entry = faq.entries["meken-kart-apply"]
    texts = dict(entry.texts)
    texts["ru"] = replace(texts["ru"], phrasings=(*texts["ru"].phrasings, question))
    edited = replace(faq, entries={**faq.entries, entry.id: replace(entry, texts=texts)})
    assert answered_with(Matcher(edited).match("Мекен Карт!"), "meken-kart-apply")


def test_a_relative_at_home_asking_about_a_death_abroad_stays_in_scope(matcher):
    """ "At home" cancels nothing when the event is abroad: the family in Bishkek, the brother died in Moscow."""
    result = matcher.match("Мен Бишкектемин, иним Москвада каза болду, сөөгүн кантип алып келебиз?")
    assert not result.out_of_scope
    assert helped_with(result, "repatriation-documents")


def test_a_landlord_who_will_not_register_a_worker_stays_in_scope(matcher):
    result = matcher.match("Хозяин квартиры не делает регистрацию, что делать?")
    assert not result.out_of_scope
    assert helped_with(result, "migration-registration")


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        # a Russian wife is part of a Kyrgyz citizen's story, not a foreign citizen's question
        ("kak snyat zapret esli zhena grazhdanka rf i rebenok tut rodilsya", "entry-ban-lift"),
        # a visa-free stay that ended in a ban is about Russia's entry ban, not a third country's visa
        (
            "My brother overstayed his visa-free period in Russia and now has an entry ban. How long does it last?",
            "entry-ban-duration",
        ),
        # the traffic police asking whether a Kyrgyz licence is genuine: the consulate certifies documents
        (
            "ГАИ в Самаре просит подтверждение, что мои кыргызские права настоящие. Консульство поможет?",
            "documents-abroad",
        ),
        # a phone switched off after the police took him is a detention, not a missing person
        (
            "Брата утром забрали полицейские прямо со стройки в Казани, телефон выключен, где его искать?",
            "detained-abroad",
        ),
        # the family at home asks about a ban Russia imposed: the ban is abroad, not an event at home
        ("Мы сейчас в Нарыне, мужу дали запрет, можно через суд его снять?", "entry-ban-lift"),
        # a child born abroad, registered at home: the consulate's birth registration
        ("Кызым Москвада туулду, күбөлүгү орусча, Кыргызстанда каттатыш керекпи?", "birth-registration"),
        # a power of attorney for land at home is a consular notarial act
        ("Нужна доверенность на брата чтобы продать жер улушу, я в Иркутске", "documents-abroad"),
        # a Kyrgyz citizen whose wife and child hold Russian passports, asking about his own ban
        ("Жена и ребенок граждане России, а мне закрыли въезд. Как обжаловать?", "entry-ban-lift"),
    ],
)
def test_a_cue_that_the_rest_of_the_story_explains_is_cancelled(matcher, text, entry_id):
    result = matcher.match(text)
    assert not result.out_of_scope
    assert helped_with(result, entry_id)


def test_a_strong_topic_with_an_out_of_scope_cue_is_never_answered(matcher):
    """A passport stolen at a bazaar in Osh matches the lost-passport entry perfectly, but that entry is for citizens
    abroad: the bot must not answer it as if it were."""
    result = matcher.match("Паспортумду Ошто уурдатып алдым, жаңысын кайдан алам?")
    assert result.out_of_scope and result.decision != ANSWER


@pytest.mark.parametrize("text", ["Салам, кандайсың?", "salam kandaisyn ishter jakshyby"])
def test_how_are_you_is_small_talk(matcher, text):
    assert matcher.match(text).smalltalk == "greeting"


@pytest.mark.parametrize("text", ["ксива пропала", "украли ксиву в метро что делать"])
def test_slang_for_a_passport_is_a_lost_passport_not_a_missing_person(matcher, text):
    """Many migrants say "ксива" for "паспорт": the lexicon rewrites it, and "ксива пропала" is no missing person."""
    result = matcher.match(text)
    assert not result.out_of_scope
    assert answered_with(result, "passport-lost-abroad")
