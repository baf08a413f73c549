"""A fourth hand-written table, written after the third round and measured before being tuned on.

Same rules as tests/urgency_tables/described.py: written by hand, never copied from an evaluation set. Here
more messages are split into short sentences, typed with misspellings or dictated without punctuation.
Measured before tuning on it: the detector before this work found 26 of 40 with 6 false alarms out of 30; after
three rounds of word families, 30 of 40 with 5 false alarms.
"""

URGENT = [
    # a hospital or a body, someone close, and now
    ("Брат со вчерашнего вечера в больнице в Подольске, врачи ничего не говорят, мы в Оше", "violence"),
    ("Атам бүгүн Москвада ооруканага түштү, абалы белгисиз, биз Баткенде", "violence"),
    ("My mother was taken to hospital in Almaty an hour ago and nobody there speaks to us", "violence"),
    ("Нам сегодня позвонили из морга в Люберцах, спрашивают родственников Бакыта. Это мой брат", "death"),
    ("Азыр эле Казандан чалышты, уулубуздун сөөгүн алып кеткиле дешет", "death"),
    ("the hospital in Istanbul called this morning, my husband is gone, they ask who will take him", "death"),
    ("Отец. Скорая. Не довезли. Что делать сейчас, мы в Екатеринбурге", "death"),
    ("Ини ме кечээ кечинде кайтыш болду Питерде, эмне кылабыз", "death"),
    # taken away
    ("Мужа сегодня утром прямо с объекта забрали. Сказали в миграционку. Телефон не отвечает.", "detention"),
    ("brata zabrali v policiyu segodnya, on bez patenta, chto delat", "detention"),
    ("агамды бүгүн базардан алып кетишиптир, полиция болсо керек", "detention"),
    ("Сына увезли на автобусе с рынка вместе с другими. Уже вечер, его нет.", "detention"),
    ("my husband was taken by immigration officers this morning from our flat", "detention"),
    ("Мой муж в полиции уже 10 часов. Ему не дают позвонить.", "detention"),
    ("Балам полицияда, эртең менен алып кетишкен, азыр кеч болду", "detention"),
    # border and deportation due now
    ("Брат в аэропорту Жуковский, не пускают, держат второй час", "border"),
    ("Эртең уулумду депорттошот, Сахарово жакта, бизге эмне кылыш керек", ("border", "detention")),
    ("Сегодня мужу объявили выдворение, держат в спецприемнике, денег на билет нет", ("border", "detention")),
    ("i am at the border with kazakhstan they say i cannot enter and want to take me to the police", "border"),
    ("Депортация завтра утром, а у меня здесь ребенок в садике, с кем оставить?", "border"),
    # missing
    ("Брат не выходит на связь. Прошло 4 дня. Он в Новосибирске.", "missing"),
    ("sestra ushla na rabotu v subbotu i ne prishla obratno, telefon molchit", "missing"),
    ("Жолдошум үч күн болду жок, жумушка да барбаптыр, телефону өчүк", "missing"),
    ("My son. Moscow. No contact since Friday. Please help", "missing"),
    ("Эжемдин уулу Турцияда, бир айдан бери эч кимге чалган эмес", "missing"),
    ("прапал муж в москве 3 дня назат, телефон не берет", "missing"),
    # forced labour
    ("Хозяин паспорта забрал, денег не даёт, говорит уйдешь без паспорта. Мы в Подмосковье на ферме", "forced_labour"),
    ("Кожоюн паспортубузду берүүдөн баш тартып жатат, иштеп жатабыз акча жок, чыкканга коркобуз", "forced_labour"),
    ("The employer won't give back our passports and says we owe him for the flight", "forced_labour"),
    ("Сестра в Дубае, домработница, ее не выпускают из дома и паспорт у хозяйки", "forced_labour"),
    ("мени бир үйгө камап коюшту, паспортум жок, телефонду араң таптым", ("forced_labour", "detention")),
    # violence
    ("Мужа избили на работе, бригадир бил его трубой, сейчас дома, встать не может", "violence"),
    ("Келинимди күйөөсү уруп-согуп жатат, Москвада, балдары кичинекей", "violence"),
    ("they beat my brother at the warehouse, he has blood in his urine, what do we do", "violence"),
    ("Соседи по общаге угрожают, вчера ночью ломились в дверь с ножом", "violence"),
    ("Сына сбила машина на переходе в Казани, он в реанимации", "violence"),
    # dictated, no punctuation
    (
        "здравствуйте у меня такая ситуация мой брат работал на стройке его сегодня забрали полицейские и до сих "
        "пор он там что делать",
        "detention",
    ),
    ("салам агамды кечээ машина басып кетти азыр ооруканада жатат акча сурап жатышат", "violence"),
    ("алло это консульство мой сын не звонит уже неделю я не знаю где он помогите", "missing"),
    ("hello my father died today at the hospital in kazan we need help to bring him home", "death"),
]

NOT_URGENT = [
    "Брат лежит в больнице с пневмонией, полис ОМС это покроет?",
    "Атам ооруканада дарыланып жатат, Бишкекте, мага Россиядан кантип келсем болот?",
    "How much does a hospital visit cost in Moscow without insurance?",
    "Меня депортировали, сейчас хочу вернуться, как проверить запрет?",
    "После депортации сейчас можно въехать в Казахстан?",
    "Депортация болгондон кийин азыр Россияга кирсем болобу?",
    "Брата в прошлом месяце отпустили из спецприемника, что ему теперь делать с патентом?",
    "If my employer refuses to give back my passport, can the police help?",
    "Как найти человека в России по фамилии?",
    "в морге работает мой знакомый, он говорит нужны документы для работы, какие?",
    "my brother works in a hospital in Moscow as a cleaner, does he need a patent?",
    "Бизге бүгүн Москвадан посылка келди, бажыдан өткөрүү керекпи?",
    "Муж уехал на вахту на 2 месяца, связи там нет, как ему оплатить патент?",
    "Как часто нужно продлевать патент?",
    "Сегодня депортационный центр работает? Хочу узнать часы",
    "Кызым бүгүн Стамбулга учуп кетти, ал жакта консулдук барбы?",
    "Брат уезжает домой сегодня, пограничники могут забрать миграционную карту?",
    "я потерял паспорт вчера в метро что делать",
    "Полиция остановила, проверила документы и отпустила. Надо ли куда-то сообщать?",
    "The police took my statement about the stolen phone, what next?",
    "Сыну 18 лет, его заберут в армию если он вернется в Кыргызстан?",
    "Хозяин квартиры поднял плату, можно пожаловаться?",
    "My friend disappeared from social media, is he ok? Just kidding, how do I renew my passport?",
    "Сколько дней дается на выезд после решения о выдворении?",
    "Сестра развелась с мужем, как ей поменять фамилию в паспорте?",
    "Бригадир сказал завтра выходить в ночную смену, это законно?",
    "Кожоюн айлыкты эртең берем деди, бирок берген жок, кайда арыз жазам",
    "Брат в армии в Кыргызстане, не звонит уже месяц, как узнать как он?",
    "Уулум Москвадан бүгүн келди, паспортун алмаштыруу керек",
    "Мой муж сидел в СИЗО в 2021 году, сейчас его не пускают в Россию?",
]
