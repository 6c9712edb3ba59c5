"""Wagtail's OpenSearch backend over segmented text, for regions that outgrow one database (issue 4).

``"BACKEND": "gongkai.search.backends.opensearch"`` names this module (config/settings.py does so when
OPENSEARCH_URL is set). It is modelsearch's OpenSearch backend (opensearch-py 3) with what the database
backends of gongkai.search.backends do, done the OpenSearch way:

- Chinese: the text is cut in Python by gongkai.search.segmentation (jieba with the government dictionary
  and the administrators' terms), at index time and at query time, exactly as for the database backends,
  and sent as space-separated words. The index's analyzer WORDS_ANALYZER only splits on whitespace and
  lower-cases, so a token in OpenSearch is one of our words: no IK or smartcn plugin is needed on the
  cluster, and a term an administrator adds works at once (docs/deployment.md "OpenSearch" tells how an
  IK analyzer could be swapped in, and what that would cost).
- Columns: a document holds no field's raw text. ``_all_text`` holds every searched text (title, own
  numbers, 主题词, 内容概述, body, organization name …) and decides what matches; ``_all_text_boost_<b>``
  holds the texts of the fields with boost b (title and own 发文字号/索引号 10, 主题词 3, 内容概述 and page
  titles 2), only to rank. Filter fields are stored as modelsearch stores them, so the querysets' filters
  work as on any modelsearch backend.
- Ranking: BM25 over ``_all_text``, plus b × BM25 over each ``_all_text_boost_<b>`` for the words asked
  for: a title match outranks a 主题词 match, which outranks a body match. The boosted columns keep no
  length norms (a long, formulaic 公文 title is no sign of a less relevant document: as on PostgreSQL,
  there is no title-length factor). An object whose own 发文字号/索引号 was asked for gets EXACT_NUMBER_BONUS
  per such number (a constant-score clause on the keyword column ``_exact_numbers``), so it ranks first.
- Query semantics come from gongkai.search.backends.common.segment_search_query, as on the database
  backends: every word must match (AND), a phrase asks for its words (search_public checks adjacency on
  the stored text), an excluded word or phrase excludes what holds all of its words.

Scores are higher-is-better. Each root model has its own index (modelsearch's layout), so the scores of two
types compare only roughly (their BM25 statistics differ); the exact-number bonus is the same everywhere.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from django.db.models import Model
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3SearchResults,
)
from modelsearch.index import FilterField, RelatedFields, SearchField, class_is_indexed
from modelsearch.query import And, Boost, MatchAll, Not, Or, PlainText, SearchQuery
from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, RequestError
from opensearchpy.helpers import bulk, scan

from gongkai.search.backends.common import SegmentedQueryMixin
from gongkai.search.index import SegmentedObject
from gongkai.search.segmentation import EXACT_MARK

WORDS_ANALYZER = "gongkai_words"
WORD_PREFIXES_ANALYZER = "gongkai_word_prefixes"
ALL_TEXT = "_all_text"
EXACT_NUMBERS = "_exact_numbers"
AUTOCOMPLETE = "_edgengrams"
# Added per own 发文字号/索引号 asked for. Smaller than the database backends' 1 000 000: OpenSearch scores
# are 32-bit floats (24-bit mantissa), and at 1e6 the text score that orders two owners of the same
# number would be rounded to 1/16; at 1e5 it keeps 1/128. A text score never comes near it: a query of
# MAX_PARTS words, each at most about idf × 2.2 × (1 + 10 + 3 + 2), stays in the low thousands.
EXACT_NUMBER_BONUS = 100_000.0
# OpenSearch's default index.max_result_window: up to this many hits come in one request, not a scroll.
MAX_RESULT_WINDOW = 10_000
_NO_HITS: dict[str, Any] = {"hits": {"hits": []}}

INDEX_SETTINGS: dict[str, Any] = {
    "settings": {
        "analysis": {
            "analyzer": {
                # The text arrives cut into words by gongkai.search.segmentation; a token is one word.
                WORDS_ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
                # Autocomplete: every word's beginnings (教, 教育, 教育局), matched by whole typed words.
                WORD_PREFIXES_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase", "gongkai_word_prefix"],
                },
            },
            "filter": {"gongkai_word_prefix": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}},
        },
    }
}


def _words_mapping(*, norms: bool = True) -> dict[str, Any]:
    mapping: dict[str, Any] = {"type": "text", "analyzer": WORDS_ANALYZER}
    if not norms:
        mapping["norms"] = False
    return mapping


def _only_filter_fields(search_fields: list[Any]) -> list[Any]:
    """The FilterFields of ``search_fields``, with the RelatedFields that hold some (only those kept)."""
    kept: list[Any] = []
    for search_field in search_fields:
        if isinstance(search_field, FilterField):
            kept.append(search_field)
        elif isinstance(search_field, RelatedFields):
            inner = _only_filter_fields(search_field.fields)
            if inner:
                kept.append(RelatedFields(search_field.field_name, inner))
    return kept


def _boosts(search_fields: list[Any]) -> set[float]:
    boosts: set[float] = set()
    for search_field in search_fields:
        if isinstance(search_field, RelatedFields):
            boosts |= _boosts(search_field.fields)
        elif isinstance(search_field, SearchField) and search_field.boost:
            boosts.add(float(search_field.boost))
    return boosts


class SegmentedOpenSearchMapping(OpenSearch3Mapping):
    """A model's document: its filter fields as modelsearch stores them, and its texts segmented."""

    edgengram_analyzer_config = {"analyzer": WORD_PREFIXES_ANALYZER, "search_analyzer": WORDS_ANALYZER}

    def filter_fields(self) -> list[Any]:
        return _only_filter_fields(self.model.get_search_fields())

    def boosts(self) -> list[float]:
        """The distinct boosts of the model's searched fields, related ones included (SegmentedObject
        reads those too): each has its ranking column."""
        return sorted(_boosts(self.model.get_search_fields()))

    def get_mapping(self) -> dict[str, Any]:
        properties: dict[str, Any] = {
            "pk": {"type": "keyword", "store": True},
            "_django_content_type": {"type": "keyword"},
            ALL_TEXT: _words_mapping(),
            EXACT_NUMBERS: {"type": "keyword"},
            AUTOCOMPLETE: {"type": "text", **self.edgengram_analyzer_config},
        }
        for boost in self.boosts():
            properties[self.get_boost_field_name(boost)] = _words_mapping(norms=False)
        for search_field in self.filter_fields():
            name, field_mapping = self.get_field_mapping(search_field)
            properties[name] = field_mapping
        # Strict: a field the mapping does not know is an error, not a guess with the standard analyzer.
        return {"dynamic": "strict", "properties": properties}

    def get_document(self, obj: Any) -> dict[str, Any]:
        document: dict[str, Any] = {"pk": str(obj.pk), "_django_content_type": self.get_all_content_types()}
        for search_field in self.filter_fields():
            name, value, _edgengrams = self._get_document_field_data(search_field, obj)
            document[name] = value
        segmented = SegmentedObject.of(obj)
        texts = segmented.title + segmented.numbers + segmented.body
        document[ALL_TEXT] = [text for text, _boost in texts]
        document.update(self._ranking_columns(texts))
        document[EXACT_NUMBERS] = [mark.removeprefix(EXACT_MARK) for mark in segmented.exact_marks]
        document[AUTOCOMPLETE] = segmented.autocomplete
        return document

    def _ranking_columns(self, texts: list[tuple[str, float | None]]) -> dict[str, list[str]]:
        """The boosted texts, by the column of their boost."""
        columns: dict[str, list[str]] = {}
        for text, boost in texts:
            if boost:
                columns.setdefault(self.get_boost_field_name(boost), []).append(text)
        return columns


