"""The one list of message kinds a person can send, and other Telegram constants the fake needs.

Why one list: a bot that relays citizens' messages breaks on the kind nobody thought of (video
notes, GIFs, contacts, venues, quizzes).  :data:`PERSON_MESSAGE_KINDS` is what the fake can send on
a person's behalf, so a test can loop over "every kind" and the fake, ``MessageView.kind`` and
``copyMessage`` all agree on the same names.  The shapes follow the Bot API ``Message`` object:
an animation also carries ``document``, a venue also carries ``location`` (as Telegram sends them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BOT_API_METHODS",
    "CHANNEL_BOT",
    "CONTENT_FIELDS",
    "DICE_RANGES",
    "GROUP_ANONYMOUS_BOT",
    "NON_COPYABLE_KINDS",
    "PERSON_KIND_NAMES",
    "PERSON_MESSAGE_KINDS",
    "REACTION_EMOJI",
    "TELEGRAM_SERVICE_USER",
    "MessageKind",
    "kind_of",
    "person_kind",
    "poll_options",
]


def _words(text: str) -> list[str]:
    return text.split()


@dataclass(frozen=True)
class MessageKind:
    """One kind of message a person can send.

    Attributes:
        name: Unique name (``MessageView.kind`` reports it); ``"quiz"`` is a poll of type quiz.
        fields: ``Message`` fields the kind fills (the first one identifies it).
        caption: Whether Telegram lets it carry a caption (+ ``caption_entities``).
        album: Album family for ``sendMediaGroup`` / ``user_sends_album``: ``"visual"`` (photos and
            videos mix), ``"document"`` or ``"audio"`` (only with their own kind); ``None`` = no albums.
        send_method: The Bot API method that sends one (what a bot would use to re-send it).
        has_file: Whether it carries a downloadable file (``getFile`` works on it).
    """

    name: str
    fields: tuple[str, ...]
    caption: bool
    album: str | None
    send_method: str
    has_file: bool

    @property
    def field(self) -> str:
        return self.fields[0]


#: Every kind a user (or an anonymous admin) can send; tests loop over it.
PERSON_MESSAGE_KINDS: tuple[MessageKind, ...] = (
    MessageKind("text", ("text",), False, None, "sendMessage", False),
    MessageKind("photo", ("photo",), True, "visual", "sendPhoto", True),
    MessageKind("video", ("video",), True, "visual", "sendVideo", True),
    MessageKind("animation", ("animation", "document"), True, None, "sendAnimation", True),
    MessageKind("audio", ("audio",), True, "audio", "sendAudio", True),
    MessageKind("document", ("document",), True, "document", "sendDocument", True),
    MessageKind("voice", ("voice",), True, None, "sendVoice", True),
    MessageKind("video_note", ("video_note",), False, None, "sendVideoNote", True),
    MessageKind("sticker", ("sticker",), False, None, "sendSticker", True),
    # venue before location: a venue message carries both fields.
    MessageKind("venue", ("venue", "location"), False, None, "sendVenue", False),
    MessageKind("location", ("location",), False, None, "sendLocation", False),
    MessageKind("contact", ("contact",), False, None, "sendContact", False),
    MessageKind("poll", ("poll",), False, None, "sendPoll", False),
    MessageKind("quiz", ("poll",), False, None, "sendPoll", False),
    MessageKind("dice", ("dice",), False, None, "sendDice", False),
)

PERSON_KIND_NAMES: tuple[str, ...] = tuple(k.name for k in PERSON_MESSAGE_KINDS)
_BY_NAME: dict[str, MessageKind] = {k.name: k for k in PERSON_MESSAGE_KINDS}

#: Content Telegram refuses to copy ("the message can't be copied"), besides service messages.
NON_COPYABLE_KINDS = frozenset({"invoice", "giveaway", "giveaway_winners", "paid_media"})

#: Other (non-person) content kinds the fake recognises in stored messages.
_OTHER_CONTENT = ("invoice", "giveaway", "giveaway_winners", "paid_media", "game", "story", "checklist")

#: Message fields that are content (copyMessage/forwardMessage take them over); everything else
#: in a message is envelope (ids, sender, chat, date, reply, markup) or a service event.
CONTENT_FIELDS: tuple[str, ...] = (
    "text",
    "entities",
    "link_preview_options",
    *dict.fromkeys(f for k in PERSON_MESSAGE_KINDS for f in k.fields if f != "text"),
    *_OTHER_CONTENT,
    "caption",
    "caption_entities",
    "show_caption_above_media",
    "has_media_spoiler",
)

#: ``from`` of messages an anonymous group administrator sends ("as the group").
GROUP_ANONYMOUS_BOT: Mapping[str, Any] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
#: ``from`` of messages sent on behalf of a channel in a group (``sender_chat`` is the channel).
CHANNEL_BOT: Mapping[str, Any] = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
#: ``from`` of automatic forwards of channel posts into the linked discussion group.
TELEGRAM_SERVICE_USER: Mapping[str, Any] = {"id": 777000, "is_bot": False, "first_name": "Telegram"}

#: Emoji a bot may react with (``ReactionTypeEmoji.emoji``, Bot API).
REACTION_EMOJI = frozenset(
    _words(
        """
        ❤ 👍 👎 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐
        🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾
        🤷‍♂ 🤷 🤷‍♀ 😡
        """
    )
)

#: Dice emoji and their value ranges.
DICE_RANGES: Mapping[str, int] = {"🎲": 6, "🎯": 6, "🎳": 6, "🏀": 5, "⚽": 5, "🎰": 64}

#: Every method of the real Bot API (lower case), from the telegram-bot-api server's method table.
#: A call to one the fake does not implement is a limitation of the fake, not a 404.
BOT_API_METHODS = frozenset(
    _words(
        """
        addstickertoset answercallbackquery answercustomquery answerguestquery answerinlinequery
        answerprecheckoutquery answershippingquery answerwebappquery approvechatjoinrequest
        approvesuggestedpost banchatmember banchatsenderchat close closeforumtopic closegeneralforumtopic
        convertgifttostars copymessage copymessages createchatinvitelink createchatsubscriptioninvitelink
        createforumtopic createinvoicelink createnewstickerset declinechatjoinrequest declinesuggestedpost
        deleteallmessagereactions deletebusinessmessages deletechatphoto deletechatstickerset
        deleteforumtopic deletemessage deletemessagereaction deletemessages deletemycommands
        deletestickerfromset deletestickerset deletestory deletewebhook editchatinvitelink
        editchatsubscriptioninvitelink editforumtopic editgeneralforumtopic editmessagecaption
        editmessagechecklist editmessagelivelocation editmessagemedia editmessagereplymarkup editmessagetext
        editstory edituserstarsubscription exportchatinvitelink forwardmessage forwardmessages
        getavailablegifts getbusinessaccountgifts getbusinessaccountstarbalance getbusinessconnection
        getchat getchatadministrators getchatgifts getchatmember getchatmembercount getchatmemberscount
        getchatmenubutton getcustomemojistickers getfile getforumtopiciconstickers getgamehighscores
        getmanagedbotaccesssettings getmanagedbottoken getme getmycommands getmydefaultadministratorrights
        getmydescription getmyname getmyshortdescription getmystarbalance getstartransactions getstickerset
        getupdates getuserchatboosts getusergifts getuserpersonalchatmessages getuserprofileaudios
        getuserprofilephotos getwebhookinfo giftpremiumsubscription hidegeneralforumtopic kickchatmember
        leavechat logout pinchatmessage poststory promotechatmember readbusinessmessage refundstarpayment
        removebusinessaccountprofilephoto removechatverification removemyprofilephoto removeuserverification
        reopenforumtopic reopengeneralforumtopic replacemanagedbottoken replacestickerinset repoststory
        restrictchatmember revokechatinvitelink savepreparedinlinemessage savepreparedkeyboardbutton
        sendanimation sendaudio sendchataction sendchecklist sendcontact sendcustomrequest senddice
        senddocument sendgame sendgift sendinvoice sendlivephoto sendlocation sendmediagroup sendmessage
        sendmessagedraft sendpaidmedia sendphoto sendpoll sendsticker sendvenue sendvideo sendvideonote
        sendvoice setbusinessaccountbio setbusinessaccountgiftsettings setbusinessaccountname
        setbusinessaccountprofilephoto setbusinessaccountusername setchatadministratorcustomtitle
        setchatdescription setchatmembertag setchatmenubutton setchatpermissions setchatphoto
        setchatstickerset setchattitle setcustomemojistickersetthumbnail setgamescore
        setmanagedbotaccesssettings setmessagereaction setmycommands setmydefaultadministratorrights
        setmydescription setmyname setmyprofilephoto setmyshortdescription setpassportdataerrors
        setstickeremojilist setstickerkeywords setstickermaskposition setstickerpositioninset
        setstickersetthumb setstickersetthumbnail setstickersettitle setuseremojistatus setwebhook
        stopmessagelivelocation stoppoll transferbusinessaccountstars transfergift unbanchatmember
        unbanchatsenderchat unhidegeneralforumtopic unpinallchatmessages unpinallforumtopicmessages
        unpinallgeneralforumtopicmessages unpinchatmessage upgradegift uploadstickerfile verifychat
        verifyuser
        """
    )
)


def poll_options(texts: Sequence[str]) -> list[dict[str, Any]]:
    """``PollOption`` objects of a new poll (Bot API 9.6+: every option has a ``persistent_id``)."""
    return [{"persistent_id": str(i), "text": text, "voter_count": 0} for i, text in enumerate(texts)]


def person_kind(name: str) -> MessageKind:
    """The table entry for ``name``; ``ValueError`` lists the valid names."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown message kind {name!r}; kinds are {', '.join(PERSON_KIND_NAMES)}") from None


def kind_of(message: Mapping[str, Any]) -> str:
    """Name of a Bot API ``Message``'s kind: a :data:`PERSON_MESSAGE_KINDS` name, another content
    kind (``invoice``, ``giveaway``, ``paid_media`` ...) or ``"service"``."""
    for kind in PERSON_MESSAGE_KINDS:
        if kind.field in message:
            if kind.field == "poll":
                return "quiz" if (message["poll"] or {}).get("type") == "quiz" else "poll"
            return kind.name
    return next((k for k in _OTHER_CONTENT if k in message), "service")
