"""`python -m bot learn --apply FILE`: accepted phrasing suggestions into faq/*.yaml, safely.

Safe means: only lines are added (comments, order and formatting stay, see `faq_edit`); a phrasing
that is already in the entry is left alone, so applying the same file twice changes nothing; one that
would duplicate another entry's phrasing is refused and reported (the checker would refuse the whole
FAQ); and the result is validated exactly like `python -m bot check` validates the FAQ (`read_faq`
with the topic coverage of shared/spec/topics.yaml). If that check fails, every file is put back as it
was and the problems are returned, so a running bot's `/reload` never meets a half-applied edit.
New-topic clusters are never applied: an entry needs an answer an editor writes; accepted ones are
returned so the command can remind the editor.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.faq.loader import Problem, read_faq, read_topic_ids
from bot.faq.model import Faq
from bot.learning.alone import add_alone
from bot.learning.faq_edit import insertion, phrasing_lists
from bot.learning.learned_file import learned_path
from bot.learning.not_covered import add_not_covered
from bot.learning.phrasing import existing_phrasings, phrasing_key, tidy, unusable_reason
from bot.learning.review_choices import ReviewError, ReviewFile, read_review


@dataclass(frozen=True)
class Applied:
    entry: str
    lang: str
    text: str
    file: str
    line: int  # where the phrasing now is


@dataclass(frozen=True)
class Refused:
    index: int  # position in the review file's `phrasings`, from 1
    entry: str
    lang: str
    text: str
    reason: str


@dataclass(frozen=True)
class ApplyResult:
    applied: tuple[Applied, ...] = ()
    already_present: tuple[Refused, ...] = ()  # accepted, but the entry already has it: nothing to do
    refused: tuple[Refused, ...] = ()
    topics: tuple[dict[str, Any], ...] = ()  # accepted new topics: an editor must write these entries
    problems: tuple[Problem, ...] = ()  # why nothing was written (or everything was put back)
    rolled_back: bool = False
    files: tuple[str, ...] = field(default=())  # files changed
    alone: tuple[str, ...] = ()  # entries added to learned.yaml's answer_when_alone
    not_covered: tuple[str, ...] = ()  # texts added to learned.yaml's not_covered

    @property
    def ok(self) -> bool:
        """The FAQ passes `check` (with or without the new phrasings)."""
        return not self.problems


def default_topic_ids() -> list[str]:
    """The topic ids `python -m bot check` checks coverage against (none when topics.yaml is absent)."""
    from bot.content import topics_file

    topics = topics_file()
    return read_topic_ids(topics) if topics else []


def apply_suggestions(
    faq_dir: Path,
    suggestions_file: Path,
    accept_all: bool = False,
    topic_ids: Iterable[str] | None = None,
    also_check: Callable[[Path], list[Problem]] | None = None,
) -> ApplyResult:
    """Merge the accepted phrasings of `suggestions_file` into the FAQ in `faq_dir` (see module doc).

    `topic_ids` defaults to shared/spec/topics.yaml's, as `check` uses; `also_check` runs further
    checks on the edited folder (a problem there rolls the edit back too).
    """
    topics = list(default_topic_ids() if topic_ids is None else topic_ids)
    try:
        review = read_review(suggestions_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ReviewError) as exc:
        return ApplyResult(problems=(Problem(str(suggestions_file), 1, str(exc)),))
    faq, problems = read_faq(faq_dir, topics)
    if faq is None:
        return ApplyResult(problems=tuple(problems))
    owners = existing_phrasings(faq)
    planned: dict[tuple[str, str], list[str]] = defaultdict(list)
    present: list[Refused] = []
    refused: list[Refused] = []
    for choice in review.phrasings:
        if not (choice.accept or accept_all):
            continue
        text = tidy(choice.text)
        reason = unusable_reason(text)
        key = phrasing_key(text)
        owner = owners.get(key)
        if reason is None and choice.entry not in faq.entries:
            reason = f"there is no entry {choice.entry!r}"
        elif reason is None and owner is not None and owner != choice.entry:
            reason = f"the same phrasing is already under entry {owner!r}"
        if reason is not None:
            refused.append(Refused(choice.index, choice.entry, choice.lang, text, reason))
        elif owner == choice.entry:
            present.append(Refused(choice.index, choice.entry, choice.lang, text, "already in the entry"))
        else:
            owners[key] = choice.entry
            planned[choice.entry, choice.lang].append(text)
    accepted_topics = tuple(t for t in review.topics if t.get("accept") is True or accept_all)
    lists = phrasing_lists(faq_dir)
    for spot in [s for s in planned if s not in lists]:
        for text in planned.pop(spot):
            refused.append(Refused(0, spot[0], spot[1], text, "no `phrasings:` list found for this entry"))
    alone = _alone_plan(review, faq, accept_all, present, refused)
    not_covered = _not_covered_plan(review, faq, accept_all, owners, present, refused)
    base = ApplyResult(already_present=tuple(present), refused=tuple(refused), topics=accepted_topics)
    if not planned and not alone and not not_covered:
        return base
    originals, applied = _write(planned, lists)
    if alone or not_covered:
        path = learned_path(faq_dir)
        source = path.read_text(encoding="utf-8") if path.exists() else None
        originals[path] = source
        learned = add_alone(source, alone, date.today()) if alone else source
        if not_covered:
            learned = add_not_covered(learned, not_covered, date.today())
        _atomic_write(path, learned or "")
    after, problems = read_faq(faq_dir, topics)
    if after is not None and also_check is not None:
        problems += also_check(faq_dir)
    missing = [a for a in applied if after is not None and a.text not in after.entry(a.entry).text(a.lang).phrasings]
    unlearned = [e for e in alone if after is not None and e not in after.answer_when_alone]
    unlearned += [t for t, _ in not_covered if after is not None and t not in after.not_covered]
    if after is None or missing or unlearned or problems:
        _restore(originals)
        problems += [Problem(a.file, a.line, f"the new phrasing {a.text!r} did not land in {a.entry}") for a in missing]
        problems += [Problem(str(learned_path(faq_dir)), 1, f"{e!r} did not land in learned.yaml") for e in unlearned]
        return ApplyResult(
            already_present=base.already_present,
            refused=base.refused,
            topics=accepted_topics,
            problems=tuple(problems),
            rolled_back=True,
        )
    return ApplyResult(
        tuple(applied),
        base.already_present,
        base.refused,
        accepted_topics,
        files=tuple(map(str, originals)),
        alone=tuple(alone),
        not_covered=tuple(t for t, _ in not_covered),
    )


def _alone_plan(
    review: ReviewFile, faq: Faq, accept_all: bool, present: list[Refused], refused: list[Refused]
) -> dict[str, int]:
    """Accepted answer-when-alone entries that are new (entry id -> confirmed); the rest go to present/refused."""
    plan: dict[str, int] = {}
    for choice in review.alone:
        if not (choice.accept or accept_all):
            continue
        if choice.entry not in faq.entries:
            refused.append(Refused(choice.index, choice.entry, "", "", f"there is no entry {choice.entry!r}"))
        elif choice.entry in faq.answer_when_alone or choice.entry in plan:
            present.append(Refused(choice.index, choice.entry, "", "", "already answered when alone"))
        else:
            plan[choice.entry] = choice.confirmed
    return plan


def _not_covered_plan(
    review: ReviewFile,
    faq: Faq,
    accept_all: bool,
    owners: dict[str, str],
    present: list[Refused],
    refused: list[Refused],
) -> list[tuple[str, str]]:
    """Accepted not-covered texts that are new, as (text, lang); the rest go to present/refused.

    A text that is an entry's phrasing is refused: the same words cannot be answered and not covered."""
    known = {phrasing_key(text) for text in faq.not_covered}
    plan: list[tuple[str, str]] = []
    for choice in review.not_covered:
        if not (choice.accept or accept_all):
            continue
        text = tidy(choice.text)
        key = phrasing_key(text)
        reason = unusable_reason(text)
        if reason is None and key in owners:
            reason = f"the same words are a phrasing of entry {owners[key]!r}"
        if reason is not None:
            refused.append(Refused(choice.index, "", choice.lang, text, reason))
        elif key in known:
            present.append(Refused(choice.index, "", choice.lang, text, "already not covered"))
        else:
            known.add(key)
            plan.append((text, choice.lang))
    return plan


