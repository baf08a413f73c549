"""`python -m bot eval [SET]`: per-language and per-tag figures and the list of errors, for editors."""

from __future__ import annotations

from pathlib import Path

from rapidfuzz import fuzz, process

from bot.cli.match import decide, urgency_detector
from bot.content import PROJECT_ROOT, faq_dir
from bot.faq.loader import load_faq
from bot.faq.model import LANGUAGES
from bot.matching.evaluation import breakdown, judge, load_set, summarise
from bot.matching.matcher import Matcher

DEFAULT_SET = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"


def baseline_outputs(matcher: Matcher, items: list[dict]) -> list[dict]:
    """The plain baseline: extractOne with WRatio over all phrasings, answer if score >= 80."""
    choices: list[str] = []
    owners: list[str] = []
    for entry in matcher.faq.entries.values():
        for lang in LANGUAGES:
            text = entry.text(lang)
            for phrasing in (text.question, *text.phrasings):
                choices.append(phrasing)
                owners.append(entry.id)
    outs = []
    for item in items:
        found = process.extractOne(item["text"], choices, scorer=fuzz.WRatio)
        lang = matcher.detector.detect(item["text"])
        if found is None:
            outs.append({"lang": lang, "decision": "escalate", "candidates": []})
            continue
        _, score, idx = found
        decision = "answer" if score >= 80 else "escalate"
        outs.append({"lang": lang, "decision": decision, "candidates": [{"id": owners[idx], "score": score / 100}]})
    return outs


def _pct(value: float | None) -> str:
    """Formatted like shared/tools/score_match.py, so editors can compare the two line by line."""
    return f"{value:7.1%}" if value is not None else f"{'n/a':>7}"


def run_eval(set_path: str | None, *, show_errors: bool = False, baseline: bool = False, real: bool = False) -> int:
    path = Path(set_path) if set_path else DEFAULT_SET
    matcher = Matcher(load_faq(faq_dir()))
    if real:  # the confirmed real questions in DATABASE_URL (bot/cli/database.py)
        from bot.cli.database import NoDatabaseError, database_url, real_eval_items

        try:
            path, items = Path("real (confirmed)"), real_eval_items(database_url(), set(matcher.faq.entries))
        except NoDatabaseError as exc:
            print(f"eval --real: {exc}")
            return 2
    else:
        items = load_set(path)
    urgency = urgency_detector(matcher)
    outs = [decide(matcher, urgency, i["text"]) for i in items]
    print(f"{'group':24} {'n':>4} {'helped':>7} {'right':>7} {'wrong':>7}")
    for name, n, helped, right, wrong in breakdown(items, outs):
        print(f"{name:24} {n:4} {_pct(helped)} {_pct(right)} {_pct(wrong)}")
    if show_errors:
        print("\nerrors:")
        for item, out in zip(items, outs, strict=True):
            v = judge(item, out)
            if v.wrong or (v.in_scope and not v.helped):
                got = [(c["id"], c["score"]) for c in out["candidates"][:3]]  # type: ignore[index]
                print(f"  [{item['expect']}] {item['text']!r} -> {out['decision']} {got}")
    print(f"\n{path.name}: {len(items)} questions")
    summary = summarise(items, outs)
    print(f"consul-bot  {summary.line()}")
    print(f"            {summary.second_line()}")
    if baseline:
        print(f"baseline    {summarise(items, baseline_outputs(matcher, items)).line()}")
    return 0
