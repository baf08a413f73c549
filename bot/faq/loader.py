"""Load faq/*.yaml into a `Faq`, collecting every problem as `file:line: message`.

Editors edit YAML by hand; a traceback tells them nothing. We walk the YAML node tree (which keeps
line numbers) instead of the plain loaded data, so every complaint points at the line to fix, and we
collect all problems before failing so one run shows everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import Node, SequenceNode

from bot.faq.entries import load_group_file
from bot.faq.examples import load_examples
from bot.faq.matching_data import (
    load_concepts,
    load_decision_model,
    load_learned,
    load_out_of_scope,
    load_urgency_model,
)
from bot.faq.model import (
    LANGUAGES,
    ConceptWords,
    DecisionModel,
    DialogueWords,
    Entry,
    Faq,
    Group,
    Lexicon,
    LogisticRule,
    ScopeFamily,
    UrgencyMarkers,
    UrgentRule,
)
from bot.faq.word_lists import URGENCY_LISTS, phrases, read_combinations, read_dialogue_words, read_urgency_markers
from bot.faq.yaml_reader import FaqError, Problem, YamlReader
from bot.matching.text import fold, text_key, tokens
from bot.render.telegram_html import MAX_TEXT, html_problems, visible_length

SPECIAL_FILES = {
    "lexicon.yaml": "lexicon",
    "urgent.yaml": "urgent",
    "urgent_answers.yaml": "urgent_answers",
    "dialogue.yaml": "dialogue",
    "concepts.yaml": "concepts",
    "out_of_scope.yaml": "out_of_scope",
    "decision_model.yaml": "decision_model",
    "urgency_model.yaml": "urgency_model",
    "learned.yaml": "learned",
    "examples.yaml": "examples",
}


def _load_lexicon(reader: YamlReader, root: Node) -> Lexicon:
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


def _load_urgent(reader: YamlReader, root: Node) -> tuple[list[tuple[UrgentRule, Node]], UrgencyMarkers]:
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


def _load_urgent_answers(reader: YamlReader, root: Node) -> dict[str, dict[str, str]]:
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

    `decision_model=False` skips decision_model.yaml and urgency_model.yaml: `calibrate` refits them and must not
    need the old ones."""
    scan = scan_faq(faq_dir, topic_ids, decision_model=decision_model)
    return scan.faq, scan.problems


def scan_faq(faq_dir: Path, topic_ids: Iterable[str] = (), *, decision_model: bool = True) -> FaqScan:
    """Read and validate every file of faq/, keeping what could be read even when there are problems."""
    problems: list[Problem] = []
    groups: list[Group] = []
    entries: dict[str, Entry] = {}
    placed: list[tuple[Entry, Node, dict, YamlReader]] = []
    lexicon = Lexicon()
    urgent: list[tuple[UrgentRule, Node, YamlReader]] = []
    urgent_answers: dict[str, dict[str, str]] = {}
    urgency_markers = UrgencyMarkers()
    dialogue = DialogueWords()
    dialogue_refs: list[tuple[str, Node]] = []  # entry ids named in dialogue.yaml's follow_ups, checked at the end
    dialogue_reader: YamlReader | None = None
    concepts = ConceptWords()
    out_of_scope: tuple[ScopeFamily, ...] = ()
    decision: DecisionModel | None = None
    urgency_model: LogisticRule | None = None
    answer_when_alone: frozenset[str] = frozenset()
    not_covered: tuple[str, ...] = ()
    examples: dict[str, tuple[str, ...]] = {}
    example_refs: list[tuple[str, Node, YamlReader]] = []
    entry_refs: list[tuple[str, Node, YamlReader]] = []  # entry ids named by dialogue.yaml and learned.yaml
    declared: set[str] = set()
    files = sorted(faq_dir.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(faq_dir), 1, "no *.yaml files found"))
    for path in files:
        reader = YamlReader(path, problems, declared)
        root = reader.compose()
        if root is None:
            continue
        kind = SPECIAL_FILES.get(path.name)
        if kind in ("decision_model", "urgency_model") and not decision_model:
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
        elif kind == "urgency_model":
            urgency_model = load_urgency_model(reader, root)
        elif kind == "learned":
            learned_refs: list[tuple[str, Node]] = []
            answer_when_alone, not_covered = load_learned(reader, root, learned_refs)
            entry_refs.extend((entry_id, node, reader) for entry_id, node in learned_refs)
        elif kind == "examples":
            refs: list[tuple[str, Node]] = []
            examples = load_examples(reader, root, refs)
            example_refs.extend((entry_id, node, reader) for entry_id, node in refs)
        else:
            group, file_entries = load_group_file(reader, root)
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
    for entry_id, node, reader in entry_refs:
        if entry_id not in declared:
            reader.problem(node, f"answer_when_alone: entry {entry_id!r} does not exist")
    for entry_id, node, reader in example_refs:
        if entry_id not in declared:
            reader.problem(node, f"examples: entry {entry_id!r} does not exist")
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
            urgency_model=urgency_model,
            answer_when_alone=answer_when_alone,
            not_covered=not_covered,
            examples=examples,
        )
    return FaqScan(faq, problems, entries, rules, urgent_answers)


def _cross_check(
    placed: list[tuple[Entry, Node, dict, YamlReader]],
    entries: dict[str, Entry],
    declared: set[str],
    urgent: list[tuple[UrgentRule, Node, YamlReader]],
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
                key = text_key(text)
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
