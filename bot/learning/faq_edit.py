"""Adding items to a `phrasings:` list in faq/*.yaml by editing the text at the right place.

Editors own these files: their comments, blank lines, key order and quoting are part of the content.
Loading and dumping a file would lose all of it, so we only find where a list ends (YAML nodes keep
their character positions) and insert new lines there, written the way the list already is: a block
list gets `- item` lines at the indentation of its first item, a flow list `[a, b]` gets `, item`
before its closing bracket. New texts are written plain when that reads back as the same string, and
double-quoted (JSON escaping is valid YAML) otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.faq.loader import SPECIAL_FILES
from bot.faq.model import LANGUAGES

_DASH = re.compile(r"[ \t]*-[ \t]+")


@dataclass(frozen=True)
class PhrasingList:
    path: Path
    node: SequenceNode  # positions refer to the file's text as read


def phrasing_lists(faq_dir: Path) -> dict[tuple[str, str], PhrasingList]:
    """(entry id, language) -> where its `phrasings:` list is, for every group file that parses."""
    found: dict[tuple[str, str], PhrasingList] = {}
    for path in sorted(faq_dir.glob("*.yaml")):
        if path.name in SPECIAL_FILES:
            continue
        try:
            # the pure-Python loader: its marks count characters of the decoded text, which we edit
            # bytes decoded as they are: read_text would turn "\r\n" into "\n" and shift every position
            root = yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.SafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the check after applying reports it
        entries = _get(root, "entries")
        if not isinstance(entries, SequenceNode):
            continue
        for entry in entries.value:
            entry_id = _get(entry, "id")
            if not isinstance(entry_id, ScalarNode):
                continue
            for lang in LANGUAGES:
                phrasings = _get(_get(entry, lang), "phrasings")
                if isinstance(phrasings, SequenceNode):
                    found.setdefault((str(entry_id.value), lang), PhrasingList(path, phrasings))
    return found


def _get(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value
    return None


def yaml_scalar(text: str, *, flow: bool) -> str:
    """`text` as a YAML scalar that reads back as exactly `text`, in a block or a flow list."""
    plain_ok = text == text.strip() and not (flow and any(ch in text for ch in ",[]{}"))
    if plain_ok and _reads_back(text, text, flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    if not _reads_back(quoted, text, flow):  # pragma: no cover - JSON strings are YAML
        raise ValueError(f"cannot write {text!r} as YAML")
    return quoted


def _reads_back(scalar: str, text: str, flow: bool) -> bool:
    source = f"k: [{scalar}]" if flow else f"k:\n  - {scalar}\n"
    try:
        return yaml.safe_load(source) == {"k": [text]}
    except yaml.YAMLError:
        return False


def insertion(source: str, node: SequenceNode, texts: list[str]) -> tuple[int, str]:
    """(character offset, text to insert) that appends `texts` to the list `node` of `source`."""
    newline = "\r\n" if "\r\n" in source else "\n"
    if node.flow_style:
        items = [yaml_scalar(t, flow=True) for t in texts]
        if node.value:
            return node.value[-1].end_mark.index, "".join(f", {item}" for item in items)
        return node.end_mark.index - 1, ", ".join(items)  # just before "]"
    first, last = node.value[0], node.value[-1]
    line_start = source.rfind("\n", 0, first.start_mark.index) + 1
    dash = _DASH.match(source, line_start)
    prefix = dash.group(0) if dash else " " * max(0, first.start_mark.column - 2) + "- "
    lines = "".join(f"{prefix}{yaml_scalar(t, flow=False)}{newline}" for t in texts)
    end = last.end_mark.index
    if last.end_mark.column == 0:  # a block scalar ends at the start of the next line
        return end, lines
    line_end = source.find("\n", end)
    if line_end < 0:  # the list ends the file without a final newline
        return len(source), newline + lines.rstrip("\r\n")
    return line_end + 1, lines
