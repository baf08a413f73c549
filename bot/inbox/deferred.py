"""Messages the flood gate held back come due: each is handled then (the same text only once)."""

from __future__ import annotations

from telegram import Bot, Update

from bot.runtime import Runtime


async def due_updates(rt: Runtime, bot: Bot, now: float | None = None) -> list[Update]:
    """The deferred updates whose time has come, made pending again and let past the flood gate."""
    seen: set[tuple[int | None, str]] = set()
    due: list[Update] = []
    for item in await rt.inbox.due_deferred(now):
        text = str((item.payload.get("message") or {}).get("text") or "")
        await rt.inbox.resume(item.update_id)
        if text and (item.chat_id, text) in seen:
            await rt.inbox.mark_done(item.update_id)  # the same question sent twice: answered once
            continue
        seen.add((item.chat_id, text))
        update = Update.de_json(item.payload, bot)
        if update is None:
            await rt.inbox.mark_done(item.update_id)
            continue
        rt.flood_bypass.add(item.update_id)
        due.append(update)
    return due
