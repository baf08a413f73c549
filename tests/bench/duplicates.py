"""How often a slow or lost answer from Telegram turns into a duplicate message (not a test).

Usage (from the repository root):
    python tests/bench/duplicates.py [--citizens 40] [--drops 10] [--slow 8]

Three runs against the real bot process and a fake Bot API on 127.0.0.1, each with `--citizens`
citizens asking one FAQ question:
  1. `--drops` replies are performed by Telegram but their answer never reaches the bot (connection lost);
  2. `--drops` replies are answered `--slow` seconds late (under the bot's 30 s read timeout);
  3. the same, 35 s late (over it).
It prints, per run, how many replies were performed, how many citizens got theirs twice, and how long
the bot takes to record a send once Telegram has answered (the window in which a kill -9 repeats it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.storage import Outbox, open_database  # noqa: E402
from tests.e2e.conftest import STAFF_CHAT, TOKEN, BotProcess, bot_env  # noqa: E402
from tests.fakebot import FakeBotAPIServer, FakeTelegram  # noqa: E402

QUESTION = "как проверить запрет на въезд в россию"


def run(citizens: int, fault: str, count: int, seconds: float, wait: float) -> dict[str, object]:
    fake = FakeTelegram(token=TOKEN)
    fake.make_group(STAFF_CHAT, "Staff", members={5001: "member"})
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPIServer(fake, TOKEN) as server:
        bot = BotProcess(bot_env(server.url, Path(tmp) / "dup.sqlite3", FLOOD_PER_MINUTE="1000"), Path(tmp) / "bot")
        bot.start()
        try:
            probe = fake.make_user(999_998, "Probe", "ru")
            fake.user_sends_command(probe, "/start")
            fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == probe.id and c.ok, timeout=30)
            if fault == "drop":
                fake.drop_response_next("sendMessage", times=count)
            else:
                fake.delay_response_next("sendMessage", seconds=seconds, times=count)
            users = [fake.make_user(300_000 + i, f"D{i}", "ru") for i in range(citizens)]
            for user in users:
                fake.user_sends_text(user, QUESTION)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and not all(fake.messages_in(u.id, from_bot=True) for u in users):
                time.sleep(0.2)
            time.sleep(min(5.0, wait))
        finally:
            bot.stop()
        received = [len(fake.messages_in(u.id, from_bot=True)) for u in users]
        return {
            "fault": f"{fault} x{count}" + (f" ({seconds:g} s)" if fault == "delay" else ""),
            "answered": sum(n >= 1 for n in received),
            "twice": sum(n >= 2 for n in received),
            "unacknowledged_calls": len(fake.unacknowledged("sendMessage")),
        }


async def record_window(samples: int = 500) -> tuple[float, float]:
    """Milliseconds the bot needs to commit a send once Telegram answered (p50, p99), on a real SQLite file.

    With the network's return trip, this is the window in which a kill -9 makes that one message repeat.
    """
    with tempfile.TemporaryDirectory() as tmp:
        db = await open_database(f"sqlite:///{tmp}/window.sqlite3")
        outbox = Outbox(db)
        ids = [await outbox.enqueue(2000 + n, "sendMessage", {"n": n}) for n in range(samples)]
        spans = []
        for item_id in ids:
            assert item_id is not None
            start = time.perf_counter()
            async with db.transaction():
                await outbox.mark_sent(item_id, item_id)
            spans.append((time.perf_counter() - start) * 1000)
        await db.close()
    spans.sort()
    return statistics.median(spans), spans[int(len(spans) * 0.99) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=40)
    parser.add_argument("--drops", type=int, default=10)
    parser.add_argument("--slow", type=float, default=8.0)
    args = parser.parse_args()
    for fault, seconds, wait in (("drop", 0.0, 40.0), ("delay", args.slow, 40.0), ("delay", 35.0, 90.0)):
        print(run(args.citizens, fault, args.drops, seconds, wait))
    p50, p99 = asyncio.run(record_window())
    print(f"record of a send after Telegram answered: p50 {p50:.2f} ms, p99 {p99:.2f} ms (SQLite WAL, this machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
