"""Load faq/*.yaml into a `Faq`, collecting every problem as `file:line: message`.

Editors edit YAML by hand; a traceback tells them nothing. We walk the YAML node tree (which keeps
line numbers) instead of the plain loaded data, so every complaint points at the line to fix, and we
collect all problems before failing so one run shows everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.faq.matching_data import load_concepts, load_decision_model, load_out_of_scope
from bot.faq.model import (
    LANGUAGES,
    CheckBy,
    ConceptWords,
    DecisionModel,
    DialogueWords,
    Entry,
    Faq,
    Group,
    Lexicon,
    LocalizedEntry,
    ScopeFamily,
    UrgencyMarkers,
    UrgentRule,
)
from bot.faq.word_lists import URGENCY_LISTS, phrases, read_combinations, read_dialogue_words, read_urgency_markers
from bot.matching.text import fold, tokens
from bot.render.telegram_html import MAX_TEXT, html_problems, visible_length

# libyaml's parser keeps line numbers too and is several times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SPECIAL_FILES = {
    "lexicon.yaml": "lexicon",
    "urgent.yaml": "urgent",
    "urgent_answers.yaml": "urgent_answers",
    "dialogue.yaml": "dialogue",
    "concepts.yaml": "concepts",
    "out_of_scope.yaml": "out_of_scope",
    "decision_model.yaml": "decision_model",
}
MIN_PHRASINGS = 8
MAX_QUESTION = 200
MAX_PHRASING = 200


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class FaqError(Exception):
    """The FAQ cannot be used as it is; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class _Reader:
    """Reads YAML nodes of one file, recording problems with their line numbers."""

    def __init__(self, path: Path, problems: list[Problem], declared: set[str]) -> None:
        self.path = path
        self.name = str(path)
        self.problems = problems
        self.declared = declared  # every id written in any file, even in an entry that is broken

    def problem(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.name, line, message))

    def compose(self) -> Node | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problems.append(Problem(self.name, 1, f"cannot read file: {exc}"))
            return None
        if not text.strip():
            self.problems.append(Problem(self.name, 1, "file is empty"))
            return None
        try:
            return yaml.compose(text, Loader=_LOADER)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            reason = getattr(exc, "problem", None) or str(exc)
            context = getattr(exc, "context", None)
            start = getattr(exc, "context_mark", None)
            if context and start is not None and start.line + 1 != line:
                # e.g. an unclosed quote is only noticed at the end of the file: say where it opened
                reason = f"{reason} ({context} that starts on line {start.line + 1})"
            self.problems.append(Problem(self.name, line, f"YAML syntax error: {reason}"))
            return None

    def mapping(
        self, node: Node | None, what: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Node]:
        """Keys of a mapping node; unknown, missing and duplicate keys are problems."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping")
            return {}
        out: dict[str, Node] = {}
        allowed = set(required) | set(optional)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                self.problem(key_node, f"duplicate key {key!r} in {what}")
            elif allowed and key not in allowed:
                self.problem(key_node, f"unknown field {key!r} in {what} (allowed: {', '.join(sorted(allowed))})")
            out[key] = value_node
        for key in required:
            if key not in out:
                self.problem(node, f"{what} is missing {key!r}")
        return out

    def string(self, node: Node | None, what: str) -> str:
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, f"{what} must be a non-empty text")
            return ""
        return str(node.value).strip()

    def number(self, node: Node | None, what: str) -> int:
        value = str(getattr(node, "value", ""))
        if not isinstance(node, ScalarNode) or not value.isdigit():
            self.problem(node, f"{what} must be a whole number")
            return 0
        return int(value)

    def flag(self, node: Node | None, what: str) -> bool:
        if node is None:
            return False
        value = str(getattr(node, "value", "")).lower()
        if not isinstance(node, ScalarNode) or value not in ("true", "false"):
            self.problem(node, f"{what} must be true or false")
            return False
        return value == "true"

    def day(self, node: Node | None, what: str) -> date | None:
        """An ISO date (YYYY-MM-DD); anything else is a problem, because `check` and `review` compare dates."""
        value = str(getattr(node, "value", "")).strip()
        try:
            if isinstance(node, ScalarNode) and len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.problem(node, f"{what} must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def strings(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{what} must be a list")
            return []
        out = []
        for item in node.value:
            value = self.string(item, f"an item of {what}")
            if value:
                out.append((value, item))
        return out


def _load_entry(reader: _Reader, node: Node, group: str) -> tuple[Entry | None, dict[str, list]]:
    """One entry; an entry that lacks a language is still returned (the lack is a problem) so `review` can list it."""
    fields = reader.mapping(
        node, "an entry", ("id", "reviewed", "sources", "related", *LANGUAGES), ("offer_staff", "check_by")
    )
    entry_id = reader.string(fields.get("id"), "id") if "id" in fields else ""
    if entry_id:
        reader.declared.add(entry_id)
    label = f"entry {entry_id!r}"
    texts: dict[str, LocalizedEntry] = {}
    phrasing_nodes: dict[str, list] = {}
    for lang in LANGUAGES:
        if lang not in fields:
            continue
        block = reader.mapping(fields[lang], f"{label} [{lang}]", ("question", "phrasings", "answer"), ("keywords",))
        question = reader.string(block.get("question"), f"{label} [{lang}] question")
        if len(question) > MAX_QUESTION:
            reader.problem(block.get("question"), f"{label} [{lang}] question is over {MAX_QUESTION} characters")
        phrasings = reader.strings(block.get("phrasings"), f"{label} [{lang}] phrasings")
        if "phrasings" in block and len(phrasings) < MIN_PHRASINGS:
            reader.problem(
                block["phrasings"], f"{label} [{lang}] has {len(phrasings)} phrasings, at least {MIN_PHRASINGS} needed"
            )
        for text, item in phrasings:
            if len(text) > MAX_PHRASING:
                reader.problem(item, f"{label} [{lang}] phrasing is over {MAX_PHRASING} characters")
        answer = reader.string(block.get("answer"), f"{label} [{lang}] answer")
        answer_node = block.get("answer")
        for message in html_problems(answer):
            reader.problem(answer_node, f"{label} [{lang}] answer: invalid Telegram HTML: {message}")
        if visible_length(answer) > MAX_TEXT:
            reader.problem(answer_node, f"{label} [{lang}] answer is over {MAX_TEXT} characters when rendered")
        keywords = reader.strings(block.get("keywords"), f"{label} [{lang}] keywords")
        phrasing_nodes[lang] = phrasings
        texts[lang] = LocalizedEntry(
            question=question,
            phrasings=tuple(t for t, _ in phrasings),
            keywords=tuple(t for t, _ in keywords),
            answer=answer,
        )
    if not entry_id:
        return None, phrasing_nodes
    reviewed_node = fields.get("reviewed")
    if reviewed_node is not None:
        reader.day(reviewed_node, f"{label} reviewed")
    entry = Entry(
        id=entry_id,
        group=group,
        reviewed=str(getattr(reviewed_node, "value", "")).strip(),
        sources=tuple(t for t, _ in reader.strings(fields.get("sources"), f"{label} sources")),
        related=tuple(t for t, _ in reader.strings(fields.get("related"), f"{label} related")),
        texts=texts,
        source=f"{reader.name}:{node.start_mark.line + 1}",
        offer_staff=reader.flag(fields.get("offer_staff"), f"{label} offer_staff"),
        check_by=_load_check_by(reader, fields.get("check_by"), label),
    )
    return entry, phrasing_nodes


def _load_check_by(reader: _Reader, node: Node | None, label: str) -> tuple[CheckBy, ...]:
    """`check_by:` - a list of {date, claim, source?}: time-bound claims and when to re-check them.

    `source` may be left out while an editor looks for one; `review` lists such claims.
    """
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        reader.problem(node, f"{label} check_by must be a list of {{date, claim, source}}")
        return ()
    claims = []
    for item in node.value:
        fields = reader.mapping(item, f"a check_by item of {label}", ("date", "claim"), ("source",))
        due = reader.day(fields["date"], f"{label} check_by date") if "date" in fields else None
        claim = reader.string(fields.get("claim"), f"{label} check_by claim") if "claim" in fields else ""
        source = reader.string(fields["source"], f"{label} check_by source") if "source" in fields else ""
        if due is not None and claim:
            claims.append(CheckBy(due, claim, source, f"{reader.name}:{fields['date'].start_mark.line + 1}"))
    return tuple(claims)


def _load_group_file(reader: _Reader, root: Node) -> tuple[Group | None, list[tuple[Entry, Node, dict]]]:
    fields = reader.mapping(root, "a group file", ("group", "title", "entries"), ("order",))
    group_id = reader.string(fields.get("group"), "group") if "group" in fields else ""
    title_fields = reader.mapping(fields.get("title"), "title", LANGUAGES) if "title" in fields else {}
    title = {lang: reader.string(node, f"title [{lang}]") for lang, node in title_fields.items()}
    entries: list[tuple[Entry, Node, dict]] = []
    entries_node = fields.get("entries")
    if entries_node is not None and not isinstance(entries_node, SequenceNode):
        reader.problem(entries_node, "entries must be a list")
    elif entries_node is not None:
        for item in entries_node.value:
            entry, phrasing_nodes = _load_entry(reader, item, group_id)
            if entry is not None:
                entries.append((entry, item, phrasing_nodes))
    order = reader.number(fields.get("order"), "order") if "order" in fields else 0
    group = Group(group_id, title, tuple(e.id for e, _, _ in entries), order) if group_id else None
    return group, entries


def _load_lexicon(reader: _Reader, root: Node) -> Lexicon:
    fields = reader.mapping(
        root,
        "lexicon.yaml",
        (),
        ("synonyms", "markers", "smalltalk", "fillers", "off_topic", "common_words", "topic_synonyms"),
    )
    synonyms: dict[str, str] = {}
    for lang, node in reader.mapping(fields.get("synonyms"), "synonyms", (), LANGUAGES).items():
        for variant, canonical in reader.mapping(node, f"synonyms [{lang}]", ()).items():
            synonyms[" ".join(fold(t) for t in tokens(variant))] = reader.string(canonical, f"synonym of {variant!r}")
    markers = {
        lang: frozenset(fold(w) for w, _ in reader.strings(node, f"markers [{lang}]"))
        for lang, node in reader.mapping(fields.get("markers"), "markers", (), LANGUAGES).items()
    }
    smalltalk = {
        kind: frozenset(" ".join(fold(t) for t in tokens(w)) for w, _ in reader.strings(node, f"smalltalk {kind}"))
        for kind, node in reader.mapping(fields.get("smalltalk"), "smalltalk", ()).items()
    }
    fillers = frozenset(fold(w) for w, _ in reader.strings(fields.get("fillers"), "fillers"))
    off_topic = tuple(c for c, _ in reader.strings(fields.get("off_topic"), "off_topic"))
    common_words = tuple(w for w, _ in reader.strings(fields.get("common_words"), "common_words"))
    topic_synonyms = (
        {
            name: tuple(w for w, _ in reader.strings(node, f"topic_synonyms [{name}]"))
            for name, node in reader.mapping(fields.get("topic_synonyms"), "topic_synonyms", ()).items()
        }
        if "topic_synonyms" in fields
        else {}
    )
    return Lexicon(
        synonyms=synonyms,
        markers=markers,
        smalltalk=smalltalk,
        fillers=fillers,
        off_topic=off_topic,
        common_words=common_words,
        topic_synonyms=topic_synonyms,
    )


def _load_urgent(reader: _Reader, root: Node) -> tuple[list[tuple[UrgentRule, Node]], UrgencyMarkers]:
    fields = reader.mapping(root, "urgent.yaml", ("urgent",), URGENCY_LISTS)
    markers = read_urgency_markers(reader, fields)
    node = fields.get("urgent")
    if not isinstance(node, SequenceNode):
        if node is not None:
            reader.problem(node, "urgent must be a list")
        return [], markers
    rules = []
    for item in node.value:
        optional = ("cues", "unless", "weak", "together", "resolved")
        rule = reader.mapping(item, "an urgent rule", ("kind", "entry"), optional)
        cues = phrases(reader, rule.get("cues"), "cues")
        unless = phrases(reader, rule.get("unless"), "unless")
        weak = phrases(reader, rule.get("weak"), "weak")
        together = read_combinations(reader, rule.get("together"), markers.concepts)
        resolved = phrases(reader, rule.get("resolved"), "resolved")
        kind = reader.string(rule.get("kind"), "kind")
        entry = reader.string(rule.get("entry"), "entry")
        if kind and entry and not (cues or together):
            reader.problem(item, f"urgent rule {kind!r} needs cues or together (weak cues only count beside them)")
        elif kind and entry:
            rules.append((UrgentRule(kind, entry, cues, unless, weak, together, resolved), rule["entry"]))
    return rules, markers


def _load_urgent_answers(reader: _Reader, root: Node) -> dict[str, dict[str, str]]:
    """urgent_answers.yaml: situation kind -> {ky, ru, en} Telegram-HTML reply, each checked like an answer."""
    answers: dict[str, dict[str, str]] = {}
    for kind, node in reader.mapping(root, "urgent_answers.yaml", ()).items():
        texts: dict[str, str] = {}
        for lang, text_node in reader.mapping(node, f"urgent answer {kind!r}", LANGUAGES, LANGUAGES).items():
            text = reader.string(text_node, f"urgent answer {kind!r} [{lang}]")
            for problem in html_problems(text):
                reader.problem(text_node, f"urgent answer {kind!r} [{lang}]: {problem}")
            if visible_length(text) > MAX_TEXT:
                reader.problem(text_node, f"urgent answer {kind!r} [{lang}] is longer than {MAX_TEXT} characters")
            texts[lang] = text
        answers[kind] = texts
    return answers


@dataclass(frozen=True)
class FaqScan:
    """Everything read from faq/, usable or not.

    `check` needs the problems; `review` needs the entries even when some are incomplete (an entry that
    lacks a language is kept here so the editor's report can name what is missing). The bot itself only
    ever gets `faq`, which exists only when there is no problem at all.
    """

    faq: Faq | None
    problems: list[Problem]
    entries: dict[str, Entry] = field(default_factory=dict)
    urgent: tuple[UrgentRule, ...] = ()
    urgent_answers: dict[str, dict[str, str]] = field(default_factory=dict)


def read_faq(
    faq_dir: Path, topic_ids: Iterable[str] = (), *, decision_model: bool = True
) -> tuple[Faq | None, list[Problem]]:
    """Load and validate the FAQ; returns the FAQ (None if unusable) and every problem found.

    `decision_model=False` skips decision_model.yaml: `calibrate` refits it and must not need the old one."""
    scan = scan_faq(faq_dir, topic_ids, decision_model=decision_model)
    return scan.faq, scan.problems


def scan_faq(faq_dir: Path, topic_ids: Iterable[str] = (), *, decision_model: bool = True) -> FaqScan:
    """Read and validate every file of faq/, keeping what could be read even when there are problems."""
    problems: list[Problem] = []
    groups: list[Group] = []
    entries: dict[str, Entry] = {}
    placed: list[tuple[Entry, Node, dict, _Reader]] = []
    lexicon = Lexicon()
    urgent: list[tuple[UrgentRule, Node, _Reader]] = []
    urgent_answers: dict[str, dict[str, str]] = {}
    urgency_markers = UrgencyMarkers()
    dialogue = DialogueWords()
    dialogue_refs: list[tuple[str, Node]] = []  # entry ids named in dialogue.yaml's follow_ups, checked at the end
    dialogue_reader: _Reader | None = None
    concepts = ConceptWords()
    out_of_scope: tuple[ScopeFamily, ...] = ()
    decision: DecisionModel | None = None
    declared: set[str] = set()
    files = sorted(faq_dir.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(faq_dir), 1, "no *.yaml files found"))
    for path in files:
        reader = _Reader(path, problems, declared)
        root = reader.compose()
        if root is None:
            continue
        kind = SPECIAL_FILES.get(path.name)
        if kind == "decision_model" and not decision_model:
            continue
        if kind == "lexicon":
            lexicon = _load_lexicon(reader, root)
        elif kind == "urgent":
            urgent_rules, urgency_markers = _load_urgent(reader, root)
            urgent.extend((rule, node, reader) for rule, node in urgent_rules)
        elif kind == "dialogue":
            dialogue, dialogue_reader = read_dialogue_words(reader, root, dialogue_refs), reader
        elif kind == "urgent_answers":
            urgent_answers = _load_urgent_answers(reader, root)
        elif kind == "concepts":
            concepts = load_concepts(reader, root)
        elif kind == "out_of_scope":
            out_of_scope = load_out_of_scope(reader, root)
        elif kind == "decision_model":
            decision = load_decision_model(reader, root)
        else:
            group, file_entries = _load_group_file(reader, root)
            if group is not None:
                groups.append(group)
            for entry, node, phrasing_nodes in file_entries:
                if entry.id in entries:
                    reader.problem(node, f"duplicate id {entry.id!r} (first at {entries[entry.id].source})")
                    continue
                entries[entry.id] = entry
                placed.append((entry, node, phrasing_nodes, reader))
    _cross_check(placed, entries, declared, urgent, topic_ids, faq_dir, problems)
    for entry_id, node in dialogue_refs:
        if dialogue_reader is not None and entry_id and entry_id not in declared:
            dialogue_reader.problem(node, f"follow_ups: entry {entry_id!r} does not exist")
    rules = tuple(rule for rule, _, _ in urgent)
    faq = None
    if not problems:
        groups.sort(key=lambda g: (g.order, g.id))
        faq = Faq(
            tuple(groups),
            entries,
            lexicon,
            rules,
            urgent_answers,
            urgency_markers,
            dialogue,
            concepts=concepts,
            out_of_scope=out_of_scope,
            decision=decision,
        )
    return FaqScan(faq, problems, entries, rules, urgent_answers)


def _cross_check(
    placed: list[tuple[Entry, Node, dict, _Reader]],
    entries: dict[str, Entry],
    declared: set[str],
    urgent: list[tuple[UrgentRule, Node, _Reader]],
    topic_ids: Iterable[str],
    faq_dir: Path,
    problems: list[Problem],
) -> None:
    """Checks that need the whole FAQ: related ids, shared phrasings, topic coverage."""
    owner: dict[str, str] = {}
    for entry, _node, phrasing_nodes, reader in placed:
        for rel in entry.related:
            if rel not in declared:  # an entry broken elsewhere is reported there, not here again
                reader.problem(_node, f"entry {entry.id!r}: related id {rel!r} does not exist")
            elif rel == entry.id:
                reader.problem(_node, f"entry {entry.id!r} lists itself as related")
        for lang, items in phrasing_nodes.items():
            for text, item in items:
                key = " ".join(fold(t) for t in tokens(text))
                first = owner.setdefault(key, entry.id)
                if first != entry.id:
                    reader.problem(item, f"phrasing {text!r} [{lang}] is also under entry {first!r}")
    for rule, node, reader in urgent:
        if rule.entry_id not in declared:
            reader.problem(node, f"urgent rule {rule.kind!r}: entry {rule.entry_id!r} does not exist")
    for topic in topic_ids:
        if topic not in declared:
            problems.append(Problem(str(faq_dir), 1, f"topic {topic!r} from topics.yaml has no entry"))


def load_faq(faq_dir: Path, topic_ids: Iterable[str] = (), *, decision_model: bool = True) -> Faq:
    """The FAQ, or FaqError listing every problem."""
    faq, problems = read_faq(faq_dir, topic_ids, decision_model=decision_model)
    if faq is None:
        raise FaqError(problems)
    return faq


def read_topic_ids(path: Path) -> list[str]:
    """Topic ids from shared/spec/topics.yaml (group -> {id: description})."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [topic for group in data.values() if isinstance(group, dict) for topic in group]
