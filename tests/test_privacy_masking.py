"""Masking: personal data never survives, ordinary numbers in questions always do.

Every expected output here is written by hand; nothing is computed by the code under test.
"""

from __future__ import annotations

import random
import re

import pytest

from bot.privacy.masking import CARD, EMAIL, NUMBER, PASSPORT, PHONE, PIN, has_placeholder, luhn_valid, mask

# (question as a citizen writes it, the personal data in it, the placeholder it must become)
LEAKS = [
    # phones: Russian, Kyrgyz, international, with every separator people use
    ("Мой номер +7 999 123-45-67, перезвоните пожалуйста", "+7 999 123-45-67", PHONE),
    ("звоните 8(999)1234567 в любое время", "8(999)1234567", PHONE),
    ("8 (999) 123 45 67 менин номерим", "8 (999) 123 45 67", PHONE),
    ("+79991234567 whatsapp", "+79991234567", PHONE),
    ("+996 555 123 456 ватсапка жазыңыз", "+996 555 123 456", PHONE),
    ("0555123456 номерге чалыңыз", "0555123456", PHONE),
    ("0555123456га чалып коюңузчу", "0555123456", PHONE),
    ("0 (555) 12-34-56 апамдын номери", "0 (555) 12-34-56", PHONE),
    ("номерим 0700.12.34.56", "0700.12.34.56", PHONE),
    ("+996(700)12-34-56", "+996(700)12-34-56", PHONE),
    ("call me at +44 20 7946 0958 please", "+44 20 7946 0958", PHONE),
    ("my phone is 996 555 123 456", "996 555 123 456", PHONE),
    ("tel 555 123 456", "555 123 456", PHONE),
    ("тел: 62-05-45 (Бишкек)", "62-05-45", PHONE),
    ("позвоните на 123-45-67", "123-45-67", PHONE),
    ("Мой номер телефона\u00a0+7\u00a0916\u00a0000\u00a011\u00a022", "+7\u00a0916\u00a0000\u00a011\u00a022", PHONE),
    ("+7 999 123-45-67 + 8 999 765-43-21 эки номерим", "8 999 765-43-21", PHONE),
    ("номерим 0555 12.03.45", "0555 12.03.45", PHONE),  # the tail looks like a date: still a phone
    ("+996 (754) 10-08-93 ватсап", "+996 (754) 10-08-93", PHONE),
    ("ПИН 21403196747565 14 күн калды", "21403196747565", PIN),
    # passports and ID cards: Kyrgyz (Latin and Cyrillic look-alikes), Russian series
    ("паспорт AN1234567 жоготтум", "AN1234567", PASSPORT),
    ("pasport AN1234567 jogoldu emne kylam", "AN1234567", PASSPORT),
    ("паспорт АН1234567 потерял", "АН1234567", PASSPORT),
    ("ID1234567 картамды жоготтум", "ID1234567", PASSPORT),
    ("my id card id1234567 was stolen", "id1234567", PASSPORT),
    ("паспорт AC 1234567 мөөнөтү бүттү", "AC 1234567", PASSPORT),
    ("паспорт ас1234567 срок истек", "ас1234567", PASSPORT),
    ("ID-карта ID 1234567 жоголду", "ID 1234567", PASSPORT),
    ("паспорт РФ 45 10 123456 выдан в Москве", "45 10 123456", PASSPORT),
    ("паспорт 4510 123456", "4510 123456", PASSPORT),
    ("серия 4510 номер 123456", "4510", PASSPORT),
    ("серия 4510 номер 123456", "123456", NUMBER),
    ("passport number N12345678", "N12345678", PASSPORT),
    # Kyrgyz personal number (ПИН / ИНН), 14 digits starting with 1 or 2
    ("мой ПИН 21234567890123 проверьте", "21234567890123", PIN),
    ("ИНН 12345199012345", "12345199012345", PIN),
    ("жеке номерим 2 0101 1990 00123", "2 0101 1990 00123", PIN),
    ("ИНН 771234567890", "771234567890", PIN),
    ("pin: 212345678901", "212345678901", PIN),
    ("пин-код 1234 от карты сказал оператору", "1234", CARD),
    ("CVV 123 written on the back", "123", CARD),
    # e-mails
    ("ivan.petrov@mail.ru жазыңыз", "ivan.petrov@mail.ru", EMAIL),
    ("send it to aibek_1990+kg@gmail.com", "aibek_1990+kg@gmail.com", EMAIL),
    ("почта: иван@почта.рф", "иван@почта.рф", EMAIL),
    # bank cards
    ("карта 4276 3800 1234 5678 на неё отправили", "4276 3800 1234 5678", CARD),
    ("4276-3800-1234-5678 картага акча", "4276-3800-1234-5678", CARD),
    ("my card 4111111111111111 was charged twice", "4111111111111111", CARD),
    ("Элкарт 9417 1234 5678 9012 345", "9417 1234 5678 9012 345", CARD),
    # other long personal numbers after a cue
    ("патент №77 1234567 продлить", "77 1234567", NUMBER),
    ("номер договора 2211334455667788990011", "2211334455667788990011", NUMBER),
    ("счет 40817810099910004312 заблокировали", "40817810099910004312", NUMBER),
]


