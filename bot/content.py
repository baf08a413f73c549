"""Loading the content (FAQ, matcher, UI strings, conversation) once, for every front end."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.domain.conversation import Conversation
from bot.domain.i18n import Translator
from bot.faq.loader import load_faq
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
    faq = load_faq(faq_path or faq_dir())
    matcher = Matcher(faq)
    translator = Translator.load(locales_path or locales_dir())
    return Content(faq, matcher, translator, Conversation(faq, matcher, translator))
