"""Button callback data: what we encode comes back intact; anything else a client sends is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.callbacks import MAX_BYTES, Callback, encode, parse
from bot.faq.loader import load_faq

ROOT = Path(__file__).resolve().parents[1]
LONGEST_ID = "a" + "-b" * 19 + "c"  # 40 characters, the longest entry id the grammar allows

ROUND_TRIPS = [
    (("e", "passport-lost-abroad"), ("passport-lost-abroad",)),
    (("e", LONGEST_ID), (LONGEST_ID,)),
    (("g", "medical_insurance"), ("medical_insurance",)),
    (("m",), ()),
    (("x",), ()),
    (("xm",), ()),
    (("f", "u", "oms-worker"), ("u", "oms-worker")),
    (("f", "d", LONGEST_ID), ("d", LONGEST_ID)),
    (("l", "ky"), ("ky",)),
    (("l", "ru"), ("ru",)),
    (("l", "en"), ("en",)),
    (("s", "take", 1), ("take", "1")),
    (("s", "close", 42), ("close", "42")),
    (("s", "spam", 999_999_999_999), ("spam", "999999999999")),
    (("s", "faq", 999_999_999_999, LONGEST_ID), ("faq", "999999999999", LONGEST_ID)),
]


@pytest.mark.parametrize(("call", "args"), ROUND_TRIPS, ids=lambda v: ":".join(map(str, v))[:30])
def test_every_action_round_trips_within_64_bytes(call: tuple, args: tuple) -> None:
    data = encode(*call)
    assert len(data.encode("utf-8")) <= MAX_BYTES
    assert parse(data) == Callback(call[0], args)


def test_every_real_faq_entry_and_group_fits_a_button() -> None:
    faq = load_faq(ROOT / "faq")
    for entry_id in faq.entries:
        for data in (encode("e", entry_id), encode("f", "d", entry_id), encode("s", "faq", 10**12 - 1, entry_id)):
            assert len(data.encode()) <= MAX_BYTES
            assert parse(data) is not None
    for group in faq.groups:
        assert parse(encode("g", group.id)) == Callback("g", (group.id,))


@pytest.mark.parametrize(
    "call",
    [
        ("e", "Passport"),  # capitals
        ("e", "паспорт"),  # not ASCII
        ("e", LONGEST_ID + "x"),  # 41 characters
        ("l", "fr"),
        ("f", "x", "oms-worker"),
        ("s", "delete", 1),
        ("s", "take", -1),
        ("s", "take", 10**12),  # 13 digits
        ("q",),
    ],
)
def test_encode_refuses_what_parse_would_refuse(call: tuple) -> None:
    with pytest.raises(ValueError, match="invalid callback data"):
        encode(*call)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        ":",
        "e",
        "e:",
        "e:passport lost",
        "e:passport-lost\n",
        " e:passport-lost",
        "e:-leading-dash",
        "e:../../etc/passwd",
        "e:passport-lost;drop table",
        "E:passport-lost",
        "m:1",
        "x:1",
        "l:",
        "l:RU",
        "l:ru:en",
        "f:u",
        "f:u:",
        "g:Consular",
        "g:" + "a" * 31,
        "s:take",
        "s:take:",
        "s:take:abc",
        "s:take:1.5",
        "s:take:0x10",
        "s:take:1:",
        "s:faq:1:Bad_Id",
        "s:take:1:oms:extra",
        "e:паспорт",
        "l:ky\u200b",
        "e:" + "a" * 100,
        "s:take:" + "1" * 60,  # over 64 bytes
        "💥" * 20,
    ],
)
def test_forged_or_garbage_data_is_refused(data: str | None) -> None:
    assert parse(data) is None


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 1000, 1_000_000])
def test_oversized_data_is_refused(size: int) -> None:
    assert parse("s:take:" + "1" * (size - 7)) is None
    assert parse("e:" + "a" * (size - 2)) is None


def test_staff_ticket_ids_are_ascii_digits() -> None:
    parsed = parse("s:close:0012")
    assert parsed is not None and parsed.args[1].isascii() and parsed.args[1].isdigit()
    for data in ("s:close:+12", "s:close:-12", "s:close:1_000", "s:close: 12", "s:close:12 "):
        assert parse(data) is None, data


@pytest.mark.parametrize("digits", ["١٢٣", "１２３", "१२३"])
def test_staff_ticket_ids_refuse_non_ascii_digits(digits: str) -> None:
    assert parse(f"s:take:{digits}") is None
