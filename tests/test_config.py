"""Settings as a deployer meets them: clear errors for missing or malformed values, .env support, no leaked token."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmn"
BASE = {"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": "-1001234567890"}


def settings(tmp_path: Path, **env: str) -> Settings:
    """Settings from exactly `env` (no .env file)."""
    return load_settings({**BASE, **env}, dotenv=tmp_path / "absent.env")


def test_minimal_settings_and_defaults(tmp_path: Path) -> None:
    s = settings(tmp_path)
    assert s.token == TOKEN
    assert s.staff_chat_id == -1001234567890
    assert s.api_url == "https://api.telegram.org"
    assert s.admin_ids == frozenset()
    assert s.database_url == "sqlite:///data/bot.sqlite3"
    assert s.faq_dir == "faq"
    assert s.webhook_url is None
    assert s.work_hours == (9, 18)
    assert s.resurface_after_s == 7200
    assert s.flood_per_minute == 20


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"STAFF_CHAT_ID": "-100123"}, ["BOT_TOKEN", "@BotFather"]),
        ({"BOT_TOKEN": "   ", "STAFF_CHAT_ID": "-100123"}, ["BOT_TOKEN", "@BotFather"]),
        ({"BOT_TOKEN": TOKEN}, ["STAFF_CHAT_ID", "supergroup"]),
        ({"BOT_TOKEN": TOKEN, "STAFF_CHAT_ID": ""}, ["STAFF_CHAT_ID"]),
    ],
    ids=["no-token", "blank-token", "no-staff-chat", "empty-staff-chat"],
)
def test_missing_required_setting_says_which_and_how(tmp_path: Path, env: dict[str, str], words: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env, dotenv=tmp_path / "absent.env")
    message = str(caught.value)
    for word in words:
        assert word in message
    assert TOKEN not in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STAFF_CHAT_ID", "staff-group"),
        ("STAFF_CHAT_ID", "-100 123"),
        ("WEBHOOK_PORT", "84a3"),
        ("RESURFACE_MINUTES", "two hours"),
        ("FLOOD_PER_MINUTE", "20.5"),
        ("GROUP_RATE_PER_MINUTE", "x"),
        ("WORK_HOURS", "nine-six"),
        ("WORK_HOURS", "9"),
        ("WORK_HOURS", "9-18-20"),
        ("ADMIN_IDS", "123,@boss"),
    ],
)
def test_bad_numbers_are_a_config_error_naming_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(tmp_path, **{name: value})
    assert name in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WORK_HOURS", "9-25"),
        ("WORK_HOURS", "18-9"),
        ("WEBHOOK_PORT", "70000"),
        ("FLOOD_PER_MINUTE", "0"),
        ("RESURFACE_MINUTES", "-5"),
    ],
)
def test_out_of_range_numbers_are_a_config_error(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError):
        settings(tmp_path, **{name: value})


@pytest.mark.parametrize(
    ("raw", "ids"),
    [
        ("", frozenset()),
        ("42", frozenset({42})),
        ("1,2,3", frozenset({1, 2, 3})),
        (" 1 , 2 ,3 ", frozenset({1, 2, 3})),
        ("1,,2,", frozenset({1, 2})),
        ("7,7", frozenset({7})),
    ],
)
def test_admin_ids_parsing(tmp_path: Path, raw: str, ids: frozenset[int]) -> None:
    assert settings(tmp_path, ADMIN_IDS=raw).admin_ids == ids


def test_work_hours_and_numbers_are_parsed(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        WORK_HOURS="8:30-17:00",
        WEBHOOK_PORT="8080",
        RESURFACE_MINUTES="30",
        FLOOD_PER_MINUTE="5",
        BOT_API_URL="http://localhost:8081/",
    )
    assert s.work_hours == (8, 17)
    assert s.webhook_port == 8080
    assert s.resurface_after_s == 1800
    assert s.flood_per_minute == 5
    assert s.api_url == "http://localhost:8081"  # the bot appends /bot<token>/<method> itself


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# deployment settings\n"
        "\n"
        f'export BOT_TOKEN="{TOKEN}"\r\n'
        "STAFF_CHAT_ID = -100555\n"
        "ADMIN_IDS='1,2'\n"
        "WEBHOOK_SECRET=abc=def\n"
        "not a setting line\n",
        encoding="utf-8",
    )
    s = load_settings({}, dotenv=dotenv)
    assert s.token == TOKEN
    assert s.staff_chat_id == -100555
    assert s.admin_ids == frozenset({1, 2})
    assert s.webhook_secret == "abc=def"


def test_real_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"BOT_TOKEN={TOKEN}\nSTAFF_CHAT_ID=-100555\nFAQ_DIR=from-dotenv\n", encoding="utf-8")
    s = load_settings({"STAFF_CHAT_ID": "-100777", "FAQ_DIR": "/srv/faq"}, dotenv=dotenv)
    assert s.staff_chat_id == -100777
    assert s.faq_dir == "/srv/faq"
    assert s.token == TOKEN  # not set in the environment: taken from .env


def test_dotenv_in_the_working_directory_and_os_environ_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nSTAFF_CHAT_ID=-100555\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.setenv("STAFF_CHAT_ID", "-100999")
    s = load_settings()
    assert (s.token, s.staff_chat_id) == (TOKEN, -100999)


def test_secrets_never_appear_in_repr(tmp_path: Path) -> None:
    s = settings(tmp_path, WEBHOOK_SECRET="s3cr3t-webhook-value", WEBHOOK_URL="https://bot.example/hook")
    for shown in (repr(s), str(s), f"{s}", f"{s!r}"):
        assert TOKEN not in shown
        assert TOKEN.split(":")[1] not in shown
        assert "s3cr3t-webhook-value" not in shown
    assert "staff_chat_id=-1001234567890" in repr(s)  # the rest is still there for debugging


def test_staff_language_is_checked() -> None:
    assert (
        load_settings({"BOT_TOKEN": "1:x", "STAFF_CHAT_ID": "-1", "STAFF_LANG": "ky"}, Path("/nonexistent")).staff_lang
        == "ky"
    )
    with pytest.raises(ConfigError, match="STAFF_LANG"):
        load_settings({"BOT_TOKEN": "1:x", "STAFF_CHAT_ID": "-1", "STAFF_LANG": "de"}, Path("/nonexistent"))
