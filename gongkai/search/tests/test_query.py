"""The search box's syntax: words (AND), quoted phrases, exclusions (issue 4 item 4)."""

from __future__ import annotations

import pytest
from modelsearch.query import And, Not, Phrase, PlainText

from gongkai.search.query import MAX_PARTS, MAX_QUERY_LENGTH, ParsedQuery, parse_query


def test_it_looks_for_every_word_typed() -> None:
    parsed = parse_query("政务公开  工作要点")

    assert parsed.words == ("政务公开", "工作要点")
    assert parsed.phrases == () and not parsed.is_empty


@pytest.mark.parametrize(
    "typed",
    ['"政务公开工作"', "“政务公开工作”", "「政务公开工作」", "『政务公开工作』"],
)
def test_it_takes_text_in_any_kind_of_quotes_as_a_phrase(typed: str) -> None:
    parsed = parse_query(f"示例市 {typed}")

    assert parsed.words == ("示例市",)
    assert parsed.phrases == ("政务公开工作",)


def test_it_excludes_words_and_phrases_after_a_minus() -> None:
    parsed = parse_query("预算 -草案 －“征求意见稿” 决算")

    assert parsed.words == ("预算", "决算")
    assert parsed.excluded_words == ("草案",)
    assert parsed.excluded_phrases == ("征求意见稿",)


@pytest.mark.parametrize("typed", ["2021-2025", "COVID-19", "示政办〔2026〕12号"])
def test_it_keeps_a_hyphen_or_brackets_inside_a_word(typed: str) -> None:
    parsed = parse_query(typed)

    assert parsed.words == (typed,) and parsed.excluded_words == ()


def test_an_unclosed_quote_quotes_the_rest() -> None:
    assert parse_query("规划 “十四五 规划纲要").phrases == ("十四五 规划纲要",)


@pytest.mark.parametrize("typed", ["", "   ", "-", "- -", '""', "“ ”", "-草案", "、。！"])
def test_nothing_to_look_for_is_empty(typed: str) -> None:
    parsed = parse_query(typed)

    assert parsed.is_empty
    assert parsed.to_search_query() is None


def test_it_builds_one_query_of_the_search_framework() -> None:
    query = parse_query("预算 “部门预算” -草案").to_search_query()

    assert isinstance(query, And)
    kinds = [type(part) for part in query.subqueries]
    assert kinds == [PlainText, Phrase, Not]
    assert query.subqueries[0].query_string == "预算"
    assert query.subqueries[0].operator == "and"
    assert query.subqueries[2].subquery.query_string == "草案"


def test_a_single_word_is_a_plain_query() -> None:
    query = parse_query("政务公开").to_search_query()

    assert isinstance(query, PlainText) and query.query_string == "政务公开"


def test_it_looks_for_a_word_typed_twice_once() -> None:
    assert parse_query("公开 公开 公开").words == ("公开",)


def test_it_cuts_an_overlong_query_and_says_so() -> None:
    long_query = parse_query("政" * (MAX_QUERY_LENGTH + 50))
    many_parts = parse_query(" ".join(f"词{number}" for number in range(MAX_PARTS + 5)))

    assert long_query.truncated and long_query.words == ("政" * MAX_QUERY_LENGTH,)
    assert many_parts.truncated and len(many_parts.words) == MAX_PARTS
    assert not parse_query("政务公开").truncated


def test_it_writes_the_query_back_in_a_canonical_form() -> None:
    parsed = parse_query('预算  "部门 预算"  －草案')

    assert str(parsed) == "预算 “部门 预算” -草案"
    assert parse_query(str(parsed)) == ParsedQuery(
        words=("预算",), phrases=("部门 预算",), excluded_words=("草案",)
    )
