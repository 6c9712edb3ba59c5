"""Wagtail's SQLite FTS5 backend over segmented text (the embedded default).

What differs from PostgreSQL, and why:

- Columns, not weights per field. FTS5's bm25() weighs whole columns, and modelsearch's FTS table has
  three (autocomplete, body, title). The title column counts TITLE_WEIGHT times the body column. Inside
  the body, a boosted field (主题词 KEYWORDS_BOOST 3, 内容概述 2) is written that many times, at most
  MAX_REPEATS: bm25's term frequency rises, with diminishing returns, so keywords rank above the body
  text but by a smaller margin than PostgreSQL's weight B over D. Numbers (ExactNumberField) are written
  once: their owner is ranked by the bonus below, not by term frequency.
- No title-length factor: bm25() already normalises each column by its length, so modelsearch's
  title_norm (which PostgreSQL multiplies in) is neither used nor kept up to date here.
- An object's own number ranks first on both: EXACT_NUMBER_BONUS is subtracted from the score (bm25 is
  negative, lower is better). The marked tokens that say "this is my own number" live in the autocomplete
  column, which a search does not match and bm25 does not weigh here (Documents have no autocomplete
  fields; a page's autocomplete title is unaffected by a marker nobody types).
"""

from __future__ import annotations

from typing import Any

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)

from gongkai.search.backends.common import (
    EXACT_NUMBER_BONUS,
    SegmentedQueryMixin,
    exact_number_bonus,
    upsert_entries,
)
from gongkai.search.index import SegmentedObject

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
AUTOCOMPLETE_WEIGHT = 1.0
MAX_REPEATS = 3


class WeightedBM25(Func):
    """bm25() of the row being matched, with a weight per column in the FTS table's order."""

    output_field = FloatField()

    def __init__(self) -> None:
        super().__init__()

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> tuple[str, list[Any]]:
        table = SQLiteFTSIndexEntry._meta.db_table
        # The FTS table is created as fts5(autocomplete, body, title) by modelsearch's migration.
        return f"bm25({table}, {AUTOCOMPLETE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT})", []


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


class SegmentedSQLiteSearchQueryCompiler(SegmentedQueryMixin, SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors: Any, config: Any) -> Any:
        bonus = exact_number_bonus(self.number_words, "index_entry__autocomplete", bonus=-EXACT_NUMBER_BONUS)
        return WeightedBM25() + bonus


class SegmentedSQLiteAutocompleteQueryCompiler(SegmentedQueryMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SegmentedSQLiteSearchBackend(SQLiteSearchBackend):
    # bm25() is negative, lower is better (gongkai.search.selectors merges the types' results by score).
    score_higher_is_better = False
    query_compiler_class = SegmentedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedSQLiteAutocompleteQueryCompiler
    index_class = SegmentedSQLiteIndex