@pytest.mark.parametrize(("text", "secret", "placeholder"), LEAKS)
def test_personal_data_never_survives(text: str, secret: str, placeholder: str) -> None:
    masked = mask(text)
    assert secret not in masked
    secret_digits = re.sub(r"\D", "", secret)
    if len(secret_digits) >= 4:
        assert secret_digits not in re.sub(r"\D", "", masked)
    assert placeholder in masked
    assert has_placeholder(masked)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мой номер +7 999 123-45-67, перезвоните", "Мой номер [PHONE], перезвоните"),
        ("паспорт AN1234567 жоготтум, тел 0555 12-34-56", "паспорт [PASSPORT] жоготтум, тел [PHONE]"),
        ("Email: a.b@c.kg, phone +996 700 000 000", "Email: [EMAIL], phone [PHONE]"),
        ("(0555123456)", "([PHONE])"),
        ("0555 123 456, 0777 123 456", "[PHONE], [PHONE]"),
        ("ПИН 21403196747565 14 күн калды", "ПИН [PIN] 14 күн калды"),
        ("0555123456 2 жолу чалдым", "[PHONE] 2 жолу чалдым"),
        ("запрет до 15.03.2026, мой номер 0555123456", "запрет до 15.03.2026, мой номер [PHONE]"),
    ],
)
def test_only_the_personal_part_is_replaced(text: str, expected: str) -> None:
    assert mask(text) == expected


# Numbers that carry the meaning of a question: masking them would make the question useless.
KEPT = [
    "в 2019 году меня выдворили, сейчас 2026",
    "3 года запрета, осталось 2",
    "90 дней из 180 можно находиться?",
    "регистрация на 14 дней или на 90?",
    "штраф 5000 рублей, патент 7 500 в месяц",
    "долг 1 500 000 рублей за квартиру",
    "150 000 000 сом",
    "запрет до 15.03.2026 года",
    "с 01.01.2025-31.12.2025 работал в Москве",
    "15/03/26 кирдим, 2026-03-15 чыктым",
    "работал 2019-2020 и 2021–22",
    "за 2019 2020 2021 годы налоги",
    "заявка #12, обращение №12, ticket #345",
    "консульство работает с 9 до 18, обед 13:00-14:00",
    "1990-жылы туулгам, 35 жаштамын",
    "мне 25 лет, 14 дней осталось",
    "Kyrgyzstanga 2 jyl kirbei jatam",
    "I stayed 120 days out of 180 in 2024",
    "виза на 30 дней стоит 80 $",
    "112 или 103 звонить?",
    "Москва-Сити, дом 5, кв 12",
    "ОМС 2025 года, полис нужен?",
    "1.5 года жашадым",
]


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_stay(text: str) -> None:
    assert mask(text) == text
    assert not has_placeholder(mask(text))


