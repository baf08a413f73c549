"""The database for the editors' commands (`learn`, `eval --real`, `simulate`): DATABASE_URL, as the bot uses it.

Read from the environment, then `.env` (real environment variables win), like the bot's settings, but
without needing BOT_TOKEN: editors run these commands on a copy of the data folder.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bot.config import read_dotenv
from bot.learning.records import QuestionRecord
from bot.learning.replay import as_eval_items, confirmed_pairs
from bot.storage import open_database, parse_database_url
from bot.storage.questions import QuestionStore

DEFAULT_URL = "sqlite:///data/bot.sqlite3"


class NoDatabaseError(RuntimeError):
    """There is no database file where DATABASE_URL points."""


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or read_dotenv(Path(".env")).get("DATABASE_URL") or DEFAULT_URL


def existing_database(url: str) -> str:
    """The URL, if its file exists (reading must not create an empty database and report nothing)."""
    path = parse_database_url(url)
    if path != ":memory:" and not Path(path).is_file():
        raise NoDatabaseError(f"no database at {path} (set DATABASE_URL to the bot's database)")
    return url


async def read_records(url: str) -> list[QuestionRecord]:
    """Every recorded question with what happened to it, oldest first."""
    db = await open_database(existing_database(url))
    try:
        return await QuestionStore(db).records()
    finally:
        await db.close()


def real_eval_items(url: str, entries: set[str] | None = None) -> list[dict]:
    """The confirmed real questions as a labelled set ({"text", "lang", "expect", "tags": ["real"]})."""
    records = asyncio.run(read_records(url))
    return as_eval_items(confirmed_pairs(records, entries))
