"""Telegram-style parsing of formatted text (HTML, MarkdownV2, legacy Markdown).

Why this exists: the most common way a Telegram bot breaks in production is a message that
Telegram refuses with ``400 Bad Request: can't parse entities`` (an unescaped ``<`` in a FAQ
answer, a ``<br>`` tag, an unbalanced ``<b>``).  The fake must reject exactly what Telegram
rejects, and it must turn accepted markup into the plain text + entities that a user actually
sees, so tests can assert on the visible text.  The rules follow Telegram's documented
behaviour (https://core.telegram.org/bots/api#formatting-options); error wording mirrors what
the real server answers so that assertions written against the fake hold against Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AUTO_ENTITY_TYPES",
    "FORMATTING_ENTITY_TYPES",
    "EntityParseError",
    "ParsedText",
    "auto_entities",
    "check_person_entities",
    "html_to_entities",
    "parse_input_entities",
    "parse_text",
    "sort_entities",
    "utf16_len",
    "with_auto_entities",
]

#: Tags Telegram accepts in HTML parse mode.  ``span`` only with ``class="tg-spoiler"``.
SUPPORTED_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "span",
        "tg-emoji",
    }
)

_TAG_TO_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
    "a": "text_link",
}

_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]{1,10});")
_TAG_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

#: Characters that must be escaped with a backslash in MarkdownV2.
MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


class EntityParseError(ValueError):
    """Raised when Telegram would answer ``can't parse entities``; the message is Telegram's."""


@dataclass
class ParsedText:
    """Visible text plus its entities (offsets/lengths in UTF-16 code units, as in the Bot API)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: the unit Telegram uses for entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports parse errors at UTF-8 byte offsets of the source text."""
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Accumulates visible text and tracks the UTF-16 position for entity offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos16 = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos16 += utf16_len(chunk)

    def entity(self, kind: str, start16: int, **extra: Any) -> None:
        length = self.pos16 - start16
        if length > 0:
            self.entities.append({"type": kind, "offset": start16, "length": length, **extra})

    def result(self) -> ParsedText:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.parts), entities)


# --------------------------------------------------------------------------------------- HTML


def _decode_html_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode ``&...;`` at ``i``; ``None`` means Telegram keeps the ``&`` literally."""
    m = _HTML_ENTITY_RE.match(text, i)
    if not m:
        return None
    body = m.group(1)
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        ch = _NAMED_HTML_ENTITIES.get(body)
        return (ch, m.end()) if ch is not None else None
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), m.end()


def _parse_html_attributes(text: str, i: int, tag: str, tag_start: int) -> tuple[dict[str, str], int]:
    """Parse ``name="value"`` pairs up to ``>``; returns attributes and the index after ``>``."""
    attrs: dict[str, str] = {}
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
        if text[i] == ">":
            return attrs, i + 1
        name_start = i
        while i < n and not text[i].isspace() and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
        if text[i] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {_byte_offset(text, tag_start)}"
            )
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
        value_chars: list[str] = []
        if text[i] in "\"'":
            quote = text[i]
            i += 1
            while i < n and text[i] != quote:
                decoded = _decode_html_entity(text, i) if text[i] == "&" else None
                if decoded:
                    value_chars.append(decoded[0])
                    i = decoded[1]
                else:
                    value_chars.append(text[i])
                    i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, tag_start)}")
            i += 1
        else:
            while i < n and not text[i].isspace() and text[i] != ">":
                value_chars.append(text[i])
                i += 1
        attrs[name] = "".join(value_chars)


