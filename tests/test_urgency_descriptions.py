"""Emergencies described without being named, and talk that looks like one: written for these tests, in the
way citizens type (ky without ң ө ү, Latin letters, mixed, voice-to-text without punctuation, typos).

Every message here was written by hand for this table, none copied from an evaluation set. A message that
DESCRIBES a death, a detention, a border refusal or deportation, a missing relative, forced labour or violence
happening now must be flagged with the right situation; past events, "what if" questions, general questions
and everyday troubles (a lost phone, late wages, a queue at the border) must not.
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
    # death: a body, a hospital or a morgue, a relative, a recent time; "did not wake up", "heart stopped"
    ("Брат вчера на стройке упал с высоты, врачи ничего не смогли сделать. Как его отправить домой?", "death"),
    ("Сегодня ночью у папы остановилось сердце в общежитии, сейчас он в морге в Подольске", "death"),
    ("атам бүгүн эртең менен ойгонбой калды, Москвада, эмне кылабыз", "death"),
    ("агамдын сөөгү моргдо жатат Екатеринбургда, документтерин кантип бүтүрөбүз", "death"),
    ("my brother fell from the scaffolding this morning and the doctors could not help him", "death"),
    (
        "Our dad's heart stopped last night in Novosibirsk. We need to bring him home, please tell us what to do",
        "death",
    ),
    ("uulum Moskvada suuga chogup ketti, keche tabyshty", "death"),
    ("жездем газдан ууланып калыптыр, бөлмөсүнөн табышты, азыр моргдо", "death"),
    ("Мужа нашли в квартире без сознания, скорая приехала и сказала что уже поздно", ("death", "violence")),
    ("Дядю завалило в траншее на объекте, его достали уже неживого", "death"),
    ("апабыздан айрылдык, Москвада, сөөгүн Бишкекке кантип жеткиребиз", "death"),
    ("тело сына уже 4 дня в морге в Самаре, не отдают без документов", "death"),
    ("отец задохнулся угарным газом в бане сегодня ночью", "death"),
    ("мой брат сгорел при пожаре на складе в Люберцах вчера", "death"),
    ("akemdi mashina kagyp ketti, oshol jerde ele jan berdi", "death"),
    ("Сынок пошёл купаться на речку и не вынырнул, водолазы ищут уже 5 часов", "death"),
    ("My husband had a heart attack at work in Dubai and the hospital says he is gone", "death"),
    ("салам алейкум агам бүгүн таңкы саат бештерде каза болуптур москвада эмне кылабыз", "death"),
    ("иним курулушта бийиктиктен кулап, ошол жерде жан үзүптүр", "death"),
    ("уулум жатаканада уктап жатып ойгонбой калыптыр кечээ", "death"),
    # detention: taken away by people in uniform, in a van, to the station, "held since the morning"
    ("Мужа остановили у метро, посадили в машину и увезли, куда не говорят", "detention"),
    ("они взяли моего сына прямо с работы, приехали люди в форме и увезли на газели", "detention"),
    ("they took my son in a van outside the market this morning and we don't know where he is", "detention"),
    ("уулумду формачандар келип алып кетишти, азыр кайда экенин билбейбиз", "detention"),
    ("кечээ жатаканага проверка келип, агамды алып кетишти", "detention"),
    (
        "My husband was picked up during a document check at the market, he has been at the station since noon",
        "detention",
    ),
    ("Брат в отделе с утра, говорят будут оформлять на суд", "detention"),
    ("жолдошумду документ текшерип жатып алып кетишти, телефону өчүк", "detention"),
    ("akamdy policiya alyp ketti, azyr otdeldo", "detention"),
    ("menya derzhat v otdele uzhe 6 chasov, ne dayut pozvonit", "detention"),
    ("my brother is being held at a police station in Kazan and they want him to sign papers in Russian", "detention"),
    ("задиржали брата на улице вчера, говорят нет регистрации", "detention"),
    ("көчөдөн эле машинага салып кетишти досумду, кимдер экени белгисиз", "detention"),
    ("Следователь не пускает к брату, держат третий день", "detention"),
    ("алло здравствуйте у меня брата забрали полиция сейчас он в отделе что делать подскажите пожалуйста", "detention"),
    ("на складе проверка, всех наших погрузили в автобус и увезли в миграционку", "detention"),
    # border and deportation due now
    ("Меня в аэропорту Внуково завели в комнату и не отпускают уже 4 часа", "border"),
    ("Брата сейчас высылают, надо купить ему билет до Оша, иначе не выпустят из центра", ("border", "detention")),
    ("Казакстандын чек арасынан мени кайра артка кайтарышты, азыр Кордайда турам", "border"),
    ("Мени учактан түшүрүп калышты, кирүүгө болбойт дешти, азыр аэропорттомун", "border"),
    ("at Sheremetyevo they said I have an entry ban and they are putting me on the next flight back", "border"),
    ("uulumdu Domodedovodo karmap turushat, kirgizbei jatyshat", "border"),
    ("Сына суд постановил выдворить, сейчас он в ЦВСИГ, что нам делать", ("border", "detention")),
    ("мени депорт кылышты, азыр аэропорттомун, буюмдарым квартирада калды", "border"),
    ("Сейчас на границе с Казахстаном, пограничники забрали паспорт и сказали ждать", "border"),
    ("I'm at Almaty airport, the officer says I must fly back today and won't say why", "border"),
    ("akemdi deport kylyp jatyshat, azyr sotto", ("border", "detention")),
    # missing: no contact for days, not at work, nobody knows
    ("брат уже 4 дня не был на работе, телефон вне сети", "missing"),
    ("phone off for three days, not at work, his roommates have not seen him", "missing"),
    ("Кызым эки күндөн бери үйгө келбей жатат, телефону өчүк", "missing"),
    ("My son left for work on Monday and hasn't come back, his phone goes to voicemail", "missing"),
    ("Агам Питерде, акыркы жолу жекшембиде сүйлөштүк, андан бери эч кабар жок", "missing"),
    ("Last time I spoke to my husband was 10 days ago, nobody at his work knows where he went", "missing"),
    ("ватсап последний раз был в сети в пятницу, мама ищет сына по всем больницам", "missing"),
    ("sestra ne otvechaet uje nedelyu, hozyain kvartiry govorit ona ushla i ne vernulas", "missing"),
    ("иним жумушка барбай калыптыр, жатаканада да жок, досторунан сурадык эч ким билбейт", "missing"),
    ("Ukam Moskvaga ketken, 5 kun boldu telefonu ochuk", "missing"),
    ("уже трое суток ни звонков ни сообщений от мужа, он в Якутии на вахте", "missing"),
    ("we have been looking for my dad for a week, checked hospitals and police, nothing", "missing"),
    ("здравствуйте мой муж не приходит домой уже третий день я не знаю что делать", "missing"),
    # forced labour: documents kept and not let out, a debt to work off, locked in, guarded
    ("the boss keeps my passport and does not let me out of the warehouse", "forced_labour"),
    ("хозяин держит мой паспорт и говорит пока не отработаешь никуда не пойдешь", "forced_labour"),
    ("Кожоюн паспортубузду бербейт, кетебиз десек коркутат, айлык да жок", "forced_labour"),
    ("Нас привезли в Подмосковье, живём на складе, ворота закрыты на замок, паспорта у начальника", "forced_labour"),
    ("Работаем по 14 часов, денег не дают, паспорта забрал бригадир, уйти некуда", "forced_labour"),
    ("Kyzym Turkiyada bir uide ishteit, kojoiun pasportun berbei, uige jiberbei jatat", "forced_labour"),
    ("They moved us to a farm, took our phones and papers, a guard watches us at night", "forced_labour"),
    (
        "Агентство обещало работу в Дубае, а теперь паспорт забрали и говорят что я должна 3000 долларов",
        "forced_labour",
    ),
    ("бригадир паспортту кайтарбай жатат, кетем десем полицияга берем дейт", "forced_labour"),
    # violence: beaten, threatened, in hospital after an attack
    ("Брата толпой отлупили у общаги, лежит с пробитой головой", "violence"),
    ("Сосед по квартире каждый день поднимает на меня руку, я боюсь", "violence"),
    ("My brother got jumped near the metro last night and is in hospital with a broken jaw", "violence"),
    ("Иним курулушта кулап түшүп, азыр реанимацияда", "violence"),
    ("хозяин орёт, кидается с кулаками, вчера разбил мне губу", "violence"),
    ("ayalymdy koshunasy korkutup jatat, olturom deyt", "violence"),
    ("жолдошум мас болуп келип мени урду, балдар менен качып чыктык", "violence"),
    ("сестру муж запер дома и бьёт каждый день", "violence"),
    # later additions: accidents, "not home yet", a phone "closed", held and unpaid, deportation due
    ("Эжемдин жолдошу Сеулда жумушта кырсыкка учурап, ошол жерден чыкпай калды", ("violence", "death")),
    ("жолдошум 5 күндөн бери үйгө келе элек, телефону да иштебейт", "missing"),
    ("Уулумдун телефону үч күндөн бери жабык", "missing"),
    ("ребята помогите нас тут держат и не платят уже 4 месяц", "forced_labour"),
    ("Агамды депорт кылышат экен, азыр Сахаровада, эртең самолет", ("border", "detention")),
    ("Брат позвонил из аэропорта Домодедово, его не пускают на самолет, говорят долг", "border"),
    ("Мама ищет брата неделю, в полиции говорят ждать", "missing"),
]

NOT_URGENT = [
    # the past: over, or long ago
    "Брат пропадал в 2021, потом нашёлся, сейчас всё хорошо. Как поменять ему паспорт?",
    "Пять лет назад мужа депортировали, запрет уже кончился?",
    "Отца похоронили в Москве в 2015, можно ли перевезти прах домой?",
    "агам 3 жыл мурун түрмөдө отурган, азыр чыкты, эми Россияга барса болобу",
    "My brother was held at the border last year for 6 hours. Should he carry extra documents this time?",
    "Раньше работодатель держал мой паспорт, теперь я ушёл от него, как получить справку?",
    "In 2020 my friend disappeared in Moscow and was found in a hospital. How do people search for relatives?",
    "Былтыр уулумду полиция кармап, штраф салышкан. Ал запретке кирдиби?",
    "атам 2019-жылы Казанда көз жумган, күбөлүгүн кантип алабыз",
    "в 2022 меня не пустили в Россию на границе, сейчас можно попробовать снова?",
    "Брата вчера задержали, но через час отпустили. Штраф платить где?",
    # "what if" and general questions about the same things
    "Если брат не выходит на связь несколько дней, куда обращаться?",
    "What should I do if my employer takes my passport?",
    "Эгер полиция кармаса, консулдукка чалсам болобу",
    "Если человек умер в России, сколько стоит перевезти тело?",
    "Что делать если на границе не пускают?",
    "в случае смерти мигранта кто платит за груз 200",
    "если задержат на улице какие документы показать",
    "агама бир нерсе болуп калса кантип билебиз",
    "If my husband is detained, can the consulate visit him?",
    "Сколько стоит отправить груз 200 из Москвы в Ош?",
    "Какие документы нужны для перевозки тела на родину?",
    "Депортация и выдворение: в чём разница?",
    "Что такое ЦВСИГ и сколько там держат?",
    "How do families usually find a relative who went missing in Russia?",
    "Как работает розыск родственников через консульство?",
    "мигрантты полиция канча саатка чейин кармай алат",
    "can the police keep my passport during a check?",
    # everyday troubles that share words with an emergency
    "Бригадир не заплатил за месяц, куда жаловаться?",
    "Паспорт у работодателя на оформлении патента, когда отдаст?",
    "Мой телефон не работает, как связаться с консульством?",
    "Хозяин квартиры не отдаёт залог, что делать?",
    "Хозяин квартиры выгоняет нас, куда идти?",
    "My son is in hospital in Moscow with pneumonia, does the insurance cover it?",
    "Брат лежит в больнице с аппендицитом, нужен ли полис ОМС?",
    "я в аэропорту, какие документы нужны на посадку в Бишкек",
    "I'm at the airport now flying to Moscow, do I need a migration card?",
    "Стою на границе, очередь большая, сколько обычно ждать?",
    "My phone was off for three days because I lost it, how do I restore my SIM?",
    "уулум Москвада окуйт, жатаканага кантип орношот",
    "агам Казакстанда иштейт, ага патент керекпи",
    "Хочу отправить посылку брату в Москву, как лучше?",
    "Мама звонит каждый день, переживает. Как ей приехать ко мне в гости?",
    "рейс задержали на 5 часов, сидим в аэропорту, компенсацию дадут?",
    "жумуш берүүчү айлыкты кечиктирип жатат, кайда кайрылсам болот",
    "атам ооруп жатат, Бишкекке кайтайын дейм, билет кымбат",
    "Мы с мужем хотим оформить брак в консульстве, что нужно?",
    "Ребёнок родился в Москве, как получить ему паспорт?",
    "Видел в новостях что кыргызов задерживают на рынках, это правда?",
    "Как найти родственника, который уехал в Россию 10 лет назад и не выходит на связь?",
    "кожоюн мени жумуштан кууп жиберди, айлыгымды бербей жатат",
    "Брат хочет вернуться домой, но потерял паспорт. Как сделать свидетельство на возвращение?",
    "my wife's phone is dead, can I book her consulate appointment for her?",
    "Сестра в Казани, хочет продлить патент, как ей записаться?",
    "dosum Moskvada ishtep jatat, ага kanday dokument kerek",
    "The police stopped me for a document check, everything was fine. Do I need to carry my registration always?",
    "жолдошум Кореяда иштейт, кантип ага барсам болот",
    "Телефон украли в метро, как восстановить номер?",
    "How long can a body stay in the morgue in Russia before burial?",
    "сколько дней можно находиться в России без регистрации",
    "Пишу книгу о мигрантах: как обычно задерживают на рынках?",
    "Брат хочет поехать в Дубай по агентству, как проверить что это не обман?",
    "Кожоюндар паспортту алып койсо мыйзамдуубу?",
    # later additions: a hospital today without harm, one's own absence, a quarantine, a job
    "Сегодня брат ходил в больницу на медкомиссию для патента, сколько стоит?",
    "Жена сегодня родила в больнице в Москве, как получить свидетельство о рождении?",
    "Я не вышел на работу 2 дня, меня уволят?",
    "Нас закрыли на карантин в общежитии, что делать с патентом",
    "Меня приняли в университет в Казани, нужна ли регистрация",
    "Брата забрали на работу в Якутию вахтой, как ему оформить патент",
    "Как вернуть залог, хозяин не разрешает забрать вещи?",
    "Мой телефон не работает уже 3 дня, как связаться с консульством",
    "Учурда Россияда кырсыкка кабылган мигранттарга кандай жардам бар?",
    "Брат работает на складе, нас держат в курсе, всё нормально",
]


@pytest.mark.parametrize(("text", "kind"), URGENT)
def test_a_described_emergency_is_flagged(detector, text, kind):
    found = detector.detect(text)
    kinds = (
        kind if isinstance(kind, tuple) else (kind,)
    )  # a deportation is also a detention, a death in hospital also care
    assert found is not None and found.kind in kinds, found


@pytest.mark.parametrize("text", NOT_URGENT)
def test_talk_and_everyday_trouble_are_not_flagged(detector, text):
    assert detector.detect(text) is None
