"""Mask personal data in a citizen's text before it is stored, logged or shown to editors.

Citizens paste their phone numbers, passport and ID numbers, their 14-digit personal number (ПИН/ИНН),
e-mails and bank cards into questions ("паспорт AN1234567 жоготтум, тел 0555 12-34-56"). The learning
tools keep questions for months and show them to FAQ editors, so what identifies a person is replaced
with a typed, language-neutral placeholder at the door: ``[PHONE]``, ``[PASSPORT]``, ``[PIN]``,
``[EMAIL]``, ``[CARD]`` and ``[NUMBER]`` (any other long personal number: patent, bank account, a
document number after "№"). The type survives so an editor still understands the question.

Ordinary numbers carry the meaning of a question and stay: years (2019, "2019-2020"), durations
("3 года", "90 дней"), amounts ("15 000 рублей", even "150 000 000 сом"), dates (15.03.2026,
2026-03-15), times, ticket numbers (#12, №12). The rules, in order, and why:

1. e-mails first: they contain digits that later rules would otherwise eat piecemeal;
2. dates and year ranges are set aside, so "01.01.2025-31.12.2025" never reads as a card number;
3. one or two letters glued to 7-9 digits (AN1234567, ID1234567, Cyrillic АН1234567) or a known
   passport prefix then a space: passport/ID numbers;
4. runs of 13 digits or more, spaces and dashes allowed: 14 digits starting with 1 or 2 are the Kyrgyz
   personal number, 13-19 digits a card (Luhn-valid or grouped by four) or another personal number;
5. a cue word ("тел", "паспорт", "серия", "ПИН", "№", "номер", "patent"...) followed within two words
   by a number long enough for that cue: masked with the cue's type (Russian passports "45 10 123456",
   six-digit city phones, Russian 12-digit ИНН; a card's "пин-код"/CVV even of 3-4 digits);
6. any other run of 9-12 digits, or a "+" with 7 or more, is a phone number (Kyrgyz 0555 123 456,
   Russian 8 (999) 123-45-67, +996 555 123 456), unless it is an amount followed by a currency or a
   list of years; "123-45-67" too.

Names are not masked: no rule finds them reliably in three languages, and a wrong guess would hide
the words a question is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PHONE, PASSPORT, PIN, EMAIL, CARD, NUMBER = "[PHONE]", "[PASSPORT]", "[PIN]", "[EMAIL]", "[CARD]", "[NUMBER]"
PLACEHOLDERS: tuple[str, ...] = (PHONE, PASSPORT, PIN, EMAIL, CARD, NUMBER)
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))

_SP = "[ \t\u00a0\u202f]"  # spaces inside one number (no newlines: two lines are two numbers)
_LETTER_BEFORE = r"(?<![^\W\d_])"  # not preceded by a letter
_LETTER_AFTER = r"(?![^\W\d_])"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# A run of digit groups joined by one space, dash, dot or bracket: "8 (999) 123-45-67", "0555.12.34.56".
_SPAN = rf"(?:\+{_SP}{{0,2}})?(?:\(\d{{1,5}}\){_SP}?)?\d+(?:(?:{_SP}{{0,2}}[().\-]{_SP}{{0,2}}|{_SP}{{1,2}})\d+)*"
_NUMBER_RUN = re.compile(rf"(?<![\d+]){_SPAN}")

_DATES = (
    # 15.03.2026, 15/03/26; not right after another number ("0555 12.03.45" is a phone)
    re.compile(r"(?<![\d.)])(?<![\d)][ \t\u00a0])(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})(?!\d|\.\d)"),
    re.compile(r"(?<![\d.\-])(?:19|20)\d{2}-(\d{1,2})-(\d{1,2})(?!\d)"),  # 2026-03-15
    re.compile(rf"(?<![\d.\-])(?:19|20)\d{{2}}{_SP}?[-–—]{_SP}?(?:19|20)?\d{{2}}(?!\d)"),  # 2019-2020, 2019–21
)
_PROTECTED = "\ue000"  # a private-use letter standing in for a protected date until the end

_PASSPORT_PREFIXES = "AN|AC|AD|AE|AA|AB|ID|PE|KG|АН|АС|АД|АЕ|АА|АВ|ИД"
_PASSPORT_GLUED = re.compile(rf"{_LETTER_BEFORE}[^\W\d_]{{1,2}}\d{{7,9}}(?!\d)")
_PASSPORT_SPACED = re.compile(
    rf"{_LETTER_BEFORE}(?:{_PASSPORT_PREFIXES}){_SP}?(?:№|N|No\.?|#)?{_SP}?\d{{6,9}}(?!\d)", re.IGNORECASE
)

# cue words -> (minimum digits, placeholder); earlier cues win ("номер телефона" is a phone)
_CUES: tuple[tuple[str, int, str], ...] = (
    (
        r"тел(?:ефон\w*|\.)?|phone\w*|mobile|моб(?:ильн\w*|\.)?|whats\s?app|ватсап\w*|вотсап\w*|vatsap\w*|"
        r"watsap\w*|telefon\w*|номерим\w*|номериме|call|звоните|позвоните|чалыңыз|чалгыла|chalynyz",
        5,
        PHONE,
    ),
    (r"пин[- ]?код\w*|pin[- ]?cod\w*|cvv2?|cvc2?", 3, CARD),  # a card's secret codes: never kept
    (r"пин|pin|инн|inn|жеке\s+номер\w*|персональн\w*\s+номер\w*|personal\s+number", 6, PIN),
    (r"серия|серии|серию|seriya|series", 4, PASSPORT),
    (r"паспорт\w*|passport\w*|pasport\w*|загран\w*|id|айди|ид", 6, PASSPORT),
    (r"№|номер\w*|nomer\w*|number|patent\w*|патент\w*|сч[её]т\w*|account|no\.|n°", 6, NUMBER),
)
_CUE_PATTERNS = tuple(
    (
        re.compile(
            rf"{_LETTER_BEFORE}(?:{words}){_LETTER_AFTER}[\s:#№.\-]*(?:[^\W\d_]{{1,12}}[\s:#№.\-]+){{0,2}}?"
            rf"(?<![\d+])(?P<number>{_SPAN})",
            re.IGNORECASE,
        ),
        minimum,
        placeholder,
    )
    for words, minimum, placeholder in _CUES
)

_CURRENCY_AFTER = re.compile(
    r"\s*(?:сом|som|руб|rub|р\.|₽|\$|usd|долл|dollar|тенге|тг|евро|eur|€|тыс|миң|млн|млрд|million|mln)",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+")
_RU_PASSPORT = re.compile(rf"\d{{2}}{_SP}\d{{2}}{_SP}\d{{6}}|\d{{4}}{_SP}\d{{6}}")
_LOCAL_PHONE = re.compile(r"\d{3}-\d{2}-\d{2}")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_CHUNK = re.compile(r"[^ \t\u00a0\u202f]+")


def mask(text: str) -> str:
    """The text with phones, passport/ID numbers, personal numbers, e-mails and cards replaced."""
    if not any(ch.isdigit() for ch in text) and "@" not in text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text, protected = _protect_dates(text)
    text = _PASSPORT_GLUED.sub(PASSPORT, text)
    text = _PASSPORT_SPACED.sub(PASSPORT, text)
    text = _NUMBER_RUN.sub(_long_number, text)
    for pattern, minimum, placeholder in _CUE_PATTERNS:
        text = pattern.sub(_cue_replacer(minimum, placeholder), text)
    text = _NUMBER_RUN.sub(_phone_or_keep, text)
    return _restore_dates(text, protected)


def has_placeholder(text: str) -> bool:
    """True when masking replaced something here: such a text never becomes an FAQ phrasing."""
    return _PLACEHOLDER.search(text) is not None


def _protect_dates(text: str) -> tuple[str, list[str]]:
    protected: list[str] = []

    def keep(match: re.Match[str]) -> str:
        if not _plausible_date(match):
            return match.group(0)
        protected.append(match.group(0))
        return _PROTECTED

    for pattern in _DATES:
        text = pattern.sub(keep, text)
    return text, protected


def _plausible_date(match: re.Match[str]) -> bool:
    groups = [g for g in match.groups() if g and g.isdigit()]
    if len(groups) < 2:  # a year range: no day or month to check
        return True
    first, second = int(groups[0]), int(groups[1])
    if match.group(0)[:2] in ("19", "20") and len(match.group(0).split("-")[0]) == 4:  # year-month-day
        return 1 <= first <= 12 and 1 <= second <= 31
    return 1 <= first <= 31 and 1 <= second <= 12


def _restore_dates(text: str, protected: list[str]) -> str:
    if not protected:
        return text
    originals = iter(protected)
    return re.sub(_PROTECTED, lambda _m: next(originals), text)


def _digits(span: str) -> str:
    return "".join(ch for ch in span if ch.isdigit())


def luhn_valid(digits: str) -> bool:
    """The checksum every bank card number carries; tells a card from another long number."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _long_number(match: re.Match[str]) -> str:
    span = match.group(0)
    digits = _digits(span)
    if len(digits) < 13:
        return span
    parsed = _parse_exact(span)
    if parsed is not None or span.lstrip().startswith("+"):
        return parsed or span  # a "+" number is a phone: the phone pass decides
    if len(digits) == 14 and digits[0] in "12":
        return PIN
    groups = re.findall(r"\d+", span)
    if len(digits) <= 19 and (luhn_valid(digits) or all(len(g) == 4 for g in groups[:-1])):
        return CARD
    return NUMBER


