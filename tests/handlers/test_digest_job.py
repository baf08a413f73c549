"""The weekly digest job: last week's figures and a chart, posted through the outbox to staff (or to admins)."""

from __future__ import annotations

import time
from dataclasses import replace

from bot.learning.digest_job import DIGEST_JOB
from tests.handlers.conftest import ADMIN, STAFF_CHAT, Harness

DAY = 86400.0
PNG = b"\x89PNG\r\n\x1a\n"


async def seed_week(h: Harness) -> None:
    """Eleven questions over the last days: answered, clarified, escalated, and an entry rejected twice."""
    store, now = h.rt.workflow.questions, time.time()
    rows = [
        ("ru", "как проверить запрет", "answer", "entry-ban-check", 1),
        ("ky", "кара тизме кантип текшерем", "answer", "entry-ban-check", 0),
        ("ru", "полис для жены", "answer", "oms-worker", -1),
        ("ru", "омс жене", "answer", "oms-worker", -1),
        ("en", "passport", "clarify", None, 0),
        ("ru", "паспорт", "clarify", None, 0),
        ("ru", "где купить велосипед", "escalate", None, 0),
        ("ky", "армияга барышым керекпи", "escalate", None, 0),
        ("ru", "служба в армии для мигранта", "escalate", None, 0),
        ("en", "military service army", "escalate", None, 0),
        ("ru", "брата задержали", "urgent", "detained-abroad", 0),
    ]
    for n, (lang, text, decision, shown, feedback) in enumerate(rows):
        qid = await store.record(
            user_id=700 + n, chat_id=700 + n, update_id=9000 + n, lang=lang, text=text, decision=decision,
            shown_entry=shown, now=now - DAY * (1 + n % 6),
        )  # fmt: skip
        assert qid is not None
        if feedback:
            await store.update(qid, feedback=feedback)


async def run_digest_job(h: Harness) -> None:
    """Run the scheduled job by its name, as the JobQueue would on Monday morning."""
    assert h.app.job_queue is not None
    [job] = h.app.job_queue.get_jobs_by_name(DIGEST_JOB)
    await job.run(h.app)
    await h.rt.worker.drain(5.0)


async def test_the_weekly_job_posts_the_digest_and_its_chart_to_the_staff_chat(h: Harness) -> None:
    await seed_week(h)
    await run_digest_job(h)
    text, chart = h.seen(STAFF_CHAT)[-2:]
    assert "Сводка за неделю" in text.text and "Вопросов: 11" in text.text
    assert "ответ из FAQ: 4" in text.text and "сотрудникам: 4" in text.text and "срочных: 1" in text.text
    assert "По языкам: ru 7, en 2, ky 2" in text.text and "Решено без сотрудника: 18% (2 из 11)" in text.text
    assert "• 3 вопр. (ky 1, ru 1, en 1): «армияга барышым керекпи»" in text.text  # a topic the FAQ lacks
    assert "👎 2 из 2" in text.text  # the entry rejected twice
    assert chart.kind == "photo" and "Вопросы по дням" in (chart.caption or "")
    image = h.fake.file_content(chart.raw["photo"][-1]["file_id"])
    assert image.startswith(PNG) and len(image) > 5000
    chats_before = len(h.seen(STAFF_CHAT))
    await run_digest_job(h)  # run again (a restart on Monday morning): nothing is posted twice
    assert len(h.seen(STAFF_CHAT)) == chats_before

    h.rt.settings = replace(h.rt.settings, digest_to="admins")  # DIGEST_TO=admins: each admin in private instead
    await run_digest_job(h)
    assert [m.kind for m in h.seen(ADMIN)] == ["text", "photo"] and len(h.seen(STAFF_CHAT)) == chats_before
