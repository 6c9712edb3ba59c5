"""Wagtail's PostgreSQL backend over segmented text (production).

The stored tsvectors are built from the segmented words in the 'simple' configuration (lower-casing, no
stemming and no English stop words, which would mean nothing to Chinese); modelsearch's GIN indexes on
them serve the match. Each text carries the weight A–D that modelsearch derives from its field's boost
(title and own numbers A, 主题词 B, 内容概述 C, the rest D), and ts_rank weighs matches by it: a match in
the title alone outranks any match in the body alone, a match in the 主题词 one in the text.

Unlike modelsearch, the title rank is not multiplied by a title-length factor (lavg/length): 公文 titles
are long and formulaic ("关于印发…的通知"), a long title is no sign of a less relevant document, and the
factor let a 主题词 match outrank a title match. (SQLite ranks without it too.) An object whose own
发文字号/索引号 was asked for gets EXACT_NUMBER_BONUS on top, so it ranks first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.contrib.postgres.search import SearchQuery as PostgresQuery
from django.db import connection, connections, transaction
from django.db.models import BigIntegerField, F, Func, IntegerField, Q, QuerySet
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.conf import get_app_config
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks
from psycopg import sql

from gongkai.search.backends.common import EXACT_NUMBER_BONUS, SegmentedQueryMixin, exact_number_bonus
from gongkai.search.index import SegmentedObject

SEARCH_CONFIG = "simple"
VECTOR_COLUMNS = ("title", "body", "autocomplete")
# A sliced search (a page of results, search_public's CANDIDATE_LIMIT + 1) ranks at most this many
# candidates, or as many as the slice ends at if that is more (see SegmentedPostgresSearchQueryCompiler).
RANKED_AT_MOST = 1000


@dataclass
class _Entry:
    """One object's index entry: the (text, weight letter) pairs of each tsvector column, and the plain
    copies of the title and body."""

    vectors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    title_text: str = ""
    body_text: str = ""


def _entry(obj: Any) -> _Entry:
    segmented = SegmentedObject.of(obj)
    body = segmented.numbers + segmented.body
    return _Entry(
        vectors={
            "title": [(text, get_weight(boost)) for text, boost in segmented.title],
            "body": [(text, get_weight(boost)) for text, boost in body],
            # modelsearch gives autocomplete text the lowest weight, having no boost for it.
            "autocomplete": [(text, "D") for text in segmented.autocomplete],
        },
        # Plain copies for modelsearch's fuzzy (trigram) search; the title's also holds the marked tokens
        # of the object's own numbers, which only the exact-number bonus looks at.
        title_text=" ".join([text for text, _boost in segmented.title] + segmented.exact_marks),
        body_text=" ".join(text for text, _boost in body),
    )


def upsert_entries(model: type[Any], entries: dict[str, _Entry], *, config: str) -> None:
    """Insert or update the index entries of ``model``'s objects (by primary key) in one statement.

    Each tsvector is ``setweight(to_tsvector(config, text), weight) || …`` over the column's texts, as
    modelsearch builds it, but the texts travel as one array per slot (``unnest``), not as a Django
    expression per text: building, compiling and quoting some ten thousand expressions per batch took
    longer than segmenting the batch. An object with fewer texts than a slot count gets empty ones, which
    add nothing to a tsvector (gongkai/search/tests/test_backends.py checks the vectors are the same).
    """
    if not entries:
        return
    names = ["object_id", "title_text", "body_text"]
    arrays = [list(entries), [entry.title_text for entry in entries.values()]]
    arrays.append([entry.body_text for entry in entries.values()])
    vectors = {column: _vector_of_slots(column, entries, names, arrays, config) for column in VECTOR_COLUMNS}
    statement = sql.SQL(
        "INSERT INTO {table} (content_type_id, object_id, title_norm, title, body, autocomplete, title_text,"
        " body_text) SELECT %s, r.object_id, 1.0, {title}, {body}, {autocomplete}, r.title_text, r.body_text"
        " FROM unnest({arrays}) AS r({names})"
        " ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title,"
        " body = EXCLUDED.body, autocomplete = EXCLUDED.autocomplete, title_text = EXCLUDED.title_text,"
        " body_text = EXCLUDED.body_text, title_norm = EXCLUDED.title_norm"
    ).format(
        table=sql.Identifier(get_app_config().get_model("IndexEntry")._meta.db_table),
        # In binary: psycopg quotes each element of an array sent as text, six times the work.
        arrays=sql.SQL(", ").join(sql.SQL("%b::text[]") for _ in arrays),
        names=sql.SQL(", ").join(sql.Identifier(name) for name in names),
        **vectors,
    )
    # A cursor that sends the arrays as parameters (Django's quotes every text into the statement, which
    # costs more than the rest of the write), on Django's connection and so in its transaction.
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        # title_norm goes back to 1.0, as modelsearch writes it (its _refresh_title_norms is not used here).
        # Never a prepared statement: the shape varies, and a pooler in transaction mode would lose it.
        cursor.execute(statement, [get_content_type_pk(model), *arrays], prepare=False)


def _vector_of_slots(
    column: str, entries: dict[str, _Entry], names: list[str], arrays: list[list[str]], config: str
) -> sql.Composable:
    """The tsvector expression of one column over the unnested arrays, whose names and arrays (a text and
    a weight per slot) it appends."""
    terms = []
    for slot in range(max(len(entry.vectors[column]) for entry in entries.values())):
        padded = [_slot(entry.vectors[column], slot) for entry in entries.values()]
        arrays += [[text for text, _weight in padded], [weight for _text, weight in padded]]
        names += [f"{column}{slot}", f"{column}{slot}_weight"]
        terms.append(
            sql.SQL('setweight(to_tsvector({config}::regconfig, r.{text}), r.{weight}::"char")').format(
                config=sql.Literal(SEARCH_CONFIG if column == "autocomplete" else config),
                text=sql.Identifier(f"{column}{slot}"),
                weight=sql.Identifier(f"{column}{slot}_weight"),
            )
        )
    return sql.SQL(" || ").join(terms) if terms else sql.SQL("''::tsvector")


def _slot(texts: list[tuple[str, str]], slot: int) -> tuple[str, str]:
    # A text of only spaces is left out, as an empty one (modelsearch leaves both out).
    text, weight = texts[slot] if slot < len(texts) else ("", "D")
    return (text, weight) if text.strip() else ("", "D")


class SegmentedPostgresIndex(PostgresIndex):
    def add_items(self, model: type[Any], objs: Any) -> None:
        if model.get_search_fields():
            upsert_entries(model, {str(obj.pk): _entry(obj) for obj in objs}, config=self.backend.config)

    def _refresh_title_norms(self, full: bool = False) -> None:
        """Not used by this backend's ranking (see the module docstring): spare the full-table average."""


