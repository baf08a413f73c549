"""The staff chat as a whole: reminders, failed deliveries, and getting the chat back after it was lost.

If the bot is removed from the staff chat (or the group becomes a supergroup with a new id), messages
for staff are held, not dropped; when the bot is back, every open ticket's card is posted again, so no
ticket is left visible only in /queue.
"""

from __future__ import annotations

import time

from bot.render.staff_view import age
from bot.render.telegram_html import escape
from bot.storage import OutboxItem
from bot.storage.outbox import Purpose
from bot.storage.state import BotState
from bot.workflow.base import WorkflowBase

# Held messages about cards that are about to be posted again make no sense any more.
_OBSOLETE_WHEN_REPOSTED = frozenset({Purpose.CARD.value, Purpose.CARD_EDIT.value, Purpose.CONTINUATION.value})
STAFF_CHAT_KEY = "staff_chat"  # bot_state: {"configured": id from STAFF_CHAT_ID, "current": id in use}


class StaffChatSteps(WorkflowBase):
    async def resurface(self, older_than_s: float, now: float | None = None) -> int:
        """Remind staff of tickets that wait too long; returns how many were re-surfaced."""
        now = now if now is not None else time.time()
        due = await self.tickets.due_for_resurface(older_than_s, now)
        for ticket in due:
            async with self.db.transaction():
                text = self.st("staff.resurface", ticket=ticket.id, age=age(now - ticket.created_at))
                await self.notify_staff(text, ticket)
                await self.tickets.mark_surfaced(ticket.id, now)
        return len(due)

    async def delivery_failed(self, item: OutboxItem, reason: str, held: bool) -> None:
        """Somebody learns about every message that did not arrive.

        A citizen who blocked the bot: their messages are held and staff are told once on the ticket.
        The staff chat unreachable: held too (re-posted when the bot is back). A message Telegram refused
        for good: staff are told why on the ticket.
        """
        if item.chat_id == self.staff_chat_id:
            return  # nothing can be said in a chat the bot cannot reach; re-posting handles it
        async with self.db.transaction():
            if held:
                await self.users.set_bot_blocked(item.chat_id, True)
                waiting = [i.id for i in await self.outbox.held_for(item.chat_id) if i.ticket_id == item.ticket_id]
                if waiting and waiting[0] != item.id:
                    return  # staff were already told about this ticket's waiting messages
            if item.ticket_id is None:
                return
            ticket = await self.tickets.get(item.ticket_id)
            why = self.st("staff.bot_blocked") if held else escape(reason[:200])
            key = "relay.held_for_citizen" if held else "staff.delivery_failed"
            await self.notify_staff(self.st(key, ticket=item.ticket_id, reason=why), ticket, key=f"failed:{item.id}")

    async def repost_open_cards(self, reason_key: str) -> int:
        """Post every open ticket's card again (the bot is back in the staff chat); returns how many."""
        stamp = int(time.time())
        async with self.db.transaction():
            await self.outbox.drop_held(self.staff_chat_id, _OBSOLETE_WHEN_REPOSTED, "card posted again")
            tickets = await self.tickets.active()
            await self.send_text(self.staff_chat_id, self.st(reason_key, count=len(tickets)), f"back:{stamp}")
            for ticket in tickets:
                await self.post_card(ticket, key=f"card:{ticket.id}:again:{stamp}")
            await self.outbox.release(self.staff_chat_id)  # follow-ups and notices staff have not seen yet
        return len(tickets)

    async def staff_chat_moved(self, old_chat_id: int, new_chat_id: int, state: BotState) -> None:
        """The staff group became a supergroup: record the new id, move what waits, re-post the cards."""
        if old_chat_id != self.staff_chat_id:
            return
        async with self.db.transaction():
            recorded = await state.get(STAFF_CHAT_KEY, {})
            await state.set(
                STAFF_CHAT_KEY, {"configured": recorded.get("configured", old_chat_id), "current": new_chat_id}
            )
            await self.outbox.retarget(old_chat_id, new_chat_id)
            await self.links.move_chat(old_chat_id, new_chat_id)
            self.staff_chat_id = new_chat_id
            await self.repost_open_cards("relay.chat_migrated")
