"""/reload replays the confirmed real questions: it reports what an edit fixes and refuses one that breaks them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import yaml

from bot.learning.apply import apply_suggestions
from tests.handlers.conftest import ADMIN, ROOT, Harness

CONFIRMED = "черный спесок проверить"  # answered with entry-ban-check, and the citizen says 👍
PICKED = "паспорт"  # a clarify; the citizen picks the first option


def faq_copy(h: Harness, tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", folder)
    h.rt.settings = replace(h.rt.settings, faq_dir=str(folder))
    return folder


def add_phrasing(folder: Path, tmp_path: Path, entry: str, text: str) -> None:
    """The edit an editor makes with `learn --apply`: one accepted phrasing."""
    review = tmp_path / "review.yaml"
    item = {"accept": True, "entry": entry, "lang": "ru", "text": text}
    review.write_text(yaml.safe_dump({"version": 1, "phrasings": [item]}, allow_unicode=True), encoding="utf-8")
    assert apply_suggestions(folder, review, topic_ids=[]).applied


async def confirm_by_thumbs_up(h: Harness, user_id: int, text: str) -> str:
    user = h.fake.make_user(user_id, "Азамат", "ru")
    await h.feed(h.fake.user_sends_text(user, text))
    answer = h.last(user.id)
    entry = next(d[4:] for d in answer.callback_data if d.startswith("f:u:"))
    await h.feed(h.fake.user_presses_button(user, answer.message_id, f"f:u:{entry}"))
    return entry


async def test_reload_refuses_an_edit_that_answers_a_confirmed_question_wrongly_unless_forced(
    h: Harness, tmp_path: Path
) -> None:
    folder = faq_copy(h, tmp_path)
    assert await confirm_by_thumbs_up(h, 501, CONFIRMED) == "entry-ban-check"
    add_phrasing(folder, tmp_path, "entry-ban-amnesty", CONFIRMED)  # the same words now lead elsewhere

    await h.feed(h.fake.user_sends_command(ADMIN, "/reload"))
    refused = h.last(ADMIN).text
    assert "⛔" in refused and "теперь неверно — 1" in refused and "/reload force" in refused
    assert "entry-ban-check" in refused and "entry-ban-amnesty" in refused  # was, now
    citizen = h.fake.make_user(502, "Бакыт", "ru")
    await h.feed(h.fake.user_sends_text(citizen, CONFIRMED))
    assert "f:u:entry-ban-check" in h.last(citizen.id).callback_data  # the running FAQ was kept

    await h.feed(h.fake.user_sends_command(ADMIN, "/reload force"))
    applied = h.last(ADMIN).text
    assert "✅" in applied and "теперь неверно — 1" in applied
    await h.feed(h.fake.user_sends_text(citizen, CONFIRMED))
    assert "f:u:entry-ban-amnesty" in h.last(citizen.id).callback_data


async def test_reload_reports_questions_the_edit_now_answers_right(h: Harness, tmp_path: Path) -> None:
    folder = faq_copy(h, tmp_path)
    user = h.fake.make_user(503, "Нурлан", "ru")
    await h.feed(h.fake.user_sends_text(user, PICKED))
    clarify = h.last(user.id)
    first = next(d[2:] for d in clarify.callback_data if d.startswith("e:"))
    await h.feed(h.fake.user_presses_button(user, clarify.message_id, f"e:{first}"))
    await confirm_by_thumbs_up(h, 504, CONFIRMED)
    add_phrasing(folder, tmp_path, first, PICKED)

    await h.feed(h.fake.user_sends_command(ADMIN, "/reload"))
    report = h.last(ADMIN).text
    assert "✅" in report and "подтверждённые гражданами и сотрудниками: 2" in report
    assert "теперь верно — 1" in report and "теперь неверно — 0" in report
