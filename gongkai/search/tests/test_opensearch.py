"""The OpenSearch backend (gongkai.search.backends.opensearch).

- Always, without a server: what the backend would send — the index's analyzers, a model's mapping, an
  object's document, the query for a segmented query with a 发文字号 — and the settings that choose it.
- With OPENSEARCH_URL (``tools/opensearch-dev/run``, then ``OPENSEARCH_URL=http://127.0.0.1:9200``): the
  behaviour checks the database backends pass (test_backends, test_relevance, test_selectors) run again
  against the server, each test in indexes of its own name prefix, deleted afterwards; and a few checks of
  the cluster's own (the analyzer, the index created on first write, search_reindex).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from config.env import OPENSEARCH_BACKEND, search_backend
from gongkai.core.testing import Region
from gongkai.publications.models import Document
from gongkai.search.backends.opensearch import (
    ALL_TEXT,
    EXACT_NUMBER_BONUS,
    EXACT_NUMBERS,
    WORDS_ANALYZER,
    SegmentedOpenSearchBackend,
    SegmentedOpenSearchMapping,
    forget_prepared_indexes,
)
from gongkai.search.services import search_reindex
from gongkai.search.tests import test_backends, test_relevance, test_selectors
from gongkai.search.tests.helpers import publish_indexed, titles
from gongkai.search.tests.test_relevance import catalogue  # noqa: F401 - a fixture of the reused tests
from gongkai.search.tests.test_selectors import publish  # noqa: F401 - a fixture of the reused tests

OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "").strip()
requires_server = pytest.mark.skipif(not OPENSEARCH_URL, reason="OPENSEARCH_URL is not set")
NUMBER = "宁政办〔2017〕123号"
TITLE_COLUMN = SegmentedOpenSearchMapping(Document).get_boost_field_name(10.0)
KEYWORDS_COLUMN = SegmentedOpenSearchMapping(Document).get_boost_field_name(3.0)


def _offline_backend() -> SegmentedOpenSearchBackend:
    """A backend whose client is never used: building requests needs no server."""
    return SegmentedOpenSearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "unit_"})


# --- Without a server --------------------------------------------------------------------------------------


def test_settings_choose_the_database_backend_unless_opensearch_url_is_set() -> None:
    assert search_backend([], index_prefix="gongkai_", timeout=10) == {"BACKEND": "gongkai.search.backends"}
    assert search_backend(["http://127.0.0.1:9200"], index_prefix="gongkai_", timeout=5) == {
        "BACKEND": OPENSEARCH_BACKEND,
        "URLS": ["http://127.0.0.1:9200"],
        "INDEX_PREFIX": "gongkai_",
        "TIMEOUT": 5,
    }
    with pytest.raises(ImproperlyConfigured, match="OPENSEARCH_URL"):
        search_backend(["127.0.0.1:9200"], index_prefix="gongkai_", timeout=10)
    with pytest.raises(ImproperlyConfigured, match="OPENSEARCH_INDEX_PREFIX"):
        search_backend(["http://127.0.0.1:9200"], index_prefix="Gongkai ", timeout=10)


def test_the_index_splits_only_on_whitespace_and_lowercases() -> None:
    analysis = _offline_backend().settings["settings"]["analysis"]

    # The words come cut by our jieba segmentation: the cluster needs no Chinese plugin.
    assert analysis["analyzer"][WORDS_ANALYZER] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }


def test_a_documents_mapping_searches_segmented_columns_and_keeps_the_filter_fields() -> None:
    properties = SegmentedOpenSearchMapping(Document).get_mapping()["properties"]

    assert properties[ALL_TEXT] == {"type": "text", "analyzer": WORDS_ANALYZER}
    # The ranking columns: title and own numbers (10), 主题词 (3), 内容概述 (2), without length norms.
    for boost in (10.0, 3.0, 2.0):
        column = SegmentedOpenSearchMapping(Document).get_boost_field_name(boost)
        assert properties[column] == {"type": "text", "analyzer": WORDS_ANALYZER, "norms": False}
    assert properties[EXACT_NUMBERS] == {"type": "keyword"}
    assert {"org_id_filter", "kind_filter", "status_filter", "published_on_filter"} <= set(properties)
    assert "title" not in properties and "body" not in properties  # no raw, unsegmented text


def test_a_document_holds_segmented_words_and_its_own_number_apart(region: Region) -> None:
    from gongkai.publications.tests.helpers import published

    document = published(
        region,
        title="西宁市政务公开工作实施方案",
        keywords=["权责清单"],
        doc_number=NUMBER,
        body="<p>正文</p>",
    )

    indexed = SegmentedOpenSearchMapping(Document).get_document(document)

    everything = " ".join(indexed[ALL_TEXT]).split()
    assert {"政务公开", "实施方案", "权责清单", "宁政办2017123号", "发展和改革委员会"} <= set(everything)
    assert "宁政办2017123号" in " ".join(indexed[TITLE_COLUMN]).split()  # the number ranks like the title
    assert indexed[KEYWORDS_COLUMN] == ["权责清单 权责 清单"]  # the term and its parts
    index_no = str(document.index_no).replace("/", "").replace("-", "").lower()
    assert indexed[EXACT_NUMBERS] == ["宁政办2017123号", index_no]  # its 发文字号 and 索引号
    assert not any("exactno" in text for text in indexed[ALL_TEXT])  # the marker is never searched
    assert indexed["status_filter"] == "published" and indexed["org_id_filter"] == region.fgw.pk


def test_a_query_must_hold_every_word_and_ranks_title_keywords_and_own_number(db: None) -> None:
    results = _offline_backend().search("宁政办[2017]123号 政务公开", Document.objects.all())

    query = results.query_compiler.get_query()["bool"]
    must, should = query["must"]["bool"]["must"], query["must"]["bool"]["should"]
    assert must == {"match": {ALL_TEXT: {"query": "宁政办2017123号 政务公开", "operator": "and"}}}
    assert {"match": {TITLE_COLUMN: {"query": "宁政办2017123号 政务公开", "boost": 10.0}}} in should
    assert {"match": {KEYWORDS_COLUMN: {"query": "宁政办2017123号 政务公开", "boost": 3.0}}} in should
    assert {
        "constant_score": {
            "filter": {"term": {EXACT_NUMBERS: "宁政办2017123号"}},
            "boost": EXACT_NUMBER_BONUS,
        }
    } in should
    assert query["filter"] == {"match": {"_django_content_type": "publications.Document"}}


def test_an_excluded_word_excludes_what_holds_all_its_words_and_is_not_ranked(db: None) -> None:
    from gongkai.search.query import parse_query

    search_query = parse_query("政务公开 -工作报告").to_search_query()
    results = _offline_backend().search(search_query, Document.objects.all())

    query = results.query_compiler.get_query()["bool"]["must"]["bool"]
    assert query["must"] == {
        "bool": {
            "must": [
                {"match": {ALL_TEXT: {"query": "政务公开", "operator": "and"}}},
                {
                    "bool": {
                        "must_not": {
                            "bool": {
                                "must": [
                                    {"match": {ALL_TEXT: {"query": "工作", "operator": "and"}}},
                                    {"match": {ALL_TEXT: {"query": "报告", "operator": "and"}}},
                                ]
                            }
                        }
                    }
                },
            ]
        }
    }
    assert all("报告" not in str(clause) for clause in query["should"])


def test_a_query_of_punctuation_only_matches_nothing(db: None) -> None:
    results = _offline_backend().search("，。！的", Document.objects.all())

    assert results.query_compiler.get_query()["bool"]["must"] == {"bool": {"must_not": {"match_all": {}}}}


def test_it_fetches_the_candidates_in_one_request_with_their_scores(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.publications.tests.helpers import published

    first, second = published(region, title="政务公开甲"), published(region, title="政务公开乙")
    backend = _offline_backend()
    requests: list[dict[str, Any]] = []

    def search(**kwargs: Any) -> dict[str, Any]:
        requests.append(kwargs)
        hits = [
            {"fields": {"pk": [str(second.pk)]}, "_score": 9.5},
            {"fields": {"pk": [str(first.pk)]}, "_score": 2.0},
        ]
        return {"hits": {"hits": hits}}

    monkeypatch.setattr(backend.es, "search", search)

    found = list(backend.search("政务公开", Document.objects.all()).annotate_score("_score")[:1001])

    assert [(obj.pk, obj._score) for obj in found] == [(second.pk, 9.5), (first.pk, 2.0)]
    assert len(requests) == 1  # not a scroll of 100 hits at a time
    assert (requests[0]["from_"], requests[0]["size"]) == (0, 1001)


def test_a_withdrawal_fails_rather_than_leave_the_document_findable_when_the_cluster_is_down(
    region: Region, settings: Any
) -> None:
    from opensearchpy.exceptions import ConnectionError as ClusterUnreachable

    from gongkai.publications.choices import DocumentStatus
    from gongkai.publications.services import document_withdraw
    from gongkai.publications.tests.helpers import published

    document = published(region, title="政务公开工作要点")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": OPENSEARCH_BACKEND,
            "URLS": ["http://127.0.0.1:9"],
            "OPTIONS": {"max_retries": 0},
        }
    }

    with pytest.raises(ClusterUnreachable):
        document_withdraw(actor=region.wangwu, document=document, reason="内容有误")

    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED  # rolled back with the failed removal


# --- Against a server (OPENSEARCH_URL) ---------------------------------------------------------------------


@pytest.fixture
def opensearch(settings: Any) -> Iterator[SegmentedOpenSearchBackend]:
    """The OpenSearch backend as the default, in indexes of this test's own prefix, deleted afterwards."""
    prefix = f"gktest_{uuid.uuid4().hex[:12]}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": OPENSEARCH_BACKEND,
            "URLS": [url.strip() for url in OPENSEARCH_URL.split(",")],
            "INDEX_PREFIX": prefix,
            "REFRESH": True,  # a write is searchable when it returns, as on the database backends
        }
    }
    backend = get_search_backend()
    yield backend
    for name in backend.es.indices.get(index=f"{prefix}*"):
        backend.es.indices.delete(index=name)
    forget_prepared_indexes()


