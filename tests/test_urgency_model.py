"""The urgent lane's fitted model: it keeps or drops a rule's hit, flags what no rule names, and is refitted from
labelled sets by `calibrate` into a file `check` reads like any other."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli.calibrate_urgency import calibrate_urgency, model_yaml, urgency_rows
from bot.domain.conversation import Conversation
from bot.domain.i18n import Translator
from bot.faq.loader import load_faq, read_faq
from bot.faq.model import LogisticRule
from bot.matching.matcher import Matcher
from bot.matching.urgency import OPERATOR_ENTRY, OTHER, UrgencyDetector
from bot.matching.urgency_model import NO_RULE, RULE, features, fit, probability, stem
from tests.test_faq_loader import make_faq

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def faq():
    return load_faq(ROOT / "faq", decision_model=False)  # the rules alone: each test sets the model it needs


@pytest.fixture(scope="module")
def english(faq):
    return Matcher(faq).analyzer.english


def test_latin_typed_words_meet_their_cyrillic_stem(english):
    assert stem("zaderzhali", english) == stem("задержали", english)
    assert "w:" + stem("умер", english) in features("брат умер", english, None)


def test_the_rules_verdict_is_a_feature(english):
    assert RULE in features("брат умер", english, "death") and "kind:death" in features("брат умер", english, "death")
    assert NO_RULE in features("как дела", english, None)


def test_a_model_fitted_on_labelled_messages_ranks_an_emergency_above_small_talk(english):
    urgent = ["брата задержали помогите", "помогите брата забрали", "срочно помогите брат пропал"]
    calm = ["как получить патент", "сколько стоит патент", "где консульство в Москве"]
    rows = [(features(t, english, None), True) for t in urgent] + [(features(t, english, None), False) for t in calm]
    model = fit(rows)
    assert fit(rows) == model  # deterministic: the same sets give the same file
    cry = probability(model, features("помогите, брата увезли", english, None))
    question = probability(model, features("патент сколько стоит", english, None))
    assert cry > 0.5 > question


def test_the_model_drops_a_rule_hit_whose_words_are_those_of_false_alarms(faq, english):
    joke = LogisticRule(bias=2.0, weights={"w:" + stem("bro", english): -10.0}, threshold=0.5)
    detector = UrgencyDetector(replace(faq, urgency_model=joke), english)
    assert UrgencyDetector(faq, english).detect("bro my boss threatens to kill me, I was late") is not None
    assert detector.detect("bro my boss threatens to kill me, I was late") is None
    assert detector.detect("my brother died in Moscow today") is not None


def test_the_model_flags_what_no_rule_names_and_hands_it_to_a_person(faq, english):
    text = "пожалуйста срочно ответьте человеку плохо тут"
    assert UrgencyDetector(faq, english).detect(text) is None
    word = "w:" + stem("срочно", english)
    model = LogisticRule(bias=-3.0, weights={word: 6.0}, threshold=0.5)
    found = UrgencyDetector(replace(faq, urgency_model=model), english).detect(text)
    assert found is not None and (found.kind, found.entry_id) == (OTHER, OPERATOR_ENTRY)


def test_an_emergency_only_the_model_sees_gets_the_general_urgent_reply(faq, english):
    text = "пожалуйста срочно ответьте человеку плохо тут"
    model = LogisticRule(bias=-3.0, weights={"w:" + stem("срочно", english): 6.0}, threshold=0.5)
    flagged = replace(faq, urgency_model=model)
    conversation = Conversation(flagged, Matcher(flagged), Translator.load(ROOT / "locales"))
    reply = conversation.respond(text, "ru", None, now=1_900_000_000.0)
    assert reply.kind == "urgent" and reply.wants_ticket
    assert faq.urgent_answers[OTHER]["ru"] in reply.text


def test_calibrate_writes_a_model_that_check_loads(tmp_path, faq, english):
    sets = []
    for n, (urgent, calm) in enumerate(
        [
            (
                ["брата задержали помогите", "помогите брата забрали сегодня"],
                ["как получить патент", "где консульство"],
            ),
            (
                ["срочно помогите брат пропал", "помогите мужа задержали"],
                ["сколько стоит патент", "запись в консульство"],
            ),
        ]
    ):
        path = tmp_path / f"set{n}.jsonl"
        rows = [{"text": t, "urgent": True} for t in urgent] + [{"text": t, "urgent": False} for t in calm]
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        sets.append(path)
    fitted = calibrate_urgency(urgency_rows(faq, sets))
    assert fitted is not None
    model, report = fitted
    assert "rules and model" in report[-1]
    (tmp_path / "a").mkdir()
    faq_dir, _, _ = make_faq(tmp_path / "a", urgency_model=model_yaml(model, "python -m bot calibrate", report))
    loaded, problems = read_faq(faq_dir)
    assert problems == [] and loaded is not None and loaded.urgency_model is not None
    assert loaded.urgency_model.threshold == model.threshold
    assert loaded.urgency_model.weights == pytest.approx(model.weights, abs=1e-4)


def test_a_broken_threshold_in_the_model_file_is_reported_with_its_line(tmp_path):
    faq_dir, _, _ = make_faq(tmp_path, urgency_model="threshold: 1.5\nbias: 0.1\nweights:\n  rule: 2.0\n")
    faq, problems = read_faq(faq_dir)
    assert faq is None
    assert any("urgency_model.yaml:1: urgency threshold must be between 0 and 1" in str(p) for p in problems)


def test_a_cue_the_rules_set_aside_stays_aside_however_sure_the_model(faq, english):
    sure = LogisticRule(bias=5.0, weights={}, threshold=0.25)
    detector = UrgencyDetector(replace(faq, urgency_model=sure), english)
    assert detector.detect("Брат умер два года назад в Москве, как получить свидетельство?") is None  # in the past
    assert detector.detect("Брата задержали вчера, но сегодня утром отпустили. Будет ли у него запрет?") is None
    assert detector.detect("пожалуйста срочно ответьте человеку плохо тут") is not None  # no cue: the words decide


def test_words_learnt_also_without_the_verdict_still_tell_an_emergency_no_rule_caught(english):
    urgent = ["брата задержали помогите", "помогите брата забрали", "срочно помогите брат пропал"]
    calm = ["как получить патент", "сколько стоит патент", "где консульство в Москве"]
    # in the labelled sets the rules caught every emergency: the verdict alone would explain them all
    rows = [(features(t, english, "detention"), True) for t in urgent]
    rows += [(features(t, english, None), False) for t in calm]
    model = fit(rows)
    missed = probability(model, features("помогите, брата увезли", english, None))
    assert missed > probability(model, features("патент сколько стоит", english, None))
    assert missed > 0.8  # learnt with the verdict only, the words gave it 0.69: "no rule" had explained them away


@pytest.mark.parametrize("model", [None, LogisticRule(bias=5.0, weights={}, threshold=0.25)])
def test_whoever_laughs_is_not_in_an_emergency(faq, english, model):
    detector = UrgencyDetector(replace(faq, urgency_model=model), english)
    assert detector.detect("паспорт «убили» 😂 постирала в джинсах, я в Питере, как заменить") is None
    assert detector.detect("хозяин меня похоронит если опоздаю 😅 до скольки работает консульство") is None
    assert detector.detect("брат умер сегодня утром в Москве 😭 что делать") is not None
