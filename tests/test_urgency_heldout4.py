"""A fifth hand-written table, written after the fifth round and measured before being tuned on.

Same rules as tests/test_urgency_descriptions.py: written by hand, never copied from an evaluation set.
Measured before tuning on it: the detector before this work found 15 of 30 with no false alarm out of 25; after
five rounds of word families, 20 of 30 with no false alarm.
"""

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher
from bot.matching.urgency import UrgencyDetector

FAQ = Path(__file__).resolve().parents[1] / "faq"


@pytest.fixture(scope="module")
def detector():
    faq = load_faq(FAQ)
    return UrgencyDetector(faq, Matcher(faq).analyzer.english, this_year=2026)


URGENT = [
    ("Сосед по комнате утром обнаружил брата, он уже холодный был, врачи сказали ночью сердце", "death"),
    ("Бүгүн түндө агабыз Кемерово шаарында жол кырсыгынан набыт болду", "death"),
    ("They told us our son's body is in the morgue in Novosibirsk since Tuesday, we need to bring him back", "death"),
    ("Дядя умер на вахте в Уренгое, компания молчит, тело не отдают", "death"),
    ("Сына схватили возле метро двое в гражданском и увезли на серой машине, номер не видели", "detention"),
    ("Мужа посадили в автобус с другими нашими на стройке, сказали везут на проверку, уже ночь", "detention"),
    ("Эрте менен иним жашаган үйгө полиция кирип, бардыгын алып кетишиптир", "detention"),
    ("My nephew is in a holding cell in Bursa since yesterday, they say his visa expired", "detention"),
    ("Кайнагамды соттоп жатышат, адвокат жок, орусча түшүнбөйт", "detention"),
    ("Братишку взяли прямо на рабочем месте, говорят поддельный патент, в каком он отделе не знаем", "detention"),
    ("Мени Ташкент аэропортунда кармап турушат, Бишкекке учам деп келгем", "border"),
    ("на таможне в Оренбурге мужа не выпускают, говорят суд против него, мы в машине ждём", "border"),
    ("Kecheeden beri Kordai chek arasynda turabyz, otkorboi jatyshat", "border"),
    ("they are sending my brother back to Bishkek tonight, he is at the airport under guard", "border"),
    ("Через 3 дня сына депортируют, он в центре, а у нас нет денег на билет", ("border", "detention")),
    ("Сын уехал в Новосибирск на заработки и уже 10 дней от него ничего", "missing"),
    ("Карындашым Дубайда иштечү, эки жумадан бери үнүн уга элекпиз", "missing"),
    ("My brother's roommates say he left on Saturday night and never returned, his phone rings out", "missing"),
    ("Апам Москвада жашайт, кечээтен бери телефон көтөрбөйт, кошуналар эшикти ачпай жатат дешет", "missing"),
    ("Ищем отца, он в Казани, неделю тишина, хозяин говорит что он ушел с вещами", "missing"),
    (
        "Пишу за друга: его бригадир держит у себя паспорта всей бригады и грозит что сдаст в миграционку",
        "forced_labour",
    ),
    ("Эжемди Түркиядагы үй-бүлө кармап отурат, паспорту алардын колунда, айлык беришпейт", "forced_labour"),
    (
        "We were brought to a factory near Moscow, the gates are locked and our documents are with the manager",
        "forced_labour",
    ),
    ("работаем по 16 часов без выходных, выходить со двора нельзя, хозяин говорит мы ему должны", "forced_labour"),
    ("Муж сестры её бьёт, она пишет тайком, в Самаре, боится что убьет", "violence"),
    ("Бизди жатаканада бир топ адамдар таш менен уруп кетишти, экөөбүз ооруканада", "violence"),
    ("My son was stabbed in a fight near the hostel, he is in surgery now", "violence"),
    ("Иниме бригадир лом менен урган, башы жарылды", "violence"),
    ("Жена упала на стройке с пятого этажа, лежит в реанимации без сознания", "violence"),
    ("сына сбил автобус на остановке, нога раздроблена, мы в Бишкеке", "violence"),
]

NOT_URGENT = [
    "Как вывезти тело, если человек умер в Казахстане? Заранее спрашиваю",
    "Брата задерживали 3 года назад в Питере, дали штраф. Сейчас он хочет снова ехать",
    "Могу ли я вернуться в Россию после депортации в 2021 году?",
    "Жолдошум былтыр Москвада дайынсыз жоголуп, бир айдан кийин табылган. Эми ага паспорт керек",
    "If my passport is kept by my employer, who do I complain to?",
    "What happens if someone is detained at the border with an entry ban?",
    "Хочу оформить доверенность на брата, он в Москве, а я в Бишкеке",
    "сын работает курьером в Москве, как ему оплачивать налоги?",
    "Кызым Кореяга окуу үчүн кетти, ал жакта каттоо керекпи?",
    "My husband's employer keeps asking for a copy of his passport, is that okay?",
    "Брат не может найти работу уже месяц, есть ли вакансии?",
    "Сколько стоит авиабилет для перевозки груза 200?",
    "Агам Казакстанга барганда чек арада канча акча көрсөтүш керек?",
    "Как встать на консульский учет в Новосибирске?",
    "Сестра хочет выйти замуж за гражданина Турции, какие документы?",
    "Полиция может проверить документы в метро без причины?",
    "Менин досум Москвада отделдо иштейт, ага кайрылсам болобу?",
    "Брат не отвечает в ватсапе, у него новый номер, как узнать номер через консульство?",
    "Где находится центр временного содержания в Москве?",
    "Эгерде мени кармап калышса, консулдук кандай жардам берет?",
    "Мама болеет в Оше, как мне быстрее вылететь из Москвы?",
    "Какие права у задержанного в России?",
    "Жумуш берүүчү паспортумду эки күнгө алып, патент үчүн тапшырып кайтарып берди",
    "Брат вернулся из Москвы, уже дома, паспорт нужно менять",
    "How long does the morgue keep a body in Kazakhstan?",
]


@pytest.mark.parametrize(("text", "kind"), URGENT)
def test_a_described_emergency_is_flagged(detector, text, kind):
    found = detector.detect(text)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    assert found is not None and found.kind in kinds, found


@pytest.mark.parametrize("text", NOT_URGENT)
def test_talk_and_everyday_trouble_are_not_flagged(detector, text):
    assert detector.detect(text) is None
