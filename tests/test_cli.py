"""The command line as deployers, editors and scorers run it: `python -m bot check|match|chat|eval` in a subprocess."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.faq.loader import load_faq

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score_match.py"
LANGS = {"ky", "ru", "en"}
DECISIONS = {"answer", "clarify", "escalate"}


def run(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for name in ("FAQ_DIR", "LOCALES_DIR"):  # the real content of this checkout
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    proc = run("-m", "bot", *args, stdin=stdin)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def faq():
    return load_faq(ROOT / "faq")


def plain(answer: str) -> str:
    """An FAQ answer as the console shows it (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", answer))


# ---- check ------------------------------------------------------------------------------------


def test_check_passes_on_the_real_faq() -> None:
    proc = bot("check")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("OK: 32 entries")
    assert proc.stderr == ""


def test_strict_check_and_review_are_clean_on_the_day_of_the_review() -> None:
    """The 2026-11-28 pass: no expired claim, every answer within the first-screen budget, nothing missing."""
    strict = bot("check", "--strict", "--today", "2026-11-28")
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr == ""
    report = json.loads(bot("review", "--json", "--today", "2026-11-28").stdout)
    assert report["problems"] == 0 and report["entries"] == 32
    assert report["over_budget"] == [] and report["missing"] == [] and report["unsourced"] == []
    assert [c for c in report["claims"] if c["status"] == "expired"] == []
    assert {r["reviewed"] for r in report["reviews"]} == {"2026-11-28"}


# ---- match --jsonl ----------------------------------------------------------------------------

QUESTIONS = [
    "как проверить запрет на въезд в россию",
    "",
    "Россияга кирүүгө тыюу барбы кантип текшерем",
    "how do I check if I am banned from entering russia",
    "kak proverit zapret na vezd",
    "   ",
    "спасибо",
    "какая погода в бишкеке завтра",
    'кавычки " и \\ обратный слэш, <b>теги</b> & амперсанд',
    "паспорт " * 300,
    "брат умер в Москве вчера, что делать",
    "запрет",
]


@pytest.fixture(scope="module")
def matched() -> list[dict]:
    proc = bot("match", "--jsonl", stdin="".join(q + "\n" for q in QUESTIONS))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(QUESTIONS), "one output line per input line, empty lines included"
    return [json.loads(line) for line in lines]


def test_match_keeps_line_n_for_question_n(matched: list[dict]) -> None:
    assert [row["text"] for row in matched] == QUESTIONS


def test_match_empty_line_escalates_with_no_candidates(matched: list[dict]) -> None:
    empty = matched[QUESTIONS.index("")]
    assert empty["text"] == "" and empty["decision"] == "escalate" and empty["candidates"] == []
    assert empty["lang"] in LANGS
    assert matched[QUESTIONS.index("   ")]["decision"] == "escalate"


def test_match_rows_follow_the_contract(matched: list[dict], faq) -> None:
    for row in matched:
        assert set(row) >= {"text", "lang", "decision", "candidates"}
        assert row["lang"] in LANGS
        assert row["decision"] in DECISIONS
        candidates = row["candidates"]
        assert len(candidates) <= 5
        assert all(c["id"] in faq.entries and 0.0 <= c["score"] <= 1.0 for c in candidates)
        scores = [c["score"] for c in candidates]
        assert scores == sorted(scores, reverse=True), "best first"
        assert len({c["id"] for c in candidates}) == len(candidates)
        if row["decision"] != "escalate":
            assert candidates, row


def test_match_answers_a_plain_question_in_its_language(matched: list[dict]) -> None:
    for text, lang in [
        ("как проверить запрет на въезд в россию", "ru"),
        ("Россияга кирүүгө тыюу барбы кантип текшерем", "ky"),
        ("how do I check if I am banned from entering russia", "en"),
    ]:
        row = matched[QUESTIONS.index(text)]
        assert (row["lang"], row["decision"], row["candidates"][0]["id"]) == (lang, "answer", "entry-ban-check")


def test_match_does_not_answer_an_unrelated_question(matched: list[dict]) -> None:
    assert matched[QUESTIONS.index("какая погода в бишкеке завтра")]["decision"] != "answer"


def test_match_reports_urgency_for_every_line(matched: list[dict]) -> None:
    assert all(isinstance(row["urgent"], bool) for row in matched)
    assert matched[QUESTIONS.index("брат умер в Москве вчера, что делать")]["urgent"] is True
    assert matched[QUESTIONS.index("как проверить запрет на въезд в россию")]["urgent"] is False
    assert matched[QUESTIONS.index("")]["urgent"] is False


def test_match_clarify_candidates_are_the_buttons(matched: list[dict]) -> None:
    row = matched[QUESTIONS.index("запрет")]
    assert row["decision"] == "clarify"
    assert 2 <= len(row["candidates"]) <= 3  # the buttons, not the whole shortlist
    assert all(c["id"].startswith("entry-ban") for c in row["candidates"])


def test_match_strips_only_the_line_ending() -> None:
    proc = bot("match", "--jsonl", stdin="  потерял паспорт \r\nукрали паспорт")  # CRLF, no final newline
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["  потерял паспорт ", "украли паспорт"]


# ---- chat -------------------------------------------------------------------------------------


def test_chat_answers_presses_buttons_and_quits(faq) -> None:
    script = "\n".join(
        [
            "1",  # first topic button of the welcome menu
            "1",  # first question of that topic
            "как проверить запрет на въезд в россию",
            "2",  # 👎 under the answer
            "1",  # "ask a consular officer"
            "quit",
            "как получить омс для жены",  # after quit: must not be answered
        ]
    )
    proc = bot("chat", "--lang", "ru", stdin=script + "\n")
    assert proc.returncode == 0
    out = proc.stdout
    first_group = faq.groups[0]
    first_entry = faq.entry(first_group.entry_ids[0]).text("ru")
    assert f"[1] {first_group.title['ru']}" in out  # the welcome menu, numbered
    assert f"[1] {first_entry.question}" in out  # pressing 1 opened the topic
    assert plain(first_entry.answer).splitlines()[0] in out  # pressing 1 again showed its answer
    assert plain(faq.entry("entry-ban-check").text("ru").answer).splitlines()[0] in out  # the typed question
    assert "Жаль, что ответ не помог" in out  # 👎 pressed
    assert "#1" in out and "offline" in out  # the simulated ticket
    oms = faq.entry("oms-family").text("ru")
    assert plain(oms.answer).splitlines()[0] not in out and oms.question not in out


def test_chat_in_kyrgyz_and_end_of_input(faq) -> None:
    proc = bot("chat", "--lang", "ky", stdin="паспорт жоготуп алдым\n")  # no 'quit': end of input ends too
    assert proc.returncode == 0
    assert plain(faq.entry("passport-lost-abroad").text("ky").answer).splitlines()[0] in proc.stdout
    assert f"[1] {faq.groups[0].title['ky']}" in proc.stdout  # the menu is in Kyrgyz
    assert "Здравствуйте" not in proc.stdout


def test_chat_greeting_has_no_empty_name() -> None:
    proc = bot("chat", stdin="quit\n")
    assert ", !" not in proc.stdout


# ---- eval -------------------------------------------------------------------------------------

LABELLED = [
    ("как проверить запрет на въезд в россию", "ru", "entry-ban-check", ["short"]),
    ("Россияга кирүүгө тыюу барбы кантип текшерем", "ky", "entry-ban-check", []),
    ("how do I check if I am banned from entering russia", "en", "entry-ban-check", []),
    ("как получить омс для жены", "ru", "oms-family", ["short"]),
    ("lost my passport in moscow", "en", "return-certificate", []),  # labelled so the bot is wrong
    ("какая погода в бишкеке завтра", "ru", "none", ["offtopic"]),
    ("сколько стоит билет на самолет", "ru", "none", ["offtopic"]),
    ("паспорт жоготуп алдым", "ky", "passport-lost-abroad", ["short"]),
    ("kak proverit zapret na vezd", "ru-latn", "entry-ban-check", ["translit"]),
]
_FIGURES = ("helped", "answered_right", "wrong_answers", "none_answered", "language")
_ROW = re.compile(r"^((?:lang|tag):\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def labelled_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "tiny.jsonl"
    rows = [{"text": t, "lang": lang, "expect": e, "tags": tags} for t, lang, e, tags in LABELLED]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "\n", encoding="utf-8")
    return path


def figures(line: str) -> dict[str, float]:
    return {name: float(re.search(rf"{name}\s+([\d.]+)%", line).group(1)) for name in _FIGURES}  # type: ignore[union-attr]


def summary_line(output: str, prefix: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, output
    return lines[0]


def group_rows(output: str) -> dict[str, tuple[str, ...]]:
    return {m[0]: tuple(v.rstrip("%") for v in m[1:]) for m in _ROW.findall(output)}


@pytest.fixture(scope="module")
def both_reports(labelled_set: Path) -> tuple[str, str]:
    if not SCORER.exists():
        pytest.skip("../shared/tools/score_match.py is not present")
    ours = bot("eval", str(labelled_set))
    assert ours.returncode == 0, ours.stderr
    theirs = run(str(SCORER), str(labelled_set))
    assert theirs.returncode == 0, theirs.stderr
    return ours.stdout, theirs.stdout


def test_eval_prints_the_same_figures_as_the_official_scorer(both_reports: tuple[str, str]) -> None:
    ours, theirs = both_reports
    mine = figures(summary_line(ours, "consul-bot "))
    official = figures(summary_line(theirs, "helped "))
    assert mine == official
    assert 0 < mine["helped"] < 100 and mine["wrong_answers"] > 0  # a set that tells figures apart
    assert f"{len(LABELLED)} questions" in ours
    # per-language / per-tag rows agree wherever the official scorer prints a number
    our_rows, their_rows = group_rows(ours), group_rows(theirs)
    assert our_rows.keys() == their_rows.keys() and "lang:ky" in our_rows
    for name, row in their_rows.items():
        for mine_v, theirs_v in zip(our_rows[name], row, strict=True):
            if theirs_v != "n/a":
                assert float(mine_v) == float(theirs_v), (name, our_rows[name], row)


def test_eval_prints_the_scorers_second_line(both_reports: tuple[str, str]) -> None:
    ours, theirs = both_reports
    theirs_line = summary_line(theirs, "out-of-scope offered topics")
    ours_line = [line.strip() for line in ours.splitlines() if line.strip().startswith("out-of-scope offered topics")]
    assert ours_line == [theirs_line.strip()]


def test_eval_group_rows_match_the_official_scorer_exactly(both_reports: tuple[str, str]) -> None:
    ours, theirs = both_reports
    assert group_rows(ours)["tag:offtopic"] == group_rows(theirs)["tag:offtopic"]


def test_eval_baseline_prints_a_baseline_line(labelled_set: Path) -> None:
    proc = bot("eval", str(labelled_set), "--baseline")
    assert proc.returncode == 0, proc.stderr
    ours = figures(summary_line(proc.stdout, "consul-bot "))
    baseline = figures(summary_line(proc.stdout, "baseline "))
    assert all(0.0 <= v <= 100.0 for v in baseline.values())
    assert baseline != ours  # it really is a different matcher


def test_output_cut_short_by_a_pipe_is_not_a_traceback() -> None:
    """`... | python -m bot match --jsonl | head` is how people skim; no traceback when head stops reading."""
    questions = "как проверить запрет на въезд\n" * 3000  # far more output than a pipe buffer holds
    proc = subprocess.run(
        f"{sys.executable} -m bot match --jsonl | head -1",
        shell=True,
        input=questions,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) == 1
