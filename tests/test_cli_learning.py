"""`simulate`, `learn` and `eval --real` as editors run them, on a tmp database and a tmp copy of the FAQ.

The questions are our own (tests/fixtures/learning): twelve about a topic the FAQ lacks (admission to
universities abroad, in ky/ru/en and Latin letters) mixed with everyday in-scope questions.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.storage import open_database

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "learning"


def bot(*args: str, env: dict[str, str], input: str | None = None) -> subprocess.CompletedProcess[str]:
    merged = {k: v for k, v in os.environ.items() if k not in ("FAQ_DIR", "DATABASE_URL")} | env
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=merged,
        capture_output=True,
        text=True,
        timeout=180,
        input=input,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict]]:
    """A database filled by `simulate` with the planted topic and in-scope traffic, and what it printed."""
    folder = tmp_path_factory.mktemp("sim")
    items = [json.loads(line) for name in ("planted_university.jsonl", "in_scope.jsonl") for line in
             (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]  # fmt: skip
    traffic = folder / "traffic.jsonl"
    traffic.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    db = folder / "sim.sqlite3"
    proc = bot("simulate", str(traffic), env={"DATABASE_URL": f"sqlite:///{db}"})
    assert proc.returncode == 0, proc.stderr
    return db, proc.stdout, items


@pytest.fixture(scope="module")
def review(simulated: tuple[Path, str, list[dict]], tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = simulated[0]
    out = tmp_path_factory.mktemp("learn") / "suggestions.yaml"
    proc = bot("learn", "--out", str(out), env={"DATABASE_URL": f"sqlite:///{db}"})
    assert proc.returncode == 0, proc.stderr
    return {"path": out, "data": yaml.safe_load(out.read_text(encoding="utf-8")), "text": out.read_text("utf-8")}


def faq_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", folder)
    return folder


async def create_database(path: Path) -> None:
    db = await open_database(f"sqlite:///{path}")
    await db.close()


def texts_by_id(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, text FROM questions").fetchall())


def test_simulate_plays_every_question_through_the_workflow_and_says_what_happened(
    simulated: tuple[Path, str, list[dict]],
) -> None:
    db, printed, items = simulated
    assert f"{len(items)} questions simulated" in printed
    all_row = next(line.split() for line in printed.splitlines() if line.startswith("all "))
    assert int(all_row[1]) == len(items)  # every question got a reply the workflow recorded
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT text, ticket_id, staff_label, staff_answer, closed FROM questions").fetchall()
        statuses = {s for (s,) in conn.execute("SELECT status FROM tickets")}
    planted = {i["text"] for i in items if "planted" in i["tags"]}
    for text, ticket, label, answer, closed in rows:
        if text in planted:  # no entry fits: staff answered in their own words, said "new topic", closed it
            assert (ticket is not None, label, answer, closed) == (True, "new", "text", 1)
    assert statuses == {"closed"}


def test_simulate_refuses_a_database_with_real_citizens(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    asyncio.run(create_database(db))  # the bot's schema, as a running bot leaves it
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO users (user_id, chat_id, created_at, updated_at) VALUES (5551001, 5551001, 0, 0)")
    proc = bot("simulate", str(FIXTURES / "in_scope.jsonl"), env={"DATABASE_URL": f"sqlite:///{db}"})
    assert proc.returncode == 2 and "real citizens" in proc.stdout


def test_learn_reports_the_planted_topic_as_one_cluster(simulated: tuple[Path, str, list[dict]], review: dict) -> None:
    db, _, items = simulated
    planted = {i["text"] for i in items if "planted" in i["tags"]}
    [topic] = review["data"]["new_topics"]
    texts = texts_by_id(db)
    clustered = {texts[i] for i in topic["record_ids"]}
    assert clustered == planted  # all twelve, and nothing else (not the bicycle question, not in-scope ones)
    assert set(topic["languages"]) == {"ky", "ru", "en"} and topic["size"] == len(planted)
    assert topic["accept"] is False and topic["examples"]


def test_learn_suggests_confirmed_phrasings_with_evidence_and_reports_conflicts(review: dict) -> None:
    data = review["data"]
    meken = next(p for p in data["phrasings"] if p["text"] == "мекен карт")
    assert (meken["entry"], meken["lang"], meken["count"], meken["accept"]) == ("meken-kart-apply", "ru", 1, False)
    assert meken["bot_now"].startswith("clarify:") and meken["evidence"][0].endswith(" picked")
    assert not any(p["text"] == "What is Meken-Kart?" for p in data["phrasings"])  # already answered right
    assert data["skipped"]["answered_right"] + data["skipped"].get("already_a_phrasing", 0) == 5  # the 👍 ones
    [conflict] = data["conflicts"]  # "паспорт" was confirmed for two different entries
    assert conflict["text"] == "паспорт" and conflict["entries"] == ["passport-lost-abroad", "passport-renew-abroad"]
    assert "# ---- NEW PHRASINGS" in review["text"]  # the comments that tell editors what to do


def test_learn_apply_merges_the_accepted_phrasing_and_shows_its_effect(
    simulated: tuple[Path, str, list[dict]], review: dict, tmp_path: Path
) -> None:
    db, faq = simulated[0], faq_copy(tmp_path)
    edited = dict(review["data"])
    edited["phrasings"] = [dict(p, accept=p["text"] == "мекен карт") for p in edited["phrasings"]]
    path = tmp_path / "accepted.yaml"
    path.write_text(yaml.safe_dump(edited, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = (faq / "meken_kart.yaml").read_text(encoding="utf-8")
    env = {"DATABASE_URL": f"sqlite:///{db}", "FAQ_DIR": str(faq)}
    proc = bot("learn", "--apply", str(path), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "applied 1 phrasing(s) in 1 file(s)" in proc.stdout and "meken_kart.yaml:" in proc.stdout
    after = (faq / "meken_kart.yaml").read_text(encoding="utf-8")
    assert after.replace("        - мекен карт\n", "", 1) == before  # one line added, nothing else touched
    real = [line for line in proc.stdout.splitlines() if line.startswith("real (confirmed)")]
    assert "answered_right 83.3%" in real[0] and "answered_right 100.0%" in real[1]  # before, after
    assert bot("check", env=env).returncode == 0
    again = bot("learn", "--apply", str(path), env=env)  # applying the same file twice changes nothing
    assert "applied 0" in again.stdout and (faq / "meken_kart.yaml").read_text(encoding="utf-8") == after
    real_eval = bot("eval", "--real", env=env)
    assert "real (confirmed): 6 questions" in real_eval.stdout and "answered_right 100.0%" in real_eval.stdout


def test_learn_accept_all_merges_every_phrasing(simulated: tuple[Path, str, list[dict]], tmp_path: Path) -> None:
    db, faq = simulated[0], faq_copy(tmp_path)
    out = tmp_path / "all.yaml"
    proc = bot("learn", "--accept-all", "--out", str(out), env={"DATABASE_URL": f"sqlite:///{db}", "FAQ_DIR": str(faq)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "applied 1 phrasing(s)" in proc.stdout
    assert all(p["accept"] for p in yaml.safe_load(out.read_text(encoding="utf-8"))["phrasings"])
    assert "мекен карт" in (faq / "meken_kart.yaml").read_text(encoding="utf-8")


def test_learn_accept_all_stops_the_bot_guessing_at_the_planted_topic(
    simulated: tuple[Path, str, list[dict]], tmp_path: Path
) -> None:
    """Staff marked the university questions "new topic": a new one, worded differently, gets the out-of-scope
    reply (what the bot covers, a consular officer) instead of being handled as a question the FAQ may answer."""
    db, faq = simulated[0], faq_copy(tmp_path)
    env = {"DATABASE_URL": f"sqlite:///{db}", "FAQ_DIR": str(faq)}
    question = "университетке тапшыруу үчүн кандай кагаздар керек Орусияда"
    before = json.loads(bot("match", "--jsonl", env=env, input=question + "\n").stdout)
    assert not before.get("out_of_scope")
    proc = bot("learn", "--accept-all", "--out", str(tmp_path / "all.yaml"), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    learned = yaml.safe_load((faq / "learned.yaml").read_text(encoding="utf-8"))["not_covered"]
    planted = {i["text"] for i in simulated[2] if "planted" in i["tags"]}
    assert learned and {item["text"] for item in learned} <= planted  # only what staff marked new
    after = json.loads(bot("match", "--jsonl", env=env, input=question + "\n").stdout)
    assert after["out_of_scope"] and after["decision"] == "escalate" and after["candidates"] == []
    assert bot("check", env=env).returncode == 0


def test_learn_apply_exits_non_zero_when_the_result_would_not_pass_check(review: dict, tmp_path: Path) -> None:
    faq = faq_copy(tmp_path)
    broken = faq / "service.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  oops: [\n", encoding="utf-8")
    proc = bot("learn", "--apply", str(review["path"]), "--accept-all", env={"FAQ_DIR": str(faq)})
    assert proc.returncode == 1 and "would not pass `check`" in proc.stdout and "service.yaml" in proc.stdout


def test_learn_without_a_database_says_so(tmp_path: Path) -> None:
    proc = bot("learn", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'missing.sqlite3'}"})
    assert proc.returncode == 2 and "no database at" in proc.stderr
    assert not (tmp_path / "missing.sqlite3").exists()  # reading never creates an empty database


def test_the_bot_starts_without_loading_the_chart_library() -> None:
    """matplotlib (+numpy, Pillow) costs 1.5-2 s and ~70 MiB: only the weekly digest job may load it."""
    code = (
        "import sys, bot.app, bot.run, bot.learning.digest_job, bot.cli.check; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'numpy', 'PIL'}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "[]", proc.stdout + proc.stderr
