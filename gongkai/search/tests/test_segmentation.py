"""Segmentation (gongkai.search.segmentation): the government dictionary, administrators' terms, and the
promise that what a query asks for is what the index holds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongkai.core.testing import Region
from gongkai.search import segmentation
from gongkai.search.numbers import fold
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


# --- rjieba cuts as jieba does (ADR 0005) -------------------------------------------------------------------


# Words of jieba's dictionary that are cut whole or in two depending on the dictionary's total (the sum of
# its frequencies): 两两 is one word at a total of 61,747,694, two at 61,663,251.
CUT_BY_THE_TOTAL = ["一美元", "两两", "乘号", "八区", "加设", "国片", "天冷", "建州", "抗大", "直转", "附给"]


def _both_cuts(text: str) -> tuple[list[str], list[str]]:
    """The precise cut (HMM off) of rjieba, which the product uses, and of jieba's own Python code, over
    the same dictionary."""
    dictionary = segmentation._segmenter.dictionary()
    return dictionary.cutter.cut(text, False), list(dictionary.frequencies.cut(text, HMM=False))


def _dictionary_sample() -> list[str]:
    frequencies = segmentation._segmenter.dictionary().frequencies
    words = sorted(word for word, frequency in frequencies.FREQ.items() if frequency)
    return words[::40]  # some 9,000 of jieba's 350,000 words, every first letter and length


@pytest.mark.parametrize("name", sorted(path.name for path in CORPUS.glob("*.txt")))
def test_rjieba_cuts_the_corpus_as_jieba_does(name: str) -> None:
    text = fold((CORPUS / name).read_text(encoding="utf-8"))

    rjieba_cut, jieba_cut = _both_cuts(text)

    assert rjieba_cut == jieba_cut


def test_rjieba_cuts_the_dictionaries_words_as_jieba_does() -> None:
    words = CUT_BY_THE_TOTAL + gov_dictionary_terms() + _dictionary_sample()

    differing = [word for word in words if _both_cuts(word)[0] != _both_cuts(word)[1]]

    assert differing == []


def test_rjieba_cuts_runs_of_dictionary_words_as_jieba_does() -> None:
    # Where one word ends and the next begins is where the two could part: the frequencies of the words
    # around it and the dictionary's total decide.
    rng = random.Random(4)
    words = gov_dictionary_terms() + _dictionary_sample()
    runs = ["".join(rng.choice(words) for _ in range(rng.randint(2, 8))) for _ in range(3_000)]

    differing = [run for run in runs if _both_cuts(run)[0] != _both_cuts(run)[1]]

    assert differing == []


def test_rjieba_breaks_an_exact_tie_the_other_way_with_the_same_words() -> None:
    # 开开开 is 开开 + 开 or 开 + 开开, the same sum of log frequencies: jieba takes the longer first word,
    # jieba-rs the shorter. The index and the query then hold the same words, so nothing else changes.
    rjieba_cut, jieba_cut = _both_cuts("开开开")

    assert jieba_cut == ["开开", "开"]
    assert sorted(rjieba_cut) == sorted(jieba_cut)


def test_rjieba_and_jieba_still_agree_after_terms_were_added_and_removed(
    region: Region, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    text = fold((CORPUS / "000_76771b0d3e24e9c5.txt").read_text(encoding="utf-8"))
    before = _both_cuts(text)[0]

    with django_capture_on_commit_callbacks(execute=True):
        added = search_term_add(actor=region.admin, term="实施方案")  # a government term already
        kept = search_term_add(actor=region.admin, term="宁政办")
        jieba_word = search_term_add(actor=region.admin, term="成绩单")  # a word of jieba's own
    assert _both_cuts(text)[0] == _both_cuts(text)[1]
    with django_capture_on_commit_callbacks(execute=True):
        search_term_remove(actor=region.admin, search_term=added)
        search_term_remove(actor=region.admin, search_term=jieba_word)
    rjieba_cut, jieba_cut = _both_cuts(text)

    assert rjieba_cut == jieba_cut
    assert [_both_cuts(word)[0] for word in CUT_BY_THE_TOTAL] == [
        _both_cuts(word)[1] for word in CUT_BY_THE_TOTAL
    ]
    assert "宁政办" in rjieba_cut
    assert "成绩单" in query_words("天水市成绩单")  # back to jieba's frequency, not taken out
    with django_capture_on_commit_callbacks(execute=True):
        search_term_remove(actor=region.admin, search_term=kept)
    assert _both_cuts(text)[0] == before  # the same cut as before any term: no trace of the history


def test_the_words_of_an_indexed_text_follow_a_change_of_the_dictionary(
    region: Region, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Each token's index words are kept per dictionary (segmentation._indexed_as): a text indexed before
    # and after a term was added is cut by the dictionary of the moment.
    assert "强富美高" not in index_words("建设强富美高新南京")

    with django_capture_on_commit_callbacks(execute=True):
        term = search_term_add(actor=region.admin, term="强富美高")
    assert "强富美高" in index_words("建设强富美高新南京")

    with django_capture_on_commit_callbacks(execute=True):
        search_term_remove(actor=region.admin, search_term=term)
    assert "强富美高" not in index_words("建设强富美高新南京")


def test_a_change_of_the_dictionary_never_touches_the_cutter_in_use(
    region: Region, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # rjieba cuts without the GIL: another thread may be cutting with the old one while a term is added.
    in_use = segmentation._segmenter.dictionary().cutter

    with django_capture_on_commit_callbacks(execute=True):
        search_term_add(actor=region.admin, term="强富美高")
    current = segmentation._segmenter.dictionary().cutter

    assert current is not in_use
    assert "强富美高" in current.cut("强富美高新南京", False)
    assert "强富美高" not in in_use.cut("强富美高新南京", False)
