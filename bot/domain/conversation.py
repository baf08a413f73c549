"""The citizen conversation, independent of Telegram: what the bot says and which buttons it offers.

Both the Telegram handlers and the offline `chat` console call this, so they cannot drift apart.
Ticket actions (sending a question to staff) need storage and are done by the caller; this module
only says that a ticket is wanted (`Reply.wants_ticket`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import callbacks
from bot.domain.i18n import Translator
from bot.faq.model import Faq
from bot.matching.matcher import ANSWER, CLARIFY, Matcher, MatchResult
from bot.matching.urgency import Urgency, UrgencyDetector
from bot.render.telegram_html import escape


@dataclass(frozen=True)
class Button:
    label: str
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    kind: str  # answer | clarify | escalate | urgent | smalltalk | menu | info
    lang: str
    text: str
    buttons: Keyboard = ()
    entry_id: str | None = None
    match: MatchResult | None = None
    urgency: Urgency | None = None
    wants_ticket: bool = False  # the caller should open an (urgent) ticket right away


class Conversation:
    def __init__(self, faq: Faq, matcher: Matcher, translator: Translator) -> None:
        self.faq = faq
        self.matcher = matcher
        self.t = translator.t
        self.urgency = UrgencyDetector(faq, matcher.analyzer.english)

    def respond(self, text: str, user_lang: str) -> Reply:
        """The reply to a citizen's free-text message, in the language the question was written in."""
        result = self.matcher.match(text, default_lang=user_lang)
        lang = result.lang
        urgency = self.urgency.detect(text)
        if urgency is not None and urgency.entry_id in self.faq.entries:
            body = f"{self.t(lang, 'urgent.notice')}\n\n{self.faq.entry(urgency.entry_id).text(lang).answer}"
            return Reply("urgent", lang, body, self._menu_row(lang), urgency.entry_id, result, urgency, True)
        if result.smalltalk:
            return Reply("smalltalk", lang, self.t(lang, f"smalltalk.{result.smalltalk}"), match=result)
        if result.decision == ANSWER and result.best is not None:
            reply = self.entry(result.best.entry_id, lang)
            return Reply("answer", lang, reply.text, reply.buttons, reply.entry_id, result)
        if result.decision == CLARIFY:
            options = self.matcher.clarify_options(result)
            rows = tuple(
                (Button(self.faq.entry(c.entry_id).text(lang).question, callbacks.encode("e", c.entry_id)),)
                for c in options
            )
            rows += ((Button(self.t(lang, "btn.none_of_these"), "x"),),)
            return Reply("clarify", lang, self.t(lang, "clarify.intro"), rows, match=result)
        buttons = ((Button(self.t(lang, "btn.ask_staff"), "x"),), *self._menu_row(lang))
        return Reply("escalate", lang, self.t(lang, "escalate.offer"), buttons, match=result)

    def entry(self, entry_id: str, lang: str) -> Reply:
        """An FAQ answer with feedback buttons and its related topics."""
        entry = self.faq.entry(entry_id)
        rows: list[tuple[Button, ...]] = []
        if entry.offer_staff:  # editors mark entries where a person is the real answer
            rows.append((Button(self.t(lang, "btn.ask_staff"), "x"),))
        rows.append(
            (
                Button(self.t(lang, "btn.helpful"), callbacks.encode("f", "u", entry_id)),
                Button(self.t(lang, "btn.not_helpful"), callbacks.encode("f", "d", entry_id)),
            )
        )
        for rel in entry.related[:3]:
            if rel in self.faq.entries:
                rows.append((Button("→ " + self.faq.entry(rel).text(lang).question, callbacks.encode("e", rel)),))
        rows.append(self._menu_row(lang)[0])
        return Reply("answer", lang, entry.text(lang).answer, tuple(rows), entry_id)

    def menu(self, lang: str) -> Reply:
        rows = tuple(
            (Button(group.title.get(lang, group.id), callbacks.encode("g", group.id)),) for group in self.faq.groups
        )
        return Reply("menu", lang, self.t(lang, "menu.title"), rows)

    def group(self, group_id: str, lang: str) -> Reply | None:
        group = next((g for g in self.faq.groups if g.id == group_id), None)
        if group is None:
            return None
        rows = tuple(
            (Button(self.faq.entry(e).text(lang).question, callbacks.encode("e", e)),) for e in group.entry_ids
        )
        rows += ((Button(self.t(lang, "btn.back"), "m"),),)
        title = escape(group.title.get(lang, group.id))
        return Reply("menu", lang, self.t(lang, "menu.group", title=title), rows)

    def welcome(self, name: str, lang: str) -> Reply:
        greeting = (
            self.t(lang, "start.greeting", name=escape(name)) if name else self.t(lang, "start.greeting_anonymous")
        )
        text = f"{greeting}\n\n{self.t(lang, 'start.help')}"
        menu = self.menu(lang)
        language = ((Button(self.t(lang, "btn.language"), "l?"),),)
        return Reply("menu", lang, f"{text}\n\n{menu.text}", menu.buttons + language)

    def language_choice(self, lang: str) -> Reply:
        rows = (
            (
                Button("Кыргызча", callbacks.encode("l", "ky")),
                Button("Русский", callbacks.encode("l", "ru")),
                Button("English", callbacks.encode("l", "en")),
            ),
        )
        return Reply("menu", lang, self.t(lang, "lang.choose"), rows)

    def feedback(self, up: bool, lang: str) -> Reply:
        if up:
            return Reply("info", lang, self.t(lang, "feedback.thanks"))
        rows = ((Button(self.t(lang, "btn.ask_staff"), "x"),),)
        return Reply("info", lang, self.t(lang, "feedback.sorry"), rows)

    def press(self, data: str, lang: str) -> Reply | None:
        """Replies for buttons that need no storage (menus, entries, feedback text); None otherwise."""
        if data == "l?":
            return self.language_choice(lang)
        parsed = callbacks.parse(data)
        if parsed is None:
            return None
        if parsed.action == "m":
            return self.menu(lang)
        if parsed.action == "g":
            return self.group(parsed.args[0], lang)
        if parsed.action == "e" and parsed.args[0] in self.faq.entries:
            return self.entry(parsed.args[0], lang)
        if parsed.action == "f" and parsed.args[1] in self.faq.entries:
            return self.feedback(parsed.args[0] == "u", lang)
        return None

    def _menu_row(self, lang: str) -> Keyboard:
        return ((Button(self.t(lang, "btn.menu"), "m"),),)
