"""The weekly digest as a named JobQueue job ("digest"): text and chart to the staff chat (or to each admin).

Why through the outbox and not sent from the job: the digest then has every guarantee other messages
have (retried while Telegram is busy or unreachable, held while the bot is out of the staff chat, sent
once: keyed by the week, so a job run again after a restart adds nothing). The outbox stores JSON, so
the chart is written as a PNG into the data folder (``digests/``) and the stored sendPhoto names it;
the transport uploads the bytes when it sends (`bot.delivery.transport.with_uploads`). Charts older
than `KEEP_CHARTS_S` are deleted when a new one is written.

matplotlib (imported by `chart.digest_chart`) costs 1.5-2 s and ~70 MiB the first time: it is loaded
here only, in a worker thread, so neither the bot's start nor its event loop pays for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.delivery.transport import DATA_FILE
from bot.learning.digest import BISHKEK, DigestData, digest_data, digest_text
from bot.render import payloads
from bot.storage.outbox import Purpose

if TYPE_CHECKING:
    from telegram.ext import ContextTypes, JobQueue

    from bot.runtime import Runtime

log = logging.getLogger(__name__)
DIGEST_JOB = "digest"
DIGEST_DIR = "digests"
DIGEST_DAYS = 7
MONDAY = 1  # PTB's run_daily counts days from Sunday = 0
SEND_AT = clock(9, 0, tzinfo=BISHKEK)  # Monday morning in Bishkek, about last week (Monday to Sunday)
KEEP_CHARTS_S = 60 * 86400
MAX_CHART_FILES = 200  # the folder is tidied a bounded number of files at a time


def schedule_digest(job_queue: JobQueue[Any] | None, where: str) -> None:
    """Register the weekly job by its name, so it can be found, run by hand or cancelled."""
    if job_queue is None or where == "off":
        return
    job_queue.run_daily(digest_job, time=SEND_AT, days=(MONDAY,), name=DIGEST_JOB)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    from bot.runtime import runtime

    await post_digest(runtime(context))


def data_folder(rt: Runtime) -> Path | None:
    """The folder beside the database; None when the bot runs on an in-memory database."""
    return None if rt.db.path == ":memory:" else Path(rt.db.path).parent


async def post_digest(rt: Runtime, end: date | None = None) -> list[int]:
    """Queue last week's digest (the 7 days ending with `end`, by default yesterday in Bishkek); returns the chats."""
    end = end or (datetime.now(BISHKEK).date() - timedelta(days=1))
    start = datetime.combine(end - timedelta(days=DIGEST_DAYS), clock(0), BISHKEK).timestamp()
    faq, lang = rt.content.faq, rt.workflow.staff_lang
    data = digest_data(await rt.workflow.questions.records(since=start), faq, end, days=DIGEST_DAYS)
    text = digest_text(data, lang, rt.t, faq)
    chart = await _write_chart(rt, data, lang, end)
    chats = [rt.staff_chat_id] if rt.settings.digest_to == "staff" else sorted(rt.settings.admin_ids)
    caption = rt.t(lang, "digest.chart_title", start=data.start.strftime("%d.%m.%Y"), end=end.strftime("%d.%m.%Y"))
    for chat_id in chats:
        key = f"digest:{end.isoformat()}:{chat_id}"
        await rt.outbox.enqueue(
            chat_id, "sendMessage", payloads.send_message(chat_id, text), Purpose.NOTICE, dedupe_key=f"{key}:text"
        )
        if chart is not None:
            photo = {"chat_id": chat_id, "photo": {DATA_FILE: chart}, "caption": caption}
            await rt.outbox.enqueue(chat_id, "sendPhoto", photo, Purpose.NOTICE, dedupe_key=f"{key}:chart")
    rt.worker.poke()
    return chats


async def _write_chart(rt: Runtime, data: DigestData, lang: str, end: date) -> str | None:
    """Render the chart in a thread and save it in the data folder; its name there, or None (text only)."""
    folder = data_folder(rt)
    if folder is None:
        return None
    from bot.learning.chart import digest_chart

    try:
        png = await asyncio.to_thread(digest_chart, data, lang, rt.t)
        name = f"{DIGEST_DIR}/digest-{end.isoformat()}.png"
        await asyncio.to_thread(_save, folder / DIGEST_DIR, folder / name, png)
    except (OSError, ImportError) as exc:  # a full disk or a missing matplotlib costs the picture, not the digest
        log.warning("digest chart not made: %s", exc)
        return None
    return name


def _save(folder: Path, path: Path, png: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(png)
    os.replace(tmp, path)
    cutoff = time.time() - KEEP_CHARTS_S
    for n, old in enumerate(sorted(folder.glob("digest-*.png"))):
        if n >= MAX_CHART_FILES:
            break
        if old != path and old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
