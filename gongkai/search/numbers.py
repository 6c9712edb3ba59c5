"""发文字号 and 索引号 normalised to one canonical token, whichever way a person typed them.

A 发文字号 (GB/T 9704-2012 《党政机关公文格式》 7.2.4: 发文机关代字、年份、发文顺序号; the year in 六角括号
〔〕, the serial without leading zeros, ending in 号) is typed in the search box with square brackets,
【】, round brackets or none at all; all of them mean the same document:

    宁政办〔2017〕123号  宁政办[2017]123号  宁政办【2017】123号  宁政办（2017）123号  宁政办2017123号
        → 宁政办2017123号

A 索引号 (``<前段码>/<date>-<serial>``, gongkai.publications.index_no) loses its separators and case:

    11320100MB1234567X/2026-00012 → 11320100mb1234567x202600012

A 令 (行政法规 are promulgated by 国务院令, 规章 by the 命令 of their issuer, whose 序号 《规章制定程序条例》
第三十条 requires) has a serial and no year; it is typed with or without 第 and spaces:

    国务院令第711号  国务院令 第711号  国务院令711号  → 国务院令711号

The canonical token holds only letters and digits, so SQLite FTS5's unicode61 tokenizer and
PostgreSQL's default parser both keep it as one token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# After NFKC the full-width ［］（）｛｝＜＞ are ASCII; 〔〕 (the standard's), 【】, 〈〉, 「」, 『』 and 〖〗
# stay as they are.
OPENING_BRACKETS = r"〔【\[(〈{「『〖<"
CLOSING_BRACKETS = r"〕】\])〉}」』〗>"
YEAR = r"(?:19|20)\d{2}"
# The serial of GB/T 9704 has no leading zeros, but people type them; 6 digits is far beyond any office.
SERIAL = r"\d{1,6}"

# The issuer's 代字 is the run of Chinese characters right before the bracketed year. In running text the
# run may start with words that are not part of it ("印发宁政办〔2017〕123号"), see doc_number_tokens_in_text.
# The patterns match what follows the issuer; _doc_numbers takes the run before it. (A pattern that starts
# with the run, [CJK]+, makes the regex engine try every character of a long run of text as a start and
# read to the run's end each time: quadratic in the run's length, most of the time spent on a body.)
_BRACKETED_AFTER_ISSUER = re.compile(
    rf"[{OPENING_BRACKETS}]\s*(?P<year>{YEAR})\s*[{CLOSING_BRACKETS}]\s*第?\s*(?P<serial>{SERIAL})\s*号"
)
# Without brackets the year is still the first four digits: 宁政办2017123号 is 2017年 第123号.
_BARE_AFTER_ISSUER = re.compile(rf"(?P<year>{YEAR})第?(?P<serial>{SERIAL})号")
# 令 numbers: the issuer run ends in 令 (国务院令, 示例市人民政府令), the serial counts on for ever.
_ORDER_AFTER_ISSUER = re.compile(rf"令\s*第?\s*(?P<serial>{SERIAL})\s*号")
# 前段码 (9-character 组织机构代码 or 18-character 统一社会信用代码) / YYYY or YYYYMM - serial.
_INDEX_NO = re.compile(
    r"(?<![0-9A-Za-z])(?P<prefix>[0-9A-Za-z]{9}(?:[0-9A-Za-z]{9})?)\s*/\s*(?P<date>\d{4}(?:\d{2})?)"
    r"\s*[-—–]\s*(?P<serial>\d{1,10})(?![0-9])"
)
# In running text the issuer run may carry the words before it; its last 2…8 characters are tried.
SHORTEST_ISSUER_IN_TEXT = 2
LONGEST_ISSUER_IN_TEXT = 8


@dataclass(frozen=True)
class DocNumberMatch:
    """A 发文字号 in a text: where it is, and its parts."""

    start: int
    end: int
    issuer: str
    year: str
    serial: str


@dataclass(frozen=True)
class NumberMatch:
    """A 发文字号 or 索引号 found in a text: where it is and its canonical token."""

    start: int
    end: int
    canonical: str


def fold(text: str) -> str:
    """NFKC (full-width digits, letters and brackets become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def canonical_doc_number(issuer: str, year: str, serial: str) -> str:
    return f"{issuer}{year}{int(serial)}号"


def canonical_order_number(issuer: str, serial: str) -> str:
    return f"{issuer}{int(serial)}号"


def canonical_index_no(prefix: str, date: str, serial: str) -> str:
    return f"{prefix.lower()}{date}{serial}"


def _doc_numbers(text: str) -> Iterator[DocNumberMatch]:
    """Every 发文字号 in ``text`` (folded), the bracketed ones first, each with the whole run of Chinese
    characters before it as its issuer: what ``[CJK]+`` followed by the pattern finds, left to right and
    without overlaps (gongkai/search/tests/test_numbers.py compares the two)."""
    for after_issuer, space_before_bracket in ((_BRACKETED_AFTER_ISSUER, True), (_BARE_AFTER_ISSUER, False)):
        free_from = 0  # the end of the last match: the next one's issuer starts there at the earliest
        search_from = 0
        while match := after_issuer.search(text, search_from):
            issuer_end = match.start()
            while space_before_bracket and issuer_end > free_from and text[issuer_end - 1].isspace():
                issuer_end -= 1
            issuer_start = issuer_end
            while issuer_start > free_from and _is_cjk(text[issuer_start - 1]):
                issuer_start -= 1
            if issuer_start == issuer_end:  # no issuer: a match may still start inside this one (at 第)
                search_from = match.start() + 1
                continue
            yield DocNumberMatch(
                issuer_start, match.end(), text[issuer_start:issuer_end], match["year"], match["serial"]
            )
            free_from = search_from = match.end()


def _order_numbers(text: str) -> Iterator[DocNumberMatch]:
    """Every 令 number in ``text`` (folded), its issuer the run of Chinese characters before it and 令
    (at least one character before 令: “令第3号” alone names no issuer). No year: ``year`` is empty."""
    free_from = 0
    for match in _ORDER_AFTER_ISSUER.finditer(text):
        issuer_start = match.start()
        while issuer_start > free_from and _is_cjk(text[issuer_start - 1]):
            issuer_start -= 1
        if issuer_start < match.start():
            yield DocNumberMatch(
                issuer_start, match.end(), text[issuer_start : match.start()] + "令", "", match["serial"]
            )
            free_from = match.end()


def _is_cjk(character: str) -> bool:
    return (
        "\u3400" <= character <= "\u4dbf"
        or "\u4e00" <= character <= "\u9fff"
        or "\uf900" <= character <= "\ufaff"
    )


def find_numbers(text: str) -> Iterator[NumberMatch]:
    """Every 发文字号 and 索引号 in ``text`` (already folded), with the issuer run taken whole: right for
    a search box or a 发文字号 field, where the person typed the number itself."""
    for number in _doc_numbers(text):
        canonical = canonical_doc_number(number.issuer, number.year, number.serial)
        yield NumberMatch(number.start, number.end, canonical)
    for number in _order_numbers(text):
        yield NumberMatch(number.start, number.end, canonical_order_number(number.issuer, number.serial))
    for match in _INDEX_NO.finditer(text):
        canonical = canonical_index_no(match["prefix"], match["date"], match["serial"])
        yield NumberMatch(match.start(), match.end(), canonical)


def doc_number_tokens_in_text(text: str) -> list[str]:
    """Canonical tokens of the 发文字号 cited in running text (already folded).

    "现将宁政办〔2017〕123号印发" has the issuer run 现将宁政办, and nothing tells where the 代字 begins, so
    every ending of 2 to 8 characters is indexed (政办…, 宁政办…, 将宁政办…): the right one is among them,
    and the others are tokens nobody searches for.
    """
    tokens: list[str] = []
    for number in _doc_numbers(text):
        shortest = min(SHORTEST_ISSUER_IN_TEXT, len(number.issuer))
        for length in range(shortest, min(len(number.issuer), LONGEST_ISSUER_IN_TEXT) + 1):
            tokens.append(canonical_doc_number(number.issuer[-length:], number.year, number.serial))
    for number in _order_numbers(text):  # the issuer ends in 令, so each of its endings does too
        for length in range(SHORTEST_ISSUER_IN_TEXT, min(len(number.issuer), LONGEST_ISSUER_IN_TEXT) + 1):
            tokens.append(canonical_order_number(number.issuer[-length:], number.serial))
    for match in _INDEX_NO.finditer(text):
        tokens.append(canonical_index_no(match["prefix"], match["date"], match["serial"]))
    return tokens


def canonical_number(value: str) -> str | None:
    """The canonical token of a field that holds one 发文字号 or 索引号, or None if it holds neither."""
    folded = fold(value).strip()
    for match in find_numbers(folded):
        if match.start == 0 and match.end == len(folded):
            return match.canonical
    return None


_CANONICAL_DOC_NUMBER = re.compile(rf"[{CJK}]+{YEAR}\d{{1,6}}号")
_CANONICAL_ORDER_NUMBER = re.compile(rf"[{CJK}]+令\d{{1,6}}号")
_CANONICAL_INDEX_NO = re.compile(r"[0-9a-z]{9}(?:[0-9a-z]{9})?\d{4}(?:\d{2})?\d{1,10}")


def looks_like_number(word: str) -> bool:
    """Could this query word be the canonical token of a 发文字号 or 索引号?"""
    return any(
        pattern.fullmatch(word)
        for pattern in (_CANONICAL_DOC_NUMBER, _CANONICAL_ORDER_NUMBER, _CANONICAL_INDEX_NO)
    )
