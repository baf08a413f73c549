"""Citizens' examples (faq/examples.yaml): the file as `check` reads it, what the matcher learns from it, the disk
cache of their stems, and `python -m bot examples` writing it from labelled sets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.example_words import ExampleWords
from bot.matching.matcher import Matcher
from tests.test_matching_data import VALID_DIR, problems

ROOT = Path(__file__).resolve().parents[1]


def passport_only(text: str, lang: str | None) -> list[tuple[str, frozenset[str]]]:
    return [("паспорт", frozenset({"паспорт"}))]


def faq_dir_with(tmp_path: Path, examples: str | None) -> Path:
    faq_dir = tmp_path / "faq"
    shutil.copytree(VALID_DIR, faq_dir)
    if examples is not None:
        (faq_dir / "examples.yaml").write_text(examples, encoding="utf-8")
    return faq_dir


def test_the_real_examples_load_for_every_entry():
    faq = load_faq(ROOT / "faq")
    assert set(faq.examples) == set(faq.entries)
    assert sum(len(texts) for texts in faq.examples.values()) > 3000


def test_an_example_of_an_entry_that_does_not_exist_is_named(tmp_path: Path):
    faq_dir = faq_dir_with(tmp_path, 'examples:\n  no-such-entry:\n    ru: ["где мой паспорт"]\n')
    assert any("examples.yaml:2" in p and "'no-such-entry' does not exist" in p for p in problems(faq_dir))


def test_one_text_under_two_entries_is_refused(tmp_path: Path):
    text = 'examples:\n  passport-lost:\n    ru: ["Паспорт пропал!"]\n  oms-policy:\n    ru: ["паспорт пропал"]\n'
    found = problems(faq_dir_with(tmp_path, text))
    assert any("examples.yaml:5" in p and "'passport-lost' and 'oms-policy'" in p for p in found)


def test_a_word_only_citizens_use_leads_to_the_entry_they_used_it_for(tmp_path: Path, monkeypatch):
    """ "ксива" (slang for a passport) is in no phrasing: alone it explains nothing; once citizens' examples use it
    for the lost-passport entry, a question built on it finds that entry."""
    monkeypatch.setenv("EXAMPLES_CACHE_DIR", str(tmp_path / "cache"))
    question = "ксива пропала что делать"
    without = Matcher(load_faq(faq_dir_with(tmp_path / "a", None), decision_model=False))
    examples = 'examples:\n  passport-lost:\n    ru: ["ксива пропала в метро", "украли ксиву на вокзале"]\n'
    with_examples = Matcher(load_faq(faq_dir_with(tmp_path / "b", examples), decision_model=False))
    assert "ксива" not in " ".join(without.index.idf)
    ranked = with_examples.observe(question, "ru").evidence.ranked
    assert ranked and with_examples.index.entry_ids[ranked[0].entry] == "passport-lost"
    before = without.observe(question, "ru").evidence
    after = with_examples.observe(question, "ru").evidence
    assert after.unknown_weight < before.unknown_weight  # the word is no longer unknown to the FAQ


def test_stems_are_read_back_from_disk_instead_of_analysed_again(tmp_path: Path):
    calls: list[str] = []

    def analyse(text: str, lang: str | None) -> list[tuple[str, frozenset[str]]]:
        calls.append(text)
        return [(w, frozenset({w[:4]})) for w in text.split()]

    first = ExampleWords(analyse, "k1", tmp_path).stems(["паспорт пропал", "ксива пропала"])
    again = ExampleWords(analyse, "k1", tmp_path).stems(["паспорт пропал", "ксива пропала", "новый вопрос"])
    assert calls == ["паспорт пропал", "ксива пропала", "новый вопрос"]  # only the new text is analysed
    assert again["ксива пропала"] == first["ксива пропала"] == frozenset({"ксив", "проп"})
    other = ExampleWords(analyse, "k2", tmp_path).stems(["паспорт пропал"])  # another fingerprint: analysed anew
    assert calls[-1] == "паспорт пропал" and other["паспорт пропал"] == first["паспорт пропал"]


@pytest.mark.parametrize("damage", ["{not json", '{"паспорт пропал": 7}', "[]"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, damage: str):
    (tmp_path / "examples-k.json").write_text(damage, encoding="utf-8")
    stems = ExampleWords(passport_only, "k", tmp_path).stems(["паспорт пропал"])
    assert stems == {"паспорт пропал": frozenset({"паспорт"})}
    assert json.loads((tmp_path / "examples-k.json").read_text(encoding="utf-8")) == {"паспорт пропал": ["паспорт"]}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_only_costs_time(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    stems = ExampleWords(passport_only, "k", folder).stems(["паспорт"])
    assert stems == {"паспорт": frozenset({"паспорт"})}


def test_a_cache_path_that_cannot_be_a_folder_only_costs_time(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    stems = ExampleWords(passport_only, "k", blocker / "sub").stems(["паспорт"])
    assert stems == {"паспорт": frozenset({"паспорт"})}


def test_the_examples_command_writes_a_file_check_accepts(tmp_path: Path):
    """Labelled questions become examples of their entry; a text labelled with two entries, a copy of an editor's
    phrasing and an out-of-scope question are left out."""
    faq_dir = faq_dir_with(tmp_path, None)
    labelled = tmp_path / "set.jsonl"
    rows = [
        {"text": "ксива пропала в метро", "lang": "ru", "expect": "passport-lost"},
        {"text": "pasportum jogolup ketti", "lang": "ky-latn", "expect": "passport-lost"},
        {"text": "полис и паспорт пропали", "lang": "ru", "expect": "passport-lost"},
        {"text": "Полис и паспорт пропали!", "lang": "ru", "expect": "oms-policy"},
        {"text": "Потерял паспорт", "lang": "ru", "expect": "passport-lost"},  # an editor's phrasing
        {"text": "какая погода в москве", "lang": "ru", "expect": "none"},
    ]
    labelled.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    env = {
        **os.environ,
        "FAQ_DIR": str(faq_dir),
        "TOPICS_FILE": str(tmp_path / "no-topics.yaml"),  # the demo FAQ covers no real topic list
        "EXAMPLES_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "examples", str(labelled)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "2 examples of 1 entries" in done.stdout
    faq = load_faq(faq_dir)
    assert sorted(faq.examples["passport-lost"]) == ["pasportum jogolup ketti", "ксива пропала в метро"]
    assert "oms-policy" not in faq.examples
    checked = subprocess.run([sys.executable, "-m", "bot", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_calibrate_never_lets_a_question_meet_itself_as_an_example():
    """The decision model is fitted on the very sets the examples come from: while it observes a set, that set's
    questions are taken out of the examples, or closeness to an example would look like a sure answer."""
    from bot.cli.calibrate import without_examples

    faq = load_faq(ROOT / "faq")
    some = [text for texts in faq.examples.values() for text in texts][:50]
    kept = without_examples(faq, [{"text": t.upper() + "!"} for t in some])  # case and punctuation do not matter
    remaining = {text for texts in kept.examples.values() for text in texts}
    assert not remaining & set(some)
    assert len(remaining) == sum(len(t) for t in faq.examples.values()) - len(set(some))
