"""`python -m bot eval [SET]`: per-language and per-tag figures and the list of errors, for editors."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.content import PROJECT_ROOT, faq_dir
from bot.faq.loader import load_faq
from bot.faq.model import LANGUAGES
from bot.matching.evaluation import Summary, breakdown, judge, load_set, summarise
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


def run_eval(
    set_path: str | None, *, show_errors: bool = False, baseline: bool = False, sweep: bool = False, real: bool = False
) -> int:
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
    if sweep:
        return _sweep(matcher, items)
    outs = [matcher.match(i["text"]).as_json() for i in items]
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
    print(f"consul-bot  {summarise(items, outs).line()}")
    if baseline:
        print(f"baseline    {summarise(items, baseline_outputs(matcher, items)).line()}")
    return 0


def _sweep(matcher: Matcher, items: list[dict]) -> int:
    """Grid over decision thresholds, tuned on the even lines and checked on the odd ones (held out),
    so a setting that only memorises the set shows up as a gap between the two columns."""
    base = matcher.thresholds
    tune, held = items[0::2], items[1::2]
    results = []
    for answer, margin, clarify in itertools.product(
        [0.45, 0.5, 0.55, 0.6, 0.65, 0.7], [0.0, 0.04, 0.08, 0.12, 0.16], [0.2, 0.25, 0.3, 0.35]
    ):
        matcher.thresholds = replace(base, answer=answer, margin=margin, clarify=clarify)
        s = summarise(tune, [matcher.match(i["text"]).as_json() for i in tune])
        h = summarise(held, [matcher.match(i["text"]).as_json() for i in held])
        results.append((_objective(s), answer, margin, clarify, s, h))
    matcher.thresholds = base
    results.sort(key=lambda r: r[0], reverse=True)
    for objective, answer, margin, clarify, s, h in results[:10]:
        print(
            f"answer={answer:.2f} margin={margin:.2f} clarify={clarify:.2f} tune obj={objective:.3f} "
            f"held-out obj={_objective(h):.3f}\n    tune     {s.line()}\n    held-out {h.line()}"
        )
    return 0


def _objective(s: Summary) -> float:
    return s.helped + s.answered_right - 4 * s.wrong_answers - 2 * s.none_answered
