"""What an indexed object contributes to the search index, segmented (gongkai.search.segmentation).

Models declare ``search_fields`` with Wagtail's ``index`` classes as usual; two things are added here:

- ``ExactNumberField``: a 发文字号 or 索引号. It is a SearchField (every backend indexes it as text, with
  its canonical token), and our backends also store the canonical token with the exact-match marker in a
  column that is not searched, so the object that owns the number ranks first (gongkai.search.backends).
- ``SegmentedObject``: an object's texts, cut into words, sorted into the columns the database backends
  keep (title, body, autocomplete), with the boost of the field each text came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, BaseField, RelatedFields, SearchField

from gongkai.search.segmentation import EXACT_MARK, exact_field_words, index_words

# Boosts of the project's search fields. On PostgreSQL modelsearch maps the distinct boosts of all indexed
# models to the tsvector weights A–D, highest first; with Wagtail's own (image and document titles 10,
# page titles 2) the distinct values are 10, 3 and 2, so a title or an own number weighs A, 主题词 B,
# 内容概述 C (like a page title) and everything else D. A fifth distinct boost anywhere would merge two
# of these classes: keep to these values. On SQLite see gongkai.search.backends.sqlite.
TITLE_BOOST = 10.0
EXACT_NUMBER_BOOST = 10.0
KEYWORDS_BOOST = 3.0
SUMMARY_BOOST = 2.0


class ExactNumberField(SearchField):
    """A field holding a 发文字号 or 索引号, matched exactly whichever way the number is typed."""

    def __init__(self, field_name: str, boost: float = EXACT_NUMBER_BOOST, **kwargs: Any) -> None:
        super().__init__(field_name, boost=boost, **kwargs)


def goes_to_title_column(search_field: BaseField) -> bool:
    """The title column holds the title only (as in modelsearch): numbers there would lengthen the title
    of every document that has a 发文字号, and SQLite's bm25 would rank it lower for that."""
    return isinstance(search_field, SearchField) and search_field.field_name == "title"


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return force_str(value)


def _related_objects(obj: Any, related: RelatedFields) -> list[Any]:
    value = related.get_value(obj)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    return [value() if callable(value) else value]


def text_fields(obj: Any, search_fields: list[Any]) -> Iterator[tuple[BaseField, str]]:
    """Each SearchField and AutocompleteField of ``obj`` (following RelatedFields) with its value as text."""
    for search_field in search_fields:
        if isinstance(search_field, RelatedFields):
            for related in _related_objects(obj, search_field):
                yield from text_fields(related, search_field.fields)
        elif isinstance(search_field, SearchField | AutocompleteField):
            yield search_field, _as_text(search_field.get_value(obj))


@dataclass
class SegmentedObject:
    """The words of one object, each text with its boost: ``title``, ``numbers`` (its own 发文字号/索引号,
    searched with the body), ``body``, ``autocomplete``, and the marked tokens of its own numbers
    (``exact_marks``), kept apart from the searched text."""

    title: list[tuple[str, float | None]] = field(default_factory=list)
    numbers: list[tuple[str, float | None]] = field(default_factory=list)
    body: list[tuple[str, float | None]] = field(default_factory=list)
    autocomplete: list[str] = field(default_factory=list)
    exact_marks: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, obj: Any) -> SegmentedObject:
        segmented = cls()
        for search_field, text in text_fields(obj, obj.get_search_fields()):
            if not text.strip():
                continue
            if isinstance(search_field, AutocompleteField):
                segmented.autocomplete.append(" ".join(index_words(text)))
            elif isinstance(search_field, ExactNumberField):
                words = exact_field_words(text)
                segmented.exact_marks.extend(word for word in words if word.startswith(EXACT_MARK))
                searched = [word for word in words if not word.startswith(EXACT_MARK)]
                segmented.numbers.append((" ".join(searched), search_field.boost))
            elif goes_to_title_column(search_field):
                segmented.title.append((" ".join(index_words(text)), search_field.boost))
            else:
                segmented.body.append((" ".join(index_words(text)), search_field.boost))
        return segmented