def test_text_without_digits_or_at_sign_is_returned_as_is() -> None:
    text = "Россияга кирүүгө тыюу салынганын кантип текшерем?"
    assert mask(text) is text


def test_masking_twice_changes_nothing_more() -> None:
    text = "паспорт AN1234567, тел +7 999 123-45-67, почта x@y.ru, карта 4276 3800 1234 5678, 2019 год"
    once = mask(text)
    assert mask(once) == once
    assert once == "паспорт [PASSPORT], тел [PHONE], почта [EMAIL], карта [CARD], 2019 год"


def test_luhn_tells_cards_from_other_long_numbers() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")


def test_has_placeholder_needs_a_real_placeholder() -> None:
    assert has_placeholder("тел [PHONE]")
    assert not has_placeholder("phone [номер]")
    assert not has_placeholder("[phone]")  # placeholders are upper-case, not words a citizen writes


def _random_phone(rng: random.Random) -> str:
    country, local = rng.choice([("+7", 10), ("8", 10), ("+996", 9), ("0", 9), ("996", 9), ("+7 ", 10)])
    digits = "".join(rng.choice("0123456789") for _ in range(local))
    digits = rng.choice("3579") + digits[1:]
    sep = rng.choice([" ", "-", ".", "", " - "])
    head, rest = digits[:3], digits[3:]
    groups = [rest[:3], rest[3:5], rest[5:]] if local == 10 else [rest[:2], rest[2:4], rest[4:]]
    area = f"({head})" if rng.random() < 0.4 else head
    return f"{country}{rng.choice(['', ' '])}{area}{rng.choice([' ', ''])}{sep.join(groups)}"


def _random_card(rng: random.Random) -> str:
    body = [rng.randrange(10) for _ in range(15)]
    total = sum((d * 2 - 9 if d > 4 else d * 2) if i % 2 == 0 else d for i, d in enumerate(reversed(body)))
    digits = "".join(map(str, body)) + str((10 - total % 10) % 10)
    sep = rng.choice([" ", "-", ""])
    return sep.join(digits[i : i + 4] for i in range(0, 16, 4))


def _random_pin(rng: random.Random) -> str:
    return f"{rng.choice('12')}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(1960, 2005)}" + "".join(
        rng.choice("0123456789") for _ in range(5)
    )


def _random_passport(rng: random.Random) -> str:
    prefix = rng.choice(["AN", "AC", "ID", "АН", "АС", "an", "ИД"])
    return prefix + rng.choice(["", " "]) + "".join(rng.choice("0123456789") for _ in range(7))


SENTENCES = [
    "Саламатсызбы, {x} менин номерим, 2019-жылы 3 жылга тыюу салышты",
    "Здравствуйте, в 2019 году выдворили на 5 лет, данные: {x}, что делать?",
    "hello, my details {x}, I stayed 90 days in 2024",
    "kandai jardam beresiz {x} 14 kun kaldy",
    "{x}",
    "пишите сюда {x}. Спасибо!",
]


@pytest.mark.parametrize("seed", range(200))
def test_generated_personal_data_never_survives(seed: int) -> None:
    rng = random.Random(seed)
    kind, secret = rng.choice(
        [
            (PHONE, _random_phone(rng)),
            (CARD, _random_card(rng)),
            (PIN, _random_pin(rng)),
            (PASSPORT, _random_passport(rng)),
        ]
    )
    sentence = rng.choice(SENTENCES)
    masked = mask(sentence.format(x=secret))
    assert kind in masked, (secret, masked)
    secret_digits = re.sub(r"\D", "", secret)
    assert secret_digits[-6:] not in re.sub(r"\D", "", masked)
    # the ordinary numbers around it are untouched
    assert masked == sentence.format(x=kind)
