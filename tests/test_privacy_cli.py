"""`python -m bot export` and `python -m bot backup`, and the storage-level erasure they report on."""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import stat
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.privacy.erasure import erase_citizen
from bot.privacy.report import COLUMNS, PERSONAL
from bot.storage import Database, TicketStore, UserStore
from bot.storage.audit import AuditLog
from bot.storage.backup import rotate

QUESTION = '=HYPERLINK("x") мой паспорт AN1234567, где брат?'


async def tickets_to_report(db: Database) -> None:
    users, tickets, audit = UserStore(db), TicketStore(db), AuditLog(db)
    now = time.time()
    await users.upsert(11, 11, "Гульнара", "gulnara")
    await users.upsert(12, 12, "Азамат", None)
    first, _ = await tickets.create(11, 11, "ru", QUESTION, [("detained-abroad", 0.61)], True, 1, now=now - 600)
    await tickets.mark_answered(first.id, 501, "Айгуль", now=now - 300)
    await audit.record("faq_answer", 501, "Айгуль", ticket_id=first.id, detail="detained-abroad")
    await tickets.close(first.id, 501, now=now - 100, by_name="Айгуль")
    second, _ = await tickets.create(12, 12, "ky", "суроо", [], False, 2, now=now - 50)
    await tickets.close(second.id, 12, now=now - 10)
    await erase_citizen(db, 12, 12, now)


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


async def test_export_writes_tickets_and_outcomes_and_is_audited(db: Database, tmp_path: Path) -> None:
    await tickets_to_report(db)
    url = f"sqlite:///{db.path}"
    full, anonymous = tmp_path / "full.csv", tmp_path / "anon.csv"
    since = (date.today() - timedelta(days=1)).isoformat()
    assert main(["export", "--since", since, "--out", str(full), "--database", url]) == 0
    assert main(["export", "--since", since, "--anonymised", "--out", str(anonymous), "--database", url]) == 0

    rows = read_csv(full)
    assert [r["ticket"] for r in rows] == ["1", "2"]
    first, erased = rows
    assert first["question"] == "'" + QUESTION  # a formula is never run by a spreadsheet
    assert (first["outcome"], first["answered_by"], first["closed_by"]) == ("answered_and_closed", "Айгуль", "Айгуль")
    assert (first["answered_with_faq"], first["best_guess"]) == ("detained-abroad", "detained-abroad")
    assert first["urgent"] == "1"
    assert first["minutes_to_first_answer"] == "5" and first["citizen_name"] == "Гульнара"
    assert (erased["redacted"], erased["question"], erased["citizen_id"]) == ("citizen", "", "")
    assert erased["closed_by"] == "citizen"
    assert stat.S_IMODE(full.stat().st_mode) == 0o600

    anonymous_rows = read_csv(anonymous)
    assert list(anonymous_rows[0]) == [c for c in COLUMNS if c not in PERSONAL]
    assert "Гульнара" not in anonymous.read_text(encoding="utf-8") and "AN1234567" not in anonymous.read_text()
    assert [e.action for e in await AuditLog(db).latest(2)] == ["export", "export"]


async def test_backup_to_a_file_and_to_a_rotated_folder(db: Database, tmp_path: Path, capsys) -> None:
    await tickets_to_report(db)
    url = f"sqlite:///{db.path}"
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", str(copy), "--database", url]) == 0
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == 2
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    folder = tmp_path / "nightly"
    for _ in range(4):
        assert main(["backup", str(folder), "--keep", "3", "--database", url]) == 0
    kept = sorted(folder.glob("bot-*.sqlite3"))
    assert len(kept) == 3 and not list(folder.glob("*.partial"))
    assert "removed old backup" in capsys.readouterr().out
    assert (await AuditLog(db).latest(1))[0].action == "backup"


def test_backup_of_a_missing_database_fails_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    assert main(["backup", str(tmp_path / "copy.sqlite3"), "--database", f"sqlite:///{missing}"]) == 1
    assert not missing.exists() and not (tmp_path / "copy.sqlite3").exists()


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (tmp_path / f"bot-{stamp}.sqlite3").write_bytes(b"")
    (tmp_path / "other.sqlite3").write_bytes(b"")
    removed = rotate(tmp_path, 2)
    assert [p.name for p in removed] == ["bot-20260101-010000.sqlite3"]
    assert (tmp_path / "other.sqlite3").exists()


@pytest.mark.parametrize("keep", [0, -1])
def test_rotation_never_removes_the_newest_copy(tmp_path: Path, keep: int) -> None:
    (tmp_path / "bot-20260101-010000.sqlite3").write_bytes(b"")
    (tmp_path / "bot-20260102-010000.sqlite3").write_bytes(b"")
    assert [p.name for p in rotate(tmp_path, keep)] == ["bot-20260101-010000.sqlite3"]


def test_a_secret_that_reaches_a_log_line_is_redacted() -> None:
    from bot.run import _WithoutSecrets

    formatter = _WithoutSecrets("%(levelname)s %(message)s", ("123456:TEST-token", ""))
    url = "/bot123456:TEST-token/getMe"
    record = logging.LogRecord("httpx", logging.ERROR, __file__, 1, "GET %s failed", (url,), None)
    assert formatter.format(record) == "ERROR GET /bot[REDACTED]/getMe failed"
