"""Text normalisation for matching: the same pipeline runs on FAQ phrasings and on citizens' questions.

Citizens type on cheap phones: Kyrgyz without ң ө ү, Russian or Kyrgyz in Latin letters, doubled
letters, missing soft signs. Rather than guessing the "right" spelling we fold every variant onto one
matching key, so that "вьезд", "въезд" and "vezd" meet, and "сөөгүн" meets "soogun".
"""

from __future__ import annotations

import re
from functools import lru_cache

# Letters folded together for matching only (never for display).
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ң": "н",
        "ө": "о",
        "ү": "у",
        "й": "и",
        "щ": "ш",
        "э": "е",
        "ъ": "",
        "ь": "",
        "і": "и",
        "ә": "а",
        "һ": "х",
        "қ": "к",
        "ғ": "г",
        "ұ": "у",
    }
)

_TOKEN = re.compile(r"[0-9a-zа-яёңөүіәһқғұñöüç]+", re.IGNORECASE)
_LATIN = re.compile(r"[a-zñöüç]")
_CYRILLIC = re.compile(r"[а-яёңөүіәһқғұ]")

# Longest first: digraphs must win over single letters.
_LAT2CYR: list[tuple[str, str]] = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("ye", "е"),
    ("ja", "я"),
    ("ju", "ю"),
]
_LAT1: dict[str, str] = {
    "a": "а",
    "b": "б",
    "c": "ц",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "x": "кс",
    "y": "ы",
    "z": "з",
    "ñ": "ң",
    "ö": "ө",
    "ü": "ү",
    "ç": "ч",
}
_VOWELS_LAT = set("aeiouy")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits), in order."""
    return [t.lower() for t in _TOKEN.findall(text)]


def is_latin(token: str) -> bool:
    return bool(_LATIN.search(token)) and not _CYRILLIC.search(token)


@lru_cache(maxsize=65536)
def latin_to_cyrillic(token: str) -> str:
    """Transliterate a Latin-typed Russian or Kyrgyz word ("zapret", "soogun", "kantip").

    "j" is ж (Kyrgyz "jardam", Russian "mojno"); "y" after a vowel is й ("kandai" → кандай);
    "ja"/"ju" are я/ю as in Kyrgyz Latin spellings.
    """
    out: list[str] = []
    i = 0
    word = token.lower()
    while i < len(word):
        for lat, cyr in _LAT2CYR:
            if word.startswith(lat, i):
                # "ja"/"ju" stay ж+vowel at the start of Kyrgyz words like "jardam", "jubaiym".
                if lat in ("ja", "ju") and i == 0:
                    continue
                out.append(cyr)
                i += len(lat)
                break
        else:
            ch = word[i]
            prev = word[i - 1] if i else ""
            if ch in "iy" and prev in _VOWELS_LAT and i > 0:
                out.append("й")
            else:
                out.append(_LAT1.get(ch, ch))
            i += 1
    return "".join(out)


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Fold letters that citizens use interchangeably and collapse repeated letters (cached: the FAQ's texts
    and examples repeat the same few thousand words)."""
    folded = token.lower().translate(_FOLD)
    if not folded:
        return folded
    collapsed = [folded[0]]
    for ch in folded[1:]:
        if ch != collapsed[-1]:
            collapsed.append(ch)
    return "".join(collapsed)


