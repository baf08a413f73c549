"""Every hand-written urgency table (tests/urgency_tables/) against the real FAQ's emergency detector.

A message that describes a death, a detention, a border refusal or deportation, a missing relative, forced labour,
violence or a medical emergency happening now must be flagged with its situation (a deportation is also a detention,
a death in hospital also care: a row may name several); past events, "what if" questions, general questions and
everyday troubles must not. Rows marked xfail(strict) are known misses: a change that fixes one shows up.
"""

from pathlib import Path

import pytest

from bot.faq.loader import load_faq
from bot.matching.matcher import Matcher
from bot.matching.urgency import UrgencyDetector
from tests.urgency_tables import described, heldout1, heldout2, heldout3, heldout4

FAQ = Path(__file__).resolve().parents[1] / "faq"
TABLES = {table.__name__.rsplit(".", 1)[-1]: table for table in (described, heldout1, heldout2, heldout3, heldout4)}


def rows(attribute: str) -> list:
    """Every table's rows as parameters, each tagged with its table (marks such as xfail kept)."""
    out = []
    for name, table in TABLES.items():
        for row in getattr(table, attribute):
            values, marks = (row.values, row.marks) if hasattr(row, "values") else ((row,), ())
            if attribute == "URGENT" and len(values) == 1:
                values = values[0]
            out.append(pytest.param(name, *values, marks=marks))
    return out


@pytest.fixture(scope="module")
def detector():
    faq = load_faq(FAQ)
    return UrgencyDetector(faq, Matcher(faq).analyzer.english, this_year=2026)


@pytest.mark.parametrize(("table", "text", "kind"), rows("URGENT"))
def test_a_described_emergency_is_flagged(detector, table, text, kind):
    found = detector.detect(text)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    assert found is not None and found.kind in kinds, (table, found)


@pytest.mark.parametrize(("table", "text"), rows("NOT_URGENT"))
def test_talk_and_everyday_trouble_are_not_flagged(detector, table, text):
    assert detector.detect(text) is None, table
