"""A second hand-written table, written after the first was tuned on, and measured before being tuned on itself.

Measured then: the detector before this work found 34 of 56 emergencies with 9 false alarms out of 45; after the
first round of word families (tuned on described.py only) 42 of 56 with 12 false alarms. Its
misses and false alarms then taught the second round. Two messages are still read wrongly: they are marked
as known failures below, so a change that fixes them shows up.

Same rules as tests/urgency_tables/described.py: written by hand, never copied from an evaluation set; an
emergency happening now must be flagged with its situation, talk about one and everyday trouble must not.
"""

import pytest

URGENT = [
    # death
    (
        "Азамат, мой двоюродный брат, сегодня утром не проснулся в вагончике на стройке в Химках. Бригадир вызвал "
        "скорую, они констатировали. Что теперь делать?",
        "death",
    ),
    ("эжемдин күйөөсү Казанда бүгүн түштө иш учурунда жыгылып, ошол бойдон турбай калды", "death"),
    ("My father was found lifeless in his room in Yekaterinburg, the landlord called the police", "death"),
    ("Брат разбился на мотоцикле в Сургуте ночью. Врачи сказали, шансов не было", "death"),
    ("тело брата третий день лежит в морге, нам говорят нужна доверенность, а мы в Баткене", "death"),
    ("akemdin soogun Moskvadan kantip alyp kelebiz, bugun tanga maal juregu toktop kaldy", "death"),
    ("We just got a call that my uncle died in a fire at the dormitory in Novosibirsk", "death"),
    ("Сегодня ночью в Москве сына сбил поезд в метро, нас вызывают на опознание", "death"),
    ("Атамды бүгүн эртең менен бөлмөсүнөн өлүк абалында табышыптыр", "death"),
    ("Kuyoom Almatyda jumushta tok urup, oshol jerde jan uzdu", "death"),
    ("брата больше нет, его сбил грузовик на трассе под Оренбургом", "death"),
    ("Мой отец скоропостижно скончался в Подольске, помогите с документами на перевозку", "death"),
    ("Our son went swimming in the lake near Kazan and they pulled him out too late", "death"),
    # detention
    ("Брат пошел в магазин и его прямо у подъезда посадили в бусик какие-то люди в штатском", "detention"),
    ("менин күйөөмдү базардан полиция кармап, азыр кайда экенин айтышпай жатат", "detention"),
    ("Мужа закрыли на 48 часов, говорят за драку, но он не дрался", "detention"),
    (
        "my son was stopped by cops on the street in Kazan, he is still at the station and they won't let me "
        "talk to him",
        "detention",
    ),
    ("Dosumdu oblava uchurunda karmap alyshty, azyr specpriemnikte", "detention"),
    ("Сына взяли на рынке во время рейда, сейчас в Сахарово", ("detention", "border")),
    ("жолдошумду түнкүсүн жатаканадан алып чыгып кетишти, формачан кишилер экен", "detention"),
    pytest.param(
        "They came to our dorm at 5am and took 12 of our guys, my brother among them",
        "detention",
        marks=pytest.mark.xfail(strict=True, reason="English 'took' alone is also 'took a bus': no family for it"),
    ),
    ("Брат в изоляторе, следователь требует подписать бумаги на русском, он не понимает", "detention"),
    ("сегодня мужа повязали на стройке без патента, сидит в ОВД Люблино", "detention"),
    ("inimdi keche beri otdeldo karmap turushat, ech nerse aitpai jatyshat", "detention"),
    ("У нас в общежитии ночью была проверка, забрали половину ребят, и моего мужа тоже", "detention"),
    # border and deportation
    (
        "Меня не выпускают из России, на паспортном контроле сказали что у меня долг по налогам, рейс через час",
        "border",
    ),
    ("Сынды чек арадан артка бурушту, азыр Казакстан тараптагы посттун жанында турат", "border"),
    (
        "At Vnukovo the border guards took my passport an hour ago and told me to wait in a separate room",
        "border",
    ),
    (
        "мужу суд дал выдворение, его держат в центре, а билет мы должны купить сами, как быстрее?",
        ("border", "detention"),
    ),
    ("Karyndashymdy Dubai aeroportunda toktotup, kaira Bishkekke jiberip jatyshat", "border"),
    ("Сына сейчас везут в Домодедово под конвоем, депорт", ("border", "detention")),
    ("Турция кирүүгө уруксат бербей, Стамбул аэропортунда отурабыз 10 саат болду", "border"),
    # missing
    ("Брат уехал на заработки в Самару, месяц ни одного звонка, хозяин квартиры говорит съехал", "missing"),
    ("Кызым Сеулда, эки жумадан бери бир да жолу чалган жок, ватсапка да кирбей жатат", "missing"),
    (
        "my sister stopped replying on the 3rd, her employer in Antalya says she left and they don't know anything",
        "missing",
    ),
    ("мой сын уже 5 дней не выходит на связь, последний раз писал что едет в Екатеринбург", "missing"),
    ("Апам Москвада жалгыз, кечээтен бери телефонду албай жатат, кошуналары да көрбөптүр", "missing"),
    ("we can't find my husband, he went to work on Tuesday and nobody has seen him since", "missing"),
    ("Бир тууганым Казанда иштечү, 10 күндөн бери кабарсыз, досторунун баары билбейбиз дейт", "missing"),
    ("papa ushel na rabotu v ponedelnik i do sih por ego net, telefon ne dostupen", "missing"),
    ("Агам 2 апта бою телефонго жооп бербейт, жумушунан да кетип калыптыр", "missing"),
    # forced labour
    (
        "Нас 8 человек держат на овощебазе, паспорта у хозяина, зарплату не платят третий месяц, за забор не выпускают",
        "forced_labour",
    ),
    ("Кожоюн үйүнө жумушка алып барып, эми эшиктен чыгарбай, паспортумду катып койду", "forced_labour"),
    (
        "They took my wife's passport when she arrived in Istanbul and make her work in a house 7 days a week, "
        "she can't go out",
        "forced_labour",
    ),
    ("Работаю у частника в Казахстане, документы он спрятал, говорит уедешь когда я скажу", "forced_labour"),
    ("Бригадир айтат, жол кире үчүн карызсыңар, иштеп бермейинче паспортту бербейм", "forced_labour"),
    ("my boss locks us in the container at night and keeps our passports", "forced_labour"),
    (
        "Жену в Дубае агентство держит в квартире, телефон отобрали, она смогла написать с чужого номера",
        "forced_labour",
    ),
    # violence and injuries
    ("Брата избили бритоголовые в электричке, у него сотрясение, лежит в больнице", "violence"),
    ("Күйөөм мас болуп мени менен балдарды уруп жатат, Москвадабыз, кайда барабыз", "violence"),
    ("Someone slashed my cousin with a knife outside the hostel", "violence"),
    ("Хозяин квартиры ворвался ночью и ударил сына по голове, у него кровь", "violence"),
    ("My husband hits me every day and took my documents, I'm in Astana with two kids", "violence"),
    ("Ишканада иним станокко колун кесип алды, азыр ооруканада", "violence"),
    ("Брат упал с крыши на объекте в Мытищах, в тяжелом состоянии в реанимации", "violence"),
    ("uulum menen kyzymdy koshunalar urup ketishti, policiyaga aryz jazdyk, azyr emne kylabyz", "violence"),
]

