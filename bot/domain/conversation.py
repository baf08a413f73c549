"""The citizen conversation, independent of Telegram: what the bot says and which buttons it offers.

Both the Telegram handlers and the offline `chat` console call this, so they cannot drift apart.
It is pure: plain data in (the message, the chat's `DialogueState`, the time), plain data out (a
`Reply` carrying the state to remember). Ticket actions need storage and are done by the caller; a
reply only says that an urgent ticket is wanted (`wants_ticket`) and which question the
"send to an officer" button ("x") under it would forward (`reply.state.forward_question`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from bot.domain import callbacks
from bot.domain.choices import NONE_OF_THESE, DialogueReader
from bot.domain.context import EMPTY, DialogueState
from bot.domain.controls import NO_CONTROLS, Controls
from bot.domain.emergency import OPERATOR_ENTRY, urgent_body
from bot.domain.followup import FollowUpReader
from bot.domain.i18n import Translator
from bot.faq.model import Faq
from bot.matching.matcher import ANSWER, CLARIFY, Matcher, MatchResult
from bot.matching.urgency import Urgency, UrgencyDetector
from bot.render.telegram_html import escape

_QUOTE_LIMIT = 300  # characters of the citizen's question quoted back in the operator confirmation


@dataclass(frozen=True)
class Button:
    label: str
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    kind: str  # answer | clarify | escalate | urgent | smalltalk | menu | info | operator | out_of_scope | paused
    lang: str
    text: str
    buttons: Keyboard = ()
    entry_id: str | None = None
    match: MatchResult | None = None
    urgency: Urgency | None = None
    wants_ticket: bool = False  # the caller should open an urgent ticket right away
    state: DialogueState = EMPTY  # what to remember for this chat until the next message or button


class Conversation:
    def __init__(self, faq: Faq, matcher: Matcher, translator: Translator, controls: Controls = NO_CONTROLS) -> None:
        self.faq = faq
        # The operator's switches (entries off, paused): replaced by /disable, /pause ..., kept across /reload.
        self.controls = controls
        self.matcher = matcher
        self.t = translator.t
        self.urgency = UrgencyDetector(faq, matcher.analyzer.english)
        self.reader = DialogueReader(faq.dialogue, matcher.analyzer.english, faq.urgency_markers.countries)
        self.followups = FollowUpReader(faq, matcher, self.reader)

    def respond(self, text: str, user_lang: str, state: DialogueState | None = None, now: float | None = None) -> Reply:
        """The reply to a citizen's free-text message, read in the light of the chat's recent context.

        `state` is what the previous reply returned (None or expired: a fresh conversation); `now` is
        seconds since the epoch (default: the clock). The reply is in the language the question was written in.
        """
        now = time.time() if now is None else now
        context = state if state is not None and state.is_live(now) else EMPTY
        # a short follow-up that could be either language ("а канча?") stays in the chat's language
        result = self.matcher.match(text, default_lang=context.lang or user_lang)
        lang = result.lang
        urgency = self.urgency.detect(text)
        if urgency is not None:  # an emergency goes first, whatever the context (and even while paused)
            return self._urgent(urgency, result, text, lang, now)
        if context.clarify_options:
            picked = self._typed_choice(text, context, now)
            if picked is not None:
                return picked
        reading = self.followups.read(text, result, context)
        if result.smalltalk and not reading.used_context:  # "спасибо" between two questions keeps the context
            kindly = self.t(lang, f"smalltalk.{result.smalltalk}")
            return Reply("smalltalk", lang, kindly, match=result, state=context)
        if result.decision == ANSWER and result.best is not None and result.best.entry_id == OPERATOR_ENTRY:
            return replace(self._operator(lang, context, now, request=text), match=result)  # anywhere, at once
        result = reading.result
        asked = DialogueState(
            last_question=reading.topic_question, forward_question=reading.question, lang=lang, updated_at=now
        )
        if self.controls.paused:  # the kill switch: no FAQ text, the question can go to staff
            return self._paused(lang, result, asked)
        if result.out_of_scope:  # the matcher's verdict: never answered from the FAQ
            return self._out_of_scope(result, lang, asked)
        if result.decision == ANSWER and result.best is not None:
            if not self.controls.offers(result.best.entry_id):  # switched off by an editor: staff answer instead
                return self._escalate(lang, result, asked)
            reply = self.entry(result.best.entry_id, lang)
            return replace(reply, match=result, state=replace(asked, last_entry_id=result.best.entry_id))
        if result.decision == CLARIFY and result.candidates:
            return self._clarify(result, lang, asked)
        return self._escalate(lang, result, asked)

    def press(self, data: str, lang: str, state: DialogueState | None = None, now: float | None = None) -> Reply | None:
        """Replies for buttons that need no storage (menus, entries, feedback text); None otherwise.

        An entry button updates the state like an answer does; the question it keeps for "send to an
        officer" is the pending one only when the entry belongs to it (a clarify option or a neighbour).
        """
        now = time.time() if now is None else now
        context = state if state is not None and state.is_live(now) else EMPTY
        if data == "l?":
            return replace(self.language_choice(lang), state=context)
        parsed = callbacks.parse(data)
        if parsed is None:
            return None
        if parsed.action == "e" and parsed.args[0] in self.faq.entries:
            return self._shown(parsed.args[0], lang, context, now)
        reply: Reply | None = None
        if parsed.action == "m":
            reply = self.menu(lang)
        elif parsed.action == "g":
            reply = self.group(parsed.args[0], lang)
        elif parsed.action == "f" and parsed.args[1] in self.faq.entries:
            reply = self.feedback(parsed.args[0] == "u", lang)
        return replace(reply, state=context) if reply is not None else None

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
            if rel in self.faq.entries and self.controls.offers(rel):
                rows.append((Button("→ " + self.faq.entry(rel).text(lang).question, callbacks.encode("e", rel)),))
        rows.append(self._menu_row(lang)[0])
        return Reply("answer", lang, entry.text(lang).answer, tuple(rows), entry_id)

    def menu(self, lang: str) -> Reply:
        """The topic groups that still have an entry to show (while paused: the maintenance notice)."""
        if self.controls.paused:
            return self._paused(lang, None, EMPTY)
        rows = tuple(
            (Button(group.title.get(lang, group.id), callbacks.encode("g", group.id)),)
            for group in self.faq.groups
            if any(self.controls.offers(e) for e in group.entry_ids)
        )
        return Reply("menu", lang, self.t(lang, "menu.title"), rows)

    def group(self, group_id: str, lang: str) -> Reply | None:
        group = next((g for g in self.faq.groups if g.id == group_id), None)
        if group is None:
            return None
        if self.controls.paused:
            return self._paused(lang, None, EMPTY)
        rows = tuple(
            (Button(self.faq.entry(e).text(lang).question, callbacks.encode("e", e)),)
            for e in group.entry_ids
            if self.controls.offers(e)
        )
        rows += ((Button(self.t(lang, "btn.back"), "m"),),)
        title = escape(group.title.get(lang, group.id))
        return Reply("menu", lang, self.t(lang, "menu.group", title=title), rows)

    def welcome(self, name: str, lang: str) -> Reply:
        greeting = (
            self.t(lang, "start.greeting", name=escape(name)) if name else self.t(lang, "start.greeting_anonymous")
        )
        text = f"{greeting}\n\n{self.t(lang, 'start.help')}\n\n{self.t(lang, 'privacy.start_link')}"
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

    # ---- replies that depend on the context ---------------------------------------------------

    def _typed_choice(self, text: str, context: DialogueState, now: float) -> Reply | None:
        """A typed answer to the pending clarify ("2", "второе", "none of these"), as if its button were pressed."""
        options = context.clarify_options
        picked = self.reader.choice(text, len(options))
        if picked is None:
            return None
        lang = context.lang or self.matcher.detector.detect(text)
        if picked == NONE_OF_THESE:
            return self._escalate(lang, None, replace(context, clarify_options=(), updated_at=now))
        return self._shown(options[picked], lang, context, now)

    def _shown(self, entry_id: str, lang: str, context: DialogueState, now: float) -> Reply:
        """An entry the citizen chose (a button or a typed choice); the operator entry is a request instead."""
        belongs = entry_id in context.clarify_options or entry_id in self.followups.neighbours(context)
        if entry_id == OPERATOR_ENTRY:
            return self._operator(lang, context if belongs else EMPTY, now)
        topic = context.last_question if belongs else None
        forward = (context.forward_question or topic) if belongs else None
        if self.controls.paused:
            return self._paused(lang, None, DialogueState(None, topic, (), forward, lang, now))
        if not self.controls.offers(entry_id):  # an old button of an entry switched off since: staff answer
            return self._escalate(lang, None, DialogueState(None, topic, (), forward, lang, now))
        remember = DialogueState(entry_id, topic, (), forward, lang, now)
        return replace(self.entry(entry_id, lang), state=remember)

    def _operator(self, lang: str, context: DialogueState, now: float, request: str | None = None) -> Reply:
        """A request to talk to a person: one button sends the last real question (or asks for details).

        The request itself ("оператор") is what a follow-up is read against ("а ночью?"), not what is forwarded.
        """
        question = context.forward_question or context.last_question
        if question:
            quoted = question if len(question) <= _QUOTE_LIMIT else question[:_QUOTE_LIMIT] + "…"
            text = self.t(lang, "dialogue.operator_confirm_question", question=escape(quoted))
        else:
            text = self.t(lang, "dialogue.operator_confirm")
        remember = DialogueState(OPERATOR_ENTRY, request or context.last_question, (), question, lang, now)
        buttons = ((Button(self.t(lang, "btn.ask_staff"), "x"),),)
        return Reply("operator", lang, text, buttons, OPERATOR_ENTRY, state=remember)

    def _clarify(self, result: MatchResult, lang: str, asked: DialogueState) -> Reply:
        """Exactly the matcher's candidates as buttons (those switched on), in its order, and "none of these"."""
        options = self._offered(result)
        if not options:  # every candidate is switched off: a person answers
            return self._escalate(lang, result, asked)
        rows = (*self._entry_rows(options, lang), (Button(self.t(lang, "btn.none_of_these"), "x"),))
        remember = replace(asked, clarify_options=options)
        return Reply("clarify", lang, self.t(lang, "clarify.intro"), rows, match=result, state=remember)

    def _out_of_scope(self, result: MatchResult, lang: str, asked: DialogueState) -> Reply:
        """What the bot covers, the topic menu and "ask a consular officer"; FAQ topics only if one plausibly fits."""
        topics = ", ".join(escape(g.title.get(lang, g.id)) for g in self.faq.groups)
        text = self.t(lang, "dialogue.out_of_scope", topics=topics)
        staff = ((Button(self.t(lang, "btn.ask_staff"), "x"),),)
        options = self._offered(result)
        if result.decision == CLARIFY and options:
            buttons = self._entry_rows(options, lang) + staff + self._menu_row(lang)
            remember = replace(asked, clarify_options=options)
        else:
            buttons = staff + self.menu(lang).buttons
            remember = asked
        return Reply("out_of_scope", lang, text, buttons, match=result, state=remember)

    def _escalate(self, lang: str, result: MatchResult | None, asked: DialogueState) -> Reply:
        buttons = ((Button(self.t(lang, "btn.ask_staff"), "x"),), *self._menu_row(lang))
        return Reply("escalate", lang, self.t(lang, "escalate.offer"), buttons, match=result, state=asked)

    def _offered(self, result: MatchResult) -> tuple[str, ...]:
        """The matcher's candidates the bot may show, in its order."""
        return tuple(
            c.entry_id for c in result.candidates if c.entry_id in self.faq.entries and self.controls.offers(c.entry_id)
        )

    def maintenance(self, lang: str) -> str:
        """What citizens read while the bot is paused: the admin's own words, or the default in their language."""
        own = self.controls.pause_message
        return escape(own) if own else self.t(lang, "admin.maintenance")

    def _paused(self, lang: str, result: MatchResult | None, asked: DialogueState) -> Reply:
        """Paused: no FAQ text; one button sends the question to staff, who still answer."""
        buttons = ((Button(self.t(lang, "btn.ask_staff"), "x"),),)
        return Reply("paused", lang, self.maintenance(lang), buttons, match=result, state=asked)

    def _urgent(self, urgency: Urgency, result: MatchResult, text: str, lang: str, now: float) -> Reply:
        """The situation's action-first text at once (the caller opens the urgent ticket), and under it what the FAQ
        says: the entry the matcher answers with as a button, or the options it would have asked about.

        So the reply holds exactly what `match --jsonl` reports (decision and buttons) next to `urgent`, and the
        FAQ's full answer is one tap away without pushing the first steps off the first screen.
        """
        body, shown = self._urgent_body(urgency, lang)
        body = f"{self.t(lang, 'urgent.notice')}\n\n{body}"
        offered = () if self.controls.paused or result.decision not in (ANSWER, CLARIFY) else self._offered(result)
        options = tuple(e for e in offered[: 1 if result.decision == ANSWER else None] if e != OPERATOR_ENTRY)
        pending = options if result.decision == CLARIFY else ()
        if result.decision == ANSWER and options:
            shown = options[0]
        remember = DialogueState(shown or urgency.entry_id, text, pending, text, lang, now)
        buttons = self._entry_rows(options, lang) + self._menu_row(lang)
        return Reply("urgent", lang, body, buttons, shown, result, urgency, True, remember)

    def _urgent_body(self, urgency: Urgency, lang: str) -> tuple[str, str | None]:
        """The urgent text and the entry it shows; never the answer of an entry that is off, nor any while paused.

        Then the country-neutral "contact the nearest embassy" text stands in: an emergency still gets what to do.
        """
        fallback = self.t(lang, "dialogue.urgent_abroad")
        if self.controls.paused:
            return fallback, None
        body = urgent_body(self.faq, self.t, urgency, lang)
        entry = self.faq.entries.get(urgency.entry_id)
        if not self.controls.offers(urgency.entry_id):
            if entry is not None and body == entry.text(lang).answer:
                return fallback, None
            return body, None
        return body, urgency.entry_id

    def _entry_rows(self, entry_ids: tuple[str, ...], lang: str) -> Keyboard:
        return tuple((Button(self.faq.entry(e).text(lang).question, callbacks.encode("e", e)),) for e in entry_ids)

    def _menu_row(self, lang: str) -> Keyboard:
        return ((Button(self.t(lang, "btn.menu"), "m"),),)
