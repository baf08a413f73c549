"""What the bot remembers of a chat between two messages: plain data, stored by the caller.

A citizen's next message is often not a question of its own: "а детям?", "how long does it take?", "2",
"эч бири". Reading it needs the last topic and any pending clarify. The state is a small frozen value
that the conversation returns with every reply; Telegram handlers keep it per chat (SQLite, as JSON) and
pass it back, the console keeps it in memory. Nothing here knows about storage or time zones: `now` is
seconds since the epoch, given by the caller, and a state older than CONTEXT_TTL is simply not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CONTEXT_TTL = 30 * 60  # seconds: after half an hour a short message is a new conversation, not a follow-up
_MAX_TEXT = 1000  # characters of a question kept in the state (what staff would see is the full message)


@dataclass(frozen=True)
class DialogueState:
    """The context of one chat after the bot's last reply."""

    last_entry_id: str | None = None  # the FAQ entry last shown (answer, urgent reply or button)
    last_question: str | None = None  # the citizen's last real question, as follow-ups are read against it
    clarify_options: tuple[str, ...] = field(default_factory=tuple)  # pending clarify: entry ids in button order
    forward_question: str | None = None  # what "send to an officer" (callback "x") under the last reply forwards
    lang: str | None = None  # the language of the last reply: a bare "2" is answered in it
    updated_at: float = 0.0  # seconds since the epoch; 0 = nothing remembered

    def is_live(self, now: float, ttl: float = CONTEXT_TTL) -> bool:
        """Recent enough to read the next message in its light (a clock that went back counts as live)."""
        return self.updated_at > 0 and now - self.updated_at <= ttl

    def to_json(self) -> str:
        data = {
            "e": self.last_entry_id,
            "q": self.last_question,
            "o": list(self.clarify_options),
            "f": self.forward_question,
            "l": self.lang,
            "t": self.updated_at,
        }
        return json.dumps({k: v for k, v in data.items() if v not in (None, [], 0.0)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | bytes | None) -> DialogueState:
        """The stored state; anything unreadable (old format, a broken row) is an empty state, never an error."""
        try:
            data = json.loads(raw) if raw else {}
        except (ValueError, TypeError):
            return EMPTY
        if not isinstance(data, dict):
            return EMPTY
        options = data.get("o") or []
        at = data.get("t") or 0.0
        return cls(
            last_entry_id=_text(data.get("e")),
            last_question=_text(data.get("q")),
            clarify_options=tuple(o for o in options if isinstance(o, str)) if isinstance(options, list) else (),
            forward_question=_text(data.get("f")),
            lang=_text(data.get("l")),
            updated_at=float(at) if isinstance(at, int | float) and not isinstance(at, bool) else 0.0,
        )


def _text(value: object) -> str | None:
    return value[:_MAX_TEXT] if isinstance(value, str) and value else None


EMPTY = DialogueState()
