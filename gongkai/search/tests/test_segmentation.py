"""Segmentation (gongkai.search.segmentation): the government dictionary, administrators' terms, and the
promise that what a query asks for is what the index holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.testing import Region
from gongkai.search.segmentation import (
    EXACT_MARK,
    exact_field_words,
    gov_dictionary_terms,
    index_words,
    query_words,
)
from gongkai.search.services import search_term_add, search_term_remove

CORPUS = Path(__file__).resolve().parents[2] / "portal" / "demo" / "corpus"
GOV_TERMS = ["政务公开", "依申请公开", "放管服", "双随机一公开", "规范性文件", "权责清单", "政策解读"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("term", GOV_TERMS)
def test_it_keeps_a_government_term_whole_in_a_query(term: str) -> None:
    assert query_words(term) == [term]


@pytest.mark.parametrize("term", GOV_TERMS)
def test_it_indexes_a_government_term_whole_and_by_its_parts(term: str) -> None:
    words = index_words(f"关于进一步做好{term}工作的通知")

    assert term in words
    assert "通知" in words


def test_it_ships_a_dictionary_of_some_hundreds_of_terms() -> None:
    terms = gov_dictionary_terms()

    assert len(terms) >= 300
    assert len(terms) == len(set(terms))
    assert set(GOV_TERMS) <= set(terms)


def test_it_indexes_the_words_inside_a_long_word() -> None:
    assert {"示例", "市", "教育局", "教育"} <= set(index_words("示例市教育局"))
    assert {"政府信息公开", "信息公开", "政府信息"} <= set(index_words("政府信息公开"))


def test_it_does_not_index_strings_that_merely_look_like_words_inside_a_word() -> None:
    # 民政 (civil affairs) is not inside 人民政府, nor 开工 (start of construction) inside 政务公开工作要点.
    assert "民政" not in index_words("示例市人民政府")
    assert "开工" not in index_words("政务公开工作要点")
    assert {"人民政府", "人民", "政府", "政务公开", "工作要点"} <= set(
        index_words("示例市人民政府政务公开工作要点")
    )


def test_it_drops_punctuation_and_function_words_and_keeps_latin_words_and_numbers() -> None:
    assert query_words("“ISO 9001”认证的通知！") == ["iso", "9001", "认证", "通知"]
    assert query_words("，。！？") == []


def test_it_turns_a_doc_number_in_a_query_into_its_canonical_token() -> None:
    assert query_words("宁政办【2017】123号 解读") == ["宁政办2017123号", "解读"]


def test_it_marks_the_number_of_a_number_field() -> None:
    words = exact_field_words("宁政办〔2017〕123号")

    assert "宁政办2017123号" in words
    assert f"{EXACT_MARK}宁政办2017123号" in words


@pytest.mark.parametrize("name", sorted(path.name for path in CORPUS.glob("*.txt")))
def test_it_indexes_every_word_a_query_for_a_sentence_of_the_text_asks_for(name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    indexed = set(index_words(text))

    for sentence in text.replace("，", "。").replace(",", "。").split("。"):
        assert set(query_words(sentence)) <= indexed, sentence


def test_it_keeps_a_term_an_administrator_added_whole(
    region: Region, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assert query_words("强富美高新南京") != ["强富美高", "新", "南京"]

    with django_capture_on_commit_callbacks(execute=True):
        search_term_add(actor=region.admin, term="强富美高")

    assert query_words("强富美高新南京")[0] == "强富美高"
    assert "强富美高" in index_words("建设“强富美高”新南京")


def test_it_forgets_a_term_an_administrator_removed(
    region: Region, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        term = search_term_add(actor=region.admin, term="强富美高")
    with django_capture_on_commit_callbacks(execute=True):
        search_term_remove(actor=region.admin, search_term=term)

    assert "强富美高" not in query_words("强富美高")
