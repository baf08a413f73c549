"""Working hours in Bishkek time, so a citizen is told honestly when to expect an answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")  # no daylight saving since 2005


def bishkek_now(now: float | None = None) -> datetime:
    moment = datetime.fromtimestamp(now, UTC) if now is not None else datetime.now(UTC)
    return moment.astimezone(BISHKEK)


def is_working_time(hours: tuple[int, int], now: float | None = None) -> bool:
    local = bishkek_now(now)
    return local.weekday() < 5 and hours[0] <= local.hour < hours[1]


def hours_label(hours: tuple[int, int]) -> str:
    return f"{hours[0]:02d}:00–{hours[1]:02d}:00"
