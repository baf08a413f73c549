"""Admin levers as workflow steps: switch an FAQ entry off or on, pause and resume, block and unblock.

Each change is stored and audited in one transaction, then applied to the running conversation at once
(no deploy, no restart). The next start loads the stored switches; a /reload hands them to the new content.
"""

from __future__ import annotations

from bot.domain.controls import Controls
from bot.storage.controls import ControlStore
from bot.workflow.base import Person, WorkflowBase


class OperatorSteps(WorkflowBase):
    @property
    def controls(self) -> Controls:
        """The switches the conversation obeys now."""
        return self.content.conversation.controls

    def _apply(self, controls: Controls) -> None:
        self.content.conversation.controls = controls

    @property
    def control_store(self) -> ControlStore:
        return ControlStore(self.db)

    async def load_controls(self) -> Controls:
        """At start: the switches as they were left (entries off, the pause)."""
        controls = await self.control_store.load()
        self._apply(controls)
        return controls

    async def disable_entry(self, entry_id: str, admin: Person) -> bool:
        """Stop answering with one entry and offering it; its questions go to staff. False if it was off."""
        async with self.db.transaction():
            changed = await self.control_store.disable(entry_id, admin.id)
            if changed:
                await self.audit.record("disable", admin.id, admin.name, detail=entry_id)
        self._apply(self.controls.with_disabled(self.controls.disabled | {entry_id}))
        return changed

    async def enable_entry(self, entry_id: str, admin: Person) -> bool:
        async with self.db.transaction():
            changed = await self.control_store.enable(entry_id)
            if changed:
                await self.audit.record("enable", admin.id, admin.name, detail=entry_id)
        self._apply(self.controls.with_disabled(self.controls.disabled - {entry_id}))
        return changed

    async def pause(self, admin: Person, message: str | None) -> bool:
        """The kill switch: no FAQ answers until /resume; False if it was already paused (the message is updated)."""
        async with self.db.transaction():
            changed = await self.control_store.pause(message, admin.id)
            await self.audit.record("pause", admin.id, admin.name, detail=message)
        self._apply(self.controls.with_pause(True, message))
        return changed

    async def resume(self, admin: Person) -> bool:
        async with self.db.transaction():
            changed = await self.control_store.resume()
            if changed:
                await self.audit.record("resume", admin.id, admin.name)
        self._apply(self.controls.with_pause(False))
        return changed

    async def set_blocked(self, user_id: int, blocked: bool, admin: Person, ticket_id: int | None = None) -> bool:
        """Block (no questions or tickets accepted) or unblock a citizen; True if that changed anything."""
        async with self.db.transaction():
            changed = await self.control_store.set_blocked(user_id, blocked)
            if changed:
                action = "block" if blocked else "unblock"
                await self.audit.record(action, admin.id, admin.name, ticket_id=ticket_id, detail=str(user_id))
        return changed
