"""Removing a citizen's texts and personal data from every table, keeping the counts statistics need.

Used by a citizen's /forget (everything about them) and by the retention job (old closed tickets). Both
run inside the caller's transaction, so a crash leaves either everything or nothing erased.

What "anonymised" means here, table by table:
- tickets: the question is emptied, the ticket is moved to the placeholder citizen ``ERASED_USER`` (its
  chat id and source message id no longer point at anyone), ``redacted`` says why. Times, status,
  urgency, language, the FAQ guesses and the staff who acted stay: /stats and reports are unchanged.
- messages: the citizen's are deleted; staff and system messages keep their row without the text (an
  answer addressed to a citizen is about that citizen).
- questions (masked learning records): text, user and chat are emptied; the decision and entry ids stay.
- events (statistics): the user id is emptied; the count stays.
- outbox: every row about those tickets (cards, relays, answers) and every row to the citizen's chat.
- users: the row is deleted, unless the citizen is blocked: then only the id and the block remain, so
  /forget is not a way around a block.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.db import Database

ERASED_USER = 0  # tickets.user_id is a foreign key: tickets whose citizen is gone point at this empty row
_IDS = "(SELECT value FROM json_each(?))"


@dataclass(frozen=True)
class Erased:
    tickets: int = 0
    messages: int = 0
    questions: int = 0


async def ensure_placeholder(db: Database) -> None:
    """The empty user row anonymised tickets belong to (no name, no chat)."""
    await db.execute(
        "INSERT OR IGNORE INTO users (user_id, chat_id, first_name, created_at, updated_at) VALUES (?, 0, '', 0, 0)",
        (ERASED_USER,),
    )


async def redact_tickets(db: Database, ticket_ids: Sequence[int], why: str, now: float) -> int:
    """Anonymise these tickets (see the module docstring); returns how many thread messages lost their text."""
    if not ticket_ids:
        return 0
    ids = json.dumps(list(ticket_ids))
    async with db.transaction():
        await ensure_placeholder(db)
        deleted = await db.execute(f"DELETE FROM messages WHERE ticket_id IN {_IDS} AND direction = 'citizen'", (ids,))
        blanked = await db.execute(
            f"UPDATE messages SET text = NULL WHERE ticket_id IN {_IDS} AND text IS NOT NULL", (ids,)
        )
        await db.execute(
            f"""
            UPDATE tickets SET question = '', user_id = ?, chat_id = 0, source_message_id = -id,
                closed_by = CASE WHEN closed_by = user_id THEN NULL ELSE closed_by END,
                redacted = ?, redacted_at = ?
            WHERE id IN {_IDS}
            """,
            (ERASED_USER, why, now, ids),
        )
        await db.execute(f"DELETE FROM outbox WHERE ticket_id IN {_IDS}", (ids,))
        await db.execute(
            f"UPDATE questions SET text = NULL, user_id = NULL, chat_id = NULL WHERE ticket_id IN {_IDS}", (ids,)
        )
    return deleted.rowcount + blanked.rowcount


async def erase_citizen(
    db: Database, user_id: int, chat_id: int, now: float, handling_update: int | None = None
) -> Erased:
    """Everything the bot holds about one citizen, removed or anonymised; the caller closes an open ticket first.

    ``handling_update`` is the update that asked for the erasure (the button press, which carries the
    citizen's name): it is marked handled here, with its payload dropped, in the same transaction.
    """
    async with db.transaction():
        ticket_ids = [int(r[0]) for r in await db.fetchall("SELECT id FROM tickets WHERE user_id = ?", (user_id,))]
        messages = await redact_tickets(db, ticket_ids, "citizen", now)
        questions = await db.execute(
            "UPDATE questions SET text = NULL, user_id = NULL, chat_id = NULL WHERE user_id = ? OR chat_id = ?",
            (user_id, chat_id),
        )
        await db.execute("UPDATE events SET user_id = NULL WHERE user_id = ?", (user_id,))
        await db.execute("DELETE FROM dialogue WHERE chat_id = ?", (chat_id,))
        await db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))
        # Handled updates keep no payload; messages held back by the flood gate are the citizen's words too.
        # Updates still waiting behind this one are handled next, as new messages.
        await db.execute("DELETE FROM inbox WHERE chat_id = ? AND status != 'pending'", (chat_id,))
        if handling_update is not None:
            await db.execute(
                "UPDATE inbox SET status = 'done', handled_at = ?, payload = '{}', chat_id = NULL WHERE update_id = ?",
                (now, handling_update),
            )
        banned = bool(await db.fetchval("SELECT banned FROM users WHERE user_id = ?", (user_id,)))
        if banned:
            await db.execute(
                "UPDATE users SET first_name = '', username = NULL, language = NULL, data_export_at = NULL "
                "WHERE user_id = ?",
                (user_id,),
            )
        else:
            await db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
            await db.execute(
                "UPDATE audit SET detail = 'erased' WHERE action IN ('block', 'unblock', 'spam') AND detail = ?",
                (str(user_id),),
            )
    return Erased(len(ticket_ids), messages, questions.rowcount)