def _reused(module: ModuleType, *, leave_out: set[str]) -> dict[str, Any]:
    """The tests of ``module`` as members of a test class (pytest collects static methods)."""
    tests = {
        name: staticmethod(value)
        for name, value in vars(module).items()
        if name.startswith("test_") and callable(value) and name not in leave_out
    }
    assert not leave_out - set(vars(module)), "a left-out test no longer exists"
    return tests


on_opensearch = [requires_server, pytest.mark.django_db, pytest.mark.usefixtures("opensearch")]

TestBackendsOnOpenSearch = type(
    "TestBackendsOnOpenSearch",
    (),
    _reused(
        test_backends,
        leave_out={
            "test_it_picks_the_backend_of_the_database_in_use",
            "test_it_weighs_title_and_numbers_a_keywords_b_summary_c_and_the_rest_d",  # PostgreSQL's weights
        },
    ),
)
TestRelevanceOnOpenSearch = type("TestRelevanceOnOpenSearch", (), _reused(test_relevance, leave_out=set()))
TestPublicSearchOnOpenSearch = type(
    "TestPublicSearchOnOpenSearch",
    (),
    _reused(
        test_selectors,
        leave_out={  # no search in them
            "test_it_reports_wrong_parameters_in_chinese_and_keeps_the_rest",
            "test_it_suggests_the_term_meant_for_a_common_misspelling",
            "test_it_suggests_nothing_for_correct_terms",
        },
    ),
)
for _class in (TestBackendsOnOpenSearch, TestRelevanceOnOpenSearch, TestPublicSearchOnOpenSearch):
    for _mark in on_opensearch:
        _mark(_class)


