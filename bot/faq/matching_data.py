"""Loading the matcher's editor data: concepts.yaml, out_of_scope.yaml, decision_model.yaml, urgency_model.yaml and
learned.yaml.

Each is optional. Problems are reported with file:line like every other FAQ file, so `python -m bot
check` catches a typo in a concept list or a hand-edited model before the bot loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import Node, ScalarNode, SequenceNode

from bot.faq.model import ConceptWords, DecisionModel, LogisticRule, ScopeFamily
from bot.matching.decision import FEATURES

if TYPE_CHECKING:
    from bot.faq.yaml_reader import YamlReader


def load_concepts(reader: YamlReader, root: Node) -> ConceptWords:
    """concepts.yaml: `concepts` and `context` ({name: [phrase, ...]}) and `background: [word, ...]`."""
    fields = reader.mapping(root, "concepts.yaml", (), ("concepts", "context", "background"))
    lists: dict[str, dict[str, tuple[str, ...]]] = {"concepts": {}, "context": {}}
    for section, named in lists.items():
        for name, node in reader.mapping(fields.get(section), section, ()).items():
            if not name.replace("_", "").isalnum():
                reader.problem(node, f"concept name {name!r} must be letters, digits or _")
            if name in lists["concepts"] or name in lists["context"]:
                reader.problem(node, f"concept {name!r} is listed twice")
            phrases = tuple(p for p, _ in reader.strings(node, f"concept {name!r}"))
            if not phrases:
                reader.problem(node, f"concept {name!r} lists no words")
            named[name] = phrases
    background = tuple(w for w, _ in reader.strings(fields.get("background"), "background"))
    return ConceptWords(concepts=lists["concepts"], context=lists["context"], background=background)


def load_out_of_scope(reader: YamlReader, root: Node) -> tuple[ScopeFamily, ...]:
    """out_of_scope.yaml: `families: {name: {cues: [...], unless: [...]}}`."""
    fields = reader.mapping(root, "out_of_scope.yaml", ("families",))
    families: list[ScopeFamily] = []
    for name, node in reader.mapping(fields.get("families"), "families", ()).items():
        family = reader.mapping(node, f"family {name!r}", (), ("cues", "unless", "all_of", "in_follow_ups"))
        cues = tuple(c for c, _ in reader.strings(family.get("cues"), f"family {name!r} cues"))
        unless = tuple(c for c, _ in reader.strings(family.get("unless"), f"family {name!r} unless"))
        groups: list[tuple[str, ...]] = []
        all_of = family.get("all_of")
        if all_of is not None and not isinstance(all_of, SequenceNode):
            reader.problem(all_of, f"family {name!r} all_of must be a list of lists")
        for group in all_of.value if isinstance(all_of, SequenceNode) else ():
            phrases = tuple(c for c, _ in reader.strings(group, f"a group of family {name!r} all_of"))
            if phrases:
                groups.append(phrases)
        if not cues and not groups:
            reader.problem(node, f"family {name!r} needs cues or all_of")
        follow = "in_follow_ups" in family and reader.flag(family["in_follow_ups"], f"family {name!r} in_follow_ups")
        families.append(ScopeFamily(name, cues, unless, tuple(groups), follow))
    return tuple(families)


def load_decision_model(reader: YamlReader, root: Node) -> DecisionModel | None:
    """decision_model.yaml, written by `python -m bot calibrate`: two logistic rules and their thresholds."""
    fields = reader.mapping(root, "decision_model.yaml", ("answer", "option", "offer"))
    rules = {name: _rule(reader, fields.get(name), name) for name in ("answer", "option")}
    answer, option = rules["answer"], rules["option"]
    offer = _number(reader, fields.get("offer"), "offer") if "offer" in fields else None
    if answer is None or option is None or offer is None:
        return None
    return DecisionModel(answer=answer, option=option, offer=offer)


def load_urgency_model(reader: YamlReader, root: Node) -> LogisticRule | None:
    """urgency_model.yaml, written by `python -m bot calibrate`: the urgent lane's logistic model over word stems
    and the rules' verdict (bot/matching/urgency_model.py); any feature name is allowed."""
    return _rule(reader, root, "urgency", known=None)


def _rule(reader: YamlReader, node: Node | None, name: str, known: tuple[str, ...] | None = ()) -> LogisticRule | None:
    """One logistic rule: `known` lists its feature names (default: the decision model's FEATURES[name]; None:
    any name, as the urgency model's word stems)."""
    if node is None:
        return None
    names = FEATURES[name] if known == () else known
    fields = reader.mapping(node, f"model {name!r}", ("bias", "threshold", "weights"))
    bias = _number(reader, fields.get("bias"), f"{name} bias")
    threshold = _number(reader, fields.get("threshold"), f"{name} threshold")
    if threshold is not None and not 0.0 < threshold < 1.0:
        reader.problem(fields.get("threshold"), f"{name} threshold must be between 0 and 1")
    weights: dict[str, float] = {}
    for feature, value in reader.mapping(fields.get("weights"), f"{name} weights", ()).items():
        if names is not None and feature not in names:
            reader.problem(value, f"{name} weights: unknown feature {feature!r} (known: {', '.join(names)})")
            continue
        number = _number(reader, value, f"{name} weight of {feature!r}")
        if number is not None:
            weights[feature] = number
    if bias is None or threshold is None:
        return None
    return LogisticRule(bias=bias, weights=weights, threshold=threshold)


def _number(reader: YamlReader, node: Node | None, what: str) -> float | None:
    try:
        if isinstance(node, ScalarNode):
            return float(node.value)
    except ValueError:
        pass
    reader.problem(node, f"{what} must be a number")
    return None


def load_learned(
    reader: YamlReader, root: Node, refs: list[tuple[str, Node]]
) -> tuple[frozenset[str], tuple[str, ...]]:
    """learned.yaml, kept by `python -m bot learn --apply`: `answer_when_alone: {entry-id: {...}, ...}` and
    `not_covered: [{text: ..., lang: ..., learned: YYYY-MM-DD}, ...]`.

    The entry ids go to `refs` so that the loader can check them against the entries once all files are read.
    """
    fields = reader.mapping(root, "learned.yaml", (), ("answer_when_alone", "not_covered"))
    alone: frozenset[str] = frozenset()
    if fields.get("answer_when_alone") is not None:
        found = reader.mapping(fields["answer_when_alone"], "answer_when_alone", ())
        refs.extend((entry_id, node) for entry_id, node in found.items())
        alone = frozenset(found)
    return alone, _not_covered(reader, fields.get("not_covered"))


def _not_covered(reader: YamlReader, node: Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, SequenceNode):
        reader.problem(node, "not_covered must be a list of {text, lang, learned}")
        return ()
    texts = []
    for item in node.value:
        fields = reader.mapping(item, "a not_covered item", ("text",), ("lang", "learned"))
        text = reader.string(fields.get("text"), "its text") if "text" in fields else ""
        if fields.get("learned") is not None:
            reader.day(fields["learned"], "learned")
        if text:
            texts.append(text)
    return tuple(texts)
