"""Load benchmark (not a test): 500 citizens ask at once; the real bot process, a fake Bot API on 127.0.0.1.

Usage (from the repository root):
    python tests/bench/load.py [--citizens 500] [--timeout 120]

Two runs:
  1. with the rate limiter (production setting): every citizen answered exactly once, and the send
     rate stays under Telegram's ~30 messages/s while staying close to it;
  2. without it (RATE_LIMIT=0): how many updates per second the bot handles, and the latency from a
     citizen's message to the bot's reply (p50 / p95).
Every loop is bounded in count and time; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from tests.e2e.conftest import STAFF_CHAT, TOKEN, BotProcess, bot_env  # noqa: E402
from tests.fakebot import FakeBotAPIServer, FakeTelegram  # noqa: E402

QUESTIONS = [
    "как проверить запрет на въезд в россию",
    "нужен ли патент кыргызам для работы в россии",
    "паспорт потерял в москве как вернуться домой",
    "омс для жены и детей можно оформить",
    "сколько дней дается на регистрацию",
    "kara tizmede barmyn kantip bilem",
    "how do I renew my passport abroad",
    "мекен карт деген эмне",
]


def run(citizens: int, rate_limit: bool, timeout: float) -> dict[str, float]:
    fake = FakeTelegram(token=TOKEN)
    fake.make_group(STAFF_CHAT, "Staff", members={5001: "member"})
    if rate_limit:
        fake.set_flood_limits(global_per_second=30, group_per_minute=20)  # Telegram refuses above this
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPIServer(fake, TOKEN) as server:
        env = bot_env(
            server.url, Path(tmp) / "bench.sqlite3", FLOOD_PER_MINUTE="1000", RATE_LIMIT="1" if rate_limit else "0"
        )
        bot = BotProcess(env, Path(tmp) / "bot")
        bot.start()
        try:
            probe = fake.make_user(999_999, "Probe", "ru")
            fake.user_sends_command(probe, "/start")
            fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == probe.id and c.ok, timeout=30)
            users = [fake.make_user(100_000 + i, f"C{i}", "ru") for i in range(citizens)]
            sent_at: dict[int, float] = {}
            start = time.monotonic()
            for i, user in enumerate(users):
                sent_at[user.id] = time.monotonic()
                fake.user_sends_text(user, QUESTIONS[i % len(QUESTIONS)])
            answered: dict[int, float] = {}
            deadline = start + timeout
            while len(answered) < citizens and time.monotonic() < deadline:
                for call in fake.calls_of("sendMessage"):
                    if call.ok and isinstance(call.chat_id, int) and call.chat_id in sent_at:
                        answered.setdefault(call.chat_id, call.time)
                time.sleep(0.2)
            elapsed = max(answered.values(), default=start) - start
            time.sleep(1.0)  # a duplicate would show up now
            replies = [c for c in fake.calls_of("sendMessage") if c.ok and c.chat_id in sent_at]
            per_user: dict[int, int] = {}
            for call in replies:
                per_user[call.chat_id] = per_user.get(call.chat_id, 0) + 1  # type: ignore[index]
            sends = sorted(c.time for c in fake.calls if c.method in ("sendMessage", "copyMessage") and c.ok)
            refused = [c for c in fake.calls if c.error_code == 429]
            latencies = sorted(answered[u] - sent_at[u] for u in answered)
            return {
                "answered": len(answered),
                "twice": sum(1 for n in per_user.values() if n > 1),
                "seconds": elapsed,
                "updates_per_s": len(answered) / elapsed if elapsed else 0.0,
                "send_rate": _steady_rate(sends),
                "max_in_1s": float(fake.max_sends_in_window(1.0)),
                "refused_429": float(len(refused)),
                "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
                "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else 0.0,
            }
        finally:
            bot.stop()
            fake.close()


def _steady_rate(times: list[float]) -> float:
    """Messages per second over the busy middle of the run (first and last 10 % trimmed)."""
    if len(times) < 20:
        return 0.0
    lo, hi = int(len(times) * 0.1), int(len(times) * 0.9)
    span = times[hi] - times[lo]
    return (hi - lo) / span if span > 0 else 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    for label, limited in (("with rate limiter", True), ("without rate limiter", False)):
        r = run(args.citizens, limited, args.timeout)
        print(
            f"{label:22} answered {r['answered']:.0f}/{args.citizens}  answered twice {r['twice']:.0f}  "
            f"in {r['seconds']:.1f} s  -> {r['updates_per_s']:.1f} updates/s  "
            f"send rate {r['send_rate']:.1f} msg/s (max {r['max_in_1s']:.0f} in any 1 s, 429s {r['refused_429']:.0f})  "
            f"latency p50 {r['p50_ms']:.0f} ms p95 {r['p95_ms']:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
