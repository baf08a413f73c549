"""The stems of citizens' examples (faq/examples.yaml), remembered on disk between starts.

Thousands of examples take about a second to analyse, and they change only when `python -m bot examples`
runs again, so a start (and every `match`, `eval` or test run) would redo the same work. Their stems are
kept in a small JSON file, per example text, under a fingerprint of everything analysis depends on: the
analysing code, the synonym list, the English vocabulary and the concept words. A different fingerprint
is a different file, so an edit to any of these can never meet stale stems; a new example is analysed and
added. The file is only an accelerator: if it cannot be read or written (a read-only disk, a full one),
the examples are analysed as if it did not exist.

`EXAMPLES_CACHE_DIR` chooses the folder (default: `consul-bot-<uid>` in the system's temporary folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.matching.cues import Word

_CODE = ("text.py", "analysis.py", "concepts.py", "cues.py", "example_words.py")


def cache_dir() -> Path:
    explicit = os.environ.get("EXAMPLES_CACHE_DIR")
    return Path(explicit) if explicit else Path(tempfile.gettempdir()) / f"consul-bot-{os.getuid()}"


def fingerprint(*state: object) -> str:
    """A digest of the analysing code and of `state` (the analyzer's word lists and concept words)."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    for part in state:
        digest.update(repr(part).encode("utf-8"))
    return digest.hexdigest()[:24]


class ExampleWords:
    """Stems per example text: from the file when known, else analysed (and the file brought up to date)."""

    def __init__(self, analyse: Callable[[str, str | None], list[Word]], key: str, folder: Path | None = None) -> None:
        self.analyse = analyse
        self.path = (folder or cache_dir()) / f"examples-{key}.json"

    def stems(self, texts: Iterable[str]) -> dict[str, frozenset[str]]:
        known = self._read()
        out: dict[str, frozenset[str]] = {}
        fresh = False
        for text in texts:
            stems = known.get(text)
            if not isinstance(stems, list):  # unknown (or a damaged file)
                # read as a question is: every reading of each word (lang None)
                stems = sorted(frozenset().union(*(term for _, term in self.analyse(text, None))))
                known[text] = stems
                fresh = True
            out[text] = frozenset(stems)
        if fresh:
            self._write(known)
        return out

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, known: dict[str, list[str]]) -> None:
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".examples-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(known, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self.path)  # whole or not at all, even with two processes writing at once
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
