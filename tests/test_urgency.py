"""Emergencies happening now are flagged in any language, whatever the matcher thinks; talk about one is not."""

from dataclasses import replace
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.faq.model import UrgencyMarkers
from bot.matching.matcher import Matcher
from bot.matching.urgency import UrgencyDetector

FAQ = Path(__file__).resolve().parents[1] / "faq"


@pytest.fixture(scope="module")
def faq():
    return load_faq(FAQ)


@pytest.fixture(scope="module")
def english(faq):
    return Matcher(faq).analyzer.english


@pytest.fixture(scope="module")
def detector(faq, english):
    return UrgencyDetector(faq, english, this_year=2026)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("брат умер в Москве, что делать", "death"),
        ("агам Москвада каза болду", "death"),
        ("my father died in Istanbul yesterday", "death"),
        ("мужа задержали полицейские вчера", "detention"),
        ("uulum kamalyp kaldy", "detention"),
        ("my son was arrested in Kazan", "detention"),
        ("меня не пустили на границе в Шереметьево", "border"),
        ("сестра пропала, третий день не выходит на связь", "missing"),
        ("my cousin is missing in Moscow", "missing"),
        # missed before this detector
        ("убили брата в Москве", "death"),
        ("сына забрали в отдел полиции", "detention"),
        ("досум Москвада полицияда отурат", "detention"),
        ("жолдошумду камап салышты", "detention"),
        ("I'm being held at the border in Kazakhstan", "border"),
        # forced labour and violence, typed the way citizens type
        ("хозяин забрал паспорт и не выпускает со стройки", "forced_labour"),
        ("the owner keeps our passports and we can't leave the farm", "forced_labour"),
        ("кожоюн паспортумду алып койду, чыгарбай жатат", "forced_labour"),
        ("иним Москвада сабалып калды", "violence"),
        ("someone stabbed my brother in Yekaterinburg an hour ago", "violence"),
        # Latin letters, Kyrgyz without ң ө ү, Kyrgyz-Russian mixed
        ("sestra propala v Moskve, telefon vyklyuchen", "missing"),
        ("kyzymdy policiyaga alyp ketishti", "detention"),
        ("уулум уч кундон бери телефонун албай жатат", "missing"),
        ("иним Питерде задержали кечээ", "detention"),
    ],
)
def test_emergencies_happening_now_are_flagged(detector, text, kind):
    found = detector.detect(text)
    assert found is not None and found.kind == kind, found


def test_inflected_cue_still_matches(detector):
    found = detector.detect("его задержали позавчера")
    assert found is not None and found.kind == "detention"


