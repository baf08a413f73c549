"""Synthetic unanswered questions for the clustering tests and `python -m tests.learning_topics`.

Eight topics the FAQ lacks, each asked 25-40 ways as citizens write: Russian and Kyrgyz in Cyrillic
and Latin letters, Kyrgyz without ң ө ү, mixed with Russian, English, typos, and different words for
the same thing ("права", "водительское удостоверение", "айдоочулук күбөлүк", "driving licence").
Some topics are near each other on purpose (army deferment for students / university admission,
flights / weather, taxes / pensions, licence fines / money and cards). Then one-off questions nobody
else asked, sharing the everyday words ("Москва", "Россия", "документ", "оплатить", "карта") with the
topics and with each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.faq.model import LANGUAGES, Faq
from bot.learning.cluster import Cluster
from bot.learning.records import QuestionRecord

Pairs = list[tuple[str, str]]

DRIVING: Pairs = [
    ("ru", "Можно ли ездить по России с кыргызскими правами?"),
    ("ru", "действуют ли водительские права Кыргызстана в РФ"),
    ("ru", "как поменять кыргызское водительское удостоверение на российское"),
    ("ru", "работаю в такси, нужны ли российские права или хватит наших"),
    ("ru", "меня остановил гаишник и сказал что мои права недействительны, штраф выписал"),
    ("ru", "водительское удостоверение кр признается в россии или нет"),
    ("ru", "штраф за езду без российских прав для граждан Киргизии"),
    ("ru", "можно ли работать в яндекс такси с правами КР"),
    ("ru", "срок действия прав истек, как продлить водительское находясь в Москве"),
    ("ru", "потерял права, как восстановить водительское удостоверение из Екатеринбурга"),
    ("ru", "замена вод удостоверения кыргызстан на рф какие документы в гибдд"),
    ("ru", "нужно ли сдавать экзамен в ГИБДД чтобы обменять права"),
    ("ru", "prava kyrgyzstana deistvuyut v rossii?"),
    ("ru", "mozhno li rabotat v taksi s kirgizskimi pravami"),
    ("ru", "voditelskoe udostoverenie pomenyat na rossiiskoe kak"),
    ("ru", "shtraf za voditelskie prava kr, chto delat"),
    ("ky", "Кыргыз айдоочулук күбөлүгү менен Орусияда машина айдаса болобу"),
    ("ky", "айдоочулук куболугумду жоготтум, кантип калыбына келтирем"),
    ("ky", "правам менен таксиде иштесем болобу Москвада"),
    ("ky", "айдоочулук күбөлүктү орус правасына алмаштыруу керекпи"),
    ("ky", "гаишник токтотуп, правам жарабайт деди, штраф салды"),
    ("ky", "правамдын мөөнөтү бүттү, Россияда туруп жаңыртса болобу"),
    ("ky", "aidoochuluk kubolugu rossiyada jaraiby"),
    ("ky", "pravam menen taksi aidasam bolobu"),
    ("ky", "prava almashtyruu kantip, ekzamen tapshyrysh kerekpi"),
    ("ky", "айдоочулук укук кыргыздыкы Орусияда жарактуубу"),
    ("ky", "такси айдайм, кыргыз правасы менен айып пул төлөдүм, эмне кылам"),
    ("en", "Is my Kyrgyz driving licence valid in Russia?"),
    ("en", "can I drive a taxi in Moscow with a Kyrgyz driver's license"),
    ("en", "how to exchange a Kyrgyz driver license for a Russian one"),
    ("en", "police fined me for driving with a foreign licence, what to do"),
    ("en", "lost my driving license in Russia, how to get a new one from Kyrgyzstan"),
    ("ru", "водительские права кр в рф 2026 изменения для таксистов"),
    ("ky", "водительское удостоверение алмаштырыш керекпи такси үчүн"),
    ("ru", "vodit. udostovereniye kyrgyzskoe prodlit v konsulstve mozhno?"),
]

MONEY: Pairs = [
    ("ru", "Как отправить деньги домой в Кыргызстан дешевле всего?"),
    ("ru", "какая комиссия за перевод денег из России в Бишкек"),
    ("ru", "перевод через Золотую Корону не дошел, что делать"),
    ("ru", "заблокировали карту Сбербанка после перевода родителям"),
    ("ru", "можно ли переводить деньги на Элкарт с российской карты"),
    ("ru", "лимит на денежные переводы в Кыргызстан из РФ"),
    ("ru", "почему банк заблокировал мой перевод в Киргизию"),
    ("ru", "как отправить деньги маме в Ош без комиссии"),
    ("ru", "Золотая корона или Юнистрим, что выгоднее для перевода на родину"),
    ("ru", "деньги отправил, а получатель в Джалал-Абаде не может получить перевод"),
    ("ru", "perevod deneg v kyrgyzstan komissiya skolko"),
    ("ru", "zolotaya korona perevod ne prishel"),
    ("ru", "kartu zablokirovali posle perevoda domoi"),
    ("ky", "үйгө акча кантип жөнөтөм, эң арзан жолу кайсы"),
    ("ky", "акча которууга комиссия канча алат Орусиядан"),
    ("ky", "Золотая корона аркылуу акча жибердим, келген жок"),
    ("ky", "Сбербанктын картам блоктолуп калды, апама акча салгандан кийин"),
    ("ky", "ata-enеме akcha jonotkom keldi, kaisy bank menen arzan"),
    ("ky", "akcha kotoruu komissiyasy kancha rossiyadan"),
    ("ky", "kartam bloktoldu perevod kylgandan kiyin emne kylam"),
    ("ky", "Элкартка акча которсо болобу Россиядан"),
    ("ky", "перевод кылсам банк токтотуп койду, эмне үчүн"),
    ("en", "How can I send money home to Kyrgyzstan from Russia?"),
    ("en", "bank transfer fees from Russia to Kyrgyzstan"),
    ("en", "my card was blocked after I sent money to my family"),
    ("en", "Zolotaya Korona transfer did not arrive, who can help"),
    ("en", "cheapest way to transfer money to Bishkek"),
    ("ru", "денежный перевод на родину налог берут?"),
    ("ky", "акча салсам карта блок болуп калды Тинькофф"),
    ("ru", "как перекинуть деньги родным в кр с карты мир"),
]

UNIVERSITY: Pairs = [
    ("ru", "как поступить в российский вуз по квоте гражданину Кыргызстана"),
    ("ru", "какие документы нужны для поступления в университет в Москве"),
    ("ru", "бюджетные места для кыргызских абитуриентов в России"),
    ("ru", "можно ли поступить в МГУ после кыргызской школы без ЕГЭ"),
    ("ru", "нострификация аттестата для поступления в российский институт"),
    ("ru", "квота на обучение в России для студентов из КР как подать заявку"),
    ("ru", "сколько стоит учеба в университете в Казани для иностранцев"),
    ("ru", "поступление в магистратуру в Россию с кыргызским дипломом"),
    ("ru", "postupit v universitet v rossii iz kyrgyzstana kak"),
    ("ru", "kvota na obuchenie v rf dlya kyrgyzov"),
    ("ru", "abiturient iz kr, kakie ekzameny sdavat v vuz"),
    ("ky", "Орусиянын университетине кантип тапшырам"),
    ("ky", "балам мектепти бүттү, Россиядагы вузга окууга өтсө болобу"),
    ("ky", "университетке тапшыруу үчүн кандай документтер керек Москвада"),
    ("ky", "квота менен бекер окууга кантип кирем"),
    ("ky", "окууга тапшыруу мөөнөтү качан бүтөт Россияда"),
    ("ky", "universitetke tapshyruu kantip rossiyada"),
    ("ky", "kvota menen okuuga kirse bolobu"),
    ("ky", "студент болуп окуш үчүн аттестатты нострификация кылыш керекпи"),
    ("ky", "контракт менен окуу канча турат Москванын вуздарында"),
    ("en", "How to apply to a Russian university from Kyrgyzstan"),
    ("en", "scholarship quota for Kyrgyz students in Russia"),
    ("en", "documents needed for university admission in Moscow"),
    ("en", "can I study for free at a Russian university"),
    ("en", "tuition fees for international students in Russian universities"),
    ("ru", "вступительные экзамены в вуз для иностранцев из киргизии"),
    ("ky", "вузга поступление кылуу учун ЕГЭ тапшыруу керекпи"),
    ("ru", "поступить на бюджет в СПбГУ кыргызу реально?"),
]

MILITARY: Pairs = [
    ("ru", "Нужно ли мне служить в армии если я живу в России?"),
    ("ru", "как получить военный билет находясь в Москве"),
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
    ("ky", "военкоматка барбасам эмне болот, Москвада жүрөм"),
    ("ky", "аскердик билет кантип алам чет элде жүрүп"),
    ("ky", "armiyaga barbasam bolobu rossiyada jurom"),
    ("ky", "askerdik kyzmat otobosom emne bolot"),
    ("ky", "voennyi biletti kantip alam moskvada"),
    ("ky", "alternativdik kyzmat tolom kancha armiya"),
    ("ky", "армия боюнча суроо: военный билет жок, паспорт алмаштырсам болобу"),
    ("en", "Do I have to serve in the army if I work in Russia?"),
    ("en", "how to get a military ID (voennyi bilet) while abroad"),
    ("en", "can I pay for alternative military service from Russia instead of the army"),
    ("en", "conscription age in Kyrgyzstan, I never did military service"),
    ("ru", "отсрочка от армии для студентов, учащихся за границей"),
    ("ky", "армиядан отсрочка алса болобу, Россияда окуйм"),
]

TAXES: Pairs = [
    ("ru", "нужно ли платить налоги в Кыргызстане если я работаю в России"),
    ("ru", "как подать налоговую декларацию в КР находясь за границей"),
    ("ru", "единая налоговая декларация для граждан КР за рубежом срок сдачи"),
    ("ru", "налог на имущество в Бишкеке как оплатить из Москвы"),
    ("ru", "штраф налоговой за несданную декларацию, я в россии был"),
    ("ru", "как узнать свой ИНН Кыргызстана онлайн"),
    ("ru", "налог на машину в Кыргызстане начисляется если я за границей"),
    ("ru", "двойное налогообложение Россия Кыргызстан для мигрантов"),
    ("ru", "nalogi v kyrgyzstane platit nado esli ya v rossii"),
    ("ru", "nalogovaya deklaratsiya kr kak podat onlain"),
    ("ky", "Россияда иштесем Кыргызстанга салык төлөшүм керекпи"),
    ("ky", "салык декларациясын кантип тапшырам чет өлкөдөн"),
    ("ky", "үйгө мүлк салыгын Москвадан кантип төлөйм"),
    ("ky", "салык кызматы декларация тапшырбадың деп айып салды"),
    ("ky", "ИНН номеримди кантип билем"),
    ("ky", "salyk deklaratsiya tapshyruu kerekpi rossiyada jurgondor"),
    ("ky", "salyk tolobosom emne bolot, men chet oldko"),
    ("ky", "машинанын салыгы келди, мен Россияда жүрөм"),
    ("en", "Do I need to pay taxes in Kyrgyzstan while working in Russia?"),
    ("en", "how to file a Kyrgyz tax declaration from abroad"),
    ("en", "property tax in Bishkek, can I pay it online from Russia"),
    ("en", "double taxation between Russia and Kyrgyzstan"),
    ("ru", "налоговая декларация через кабинет налогоплательщика салык.гов.кг не открывается"),
    ("ky", "налог декларация тапшыруу мөөнөтү качан"),
    ("ru", "надо ли декларировать доход за границей в гнс кр"),
    ("ky", "ГНС салык боюнча карызым барбы кантип текшерем"),
]

PENSION: Pairs = [
    ("ru", "будет ли у меня пенсия в Кыргызстане если я работал в России"),
    ("ru", "засчитывается ли российский стаж для пенсии в КР"),
    ("ru", "как получать кыргызскую пенсию живя в Москве"),
    ("ru", "пенсионный возраст в Кыргызстане для мужчин"),
    ("ru", "как платить страховые взносы в Соцфонд КР из-за границы, чтобы был стаж"),
    ("ru", "маме не переводят пенсию на карту, она в Новосибирске живет"),
    ("ru", "пенсия по ЕАЭС соглашению как оформить"),
    ("ru", "добровольные взносы в соцфонд кр для трудовых мигрантов"),
    ("ru", "pensiya v kyrgyzstane esli rabotal v rossii"),
    ("ru", "stazh dlya pensii kak podtverdit iz rf"),
    ("ky", "Россияда иштеген жылдарым пенсияга эсептелеби"),
    ("ky", "пенсияга чыгуу үчүн канча жыл стаж керек"),
    ("ky", "Соцфондко өзүм акча төлөп турсам болобу чет элден"),
    ("ky", "апамдын пенсиясы Москвага келбей калды"),
    ("ky", "пенсия алуу үчүн кайсы документтер керек, Орусияда жашайм"),
    ("ky", "pensiyaga chygyp jatam, rossiyadagy stajymdy kantip koshom"),
    ("ky", "pensiya kachan chygat ayaldar uchun"),
    ("ky", "пенсиямды орус картасына алсам болобу"),
    ("en", "Will my work in Russia count towards a Kyrgyz pension?"),
    ("en", "how to receive my Kyrgyz pension while living in Russia"),
    ("en", "retirement age in Kyrgyzstan"),
    ("en", "voluntary social fund contributions from abroad for pension"),
    ("ru", "стаж в россии для пенсии в кр по договору ЕАЭС засчитают?"),
    ("ky", "пенсионный фонд кайда кайрылам пенсия токтоп калды"),
    ("ru", "пенсию по инвалидности можно получать за границей?"),
    ("ky", "мугунсуз пенсия алыш учун соцфондко кантип кайрылам"),
]

FLIGHTS: Pairs = [
    ("ru", "где купить дешевые авиабилеты Москва Бишкек"),
    ("ru", "рейс в Ош отменили, как вернуть деньги за билет"),
    ("ru", "сколько килограмм багажа можно провезти в самолете до Бишкека"),
    ("ru", "нужен ли загранпаспорт для перелета в Кыргызстан или хватит ID карты"),
    ("ru", "билеты на самолет Новосибирск Бишкек когда дешевле"),
    ("ru", "опоздал на рейс, можно ли поменять билет"),
    ("ru", "авиакомпания потеряла багаж на рейсе Москва Ош"),
    ("ru", "aviabilety moskva bishkek deshevo gde kupit"),
    ("ru", "reis otmenili kak vernut dengi za bilet"),
    ("ru", "bagazh skolko kg mozhno v samolet"),
    ("ky", "Москва Бишкек авиабилет кайдан арзан алса болот"),
    ("ky", "учакка билет алдым, рейс кечигип жатат, эмне кылам"),
    ("ky", "самолётко канча кило жүк алса болот"),
    ("ky", "билетимди кайтарып акчамды алсам болобу, учуп кете албай калдым"),
    ("ky", "aviabilet kaidan arzan alam oshko"),
    ("ky", "samoletko bilet kymbat, arzan reis barby"),
    ("ky", "аэропорттон учак учпай калды, рейс отмена болду"),
    ("en", "Where can I buy cheap flights from Moscow to Bishkek?"),
    ("en", "my flight to Osh was cancelled, how do I get a refund"),
    ("en", "baggage allowance on flights to Kyrgyzstan"),
    ("en", "airline lost my luggage on the Moscow Bishkek flight"),
    ("ru", "авиа билет на чартер до Оша с пересадкой"),
    ("ky", "Аэрофлот менен учсам багаж канча кг"),
    ("ru", "можно ли сдать билет на самолет если заболел"),
    ("ky", "рейс Екатеринбург Ош качан учат, билет бар бы"),
    ("en", "plane tickets to Kyrgyzstan for the holidays"),
]

WEATHER: Pairs = [
    ("ru", "какая погода сейчас в Бишкеке"),
    ("ru", "погода в Оше на выходные"),
    ("ru", "будет ли снег в Нарыне на этой неделе"),
    ("ru", "прогноз погоды на Иссык-Куль в июле"),
    ("ru", "какая температура в Бишкеке зимой"),
    ("ru", "pogoda v bishkeke zavtra"),
    ("ru", "prognoz pogody osh nedelya"),
    ("ky", "Бишкекте аба ырайы кандай болот эртең"),
    ("ky", "Ошто азыр жаан жаап жатабы"),
    ("ky", "Нарында кар канча түштү, жол ачыкпы"),
    ("ky", "aba yraiy kandai bishkekte"),
    ("ky", "ertenki aba ырайы Ош шаарында"),
    ("ky", "Ысык-Көлдө суу жылыбы азыр, аба ырайы"),
    ("ky", "Таласта суук болуп жатабы, канча градус"),
    ("en", "What is the weather like in Bishkek now?"),
    ("en", "weather forecast for Osh this weekend"),
    ("en", "is it cold in Kyrgyzstan in December"),
    ("en", "temperature in Bishkek tomorrow"),
    ("ru", "жара в Бишкеке сколько градусов сегодня"),
    ("ky", "погода кандай Бишкекте, кар жаадыбы"),
    ("ru", "какая погодa на перевале Тоо-Ашуу, снег есть?"),
    ("ky", "Жалал-Абадда аба ырайы ысыкпы"),
    ("en", "will it rain in Bishkek on Saturday"),
    ("ru", "погода кара-балта прогноз на неделю"),
    ("ky", "kar jaadyby narynda bugun"),
]

TOPICS: dict[str, Pairs] = {
    "driving": DRIVING,
    "money": MONEY,
    "university": UNIVERSITY,
    "military": MILITARY,
    "taxes": TAXES,
    "pension": PENSION,
    "flights": FLIGHTS,
    "weather": WEATHER,
}

# One-off questions: each about something nobody else asked, many with the topics' everyday words.
SINGLETONS: Pairs = [
    ("ru", "курс доллара к сому сегодня"),
    ("ru", "как отправить посылку из России в Бишкек"),
    ("ru", "можно ли взять кредит в российском банке гражданину Кыргызстана"),
    ("ky", "Москвада кайсы мечитте жума намаз окулат"),
    ("ky", "балам мектепке бара албай жатат, документ сурашат"),
    ("en", "how to open a bank account in Russia as a Kyrgyz citizen"),
    ("ky", "Россияда ипотека алса болобу"),
    ("ru", "kvartiru snyat v moskve deshevo gde"),
    ("ru", "как получить гражданство России быстро"),
    ("ru", "интернет в общежитии не работает, кому жаловаться"),
    ("ky", "Moskvada kyrgyz kafe kaida bar"),
    ("en", "English courses for migrants in Moscow"),
    ("ru", "где в Москве найти кыргызского врача стоматолога"),
    ("ky", "Бишкекке поезд менен канча күн жол жүрөт"),
    ("en", "is there a Kyrgyz school in Saint Petersburg"),
    ("ru", "сосед шумит ночью, куда позвонить в Москве"),
    ("ru", "как записать ребенка в детский сад в Подольске"),
    ("ru", "продам телефон Samsung недорого"),
    ("ky", "кыргыз ырларын кайдан угам"),
    ("ru", "где купить казы и чучук в Москве"),
    ("en", "how to register a small business in Bishkek"),
    ("ru", "работодатель не отдает трудовую книжку, что делать"),
    ("ky", "жумуш издейм, курулушта иштегим келет"),
    ("ru", "можно ли привезти собаку из Киргизии в Россию"),
    ("ru", "сколько стоит нотариус для доверенности в Москве"),
    ("ky", "телефонума смс келбей жатат, номер бөгөттөлдү"),
    ("ru", "какие лекарства можно провозить через границу"),
    ("en", "where can I learn Russian for free"),
    ("ru", "как купить сим-карту без регистрации"),
    ("ky", "Ош шаарында жер сатып алса болобу чет элде жүрүп"),
    ("ru", "кто выиграл выборы в Кыргызстане"),
    ("ru", "хочу вызвать жену в Россию, нужно ли приглашение"),
    ("ky", "атамдын үйүн менин атыма кантип которобуз, мен Москвада"),
    ("ru", "какой праздник 31 августа в Кыргызстане"),
    ("en", "is there a Kyrgyz football team in Moscow"),
    ("ru", "как вызвать скорую помощь если нет полиса"),
    ("ky", "кымыз кайдан табам Москвадан"),
    ("ru", "мошенники позвонили от имени банка, что делать"),
    ("ru", "сколько идет письмо почтой из Москвы в Каракол"),
    ("en", "Can my brother visit me on a tourist trip"),
    ("ru", "бесплатный юрист для мигрантов в Санкт-Петербурге"),
    ("ky", "үй ээси депозитти кайтарбай жатат"),
    ("ru", "как заказать справку о несудимости в Кыргызстане"),
    ("ru", "можно ли купить квартиру в Бишкеке через интернет"),
    ("ky", "Бишкекте кайсы ооруканада жүрөк операция жасашат"),
    ("ru", "ребенок родился в России, как получить свидетельство о рождении кыргызское"),
    ("en", "how to find a Kyrgyz translator for documents in Kazan"),
    ("ru", "украли велосипед в Москве, куда обращаться"),
    ("ky", "той өткөрүүгө кафе керек Москвада"),
    ("ru", "какие прививки нужны ребенку для школы"),
    ("ru", "ноутбук сломался, гарантия не действует"),
    ("ky", "мобильный операторлор арасында кайсынысы арзан"),
    ("ru", "сын хочет играть в хоккей, есть ли секции для детей мигрантов"),
    ("en", "where to buy halal meat in St Petersburg"),
    ("ru", "как оформить алименты если муж в России"),
    ("ky", "уулум Москвада адашып кетти, телефону өчүк"),
    ("ru", "можно ли вступить в профсоюз трудовому мигранту"),
    ("ru", "как отметить Нооруз в Москве, есть ли мероприятия"),
    ("ky", "Бишкектеги батирди ижарага берсем кантип келишим түзөбүз"),
    ("ru", "посоветуйте хорошего кыргызского адвоката по уголовным делам"),
    ("en", "what documents do I need to marry a Russian citizen"),
    ("ru", "срочно нужен донор крови 2 группы в Москве"),
    ("ky", "намаз убактысы Москвада канчада"),
    ("ru", "можно ли через госуслуги записаться к врачу без СНИЛС"),
]


def records(pairs: Pairs, first_id: int, decision: str = "escalate") -> list[QuestionRecord]:
    return [
        QuestionRecord(first_id + i, float(first_id + i), lang, text, decision) for i, (lang, text) in enumerate(pairs)
    ]


def in_scope(faq: Faq, every: int = 10) -> Pairs:
    """Questions the FAQ answers (every `every`-th of its phrasings) that still ended unanswered (a 👎)."""
    out: Pairs = []
    for entry in faq.entries.values():
        for lang in LANGUAGES:
            out.extend((lang, p) for p in entry.text(lang).phrasings)
    return out[::every]


@dataclass
class Scene:
    """Labelled records: id -> topic name, or "" for one-off and in-scope questions."""

    records: list[QuestionRecord]
    label: dict[int, str]


def scene(topics: Iterable[str], faq: Faq | None = None, singletons: bool = True) -> Scene:
    """The named topics' questions interleaved with the one-offs (and in-scope questions with `faq`)."""
    recs: list[QuestionRecord] = []
    label: dict[int, str] = {}
    for n, name in enumerate(topics):
        for r in records(TOPICS[name], 1000 * (n + 1)):
            recs.append(r)
            label[r.id] = name
    others = records(SINGLETONS, 100_000, "out_of_scope") if singletons else []
    if faq is not None:
        others += records(in_scope(faq), 200_000, "answer")
    for r in others:
        label[r.id] = ""
    # interleave deterministically so no topic arrives as one block
    mixed = sorted(recs + others, key=lambda r: (r.id * 7919) % 10007)
    return Scene(mixed, label)