# The (index, model) pairs this process made sure of: the index exists and holds the model's mapping.
_prepared: set[tuple[str, str]] = set()
_prepared_lock = threading.Lock()


def forget_prepared_indexes() -> None:
    """Check the indexes again before the next write (after they were deleted behind this process)."""
    with _prepared_lock:
        _prepared.clear()


class SegmentedOpenSearchIndex(OpenSearch3Index):
    """One OpenSearch index (one per root model). Created with our analyzers on the first write, so that
    publishing into an empty cluster or ``manage.py search_reindex`` needs no other step."""

    def prepare(self, model: type[Model]) -> None:
        key = (self.name, model._meta.label)
        if key in _prepared:
            return
        with _prepared_lock:
            if not self.exists():
                try:
                    self.put()
                except RequestError as error:  # another process created it in between
                    if error.error != "resource_already_exists_exception":
                        raise
            self.add_model(model)
            _prepared.add(key)

    def add_item(self, item: Any) -> None:
        self.add_items(item._meta.model, [item])

    def add_items(self, model: type[Model], items: Any) -> None:
        if not class_is_indexed(model):
            return
        mapping = self.mapping_class(model)
        actions = [{"_id": mapping.get_document_id(item), **mapping.get_document(item)} for item in items]
        if not actions:
            return
        self.prepare(model)
        bulk(self.es, actions, index=self.name, **self.backend.write_params)

    def delete_item(self, item: Any) -> None:
        if not class_is_indexed(item.__class__):
            return
        mapping = self.mapping_class(item.__class__)
        with suppress(NotFoundError):  # not in the index, or no index yet
            self.es.delete(index=self.name, id=mapping.get_document_id(item), **self.backend.write_params)

    def delete_stale(self, model: type[Model], *, batch_size: int = 1000) -> int:
        """Remove the documents of ``model`` whose object is no longer indexable (deleted, or withdrawn
        while nobody listened): the database is asked about each batch of ids the index holds. Returns how
        many were removed."""
        removed = 0
        try:
            for ids in _batched(self._document_ids(model), batch_size):
                stale = sorted(set(ids) - _indexable_ids(model, ids))
                if stale:
                    actions = [{"_op_type": "delete", "_id": doc_id} for doc_id in stale]
                    bulk(self.es, actions, index=self.name, raise_on_error=False, **self.backend.write_params)
                    removed += len(stale)
        except NotFoundError:
            return 0  # no index: nothing to remove
        return removed

    def _document_ids(self, model: type[Model]) -> Iterator[str]:
        """The ids of ``model``'s documents in the index (a scroll: a snapshot, unaffected by deletes)."""
        content_type = self.mapping_class(model).get_content_type()
        query = {"query": {"bool": {"filter": {"term": {"_django_content_type": content_type}}}}}
        return (hit["_id"] for hit in scan(self.es, query=query, index=self.name, _source=False))


