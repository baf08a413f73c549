"""The FAQ loader as editors meet it: the real faq/ loads clean, and every mistake is named as `file:line: message`.

Broken FAQs are built by copying tests/fixtures/faq_valid/demo.yaml (two entries, eight phrasings per
language) into tmp_path and changing one thing, so each test shows exactly what an editor sees.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.faq.editorial import FIRST_SCREEN_BUDGET, date_notices, first_screen
from bot.faq.entries import MIN_PHRASINGS
from bot.faq.loader import load_faq, read_faq, read_topic_ids
from bot.faq.model import LANGUAGES
from bot.faq.yaml_reader import FaqError
from bot.render.telegram_html import MAX_TEXT, html_problems, visible_length

ROOT = Path(__file__).resolve().parents[1]
REAL_FAQ = ROOT / "faq"
TOPICS = ROOT.parent / "shared" / "spec" / "topics.yaml"
VALID_DIR = Path(__file__).resolve().parent / "fixtures" / "faq_valid"
VALID = (VALID_DIR / "demo.yaml").read_text(encoding="utf-8")


# ---- helpers ----------------------------------------------------------------------------------


def make_faq(tmp_path: Path, old: str = "", new: str = "", **extra_files: str) -> tuple[Path, Path, str]:
    """A copy of the valid fixture with `old` (which must occur once) replaced by `new`, plus extra files."""
    text = VALID
    if old:
        assert text.count(old) == 1, f"fixture anchor {old!r} must occur exactly once"
        text = text.replace(old, new)
    faq_dir = tmp_path / "faq"
    faq_dir.mkdir()
    path = faq_dir / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    for name, content in extra_files.items():
        (faq_dir / f"{name}.yaml").write_text(content, encoding="utf-8")
    return faq_dir, path, text


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the `nth` line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} occurs {len(hits)} times"
    return hits[nth - 1]


def problems(faq_dir: Path, topic_ids: tuple[str, ...] = ()) -> list[str]:
    faq, found = read_faq(faq_dir, topic_ids)
    assert faq is None, "a FAQ with problems must not be usable"
    return [str(p) for p in found]


# ---- the real faq/ ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_faq():
    return load_faq(REAL_FAQ)


def test_the_fixture_itself_is_valid() -> None:
    faq, found = read_faq(VALID_DIR)
    assert found == []
    assert faq is not None and sorted(faq.entries) == ["oms-policy", "passport-lost"]
    assert all(len(e.text(lang).phrasings) == MIN_PHRASINGS for e in faq.entries.values() for lang in LANGUAGES)


def test_real_faq_loads_with_32_entries_in_three_languages(real_faq) -> None:
    assert len(real_faq.entries) == 32
    for entry in real_faq.entries.values():
        assert set(entry.texts) == set(LANGUAGES), entry.id
        for lang in LANGUAGES:
            text = entry.text(lang)
            assert text.question and text.answer, (entry.id, lang)
            assert len(text.phrasings) >= MIN_PHRASINGS, (entry.id, lang)


@pytest.mark.skipif(not TOPICS.exists(), reason="shared/spec/topics.yaml not present")
def test_real_faq_covers_every_topic() -> None:
    topic_ids = read_topic_ids(TOPICS)
    assert topic_ids
    faq, found = read_faq(REAL_FAQ, topic_ids)
    assert found == []
    assert faq is not None and set(topic_ids) <= set(faq.entries)


def test_real_answers_are_valid_telegram_html_within_the_limit(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            answer = entry.text(lang).answer
            assert html_problems(answer) == [], (entry.id, lang)
            assert visible_length(answer) <= MAX_TEXT, (entry.id, lang)


def test_real_related_ids_exist_and_are_not_self_references(real_faq) -> None:
    for entry in real_faq.entries.values():
        for rel in entry.related:
            assert rel in real_faq.entries, (entry.id, rel)
            assert rel != entry.id


_TAG = re.compile(r"<[^>]+>")
_DIGIT_RUN = re.compile(r"\+?\d(?:[ \-()]{0,2}\d)+")
_LINK = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+|href=\"([^\"]*)\"")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:kg|ru|рф|kz|uz|com|org|net|info|gov|io|me|su)\b", re.IGNORECASE)


def foreign_hosts(answer: str) -> set[str]:
    """Hosts an answer links or names, other than mfa.gov.kg (and its subdomains)."""
    hosts = set()
    for match in _LINK.finditer(answer):
        url = match.group(1) if match.group(1) is not None else match.group(0)
        hosts.add(url)
    hosts.update(m.group(0) for m in _DOMAIN.finditer(_TAG.sub(" ", answer)))
    hosts = {re.sub(r"^(?:https?://)?(?:www\.)?", "", h.lower()).split("/")[0] for h in hosts}
    return {h for h in hosts if h != "mfa.gov.kg" and not h.endswith(".mfa.gov.kg")}


def phone_like(answer: str) -> list[str]:
    """Digit runs (spaces, dashes, brackets allowed between digits) of 7 or more digits."""
    runs = _DIGIT_RUN.findall(_TAG.sub(" ", answer))
    return [run for run in runs if sum(ch.isdigit() for ch in run) >= 7]


def test_real_answers_have_no_phone_numbers_or_foreign_links(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            answer = entry.text(lang).answer
            assert phone_like(answer) == [], f"{entry.source} [{lang}]"
            assert foreign_hosts(answer) == set(), f"{entry.source} [{lang}]"


def test_link_and_phone_detectors_catch_what_they_should() -> None:
    # guards the check above against passing vacuously
    text = 'See <a href="https://example.com/x">here</a>, www.gov.ru/a, migranty.kg and https://mfa.gov.kg/ru'
    assert foreign_hosts(text) == {"example.com", "gov.ru", "migranty.kg"}
    assert foreign_hosts('Смотрите mfa.gov.kg или <a href="https://www.mfa.gov.kg">сайт</a>') == set()
    assert phone_like("звоните +996 (312) 62-05-45 или 8 800 100 2030") == ["+996 (312) 62-05-45", "8 800 100 2030"]
    assert phone_like("звоните 112 или 103; срок 90 дней, 2025 год") == []


# ---- the real faq/: what a citizen and an editor would notice -----------------------------------

URGENT_KINDS = ("death", "detention", "border", "missing", "forced_labour", "violence", "medical", "crisis", "stranded")
# Entries about Russian rules end with the "rules change often" footer; worldwide ones must not.
RUSSIA_ENTRIES = {
    "entry-ban-check", "entry-ban-lift", "entry-ban-amnesty", "entry-ban-duration",
    "oms-family", "oms-worker", "emergency-care", "work-permit-eaeu", "migration-registration",
}  # fmt: skip
RUSSIA_FOOTER = {
    "ky": "Россиянын эрежелери тез-тез өзгөрөт",
    "ru": "Правила в России часто меняются",
    "en": "Russian rules",
}
# What the consulate needs to hear about a death: name, date of birth, hospital or morgue, a contact.
DEATH_DETAILS = {
    "ky": ("аты-жөн", "туулган күн", "морг", "телефон"),
    "ru": ("ФИО", "дату рождения", "морг", "телефон"),
    "en": ("full name", "date of birth", "morgue", "phone"),
}
# A ministry's bot never tells citizens what "our sources" lack; it sends them to where the fact is.
EDITORIAL_VOICE = (
    "биздин текшерилген", "биздин булак", "боттун булак", "тизменин бир вариант", "в наших источниках",
    "в источниках бота", "наших проверенных", "в одном варианте списка", "our sources", "bot's sources",
    "our verified data", "one version of the list",
)  # fmt: skip
KY_ERRORS = ("Туугандым", "кетээр", "эреже катары", "бериле жатабы", "жарандардыкындай", "толук түшүнүксүз")


def test_every_answer_starts_with_the_answer_in_bold(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            first_line = entry.text(lang).answer.splitlines()[0]
            assert first_line.startswith("<b>") and first_line.endswith("</b>"), (entry.id, lang, first_line)


def test_the_first_screen_of_every_answer_fits_a_phone(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            shown = first_screen(entry.text(lang).answer)
            assert len(shown) <= FIRST_SCREEN_BUDGET, (entry.id, lang, len(shown))
    for kind, texts in real_faq.urgent_answers.items():
        for lang, text in texts.items():
            assert len(first_screen(text)) <= FIRST_SCREEN_BUDGET, (kind, lang)


def test_the_russia_footer_is_only_on_answers_about_russia(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            last_line = entry.text(lang).answer.splitlines()[-1]
            has_footer = RUSSIA_FOOTER[lang] in entry.text(lang).answer
            assert has_footer == (entry.id in RUSSIA_ENTRIES), (entry.id, lang)
            if has_footer:
                assert RUSSIA_FOOTER[lang] in last_line, (entry.id, lang)  # it ends the answer, visibly


def test_a_detention_abroad_gets_no_russia_footer(real_faq) -> None:
    """A brother detained in Istanbul must not read "rules in Russia change often"."""
    for lang in LANGUAGES:
        assert RUSSIA_FOOTER[lang] not in real_faq.entry("detained-abroad").text(lang).answer
        assert RUSSIA_FOOTER[lang] not in real_faq.urgent_answers["detention"][lang]


def test_answers_do_not_speak_of_the_bots_own_sources(real_faq) -> None:
    texts = [t.answer for e in real_faq.entries.values() for t in e.texts.values()]
    texts += [text for answers in real_faq.urgent_answers.values() for text in answers.values()]
    for text in texts:
        lowered = text.lower()
        assert not [phrase for phrase in EDITORIAL_VOICE if phrase.lower() in lowered], text[:80]


def test_an_answer_that_points_to_the_staff_button_shows_it(real_faq) -> None:
    pointers = {"ky": "төмөнкү баскычты басыңыз", "ru": "нажмите кнопку ниже", "en": "press the button below"}
    pointing = {e.id for e in real_faq.entries.values() for lang in LANGUAGES if pointers[lang] in e.text(lang).answer}
    assert pointing >= {"detained-abroad", "death-abroad-register", "unpaid-wages"}
    assert all(real_faq.entry(entry_id).offer_staff for entry_id in pointing), pointing


def test_ruid_is_no_longer_called_voluntary(real_faq) -> None:
    for entry in real_faq.entries.values():
        for lang in LANGUAGES:
            for line in entry.text(lang).answer.splitlines():
                if "RuID" in line:
                    assert not re.search(r"добровольн|voluntar|ыктыярдуу", line, re.IGNORECASE), (entry.id, lang)


def test_known_kyrgyz_errors_are_gone(real_faq) -> None:
    for entry in real_faq.entries.values():
        text = entry.text("ky")
        for error in KY_ERRORS:
            assert error not in text.question and error not in text.answer, (entry.id, error)


def test_urgent_answers_cover_every_situation_in_every_language(real_faq) -> None:
    assert set(URGENT_KINDS) <= set(real_faq.urgent_answers)
    for kind in URGENT_KINDS:
        assert set(real_faq.urgent_answers[kind]) == set(LANGUAGES), kind
    for rule in real_faq.urgent:  # every kind the detector knows today has its own action-first reply
        assert rule.kind in real_faq.urgent_answers, rule.kind


def test_urgent_answers_start_with_an_action_and_point_to_help(real_faq) -> None:
    for kind in URGENT_KINDS:
        for lang in LANGUAGES:
            text = real_faq.urgent_answers[kind][lang]
            assert text.startswith("<b>"), (kind, lang)
            assert "mfa.gov.kg" in first_screen(text), (kind, lang)  # where the consulate's emergency line is
    for kind in ("forced_labour", "violence", "medical"):
        for lang in LANGUAGES:
            assert "112" in real_faq.urgent_answers[kind][lang].splitlines()[0], (kind, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_death_answers_say_what_to_tell_the_consulate(real_faq, lang: str) -> None:
    texts = {
        "urgent:death": real_faq.urgent_answers["death"][lang],
        "death-abroad-register": real_faq.entry("death-abroad-register").text(lang).answer,
        "repatriation-documents": real_faq.entry("repatriation-documents").text(lang).answer,
    }
    for name, text in texts.items():
        shown = first_screen(text)
        assert [d for d in DEATH_DETAILS[lang] if d not in shown] == [], (name, lang)


@pytest.mark.parametrize(
    ("lang", "notice", "do_not_cross"),
    [
        ("ky", "жазуу жүзүндөгү билдирүүнү", "кайра өтүүгө аракет кылбаңыз"),
        ("ru", "письменное уведомление", "не пытайтесь пересечь границу снова"),
        ("en", "written notice", "do not try to cross the border again"),
    ],
)
def test_the_border_answer_says_keep_the_notice_and_do_not_cross_again(
    real_faq, lang: str, notice: str, do_not_cross: str
) -> None:
    first_line = real_faq.urgent_answers["border"][lang].splitlines()[0]
    assert notice in first_line and do_not_cross in first_line
    assert "2 ай" not in first_line and "2 месяца" not in first_line and "2 months" not in first_line


def test_review_dates_and_dated_claims_are_current_on_the_day_of_this_review(real_faq) -> None:
    """On 2026-11-28 every entry was re-checked against the brief: `check --strict` had nothing to say."""
    assert date_notices(real_faq.entries.values(), date(2026, 11, 28)) == []
    assert all(c.source for e in real_faq.entries.values() for c in e.check_by), "every dated claim names a source"


# ---- one broken fixture per validation rule ---------------------------------------------------


def test_bad_yaml_syntax_points_at_the_line(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "question: How do I get an OMS policy?", "question: OMS: how do I get it?")
    line = line_of(text, "question: OMS: how do I get it?")
    (found,) = problems(faq_dir)
    # the wording is the YAML parser's: libyaml ("in this context") or pure-Python PyYAML ("here")
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}: YAML syntax error: mapping values are not allowed (here|in this context)",
        found,
    )


def test_a_tab_in_indentation_points_at_the_line(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(
        tmp_path, "      question: Как получить полис ОМС?", "\tquestion: Как получить полис ОМС?"
    )
    line = line_of(text, "\tquestion:")
    (found,) = problems(faq_dir)
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}: YAML syntax error: found character ('\\t' )?that cannot start any token",
        found,
    )


def test_unclosed_quote_names_the_line_where_it_opens(tmp_path: Path) -> None:
    faq_dir, _, text = make_faq(
        tmp_path, "question: How do I get an OMS policy?", 'question: "How do I get an OMS policy?'
    )
    line = line_of(text, 'question: "How do I get')
    assert any(f":{line}:" in p or f"line {line}" in p for p in problems(faq_dir))


def test_unknown_field(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "    sources: [W2]\n", "    sources: [W2]\n    tags: [oms]\n")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, 'tags: [oms]')}: unknown field 'tags' in an entry "
        "(allowed: check_by, en, id, ky, offer_staff, related, reviewed, ru, sources)"
    ]


def test_unknown_field_inside_a_language(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "      keywords: [паспорт жоголду]", "      keyword: [паспорт жоголду]")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, 'keyword: [')}: unknown field 'keyword' in entry 'passport-lost' [ky] "
        "(allowed: answer, keywords, phrasings, question)"
    ]


def test_duplicate_id_across_two_files(tmp_path: Path) -> None:
    copy = VALID.replace("group: demo", "group: demo_copy")
    faq_dir, path, text = make_faq(tmp_path, extra_copy=copy)
    other = faq_dir / "extra_copy.yaml"
    first_a, first_b = line_of(text, "- id: passport-lost"), line_of(text, "- id: oms-policy")
    assert problems(faq_dir) == [
        f"{other}:{line_of(copy, '- id: passport-lost')}: duplicate id 'passport-lost' (first at {path}:{first_a})",
        f"{other}:{line_of(copy, '- id: oms-policy')}: duplicate id 'oms-policy' (first at {path}:{first_b})",
    ]


def _without_last_en_block(text: str) -> str:
    return text[: text.rindex("    en:\n")]


def test_a_missing_language(tmp_path: Path) -> None:
    faq_dir, path, _ = make_faq(tmp_path)
    text = _without_last_en_block(VALID)
    path.write_text(text, encoding="utf-8")
    found = problems(faq_dir)
    assert found[0] == f"{path}:{line_of(text, '- id: oms-policy')}: an entry is missing 'en'"


def test_a_missing_language_is_the_only_complaint(tmp_path: Path) -> None:
    faq_dir, path, _ = make_faq(tmp_path)
    text = _without_last_en_block(VALID)
    path.write_text(text, encoding="utf-8")
    assert problems(faq_dir) == [f"{path}:{line_of(text, '- id: oms-policy')}: an entry is missing 'en'"]


def test_fewer_than_eight_phrasings(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "        - украли паспорт\n", "")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, '- потерял паспорт')}: entry 'passport-lost' [ru] has 7 phrasings, at least 8 needed"
    ]


def test_unknown_related_id(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "related: [oms-policy]", "related: [oms-polisy]")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, '- id: passport-lost')}: entry 'passport-lost': related id 'oms-polisy' does not exist"
    ]


@pytest.mark.parametrize(
    ("old", "new", "messages"),
    [
        ("<b>Заявите в полицию</b>", "<b>Заявите в полицию", ["unclosed tag <b>"]),
        (
            "<b>Заявите в полицию</b>",
            "<div>Заявите в полицию</div>",
            ["tag <div> is not allowed by Telegram", "tag </div> is not allowed by Telegram"],
        ),
        ("Подробнее: mfa.gov.kg", "Паспорт & виза: mfa.gov.kg", ["bare '&': write &amp; (or use a known entity)"]),
    ],
    ids=["unclosed-b", "div", "bare-ampersand"],
)
def test_invalid_telegram_html(tmp_path: Path, old: str, new: str, messages: list[str]) -> None:
    faq_dir, path, text = make_faq(tmp_path, old, new)
    line = line_of(text, "answer: |", nth=2)  # the [ru] answer of the first entry
    assert problems(faq_dir) == [
        f"{path}:{line}: entry 'passport-lost' [ru] answer: invalid Telegram HTML: {m}" for m in messages
    ]


_RU_ANSWER = "        <b>Заявите в полицию</b>, затем обратитесь в консульство.\n        Подробнее: mfa.gov.kg\n"


def test_over_long_answer(tmp_path: Path) -> None:
    body = "<b>" + "я" * MAX_TEXT + "</b>&amp;"  # 4097 characters once rendered
    faq_dir, path, text = make_faq(tmp_path, _RU_ANSWER, f"        {body}\n")
    line = line_of(text, "answer: |", nth=2)
    assert problems(faq_dir) == [
        f"{path}:{line}: entry 'passport-lost' [ru] answer is over 4096 characters when rendered"
    ]


def test_answer_of_exactly_4096_rendered_characters_is_accepted(tmp_path: Path) -> None:
    body = "<b>" + "я" * (MAX_TEXT - 1) + "</b>&amp;"  # markup does not count, &amp; counts as one
    faq_dir, _, _ = make_faq(tmp_path, _RU_ANSWER, f"        {body}\n")
    assert load_faq(faq_dir).entry("passport-lost").text("ru").answer == body


def test_over_long_question(tmp_path: Path) -> None:
    question = "Как получить полис ОМС " + "я" * 178  # 201 characters
    assert len(question) == 201
    faq_dir, path, text = make_faq(tmp_path, "question: Как получить полис ОМС?", f"question: {question}")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, question)}: entry 'oms-policy' [ru] question is over 200 characters"
    ]


def test_question_of_200_characters_is_accepted(tmp_path: Path) -> None:
    question = "Как получить полис ОМС " + "я" * 177
    faq_dir, _, _ = make_faq(tmp_path, "question: Как получить полис ОМС?", f"question: {question}")
    assert load_faq(faq_dir).entry("oms-policy").text("ru").question == question


@pytest.mark.parametrize(
    ("old", "new", "lang"),
    [
        # same words as "паспорт украли, что ещё делать": other case, е for ё, no comma
        ("        - можно ли оформить омс семье\n", "        - Паспорт украли что еще делать\n", "ru"),
        # same words as "жаңы паспорт кантип алам": capitals, н for ң
        ("        - үй-бүлөмө омс алсам болобу\n", "        - ЖАНЫ паспорт кантип алам\n", "ky"),
        ("        - can my family get oms\n", "        - LOST my passport!\n", "en"),
    ],
    ids=["ru-case-yo", "ky-case-ng", "en-case-punctuation"],
)
def test_same_phrasing_under_two_entries(tmp_path: Path, old: str, new: str, lang: str) -> None:
    faq_dir, path, text = make_faq(tmp_path, old, new)
    phrasing = new.strip()[2:]
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, phrasing)}: phrasing {phrasing!r} [{lang}] is also under entry 'passport-lost'"
    ]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "    sources: [W1]\n", "    sources: [W1]\n    reviewed: 2026-01-01\n")
    assert problems(faq_dir) == [
        f"{path}:{line_of(text, 'reviewed: 2026-01-01')}: duplicate key 'reviewed' in an entry"
    ]


def test_empty_file(tmp_path: Path) -> None:
    faq_dir, _, _ = make_faq(tmp_path, empty="\n   \n")
    assert problems(faq_dir) == [f"{faq_dir / 'empty.yaml'}:1: file is empty"]


def test_missing_topic(tmp_path: Path) -> None:
    faq_dir, _, _ = make_faq(tmp_path)
    assert problems(faq_dir, ("passport-lost", "oms-policy", "entry-ban-check")) == [
        f"{faq_dir}:1: topic 'entry-ban-check' from topics.yaml has no entry"
    ]
    faq, found = read_faq(faq_dir, ("passport-lost", "oms-policy"))
    assert found == [] and faq is not None


def test_every_problem_of_a_file_is_reported_in_one_run(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "related: [oms-policy]", "related: [oms-polisy]")
    text = text.replace("<b>Заявите в полицию</b>", "<b>Заявите в полицию")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FaqError) as caught:
        load_faq(faq_dir)
    lines = str(caught.value).splitlines()
    assert len(caught.value.problems) == len(lines) == 2
    assert any("unclosed tag <b>" in line for line in lines)
    assert any("'oms-polisy' does not exist" in line for line in lines)


# ---- the editor's command ---------------------------------------------------------------------


def _run_bot(tmp_path: Path, faq_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAQ_DIR": str(faq_dir), "TOPICS_FILE": str(tmp_path / "no-topics.yaml")}
    env.pop("LOCALES_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_check_on_a_broken_faq_prints_file_line_and_exits_1(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "related: [oms-policy]", "related: [oms-polisy]")
    proc = _run_bot(tmp_path, faq_dir, "check")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    expected = f"{path}:{line_of(text, '- id: passport-lost')}: entry 'passport-lost': related id 'oms-polisy'"
    assert any(line.startswith(expected) for line in proc.stderr.splitlines()), proc.stderr
    assert re.search(r"^\S+\.yaml:\d+: ", proc.stderr, re.MULTILINE)
    assert "OK" not in proc.stdout


def test_match_refuses_a_broken_faq_without_a_traceback(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path, "question: How do I get an OMS policy?", "question: OMS: how?")
    proc = _run_bot(tmp_path, faq_dir, "match", "--jsonl", stdin="hello\n")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{path}:{line_of(text, 'question: OMS: how?')}: YAML syntax error" in proc.stderr
    assert proc.stdout == ""


def test_offer_staff_and_order_must_have_the_right_type(tmp_path: Path) -> None:
    faq_dir, path, text = make_faq(tmp_path)
    first_related = next(line for line in text.splitlines() if line.strip().startswith("related:"))
    broken = text.replace(first_related, first_related + "\n    offer_staff: sometimes", 1)
    broken = broken.replace("group: ", "order: first\ngroup: ", 1)
    path.write_text(broken, encoding="utf-8")
    found = problems(faq_dir)
    assert (
        f"{path}:{line_of(broken, 'offer_staff: sometimes')}: entry 'passport-lost' offer_staff must be true or false"
        in found
    )
    assert f"{path}:{line_of(broken, 'order: first')}: order must be a whole number" in found
