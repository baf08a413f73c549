"""Personal data never reaches storage or logs: `mask` replaces it with typed placeholders."""

from bot.privacy.masking import PLACEHOLDERS, has_placeholder, mask

__all__ = ["PLACEHOLDERS", "has_placeholder", "mask"]
