"""`python -m bot examples [SET ...] [--out FILE]`: write faq/examples.yaml from labelled sets.

Every in-scope question of the sets becomes an example of the entry it is labelled with (see
bot/faq/examples.py), grouped by the language the bot reads it in. Left out: a text labelled with two
different entries (people disagree, so it teaches nothing), a copy of an editor's phrasing, a text with a
personal detail (a phone or passport number: masked, it would teach the matcher a placeholder), and one
too long to be a question. Run `python -m bot calibrate` afterwards: the
decision model weighs how close a question comes to an example, and calibrate measures that honestly by
leaving each set's own questions out of the examples while it observes that set.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from pathlib import Path

from bot.cli.calibrate import DEFAULT_SETS, shown
from bot.content import faq_dir
from bot.faq.loader import load_faq
from bot.faq.model import LANGUAGES, Faq
from bot.learning.phrasing import MASKED, NO_WORDS, existing_phrasings, tidy, unusable_reason
from bot.matching.evaluation import load_set
from bot.matching.matcher import Matcher
from bot.matching.text import text_key
from bot.privacy.masking import mask

MAX_EXAMPLE = 600  # characters: a story fits, a pasted document does not

HEADER = """\
# Citizens' questions confirmed for each entry: how people really ask (stories, mixed Kyrgyz and Russian,
# Latin letters, typos). The matcher indexes them beside the editors' phrasings; they are never shown to anyone.
# Written by `python -m bot examples` from labelled sets made by people who never saw this FAQ:
#   {command}
# on {day}: {count} questions. Do not edit by hand: fix a label in its set and run the command again, then
# `python -m bot calibrate` (the decision model weighs how close a question comes to these examples).
"""


def collect(faq: Faq, matcher: Matcher, sets: Iterable[Path]) -> dict[str, dict[str, list[str]]]:
    """entry id -> language -> example texts, in the sets' order."""
    editors = existing_phrasings(faq)
    labels: dict[str, set[str]] = {}
    texts: dict[str, tuple[str, str]] = {}  # key -> (first text, its language)
    for path in sets:
        for item in load_set(path):
            entry_id, text = item.get("expect", "none"), mask(tidy(item.get("text", "")))
            if entry_id not in faq.entries or unusable_reason(text) in (MASKED, NO_WORDS) or len(text) > MAX_EXAMPLE:
                continue
            key = text_key(text)
            if key in editors:
                continue
            labels.setdefault(key, set()).add(entry_id)
            texts.setdefault(key, (text, matcher.detector.detect(text)))
    out: dict[str, dict[str, list[str]]] = {}
    for key, (text, lang) in texts.items():
        if len(labels[key]) == 1:
            (entry_id,) = labels[key]
            out.setdefault(entry_id, {}).setdefault(lang, []).append(text)
    return out


def render(faq: Faq, examples: dict[str, dict[str, list[str]]], command: str) -> str:
    count = sum(len(t) for by_lang in examples.values() for t in by_lang.values())
    lines = [HEADER.format(command=command, day=datetime.date.today().isoformat(), count=count), "examples:"]
    for entry_id in faq.entries:
        by_lang = examples.get(entry_id)
        if not by_lang:
            continue
        lines.append(f"  {entry_id}:")
        for lang in LANGUAGES:
            if by_lang.get(lang):
                lines.append(f"    {lang}:")
                lines += [f"      - {json.dumps(text, ensure_ascii=False)}" for text in by_lang[lang]]
    return "\n".join(lines) + "\n"


def run_examples(paths: list[str], out: str | None) -> int:
    sets = [Path(p) for p in paths] if paths else [p for p in DEFAULT_SETS if p.exists()]
    faq = load_faq(faq_dir())
    examples = collect(faq, Matcher(faq), sets)
    target = Path(out) if out else faq_dir() / "examples.yaml"
    command = "python -m bot examples " + " ".join(shown(p) for p in sets)
    target.write_text(render(faq, examples, command), encoding="utf-8")
    count = sum(len(t) for by_lang in examples.values() for t in by_lang.values())
    print(f"wrote {target}: {count} examples of {len(examples)} entries from {len(sets)} sets")
    return 0
