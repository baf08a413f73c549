"""Reading the editors' context word lists: the urgency markers in urgent.yaml and faq/dialogue.yaml.

Kept apart from loader.py so the FAQ loader stays about entries; the same `YamlReader` records problems
with their line numbers, so a broken list is reported as `file:line: message` like everything else.
Lists may be written flat or grouped by language (`ru: [...]`, `ky-latn: [...]`): the groups are only
for the editors' eyes, citizens mix languages, so the bot merges them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, SequenceNode

from bot.faq.model import DialogueWords, FollowUpMove, UrgencyMarkers
from bot.matching.text import fold

if TYPE_CHECKING:
    from bot.faq.yaml_reader import YamlReader

URGENCY_LISTS = (
    "anchors",
    "generic",
    "past",
    "negations",
    "present",
    "hypothetical",
    "conditional_endings",
    "curious",
    "laughing",
    "countries",
    "concepts",
    "home",
    "writer_here",
)
_DIALOGUE_LISTS = (
    "last_option",
    "none_of_these",
    "choice_fillers",
    "new_topic",
    "places",
    "place_fillers",
    "faq_countries",
)


def phrases(reader: YamlReader, node: Node | None, what: str) -> tuple[str, ...]:
    """A list of phrases, or a mapping of labels (languages) to lists, merged in order."""
    if isinstance(node, MappingNode):
        out: list[str] = []
        for key_node, value_node in node.value:
            out.extend(t for t, _ in reader.strings(value_node, f"{what} [{key_node.value}]"))
        return tuple(out)
    return tuple(t for t, _ in reader.strings(node, what))


def read_urgency_markers(reader: YamlReader, fields: dict[str, Node]) -> UrgencyMarkers:
    """The optional marker lists beside the `urgent:` rules in urgent.yaml."""
    named = reader.mapping(fields["countries"], "countries", ()) if "countries" in fields else {}
    countries = {name: phrases(reader, node, f"countries {name}") for name, node in named.items()}
    named = reader.mapping(fields["concepts"], "concepts", ()) if "concepts" in fields else {}
    concepts = {name: phrases(reader, node, f"concept {name}") for name, node in named.items()}
    return UrgencyMarkers(
        anchors=phrases(reader, fields.get("anchors"), "anchors"),
        past=phrases(reader, fields.get("past"), "past"),
        negations=phrases(reader, fields.get("negations"), "negations"),
        present=phrases(reader, fields.get("present"), "present"),
        hypothetical=phrases(reader, fields.get("hypothetical"), "hypothetical"),
        conditional_endings=tuple(
            fold(e) for e in phrases(reader, fields.get("conditional_endings"), "conditional_endings")
        ),
        curious=phrases(reader, fields.get("curious"), "curious"),
        laughing=phrases(reader, fields.get("laughing"), "laughing"),
        generic=phrases(reader, fields.get("generic"), "generic"),
        countries=countries,
        concepts=concepts,
        home=phrases(reader, fields.get("home"), "home"),
        writer_here=phrases(reader, fields.get("writer_here"), "writer_here"),
    )


def read_combinations(
    reader: YamlReader, node: Node | None, concepts: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, ...], ...]:
    """A rule's `together`: lists of concept names, each name defined under `concepts`."""
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        reader.problem(node, "together must be a list of lists of concept names")
        return ()
    combinations = []
    for item in node.value:
        names = reader.strings(item, "together")
        for name, name_node in names:
            if name not in concepts:
                reader.problem(name_node, f"concept {name!r} is not defined under `concepts`")
        if names and all(name in concepts for name, _ in names):
            combinations.append(tuple(name for name, _ in names))
    return tuple(combinations)


def read_dialogue_words(reader: YamlReader, root: Node, refs: list[tuple[str, Node]] | None = None) -> DialogueWords:
    """faq/dialogue.yaml: ordinals (per language, one list of words per option position) and the other lists."""
    fields = reader.mapping(root, "dialogue.yaml", (), ("ordinals", "follow_ups", *_DIALOGUE_LISTS))
    positions: list[list[str]] = []
    ordinals = reader.mapping(fields["ordinals"], "ordinals", ()) if "ordinals" in fields else {}
    for lang, node in ordinals.items():
        if not isinstance(node, SequenceNode):
            reader.problem(node, f"ordinals [{lang}] must be a list (one list of words per option position)")
            continue
        for index, item in enumerate(node.value):
            while len(positions) <= index:
                positions.append([])
            positions[index].extend(t for t, _ in reader.strings(item, f"ordinals [{lang}] position {index + 1}"))
    lists = {name: phrases(reader, fields.get(name), name) for name in _DIALOGUE_LISTS}
    moves = read_follow_up_moves(reader, fields.get("follow_ups"), refs if refs is not None else [])
    return DialogueWords(ordinals=tuple(tuple(p) for p in positions), moves=moves, **lists)


def read_follow_up_moves(
    reader: YamlReader, node: Node | None, refs: list[tuple[str, Node]]
) -> tuple[FollowUpMove, ...]:
    """`follow_ups`: per kind of follow-up, its `phrases` and `moves` (last entry id: entry id that answers it).

    The entry ids go to `refs` with their nodes: the loader checks them once every entry is read."""
    if node is None:
        return ()
    moves = []
    for name, item in reader.mapping(node, "follow_ups", ()).items():
        fields = reader.mapping(item, f"follow_ups {name!r}", ("phrases", "moves"))
        said = phrases(reader, fields.get("phrases"), f"follow_ups {name!r} phrases")
        targets = {}
        for last, target in reader.mapping(fields.get("moves"), f"follow_ups {name!r} moves", ()).items():
            targets[last] = reader.string(target, f"follow_ups {name!r} moves {last!r}")
            refs.extend(((last, target), (targets[last], target)))
        if said and targets:
            moves.append(FollowUpMove(name, said, targets))
    return tuple(moves)