class SegmentedPostgresSearchQueryCompiler(SegmentedQueryMixin, PostgresSearchQueryCompiler):
    """Matches through the GIN indexes and ranks a bounded set of candidates (issue 4: p95 ≤ 100 ms at
    1,000,000 documents; measured in docs/performance.md).

    - The match. modelsearch matches ``title || body @@ query``, which no index serves: every search read
      every index entry. Here each word matches where ``title @@ word OR body @@ word`` — the same for
      the queries this backend builds (segmented words: no phrase operators, weights or prefixes) — and
      PostgreSQL answers that from modelsearch's GIN index on each column.
    - The join. Entries are joined to the searched objects through ObjectPk, indexed by migration 0002,
      so PostgreSQL goes from the entries to the objects when the words are rare, and from the objects
      to their entries when a filter (organization, year, 体裁) leaves few objects.
    - The candidates. A sliced search (a page of results, search_public's CANDIDATE_LIMIT + 1) ranks at
      most max(slice end, RANKED_AT_MOST) matches, not all: ts_rank reads each match's body vector (about
      8 KB, stored out of line) and a common word matches most of a catalogue. They are taken in this
      order: the objects whose own 发文字号/索引号 was typed (the exact-number bonus puts them first), the
      matches with every word in the title (weight A: they outrank any match in the body alone), then the
      others. Within a pass the first found in the table's order are taken, not the best ranked or the
      newest: finding those would mean reading every match. So when more than the limit match in the
      title, or more than are left in the body, which of them are ranked is arbitrary; the ranking among
      the candidates is the full one. A search that is not sliced (a count, every result) ranks all.
    """

    def get_index_vectors(self, search_query: Any) -> list[tuple[Any, float]]:
        return [(F("index_entries__title"), 1.0), (F("index_entries__body"), 1.0)]

    def _build_rank_expression(self, vectors: Any, config: Any) -> Any:
        bonus = exact_number_bonus(self.number_words, "index_entries__title_text", bonus=EXACT_NUMBER_BONUS)
        return super()._build_rank_expression(vectors, config) + bonus

    def search(
        self, config: Any, start: int, stop: int | None, score_field: str | None = None, backend: Any = None
    ) -> Any:
        by_index = self.query is not None and self.fields is None and _texts_only(self.query)
        if not by_index or not _has_integer_pk(self.queryset.model):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        candidates = self._candidates(config, None if stop is None else max(stop, RANKED_AT_MOST))
        queryset = self.queryset.filter(pk__in=candidates)
        rank = self._build_rank_expression(self.get_index_vectors(None), config)
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

    def _candidates(self, config: Any, limit: int | None) -> QuerySet[Any]:
        """The pks of the matches to rank (all of them if ``limit`` is None), as a subquery."""
        index_entry = get_app_config().get_model("IndexEntry")
        content_types = get_descendants_content_types_pks(self.queryset.model)
        # Joined to the objects through an index both ways (migration 0002): from an entry to its object
        # when a rare word leaves few entries, from an object to its entry when a filter leaves few.
        entries = (
            index_entry._default_manager.filter(content_type_id__in=content_types)
            .annotate(object_pk=ObjectPk("object_id"))
            .filter(object_pk__in=self.queryset.order_by().values("pk"))
            .values("object_pk")
        )
        match = _match(self.query, config)
        if limit is None:
            return entries.filter(match)
        in_title = Q(title=self.build_tsquery(self.query, config=config))
        if _negates(self.query):
            in_title &= match  # “a -b” in the title may still have b in the body
        passes = [entries.filter(in_title), entries.filter(match & ~in_title)]
        if self.number_words:  # the objects the exact-number bonus ranks first
            owned = exact_number_bonus(self.number_words, "title_text", bonus=1.0)
            passes.insert(0, entries.alias(owned=owned).filter(match, owned__gt=0))
        # Each pass has its own LIMIT too: PostgreSQL then plans it to stop early (index probes per match)
        # rather than to join every match; the outer LIMIT stops before a later pass once one fills it.
        limited = [candidates[:limit] for candidates in passes]
        return limited[0].union(*limited[1:], all=True)[:limit]


