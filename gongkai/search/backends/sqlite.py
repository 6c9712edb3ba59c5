"""Wagtail's SQLite FTS5 backend over segmented text (the embedded default).

What differs from PostgreSQL, and why:

- Columns, not weights per field. FTS5's bm25() weighs whole columns, and modelsearch's FTS table has
  three (autocomplete, body, title). The title column counts TITLE_WEIGHT times the body column. Inside
  the body, a boosted field (主题词 KEYWORDS_BOOST 3, 内容概述 2) is written that many times, at most
  MAX_REPEATS: bm25's term frequency rises, with diminishing returns, so keywords rank above the body
  text but by a smaller margin than PostgreSQL's weight B over D. Numbers (ExactNumberField) are written
  once: their owner is ranked by the bonus below, not by term frequency.
- Length normalisation: bm25() divides by the length of the whole row (all three columns together, with
  FTS5's fixed k1 = 1.2 and b = 0.75), so of two rows that match alike, the shorter ranks higher; the
  weights cannot switch that off. modelsearch's title_norm (which PostgreSQL multiplies in) is neither
  used nor kept up to date here.
- An object's own number ranks first on both: EXACT_NUMBER_BONUS is subtracted from the score (bm25 is
  negative, lower is better). The marked tokens that say "this is my own number" live in the autocomplete
  column, which a search does not match and bm25 does not weigh here (Documents have no autocomplete
  fields; a page's autocomplete title is unaffected by a marker nobody types).
- One pass (issue 4's benchmark): modelsearch selects the matching ids with the MATCH, then scores every
  candidate with a subquery of its own that runs the MATCH again (and bm25 re-reads the statistics of the
  whole match each time), which grows with the square of the matches of a common word. Here the model's
  table is joined to the index entries and the FTS table: the MATCH runs once, each row gets its weighted
  bm25 (and bonus) as it is matched, the queryset's filters apply in the same statement, and the database
  sorts with the caller's LIMIT (search_public asks for CANDIDATE_LIMIT + 1). That statement selects only
  pks and scores; a second one loads the objects of the slice (SegmentedSQLiteSearchResults).
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import FloatField, Func, IntegerField, Model, QuerySet
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, SearchQuery
from modelsearch.utils import get_descendants_content_types_pks

from gongkai.search.backends.common import (
    EXACT_NUMBER_BONUS,
    SegmentedQueryMixin,
    exact_number_bonus,
    upsert_entries,
)
from gongkai.search.index import SegmentedObject
from gongkai.search.segmentation import EXACT_MARK

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
AUTOCOMPLETE_WEIGHT = 1.0
MAX_REPEATS = 3


def _weighted_bm25_sql() -> str:
    # The FTS table is created as fts5(autocomplete, body, title) by modelsearch's migration.
    table = SQLiteFTSIndexEntry._meta.db_table
    return f"bm25({table}, {AUTOCOMPLETE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT})"


class WeightedBM25(Func):
    """bm25() of the row being matched, with a weight per column in the FTS table's order."""

    output_field = FloatField()

    def __init__(self) -> None:
        super().__init__()

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> tuple[str, list[Any]]:
        return _weighted_bm25_sql(), []


def _repeats(search_boost: float | None) -> int:
    return 1 if search_boost is None else max(1, min(MAX_REPEATS, int(search_boost)))


def _columns(obj: Any) -> dict[str, str]:
    segmented = SegmentedObject.of(obj)
    return {
        "title": " ".join(text for text, _boost in segmented.title),
        "body": " ".join(
            [text for text, _boost in segmented.numbers]
            + [" ".join([text] * _repeats(boost)) for text, boost in segmented.body]
        ),
        "autocomplete": " ".join([*segmented.autocomplete, *segmented.exact_marks]),
    }


class SegmentedSQLiteIndex(SQLiteIndex):
    def add_items(self, model: type[Any], objs: Any) -> None:
        if model.get_search_fields():
            upsert_entries(model, {str(obj.pk): _columns(obj) for obj in objs})

    def _refresh_title_norms(self, full: bool = False) -> None:
        """Not used by this backend's ranking (see the module docstring): spare the full-table average."""


