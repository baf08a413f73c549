"""What staff see: ticket cards, the queue, a ticket's thread, statistics. Pure formatting.

Everything a citizen wrote is escaped here, at the one place it enters HTML.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from bot.domain import callbacks
from bot.domain.conversation import Button, Keyboard
from bot.domain.hours import bishkek_now
from bot.faq.model import Faq
from bot.render.telegram_html import MAX_TEXT, escape, split_text
from bot.storage.models import Message, Stats, Ticket

Translate = Callable[..., str]
_QUESTION_PREVIEW = 1500


def age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    return f"{hours // 24} d"


def clock(ts: float) -> str:
    return bishkek_now(ts).strftime("%d.%m %H:%M")


def user_line(user_id: int, first_name: str | None, username: str | None) -> str:
    name = escape(first_name or "—")
    handle = f" @{escape(username)}" if username else ""
    return f'<a href="tg://user?id={user_id}">{name}</a>{handle} (id {user_id})'


def ticket_card(
    t: Translate,
    lang: str,
    faq: Faq,
    ticket: Ticket,
    user: tuple[int, str | None, str | None],
    now: float | None = None,
    hidden: frozenset[str] = frozenset(),
) -> tuple[str, Keyboard]:
    """The staff-chat message for a ticket, and its action buttons (none once closed).

    ``hidden``: FAQ entries switched off, not offered as answers. A ticket whose texts are gone (the
    citizen's /forget, or the retention period) shows why instead of the citizen and the question.
    """
    now = now if now is not None else time.time()
    tid, status = ticket.id, ticket.status
    head = f"🆘 <b>{t(lang, 'staff.urgent')}</b> " if ticket.urgent else ""
    if ticket.redacted:
        key = "privacy.card_erased" if ticket.redacted == "citizen" else "privacy.card_anonymised"
        lines = [
            f"{head}<b>#{tid}</b> · {ticket.language}",
            f"<i>{t(lang, key, at=clock(ticket.redacted_at or now))}</i>",
            f"🔒 {t(lang, 'staff.closed')}",
        ]
        return "\n".join(lines), ()
    question = ticket.question
    if len(question) > _QUESTION_PREVIEW:
        question = question[:_QUESTION_PREVIEW] + " …"
    guesses = ", ".join(f"{escape(entry)} ({score:.2f})" for entry, score in ticket.guesses[:3])
    lines = [
        f"{head}<b>#{tid}</b> · {ticket.language} · {age(now - ticket.created_at)}",
        f"{t(lang, 'staff.from')}: {user_line(*user)}",
        f"<blockquote>{escape(question)}</blockquote>",
        f"{t(lang, 'staff.guesses')}: {guesses or '—'}",
    ]
    if ticket.taken_by_name and status == "open":
        lines.append(f"👤 {t(lang, 'staff.taken_by')}: {escape(ticket.taken_by_name)}")
    if status == "answered" and ticket.first_answer_at:
        who = escape(ticket.taken_by_name or "—")
        lines.append(f"✅ {t(lang, 'staff.answered_by')}: {who}, {clock(ticket.first_answer_at)}")
    if ticket.answer_edited_at:
        lines.append(f"✏️ {t(lang, 'relay.card_edited', at=clock(ticket.answer_edited_at))}")
    if status == "closed":
        closer = f" — {escape(ticket.closed_by_name)}" if ticket.closed_by_name else ""
        lines.append(f"🔒 {t(lang, 'staff.closed')}{closer}")
        return "\n".join(lines), ()
    lines.append(f"<i>{t(lang, 'staff.reply_hint')}</i>")
    rows: list[tuple[Button, ...]] = [
        (
            Button(t(lang, "staff.btn_take"), callbacks.encode("s", "take", tid)),
            Button(t(lang, "staff.btn_close"), callbacks.encode("s", "close", tid)),
            Button(t(lang, "staff.btn_spam"), callbacks.encode("s", "spam", tid)),
        )
    ]
    for entry, _ in ticket.guesses[:3]:
        if entry in faq.entries and entry not in hidden:
            answer = Button(f"📄 {t(lang, 'staff.btn_faq')}: {entry}", callbacks.encode("s", "faq", tid, entry))
            rows.append((answer, Button(t(lang, "learning.btn_label"), callbacks.encode("s", "label", tid, entry))))
    rows.append((Button(t(lang, "learning.btn_new_topic"), callbacks.encode("s", "label", tid, "new")),))
    return "\n".join(lines), tuple(rows)


def continuation_parts(ticket: Ticket) -> list[str]:
    """The rest of a question longer than the card shows, as messages tagged with the ticket number."""
    if len(ticket.question) <= _QUESTION_PREVIEW:
        return []
    rest = split_text(escape(ticket.question[_QUESTION_PREVIEW:]), MAX_TEXT - 40)
    return [f"<b>#{ticket.id}</b> ({n}/{len(rest) + 1})\n\n… {part}" for n, part in enumerate(rest, start=2)]


def queue_text(t: Translate, lang: str, tickets: Sequence[Ticket], now: float | None = None) -> str:
    now = now if now is not None else time.time()
    if not tickets:
        return t(lang, "staff.queue_empty")
    lines = [f"<b>{t(lang, 'staff.queue_title', count=len(tickets))}</b>"]
    for ticket in tickets:
        mark = "🆘 " if ticket.urgent else ""
        preview = escape(ticket.question[:80])
        lines.append(f"{mark}#{ticket.id} · {age(now - ticket.created_at)} · {ticket.language} — {preview}")
    return "\n".join(lines)


def thread_text(t: Translate, lang: str, ticket: Ticket, messages: Sequence[Message]) -> str:
    lines = [f"<b>#{ticket.id}</b> · {ticket.status} · {ticket.language}"]
    if ticket.redacted:
        key = "privacy.card_erased" if ticket.redacted == "citizen" else "privacy.card_anonymised"
        lines.append(f"<i>{t(lang, key, at=clock(ticket.redacted_at or time.time()))}</i>")
    for m in messages:
        who = {"citizen": "👤", "staff": "🏛", "system": "⚙️"}.get(m.direction, "•")
        author = f" {escape(m.author_name)}" if m.author_name else ""
        body = escape(m.text) if m.text else f"[{m.kind}]"
        lines.append(f"{clock(m.created_at)} {who}{author}: {body}")
    return "\n".join(lines)


def stats_text(t: Translate, lang: str, today: Stats, week: Stats) -> str:
    def block(title: str, s: Stats) -> str:
        median = s.median_first_answer_s
        return (
            f"<b>{title}</b>\n"
            f"{t(lang, 'staff.stat_questions')}: {s.questions}\n"
            f"{t(lang, 'staff.stat_faq')}: {s.faq_answers}\n"
            f"{t(lang, 'staff.stat_escalated')}: {s.escalated}\n"
            f"{t(lang, 'staff.stat_median')}: {age(median) if median is not None else '—'}\n"
            f"👍 {s.feedback_up} / 👎 {s.feedback_down}"
        )

    return block(t(lang, "staff.stat_today"), today) + "\n\n" + block(t(lang, "staff.stat_week"), week)
