"""Unanswered questions group into candidate topics across ky / ru / en and Latin letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.faq.model import Faq
from bot.learning.cluster import cluster_questions
from bot.learning.records import QuestionRecord

ROOT = Path(__file__).resolve().parents[1]

# A topic the FAQ does not cover (military service while working abroad), asked 30 ways: Russian and
# Kyrgyz in Cyrillic and Latin letters, mixed, and English.
MILITARY = [
    ("ru", "Нужно ли мне служить в армии если я живу в России?"),
    ("ru", "как получить военный билет находясь в Москве"),
    ("ru", "отсрочка от армии для студентов за границей"),
    ("ru", "меня вызывают в военкомат в Бишкеке, а я работаю в Екатеринбурге, что будет"),
    ("ru", "можно ли оплатить альтернативную службу вместо армии из России"),
    ("ru", "потерял военный билет, как восстановить за границей"),
    ("ru", "призывной возраст в Кыргызстане до скольки лет, я в армии не служил"),
    ("ru", "повестка из военкомата пришла родителям, я на заработках"),
    ("ru", "армия: альтернативная служба сколько стоит и где платить"),
    ("ru", "nado li sluzhit v armii esli ya v rossii rabotayu"),
    ("ru", "voennyi bilet poteryal chto delat"),
    ("ru", "otsrochka ot armii kak oformit iz moskvy"),
    ("ky", "армияга барышым керекпи, Россияда иштейм"),
    ("ky", "аскердик кызматты өтөбөсөм паспорт алмаштырып беришеби"),
    ("ky", "военный билетимди жоготтум, кантип калыбына келтирем"),
    ("ky", "альтернативдик кызмат үчүн акчаны Россиядан төлөсө болобу"),
    ("ky", "аскерге чакыруу кагазы келди, мен чет өлкөдөмүн, армияга барбасам эмне болот"),
    ("ky", "армиядан кечиктирүү алса болобу, окуп жатам"),
    ("ky", "военкоматка барбасам эмне болот, Москвада жүрөм"),
    ("ky", "аскердик билет кантип алам чет элде жүрүп"),
    ("ky", "armiyaga barbasam bolobu rossiyada jurom"),
    ("ky", "askerdik kyzmat otobosom emne bolot"),
    ("ky", "voennyi biletti kantip alam moskvada"),
    ("ky", "alternativdik kyzmat tolom kancha armiya"),
    ("ky", "армия боюнча суроо: военный билет жок, паспорт алмаштырсам болобу"),
    ("ky", "отсрочка от армии алыш керек, кайда кайрылам"),
    ("en", "Do I have to serve in the army if I work in Russia?"),
    ("en", "how to get a military ID (voennyi bilet) while abroad"),
    ("en", "army deferment for Kyrgyz students abroad"),
    ("en", "can I pay for alternative military service from Russia instead of the army"),
]

# Unrelated questions nobody else asked: they share everyday words ("Москва", "Россия", "Бишкек",
# "документ", "получить") with the topic and with each other, and must stay alone.
SINGLETONS = [
    ("ru", "какая погода в Москве завтра"),
    ("ru", "курс доллара к сому сегодня"),
    ("ru", "как отправить посылку из России в Бишкек"),
    ("ru", "можно ли взять кредит в российском банке гражданину Кыргызстана"),
    ("ky", "Москвада кайсы мечитте жума намаз окулат"),
    ("ky", "балам мектепке бара албай жатат, документ сурашат"),
    ("en", "how to open a bank account in Russia as a Kyrgyz citizen"),
    ("ru", "где купить дешевые авиабилеты Москва Ош"),
    ("ru", "водительские права как поменять на российские"),
    ("ky", "Россияда ипотека алса болобу"),
    ("ky", "жубайым менен никени консулдукта каттатсак болобу"),
    ("ru", "kvartiru snyat v moskve deshevo gde"),
    ("en", "tax return for Kyrgyz workers in Russia"),
    ("ru", "как получить гражданство России быстро"),
    ("ru", "сколько стоит такси из аэропорта Домодедово"),
    ("ru", "интернет в общежитии не работает, кому жаловаться"),
    ("ru", "как перевести деньги на Элкарт из Сбербанка"),
    ("ru", "пенсия за стаж в России начисляется?"),
    ("ky", "аба ырайы Бишкекте эртең кандай"),
    ("ky", "Moskvada kyrgyz kafe kaida bar"),
    ("en", "English courses for migrants in Moscow"),
    ("ru", "где в Москве найти кыргызского врача стоматолога"),
    ("ky", "Бишкекке поезд менен канча күн жол жүрөт"),
    ("ru", "штраф за неправильную парковку как оплатить"),
    ("en", "is there a Kyrgyz school in Saint Petersburg"),
]


@pytest.fixture(scope="module")
def faq() -> Faq:
    return load_faq(ROOT / "faq")


def records(pairs: list[tuple[str, str]], first_id: int, decision: str = "escalate") -> list[QuestionRecord]:
    return [
        QuestionRecord(first_id + i, float(first_id + i), lang, text, decision) for i, (lang, text) in enumerate(pairs)
    ]


def test_a_planted_topic_forms_one_cluster_and_singletons_stay_out(faq: Faq) -> None:
    planted = records(MILITARY, 1)
    alone = records(SINGLETONS, 1000, "out_of_scope")
    mixed = [r for pair in zip(planted, alone, strict=False) for r in pair] + planted[len(alone) :]
    clusters = cluster_questions(mixed, faq)
    assert len(clusters) == 1
    topic = clusters[0]
    assert sorted(r.id for r in topic.records) == list(range(1, 31))
    assert topic.languages == {"ky": 14, "ru": 12, "en": 4}
    assert "армии" in topic.terms or "армия" in topic.terms


def test_examples_show_each_language_first(faq: Faq) -> None:
    topic = cluster_questions(records(MILITARY, 1), faq)[0]
    examples = topic.examples(4)
    assert len(examples) == 4
    assert {r.lang for r in examples[:3]} == {"ru", "ky", "en"}
    assert len({r.text for r in examples}) == 4


def test_two_topics_stay_apart(faq: Faq) -> None:
    marriage = [
        ("ru", "как зарегистрировать брак в консульстве в Москве"),
        ("ru", "регистрация брака с гражданкой России, какие документы"),
        ("ru", "brak zaregistrirovat v konsulstve mozhno?"),
        ("ky", "никени консулдукта каттатса болобу"),
        ("ky", "нике каттоо үчүн кандай документтер керек, Москвадабыз"),
        ("ky", "консулдукта брак каттатса болобу"),
        ("en", "can we register our marriage at the Kyrgyz consulate"),
    ]
    found = cluster_questions(records(MILITARY, 1) + records(marriage, 100), faq)
    assert [c.size for c in found][:1] == [30]
    assert all(
        {r.id for r in c.records} <= set(range(1, 31)) or {r.id for r in c.records} <= set(range(100, 107))
        for c in found
    )
    assert len(found) == 2 and found[1].size >= 5


def test_small_groups_and_empty_texts_are_not_topics(faq: Faq) -> None:
    few = records([("ru", "как оплатить альтернативную службу"), ("ru", "альтернативная служба оплата")], 1)
    assert cluster_questions(few, faq) == []
    assert cluster_questions(records([("ru", "??"), ("ru", "[PHONE]"), ("ru", "")], 1), faq) == []
    assert cluster_questions([], faq) == []


def test_cities_and_everyday_verbs_do_not_make_a_topic(faq: Faq) -> None:
    everyday = [
        ("ru", "сколько стоит такси в Бишкеке из аэропорта"),
        ("ru", "как получить налоговый вычет в России, я из Бишкека"),
        ("ky", "Бишкекте кайсы мектепке балдарды алса болот, канча турат"),
        ("ru", "сколько стоит аренда квартиры в Москве рядом с метро"),
        ("ru", "как получить скидку на ЖД билет Москва Бишкек"),
        ("ky", "Moskvada kyrgyz ashkana kaida, kancha turat"),
    ]
    assert cluster_questions(records(everyday, 1), faq) == []
