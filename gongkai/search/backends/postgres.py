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

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db.models import F, TextField, Value
from modelsearch.backends.database.postgres.postgres import (
    EMPTY_VECTOR,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.utils import ADD

from gongkai.search.backends.common import (
    EXACT_NUMBER_BONUS,
    SegmentedQueryMixin,
    exact_number_bonus,
    upsert_entries,
)
from gongkai.search.index import SegmentedObject

SEARCH_CONFIG = "simple"


def _vector(texts: list[tuple[str, str]], config: str) -> Any:
    """A tsvector of (text, weight letter) pairs."""
    kept = [(text, weight) for text, weight in texts if text.strip()]
    if not kept:
        return EMPTY_VECTOR
    return ADD(
        SearchVector(Value(text, output_field=TextField()), weight=weight, config=config)
        for text, weight in kept
    )


class SegmentedPostgresIndex(PostgresIndex):
    def add_items(self, model: type[Any], objs: Any) -> None:
        if model.get_search_fields():
            upsert_entries(model, {str(obj.pk): self._columns(obj) for obj in objs})

    def _refresh_title_norms(self, full: bool = False) -> None:
        """Not used by this backend's ranking (see the module docstring): spare the full-table average."""

    def _columns(self, obj: Any) -> dict[str, Any]:
        segmented = SegmentedObject.of(obj)
        config = self.backend.config
        body = segmented.numbers + segmented.body
        return {
            "title": _vector([(text, get_weight(boost)) for text, boost in segmented.title], config),
            "body": _vector([(text, get_weight(boost)) for text, boost in body], config),
            # modelsearch gives autocomplete text the lowest weight, having no boost for it.
            "autocomplete": _vector([(text, "D") for text in segmented.autocomplete], SEARCH_CONFIG),
            # Plain copies for modelsearch's fuzzy (trigram) search; the title's also holds the marked
            # tokens of the object's own numbers, which only the exact-number bonus looks at.
            "title_text": " ".join([text for text, _boost in segmented.title] + segmented.exact_marks),
            "body_text": " ".join(text for text, _boost in body),
        }


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
