"""Consul Bot command line.

Usage:
    python -m bot run [--webhook]      start the Telegram bot (needs BOT_TOKEN, STAFF_CHAT_ID)
    python -m bot chat [--lang ky|ru|en]   talk to the bot offline in the terminal
    python -m bot match --jsonl        one question per stdin line -> one JSON decision per line
    python -m bot check [--strict]     validate faq/ and locales/ (file:line messages, exit 1 on error;
                                       --strict also fails on warnings such as an expired check_by date)
    python -m bot review [--json]      editor's report: review dates, dated claims, first-screen length
    python -m bot eval [SET]           matching figures on a labelled set (default: ../shared/eval/dev.jsonl)
    python -m bot eval --urgency FILE.. | --dialogues FILE [--split tune|check]   emergencies, follow-ups
    python -m bot bench                matcher latency and memory, real FAQ and 20x synthetic FAQ
    python -m bot examples [SET ...]   write faq/examples.yaml (citizens' questions per entry) from labelled sets
    python -m bot calibrate [SET ...]  fit the matcher's decision model (faq/decision_model.yaml) on labelled sets
    python -m bot export --since DATE [--anonymised] [--out FILE]   tickets and outcomes as CSV
    python -m bot backup PATH [--keep N]   a consistent copy of the live database (a folder: dated, rotated)
    python -m bot eval --real          the confirmed real questions in DATABASE_URL against the current FAQ
    python -m bot simulate SET.jsonl   play a labelled set through the real workflow into DATABASE_URL
    python -m bot learn [--out FILE] [--apply FILE] [--accept-all]   suggestions for editors from real questions
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

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
    check = sub.add_parser("check", help="validate faq/ and locales/")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (expired check_by dates)")
    check.add_argument("--today", type=date.fromisoformat, default=None, help="judge dates as of YYYY-MM-DD")
    review = sub.add_parser("review", help="editor's report on review dates, dated claims and answer length")
    review.add_argument("--json", action="store_true", help="the same report as JSON, for tools")
    review.add_argument("--today", type=date.fromisoformat, default=None, help="judge dates as of YYYY-MM-DD")
    review.add_argument("--budget", type=int, default=None, help="first-screen budget in characters (default 500)")
    ev = sub.add_parser("eval", help="matching figures on a labelled set")
    ev.add_argument("set", nargs="?", default=None)
    ev.add_argument("--show-errors", action="store_true")
    ev.add_argument("--baseline", action="store_true", help="also score the plain rapidfuzz baseline")
    ev.add_argument("--urgency", nargs="+", metavar="FILE", help="emergency recall/precision on `urgent` labels")
    ev.add_argument("--dialogues", metavar="FILE", help="follow-ups and typed clarify answers on dialogue lines")
    ev.add_argument("--split", choices=["all", "tune", "check"], default="all", help="half of the set (by checksum)")
    ev.add_argument("--no-context", action="store_true", help="dialogues: last turn alone (the figure before)")
    cal = sub.add_parser("calibrate", help="fit the matcher's decision model on labelled sets")
    cal.add_argument("sets", nargs="*", help="labelled sets (default: dev, held-out and the tuning sets)")
    cal.add_argument("--out", default=None, help="where to write the model (default: FAQ_DIR/decision_model.yaml)")
    cal.add_argument("--dry-run", action="store_true", help="print the cross-validated figures only")
    cal.add_argument(
        "--urgency-only", action="store_true", help="fit only the urgent lane's model (urgency_model.yaml)"
    )
    ev.add_argument("--real", action="store_true", help="the confirmed real questions in DATABASE_URL")
    examples = sub.add_parser("examples", help="write faq/examples.yaml from labelled sets")
    examples.add_argument("sets", nargs="*", help="labelled sets (default: the ones calibrate uses)")
    examples.add_argument("--out", default=None, help="where to write (default: FAQ_DIR/examples.yaml)")
    simulate = sub.add_parser("simulate", help="play a labelled set through the real workflow (DATABASE_URL)")
    simulate.add_argument("set")
    simulate.add_argument("--verbose", action="store_true", help="one line per question")
    learn = sub.add_parser("learn", help="suggestions for FAQ editors from real questions (DATABASE_URL)")
    learn.add_argument("--out", metavar="FILE", help="write the suggestions here (default: stdout)")
    learn.add_argument("--apply", metavar="FILE", help="merge the accepted suggestions of FILE into FAQ_DIR")
    learn.add_argument("--accept-all", action="store_true", help="accept every suggestion (simulations)")
    bench = sub.add_parser("bench", help="matcher latency/memory benchmark")
    bench.add_argument("--questions", type=int, default=2000)
    export = sub.add_parser("export", help="tickets and their outcomes as CSV, for reports")
    export.add_argument("--since", type=date.fromisoformat, required=True, help="first day, YYYY-MM-DD (Bishkek)")
    export.add_argument("--anonymised", action="store_true", help="no citizen ids, names or texts")
    export.add_argument("--out", default=None, help="CSV file (default: stdout)")
    export.add_argument("--database", default=None, help="database URL (default: DATABASE_URL)")
    backup = sub.add_parser("backup", help="consistent copy of the live database")
    backup.add_argument("path", help="a .sqlite3 file, or a folder for dated, rotated copies")
    backup.add_argument("--keep", type=int, default=None, help="copies kept in a folder (default BACKUP_KEEP_DAYS, 7)")
    backup.add_argument("--database", default=None, help="database URL (default: DATABASE_URL)")
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.faq.yaml_reader import FaqError

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

        return run_check(strict=args.strict, today=args.today)
    if args.command == "review":
        from bot.cli.review import run_review

        return run_review(sys.stdout, as_json=args.json, today=args.today, budget=args.budget)
    if args.command == "match":
        from bot.cli.match import run_match

        return run_match(sys.stdin, sys.stdout)
    if args.command == "chat":
        from bot.cli.chat import run_chat

        return run_chat(args.lang, sys.stdin, sys.stdout)
    if args.command == "eval" and (args.urgency or args.dialogues):
        from bot.cli.dialogue_eval import run_context_eval

        return run_context_eval(args.urgency, args.dialogues, args.split, args.show_errors, args.no_context)
    if args.command == "eval":
        from bot.cli.evaluate import run_eval

        return run_eval(args.set, show_errors=args.show_errors, baseline=args.baseline, real=args.real)
    if args.command == "examples":
        from bot.cli.examples import run_examples

        return run_examples(args.sets, args.out)
    if args.command == "calibrate":
        from bot.cli.calibrate import run_calibrate

        return run_calibrate(args.sets, args.out, dry_run=args.dry_run, urgency_only=args.urgency_only)
    if args.command == "simulate":
        from bot.cli.database import database_url
        from bot.cli.simulate import run_simulate

        return run_simulate(args.set, database_url(), sys.stdout, verbose=args.verbose)
    if args.command == "learn":
        from bot.cli.learn import run_learn

        return run_learn(args.out, args.apply, args.accept_all)
    if args.command == "bench":
        from bot.cli.bench import run_bench

        return run_bench(args.questions)
    if args.command == "export":
        from bot.cli.export import run_export

        return run_export(args.since, args.anonymised, args.out, args.database)
    if args.command == "backup":
        from bot.cli.backup import run_backup

        return run_backup(args.path, args.keep, args.database)
    if args.command == "run":
        from bot.run import run_bot

        return run_bot(webhook=args.webhook)
    return 2


if __name__ == "__main__":
    sys.exit(main())
