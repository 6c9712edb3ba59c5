"""What the SQLite and PostgreSQL backends share: segmenting the query, the exact-number bonus, and
writing index entries."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Expression, F, FloatField, TextField, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Contains
from modelsearch.conf import get_app_config
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk

from gongkai.search.segmentation import EXACT_MARK, is_number_word, query_words

# Added to the score of an object whose own 发文字号/索引号 the query contains: larger than any text score,
# so such an object ranks first whatever else matches.
EXACT_NUMBER_BONUS = 1_000_000.0
# A query naming more numbers than this is not a number lookup; the rest still match as words.
MAX_NUMBERS_RANKED = 5


def segment_search_query(query: SearchQuery) -> tuple[SearchQuery | None, list[str]]:
    """The query with every text cut into words (None if nothing searchable is left) and the words that
    may be 发文字号/索引号.

    A Phrase becomes an AND of its words: the index holds a word's dictionary parts next to it, so token
    positions do not follow the text and adjacency cannot be asked of the database (the query syntax of
    issue 4 checks phrases on the stored text).
    """
    numbers: list[str] = []
    segmented = _segment(query, numbers)
    return segmented, numbers[:MAX_NUMBERS_RANKED]


def _segment(query: SearchQuery, numbers: list[str], *, negated: bool = False) -> SearchQuery | None:
    if isinstance(query, PlainText | Phrase):
        words = query_words(query.query_string)
        operator = query.operator if isinstance(query, PlainText) else "and"
        if negated:
            # “-第3号” excludes what holds all of 第, 3 and 号. Both of modelsearch's database backends get
            # a negated many-word PlainText wrong (SQLite drops the brackets: “a NOT b AND c”; PostgreSQL
            # negates each word: “!b & !c”); an And of one-word texts they negate right.
            if operator == "and" and len(words) > 1:
                return And([PlainText(word) for word in words])
        else:
            numbers.extend(word for word in words if is_number_word(word))
        return PlainText(" ".join(words), operator=operator) if words else None
    if isinstance(query, Boost | Not):
        inner = _segment(query.subquery, numbers, negated=negated or isinstance(query, Not))
        if inner is None:
            return None
        return Boost(inner, query.boost) if isinstance(query, Boost) else Not(inner)
    if isinstance(query, And | Or):
        segmented = (_segment(sub, numbers, negated=negated) for sub in query.subqueries)
        parts = [part for part in segmented if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else type(query)(parts)
    return query  # MatchAll, Fuzzy: nothing to cut


class SegmentedQueryMixin:
    """For modelsearch's query compilers: the query is segmented once, when the compiler is made."""

    query: SearchQuery | None
    queryset: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self.query is not None  # modelsearch turns a string (or None) into a query object
        self.query, self.number_words = segment_search_query(self.query)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        if self.query is None:  # only punctuation or function words were typed
            return self.queryset.none()
        return super().search(*args, **kwargs)  # type: ignore[misc]


def exact_number_bonus(number_words: list[str], marks_column: str, *, bonus: float) -> Expression:
    """``bonus`` for each of ``number_words`` that is this object's own number: the plain-text column
    ``marks_column`` holds its marked canonical token (index.ExactNumberField), which a document that
    only cites the number lacks. Evaluated only on rows that matched the query."""
    if not number_words:
        return Value(0.0, output_field=FloatField())
    padded = Concat(Value(" "), F(marks_column), Value(" "), output_field=TextField())
    cases = [
        Case(
            When(Contains(padded, Value(f" {EXACT_MARK}{word} ")), then=Value(bonus)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for word in number_words
    ]
    total: Expression = cases[0]
    for case in cases[1:]:
        total = total + case
    return total


def upsert_entries(model: type[Any], columns_by_pk: dict[str, dict[str, Any]]) -> None:
    """Insert or update one index entry per object in a single statement (INSERT … ON CONFLICT DO UPDATE,
    also on SQLite, whose update trigger keeps the FTS table in step)."""
    if not columns_by_pk:
        return
    index_entry = get_app_config().get_model("IndexEntry")
    content_type_id = get_content_type_pk(model)
    entries = [
        index_entry(content_type_id=content_type_id, object_id=object_id, title_norm=1.0, **columns)
        for object_id, columns in columns_by_pk.items()
    ]
    # title_norm goes back to 1.0 so that modelsearch's _refresh_title_norms() recomputes it.
    update_fields = [*next(iter(columns_by_pk.values())), "title_norm"]
    index_entry._default_manager.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=update_fields,
    )
