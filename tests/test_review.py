"""Dated claims and the editor's report, as an editor meets them.

A claim such as "RuID is mandatory since July 2026" carries a `check_by` date. When the date passes,
`python -m bot check` warns with the file and line of the date (the bot keeps working), `check --strict`
fails, and `python -m bot review` lists it with everything else an editor should look at next.
Temporary FAQs are copies of tests/fixtures/faq_valid/demo.yaml with one thing changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli.review import build_report, render_text
from bot.faq.editorial import FIRST_SCREEN_BUDGET, date_notices, first_screen, whole_text
from bot.faq.loader import load_faq, read_faq, scan_faq

ROOT = Path(__file__).resolve().parents[1]
DEMO = (Path(__file__).resolve().parent / "fixtures" / "faq_valid" / "demo.yaml").read_text(encoding="utf-8")
TODAY = date(2026, 11, 28)

# Two dated claims on the first entry: one already past on TODAY, one a month ahead of it.
CLAIMS = """    related: [oms-policy]
    check_by:
      - date: 2026-11-25
        source: W133
        claim: RuID mandatory for work entry
      - date: 2026-12-28
        claim: no amnesty announced
"""


def faq_copy(tmp_path: Path, old: str = "", new: str = "", name: str = "faq") -> tuple[Path, Path, str]:
    text = DEMO
    if old:
        assert text.count(old) == 1, f"fixture anchor {old!r} must occur exactly once"
        text = text.replace(old, new)
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return folder, path, text


def with_claims(tmp_path: Path) -> tuple[Path, Path, str]:
    return faq_copy(tmp_path, "    related: [oms-policy]\n", CLAIMS)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def run_bot(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FAQ_DIR": str(folder), "TOPICS_FILE": str(folder / "no-topics.yaml")}
    env.pop("LOCALES_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


# ---- loading check_by -------------------------------------------------------------------------


def test_check_by_claims_load_with_their_date_source_and_line(tmp_path: Path) -> None:
    folder, path, text = with_claims(tmp_path)
    first, second = load_faq(folder).entry("passport-lost").check_by
    assert (first.due, first.source, first.claim) == (date(2026, 11, 25), "W133", "RuID mandatory for work entry")
    assert first.location == f"{path}:{line_of(text, 'date: 2026-11-25')}"
    assert (second.due, second.source) == (date(2026, 12, 28), "")  # a source may still be missing


@pytest.mark.parametrize("bad", ["2026-02-30", "1 March 2027", "2027-3-1", "soon"])
def test_a_bad_check_by_date_is_an_error_at_its_line(tmp_path: Path, bad: str) -> None:
    folder, path, text = faq_copy(tmp_path, "    related: [oms-policy]\n", CLAIMS.replace("2026-11-25", bad))
    faq, problems = read_faq(folder)
    assert faq is None
    assert [str(p) for p in problems] == [
        f"{path}:{line_of(text, f'date: {bad}')}: entry 'passport-lost' check_by date "
        f"must be a date written YYYY-MM-DD, not {bad!r}"
    ]


def test_a_bad_review_date_is_an_error(tmp_path: Path) -> None:
    folder, path, text = faq_copy(
        tmp_path, "    reviewed: 2026-11-22\n    sources: [W1]", "    reviewed: last week\n    sources: [W1]"
    )
    _, problems = read_faq(folder)
    assert [str(p) for p in problems] == [
        f"{path}:{line_of(text, 'reviewed: last week')}: entry 'passport-lost' reviewed "
        "must be a date written YYYY-MM-DD, not 'last week'"
    ]


def test_a_check_by_claim_needs_a_date_and_a_claim(tmp_path: Path) -> None:
    folder, _, text = faq_copy(
        tmp_path, "    related: [oms-policy]\n", "    related: [oms-policy]\n    check_by:\n      - source: W1\n"
    )
    _, problems = read_faq(folder)
    messages = {p.message for p in problems}
    assert messages == {
        "a check_by item of entry 'passport-lost' is missing 'date'",
        "a check_by item of entry 'passport-lost' is missing 'claim'",
    }
    assert {p.line for p in problems} == {line_of(text, "- source: W1")}


# ---- warnings: expired claims and review dates in the future ----------------------------------


def test_an_expired_claim_is_a_warning_naming_its_line_and_source(tmp_path: Path) -> None:
    folder, path, text = with_claims(tmp_path)
    (notice,) = date_notices(load_faq(folder).entries.values(), TODAY)
    assert str(notice).startswith(
        f"{path}:{line_of(text, 'date: 2026-11-25')}: warning: entry 'passport-lost': claim "
        "'RuID mandatory for work entry' (W133) was due to be re-checked by 2026-11-25 (3 day(s) ago)"
    )
    assert date_notices(load_faq(folder).entries.values(), date(2026, 11, 24)) == []  # not due yet


def test_a_review_date_after_today_is_a_warning(tmp_path: Path) -> None:
    folder, _, _ = faq_copy(
        tmp_path, "    reviewed: 2026-11-22\n    sources: [W1]", "    reviewed: 2026-12-01\n    sources: [W1]"
    )
    (notice,) = date_notices(load_faq(folder).entries.values(), TODAY)
    assert "entry 'passport-lost': reviewed 2026-12-01 is after today (2026-11-28)" in str(notice)


def test_check_warns_but_passes_and_strict_fails(tmp_path: Path) -> None:
    folder, path, text = with_claims(tmp_path)
    where = f"{path}:{line_of(text, 'date: 2026-11-25')}: warning: "

    plain = run_bot(folder, "check", "--today", "2026-11-28")
    assert plain.returncode == 0
    assert any(line.startswith(where) for line in plain.stderr.splitlines()), plain.stderr
    assert plain.stdout.startswith("OK: 2 entries") and "1 warning(s)" in plain.stdout

    strict = run_bot(folder, "check", "--strict", "--today", "2026-11-28")
    assert strict.returncode == 1
    assert where in strict.stderr and "--strict fails on warnings" in strict.stderr
    assert "OK" not in strict.stdout

    earlier = run_bot(folder, "check", "--strict", "--today", "2026-11-24")
    assert earlier.returncode == 0 and earlier.stderr == ""


def test_strict_check_fails_on_a_bad_date_like_plain_check(tmp_path: Path) -> None:
    folder, path, text = faq_copy(tmp_path, "    related: [oms-policy]\n", CLAIMS.replace("2026-11-25", "2026-11-31"))
    for args in (("check",), ("check", "--strict")):
        proc = run_bot(folder, *args)
        assert proc.returncode == 1
        assert f"{path}:{line_of(text, 'date: 2026-11-31')}: entry 'passport-lost' check_by date" in proc.stderr


# ---- the first screen -------------------------------------------------------------------------


def test_the_first_screen_is_what_shows_before_any_expandable_quote() -> None:
    answer = (
        "<b>Да, можно.</b>\n1. Шаг.\n<blockquote expandable><b>Подробнее</b>\n• деталь &amp; ещё</blockquote>\n"
        "<i>Правила меняются.</i>"
    )
    assert first_screen(answer) == "Да, можно.\n1. Шаг.\n\nПравила меняются."
    assert whole_text(answer) == "Да, можно.\n1. Шаг.\nПодробнее\n• деталь & ещё\nПравила меняются."
    assert first_screen("<blockquote>обычная цитата видна сразу</blockquote>") == "обычная цитата видна сразу"


# ---- the review report ------------------------------------------------------------------------


def test_review_lists_due_claims_unsourced_claims_and_review_dates(tmp_path: Path) -> None:
    folder, path, text = with_claims(tmp_path)
    report = build_report(scan_faq(folder), TODAY)
    assert [(c.entry, c.status, c.days_left, c.source) for c in report.claims] == [
        ("passport-lost", "expired", -3, "W133"),
        ("passport-lost", "soon", 30, ""),
    ]
    assert [(f.subject, f.issue) for f in report.unsourced] == [
        ("passport-lost", "claim 'no amnesty announced' has no source key")
    ]
    assert [(r.entry, r.reviewed, r.days_ago) for r in report.reviews] == [
        ("oms-policy", "2026-11-22", 6),
        ("passport-lost", "2026-11-22", 6),
    ]
    out = render_text(report)
    assert "EXPIRED 2026-11-25 (3 day(s) ago)  passport-lost  [W133]" in out
    assert "SOON    2026-12-28 (in 30 day(s))  passport-lost  [no source]" in out
    assert f"({path}:{line_of(text, 'date: 2026-11-25')})" in out


RU_ANSWER = "        <b>Заявите в полицию</b>, затем обратитесь в консульство.\n        Подробнее: mfa.gov.kg\n"


def test_review_names_answers_over_the_first_screen_budget(tmp_path: Path) -> None:
    words = "слово " * 100
    folder, _, _ = faq_copy(tmp_path, RU_ANSWER, f"        <b>Ответ.</b> {words}\n")
    report = build_report(scan_faq(folder), TODAY)
    assert [(m.subject, m.lang) for m in report.over_budget] == [("passport-lost", "ru")]
    assert report.over_budget[0].first_screen > FIRST_SCREEN_BUDGET
    # the same words in an expandable quote no longer count against the first screen
    hidden, _, _ = faq_copy(
        tmp_path, RU_ANSWER, f"        <b>Ответ.</b><blockquote expandable>{words}</blockquote>\n", "b"
    )
    assert build_report(scan_faq(hidden), TODAY).over_budget == []


def test_review_works_on_a_faq_with_a_missing_language(tmp_path: Path) -> None:
    folder, path, _ = faq_copy(tmp_path)
    text = DEMO[: DEMO.rindex("    en:\n")]  # the last entry loses its English block
    path.write_text(text, encoding="utf-8")
    report = build_report(scan_faq(folder), TODAY)
    assert report.problems == 1
    assert [(f.subject, f.issue) for f in report.missing] == [("oms-policy", "no en")]
    assert "1 problem(s): run `python -m bot check`" in render_text(report)


def test_review_command_prints_text_and_json(tmp_path: Path) -> None:
    folder, _, _ = with_claims(tmp_path)
    text = run_bot(folder, "review", "--today", "2026-11-28")
    assert text.returncode == 0
    for heading in (
        "Review dates (oldest first)",
        "Dated claims expired or due within 60 days: 2",
        "Claims without a source key: 1",
        "Answers over the first-screen budget (500 characters): none",
        "Missing languages and urgent answers: none",
        "Answer length, visible characters",
    ):
        assert heading in text.stdout, heading
    data = json.loads(run_bot(folder, "review", "--json", "--today", "2026-11-28").stdout)
    assert data["today"] == "2026-11-28" and data["entries"] == 2 and data["problems"] == 0
    assert [c["status"] for c in data["claims"]] == ["expired", "soon"]
    assert set(data["lengths"]) == {"ky", "ru", "en"} and data["lengths"]["ru"]["n"] == 2