class ObjectPk(Func):
    """An index entry's object_id as the integer pk it holds (NULL if it holds another kind of key), with
    the function and index of migration 0002."""

    function = "gongkai_search_object_pk"
    output_field = BigIntegerField()


def _match(query: SearchQuery, config: Any) -> Q:
    """``title || body @@ query`` as conditions each GIN index answers: a word in either column."""
    if isinstance(query, PlainText | Phrase):
        operator = query.operator if isinstance(query, PlainText) else "and"
        words = [word for word in re.split(r"[\s\-]+", query.query_string) if word]
        match = Q()
        for word in words:
            lexeme = PostgresQuery(Lexeme(word), search_type="raw", config=config)
            either = Q(title=lexeme) | Q(body=lexeme)
            match = match & either if operator == "and" else match | either
        return match
    if isinstance(query, Boost):
        return _match(query.subquery, config)
    if isinstance(query, Not):
        return ~_match(query.subquery, config)
    if isinstance(query, And | Or):
        parts = [_match(sub, config) for sub in query.subqueries]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined & part if isinstance(query, And) else combined | part
        return combined
    raise NotImplementedError(type(query).__name__)


def _texts_only(query: SearchQuery) -> bool:
    """Whether the query is made of texts (MatchAll and Fuzzy take modelsearch's way)."""
    if isinstance(query, PlainText | Phrase):
        return True
    if isinstance(query, Boost | Not):
        return _texts_only(query.subquery)
    if isinstance(query, And | Or):
        return all(_texts_only(sub) for sub in query.subqueries)
    return False


def _has_integer_pk(model: type[Any]) -> bool:
    """Whether the model's pk is an integer, as ObjectPk is (a page's pk is its parent link). Every
    searchable model here has one; another takes modelsearch's way."""
    pk = model._meta.pk
    while pk.remote_field is not None:
        pk = pk.target_field
    return isinstance(pk, IntegerField)


def _negates(query: SearchQuery) -> bool:
    if isinstance(query, Not):
        return True
    if isinstance(query, Boost):
        return _negates(query.subquery)
    if isinstance(query, And | Or):
        return any(_negates(sub) for sub in query.subqueries)
    return False


class SegmentedPostgresAutocompleteQueryCompiler(SegmentedQueryMixin, PostgresAutocompleteQueryCompiler):
    pass


class SegmentedPostgresSearchResults(PostgresSearchResults):
    """Results whose filtered searches are planned from the filtered objects to their entries.

    The planner does not know that testing a match reads the entry's body vector (stored out of line, a
    few KB each), so for a search filtered by organization, year or 体裁 it prefers to scan the whole
    index table and join the filtered objects by hash, reading every entry's body until enough matches of
    the filtered objects turn up. Going from the filtered objects to their entries by index reads only
    theirs. Measured at 100,000 documents: “予以” in one organization 1,071 ms → 167 ms. Sequential
    scans are turned off for that one query (SET LOCAL, inside its own transaction); an unfiltered
    search keeps the planner's choice.
    """

    def _do_search(self) -> Any:
        compiler = self.query_compiler
        if not _filtered(compiler.queryset):
            return super()._do_search()
        using = compiler.queryset.db
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            return super()._do_search()


def _filtered(queryset: QuerySet[Any]) -> bool:
    """Whether the search is narrowed by filters beyond the model's indexed objects (published …)."""
    base = queryset.model.get_indexed_objects()  # type: ignore[attr-defined]
    return len(queryset.query.where.children) > len(base.query.where.children)


class SegmentedPostgresSearchBackend(PostgresSearchBackend):
    # ts_rank: higher is better (gongkai.search.selectors merges the types' results by score).
    score_higher_is_better = True
    results_class = SegmentedPostgresSearchResults
    query_compiler_class = SegmentedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedPostgresAutocompleteQueryCompiler
    index_class = SegmentedPostgresIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or SEARCH_CONFIG
