"""The ministry's levers on the conversation, as plain data: FAQ entries switched off, and the kill switch.

An editor who finds a wrong answer switches that one entry off (/disable) instead of shutting the bot
down; when something is badly wrong, an admin pauses all FAQ answers (/pause). Both are decided in the
pure conversation core (`Conversation.controls`), so the Telegram bot, the console and the tests obey
the same rule: a disabled entry is never answered and never offered; while paused, no FAQ text at all.
Questions still reach staff either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Controls:
    disabled: frozenset[str] = field(default_factory=frozenset)  # FAQ entry ids never answered or offered
    paused: bool = False  # the kill switch: no FAQ answers, questions go to staff
    pause_message: str | None = None  # the admin's own maintenance text (None: the default in each language)

    def offers(self, entry_id: str) -> bool:
        """May the bot show this entry (as an answer, a clarify option, a menu item, a related link)?"""
        return entry_id not in self.disabled

    def with_disabled(self, entry_ids: frozenset[str]) -> Controls:
        return replace(self, disabled=frozenset(entry_ids))

    def with_pause(self, paused: bool, message: str | None = None) -> Controls:
        return replace(self, paused=paused, pause_message=message if paused else None)


NO_CONTROLS = Controls()
