"""Consul Bot command line.

Usage:
    python -m bot run [--webhook]      start the Telegram bot (needs BOT_TOKEN, STAFF_CHAT_ID)
    python -m bot chat [--lang ky|ru|en]   talk to the bot offline in the terminal
    python -m bot match --jsonl        one question per stdin line -> one JSON decision per line
    python -m bot check                validate faq/ and locales/ (file:line messages, exit 1 on error)
    python -m bot eval [SET]           matching figures on a labelled set (default: ../shared/eval/dev.jsonl)
    python -m bot bench                matcher latency and memory, real FAQ and 20x synthetic FAQ
    python -m bot calibrate [SET ...]  fit the matcher's decision model (faq/decision_model.yaml) on labelled sets
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("PTB_TIMEDELTA", "1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Consul Bot")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the Telegram bot")
    run.add_argument("--webhook", action="store_true", help="use a webhook (needs WEBHOOK_URL)")
    chat = sub.add_parser("chat", help="offline console with the same pipeline")
    chat.add_argument("--lang", choices=["ky", "ru", "en"], default="ru")
    match = sub.add_parser("match", help="match questions from stdin")
    match.add_argument("--jsonl", action="store_true", help="JSON lines in and out (the only format)")
    sub.add_parser("check", help="validate faq/ and locales/")
    ev = sub.add_parser("eval", help="matching figures on a labelled set")
    ev.add_argument("set", nargs="?", default=None)
    ev.add_argument("--show-errors", action="store_true")
    ev.add_argument("--baseline", action="store_true", help="also score the plain rapidfuzz baseline")
    cal = sub.add_parser("calibrate", help="fit the matcher's decision model on labelled sets")
    cal.add_argument("sets", nargs="*", help="labelled sets (default: dev, held-out and the tuning sets)")
    cal.add_argument("--out", default=None, help="where to write the model (default: FAQ_DIR/decision_model.yaml)")
    cal.add_argument("--dry-run", action="store_true", help="print the cross-validated figures only")
    bench = sub.add_parser("bench", help="matcher latency/memory benchmark")
    bench.add_argument("--questions", type=int, default=2000)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.faq.loader import FaqError

    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except FaqError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("the FAQ has errors: fix them (python -m bot check) and try again", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader closed early (`... | head`): nothing went wrong, so no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "check":
        from bot.cli.check import run_check

        return run_check()
    if args.command == "match":
        from bot.cli.match import run_match

        return run_match(sys.stdin, sys.stdout)
    if args.command == "chat":
        from bot.cli.chat import run_chat

        return run_chat(args.lang, sys.stdin, sys.stdout)
    if args.command == "eval":
        from bot.cli.evaluate import run_eval

        return run_eval(args.set, show_errors=args.show_errors, baseline=args.baseline)
    if args.command == "calibrate":
        from bot.cli.calibrate import run_calibrate

        return run_calibrate(args.sets, args.out, dry_run=args.dry_run)
    if args.command == "bench":
        from bot.cli.bench import run_bench

        return run_bench(args.questions)
    if args.command == "run":
        from bot.run import run_bot

        return run_bot(webhook=args.webhook)
    return 2


if __name__ == "__main__":
    sys.exit(main())