def _exact_kind(piece: str) -> str | None:
    """The kind of a number whose length and start say exactly what it is, else None."""
    digits = _digits(piece)
    n = len(digits)
    if piece.startswith("+"):
        return PHONE if (n == 11 and digits[0] == "7") or (n == 12 and digits.startswith("996")) else None
    if n == 14 and digits[0] in "12" and _birth_date(digits[1:9]):
        return PIN
    if 13 <= n <= 19 and luhn_valid(digits) and all(len(g) == 4 for g in re.findall(r"\d+", piece)[:-1]):
        return CARD
    if (n == 11 and digits[0] in "78") or (n == 12 and digits.startswith("996")):
        return PHONE
    if n == 10 and digits[0] in "09":
        return PHONE
    if n == 9 and digits[0] in "2579" and len(re.findall(r"\d+", piece)[0]) in (3, 9):  # 555 123 456
        return PHONE
    return None


def _birth_date(ddmmyyyy: str) -> bool:
    day, month, year = int(ddmmyyyy[:2]), int(ddmmyyyy[2:4]), int(ddmmyyyy[4:])
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100


def _parse_exact(span: str) -> str | None:
    """Space-separated pieces of a run read as exact numbers, longest first; None if none is one.

    Spaces join the groups of one number ("0555 123 456") but also separate a number from the next
    ("ПИН 21403196747565 14 күн"): reading the longest exact number first keeps the "14".
    """
    chunks = [m.span() for m in _CHUNK.finditer(span)]
    out: list[str] = []
    pos = i = 0
    found = False
    while i < len(chunks):
        for j in range(len(chunks), i, -1):
            kind = _exact_kind(span[chunks[i][0] : chunks[j - 1][1]])
            if kind is not None:
                out += [span[pos : chunks[i][0]], kind]
                pos, i, found = chunks[j - 1][1], j, True
                break
        else:
            i += 1
    return "".join([*out, span[pos:]]) if found else None


