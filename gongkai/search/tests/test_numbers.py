"""发文字号 and 索引号 normalisation (gongkai.search.numbers)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search import numbers
from gongkai.search.numbers import (
    CJK,
    CLOSING_BRACKETS,
    OPENING_BRACKETS,
    SERIAL,
    YEAR,
    canonical_number,
    doc_number_tokens_in_text,
    fold,
)
from gongkai.search.segmentation import is_number_word, query_words

BRACKET_PAIRS = ["〔〕", "[]", "【】", "（）", "()", "［］", "〈〉", "{}", "「」", "『』", "〖〗"]


@pytest.mark.parametrize("pair", BRACKET_PAIRS)
def test_it_maps_every_bracket_variant_of_a_doc_number_to_one_token(pair: str) -> None:
    assert canonical_number(f"宁政办{pair[0]}2017{pair[1]}123号") == "宁政办2017123号"


@pytest.mark.parametrize(
    "typed",
    [
        "宁政办2017123号",  # no brackets at all
        "宁政办 〔2017〕 123 号",  # spaces
        "宁政办〔2017〕第123号",  # 第 before the serial
        "宁政办〔2017〕0123号",  # a leading zero
        "宁政办［２０１７］１２３号",  # full-width digits and brackets
    ],
)
def test_it_normalises_the_other_ways_people_type_a_doc_number(typed: str) -> None:
    assert canonical_number(typed) == "宁政办2017123号"


def test_it_keeps_different_numbers_apart() -> None:
    numbers = {"宁政办〔2017〕123号", "宁政办〔2017〕12号", "宁政办〔2016〕123号", "宁政发〔2017〕123号"}

    assert len({canonical_number(number) for number in numbers}) == len(numbers)


@pytest.mark.parametrize(
    "typed",
    ["11320100MB1234567X/2026-00012", "11320100mb1234567x / 2026 - 00012", "11320100MB1234567X／2026－00012"],
)
def test_it_maps_an_index_number_to_one_token(typed: str) -> None:
    assert canonical_number(typed) == "11320100mb1234567x202600012"


def test_it_reads_the_older_nine_character_prefix_and_a_month_in_the_index_number() -> None:
    assert canonical_number("MB1234567/202603-00012") == "mb123456720260300012"


def test_it_says_none_for_text_that_is_no_number() -> None:
    assert canonical_number("第711号") is None
    assert canonical_number("关于做好2026年政务公开工作的通知") is None


def test_it_finds_a_cited_doc_number_whatever_words_precede_its_issuer() -> None:
    text = fold("《通知》（国办发〔2016〕80号）要求，现将宁政办[2017]123号印发")

    tokens = doc_number_tokens_in_text(text)

    assert "国办发201680号" in tokens
    assert "宁政办2017123号" in tokens


@given(
    issuer=st.text(alphabet="宁政办国发青甘", min_size=2, max_size=5),
    year=st.integers(min_value=1990, max_value=2099),
    serial=st.integers(min_value=1, max_value=99999),
    pair=st.sampled_from(BRACKET_PAIRS),
)
def test_it_gives_the_bracketed_and_the_bare_form_the_same_token(
    issuer: str, year: int, serial: int, pair: str
) -> None:
    bracketed = canonical_number(f"{issuer}{pair[0]}{year}{pair[1]}{serial}号")

    assert bracketed == canonical_number(f"{issuer}{year}{serial}号") == f"{issuer}{year}{serial}号"


@pytest.mark.parametrize(
    "typed", ["国务院令第711号", "国务院令 第 711 号", "国务院令711号", "国务院令第０７１１号"]
)
def test_it_maps_an_order_number_to_one_token(typed: str) -> None:
    assert canonical_number(typed) == "国务院令711号"


def test_it_indexes_a_cited_order_number_under_the_endings_of_its_issuer() -> None:
    tokens = doc_number_tokens_in_text(fold("根据《中华人民共和国政府信息公开条例》（国务院令第711号）"))

    assert "国务院令711号" in tokens
    assert "务院令711号" in tokens  # an ending nobody types, harmless


@pytest.mark.django_db  # the dictionary includes the terms administrators added
def test_it_takes_an_order_number_in_a_query_as_a_number() -> None:
    assert query_words("国务院令第711号 政府信息公开") == ["国务院令711号", "政府信息公开"]
    assert is_number_word("国务院令711号")


_REFERENCE_ORDER_PATTERN = re.compile(rf"(?P<issuer>[{CJK}]+令)\s*第?\s*(?P<serial>{SERIAL})\s*号")


@settings(max_examples=1_000)
@given(st.text(alphabet="国务院令第号政" + "7105" + " \n,a", max_size=40))
def test_it_finds_the_order_numbers_a_plain_pattern_finds(text: str) -> None:
    expected = [
        (m.start(), m.end(), m["issuer"], m["serial"]) for m in _REFERENCE_ORDER_PATTERN.finditer(text)
    ]

    assert [(n.start, n.end, n.issuer, n.serial) for n in numbers._order_numbers(text)] == expected


# The patterns as first written: right, but quadratic in the length of a run of Chinese text.
# numbers._doc_numbers must find exactly what they find.
_REFERENCE_PATTERNS = [
    re.compile(
        rf"(?P<issuer>[{CJK}]+)\s*[{OPENING_BRACKETS}]\s*(?P<year>{YEAR})\s*[{CLOSING_BRACKETS}]"
        rf"\s*第?\s*(?P<serial>{SERIAL})\s*号"
    ),
    re.compile(rf"(?P<issuer>[{CJK}]+)(?P<year>{YEAR})第?(?P<serial>{SERIAL})号"),
]


def _reference_matches(text: str) -> list[tuple[int, int, str, str, str]]:
    return [
        (match.start(), match.end(), match["issuer"], match["year"], match["serial"])
        for pattern in _REFERENCE_PATTERNS
        for match in pattern.finditer(text)
    ]


def _matches(text: str) -> list[tuple[int, int, str, str, str]]:
    return [
        (match.start, match.end, match.issuer, match.year, match.serial)
        for match in numbers._doc_numbers(text)
    ]


@settings(max_examples=1_000)
@given(st.text(alphabet="宁政办号文第年发" + "20179" + "〔〕[]()" + " \n,a", max_size=40))
def test_it_finds_the_doc_numbers_the_patterns_as_first_written_find(text: str) -> None:
    assert _matches(text) == _reference_matches(text)


@pytest.mark.parametrize(
    "text",
    [
        "印发宁政办〔2017〕123号文件〔2018〕5号",  # a number right after a number's 号
        "宁政办〔2017〕1号宁政发2018 2号宁政发20182号",
        "编号文件〔2018〕2号",  # a 号 inside the issuer run
        "〔2017〕123号",  # no issuer
        "x2017第20181号",  # no issuer for 2017…, but 第 is one for 2018第1号
        "宁政办 \n〔2017〕 第 12 号",
    ],
)
def test_it_finds_the_doc_numbers_the_patterns_as_first_written_find_in_tricky_places(text: str) -> None:
    assert _matches(text) == _reference_matches(text)
