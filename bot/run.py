"""`python -m bot run`: long polling, or a webhook when WEBHOOK_URL is set (or --webhook)."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlsplit

from telegram import Update

from bot.app import build_application, snapshot_folder
from bot.config import ConfigError, load_settings
from bot.content import load_for_start, locales_dir, resolve_dir
from bot.faq.yaml_reader import FaqError


class _WithoutSecrets(logging.Formatter):
    """The last line of defence: a secret that reaches a log line anyway (a library's error message that
    quotes a request URL, a traceback) is replaced. The bot's own lines carry ids, never citizens' words."""

    def __init__(self, fmt: str, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self._secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self._secrets:
            line = line.replace(secret, "[REDACTED]")
        return line


def configure_logging(secrets: tuple[str, ...] = ()) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_WithoutSecrets("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def run_bot(webhook: bool = False) -> int:
    configure_logging()
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging((settings.token, settings.webhook_secret or ""))
    try:  # content first: a broken FAQ with no good snapshot to fall back on stops the start here, readably
        preloaded = load_for_start(resolve_dir(settings.faq_dir, "faq"), locales_dir(), snapshot_folder(settings))
    except FaqError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            "the FAQ has errors and there is no earlier good version to run on: fix them and start again",
            file=sys.stderr,
        )
        return 1
    app = build_application(settings)
    app.bot_data["preloaded_content"] = preloaded
    if webhook or settings.webhook_url:
        if not settings.webhook_url:
            print("configuration error: --webhook needs WEBHOOK_URL", file=sys.stderr)
            return 2
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),  # what the proxy forwards as-is
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=10)
    return 0
