"""UI strings in ky / ru / en from locales/*.yaml; content is data, never Python literals."""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.faq.model import LANGUAGES
from bot.faq.yaml_reader import Problem

DEFAULT_LANG = "ru"
log = logging.getLogger(__name__)


def pick_language(telegram_code: str | None) -> str:
    """Our language for a Telegram `language_code` ("ru-RU", "ky", "en-GB"...); ru when unknown."""
    code = (telegram_code or "").lower().split("-")[0]
    if code in ("ky", "kg", "kir"):
        return "ky"
    if code == "en":
        return "en"
    return DEFAULT_LANG


def _flatten(data: object, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}{key}."))
    elif data is not None:
        out[prefix[:-1]] = str(data).strip()
    return out


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Translator:
    strings: dict[str, dict[str, str]]  # lang -> key -> text

    @classmethod
    def load(cls, locales_dir: Path) -> Translator:
        return cls(
            {lang: _flatten(yaml.safe_load((locales_dir / f"{lang}.yaml").read_text("utf-8"))) for lang in LANGUAGES}
        )

    def t(self, lang: str, key: str, **values: object) -> str:
        """The string in ``lang`` with its placeholders filled.

        A string that cannot be filled (an editor's typo in a placeholder) never breaks the reply: the
        default language's string is used, and as a last resort the text as it stands.
        """
        table = self.strings.get(lang) or self.strings[DEFAULT_LANG]
        text = table.get(key) or self.strings[DEFAULT_LANG].get(key) or key
        if not values:
            return text
        for candidate in (text, self.strings[DEFAULT_LANG].get(key, text)):
            try:
                return candidate.format(**values)
            except (KeyError, IndexError, ValueError, AttributeError):
                log.warning("UI string %s [%s] has placeholders the code does not fill", key, lang)
        return text

    def compare_with(self, reference: Translator, locales_dir: Path) -> list[Problem]:
        """What a new set of strings breaks compared with the running one: lost keys, changed placeholders."""
        problems: list[Problem] = []
        for lang in LANGUAGES:
            name = str(locales_dir / f"{lang}.yaml")
            new, old = self.strings.get(lang, {}), reference.strings.get(lang, {})
            for key in sorted(old.keys() - new.keys()):
                problems.append(Problem(name, 1, f"UI key {key!r} was removed; the bot still uses it"))
            for key in sorted(old.keys() & new.keys()):
                try:
                    changed = _fields(new[key]) != _fields(old[key])
                except ValueError:
                    continue  # reported by check_locales
                if changed:
                    want = ", ".join(f"{{{f}}}" for f in sorted(_fields(old[key]))) or "none"
                    problems.append(Problem(name, 1, f"{key}: placeholders changed; the bot fills {want}"))
        return problems


def _key_lines(text: str) -> dict[str, int]:
    """Line of every (dotted) key in a simple nested YAML mapping, so problems point at the key itself."""
    lines: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.lstrip()
        if not stripped or stripped.startswith(("#", "-")) or ":" not in stripped:
            continue
        key = stripped.split(":", 1)[0].strip().strip("\"'")
        if not key or " " in key:
            continue  # a continuation line of a block scalar, not a key
        indent = len(raw) - len(stripped)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, key))
        lines.setdefault(".".join(k for _, k in stack), number)
    return lines


def check_locales(locales_dir: Path) -> list[Problem]:
    """Every key in every language, the same {placeholders} as most languages have, valid Telegram HTML."""
    from bot.render.telegram_html import html_problems

    problems: list[Problem] = []
    tables: dict[str, dict[str, str]] = {}
    lines: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        path = locales_dir / f"{lang}.yaml"
        try:
            text = path.read_text(encoding="utf-8")
            tables[lang] = _flatten(yaml.safe_load(text))
        except (OSError, yaml.YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(str(path), mark.line + 1 if mark else 1, f"cannot load: {exc}"))
            continue
        lines[lang] = _key_lines(text)
    all_keys = set().union(*(t.keys() for t in tables.values())) if tables else set()
    for lang, table in tables.items():
        name = str(locales_dir / f"{lang}.yaml")
        for key in sorted(all_keys - table.keys()):
            problems.append(Problem(name, 1, f"UI key {key!r} is missing (present in another locale)"))
        for key, value in table.items():
            line = lines[lang].get(key, 1)
            for message in html_problems(value):
                problems.append(Problem(name, line, f"{key}: invalid Telegram HTML: {message}"))
            try:
                _fields(value)
            except ValueError as exc:
                problems.append(Problem(name, line, f"{key}: malformed placeholder ({exc}); write {{name}}"))
                continue
            expected = _usual_fields(key, tables)
            if expected is not None and _fields(value) != expected:
                want = ", ".join(f"{{{f}}}" for f in sorted(expected)) or "none"
                problems.append(Problem(name, line, f"{key}: placeholders differ from the other locales ({want})"))
    return problems


def _usual_fields(key: str, tables: dict[str, dict[str, str]]) -> set[str] | None:
    """The placeholder set most locales use for `key` (None when there is no majority to compare with)."""
    sets = []
    for table in tables.values():
        if key in table:
            try:
                sets.append(frozenset(_fields(table[key])))
            except ValueError:
                continue
    if len(sets) < 2:
        return None
    best = max(set(sets), key=sets.count)
    return set(best) if sets.count(best) * 2 > len(sets) else None
