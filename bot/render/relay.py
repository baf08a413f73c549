"""Bot API calls that pass a person's message on to the other side, formatting and links intact.

Nothing is re-rendered to HTML: a text goes out with the sender's own entities (shifted behind a
header that says which ticket it belongs to), media are copied with ``copyMessage`` (which keeps the
caption's entities). Every message the bot posts in the staff chat for a ticket starts with the
ticket's tag ("#12"), so a reply to it can be routed even if the bot never recorded the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.kinds import CAPTIONED, Incoming, Kind
from bot.render.payloads import copy_message, send_message

MAX_TEXT = 4096
MAX_CAPTION = 1024


@dataclass(frozen=True)
class Send:
    """One Bot API call to queue in the outbox."""

    method: str
    payload: dict[str, Any]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets and length limits."""
    return len(text.encode("utf-16-le")) // 2


def behind_header(
    header: str, text: str, entities: Sequence[dict[str, Any]], limit: int
) -> tuple[str, list[dict[str, Any]]] | None:
    """``header`` (bold) + a blank line + ``text`` with its entities shifted; None if over ``limit``."""
    joined = f"{header}\n\n{text}" if text else header
    if utf16_len(joined) > limit:
        return None
    shift = utf16_len(header) + 2
    shifted = [{**e, "offset": int(e["offset"]) + shift} for e in entities]
    return joined, [{"type": "bold", "offset": 0, "length": utf16_len(header)}, *shifted]


def _reply(reply_to: int | None) -> dict[str, Any]:
    return {"reply_parameters": {"message_id": reply_to, "allow_sending_without_reply": True}} if reply_to else {}


def header_message(chat_id: int, header: str, reply_to: int | None = None) -> Send:
    """A plain header line (bold), e.g. before a video note that cannot carry a caption."""
    text, entities = behind_header(header, "", (), MAX_TEXT) or (header[:MAX_TEXT], [])
    return Send("sendMessage", {"chat_id": chat_id, "text": text, "entities": entities, **_reply(reply_to)})


def relay(chat_id: int, header: str, message: Incoming, reply_to: int | None = None) -> list[Send]:
    """The calls that show ``message`` in ``chat_id`` under ``header``, as one message where possible."""
    if message.kind is Kind.TEXT and message.text is not None:
        joined = behind_header(header, message.text, message.entities, MAX_TEXT)
        if joined is not None:
            text, entities = joined
            payload = {"chat_id": chat_id, "text": text, "entities": entities, **_reply(reply_to)}
            payload["link_preview_options"] = {"is_disabled": True}
            return [Send("sendMessage", payload)]
    elif message.kind in CAPTIONED:
        joined = behind_header(header, message.text or "", message.entities, MAX_CAPTION)
        if joined is not None:
            caption, entities = joined
            payload = copy_message(chat_id, message.chat_id, message.message_id, reply_to)
            payload.update(caption=caption, caption_entities=entities)
            return [Send("copyMessage", payload)]
    # too long to prefix, or a kind without a caption: the header, then the message copied as it is
    copy = copy_message(chat_id, message.chat_id, message.message_id, reply_to)
    return [header_message(chat_id, header, reply_to), Send("copyMessage", copy)]


def plain(chat_id: int, html: str, reply_to: int | None = None) -> Send:
    """A bot-authored Telegram-HTML message (notices, card continuations)."""
    return Send("sendMessage", send_message(chat_id, html, reply_to=reply_to))
