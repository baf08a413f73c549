"""Settings from the environment (and a `.env` file), validated once at start.

Real environment variables win over `.env`. The token is never part of repr() or any log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


def read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


def _int(env: Mapping[str, str], name: str, default: int, low: int = 1, high: int = 10**9) -> int:
    """A whole number in [low, high]: a zero flood limit or a port of 70000 is a typo, not a setting."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _language(value: str) -> str:
    lang = value.strip().lower() or "ru"
    if lang not in ("ky", "ru", "en"):
        raise ConfigError(f"STAFF_LANG must be ky, ru or en, got {value!r}")
    return lang


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    staff_chat_id: int
    api_url: str = "https://api.telegram.org"
    admin_ids: frozenset[int] = frozenset()
    database_url: str = "sqlite:///data/bot.sqlite3"
    faq_dir: str = "faq"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    work_hours: tuple[int, int] = (9, 18)  # Bishkek time, Mon-Fri
    resurface_after_s: int = 2 * 3600
    flood_per_minute: int = 20
    flood_window_s: int = 60  # the flood limit counts messages in this many seconds
    group_rate_per_minute: int = 20  # Telegram's limit for a group (the staff chat); lower only in tests
    rate_limit: bool = True  # AIORateLimiter on (off only for benchmarks)
    staff_lang: str = "ru"  # language of ticket cards and staff notices
    retention_days: int = 180  # texts of closed tickets, questions, names of inactive citizens (bot.privacy.policy)
    backup_keep_days: int = 7  # nightly backups kept (said to citizens in /privacy; `backup --keep` default)
    audit_retention_days: int = 730  # audit entries (staff names, ids of blocked citizens)
    retention_clock_shift_s: int = 0  # tests only: the retention job judges ages as if this much later
    digest_to: str = "staff"  # the weekly digest goes to the staff chat, to each admin ("admins"), or nowhere ("off")


def load_settings(env: Mapping[str, str] | None = None, dotenv: Path = Path(".env")) -> Settings:
    merged = {**read_dotenv(dotenv), **(env if env is not None else os.environ)}
    token = merged.get("BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("BOT_TOKEN is not set: get a token from @BotFather and put it in the environment or .env")
    staff = merged.get("STAFF_CHAT_ID", "").strip()
    if not staff:
        raise ConfigError("STAFF_CHAT_ID is not set: the id of the staff supergroup (a negative number like -100…)")
    try:
        staff_chat_id = int(staff)
    except ValueError as exc:
        raise ConfigError(f"STAFF_CHAT_ID must be a number, got {staff!r}") from exc
    try:
        admins = frozenset(int(x) for x in merged.get("ADMIN_IDS", "").replace(" ", "").split(",") if x)
    except ValueError as exc:
        raise ConfigError("ADMIN_IDS must be comma-separated Telegram user ids") from exc
    hours = merged.get("WORK_HOURS", "9-18").strip()
    try:
        start, end = (int(h.split(":")[0]) for h in hours.split("-"))
    except ValueError as exc:
        raise ConfigError(f"WORK_HOURS must look like 9-18, got {hours!r}") from exc
    if not 0 <= start < end <= 24:
        raise ConfigError(f"WORK_HOURS must be two hours 0-24, the first before the second, got {hours!r}")
    return Settings(
        token=token,
        staff_chat_id=staff_chat_id,
        api_url=(merged.get("BOT_API_URL") or "https://api.telegram.org").rstrip("/"),
        admin_ids=admins,
        database_url=merged.get("DATABASE_URL") or "sqlite:///data/bot.sqlite3",
        faq_dir=merged.get("FAQ_DIR") or "faq",
        webhook_url=merged.get("WEBHOOK_URL") or None,
        webhook_listen=merged.get("WEBHOOK_LISTEN") or "127.0.0.1",
        webhook_port=_int(merged, "WEBHOOK_PORT", 8443, high=65535),
        webhook_secret=merged.get("WEBHOOK_SECRET") or None,
        work_hours=(start, end),
        resurface_after_s=_int(merged, "RESURFACE_MINUTES", 120) * 60,
        flood_per_minute=_int(merged, "FLOOD_PER_MINUTE", 20),
        flood_window_s=_int(merged, "FLOOD_WINDOW_SECONDS", 60, low=5, high=3600),
        group_rate_per_minute=_int(merged, "GROUP_RATE_PER_MINUTE", 20),
        rate_limit=merged.get("RATE_LIMIT", "1") != "0",
        staff_lang=_language(merged.get("STAFF_LANG", "ru")),
        retention_days=_int(merged, "RETENTION_DAYS", 180, high=3650),
        backup_keep_days=_int(merged, "BACKUP_KEEP_DAYS", 7, high=365),
        audit_retention_days=_int(merged, "AUDIT_RETENTION_DAYS", 730, low=30, high=3650),
        retention_clock_shift_s=_int(merged, "RETENTION_CLOCK_SHIFT_DAYS", 0, low=0, high=3650) * 86400,
        digest_to=_digest_to(merged.get("DIGEST_TO", "staff")),
    )


def _digest_to(value: str) -> str:
    where = value.strip().lower() or "staff"
    if where not in ("staff", "admins", "off"):
        raise ConfigError(f"DIGEST_TO must be staff, admins or off, got {value!r}")
    return where