@dataclass
class TopicScore:
    name: str
    size: int
    clusters: list[int]  # how many of the topic's questions each cluster holding some of them has
    largest_share: float
    largest_purity: float  # share of the topic's own questions in the cluster holding most of them


@dataclass
class Score:
    topics: dict[str, TopicScore]
    mixed: int  # clusters holding questions of two planted topics (two or more of each ... or one stray)
    strays: int  # one-off / in-scope questions inside clusters whose majority is a planted topic
    clusters: int

    def lines(self) -> list[str]:
        out = []
        for t in self.topics.values():
            out.append(
                f"{t.name:<11} {t.size:>3} q -> {len(t.clusters)} cluster(s) {t.clusters}, "
                f"largest share {t.largest_share:.0%}, its purity {t.largest_purity:.0%}"
            )
        out.append(f"clusters mixing planted topics: {self.mixed}; stray questions in topic clusters: {self.strays}")
        out.append(f"clusters in all: {self.clusters}")
        return out


def score(found: Sequence[Cluster], labelled: Scene) -> Score:
    label = labelled.label
    sizes = Counter(label[r.id] for r in labelled.records if label[r.id])
    per_topic: dict[str, TopicScore] = {}
    counts = [Counter(label[r.id] for r in c.records) for c in found]
    for name, size in sizes.items():
        held = sorted((c[name] for c in counts if c[name]), reverse=True)
        best = max(counts, key=lambda c: c[name]) if held else Counter()
        per_topic[name] = TopicScore(
            name, size, held, held[0] / size if held else 0.0, best[name] / sum(best.values()) if held else 0.0
        )
    mixed = sum(1 for c in counts if len([t for t in c if t]) > 1)
    strays = 0
    for c in counts:
        planted = [(n, t) for t, n in c.items() if t]
        if planted and max(planted)[0] * 2 > sum(c.values()):
            strays += c[""]
    return Score(per_topic, mixed, strays, len(found))


def main() -> None:
    import time
    from pathlib import Path

    from bot.faq.loader import load_faq
    from bot.learning.cluster import cluster_questions

    faq = load_faq(Path(__file__).resolve().parents[1] / "faq")
    for name in TOPICS:
        print("\n## alone with one-offs:", name)
        labelled = scene([name])
        for line in score(cluster_questions(labelled.records, faq), labelled).lines()[:2]:
            print(line)
    for title, names in (
        ("driving + money", ["driving", "money"]),
        ("all topics, one-offs and in-scope", list(TOPICS)),
    ):
        print("\n##", title)
        labelled = scene(names, faq)
        start = time.perf_counter()
        found = cluster_questions(labelled.records, faq)
        took = time.perf_counter() - start
        for line in score(found, labelled).lines():
            print(line)
        print(f"{len(labelled.records)} questions in {took:.2f} s")


if __name__ == "__main__":
    main()
