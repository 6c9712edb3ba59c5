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

from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.db import connection
from django.db.models import F
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk
from psycopg import sql

from gongkai.search.backends.common import EXACT_NUMBER_BONUS, SegmentedQueryMixin, exact_number_bonus
from gongkai.search.index import SegmentedObject

SEARCH_CONFIG = "simple"
VECTOR_COLUMNS = ("title", "body", "autocomplete")


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
    def get_index_vectors(self, search_query: Any) -> list[tuple[Any, float]]:
        return [(F("index_entries__title"), 1.0), (F("index_entries__body"), 1.0)]

    def _build_rank_expression(self, vectors: Any, config: Any) -> Any:
        bonus = exact_number_bonus(self.number_words, "index_entries__title_text", bonus=EXACT_NUMBER_BONUS)
        return super()._build_rank_expression(vectors, config) + bonus


class SegmentedPostgresAutocompleteQueryCompiler(SegmentedQueryMixin, PostgresAutocompleteQueryCompiler):
    pass


class SegmentedPostgresSearchBackend(PostgresSearchBackend):
    # ts_rank: higher is better (gongkai.search.selectors merges the types' results by score).
    score_higher_is_better = True
    query_compiler_class = SegmentedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentedPostgresAutocompleteQueryCompiler
    index_class = SegmentedPostgresIndex

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or SEARCH_CONFIG
