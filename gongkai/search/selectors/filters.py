"""What the public search filters and counts by (its dimensions): result types, organizations, years, and the
documents' 主题分类, 体裁 and 有效性, read from the registered models rather than named here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from gongkai.orgs.models import Organization
from gongkai.search.choices import Audience
from gongkai.search.registry import searchable_types

PAGE_TYPE = "page"
PAGE_TYPE_LABEL = _("网站页面")
SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORTS = {SORT_RELEVANCE: _("按相关度"), SORT_DATE: _("按日期")}
# The filters, in the order the page shows their facets. The API's contract names org, type and year.
DIMENSIONS = ("type", "org", "year", "subject", "genre", "validity")
# Fields of a searchable model a dimension reads, when the model has them (documents have all of them).
SUBJECT_FIELD = "subject"
CHOICE_DIMENSIONS = ("genre", "validity")
DATE_FILTER_FIELD = "published_on"


@dataclass(frozen=True)
class SubjectEntry:
    """One 主题分类 of the code list."""

    pk: int
    code: str
    name: str
    parent_id: int | None
    label: str  # "综合政务/政务公开", or the name of a top level


@dataclass(frozen=True)
class SubjectTable:
    """The 主题分类 code list (gongkai.publications' Subject), read in one query."""

    by_id: dict[int, SubjectEntry] = field(default_factory=dict)

    def top(self, subject_id: int | None) -> SubjectEntry | None:
        entry = self.by_id.get(subject_id) if subject_id is not None else None
        if entry is not None and entry.parent_id is not None:
            return self.by_id.get(entry.parent_id, entry)
        return entry

    def resolve(self, value: str) -> SubjectEntry | None:
        """A 主题分类 by its code ("2.1"), its label ("综合政务/政务公开") or a top level's name."""
        text = "/".join(part.strip() for part in value.strip().split("/"))
        for entry in self.by_id.values():
            if text in (entry.code, entry.label):
                return entry
        return None

    def with_children(self, entry: SubjectEntry) -> frozenset[int]:
        return frozenset([entry.pk, *(e.pk for e in self.by_id.values() if e.parent_id == entry.pk)])


def subject_table() -> SubjectTable:
    """The code list of the ``subject`` field of the searchable models (one query), empty if none has one."""
    model = _subject_model()
    if model is None:
        return SubjectTable()
    rows = list(model._default_manager.values_list("pk", "code", "name", "parent_id"))
    names = {pk: name for pk, _code, name, _parent in rows}
    return SubjectTable(
        {
            pk: SubjectEntry(pk, code, name, parent, f"{names[parent]}/{name}" if parent in names else name)
            for pk, code, name, parent in rows
        }
    )


def _subject_model() -> type[Model] | None:
    for searchable in searchable_types(Audience.PUBLIC):
        try:
            related = searchable.model._meta.get_field(SUBJECT_FIELD).related_model
        except FieldDoesNotExist:
            continue
        if isinstance(related, type):
            return related
    return None


def type_labels() -> dict[str, StrOrPromise]:
    """The result types the public finds, key → label: the registered ones, their subtypes, and pages."""
    labels: dict[str, StrOrPromise] = {}
    for searchable in searchable_types(Audience.PUBLIC):
        labels.update(searchable.type_labels())
    labels[PAGE_TYPE] = PAGE_TYPE_LABEL
    return labels


def choice_labels(dimension: str) -> dict[str, str]:
    """The values of a choice dimension (体裁, 有效性) with their labels, from the models that have it."""
    labels: dict[str, str] = {}
    for searchable in searchable_types(Audience.PUBLIC):
        try:
            model_field = searchable.model._meta.get_field(dimension)
        except FieldDoesNotExist:
            continue
        choices = getattr(model_field, "choices", None) or []
        labels.update((str(value), str(label)) for value, label in choices)
    return labels


@dataclass(frozen=True)
class SearchFilters:
    """The active filters, validated (gongkai.search.forms): ``None`` is no filter."""

    org: Organization | None = None
    type: str | None = None
    subject: SubjectEntry | None = None  # it and its second levels
    genre: str | None = None
    year: int | None = None
    validity: str | None = None

    def active(self) -> list[str]:
        return [name for name in DIMENSIONS if getattr(self, name) is not None]

    def without(self, name: str) -> SearchFilters:
        return replace(self, **{name: None})
