"""One FAQ group file: its group, its entries in every language, their phrasings and dated claims.

Every check a single entry can make is here (lengths, HTML, phrasings, `check_by`); checks that need the whole
FAQ (related ids, phrasings shared across entries) stay in the loader.
"""

from __future__ import annotations

from yaml.nodes import Node, SequenceNode

from bot.faq.model import LANGUAGES, CheckBy, Entry, Group, LocalizedEntry
from bot.faq.yaml_reader import YamlReader
from bot.render.telegram_html import MAX_TEXT, html_problems, visible_length

MIN_PHRASINGS = 8
MAX_QUESTION = 200
MAX_PHRASING = 200


def _load_entry(reader: YamlReader, node: Node, group: str) -> tuple[Entry | None, dict[str, list]]:
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


def _load_check_by(reader: YamlReader, node: Node | None, label: str) -> tuple[CheckBy, ...]:
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


def load_group_file(reader: YamlReader, root: Node) -> tuple[Group | None, list[tuple[Entry, Node, dict]]]:
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