@pytest.mark.parametrize(
    "text",
    [
        # past events
        "меня депортировали в 2019, сейчас запрет есть?",
        "брат умер два года назад, нужна справка о смерти",
        "Атам Таласта каза болду, мурасты кантип тариздейбиз?",  # only an inheritance is asked
        "tiktokto kordum Moskvada kyrgyzdardy karmap jatat, chynby?",  # hearsay
        "агам 2018-жылы Москвада каза болгон, эми күбөлүк керек",
        "былтыр Алматыда кармалып калгам, эми кирсем болобу?",
        "my father died in Moscow in 2015, how do I get the certificate?",
        "I was arrested in Russia three years ago, can I go back now?",
        "брата задержали на прошлой неделе, но уже отпустили, теперь у него запрет?",
        "в марте меня развернули в Домодедово, как узнать причину запрета?",  # a month named: it is over
        "my cousin was deported last month, how long is his ban?",
        "агам Новосибирскте каза болуп, ошол жакта көмүлгөн, күбөлүгүн кантип алабыз?",  # buried: over
        # hypotheticals
        "что будет, если меня задержат в Москве?",
        "эгер мени кармап калышса эмне болот?",
        "полиция кармап кетсе эмне кылам",
        "what happens if I get arrested without registration?",
        "just curious: can the consulate help if someone is detained?",
        # general questions about someone in general
        "does the state pay to bring home the body of a citizen who died abroad?",
        "кто оплачивает перевозку тела, если человек умер за границей?",
        # ordinary questions and the words that look like cues
        "как продлить паспорт",
        "what are the consular fees",
        "какой телефон у консульства",
        "у меня пропал паспорт в метро, что делать?",
        "Паспортум Новосибирскте жоголуп кетти, жаңысын кантип алам?",  # a lost passport is not a missing person
        "Паспорттун мөөнөтү бүтүп калды, Казанда жаңысын алсам болобу?",  # "Казанда" (in Kazan) is no "каза"
        "В Стамбуле у меня был похищен заграничный паспорт, прошу разъяснить порядок",  # a stolen thing
        "pasportum uurdalyp ketti, policiyaga bardym, emi konsulstvogo emne alyp barayn",
        "Паспортум сууга агып кетти, Казакстандамын, жаңысын кантип алам?",  # the passport, not a person
        "былтыр Казанда болдум, азыр Бишкектемин",
        "работодатель задерживает зарплату уже месяц",
        "",
    ],
)
def test_talk_about_an_emergency_is_not_one(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "иним 3 күн мурун Москвада кармалды, азыр кайда экенин билбейбиз",  # "N days ago" is now, not the past
        "брат давно не выходит на связь, уже неделю телефон выключен",
        "my brother was deported in 2020, but now my sister is being held at Sheremetyevo",
        "сестра уехала в Казань месяц назад и пропала, телефон выключен",  # she left then; missing now
        "брата задержали на прошлой неделе в Казани, помогите",  # a week-old detention is still one
    ],
)
def test_recent_is_not_past(detector, text):
    assert detector.detect(text) is not None


def test_a_negated_release_is_still_happening(detector):
    found = detector.detect("брата задержали утром и до сих пор не отпустили")
    assert found is not None and found.kind == "detention"


def test_a_past_year_is_relative_to_the_current_one(faq, english):
    text = "брата задержали в 2026 году, он сидит в СИЗО"
    assert UrgencyDetector(faq, english, this_year=2026).detect(text) is not None
    assert UrgencyDetector(faq, english, this_year=2030).detect(text) is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("my brother was arrested in Almaty", "kazakhstan"),
        ("Стамбулда уулумду кармап кетишти", "turkey"),
        ("брата задержали в Москве", "russia"),
        ("брата задержали, помогите", None),
    ],
)
def test_the_country_where_it_happens(detector, text, country):
    found = detector.detect(text)
    assert found is not None and found.country == country


def test_markers_are_editor_data_not_code(faq, english):
    """Without urgent.yaml's markers the same past-tense sentence is flagged: the words live in the data."""
    bare = replace(faq, urgency_markers=UrgencyMarkers())
    text = "брат умер два года назад, нужна справка о смерти"
    assert UrgencyDetector(bare, english).detect(text) is not None
    assert UrgencyDetector(faq, english).detect(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # new wordings found by concept combinations, not by a phrase of their own
        ("Мужа остановили менты возле метро и повезли в отдел, уже 5 часов прошло", "detention"),
        ("my nephew has been held by immigration in Dubai for two days", "detention"),
        ("Карындашым Корея жакта, он күндөн бери телефонун албайт", "missing"),
        ("we work on a farm, the owner keeps our passports and does not pay, we cannot go home", "forced_labour"),
    ],
)
def test_concept_combinations_find_new_wordings(detector, text, kind):
    found = detector.detect(text)
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize(
    "text",
    [
        "Мой дядя умер в Иркутске месяц назад. Мы сами собрали деньги и привезли его домой. Есть компенсация?",
        "Брата задержали вчера, но сегодня утром отпустили. Будет ли у него запрет?",
        "сколько стоит перевезти тело из Новосибирска в Бишкек?",
        "работодатель забрал паспорт для оформления патента, это законно?",
        "Кожоюн айлык бербей жатат, сураганда полиция чакырам деп коркутат",
        # questions about emergency care, not a life in danger now
        "Если нет полиса, скорая приедет?",
        "what happens if I go into labour in Moscow without insurance?",
        "Сколько стоят роды в Москве без полиса?",
        "полис жок болсо ооруканага алабы?",
    ],
)
def test_over_in_general_or_not_an_emergency(detector, text):
    assert detector.detect(text) is None


