"""What staff see to label a ticket's question with an FAQ entry (under /ticket N): pure formatting."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import callbacks
from bot.domain.conversation import Button, Keyboard
from bot.faq.model import Faq
from bot.learning.records import NEW_TOPIC
from bot.render.telegram_html import escape
from bot.storage.models import Ticket

Translate = Callable[..., str]


def label_offer(t: Translate, lang: str, faq: Faq, ticket: Ticket, buttons: bool) -> tuple[str, Keyboard]:
    """The ticket's guesses as label buttons (only where buttons work: the staff chat) and the /label hint."""
    guesses = [entry for entry, _ in ticket.guesses[:3] if entry in faq.entries]
    text = "\n".join(
        [
            t(lang, "learning.label_offer", ticket=ticket.id),
            t(lang, "learning.label_hint", ticket=ticket.id, example=escape(guesses[0] if guesses else "entry-id")),
        ]
    )
    if not buttons:
        return text, ()
    rows = [(Button(f"🏷 {entry}", callbacks.encode("s", "label", ticket.id, entry)),) for entry in guesses]
    rows.append((Button(t(lang, "learning.btn_new_topic"), callbacks.encode("s", "label", ticket.id, NEW_TOPIC)),))
    return text, tuple(rows)
