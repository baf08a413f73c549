"""Reading YAML as a node tree that keeps line numbers, so every complaint about an editor's file is `file:line`.

Shared by every FAQ file's reader (entries, word lists, the decision model); the loader puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser keeps line numbers too and is several times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class YamlReader:
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
