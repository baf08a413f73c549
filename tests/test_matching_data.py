"""The matcher's editor files (concepts, out-of-scope families, the fitted decision model) as editors meet them:
the real ones load, and a mistake is named as `file:line: message` by `python -m bot check`."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.faq.loader import load_faq, read_faq
from bot.matching.decision import ANSWER_FEATURES, OPTION_FEATURES

ROOT = Path(__file__).resolve().parents[1]
VALID_DIR = Path(__file__).resolve().parent / "fixtures" / "faq_valid"

MODEL = """\
answer:
  threshold: 0.9
  bias: -3.0
  weights:
    evidence: 4.0
    margin: 2.0
option:
  threshold: 0.2
  bias: -2.0
  weights:
    evidence: 3.0
offer: 0.5
"""


def faq_with(tmp_path: Path, name: str, content: str) -> Path:
    faq_dir = tmp_path / "faq"
    shutil.copytree(VALID_DIR, faq_dir)
    (faq_dir / name).write_text(content, encoding="utf-8")
    return faq_dir


def problems(faq_dir: Path) -> list[str]:
    faq, found = read_faq(faq_dir)
    assert faq is None
    return [str(p) for p in found]


def test_the_real_files_load_and_the_model_names_only_known_features():
    faq = load_faq(ROOT / "faq")
    assert faq.decision is not None
    assert set(faq.decision.answer.weights) <= set(ANSWER_FEATURES)
    assert set(faq.decision.option.weights) <= set(OPTION_FEATURES)
    assert 0 < faq.decision.answer.threshold < 1 and 0 < faq.decision.option.threshold < 1
    assert "death" in faq.concepts.concepts and "spouse_or_child" in faq.concepts.context
    assert {"other_country_citizen", "domestic_kyrgyzstan", "third_country_visa"} <= {f.name for f in faq.out_of_scope}


def test_a_valid_model_file_is_read(tmp_path: Path):
    faq = load_faq(faq_with(tmp_path, "decision_model.yaml", MODEL))
    assert faq.decision is not None
    assert faq.decision.answer.weights == {"evidence": 4.0, "margin": 2.0}
    assert faq.decision.offer == 0.5


def test_a_model_with_an_unknown_feature_is_refused_at_its_line(tmp_path: Path):
    found = problems(faq_with(tmp_path, "decision_model.yaml", MODEL.replace("margin: 2.0", "marge: 2.0")))
    assert any("decision_model.yaml:6:" in p and "unknown feature 'marge'" in p for p in found), found


def test_a_threshold_outside_zero_and_one_is_refused(tmp_path: Path):
    found = problems(faq_with(tmp_path, "decision_model.yaml", MODEL.replace("threshold: 0.9", "threshold: 1.5")))
    assert any("decision_model.yaml:2:" in p and "between 0 and 1" in p for p in found), found


def test_a_family_with_neither_cues_nor_groups_is_refused(tmp_path: Path):
    found = problems(faq_with(tmp_path, "out_of_scope.yaml", "families:\n  pets:\n    unless: [мекен]\n"))
    assert any("out_of_scope.yaml:3:" in p and "needs cues or all_of" in p for p in found), found


def test_an_empty_concept_is_refused(tmp_path: Path):
    found = problems(faq_with(tmp_path, "concepts.yaml", "concepts:\n  death: []\n"))
    assert any("concepts.yaml:2:" in p and "lists no words" in p for p in found), found


def test_a_misspelt_key_in_concepts_is_refused(tmp_path: Path):
    found = problems(faq_with(tmp_path, "concepts.yaml", "concepts:\n  death: [умер]\nbackgound: [короче]\n"))
    assert any("concepts.yaml:3:" in p and "unknown field 'backgound'" in p for p in found), found


def test_the_files_are_optional(tmp_path: Path):
    faq_dir = tmp_path / "faq"
    shutil.copytree(VALID_DIR, faq_dir)
    faq = load_faq(faq_dir)
    assert faq.decision is None and faq.out_of_scope == () and faq.concepts.concepts == {}


def test_a_concept_named_twice_is_refused(tmp_path: Path):
    text = "concepts:\n  death: [умер]\ncontext:\n  death: [Москва]\n"
    found = problems(faq_with(tmp_path, "concepts.yaml", text))
    assert any("concepts.yaml:4:" in p and "listed twice" in p for p in found), found
