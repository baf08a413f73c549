"""A third hand-written table, written after the second round and measured before being tuned on.

Same rules as tests/urgency_tables/described.py: written by hand, never copied from an evaluation set. Most
emergencies here avoid the obvious words (died, detained, missing); most other messages share words with one.
Measured before tuning on it: the detector before this work found 24 of 49 with 4 false alarms out of 45; after
two rounds of word families, 35 of 49 with 3 false alarms. The one message still read wrongly is marked below.
"""

import pytest

URGENT = [
    # death
    (
        "Күйөөм Новосибирскиде курулуштан кулап, ооруканага жеткиче эле жан берип коюптур. Азыр эмне кылышым керек",
        "death",
    ),
    ("Брата нашли утром в съёмной квартире, соседи говорят отравился, приехала полиция и увезла тело", "death"),
    ("ukamdyn olugun Samaradan alyp kelish kerek, bugun tanga maal kaza bolup kalyptyr", "death"),
    ("My cousin had an accident on the highway near Chelyabinsk last night and didn't make it", "death"),
    ("Папа третий день в морге в Тюмени, без доверенности не выдают, мы в Таласе", "death"),
    ("Доктор сказал что брат умирает, осталось несколько часов, можно ли его срочно вывезти домой", "death"),
    ("Жолдошумду ишканада станок басып калыптыр, дарыгерлер алып калалбай калышты", ("death", "violence")),
    ("We were told today that my brother's body was found in the river in Moscow", "death"),
    ("Кайнатам Якутскиде үшүп калыптыр, сөөгүн кантип алабыз", "death"),
    (
        "сестренка в Стамбуле выпала с балкона, сейчас мы ничего не знаем, только что позвонили из полиции",
        ("death", "violence"),
    ),
    # detention
    ("Мужа сегодня на Садоводе приняли, сейчас в автобусе у них стоят, что делать", "detention"),
    (
        "Агамды кечээ кечинде көчөдөн токтотуп, документтерин карап, анан алып кетишти. Азыр кайдалыгын билбейбиз",
        "detention",
    ),
    ("My husband got caught without registration in Moscow this morning and is at the police department", "detention"),
    ("иним Питерде полициянын колунда, эки күндөн бери", "detention"),
    ("Сын звонил из отделения, сказал что его будут держать до суда", "detention"),
    ("Жену задержали на проверке в ТЦ, у неё ребёнок дома один", "detention"),
    ("they arrested my brother at the construction site raid today and are holding him in Sakharovo", "detention"),
    ("Кызымды полиция чакырып кетти, 6 саат болду чыга элек", "detention"),
    ("Брат сидит в обезьяннике с ночи", "detention"),
    ("Сегодня в 6 утра к нам в общагу пришли ОМОН, всех кыргызов вывели, мой сын среди них", "detention"),
    # border and deportation
    (
        "В Пулково меня задержали на паспортном контроле, говорят что я в базе, не дают позвонить",
        ("border", "detention"),
    ),
    ("Чек арадан өтөйүн десем кара тизмедесиң деп токтотушту, азыр Ак-Жолдо турам", "border"),
    ("My brother is stuck in the transit area at Istanbul airport, they won't let him board or enter", "border"),
    (
        "Завтра утром мужа отправляют домой принудительно, его держат в Сахарово, вещи в квартире",
        ("border", "detention"),
    ),
    ("Мени Казакстандан чыгарып жатышат, 5 жылга тыюу салышты, азыр аэропорттомун", "border"),
    ("Брату на границе поставили запрет и не пропускают, он в Оренбургской области на КПП", "border"),
    # missing
    ("Сестра уехала в Казань 2 недели назад, сначала писала каждый день, а потом тишина", "missing"),
    ("Уулум Сургутка кеткен, бир жума болду эч кабар бербейт", "missing"),
    (
        "I haven't been able to reach my son in Korea since Saturday, his dorm manager says he didn't come back",
        "missing",
    ),
    ("Муж должен был вернуться с вахты в среду, до сих пор нет, телефон выключен", "missing"),
    ("Келиним Москвада, 4 күн болду байланышпай жатат, үйдөгүлөр да билишпейт", "missing"),
    ("Брат ушел из общаги в субботу вечером и больше его никто не видел", "missing"),
    ("my daughter has not come home from work since Thursday, the police won't take a report", "missing"),
    ("My father went missing from the construction site in Moscow", "missing"),
    # forced labour
    (
        "Работаем на теплицах, хозяин сказал документы отдаст в конце сезона, а уходить запрещает",
        "forced_labour",
    ),
    ("Бизди Подмосковьедеги цехте камап коюшту, паспортторубуз кожоюнда", ("forced_labour", "detention")),
    (
        "My sister works as a nanny in Dubai, the family took her passport and phone and she can only write at "
        "night secretly",
        "forced_labour",
    ),
    ("Прораб говорит пока не отработаем дорогу и жильё, паспорта не вернёт", "forced_labour"),
    ("Кожоюн иштен кетсең өлтүрөм дейт, паспортум да анда", ("forced_labour", "violence")),
    (
        "we are 20 workers on a farm in Rostov region, no pay for 3 months, the owner's men watch us day and night",
        "forced_labour",
    ),
    # violence and injuries
    ("Брата порезали в драке возле общежития, он в Склифе", "violence"),
    ("Бир топ жигиттер иниме кол салып, башын жарып кетишти", "violence"),
    ("My wife was assaulted by her employer in Antalya, she is in the hospital", "violence"),
    ("Ажарды күйөөсү күн сайын токмоктойт, кошуналар полиция чакырды", "violence"),
    ("Мужу на стройке плитой придавило ногу, увезли на скорой, что делать с документами", "violence"),
    ("Сестру избивает сожитель, она с ребенком прячется у подруги в Екатеринбурге", "violence"),
    ("Ukam Moskvada kyrsykka kabylyp, azyr reanimaciyada jatat", "violence"),
    # short and vague, the way a frightened person types
    ("срочно помогите брата забрали", "detention"),
    ("Алло, мужа увезли, я не знаю куда, он без паспорта", "detention"),
]

