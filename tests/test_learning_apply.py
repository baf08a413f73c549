"""Applying accepted suggestions to copies of the FAQ: only added lines, no duplicates, idempotent, safe."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from bot.faq.loader import Problem, load_faq, read_faq, read_topic_ids
from bot.learning.apply import apply_suggestions
from bot.learning.faq_edit import yaml_scalar

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "fixtures" / "faq_valid" / "demo.yaml"
TOPICS = ROOT.parent / "shared" / "spec" / "topics.yaml"


def demo_faq(tmp_path: Path, text: str | None = None) -> Path:
    folder = tmp_path / "faq"
    folder.mkdir()
    (folder / "demo.yaml").write_text(text if text is not None else DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def review(tmp_path: Path, *items: tuple[bool, str, str, str], topics: list[dict] | None = None) -> Path:
    data = {
        "version": 1,
        "phrasings": [{"accept": a, "entry": e, "lang": lang, "text": t, "count": 1} for a, e, lang, t in items],
        "new_topics": topics or [],
    }
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def added_lines(before: str, after: str) -> list[tuple[int, str]]:
    """(line number in `after`, text) of every added line; fails if anything was changed or removed."""
    a, b = before.splitlines(), after.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: {a[i1:i2]} -> {b[j1:j2]}"
        if tag == "insert":
            out += [(j + 1, b[j]) for j in range(j1, j2)]
    return out


def test_accepted_phrasings_are_added_lines_in_the_right_list(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    before = (faq_dir / "demo.yaml").read_text(encoding="utf-8")
    path = review(
        tmp_path,
        (True, "passport-lost", "ru", "паспорт отобрал работодатель, как вернуть"),
        (False, "passport-lost", "ru", "не принятая формулировка"),
        (True, "oms-policy", "en", "insurance for my wife"),
        (True, "passport-lost", "ru", "  хозяин забрал паспорт \n и не отдает "),
    )
    result = apply_suggestions(faq_dir, path, topic_ids=[])
    assert result.ok and not result.refused and not result.rolled_back
    after = (faq_dir / "demo.yaml").read_text(encoding="utf-8")
    added = added_lines(before, after)
    assert [text for _, text in added] == [
        "        - паспорт отобрал работодатель, как вернуть",
        "        - хозяин забрал паспорт и не отдает",
        "        - insurance for my wife",
    ]
    lines = after.splitlines()
    # right after the last ru phrasing of passport-lost, before its `answer:`
    assert lines[added[0][0] - 2] == "        - пропали все документы"
    assert lines[added[1][0]].strip() == "answer: |"
    assert lines[added[2][0] - 2] == "        - can my family get oms"
    assert [(a.entry, a.lang, a.line) for a in result.applied] == [
        ("passport-lost", "ru", added[0][0]),
        ("passport-lost", "ru", added[1][0]),
        ("oms-policy", "en", added[2][0]),
    ]
    faq = load_faq(faq_dir)
    assert faq.entry("passport-lost").text("ru").phrasings[-2:] == (
        "паспорт отобрал работодатель, как вернуть",
        "хозяин забрал паспорт и не отдает",
    )
    assert "не принятая формулировка" not in after


def test_applying_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    path = review(tmp_path, (True, "passport-lost", "ky", "паспортумду кожоюн алып койду"))
    first = apply_suggestions(faq_dir, path, topic_ids=[])
    assert len(first.applied) == 1
    once = (faq_dir / "demo.yaml").read_bytes()
    second = apply_suggestions(faq_dir, path, topic_ids=[])
    assert second.applied == () and second.refused == () and second.ok
    assert [r.reason for r in second.already_present] == ["already in the entry"]
    assert (faq_dir / "demo.yaml").read_bytes() == once


def test_duplicates_across_entries_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    before = (faq_dir / "demo.yaml").read_bytes()
    path = review(
        tmp_path,
        (True, "passport-lost", "ru", "Как получить полис ОМС?"),  # an oms-policy phrasing, other case/punctuation
        (True, "oms-policy", "ru", "полис для жены нужен"),
        (True, "passport-lost", "ru", "Полис для жены нужен!"),  # the same words accepted for two entries
        (True, "no-such-entry", "ru", "что-то"),
        (True, "oms-policy", "ru", "мой номер [PHONE] нужен полис"),
    )
    result = apply_suggestions(faq_dir, path, topic_ids=[])
    assert [(r.index, r.reason) for r in result.refused] == [
        (1, "the same phrasing is already under entry 'oms-policy'"),
        (3, "the same phrasing is already under entry 'oms-policy'"),
        (4, "there is no entry 'no-such-entry'"),
        (5, "masked"),
    ]
    assert [a.text for a in result.applied] == ["полис для жены нужен"]
    assert len(added_lines(before.decode(), (faq_dir / "demo.yaml").read_text(encoding="utf-8"))) == 1


def test_a_failed_check_puts_every_file_back(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    before = (faq_dir / "demo.yaml").read_bytes()
    path = review(tmp_path, (True, "oms-policy", "ru", "полис для жены нужен"))

    def strict(folder: Path) -> list[Problem]:  # a further check the edited FAQ fails
        assert "полис для жены нужен" in (folder / "demo.yaml").read_text(encoding="utf-8"), "checked after writing"
        return [Problem(str(folder / "demo.yaml"), 1, "rejected by a further check")]

    result = apply_suggestions(faq_dir, path, topic_ids=[], also_check=strict)
    assert result.rolled_back and not result.ok and result.applied == ()
    assert [p.message for p in result.problems] == ["rejected by a further check"]
    assert (faq_dir / "demo.yaml").read_bytes() == before
    assert not [p for p in faq_dir.iterdir() if p.name != "demo.yaml"], "no temporary files left behind"


def test_a_broken_faq_or_review_file_writes_nothing(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    path = review(tmp_path, (True, "oms-policy", "ru", "полис для жены нужен"))
    result = apply_suggestions(faq_dir, path, topic_ids=["topic-without-entry"])
    assert not result.ok and result.applied == () and not result.rolled_back
    assert "topic 'topic-without-entry' from topics.yaml has no entry" in str(result.problems[0])
    bad = tmp_path / "bad.yaml"
    bad.write_text("phrasings: []\n", encoding="utf-8")
    result = apply_suggestions(faq_dir, bad, topic_ids=[])
    assert not result.ok and "version 1" in result.problems[0].message


def test_flow_lists_get_the_new_item_before_the_bracket(tmp_path: Path) -> None:
    text = DEMO.read_text(encoding="utf-8")
    block = "".join(
        f"        - {p}\n"
        for p in [
            "how to get an oms policy",
            "I need medical insurance",
            "do I have oms",
            "do I need a policy at the hospital",
            "oms for migrant workers",
            "apply for an insurance policy",
            "does my employer give oms",
            "can my family get oms",
        ]
    )
    assert text.count(block) == 1
    flow = (
        "        [how to get an oms policy, I need medical insurance, do I have oms,\n"
        "         do I need a policy at the hospital, oms for migrant workers, apply for an insurance policy,\n"
        "         does my employer give oms, can my family get oms]  # editors' comment stays\n"
    )
    faq_dir = demo_faq(tmp_path, text.replace(block, flow))
    before = (faq_dir / "demo.yaml").read_text(encoding="utf-8")
    path = review(tmp_path, (True, "oms-policy", "en", "oms, for my wife?"), (True, "oms-policy", "en", "plain one"))
    result = apply_suggestions(faq_dir, path, topic_ids=[])
    assert result.ok, result.problems
    after = (faq_dir / "demo.yaml").read_text(encoding="utf-8")
    assert after == before.replace(
        "can my family get oms]  # editors' comment stays",
        'can my family get oms, "oms, for my wife?", plain one]  # editors\' comment stays',
    )
    assert load_faq(faq_dir).entry("oms-policy").text("en").phrasings[-2:] == ("oms, for my wife?", "plain one")
    assert (
        result.applied[0].line
        == before.splitlines().index(
            "         does my employer give oms, can my family get oms]  # editors' comment stays"
        )
        + 1
    )


@pytest.mark.parametrize(
    "text",
    [
        "вопрос: как быть?",
        "тема #1 важно",
        "yes",
        "123",
        "- дефис в начале",
        '"в кавычках"',
        "it's",
        "a, b [c] {d}",
        "ok: no",
    ],
)
def test_new_phrasings_are_quoted_when_needed_and_read_back_the_same(text: str) -> None:
    for flow in (False, True):
        scalar = yaml_scalar(text, flow=flow)
        source = f"k: [{scalar}]" if flow else f"k:\n  - {scalar}\n"
        assert yaml.safe_load(source) == {"k": [text]}
    assert yaml_scalar("паспорт жоголду, эмне кылам", flow=False) == "паспорт жоголду, эмне кылам"  # plain when safe


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    (faq_dir / "demo.yaml").write_bytes(DEMO.read_bytes().replace(b"\n", b"\r\n"))
    path = review(tmp_path, (True, "oms-policy", "ru", "полис для жены нужен"))
    result = apply_suggestions(faq_dir, path, topic_ids=[])
    assert result.ok, result.problems
    raw = (faq_dir / "demo.yaml").read_bytes()
    assert b"        - \xd0\xbf" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert load_faq(faq_dir).entry("oms-policy").text("ru").phrasings[-1] == "полис для жены нужен"


@pytest.mark.skipif(not TOPICS.exists(), reason="shared/spec/topics.yaml not present")
def test_the_real_faq_takes_a_phrasing_and_still_passes_check(tmp_path: Path) -> None:
    faq_dir = tmp_path / "faq"
    shutil.copytree(ROOT / "faq", faq_dir)
    before = (faq_dir / "entry_bans.yaml").read_text(encoding="utf-8")
    path = review(
        tmp_path,
        (True, "entry-ban-check", "ru", "можно ли узнать про запрет через госуслуги"),
        (True, "consulates-russia", "ru", "где консульство"),
    )
    result = apply_suggestions(faq_dir, path)  # topic coverage from shared/spec/topics.yaml, like `check`
    assert result.ok and len(result.applied) == 2, (result.problems, result.refused)
    assert [t for _, t in added_lines(before, (faq_dir / "entry_bans.yaml").read_text(encoding="utf-8"))] == [
        "        - можно ли узнать про запрет через госуслуги"
    ]
    faq, problems = read_faq(faq_dir, read_topic_ids(TOPICS))
    assert problems == [] and faq is not None
    assert "где консульство" in faq.entry("consulates-russia").text("ru").phrasings


def test_accepted_new_topics_are_reported_never_written(tmp_path: Path) -> None:
    faq_dir = demo_faq(tmp_path)
    before = (faq_dir / "demo.yaml").read_bytes()
    topic = {"accept": True, "size": 30, "examples": ["нужно ли служить в армии"]}
    path = review(tmp_path, topics=[topic, {"accept": False, "size": 4}])
    result = apply_suggestions(faq_dir, path, topic_ids=[])
    assert result.topics == (topic,)
    assert result.applied == () and (faq_dir / "demo.yaml").read_bytes() == before
