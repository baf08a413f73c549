"""kill -9 soak (not a test): citizens ask, staff answer, and the bot is killed at random moments.

Usage (from the repository root):
    python tests/bench/soak.py [--citizens 200] [--answers 100] [--kills 5] [--seed 1] [--timeout 300]

Half the citizens ask FAQ questions, the other half ask what the FAQ does not cover and send it to
staff; staff answer every card they see (by replying to it, as in Telegram). Meanwhile the real bot
process is killed with SIGKILL `--kills` times at random moments and restarted. At the end it
prints what was lost (must be 0) and what was duplicated:
  questions lost    a citizen's question that got no reply at all (neither an answer nor an offer)
  tickets lost      a question sent to staff that never became a card in the staff chat
  answers lost      a staff answer that never reached its citizen
  duplicates        the same reply/card/answer delivered more than once (at-least-once delivery:
                    each is a send Telegram performed in the instant before a kill)
Every loop is bounded in count and time; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from tests.e2e.conftest import STAFF_CHAT, STAFF_USER, TOKEN, BotProcess, bot_env  # noqa: E402
from tests.fakebot import FakeBotAPIServer, FakeTelegram  # noqa: E402

FAQ_QUESTIONS = [
    "как проверить запрет на въезд в россию",
    "нужен ли патент кыргызам для работы в россии",
    "паспорт потерял в москве как вернуться домой",
    "kara tizmede barmyn kantip bilem",
    "how do I renew my passport abroad",
    "мекен карт деген эмне",
]
STAFF_QUESTIONS = [
    "где в бишкеке купить детский велосипед недорого",
    "можно ли провезти кошку в самолёте бишкек москва",
    "какой курс доллара сегодня в оше",
]


def killer(
    bot: BotProcess, kills: int, window: float, rng: random.Random, log: list[float], stop: threading.Event
) -> None:
    """Kill -9 the bot at `kills` random moments within `window` seconds, restarting it each time."""
    moments = sorted(rng.uniform(2.0, window) for _ in range(kills))
    start = time.monotonic()
    for moment in moments:
        if stop.wait(max(0.0, start + moment - time.monotonic())):
            return
        bot.kill9()
        log.append(time.monotonic() - start)
        time.sleep(rng.uniform(0.0, 1.0))  # down for a moment: Telegram keeps what arrives meanwhile
        bot.start()


def run(citizens: int, answers: int, kills: int, seed: int, timeout: float) -> dict[str, object]:
    rng = random.Random(seed)
    fake = FakeTelegram(token=TOKEN)
    fake.make_group(STAFF_CHAT, "Staff", members={STAFF_USER: "member"})
    fake.make_user(STAFF_USER, "Айгуль", "ru")
    fake.latency = 0.01
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPIServer(fake, TOKEN) as server:
        env = bot_env(server.url, Path(tmp) / "soak.sqlite3", FLOOD_PER_MINUTE="1000")
        bot = BotProcess(env, Path(tmp) / "bot")
        bot.start()
        users = [fake.make_user(200_000 + i, f"C{i}", "ru") for i in range(citizens)]
        to_staff = {u.id for u in users[:answers]}
        kill_log: list[float] = []
        stop = threading.Event()
        chaos = threading.Thread(target=killer, args=(bot, kills, 25.0, rng, kill_log, stop), daemon=True)
        started = time.monotonic()
        deadline = started + timeout
        chaos.start()
        try:
            order = list(users)
            rng.shuffle(order)
            for user in order:  # questions arrive over ~15 s while the bot is being killed
                pool = STAFF_QUESTIONS if user.id in to_staff else FAQ_QUESTIONS
                fake.user_sends_text(user, rng.choice(pool))
                time.sleep(rng.uniform(0.0, 0.15))
            pressed: set[int] = set()
            answered_cards: dict[int, int] = {}  # ticket -> staff message id of the answer
            while time.monotonic() < deadline:
                for user in users:  # citizens who got an offer press "send to an officer"
                    if user.id in to_staff and user.id not in pressed:
                        offer = next(
                            (m for m in fake.messages_in(user.id, from_bot=True) if "x" in m.callback_data), None
                        )
                        if offer is not None:
                            fake.user_presses_button(user, offer.message_id, "x")
                            pressed.add(user.id)
                for card in fake.messages_in(STAFF_CHAT, from_bot=True):  # staff answer every card they see
                    source = card.source_text or ""
                    if source.startswith("<b>#") and card.callback_data:
                        ticket = int(source[4:].split("<", 1)[0])
                        if ticket not in answered_cards:
                            sent = fake.user_sends_text(
                                STAFF_USER, f"Ответ по обращению {ticket}.", chat=STAFF_CHAT, reply_to=card.message_id
                            )
                            answered_cards[ticket] = sent["message"]["message_id"]
                done = all(
                    any("Ответ по обращению" in t for t in fake.bot_texts(u.id)) for u in users if u.id in to_staff
                ) and all(fake.messages_in(u.id, from_bot=True) for u in users)
                if done and not chaos.is_alive():
                    break
                time.sleep(0.25)
            time.sleep(2.0)  # late duplicates show up now
        finally:
            stop.set()
            chaos.join(timeout=10)
            bot.stop()
        replies = {u.id: fake.messages_in(u.id, from_bot=True) for u in users}
        questions_lost = sum(1 for u in users if not replies[u.id])
        tickets = Counter(
            int((c.text or "")[4:].split("<", 1)[0])
            for c in fake.calls_to(STAFF_CHAT, "sendMessage")
            if c.ok and (c.text or "").startswith("<b>#")
        )
        citizens_with_receipt = {
            u.id for u in users if u.id in to_staff and any("#" in (m.text or "") for m in replies[u.id])
        }
        answers_seen = {u.id: sum("Ответ по обращению" in (m.text or "") for m in replies[u.id]) for u in users}
        faq_replies = Counter(len(replies[u.id]) for u in users if u.id not in to_staff)
        return {
            "elapsed_s": round(time.monotonic() - started, 1),
            "kills_at_s": [round(k, 1) for k in kill_log],
            "questions_lost": questions_lost,
            "tickets_lost": len(to_staff) - len(tickets),
            "receipts_missing": len(to_staff) - len(citizens_with_receipt),
            "answers_lost": sum(1 for u in users if u.id in to_staff and answers_seen[u.id] == 0),
            "duplicate_cards": sum(n - 1 for n in tickets.values()),
            "duplicate_answers": sum(max(0, n - 1) for n in answers_seen.values()),
            "duplicate_faq_replies": sum((n - 1) * k for n, k in faq_replies.items() if n > 1),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--answers", type=int, default=100, help="how many citizens go to staff (and get an answer)")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    result = run(args.citizens, min(args.answers, args.citizens), args.kills, args.seed, args.timeout)
    for key, value in result.items():
        print(f"{key:24} {value}")
    lost = result["questions_lost"] or result["tickets_lost"] or result["answers_lost"] or result["receipts_missing"]
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