def _indexable_ids(model: type[Model], ids: list[str]) -> set[str]:
    indexable = model.get_indexed_objects().filter(pk__in=ids)  # type: ignore[attr-defined]
    return {str(pk) for pk in indexable.values_list("pk", flat=True)}


def _batched(values: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _wanted_text(query: SearchQuery | None, *, negated: bool = False) -> list[str]:
    """The segmented texts a query asks for (not those it excludes): what the ranking clauses weigh."""
    if isinstance(query, PlainText):
        return [] if negated else [query.query_string]
    if isinstance(query, Boost | Not):
        return _wanted_text(query.subquery, negated=negated or isinstance(query, Not))
    if isinstance(query, And | Or):
        return [text for sub in query.subqueries for text in _wanted_text(sub, negated=negated)]
    return []


class SegmentedOpenSearchQueryCompiler(SegmentedQueryMixin, OpenSearch3SearchQueryCompiler):
    # Every word must match, as on the database backends (modelsearch's Elasticsearch default is "or").
    DEFAULT_OPERATOR = "and"
    mapping_class = SegmentedOpenSearchMapping

    def _remap_fields(self, fields: Any) -> list[Field]:
        """``_all_text`` and the boosted columns whatever ``fields`` says: the documents keep no single
        field's text (the PostgreSQL backend here, too, searches its title and body columns whatever
        ``fields`` names)."""
        return super()._remap_fields(None)  # type: ignore[no-any-return]

    def get_inner_query(self) -> dict[str, Any]:
        if self.query is None:  # only punctuation or function words were typed
            return self._process_match_none()  # type: ignore[no-any-return]
        if isinstance(self.query, MatchAll):
            return {"match_all": {}}
        matched = self._compile_query(self.query, Field(ALL_TEXT))
        ranking = self.ranking_clauses()
        if not ranking:
            return matched  # type: ignore[no-any-return]
        return {"bool": {"must": matched, "should": ranking}}

    def ranking_clauses(self) -> list[dict[str, Any]]:
        """What orders the matches without deciding them: the words asked for in each boosted column,
        weighed by its boost, and the bonus of the object that owns a number asked for."""
        words = " ".join(_wanted_text(self.query))
        clauses: list[dict[str, Any]] = []
        if words:
            clauses += [
                {"match": {field.field_name: {"query": words, "boost": field.boost}}}
                for field in self.remapped_fields
                if field.field_name != ALL_TEXT
            ]
        clauses += [
            {"constant_score": {"filter": {"term": {EXACT_NUMBERS: word}}, "boost": EXACT_NUMBER_BONUS}}
            for word in self.number_words
        ]
        return clauses


class SegmentedOpenSearchAutocompleteQueryCompiler(SegmentedQueryMixin, OpenSearch3AutocompleteQueryCompiler):
    DEFAULT_OPERATOR = "and"
    mapping_class = SegmentedOpenSearchMapping

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.remapped_fields = None  # one autocomplete column (_edgengrams), whatever ``fields`` says

    def get_inner_query(self) -> dict[str, Any]:
        if self.query is None:
            return self._process_match_none()  # type: ignore[no-any-return]
        return super().get_inner_query()  # type: ignore[no-any-return]


class SegmentedOpenSearchResults(OpenSearch3SearchResults):
    def _backend_do_search(self, body: dict[str, Any], **kwargs: Any) -> Any:
        try:
            return super()._backend_do_search(body, **kwargs)
        except NotFoundError:
            return _NO_HITS  # nothing was ever indexed for this model: its index is made on the first write

    def _do_count(self) -> int:
        try:
            return super()._do_count()  # type: ignore[no-any-return]
        except NotFoundError:
            return 0

    def _do_search(self) -> Iterator[Any]:
        """A slice that fits in one page of hits (search_public's CANDIDATE_LIMIT + 1) is one request and
        one database query, not modelsearch's scroll of 100 hits and one query per 100."""
        if self.stop is None or self.stop > MAX_RESULT_WINDOW or self.stop - self.start <= 100:
            yield from super()._do_search()
            return
        params = {
            "index": self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            "_source": False,
            self.fields_param_name: "pk",
            "from_": self.start,
            "size": self.stop - self.start,
        }
        hits = self._backend_do_search(self._get_es_body(), **params)["hits"]["hits"]
        yield from self._get_results_from_hits(hits)


# One client per cluster configuration and process: a backend is made for every search
# (modelsearch.backends.get_search_backend), and a client per search would open new connections each time.
_clients: dict[str, OpenSearch] = {}


def _shared_client(**options: Any) -> OpenSearch:
    key = json.dumps(options, sort_keys=True, default=str)
    client = _clients.get(key)
    if client is None:
        client = _clients.setdefault(key, OpenSearch(**options))
    return client


class SegmentedOpenSearchBackend(OpenSearch3SearchBackend):
    """Parameters, besides modelsearch's (URLS, INDEX_PREFIX, TIMEOUT, OPTIONS, INDEX_SETTINGS …):

    - REFRESH: make each write visible to searches before it returns (tests; "wait_for" or True). Off by
      default: OpenSearch shows a write within its refresh interval (1 s).
    """

    score_higher_is_better = True  # BM25 (gongkai.search.selectors merges the types' results by score)
    settings = INDEX_SETTINGS
    mapping_class = SegmentedOpenSearchMapping
    index_class = SegmentedOpenSearchIndex
    query_compiler_class = SegmentedOpenSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedOpenSearchAutocompleteQueryCompiler
    results_class = SegmentedOpenSearchResults
    client_class = staticmethod(_shared_client)

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        refresh = params.pop("REFRESH", False)
        super().__init__(params)
        self.write_params: dict[str, Any] = {"refresh": _refresh_value(refresh)} if refresh else {}


def _refresh_value(refresh: Any) -> str:
    return "wait_for" if refresh == "wait_for" else "true"


SearchBackend = SegmentedOpenSearchBackend
