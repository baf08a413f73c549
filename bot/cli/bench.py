"""`python -m bot bench`: matcher latency (p50/p99), peak memory and FAQ load time.

Figures, not assertions: speed is measured here and reported, never asserted in the test suite.
The synthetic FAQ is the real one copied 20 times with words altered per copy, so the vocabulary
and postings grow the way a larger FAQ's would, not just the entry count.
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
from dataclasses import replace

from bot.content import PROJECT_ROOT, faq_dir
from bot.faq.loader import load_faq
from bot.faq.model import LANGUAGES, Entry, Faq
from bot.matching.matcher import Matcher

_SYLLABLES = ["ка", "ло", "ми", "ру", "те", "зо", "ba", "ki", "mo", "nu"]


def synthetic_faq(faq: Faq, copies: int, seed: int = 7) -> Faq:
    rng = random.Random(seed)
    entries: dict[str, Entry] = dict(faq.entries)
    for k in range(1, copies):
        tag = _SYLLABLES[k % len(_SYLLABLES)] + _SYLLABLES[(k * 3) % len(_SYLLABLES)]

        def alter(text: str, tag: str = tag) -> str:
            return " ".join(w + tag if rng.random() < 0.5 and len(w) > 3 else w for w in text.split())

        for entry in faq.entries.values():
            texts = {
                lang: replace(
                    entry.text(lang),
                    question=alter(entry.text(lang).question),
                    phrasings=tuple(alter(p) for p in entry.text(lang).phrasings),
                    keywords=tuple(alter(p) for p in entry.text(lang).keywords),
                )
                for lang in LANGUAGES
            }
            entries[f"{entry.id}-x{k}"] = replace(entry, id=f"{entry.id}-x{k}", texts=texts, related=())
    return replace(faq, entries=entries)


def questions(limit: int) -> list[str]:
    dev = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
    import json

    if dev.exists():
        texts = [json.loads(line)["text"] for line in dev.open(encoding="utf-8") if line.strip()]
    else:
        faq = load_faq(faq_dir())
        texts = [p for e in faq.entries.values() for lang in LANGUAGES for p in e.text(lang).phrasings]
    return (texts * (limit // max(1, len(texts)) + 1))[:limit]


def measure(faq: Faq, texts: list[str]) -> dict[str, float]:
    # Timings run without tracemalloc: tracing every allocation slows Python code several times over
    # and would report the tracer's cost, not the matcher's. Memory is measured in a separate pass.
    started = time.perf_counter()
    matcher = Matcher(faq)
    build_s = time.perf_counter() - started
    # warm-up: the first pass fills per-word caches; report steady state and cold separately
    cold: list[float] = []
    for text in texts[:200]:
        t0 = time.perf_counter()
        matcher.match(text)
        cold.append(time.perf_counter() - t0)
    timings: list[float] = []
    for text in texts:
        t0 = time.perf_counter()
        matcher.match(text)
        timings.append(time.perf_counter() - t0)
    del matcher
    tracemalloc.start()
    traced = Matcher(faq)
    for text in texts[:200]:
        traced.match(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timings.sort()
    cold.sort()
    return {
        "entries": len(faq.entries),
        "index_build_ms": build_s * 1000,
        "cold_p99_ms": cold[int(len(cold) * 0.99) - 1] * 1000,
        "p50_ms": statistics.median(timings) * 1000,
        "p99_ms": timings[int(len(timings) * 0.99) - 1] * 1000,
        "peak_mib": peak / 2**20,
    }


def run_bench(n_questions: int) -> int:
    started = time.perf_counter()
    faq = load_faq(faq_dir())
    load_s = time.perf_counter() - started
    texts = questions(n_questions)
    print(f"load faq/ (parse + validate): {load_s * 1000:.0f} ms   questions per run: {len(texts)}")
    for name, subject in (("real FAQ", faq), ("20x synthetic", synthetic_faq(faq, 20))):
        r = measure(subject, texts)
        print(
            f"{name:14} entries={r['entries']:4.0f}  index build {r['index_build_ms']:6.0f} ms  "
            f"p50 {r['p50_ms']:.3f} ms  p99 {r['p99_ms']:.3f} ms  (cold p99 {r['cold_p99_ms']:.3f} ms)  "
            f"peak traced memory {r['peak_mib']:.1f} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(run_bench(2000))
