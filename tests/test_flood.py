"""Flood control: a citizen over 20 messages a minute is told once, then handled silently, then served again."""

from __future__ import annotations

import itertools

from bot.domain.flood import FloodGuard, Verdict

USER = 1001


def send(guard: FloodGuard, times: list[float], user: int = USER) -> list[Verdict]:
    return [guard.check(user, now=t) for t in times]


def test_twenty_a_minute_are_fine_the_21st_warns_then_quiet() -> None:
    guard = FloodGuard(limit=20)
    verdicts = send(guard, [1000.0 + i for i in range(25)])  # 25 messages in 25 seconds
    assert verdicts[:20] == [Verdict.OK] * 20
    assert verdicts[20] == Verdict.WARN
    assert verdicts[21:] == [Verdict.QUIET] * 4


def test_a_burst_in_the_same_instant() -> None:
    guard = FloodGuard(limit=20)
    verdicts = send(guard, [50.0] * 23)
    assert verdicts == [Verdict.OK] * 20 + [Verdict.WARN, Verdict.QUIET, Verdict.QUIET]


def test_twenty_spread_over_a_minute_never_warn() -> None:
    guard = FloodGuard(limit=20)
    assert send(guard, [i * 3.1 for i in range(200)]) == [Verdict.OK] * 200  # 19-20 per minute, all day


def test_a_new_window_is_ok_again() -> None:
    guard = FloodGuard(limit=20)
    assert Verdict.WARN in send(guard, [float(i) for i in range(22)])
    assert guard.check(USER, now=40.0) == Verdict.QUIET  # still within the minute
    assert guard.check(USER, now=200.0) == Verdict.OK  # a calm minute later
    assert send(guard, [200.0 + i for i in range(1, 20)]) == [Verdict.OK] * 19  # 20 in the new minute


def test_a_citizen_who_keeps_flooding_is_warned_once_per_window() -> None:
    guard = FloodGuard(limit=20)
    verdicts = send(guard, [i * 0.5 for i in range(300)])  # 120 a minute for 150 seconds
    warns = [i * 0.5 for i, v in enumerate(verdicts) if v == Verdict.WARN]
    assert warns[0] == 10.0
    assert len(warns) == 3  # at most one notice per minute, never one per message
    assert all(b - a > 60 for a, b in itertools.pairwise(warns))


def test_one_citizen_flooding_does_not_throttle_another() -> None:
    guard = FloodGuard(limit=20)
    send(guard, [10.0] * 30, user=1)
    assert guard.check(2, now=10.0) == Verdict.OK


def test_the_limit_is_configurable() -> None:
    guard = FloodGuard(limit=3, window_s=10.0)
    assert send(guard, [0.0, 1.0, 2.0, 3.0, 4.0, 20.0]) == [
        Verdict.OK,
        Verdict.OK,
        Verdict.OK,
        Verdict.WARN,
        Verdict.QUIET,
        Verdict.OK,
    ]


def test_forget_idle_drops_idle_users_but_keeps_active_ones() -> None:
    guard = FloodGuard(limit=20)
    send(guard, [0.0] * 25, user=1)  # flooded long ago
    send(guard, [100.0] * 25, user=2)  # flooding right now
    guard.forget_idle(now=110.0)
    assert guard.check(1, now=110.0) == Verdict.OK
    assert guard.check(2, now=110.0) == Verdict.QUIET  # forgetting must not reset an active flood
