"""The one list of message kinds: what a person can send, and which of them the bot relays.

Staff answers and citizens' follow-ups are relayed with ``copyMessage`` (or ``sendMessage`` with the
sender's entities), which keeps formatting, links and media as they were. Telegram refuses to copy a
few kinds (invoices, giveaways, paid media, games, stories; a quiz whose answer the bot does not
know): those are refused aloud, so the sender knows at once that nothing was passed on.

Detection works on field names (duck typing), so this module needs no Telegram import and the
handlers and the tests share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    VIDEO = "video"
    ANIMATION = "animation"
    AUDIO = "audio"
    DOCUMENT = "document"
    VOICE = "voice"
    VIDEO_NOTE = "video_note"
    STICKER = "sticker"
    VENUE = "venue"
    LOCATION = "location"
    CONTACT = "contact"
    POLL = "poll"
    DICE = "dice"
    OTHER = "other"  # anything Telegram can carry that the bot cannot pass on (see REFUSED_FIELDS)


# Detection order matters: an animation also carries `document`, a venue also carries `location`.
_DETECTION_ORDER = (
    Kind.TEXT,
    Kind.ANIMATION,
    Kind.PHOTO,
    Kind.VIDEO,
    Kind.AUDIO,
    Kind.VOICE,
    Kind.VIDEO_NOTE,
    Kind.STICKER,
    Kind.DOCUMENT,
    Kind.VENUE,
    Kind.LOCATION,
    Kind.CONTACT,
    Kind.POLL,
    Kind.DICE,
)

#: Kinds that can carry a caption (up to 1024 characters) with its own entities.
CAPTIONED = frozenset({Kind.PHOTO, Kind.VIDEO, Kind.ANIMATION, Kind.AUDIO, Kind.DOCUMENT, Kind.VOICE})

#: Kinds relayed in both directions.
RELAYED = frozenset(_DETECTION_ORDER)

#: Message fields of content Telegram will not let a bot copy (or that make no sense to relay).
REFUSED_FIELDS = ("paid_media", "invoice", "giveaway", "giveaway_winners", "game", "story", "checklist")

#: Kinds shown to staff as text on the card and in /ticket (the rest are shown as "[kind]").
TEXTUAL = frozenset({Kind.TEXT})


def kind_of(message: Any) -> Kind:
    """The kind of a Bot API message (a PTB ``Message`` or anything with the same field names)."""
    for kind in _DETECTION_ORDER:
        if getattr(message, kind.value, None):
            if kind is Kind.POLL and getattr(getattr(message, "poll", None), "type", None) == "quiz":
                return Kind.OTHER  # a quiz cannot be copied unless the bot knows the right answer
            return kind
    return Kind.OTHER


def refused_field(message: Any) -> str | None:
    """The name of the content a bot cannot relay, if the message has one (for the explanation)."""
    return next((name for name in REFUSED_FIELDS if getattr(message, name, None)), None)


@dataclass(frozen=True)
class Incoming:
    """A person's message as the workflow needs it: where it is, what it is, and its text with entities.

    ``text`` is the text or the caption; ``entities`` are its Bot API entity dicts (offsets in UTF-16
    code units), kept so that links and formatting survive the relay.
    """

    chat_id: int
    message_id: int
    kind: Kind
    text: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    media_group_id: str | None = None

    @property
    def relayable(self) -> bool:
        return self.kind in RELAYED