# Endings stripped for matching, longest first, written in folded letters (й→и, ө→о, ү→у, ң→н).
# Russian inflections and Kyrgyz case/possessive/plural/participle suffixes; several may stack in
# Kyrgyz ("паспорт-ум-ду"), so stripping repeats a few times.
_RU_SUFFIXES = sorted(
    {
        "иями",
        "ями",
        "ами",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ых",
        "их",
        "ыи",
        "ии",
        "ои",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ую",
        "юю",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
        "ов",
        "ев",
        "ать",
        "ять",
        "ить",
        "еть",
        "ться",
        "тся",
        "ия",
        "ию",
        "а",
        "я",
        "о",
        "е",
        "и",
        "ы",
        "у",
        "ю",
    },
    key=len,
    reverse=True,
)
# Kyrgyz plural / case / possessive / question / verbal endings; they stack ("паспорт-ум-ду").
_KY_SUFFIXES = sorted(
    {
        "лар",
        "лер",
        "лор",
        "дар",
        "дер",
        "дор",
        "тар",
        "тер",
        "тор",
        "нын",
        "нин",
        "нун",
        "дын",
        "дин",
        "дун",
        "тын",
        "тин",
        "тун",
        "дан",
        "ден",
        "дон",
        "тан",
        "тен",
        "тон",
        "нан",
        "нен",
        "нон",
        "га",
        "ге",
        "го",
        "ка",
        "ке",
        "ко",
        "да",
        "де",
        "до",
        "та",
        "те",
        "то",
        "ны",
        "ни",
        "ну",
        "ды",
        "ди",
        "ду",
        "ты",
        "ти",
        "ту",
        "ым",
        "им",
        "ум",
        "ыз",
        "из",
        "уз",
        "сыз",
        "сиз",
        "суз",
        "бы",
        "би",
        "бу",
        "пы",
        "пи",
        "пу",
        "ган",
        "ген",
        "кан",
        "кен",
        "гон",
        "кон",
        "ып",
        "ип",
        "уп",
        "ыш",
        "иш",
        "уш",
        "сам",
        "сем",
        "сом",
        "мын",
        "мин",
        "мун",
        "чу",
        "чы",
        "чи",
    },
    key=len,
    reverse=True,
)
_MIN_STEM = 4
STEM_LENGTH = 6


_RU_SET = frozenset(_RU_SUFFIXES)
_KY_SET = frozenset(_KY_SUFFIXES)
_MAX_SUFFIX = max(map(len, (*_RU_SUFFIXES, *_KY_SUFFIXES)))


def _strippable(word: str, suffixes: frozenset[str]) -> str:
    """The longest ending from `suffixes` that leaves a stem of at least _MIN_STEM letters."""
    for size in range(min(_MAX_SUFFIX, len(word) - _MIN_STEM), 0, -1):
        if word[-size:] in suffixes:
            return word[-size:]
    return ""


@lru_cache(maxsize=131072)
def stems(token: str) -> tuple[str, ...]:
    """Light stems of a Cyrillic word: a Russian reading and a Kyrgyz reading, cut to six letters.

    One ending is ambiguous between the languages ("запреты": Russian plural -ы, or Kyrgyz -ты?), so
    both readings are kept and a match on either counts; the six-letter cut evens out the rest
    ("регистрацию"/"регистрация", "консулдук"/"консульство").
    """
    word = fold(token)
    if word.isdigit() or len(word) <= _MIN_STEM:
        return (word,)
    suffix = _strippable(word, _RU_SET)
    russian = (word[: -len(suffix)] if suffix else word)[:STEM_LENGTH]
    kyrgyz = word
    for _ in range(3):
        suffix = _strippable(kyrgyz, _KY_SET)
        if not suffix:
            break
        kyrgyz = kyrgyz[: -len(suffix)]
    suffix = _strippable(kyrgyz, _RU_SET)
    if suffix:
        kyrgyz = kyrgyz[: -len(suffix)]
    kyrgyz = kyrgyz[:STEM_LENGTH]
    return (russian,) if kyrgyz == russian else (russian, kyrgyz)


_EN_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def english_stem(token: str) -> str:
    """A light English stem ("checking" → "check", "deported" → "deport"), cut to six letters."""
    word = token.lower().replace("'", "")
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return fold(word)[:STEM_LENGTH]


def cyrillic_stems(token: str) -> tuple[str, ...]:
    """Stems of a Russian or Kyrgyz word, whichever script it was typed in."""
    return stems(latin_to_cyrillic(token) if is_latin(token) else token)


def text_key(text: str) -> str:
    """A text as phrasings are compared (by `check`, the matcher and the learning tools): folded word tokens, so
    "Паспорт жоголду!" and "паспорт жоголду" are one text."""
    return " ".join(fold(t) for t in tokens(text))