def _cue_replacer(minimum: int, placeholder: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        if len(_digits(match.group("number"))) < minimum:
            return match.group(0)
        start, end = match.span("number")
        offset = match.start(0)
        whole = match.group(0)
        parsed = _parse_exact(match.group("number"))
        found = PHONE if placeholder == NUMBER and _phone_like(match.group("number")) else placeholder
        return whole[: start - offset] + (parsed or found) + whole[end - offset :]

    return replace


def _phone_like(span: str) -> bool:
    """ "номер +7 999 ..." is a phone number, not a document number."""
    digits = _digits(span)
    return span.lstrip().startswith("+") or (10 <= len(digits) <= 12 and digits.startswith(("0", "7", "8", "996")))


def _phone_or_keep(match: re.Match[str]) -> str:
    span = match.group(0)
    digits = _digits(span)
    n = len(digits)
    groups = re.findall(r"\d+", span)
    parsed = _parse_exact(span)
    if parsed is not None:
        return parsed
    if span.lstrip().startswith("+") and n >= 7:
        return PHONE
    if 9 <= n <= 12:
        if _THOUSANDS.fullmatch(span) and _CURRENCY_AFTER.match(match.string, match.end()):
            return span  # "150 000 000 сом"
        if all(_YEAR.fullmatch(g) for g in groups):
            return span  # "2019 2020 2021"
        return PASSPORT if _RU_PASSPORT.fullmatch(span) else PHONE
    if _LOCAL_PHONE.fullmatch(span):
        return PHONE
    return span