def test_a_passport_kept_from_someone_real_is_forced_labour(detector):
    found = detector.detect("хозяин забрал мой паспорт и не отдает, помогите")
    assert found is not None and found.kind == "forced_labour"


def test_a_broken_word_list_is_reported_with_its_line(tmp_path):
    """Editors see file:line for an undefined concept, an unknown field and a malformed dialogue list."""
    import shutil

    from bot.faq.loader import read_faq

    target = tmp_path / "faq"
    shutil.copytree(FAQ, target)
    urgent = (target / "urgent.yaml").read_text(encoding="utf-8")
    urgent = urgent.replace("[authority, taking]", "[authority, snatching]", 1)
    urgent += "\nwhatever: [x]\n"
    (target / "urgent.yaml").write_text(urgent, encoding="utf-8")
    (target / "dialogue.yaml").write_text("ordinals:\n  ru: первый\n", encoding="utf-8")
    faq, problems = read_faq(target)
    messages = [str(p) for p in problems]
    assert faq is None
    line = next(n for n, text in enumerate(urgent.splitlines(), 1) if "snatching" in text)
    assert f"{target / 'urgent.yaml'}:{line}: concept 'snatching' is not defined under `concepts`" in messages
    assert any("urgent.yaml" in m and "unknown field 'whatever'" in m for m in messages)
    assert any(m.startswith(f"{target / 'dialogue.yaml'}:2:") and "ordinals [ru]" in m for m in messages)


@pytest.mark.parametrize(
    "text",
    [
        # a courtesy is not a "what if"
        "если можно подскажите мужа задержали на рынке",
        "Здравствуйте, если возможно помогите, брата избили вчера",
        # a "what if" of an earlier clause does not reach a clause that says now
        "Можно ли что-то сделать, сына арестовали сегодня",
        "Что нужно чтобы забрать тело брата, он умер вчера в Казани",
        # a past of an earlier clause is background when the cue's clause says it goes on
        "Брат 2 года назад уехал в Москву, неделю не выходит на связь",
        "Агам 3 жыл мурун Москвага кеткен, азыр 5 күндөн бери телефону өчүк",
        # a Kyrgyz finite verb takes no auxiliary: the next word starts another clause
        "хозяин квартиры урду, кетпесен өлтүрөм деди, азыр көчөдө турам балдарым менен",
    ],
)
def test_clauses_keep_markers_in_their_place(detector, text):
    assert detector.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Что будет, если меня задержат сегодня?",  # the "what if" is in the cue's own clause
        "брат умер два года назад, нужна справка о смерти",
        "Аэропорттон кайтарып жиберишпесин деп коркот, кара тизмени кантип текшерет?",  # "lest", not an event
    ],
)
def test_clauses_do_not_free_what_ifs_and_pasts(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Сын не выходит на работу. Прошло 4 дня. Телефон молчит.", "missing"),
        ("Мужа остановили полицейские. Увезли. Где он не знаем.", "detention"),
    ],
)
def test_word_families_across_short_sentences(detector, text, kind):
    found = detector.detect(text)
    assert found is not None and found.kind == kind, found


@pytest.mark.parametrize(
    "text",
    [
        "Телефон консульства не отвечает. Уже третий день звоню.",
        "Я в Москве. Хочу продлить патент. Срок истекает через 3 дня.",
    ],
)
def test_short_sentences_about_nothing_urgent(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "жену не принимают в роддом без полиса, у неё схватки, мы в Казани",
        "Апам дем ала албай жатат, тез жардам келбей жатат, Алматыдабыз",
        "my brother collapsed at the warehouse and the hospital refused to admit him without insurance",
        "balam katuu oorup jatat, oorukanaga polis jok dep albai jatat",
        "у жены кровотечение, в больнице требуют полис, мы в Самаре",
        "my cousin was refused: the hospital in Omsk refuse to admit him without insurance, he can't breathe",
    ],
)
def test_emergency_care_refused_or_a_life_in_danger_now_is_medical(detector, text):
    found = detector.detect(text)
    assert found is not None and found.kind == "medical" and found.entry_id == "emergency-care"


