"""`python -m bot eval --urgency FILE...` and `--dialogues FILE`: the emergency lane and follow-ups, measured.

Urgency: every line with an `urgent` label (true/false) counts; recall is the share of emergencies
flagged, precision the share of flags that were emergencies. Dialogues (lines of
`{"lang", "turns": [{"text", "expect"}, ...], "tags"}`): every turn but the last is played through the
real `Conversation`, carrying its `DialogueState`; the last turn is judged:
- right: answered with the expected entry (for `none`: not answered with any entry);
- helped: right, or a clarify that offers the expected entry;
- wrong: answered with another entry;
- not bent: on `topic-switch` lines, the reply is not the previous turn's topic.
`--split tune|check` keeps half of a set untouched for an honest figure: a line belongs to a half by a
checksum of its text, so the halves do not change when lines are added or reordered.
"""

from __future__ import annotations

import json
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.content import load_content
from bot.domain.context import DialogueState
from bot.domain.conversation import Conversation, Reply
from bot.matching.matcher import CLARIFY

SPLITS = ("all", "tune", "check")
_START = 1_800_000_000.0  # a fixed clock for the played dialogues: a minute between turns


def split_of(row: dict) -> str:
    """'tune' or 'check', from a checksum of the line's text(s)."""
    key = " | ".join(t["text"] for t in row["turns"]) if "turns" in row else row["text"]
    return "tune" if zlib.crc32(key.encode("utf-8")) % 2 == 0 else "check"


def load_rows(paths: list[str], split: str) -> list[dict]:
    rows: list[dict] = []
    for path in paths:
        with Path(path).open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return [r for r in rows if split == "all" or split_of(r) == split]


def _lang(row: dict) -> str:
    lang = str(row.get("lang", "ru"))[:2]
    return lang if lang in ("ky", "ru", "en") else "ru"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:6.1%} ({part}/{whole})" if whole else "   n/a"


def run_urgency_eval(paths: list[str], split: str = "all", show_errors: bool = False) -> int:
    conversation = load_content().conversation
    rows = [r for r in load_rows(paths, split) if isinstance(r.get("urgent"), bool)]
    by_tag: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    errors = []
    for row in rows:
        found = conversation.urgency.detect(row["text"])
        flagged, urgent = found is not None, bool(row["urgent"])
        for tag in ("all", *row.get("tags", [])):
            by_tag[tag].append((urgent, flagged))
        if flagged != urgent:
            cue = f" (cue {found.cue!r}, {found.kind})" if found else ""
            errors.append(f"  {'missed' if urgent else 'false alarm'}: {row['text']!r}{cue}")
    print(f"{'group':16} {'n':>4} {'recall':>16} {'precision':>16}")
    for tag in sorted(by_tag, key=lambda t: (t != "all", t)):
        pairs = by_tag[tag]
        tp = sum(u and f for u, f in pairs)
        print(
            f"{tag:16} {len(pairs):4} {_pct(tp, sum(u for u, _ in pairs)):>16} {_pct(tp, sum(f for _, f in pairs)):>16}"
        )
    if show_errors:
        print("\nerrors:", *errors, sep="\n")
    return 0


@dataclass(frozen=True)
class TurnVerdict:
    right: bool
    helped: bool
    wrong: bool
    bent: bool  # answered with the previous turn's topic although the citizen changed the subject


def judge_reply(reply: Reply, expect: str, previous: str | None) -> TurnVerdict:
    answered = reply.entry_id if reply.kind in ("answer", "urgent", "operator") else None
    offered = [o for o in reply.state.clarify_options] if reply.kind == "clarify" else []
    right = answered is None if expect == "none" else answered == expect
    return TurnVerdict(
        right=right,
        helped=right or (expect != "none" and expect in offered),
        wrong=answered is not None and not right,
        bent=previous is not None and previous != expect and answered == previous,
    )


def play(conversation: Conversation, row: dict) -> tuple[Reply, str | None]:
    """The reply to the last turn after the earlier ones, and the topic the previous turn expected."""
    state: DialogueState | None = None
    lang = _lang(row)
    turns = row["turns"]
    reply = None
    for number, turn in enumerate(turns):
        reply = conversation.respond(turn["text"], lang, state, now=_START + 60 * number)
        state = reply.state
    assert reply is not None
    return reply, turns[-2]["expect"] if len(turns) > 1 else None


def run_dialogue_eval(path: str, split: str = "all", show_errors: bool = False, *, no_context: bool = False) -> int:
    conversation = load_content().conversation
    rows = load_rows([path], split)
    by_tag: dict[str, list[TurnVerdict]] = defaultdict(list)
    errors = []
    for row in rows:
        if no_context:  # the last turn alone, as a first message: the figure before context existed
            row = {**row, "turns": row["turns"][-1:]}
            previous = None
        reply, previous = play(conversation, row)
        if no_context:
            previous = None
        verdict = judge_reply(reply, row["turns"][-1]["expect"], previous)
        for tag in ("all", *row.get("tags", [])):
            by_tag[tag].append(verdict)
        if not verdict.right:
            got = reply.entry_id if reply.kind in ("answer", "urgent", "operator") else reply.kind
            if reply.kind == CLARIFY:
                got = f"clarify {list(reply.state.clarify_options)}"
            texts = " → ".join(repr(t["text"]) for t in row["turns"])
            errors.append(f"  [{row['turns'][-1]['expect']}] {texts} -> {got}")
    print(f"{'group':16} {'n':>4} {'right':>16} {'helped':>16} {'wrong':>16}")
    for tag in sorted(by_tag, key=lambda t: (t != "all", t)):
        vs = by_tag[tag]
        n = len(vs)
        print(
            f"{tag:16} {n:4} {_pct(sum(v.right for v in vs), n):>16} {_pct(sum(v.helped for v in vs), n):>16} "
            f"{_pct(sum(v.wrong for v in vs), n):>16}"
        )
    switches = by_tag.get("topic-switch", [])
    if switches:
        print(
            f"\ntopic-switch turns not bent to the old topic: {_pct(sum(not v.bent for v in switches), len(switches))}"
        )
    if show_errors:
        print("\nerrors:", *errors, sep="\n")
    return 0


def run_context_eval(
    urgency: list[str] | None, dialogues: str | None, split: str, show_errors: bool, no_context: bool
) -> int:
    if urgency:
        print(f"urgency ({split}):")
        run_urgency_eval(urgency, split, show_errors)
    if dialogues:
        print(f"\ndialogues ({split}{', last turn alone' if no_context else ''}):")
        run_dialogue_eval(dialogues, split, show_errors, no_context=no_context)
    return 0
