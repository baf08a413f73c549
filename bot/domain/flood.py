"""Per-user flood control: over the limit a citizen gets one polite notice per window, not a reply each."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from enum import Enum


class Verdict(Enum):
    OK = "ok"
    WARN = "warn"  # first message over the limit in this window: tell the citizen once
    QUIET = "quiet"  # further messages over the limit: handle silently


class FloodGuard:
    def __init__(self, limit: int, window_s: float = 60.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned_at: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> Verdict:
        now = now if now is not None else time.monotonic()
        seen = self._seen[user_id]
        while seen and now - seen[0] > self.window_s:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self.limit:
            return Verdict.OK
        warned = self._warned_at.get(user_id)
        if warned is not None and now - warned <= self.window_s:
            return Verdict.QUIET
        self._warned_at[user_id] = now
        return Verdict.WARN

    def calm_in(self, user_id: int, now: float | None = None) -> float:
        """Seconds until the user's last minute holds fewer messages than the limit again."""
        now = now if now is not None else time.monotonic()
        seen = self._seen.get(user_id)
        if not seen or len(seen) <= self.limit:
            return 0.0
        return max(0.0, seen[len(seen) - self.limit] + self.window_s - now)

    def forget_idle(self, now: float | None = None) -> None:
        """Drop users with no recent messages so memory does not grow with the user base."""
        now = now if now is not None else time.monotonic()
        for user_id in [u for u, seen in self._seen.items() if not seen or now - seen[-1] > self.window_s]:
            self._seen.pop(user_id, None)
            self._warned_at.pop(user_id, None)