def edited_faq(tmp_path, name: str, old: str, new: str) -> tuple[object, list[str], str, Path]:
    """The real FAQ copied with one edit in one file: (the FAQ or None, problems as text, the file's text, folder)."""
    import shutil

    from bot.faq.loader import read_faq

    target = tmp_path / "faq"
    shutil.copytree(FAQ, target)
    text = (target / name).read_text(encoding="utf-8").replace(old, new, 1)
    (target / name).write_text(text, encoding="utf-8")
    faq, problems = read_faq(target)
    return faq, [str(p) for p in problems], text, target


def test_a_rule_with_only_weak_cues_is_reported_not_silently_dropped(tmp_path):
    """A weak cue counts only beside someone real; a rule that has nothing else would never fire."""
    lonely = "urgent:\n  - kind: lonely\n    entry: emergency-care\n    weak: [помогите]\n"
    faq, problems, _, _ = edited_faq(tmp_path, "urgent.yaml", "urgent:\n", lonely)
    assert faq is None
    assert any("urgent.yaml:" in p and "'lonely' needs cues or together" in p for p in problems)


def test_a_follow_up_move_to_a_missing_entry_is_reported_at_its_line(tmp_path):
    old, typo = "moves: {oms-worker: oms-family,", "moves: {oms-worker: oms-famly,"
    faq, problems, dialogue, target = edited_faq(tmp_path, "dialogue.yaml", old, typo)
    line = next(n for n, text in enumerate(dialogue.splitlines(), 1) if "oms-famly" in text)
    assert faq is None
    assert f"{target / 'dialogue.yaml'}:{line}: follow_ups: entry 'oms-famly' does not exist" in problems


@pytest.mark.parametrize(
    "text",
    [
        "Отец умер вчера в больнице в Нарыне, где получить справку для похорон?",
        "Брата задержали в Бишкеке по ошибке, как найти адвоката?",
        "My grandfather died in Karakol last week, how do we close his bank account?",
        "Токмоктогу ЗАГСка үйлөнүү үчүн кандай документтер керек?",  # Tokmok, not "токмоктоп" (beating)
        "Пропала сестра в Оше, второй день не берёт трубку, милиция не ищет",  # missing at home
        "Агам Сургутта каза болгон, сөөгүн өзүбүз алып келдик, эми компенсация алсак болобу?",  # already home
        "Карманчылар паспортумду алып кетишти, полиция справка берди, эми эмне кылам?",  # a theft report
    ],
)
def test_an_event_at_home_is_no_consular_emergency(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Мы в Бишкеке, сына задержали, телефон выключен",  # where the writer is, not where it happened
        "Бишкектемин, уулум кармалды, эмне кылабыз",
        "иним Москвада кармалды, биз Бишкектебиз",
        "брата задержали в Бишкеке, а сестру в Москве, помогите",  # another country named: abroad counts
        "My son was taken by border guards in Warsaw today and is being held. We are in Bishkek.",
    ],
)
def test_a_family_at_home_reporting_an_emergency_is_still_one(detector, text):
    assert detector.detect(text) is not None


@pytest.mark.parametrize(
    "text", ["Друг пишет, что хочет покончить с собой, он один в Казани", "Досум өзүн өзү өлтүрөм деп жазып жатат"]
)
def test_a_friend_threatening_suicide_is_an_emergency(detector, text):
    found = detector.detect(text)
    assert found is not None and found.entry_id == "emergency-care"


def test_a_russian_word_ending_like_a_kyrgyz_conditional_is_no_what_if(detector):
    found = detector.detect("Меня на пункте пропуска сняли с автобуса, держат уже три часа")
    assert found is not None and found.kind == "border"  # "автобуса" ends like "кармаса", but it is the cue's own word
    assert detector.detect("атамды кармап кетсе эмне болот") is None