NOT_URGENT = [
    "Брат умер в прошлом году в Москве, нам нужна справка для банка",
    "Менин агам 2020-жылы Россиядан депорт болгон, азыр кирсе болобу?",
    "Сколько стоит перевезти покойного из Казани в Ош самолетом?",
    "Если работодатель держит паспорт, это законно?",
    "Что делать, если тебя остановили полицейские на улице?",
    "Как получить тело из морга, какие документы просят?",
    "Мой брат работает в полиции в Бишкеке, может ли он приехать в Москву?",
    "Брат ищет работу в Москве, есть ли вакансии через консульство?",
    "My brother is looking for a job in Moscow, can the consulate help?",
    "Как вызвать скорую в Москве, если нет полиса?",
    "My husband lost his passport on the train, what should he do?",
    "Сестра не может дозвониться в консульство уже неделю, телефон всегда занят",
    "Уже три дня не могу дозвониться до миграционной службы, что делать?",
    "Жолдошум Москвага кетти, ал жакта кантип каттоого турат?",
    "Брат в 2019 пропал, а в 2020 нашелся в больнице. Сейчас хочет получить новый паспорт",
    "My friend was deported from Russia 3 years ago; can he enter Kazakhstan?",
    "What documents does the consulate need to send a body home from Turkey?",
    "Агама ишеним кат жасасам болобу, ал Москвада",
    "бригадир зарплату не отдаёт второй месяц, паспорт у меня, уйти могу, но хочу деньги",
    "Хозяин квартиры держит наш залог и не отвечает на звонки уже неделю",
    "Эгер мени депорт кылышса, балдарым менен кантип кайтам?",
    "мигранттардын укугу боюнча лекция барбы",
    "Брата депортировали в марте, когда он может вернуться?",
    "Как узнать, что человек в розыске в России?",
    "Бизди жумушка алып барышты, жатакана жакшы, айлык качан берилет?",
    "My son was picked up from school by his uncle, do I need to give him a power of attorney?",
    "Сына забрали в армию в Кыргызстане, как ему потом приехать в Россию?",
    "Мою жену увезли в роддом, какие документы нужны для ребенка?",
    "Мама болеет, уже неделю не выходит из дома, как ей помочь с лекарствами из Кыргызстана?",
    "We lost contact with the agency that promised my sister a job in Dubai, is it a scam?",
    "кожоюн паспортумду патент үчүн алды, эртең кайтарып берет",
    "Апам мени менен байланышка чыкпай калды деп тынчсызданат, менин телефонум бузулуп калды",
    "I just arrived at Sheremetyevo, where do I get a SIM card?",
    "Я на границе в Кордае, сколько сейчас очередь?",
    "Сегодня годовщина смерти отца, можно ли заказать молитву в посольстве?",
    "Депортация болгондон кийин канча жылга тыюу салынат?",
    pytest.param(
        "Түрмөдө отурган агама посылка жиберсе болобу, Новосибирскиде",
        marks=pytest.mark.xfail(strict=True, reason="a sentence being served reads as a detention now"),
    ),
    "my dad is in hospital in Moscow after a stroke, how do we pay the bill?",
    "Брат сломал руку на работе, работодатель не хочет оплачивать лечение",
    "Уулум Москвада туулган, күбөлүк кантип алабыз",
    "Сестра хочет развестись с мужем-гражданином России, как это сделать?",
    "My wife's residence permit expires tomorrow, can she extend at the consulate?",
    "Брат завтра улетает домой, надо ли ему что-то оформить в аэропорту?",
    "Менин досум Казакстандан чыга албай жатат, билет жок, качан рейс болот?",
    "Брат не берет трубку, наверное на смене. Как записать его на прием?",
]
