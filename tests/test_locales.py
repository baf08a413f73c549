"""UI strings in ky/ru/en: complete, consistent placeholders, valid HTML, and the right language per citizen."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest

from bot.domain.i18n import Translator, check_locales, pick_language
from bot.faq.loader import load_faq
from bot.faq.model import LANGUAGES
from bot.render.telegram_html import html_problems
from bot.storage.models import TICKET_STATUSES

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator.load(LOCALES)


@pytest.fixture
def locales_copy(tmp_path: Path) -> Path:
    target = tmp_path / "locales"
    shutil.copytree(LOCALES, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# ---- the real locales -------------------------------------------------------------------------


def test_real_locales_pass_the_check() -> None:
    assert check_locales(LOCALES) == []


def test_every_language_has_the_same_keys(translator: Translator) -> None:
    keys = {lang: set(translator.strings[lang]) for lang in LANGUAGES}
    assert keys["ky"] == keys["ru"] == keys["en"]
    assert len(keys["ru"]) > 50


def test_every_ui_string_renders_with_its_placeholders(translator: Translator) -> None:
    for lang in LANGUAGES:
        for key, text in translator.strings[lang].items():
            values = {name: "42" for name in placeholders(text)}
            rendered = translator.t(lang, key, **values)
            assert rendered.strip(), (lang, key)
            assert not re.search(r"[{}]", rendered), (lang, key, rendered)
            assert html_problems(rendered) == [], (lang, key)
            assert placeholders(translator.strings["ru"][key]) == set(values), (lang, key)


def test_ui_strings_really_differ_per_language(translator: Translator) -> None:
    for key in ("start.greeting", "escalate.offer", "escalate.created", "btn.ask_staff", "lang.changed"):
        texts = {translator.t(lang, key, name="Айбек", ticket=7) for lang in LANGUAGES}
        assert len(texts) == 3, key


def test_kyrgyz_strings_say_what_a_native_speaker_says(translator: Translator) -> None:
    ky = translator.strings["ky"]
    assert ky["smalltalk.thanks"].startswith("Арзыбайт!")  # not the calque «Эч нерсе эмес!» («Не за что»)
    assert "аман болуңуз" in ky["smalltalk.bye"].lower()  # not «Өзүңүздү сактаңыз» («Берегите себя»)
    assert ky["clarify.intro"].endswith("?")  # it asks; it must not read as a statement
    every_text = "\n".join(ky.values())
    for calque in ("Эч нерсе эмес", "Өзүңүздү сактаңыз", "эреже катары", "кетээр", "Туугандым"):
        assert calque not in every_text, calque


def _keys_used_in_code(sections: set[str]) -> set[str]:
    literal = re.compile(r"""(?<![\w{])["']([a-z_]+(?:\.[a-z_]+)+)["']""")
    return {
        key
        for path in (ROOT / "bot").rglob("*.py")
        for key in literal.findall(path.read_text(encoding="utf-8"))
        if key.split(".")[0] in sections and not key.endswith((".yaml", ".py"))
    }


def test_every_key_the_code_uses_exists_in_every_language(translator: Translator) -> None:
    """A mistyped key would reach the citizen as the raw key ("escalate.creatd")."""
    sections = {key.split(".")[0] for key in translator.strings["ru"]}
    used = _keys_used_in_code(sections)
    assert {"escalate.created", "staff.delivery_failed", "btn.ask_staff"} <= used
    used |= {f"ticket.status_{status}" for status in TICKET_STATUSES}
    used |= {f"smalltalk.{kind}" for kind in load_faq(ROOT / "faq").lexicon.smalltalk}
    for lang in LANGUAGES:
        assert sorted(used - set(translator.strings[lang])) == [], lang


def test_command_descriptions_fit_telegram(translator: Translator) -> None:
    for lang in LANGUAGES:
        commands = {k: v for k, v in translator.strings[lang].items() if k.startswith("commands.")}
        assert commands
        assert all(0 < len(text) <= 256 for text in commands.values()), lang


def test_translator_falls_back_to_russian_then_to_the_key() -> None:
    t = Translator({"ru": {"a": "по-русски {n}", "b": "только ru"}, "ky": {"a": "кыргызча {n}"}, "en": {}})
    assert t.t("ky", "a", n=1) == "кыргызча 1"
    assert t.t("ky", "b") == "только ru"
    assert t.t("fr", "a", n=2) == "по-русски 2"
    assert t.t("en", "missing.key") == "missing.key"


# ---- broken copies ----------------------------------------------------------------------------


def test_a_missing_key_is_reported_in_the_file_that_lacks_it(locales_copy: Path) -> None:
    edit(locales_copy / "en.yaml", '  thanks: "Thank you for the feedback!"\n', "")
    found = [str(p) for p in check_locales(locales_copy)]
    assert found == [f"{locales_copy / 'en.yaml'}:1: UI key 'feedback.thanks' is missing (present in another locale)"]


def _break_placeholder(locales_copy: Path, lang: str) -> Path:
    path = locales_copy / f"{lang}.yaml"
    line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("  created: "))
    edit(path, line, line.replace("{ticket}", "{tiket}"))
    return path


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_mismatched_placeholders_name_the_broken_file(locales_copy: Path, lang: str) -> None:
    broken = _break_placeholder(locales_copy, lang)
    found = check_locales(locales_copy)
    assert found, "a renamed placeholder must be reported"
    assert all("escalate.created: placeholders differ from" in p.message for p in found)
    assert str(broken) in {p.file for p in found}


def test_invalid_html_in_a_ui_string_is_reported(locales_copy: Path) -> None:
    edit(
        locales_copy / "ru.yaml",
        "сотрудникам. Номер обращения: <b>#{ticket}</b>.",
        "сотрудникам. Номер обращения: <b>#{ticket}.",
    )
    found = check_locales(locales_copy)
    assert [(p.file, p.message) for p in found] == [
        (str(locales_copy / "ru.yaml"), "escalate.created: invalid Telegram HTML: unclosed tag <b>")
    ]


def test_a_missing_locale_file_is_reported_not_raised(locales_copy: Path) -> None:
    (locales_copy / "ky.yaml").unlink()
    found = check_locales(locales_copy)
    assert found and found[0].file == str(locales_copy / "ky.yaml")
    assert "cannot load" in found[0].message


# ---- which language a citizen gets ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("ru-RU", "ru"),
        ("ru", "ru"),
        ("ky", "ky"),
        ("ky-KG", "ky"),
        ("KY", "ky"),
        ("en-GB", "en"),
        ("en", "en"),
        (None, "ru"),
        ("", "ru"),
        ("fr", "ru"),
        ("uz", "ru"),
        ("kk", "ru"),
    ],
)
def test_pick_language(code: str | None, lang: str) -> None:
    assert pick_language(code) == lang
