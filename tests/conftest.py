"""Shared test setup.

PTB 22 warns inside RetryAfter unless PTB_TIMEDELTA is set; with warnings as errors that warning would
replace the exception under test, so it is set here, before any test module imports telegram
(bot.storage, imported below, does not).
"""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Database, Outbox, open_database

os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A real SQLite database file (WAL, migrated) in the test's own folder."""
    database = await open_database(f"sqlite:///{tmp_path}/bot.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def outbox(db: Database) -> Outbox:
    return Outbox(db)
