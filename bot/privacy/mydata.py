"""What the bot holds about one citizen, as the JSON file /mydata sends them.

The file is built from the same tables /forget erases, so what a citizen can see is what they can
delete. Staff are named only by role: their names are their own personal data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.domain.context import DialogueState
from bot.privacy.policy import RetentionPolicy
from bot.storage.db import Database

EXPORT_EVERY_S = 3600  # one file an hour: building it reads every row about the citizen
_FROM = {"citizen": "you", "staff": "consular officer", "system": "bot"}


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


async def export_wait_s(db: Database, user_id: int, now: float) -> float:
    """Seconds until the citizen may get the file again (0: now)."""
    last = await db.fetchval("SELECT data_export_at FROM users WHERE user_id = ?", (user_id,))
    return 0.0 if last is None else max(0.0, float(last) + EXPORT_EVERY_S - now)


async def mark_exported(db: Database, user_id: int, now: float) -> None:
    await db.execute("UPDATE users SET data_export_at = ? WHERE user_id = ?", (now, user_id))


async def _tickets(db: Database, user_id: int) -> list[dict[str, Any]]:
    tickets = []
    for t in await db.fetchall("SELECT * FROM tickets WHERE user_id = ? ORDER BY id", (user_id,)):
        thread = await db.fetchall(
            "SELECT direction, kind, text, created_at FROM messages WHERE ticket_id = ? ORDER BY created_at, id",
            (t["id"],),
        )
        messages = [
            {"from": _FROM.get(m["direction"], m["direction"]), "kind": m["kind"], "text": m["text"]}
            | {"at": _iso(m["created_at"])}
            for m in thread
        ]
        tickets.append(
            {
                "number": t["id"],
                "status": t["status"],
                "urgent": bool(t["urgent"]),
                "language": t["language"],
                "created_at": _iso(t["created_at"]),
                "first_answer_at": _iso(t["first_answer_at"]),
                "closed_at": _iso(t["closed_at"]),
                "question": t["question"],
                "messages": messages,
            }
        )
    return tickets


async def _questions(db: Database, user_id: int, chat_id: int) -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT * FROM questions WHERE (user_id = ? OR chat_id = ?) AND text IS NOT NULL ORDER BY at",
        (user_id, chat_id),
    )
    return [
        {"at": _iso(q["at"]), "language": q["lang"], "text": q["text"], "decision": q["decision"]}
        | {"answered_with": q["shown_entry"], "ticket": q["ticket_id"]}
        for q in rows
    ]


async def citizen_data(db: Database, user_id: int, chat_id: int, policy: RetentionPolicy, now: float) -> dict[str, Any]:
    """Everything stored about the citizen: profile, tickets with their threads, questions, the chat's context."""
    user = await db.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
    you = None
    if user is not None:
        you = {
            "telegram_id": user["user_id"],
            "first_name": user["first_name"],
            "username": user["username"],
            "language": user["language"],
            "first_seen": _iso(user["created_at"]),
            "last_seen": _iso(user["updated_at"]),
            "blocked": bool(user["banned"]),
        }
    raw_state = await db.fetchval("SELECT state FROM dialogue WHERE chat_id = ?", (chat_id,))
    context = None
    if raw_state is not None:
        state = DialogueState.from_json(raw_state)
        context = {"last_question": state.last_question, "updated_at": _iso(state.updated_at or None)}
    return {
        "about": "Everything Consul Bot (Ministry of Foreign Affairs of the Kyrgyz Republic) holds about you. "
        "Erase it with /forget.",
        "generated_at": _iso(now),
        "you": you,
        "tickets": await _tickets(db, user_id),
        "questions_to_the_bot": await _questions(db, user_id, chat_id),
        "conversation_context": context,
        "retention_days": {
            "texts_after_a_ticket_is_closed": policy.days,
            "name_after_your_last_message": policy.days,
            "conversation_context": 1,
            "messages_the_bot_sent": policy.outbox_days,
            "backups": policy.backup_days,
        },
    }


def to_file(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