def parse_html(text: str) -> ParsedText:
    """Parse Telegram HTML; raise :class:`EntityParseError` exactly where Telegram would."""
    out = _Builder()
    stack: list[tuple[str, int, dict[str, str], int]] = []  # tag, start16, attrs, source index
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_html_entity(text, i)
            if decoded:
                out.add(decoded[0])
                i = decoded[1]
                continue
        if ch != "<":
            out.add(ch)
            i += 1
            continue
        tag_start = i
        if i + 1 < n and text[i + 1] == "/":
            j = i + 2
            while j < n and text[j] != ">" and not text[j].isspace():
                j += 1
            name = text[i + 2 : j].lower()
            while j < n and text[j].isspace():
                j += 1
            if j >= n or text[j] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, tag_start)}")
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, tag_start)}")
            open_tag, start16, attrs, _src = stack[-1]
            if name != open_tag:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, tag_start)}, "
                    f'expected "</{open_tag}>", found "</{name}>"'
                )
            stack.pop()
            _close_html_entity(out, open_tag, start16, attrs, stack)
            i = j + 1
            continue
        j = i + 1
        while j < n and text[j] in _TAG_NAME_CHARS:
            j += 1
        name = text[i + 1 : j].lower()
        if not name:
            raise EntityParseError(f"Empty tag name at byte offset {_byte_offset(text, tag_start)}")
        if name not in SUPPORTED_HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, tag_start)}')
        attrs, i = _parse_html_attributes(text, j, name, tag_start)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, tag_start)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {_byte_offset(text, tag_start)}'
            )
        stack.append((name, out.pos16, attrs, tag_start))
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _close_html_entity(
    out: _Builder,
    tag: str,
    start16: int,
    attrs: dict[str, str],
    stack: list[tuple[str, int, dict[str, str], int]],
) -> None:
    """Emit the entity for a closed tag (``<pre><code class="language-x">`` becomes one pre)."""
    kind = _TAG_TO_ENTITY[tag]
    if tag == "a":
        href = attrs.get("href", "")
        m = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if m:
            user = {"id": int(m.group(1)), "is_bot": False, "first_name": "User"}
            out.entity("text_mention", start16, user=user)
        elif href:
            out.entity("text_link", start16, url=href)
        return
    if tag == "code" and stack and stack[-1][0] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1][2]["language"] = language[len("language-") :]
        return
    if tag == "pre" and attrs.get("language"):
        out.entity("pre", start16, language=attrs["language"])
        return
    if tag == "blockquote" and "expandable" in attrs:
        out.entity("expandable_blockquote", start16)
        return
    if tag == "tg-emoji":
        out.entity("custom_emoji", start16, custom_emoji_id=attrs["emoji-id"])
        return
    out.entity(kind, start16)


# -------------------------------------------------------------------------------- MarkdownV2

_MD2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
}


def _md2_reserved(text: str, i: int) -> EntityParseError:
    return EntityParseError(f"Character '{text[i]}' is reserved and must be escaped with the preceding '\\'")


def parse_markdown_v2(text: str) -> ParsedText:
    """Parse MarkdownV2 with Telegram's strict escaping rules (unescaped ``.``/``!``/``-`` fail)."""
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # kind, start16, source index
    i, n = 0, len(text)
    line_start = True
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.add(text[i + 1])
            i += 2
            line_start = False
            continue
        if ch == "`":
            i = _md2_code(text, i, out)
            line_start = False
            continue
        if ch == ">" and line_start:
            i += 1
            continue
        line_start = ch == "\n"
        if ch not in MARKDOWN_V2_RESERVED:
            out.add(ch)
            i += 1
            continue
        top = stack[-1][0] if stack else None
        marker: str | None = None
        width = 1
        if ch == "*":
            marker = "bold"
        elif ch == "~":
            marker = "strikethrough"
        elif ch == "_":
            if top != "italic" and i + 1 < n and text[i + 1] == "_":
                marker, width = "underline", 2
            else:
                marker = "italic"
        elif ch == "|" and i + 1 < n and text[i + 1] == "|":
            marker, width = "spoiler", 2
        elif ch == "[":
            stack.append(("text_link", out.pos16, i))
            i += 1
            continue
        elif ch == "]" and top == "text_link":
            start16 = stack.pop()[1]
            i += 1
            if i < n and text[i] == "(":
                url_chars: list[str] = []
                j = i + 1
                while j < n and text[j] != ")":
                    if text[j] == "\\" and j + 1 < n:  # inside URLs only ")" and "\\" are escaped
                        j += 1
                    url_chars.append(text[j])
                    j += 1
                if j >= n:
                    raise EntityParseError(f"Can't find end of a URL at byte offset {_byte_offset(text, i)}")
                out.entity("text_link", start16, url="".join(url_chars))
                i = j + 1
            continue
        if marker is None:
            raise _md2_reserved(text, i)
        if top == marker:
            start16 = stack.pop()[1]
            out.entity(marker, start16)
        else:
            stack.append((marker, out.pos16, i))
        i += width
    if stack:
        kind, _start16, src = stack[-1]
        raise EntityParseError(f"Can't find end of {_MD2_NAMES[kind]} entity at byte offset {_byte_offset(text, src)}")
    return out.result()


