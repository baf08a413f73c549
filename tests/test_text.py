"""Normalisation: the spellings citizens really type must meet the FAQ's spelling."""

from bot.matching.text import cyrillic_stems, english_stem, fold, latin_to_cyrillic, stems, tokens


def test_tokens_lowercase_and_drop_punctuation():
    assert tokens("Паспорт, ПОТЕРЯЛ!!! что делать?") == ["паспорт", "потерял", "что", "делать"]


def test_yo_and_hard_soft_signs_fold_together():
    assert fold("ещё") == fold("еще")
    assert fold("въезд") == fold("вьезд") == fold("вeзд".replace("e", "е"))


def test_kyrgyz_special_letters_fold_to_plain_cyrillic():
    assert fold("сөөгүн") == fold("соогун")
    assert fold("күбөлүк") == fold("кубoлук".replace("o", "о"))
    assert fold("жөнүндө") == fold("жонундо")


def test_repeated_letters_collapse():
    assert fold("пааааспорт") == fold("паспорт")
    assert fold("Тыюуу") == fold("тыюу")


def test_latin_russian_transliterates_to_cyrillic():
    assert latin_to_cyrillic("zapret") == "запрет"
    assert latin_to_cyrillic("shtraf") == "штраф"
    assert latin_to_cyrillic("kandai") == "кандай"


def test_latin_kyrgyz_j_is_zh():
    assert latin_to_cyrillic("jardam") == "жардам"
    assert fold(latin_to_cyrillic("soogun")) == fold("сөөгүн")


def test_russian_inflections_share_a_stem():
    assert set(stems("регистрация")) & set(stems("регистрацию"))
    assert set(stems("паспорта")) & set(stems("паспорт"))


def test_kyrgyz_stacked_endings_share_a_stem():
    assert set(stems("паспортумду")) & set(stems("паспорт"))
    assert set(stems("консулдукка")) & set(stems("консулдук"))


def test_latin_typed_word_meets_cyrillic_stem():
    assert set(cyrillic_stems("zapreta")) & set(cyrillic_stems("запрет"))


def test_english_stems_meet_across_inflections():
    assert english_stem("deported") == english_stem("deport")
    assert english_stem("checking") == english_stem("check")
