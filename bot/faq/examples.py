"""Citizens' questions confirmed for an entry (faq/examples.yaml): how people really ask.

Editors' phrasings say what an entry answers in the words an editor would choose. Citizens tell stories,
mix Kyrgyz and Russian, type in Latin letters and misspell; the matcher ranks the right entry first for
most of them but is rarely sure enough to answer. Questions a person confirmed for an entry teach the
matcher the words people use. They come from labelled sets written by people who never saw the FAQ
(`python -m bot examples` writes the file from them).

They are indexed like phrasings (an entry's vocabulary and its closest single text), but kept apart from
editors' phrasings: they are never shown to anyone, do not teach the language detector, and an exact
copy of one is not treated as an editor's own wording of the entry.

    examples:
      passport-renew-abroad:
        ru: ["паспорт бутуп калды жумушка алышпай жатат", ...]
        ky: [...]

`check` refuses an entry id that does not exist and a text listed under two entries.
"""

from __future__ import annotations

import re

from yaml.nodes import Node

from bot.faq.model import LANGUAGES
from bot.faq.yaml_reader import YamlReader

_NOT_WORDS = re.compile(r"[\W_]+")


def example_key(text: str) -> str:
    """Case and punctuation ignored. Cheaper than the phrasing key (`text_key`, which also folds letters): the
    file holds thousands of examples, `examples` already made them unique, and this only guards hand edits."""
    return _NOT_WORDS.sub(" ", text.casefold()).strip()


def load_examples(reader: YamlReader, root: Node, refs: list[tuple[str, Node]]) -> dict[str, tuple[str, ...]]:
    """entry id -> its examples (all languages). Entry ids go to `refs`, checked once every file is read."""
    fields = reader.mapping(root, "examples.yaml", ("examples",))
    by_entry = reader.mapping(fields.get("examples"), "examples", ()) if "examples" in fields else {}
    owner: dict[str, str] = {}
    out: dict[str, tuple[str, ...]] = {}
    key_nodes = {str(k.value): k for k, _ in getattr(fields.get("examples"), "value", ())}
    for entry_id, node in by_entry.items():
        refs.append((entry_id, key_nodes.get(entry_id, node)))  # a problem names the line of the entry's id
        texts: list[str] = []
        for lang, texts_node in reader.mapping(node, f"examples of {entry_id}", (), LANGUAGES).items():
            for text, item in reader.strings(texts_node, f"examples of {entry_id} [{lang}]"):
                key = example_key(text)
                if not key:
                    reader.problem(item, f"an example of {entry_id} has no words")
                elif owner.get(key, entry_id) != entry_id:
                    reader.problem(item, f"example {text!r} is listed under {owner[key]!r} and {entry_id!r}")
                elif key not in owner:
                    owner[key] = entry_id
                    texts.append(text)
        out[entry_id] = tuple(texts)
    return out