def _write(
    planned: dict[tuple[str, str], list[str]], lists: dict[tuple[str, str], Any]
) -> tuple[dict[Path, str | None], list[Applied]]:
    """Insert the planned phrasings file by file; returns the original texts and what was added where."""
    by_file: dict[Path, list[tuple[tuple[str, str], list[str]]]] = defaultdict(list)
    for spot, texts in planned.items():
        by_file[lists[spot].path].append((spot, texts))
    originals: dict[Path, str | None] = {}
    applied: list[Applied] = []
    for path, spots in by_file.items():
        source = path.read_bytes().decode("utf-8")
        originals[path] = source
        edits = sorted(((*insertion(source, lists[spot].node, texts), spot, texts) for spot, texts in spots))
        added = 0
        for offset, inserted, (entry, lang), texts in edits:
            first_line = source.count("\n", 0, offset) + 1 + added
            flow = lists[entry, lang].node.flow_style
            for i, text in enumerate(texts):
                line = first_line if flow else first_line + i
                applied.append(Applied(entry, lang, text, str(path), line))
            added += inserted.count("\n")
        result = source
        for offset, inserted, _, _ in reversed(edits):
            result = result[:offset] + inserted + result[offset:]
        _atomic_write(path, result)
    return originals, applied


def _restore(originals: dict[Path, str | None]) -> None:
    """Put every file back; one that did not exist before (None) is removed."""
    for path, text in originals.items():
        if text is None:
            path.unlink(missing_ok=True)
        else:
            _atomic_write(path, text)


def _atomic_write(path: Path, text: str) -> None:
    """Replace the file in one step: a crash never leaves half an FAQ file for the bot to load."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
        os.chmod(tmp, mode)  # keep the file's permissions, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