NOT_URGENT = [
    "Как получить свидетельство о смерти, если отец умер в Москве 5 лет назад?",
    "Брат хочет перезахоронить дедушку, похороненного в Казани в 90-х, можно ли?",
    "Если меня задержат, имеют ли право забрать телефон?",
    "Мой муж работает охранником на складе, ему нужен патент?",
    "Что делать, если работодатель не отдаёт паспорт после увольнения?",
    "Can I send money to my brother who is in prison in Russia?",
    "Ата-энемди Москвага алып келсем болобу, виза керекпи?",
    "my son needs a certificate of no criminal record for work in Korea",
    "Можно ли оформить доверенность на брата, чтобы он забрал мои документы из консульства?",
    "Брат вернулся из России, там у него остались долги, его выпустят в следующий раз?",
    "Жолдошум Кореяда иштейт, мага виза алса болобу",
    "Апам ооруп калды, Москвадан Бишкекке кантип тез учуп кетсем болот, патентим бар",
    "Где в Москве принимают заявления о краже паспорта?",
    "Please explain what happens to migrants detained in Russia in general",
    "Жакында Москвада рейд болуптур деп уктум, чынбы?",
    "My friend's phone is broken so I'm writing for him: how can he renew his patent?",
    "В общежитии отключили свет и интернет уже три дня, куда жаловаться?",
    "Брат потерял телефон и документы в такси вчера, что делать?",
    pytest.param(
        "Уулум 3 күндөн бери Москвада, жатакана издеп жатат",
        marks=pytest.mark.xfail(strict=True, reason="no cue; the fitted words ('күндөн бери', 'жатакана') flag it"),
    ),
    "Кызым Кореяда окуйт, ага стипендия береби?",
    "What is the punishment for overstaying in Russia, can they deport you?",
    "в 2023 году брата избили в Москве, дело так и не раскрыли, можно ли через консульство узнать?",
    "Жездем Россиядан кайтып келди, эми паспортун алмаштыруу керек",
    "Работодатель хранит паспорта в сейфе, говорит так безопаснее. Это нормально?",
    "Если брат пропадет, как его искать?",
    "Is there a hotline for Kyrgyz citizens in trouble abroad?",
    "Мой отец болеет в Бишкеке, могу ли я выехать из России с просроченной регистрацией?",
    "Сколько дней держат в спецприемнике до депортации?",
    "Куда обращаться, если хозяин не платит и выгоняет?",
    "Брат работает в Москве на складе, хочу ему отправить лекарства",
    "Does my husband need to register when he stays in a hotel in Kazan?",
    "Жумуш берүүчү паспортумдун көчүрмөсүн сурады, берсем болобу?",
    "Агамдын уулу Москвада төрөлдү, кантип жарандык алабыз?",
    "Кто может забрать тело из морга, если родственников в России нет?",
    "My brother was detained for a few hours last week and released, do we need to do anything?",
    "Агам былтыр кармалып, штраф төлөп чыкты, эми кайра барса болобу",
    "Как часто бывают облавы в Москве на рынках?",
    "Видео в тиктоке: кыргыза избили в метро, кто это был?",
    "Мама просит привезти ей лекарство из Москвы, можно ли провезти через границу?",
    "Сколько стоит справка о смерти, и сколько дней делают?",
    "Брат хочет поехать на вахту в Якутию, что нужно знать?",
    "Кошунам Россияда иштеп жүрөт, ага кантип акча жиберсе болот",
    "How long does it take to get a new passport at the consulate in Moscow?",
    "Менин атам Москвада турат, ага пенсия кантип которулат?",
    "Ищу попутчиков из Москвы в Бишкек на машине на следующей неделе",
]