def _md2_code(text: str, i: int, out: _Builder) -> int:
    """Consume an inline code span or a ``` block starting at ``i``; return the next index."""
    n = len(text)
    is_pre = text.startswith("```", i)
    opener = 3 if is_pre else 1
    j = i + opener
    language = ""
    if is_pre:
        newline = text.find("\n", j)
        first_line = text[j:newline] if newline != -1 else ""
        if newline != -1 and first_line and " " not in first_line and "`" not in first_line:
            language, j = first_line, newline + 1
    start16 = out.pos16
    while j < n:
        if text[j] == "\\" and j + 1 < n:
            out.add(text[j + 1])
            j += 2
            continue
        if text.startswith("```" if is_pre else "`", j):
            if is_pre:
                out.entity("pre", start16, **({"language": language} if language else {}))
            else:
                out.entity("code", start16)
            return j + opener
        out.add(text[j])
        j += 1
    kind = "Pre" if is_pre else "Code"
    raise EntityParseError(f"Can't find end of {kind} entity at byte offset {_byte_offset(text, i)}")


# ---------------------------------------------------------------------------- legacy Markdown


def parse_markdown(text: str) -> ParsedText:
    """Parse legacy Markdown (``*bold*``, ``_italic_``, `` `code` ``, ``[text](url)``)."""
    out = _Builder()
    i, n = 0, len(text)
    markers = {"*": "bold", "_": "italic"}
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.add(text[i + 1])
            i += 2
            continue
        if ch in markers:
            end = text.find(ch, i + 1)
            if end == -1:
                raise EntityParseError(f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}")
            start16 = out.pos16
            out.add(text[i + 1 : end])
            out.entity(markers[ch], start16)
            i = end + 1
            continue
        if ch == "`":
            is_pre = text.startswith("```", i)
            token = "```" if is_pre else "`"
            end = text.find(token, i + len(token))
            if end == -1:
                raise EntityParseError(f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}")
            start16 = out.pos16
            out.add(text[i + len(token) : end])
            out.entity("pre" if is_pre else "code", start16)
            i = end + len(token)
            continue
        if ch == "[":
            m = re.compile(r"\[([^\]]*)\]\(([^)]*)\)").match(text, i)
            if not m:
                raise EntityParseError(f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}")
            start16 = out.pos16
            out.add(m.group(1))
            out.entity("text_link", start16, url=m.group(2))
            i = m.end()
            continue
        out.add(ch)
        i += 1
    return out.result()


# ------------------------------------------------------------------------------------ public