def _like_contains(text: str) -> str:
    """The LIKE pattern of Django's ``contains`` on SQLite (with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has_integer_pk(model: type[Model]) -> bool:
    """The index entries hold the object's pk as text; the join below compares it with an integer pk
    (SQLite converts the text), which a pk of another type would not match."""
    pk: Any = model._meta.pk
    while pk.is_relation:  # a child model's pk is its parent link (Wagtail's pages)
        pk = pk.target_field
    return isinstance(pk, IntegerField)


class SegmentedSQLiteSearchQueryCompiler(SegmentedQueryMixin, SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors: Any, config: Any) -> Any:
        # Used by modelsearch's search(), in the cases ranked() leaves to it.
        bonus = exact_number_bonus(self.number_words, "index_entry__autocomplete", bonus=-EXACT_NUMBER_BONUS)
        return WeightedBM25() + bonus

    def search(self, config: Any, start: int, stop: int | None, score_field: str | None = None) -> Any:
        ranked = self.ranked(config, score_field)
        if ranked is None:
            return super().search(config, start, stop, score_field)
        return ranked[start:stop]

    def ranked(self, config: Any, score_field: str | None) -> QuerySet[Any] | None:
        """The matches in one pass (module docstring), ordered by score unless the caller ordered the
        queryset, each with its score as ``score_field`` (default ``_score``); None where modelsearch's
        way is kept (see _one_pass_query)."""
        query = self._one_pass_query(score_field)
        if query is None:
            return None
        score_field = score_field or "_score"
        matches = self._joined_to_index(query, config, score_field)
        if self.order_by_relevance:
            return matches.order_by(score_field, "-pk")
        if not matches.query.order_by:
            return matches.order_by("-pk")  # stable pages, as modelsearch does
        return matches

    def _one_pass_query(self, score_field: str | None) -> SearchQuery | None:
        """The normalised query, or None when there is nothing to rank in one pass: nothing to search,
        everything or nothing matched, a negated query (no score), no score wanted, a search restricted
        to named fields, a pk the join cannot compare (_has_integer_pk), index tables already joined."""
        if self.query is None or self.fields is not None:
            return None
        if score_field is None and not self.order_by_relevance:
            return None
        tables = {IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table}
        if not _has_integer_pk(self.queryset.model) or tables & set(self.queryset.query.alias_map):
            return None
        query = normalize(self.query)
        return None if isinstance(query, MatchAll | Not) else query

    def _joined_to_index(self, query: SearchQuery, config: Any, score_field: str) -> QuerySet[Any]:
        """The queryset joined to its index entries and their FTS rows that match ``query``, scored."""
        model = self.queryset.model
        connection = connections[self.queryset.db]
        quote = connection.ops.quote_name
        entries = quote(IndexEntry._meta.db_table)
        fts = quote(SQLiteFTSIndexEntry._meta.db_table)
        match_sql, match_params = MatchExpression(
            self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        ).as_sql(self.queryset.query.get_compiler(connection=connection), connection)
        content_types = get_descendants_content_types_pks(model)
        score_sql, score_params = self._score_sql(entries)
        # extra(): Django's ORM has no join to a table the model has no relation with. The FTS table
        # drives: the unary + keeps SQLite from reading every entry of the content type through its index
        # and running the MATCH once per entry instead (its choice for a COUNT of one content type), and
        # the comparison of the pk with the text object_id looks each matched entry's object up by its pk.
        return self.queryset.extra(  # noqa: S610 - values are parameters, names quoted
            select={score_field: score_sql},
            select_params=score_params,
            tables=[IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table],
            where=[
                match_sql,
                f"{fts}.rowid = {entries}.{quote('id')}",
                f"+{entries}.{quote('content_type_id')} IN ({', '.join(['%s'] * len(content_types))})",
                f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)} = "
                f"{entries}.{quote('object_id')}",
            ],
            params=[*match_params, *content_types],
        )

    def _score_sql(self, entries: str) -> tuple[str, list[Any]]:
        """Weighted bm25 plus EXACT_NUMBER_BONUS (negative: lower is better) for each number asked for
        that is the object's own: its marked token in the autocomplete column (as exact_number_bonus)."""
        marks = f"(' ' || COALESCE({entries}.\"autocomplete\", '') || ' ')"
        sql = [_weighted_bm25_sql()]
        params: list[Any] = []
        for word in self.number_words:
            sql.append(f"(CASE WHEN {marks} LIKE %s ESCAPE '\\' THEN %s ELSE 0.0 END)")
            params += [_like_contains(f" {EXACT_MARK}{word} "), -EXACT_NUMBER_BONUS]
        return "(" + " + ".join(sql) + ")", params


OBJECTS_PER_STATEMENT = 900


class SegmentedSQLiteSearchResults(SQLiteSearchResults):
    """Ranked results in two statements: the pks and scores of the slice asked for (the one pass over
    the matches, which reads of each object only what the queryset's filters need, often from an index),
    then those objects by pk. In one statement SQLite would read every matching object's columns (past
    its long body) into the sort, not only the slice's."""

    def _do_search(self) -> Any:
        compiler = self.query_compiler
        if not isinstance(compiler, SegmentedSQLiteSearchQueryCompiler):  # autocomplete: modelsearch's way
            return super()._do_search()
        ranked = compiler.ranked(compiler.get_config(self.backend), self._score_field)
        if ranked is None:
            return super()._do_search()
        score_field = self._score_field or "_score"
        scores = list(ranked.values_list("pk", score_field)[self.start : self.stop])
        objects = {}
        # An unsliced search may rank every match: load them in batches, each within SQLite's limit on a
        # statement's parameters (32,766 since SQLite 3.32; 999 before).
        for first in range(0, len(scores), OBJECTS_PER_STATEMENT):
            pks = [pk for pk, _score in scores[first : first + OBJECTS_PER_STATEMENT]]
            objects.update({obj.pk: obj for obj in compiler.queryset.filter(pk__in=pks)})
        found = []
        for pk, score in scores:
            if (obj := objects.get(pk)) is not None:  # None: deleted in between
                setattr(obj, score_field, score)
                found.append(obj)
        return found


class SegmentedSQLiteAutocompleteQueryCompiler(SegmentedQueryMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SegmentedSQLiteSearchBackend(SQLiteSearchBackend):
    # bm25() is negative, lower is better (gongkai.search.selectors merges the types' results by score).
    score_higher_is_better = False
    query_compiler_class = SegmentedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedSQLiteAutocompleteQueryCompiler
    index_class = SegmentedSQLiteIndex
    results_class = SegmentedSQLiteSearchResults
