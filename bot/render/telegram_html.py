"""Telegram HTML: escaping, validating the subset Telegram accepts, and splitting long messages.

Telegram rejects a whole message with "can't parse entities" on one stray tag, and drops nothing
silently over 4096 characters: it refuses. So FAQ answers are validated when loaded and every
outgoing text is split before it is sent.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_TEXT = 4096
MAX_CAPTION = 1024
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler"}
)
_ALLOWED_ATTRS = {"a": {"href"}, "code": {"class"}, "blockquote": {"expandable"}}
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_BARE_LT = re.compile(r"<(?!/?[a-zA-Z])")  # Telegram parses every '<' as a tag: "< 18" or "<!--" is refused


def escape(text: str) -> str:
    """Escape user-supplied text for an HTML message (quotes too: it may land in an attribute)."""
    return html.escape(text, quote=True)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> is not allowed by Telegram")
            return
        for name, _ in attrs:
            if name not in _ALLOWED_ATTRS.get(tag, set()):
                self.errors.append(f"attribute {name!r} is not allowed on <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag </{tag}> is not allowed by Telegram")
        elif not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes nothing open (open: {self.stack[-1:] or 'none'})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.visible.append(data)


def html_problems(text: str) -> list[str]:
    """What Telegram would reject in this HTML text (empty when it is fine)."""
    checker = _Checker()
    problems: list[str] = []
    if _ENTITY.search(text):
        problems.append("bare '&': write &amp; (or use a known entity)")
    if _BARE_LT.search(text):
        problems.append("bare '<' (or an HTML comment): write &lt;")
    checker.feed(text)
    checker.close()
    problems.extend(checker.errors)
    if checker.stack:
        problems.append(f"unclosed tag <{checker.stack[-1]}>")
    return problems


def visible_length(text: str) -> int:
    """Length Telegram counts: the text after tags are removed and entities decoded."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return len("".join(checker.visible))


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split plain or escaped text into chunks of at most `limit` characters.

    Cuts at a paragraph break, then a line break, then a space, so that a long staff answer arrives
    as readable pieces; only markup-free text is split here (our own HTML stays short by design).
    """
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        # the first kind of break found in the second half of the window wins, in order of preference
        cut = next(
            (pos for pos in (window.rfind(sep) for sep in ("\n\n", "\n", " ")) if pos >= limit // 2),
            limit,
        )
        # never cut inside an escaped entity such as &amp;
        amp = window.rfind("&", 0, cut)
        if amp != -1 and ";" not in window[amp:cut]:
            cut = amp
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not chunks:
        chunks.append(rest)
    return chunks