@requires_server
def test_it_is_the_backend_when_settings_name_it(opensearch: SegmentedOpenSearchBackend) -> None:
    assert isinstance(get_search_backend(), SegmentedOpenSearchBackend)
    assert opensearch.es.ping()


@requires_server
def test_the_cluster_analyzes_our_words_as_they_come(
    opensearch: SegmentedOpenSearchBackend, region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    publish_indexed(region, django_capture_on_commit_callbacks, title="政务公开工作要点")  # creates the index
    index = opensearch.get_index_for_model(Document).name

    analyzed = opensearch.es.indices.analyze(
        index=index, body={"analyzer": WORDS_ANALYZER, "text": "示例市 教育局 宁政办2017123号 ABC"}
    )

    assert [token["token"] for token in analyzed["tokens"]] == ["示例市", "教育局", "宁政办2017123号", "abc"]
    mapping = opensearch.es.indices.get_mapping(index=index)[index]["mappings"]
    assert mapping["properties"][ALL_TEXT]["analyzer"] == WORDS_ANALYZER


@requires_server
def test_search_reindex_fills_the_index_and_removes_what_is_no_longer_published(
    opensearch: SegmentedOpenSearchBackend, region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    kept = publish_indexed(region, django_capture_on_commit_callbacks, title="政务公开工作要点")
    gone = publish_indexed(region, django_capture_on_commit_callbacks, title="政务公开年度报告")
    # Withdrawn behind the index's back (no signal, no task): only a rebuild can notice.
    Document.objects.filter(pk=gone.pk).update(status="withdrawn")
    index = opensearch.get_index_for_model(Document)
    opensearch.es.delete(index=index.name, id=str(kept.pk), refresh="true")  # lost, say, in an outage
    assert titles("政务公开") == ["政务公开年度报告"]

    counts = search_reindex(models_to_index=[Document])
    index.refresh()

    assert counts == {"publications.Document": 1}
    assert titles("政务公开") == ["政务公开工作要点"]


@requires_server
def test_it_searches_pages_in_their_own_index(opensearch: SegmentedOpenSearchBackend, region: Region) -> None:
    assert "示例市教育局" in titles("教育局", Page.objects.live())
    assert opensearch.es.indices.exists(index=opensearch.get_index_for_model(Page).name)
