"""Loading the content (FAQ, matcher, UI strings, conversation) once, for every front end."""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.domain.conversation import Conversation
from bot.domain.i18n import Translator, check_locales
from bot.faq.loader import FaqError, read_faq
from bot.faq.model import Faq
from bot.matching.matcher import Matcher

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resolve_dir(value: str | None, default: str) -> Path:
    """A content folder: as given, else relative to the working directory, else beside the package."""
    path = Path(value or default)
    if path.is_absolute() or path.exists():
        return path
    return PROJECT_ROOT / path


def faq_dir() -> Path:
    return resolve_dir(os.environ.get("FAQ_DIR"), "faq")


def locales_dir() -> Path:
    return resolve_dir(os.environ.get("LOCALES_DIR"), "locales")


def topics_file() -> Path | None:
    """shared/spec/topics.yaml when the repository sits beside `shared/` (development, CI)."""
    explicit = os.environ.get("TOPICS_FILE")
    candidate = Path(explicit) if explicit else PROJECT_ROOT.parent / "shared" / "spec" / "topics.yaml"
    return candidate if candidate.exists() else None


@dataclass(frozen=True)
class Content:
    faq: Faq
    matcher: Matcher
    translator: Translator
    conversation: Conversation


def load_content(faq_path: Path | None = None, locales_path: Path | None = None) -> Content:
    """The FAQ and UI strings as `check` validates them; FaqError with every problem otherwise."""
    faq_path, locales_path = faq_path or faq_dir(), locales_path or locales_dir()
    faq, problems = read_faq(faq_path)
    problems += check_locales(locales_path)
    if faq is None or problems:
        raise FaqError(problems)
    matcher = Matcher(faq)
    translator = Translator.load(locales_path)
    return Content(faq, matcher, translator, Conversation(faq, matcher, translator))


def load_edit(faq_path: Path, locales_path: Path, running: Content) -> Content:
    """An edited FAQ, refused (FaqError) if `check` refuses it or it drops strings the running bot uses."""
    content = load_content(faq_path, locales_path)
    problems = content.translator.compare_with(running.translator, locales_path)
    if problems:
        raise FaqError(problems)
    return content


class Snapshot:
    """The last content that loaded, copied into the data folder.

    A broken edit on disk then never keeps the bot from starting: it runs on the snapshot and admins are
    told what is broken. Only a first start, with no good snapshot yet, refuses to run.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.faq = folder / "faq"
        self.locales = folder / "locales"

    def exists(self) -> bool:
        return (self.faq.is_dir() and any(self.faq.glob("*.yaml"))) and (self.locales / "ru.yaml").is_file()

    def save(self, faq_path: Path, locales_path: Path) -> None:
        """Replace the snapshot with these folders (written beside, then swapped, so it is never half-made)."""
        fresh = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(faq_path, fresh / "faq", ignore=shutil.ignore_patterns("*.md"))
        shutil.copytree(locales_path, fresh / "locales")
        old = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            self.folder.rename(old)
        fresh.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)

    def load(self) -> Content:
        return load_content(self.faq, self.locales)


def load_for_start(faq_path: Path, locales_path: Path, snapshot: Snapshot | None) -> tuple[Content, list[str]]:
    """Content to start with, and what is broken on disk (empty when the files on disk loaded).

    Raises FaqError when the files are broken and there is no good snapshot to run on.
    """
    try:
        content = load_content(faq_path, locales_path)
    except FaqError as exc:
        if snapshot is None or not snapshot.exists():
            raise
        try:
            reference = snapshot.load()
        except FaqError:
            raise exc from None
        return reference, [str(p) for p in exc.problems]
    if snapshot is not None:
        with contextlib.suppress(OSError):  # a read-only data folder must not stop the bot
            snapshot.save(faq_path, locales_path)
    return content, []