def _strip(parsed: ParsedText) -> ParsedText:
    """Telegram trims surrounding whitespace of message texts; entities are shifted/clipped."""
    text = parsed.text
    lead = text[: len(text) - len(text.lstrip())]
    stripped = text.strip()
    shift = utf16_len(lead)
    total = utf16_len(stripped)
    entities: list[dict[str, Any]] = []
    for ent in parsed.entities:
        start = max(ent["offset"] - shift, 0)
        end = min(ent["offset"] + ent["length"] - shift, total)
        if end > start:
            entities.append({**ent, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def parse_text(text: str, parse_mode: str | None) -> ParsedText:
    """Turn ``text`` + ``parse_mode`` into what the recipient sees; raise on invalid markup.

    ``parse_mode`` is case-insensitive like on Telegram; an unknown mode raises ``ValueError``.
    """
    if not parse_mode:
        parsed = ParsedText(text, [])
    else:
        mode = parse_mode.lower()
        if mode == "html":
            parsed = parse_html(text)
        elif mode == "markdownv2":
            parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            parsed = parse_markdown(text)
        else:
            raise ValueError("unsupported parse_mode")
    return _strip(parsed)


# ------------------------------------------------------------------------- entities as data

#: Entity types Telegram detects in any text by itself (senders cannot set or suppress them).
AUTO_ENTITY_TYPES = frozenset(
    {"mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bank_card_number"}
)
#: Formatting entity types a sender may set (what the Bot API server accepts in ``entities``).
FORMATTING_ENTITY_TYPES = frozenset(
    {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "blockquote",
        "expandable_blockquote",
        "date_time",
    }
)
#: Auto entities are not detected inside these (a link inside <code> stays code).
_OPAQUE_TYPES = frozenset({"text_link", "text_mention", "code", "pre", "custom_emoji"})

_AUTO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")),
    ("email", re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")),
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#(?=\w*[^\W\d])\w{1,256}")),
)


class _Utf16Index:
    """Python string index -> UTF-16 offset, computed once per text."""

    def __init__(self, text: str) -> None:
        self.prefix = [0]
        for ch in text:
            self.prefix.append(self.prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))

    def __getitem__(self, index: int) -> int:
        return self.prefix[index]


def auto_entities(text: str, existing: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Entities Telegram adds by itself: urls, emails, /commands, @mentions, #hashtags.

    Deliberately conservative: bare domains (``mfa.gov.kg``) and phone numbers, which Telegram
    detects with a TLD list and heuristics, are not detected; ``https://`` and ``www.`` links are.
    Nothing is detected inside ``existing`` links, mentions, code or custom emoji.
    """
    index = _Utf16Index(text)
    taken = [(e["offset"], e["offset"] + e["length"]) for e in existing or [] if e.get("type") in _OPAQUE_TYPES]
    found: list[dict[str, Any]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for m in pattern.finditer(text):
            start, end = index[m.start()], index[m.end()]
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return found


def sort_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Telegram's order: by offset, longer (enclosing) entities first."""
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def with_auto_entities(text: str, entities: list[dict[str, Any]], *, keep_auto: bool = False) -> list[dict[str, Any]]:
    """``entities`` plus what Telegram detects itself.

    A bot's auto-type entities are dropped (the server ignores them and re-detects); with
    ``keep_auto`` (a simulated person's message, where the test states what Telegram detected,
    e.g. a ``url`` on a bare domain) they are kept and detection skips their spans.
    """
    kept = [e for e in entities if keep_auto or e.get("type") not in AUTO_ENTITY_TYPES]
    blocking = [{**e, "type": "code"} if e.get("type") in AUTO_ENTITY_TYPES else e for e in kept]
    return sort_entities(kept + auto_entities(text, blocking))


def check_person_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate entities a *test* gives a simulated person; a mistake is a ``ValueError``.

    (Telegram clients only ever send well-formed entities, so a malformed one would be a test
    that claims something Telegram cannot deliver.)
    """
    total = utf16_len(text)
    checked: list[dict[str, Any]] = []
    for entity in entities:
        if not isinstance(entity, dict):
            raise ValueError(f"an entity must be a dict, got {entity!r}")
        kind, offset, length = entity.get("type"), entity.get("offset"), entity.get("length")
        if kind not in FORMATTING_ENTITY_TYPES | AUTO_ENTITY_TYPES:
            raise ValueError(f"unknown entity type {kind!r}")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0:
            raise ValueError(f"entity {entity!r} needs int offset >= 0 and length > 0")
        if offset + length > total:
            raise ValueError(f"entity {entity!r} ends after the text ({total} UTF-16 units)")
        required = {"text_link": "url", "text_mention": "user", "custom_emoji": "custom_emoji_id"}.get(str(kind))
        if required and not entity.get(required):
            raise ValueError(f"a {kind} entity needs {required!r}")
        checked.append(dict(entity))
    return checked


def parse_input_entities(text: str, raw: Any) -> ParsedText:
    """``entities`` / ``caption_entities`` sent by a bot, processed like the Bot API server + TDLib.

    Unparsable JSON is ignored; an entry that is not a valid entity fails with "can't parse
    MessageEntity: ..." (:class:`EntityParseError` carries that text); auto types are dropped
    (Telegram re-detects them); entities are clipped to the text; surrounding whitespace is trimmed
    with the offsets shifted.
    """
    entities: list[dict[str, Any]] = []
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict):
                raise EntityParseError("Can't parse MessageEntity: expected an Object")
            offset, length, kind = item.get("offset"), item.get("length"), item.get("type")
            for name, value in (("offset", offset), ("length", length)):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise EntityParseError(f'Can\'t parse MessageEntity: Field "{name}" must be of type Number')
            if not isinstance(kind, str) or not kind:
                raise EntityParseError("Can't parse MessageEntity: Type is not specified")
            if kind in AUTO_ENTITY_TYPES:
                continue
            if kind not in FORMATTING_ENTITY_TYPES:
                raise EntityParseError("Can't parse MessageEntity: Unsupported type specified")
            required = {"text_link": "url", "text_mention": "user", "custom_emoji": "custom_emoji_id"}.get(kind)
            if required and item.get(required) in (None, ""):
                raise EntityParseError(f'Can\'t parse MessageEntity: Field "{required}" must be non-empty')
            entity = {"type": kind, "offset": offset, "length": length}
            for extra in ("url", "user", "language", "custom_emoji_id", "unix_time", "date_time_format"):
                if item.get(extra) not in (None, ""):
                    entity[extra] = item[extra]
            if kind == "custom_emoji":
                entity["custom_emoji_id"] = str(entity["custom_emoji_id"])
            entities.append(entity)
    total = utf16_len(text)
    clipped: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"], 0)
        end = min(entity["offset"] + entity["length"], total)
        if end > start:
            clipped.append({**entity, "offset": start, "length": end - start})
    return _strip(ParsedText(text, clipped))


def html_to_entities(html: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram-HTML -> (visible text, entities), e.g. to give a simulated person formatted text."""
    parsed = parse_text(html, "HTML")
    return parsed.text, parsed.entities
