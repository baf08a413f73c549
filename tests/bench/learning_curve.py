"""Learning curve: does learning from one half of real-like traffic help on the other half?

Usage:
    python tests/bench/learning_curve.py A.jsonl B.jsonl [--keep DIR]

For each direction (A then B, B then A), with the project's own commands and nothing else:
  1. `python -m bot simulate FIRST` into a fresh database (simulated citizens and staff, real workflow);
  2. `python -m bot learn --accept-all` on a COPY of faq/ (the repository's faq/ is never touched);
  3. `python -m bot check` on that copy;
  4. `python -m bot eval SECOND` with the original FAQ and with the learned copy.
Prints answered-right and wrong per language, before and after, and for the out-of-scope questions how
many were answered and how many were offered FAQ topics. The sets are only read as inputs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bot(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"python -m bot {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def figures(eval_output: str) -> dict[str, tuple[str, str, str]]:
    """group -> (n, right, wrong) from `python -m bot eval`, plus "all" from its summary line."""
    out: dict[str, tuple[str, str, str]] = {}
    for line in eval_output.splitlines():
        parts = line.split()
        if parts and parts[0].startswith("lang:") and len(parts) == 5:
            out[parts[0][5:]] = (parts[1], parts[3], parts[4])
        if parts and parts[0] == "consul-bot":
            right = line.split("answered_right")[1].split()[0]
            wrong = line.split("wrong_answers")[1].split()[0]
            out["all"] = ("", right, wrong)
            out["oos answered"] = ("", line.split("none_answered")[1].split()[0], "")
        if "out-of-scope offered topics" in line:
            out["oos offered"] = ("", line.split("out-of-scope offered topics")[1].split()[0], "")
    return out


OUT_OF_SCOPE = ("oos answered", "oos offered")  # of the out-of-scope questions: answered, and offered FAQ topics


def direction(first: Path, second: Path, work: Path) -> tuple[dict, dict, str]:
    work.mkdir(parents=True, exist_ok=True)
    faq_copy = work / "faq"
    shutil.rmtree(faq_copy, ignore_errors=True)
    shutil.copytree(ROOT / "faq", faq_copy)
    db = work / "sim.sqlite3"
    for leftover in work.glob("sim.sqlite3*"):
        leftover.unlink()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    simulated = bot(["simulate", str(first)], env)
    learned = bot(["learn", "--accept-all", "--out", str(work / "suggestions.yaml")], {**env, "FAQ_DIR": str(faq_copy)})
    bot(["check"], {**env, "FAQ_DIR": str(faq_copy)})
    before = figures(bot(["eval", str(second)], {**env, "FAQ_DIR": str(ROOT / "faq")}))
    after = figures(bot(["eval", str(second)], {**env, "FAQ_DIR": str(faq_copy)}))
    applied = next((line for line in learned.splitlines() if line.startswith("applied ")), "applied ?")
    alone = next((line for line in learned.splitlines() if line.startswith("answered when alone")), "")
    covered = next((line for line in learned.splitlines() if line.startswith("not covered from now on")), "")
    notes = "\n".join(line for line in (simulated.splitlines()[0], applied, alone, covered) if line)
    return before, after, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--keep", type=Path, help="keep the databases, suggestions and FAQ copies here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        for first, second in ((args.a, args.b), (args.b, args.a)):
            before, after, notes = direction(first.resolve(), second.resolve(), base / f"learn-{first.stem}")
            print(f"\n== learn from {first.name}, evaluate on {second.name}\n{notes}")
            head = ("right before", "right after", "wrong before", "wrong after")
            print(f"{'lang':10} {'n':>4}  " + " ".join(f"{h:>12}" for h in head))
            for group in [*sorted(k for k in before if k not in ("all", *OUT_OF_SCOPE)), "all"]:
                n, right_b, wrong_b = before[group]
                _, right_a, wrong_a = after.get(group, ("", "?", "?"))
                print(f"{group:10} {n:>4}  {right_b:>12} {right_a:>12}  {wrong_b:>12} {wrong_a:>12}")
            for group in OUT_OF_SCOPE:  # what learning "not covered" changes: the out-of-scope reply, not topics
                print(f"{group}: {before.get(group, ('', '?'))[1]} -> {after.get(group, ('', '?'))[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
