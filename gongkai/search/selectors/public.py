"""The public search (issue 4 items 4 and 5).

``search_public`` is the one search the portal's /search/ page and ``GET /api/v1/search`` both call, so they
answer the same. How it works:

1. The query is parsed (gongkai.search.query) and run through the configured search backend once per public
   type: each registered searchable model (documents with their 政策解读, 公报 issues, …) and the portal's
   live public pages. Each run fetches at most CANDIDATE_LIMIT matches, best first, with their score and the
   few columns the filters and facets need (no texts).
2. Quoted phrases: the backends can only ask for a phrase's words (see ADR 0004), so the stored text of the
   candidates (every searched field, HTML dropped) is read and a phrase must occur in it as typed, words
   adjacent; an excluded phrase removes a candidate only if it occurs as typed.
3. Filters and facets are computed on these rows in Python: a facet counts the rows that match the query
   and every active filter except its own, so it says how many results a click on it gives. When a type has
   more candidates than CANDIDATE_LIMIT and filters are active, its rows are fetched again with the filters
   applied by the database, so that a filter finds all it should among the best matches.
4. The rows of all types are merged: by the backend's score (one index table holds every type, so the
   scores compare; an object whose own 发文字号 was typed carries a bonus that puts it first) or by date,
   newest first. Only the page shown is loaded in full and highlighted.

Queries: one search per type, one for the organizations' names, one for the 主题分类 code list when documents
matched, one for the organization pages when pages matched, one per type on the page shown (pages: one per
kind of page), and with phrases one per type for the texts — never one per result.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from modelsearch.backends import get_search_backend
from modelsearch.index import FilterField
from wagtail.models import Page

from gongkai.orgs.models import Organization
from gongkai.search.choices import Audience
from gongkai.search.highlight import highlight, plain_text, snippet
from gongkai.search.index import text_fields
from gongkai.search.numbers import canonical_number, find_numbers, fold
from gongkai.search.query import ParsedQuery, parse_query
from gongkai.search.registry import SearchableType, searchable_types
from gongkai.search.segmentation import is_number_word, query_words
from gongkai.search.selectors.filters import (
    CHOICE_DIMENSIONS,
    DATE_FILTER_FIELD,
    DIMENSIONS,
    PAGE_TYPE,
    SORT_DATE,
    SORT_RELEVANCE,
    SORTS,
    SUBJECT_FIELD,
    SearchFilters,
    SubjectTable,
    choice_labels,
    subject_table,
    type_labels,
)

PAGE_SIZE = 20
# Matches fetched per type, best first. Filters, facets and phrases work on these; a query matching more
# (a single common word) lists its CANDIDATE_LIMIT best and the page says so (SearchPage.capped).
CANDIDATE_LIMIT = 1000


@dataclass
class _Row:
    """One match: what ranking, filters and facets need, without the object's texts."""

    source: str  # the registry key of its model, or PAGE_TYPE
    type: str
    pk: int
    relevance: float  # higher is better, whichever the backend
    date: datetime.date | None
    org_id: int | None
    subject_id: int | None = None
    genre: str = ""
    validity: str = ""


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    count: int
    active: bool = False


@dataclass(frozen=True)
class SearchResult:
    """One result as the page and the API show it; ``title_html`` and ``snippet`` are escaped HTML with the
    query's words in <mark>."""

    type: str
    type_label: str
    id: int
    title: str
    title_html: SafeString
    url: str
    snippet: SafeString
    org_code: str | None
    org_name: str
    date: datetime.date | None
    doc_number: str = ""
    doc_number_html: str = ""  # a SafeString


@dataclass
class SearchPage:
    """One page of results, the total, and the facets of the whole result."""

    query: ParsedQuery
    filters: SearchFilters
    sort: str
    page_obj: PaginatorPage
    count: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    capped: bool = False  # a type matched more than CANDIDATE_LIMIT: only its best are listed and counted

    @property
    def results(self) -> list[SearchResult]:
        return list(self.page_obj.object_list)


@dataclass
class _Context:
    """What one search reads once and shares between its steps."""

    parsed: ParsedQuery
    filters: SearchFilters
    site_root: Page | None
    backend: Any
    subjects: SubjectTable | None = None
    subject_ids: frozenset[int] = frozenset()


def search_public(
    *,
    query: str,
    filters: SearchFilters | None = None,
    sort: str = SORT_RELEVANCE,
    page: int | str | None = 1,
    site_root: Page | None = None,
) -> SearchPage:
    """What the public finds for ``query``: published items of every public type and the live public pages
    (under ``site_root`` if given), filtered, ranked, PAGE_SIZE a page, with facets (module docstring)."""
    parsed = parse_query(query)
    filters = filters or SearchFilters()
    sort = sort if sort in SORTS else SORT_RELEVANCE
    if parsed.is_empty:
        return SearchPage(parsed, filters, sort, Paginator([], PAGE_SIZE).get_page(1))
    context = _Context(parsed, filters, site_root, get_search_backend())
    if filters.subject is not None:
        context.subjects = subject_table()
        context.subject_ids = context.subjects.with_children(filters.subject)

    rows: list[_Row] = []  # everything matching the query, for the facets
    selected: list[_Row] = []  # what also matches the filters: the results
    capped = False
    for source, fetch, dimensions in _sources(context):
        if any(name not in dimensions for name in filters.active()):
            continue  # a filter this type cannot meet (主题分类 of a page): none of it would count
        found, over = fetch(context, None)
        found = _phrases_checked(context, source, found)
        rows += found
        if over and filters.active():
            refetched, _over = fetch(context, filters)
            refetched = _phrases_checked(context, source, refetched)
            selected += [row for row in refetched if _matches(context, row)]
        else:
            selected += [row for row in found if _matches(context, row)]
        capped = capped or over

    if context.subjects is None and any(row.subject_id is not None for row in rows):
        context.subjects = subject_table()
    orgs = _orgs({row.org_id for row in rows} | {row.org_id for row in selected})
    selected.sort(key=_date_order if sort == SORT_DATE else _relevance_order)
    page_obj: PaginatorPage = Paginator(selected, PAGE_SIZE).get_page(page)
    page_obj.object_list = _results(context, list(page_obj.object_list), orgs)  # type: ignore[assignment]
    return SearchPage(
        query=parsed,
        filters=filters,
        sort=sort,
        page_obj=page_obj,
        count=len(selected),
        facets=_facets(context, rows, orgs),
        capped=capped,
    )


# --- Fetching the matches of each type ------------------------------------------------------------------

Fetch = Callable[[_Context, SearchFilters | None], tuple[list[_Row], bool]]


def _sources(context: _Context) -> Iterable[tuple[str, Fetch, frozenset[str]]]:
    """Each public type: its key, how its matches are fetched, and the dimensions it has."""
    for searchable in searchable_types(Audience.PUBLIC):
        yield searchable.key, _registered_fetcher(searchable), _dimensions(searchable.model)
    yield PAGE_TYPE, _page_rows, frozenset(["type", "org", "year"])


def _dimensions(model: type[Model]) -> frozenset[str]:
    names = {"type", "year"}
    for name in ("org", SUBJECT_FIELD, *CHOICE_DIMENSIONS):
        if _has_field(model, name):
            names.add(name)
    return frozenset(names)


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _is_filter_field(model: type[Model], name: str) -> bool:
    return any(
        isinstance(search_field, FilterField) and search_field.field_name == name
        for search_field in model.get_search_fields()  # type: ignore[attr-defined]
    )


def _search_query(parsed: ParsedQuery) -> Any:
    """The backend's query: excluded phrases are left out (the backend would exclude an item containing the
    phrase's words anywhere) and checked on the stored text instead."""
    return replace(parsed, excluded_phrases=()).to_search_query()


def _relevance(backend: Any, score: float | None) -> float:
    if score is None:
        return 0.0
    return float(score) if getattr(backend, "score_higher_is_better", True) else -float(score)


def _row_fields(model: type[Model]) -> list[str]:
    """What a row is loaded with: the pk, the facet dimensions the model has and its FilterFields — among
    them what ``type_of`` and ``date`` of a registered type read (see gongkai.search.registry). Up to
    CANDIDATE_LIMIT + 1 objects a type are loaded per search: the other columns (the workflow's
    timestamps and users, …) would cost more to load than the search's SQL."""
    names = {model._meta.pk.name}
    names |= {name for name in ("org", SUBJECT_FIELD, *CHOICE_DIMENSIONS) if _has_field(model, name)}
    names |= {
        search_field.field_name
        for search_field in model.get_search_fields()  # type: ignore[attr-defined]
        if isinstance(search_field, FilterField) and _has_field(model, search_field.field_name)
    }
    return sorted(name for name in names if model._meta.get_field(name).concrete)


def _registered_fetcher(searchable: SearchableType) -> Fetch:
    def fetch(context: _Context, filters: SearchFilters | None) -> tuple[list[_Row], bool]:
        model = searchable.model
        queryset = model.get_indexed_objects().select_related(None)  # type: ignore[attr-defined]
        queryset = queryset.only(*_row_fields(model))
        if filters is not None:
            queryset = _filtered_in_database(context, model, queryset, filters)
        results = context.backend.search(_search_query(context.parsed), queryset).annotate_score("_score")
        found = list(results[: CANDIDATE_LIMIT + 1])
        rows = [
            _Row(
                source=searchable.key,
                type=searchable.result_type(obj),
                pk=obj.pk,
                relevance=_relevance(context.backend, obj._score),
                date=searchable.date(obj),
                org_id=getattr(obj, "org_id", None),
                subject_id=getattr(obj, f"{SUBJECT_FIELD}_id", None),
                genre=str(getattr(obj, "genre", "") or ""),
                validity=str(getattr(obj, "validity", "") or ""),
            )
            for obj in found[:CANDIDATE_LIMIT]
        ]
        return rows, len(found) > CANDIDATE_LIMIT

    return fetch


def _filtered_in_database(
    context: _Context, model: type[Model], queryset: QuerySet[Any], filters: SearchFilters
) -> QuerySet[Any]:
    """The filters the model's search index can apply (its FilterFields); the rest apply to the rows."""
    if filters.org is not None and _is_filter_field(model, "org"):
        queryset = queryset.filter(org=filters.org)
    if filters.subject is not None and _is_filter_field(model, SUBJECT_FIELD):
        queryset = queryset.filter(**{f"{SUBJECT_FIELD}__in": sorted(context.subject_ids)})
    for name in CHOICE_DIMENSIONS:
        value = getattr(filters, name)
        if value is not None and _is_filter_field(model, name):
            queryset = queryset.filter(**{name: value})
    if filters.year is not None and _is_filter_field(model, DATE_FILTER_FIELD):
        queryset = queryset.filter(
            **{
                f"{DATE_FILTER_FIELD}__gte": datetime.date(filters.year, 1, 1),
                f"{DATE_FILTER_FIELD}__lte": datetime.date(filters.year, 12, 31),
            }
        )
    return queryset


def _live_pages(context: _Context) -> Any:
    pages = Page.objects.live().public().filter(depth__gt=1)
    if context.site_root is not None:
        pages = pages.descendant_of(context.site_root, inclusive=True)
    return pages


def _page_rows(context: _Context, filters: SearchFilters | None) -> tuple[list[_Row], bool]:
    """The portal's live public pages (indexed by Wagtail); a page's organization is that of the
    organization page it is under. Filters apply to the rows: pages are few."""
    pages = _live_pages(context).only("id", "path", "depth", "title", "last_published_at")
    found = list(pages.search(_search_query(context.parsed)).annotate_score("_score")[: CANDIDATE_LIMIT + 1])
    org_of_path = _org_page_paths() if found else {}
    rows = []
    for page in found[:CANDIDATE_LIMIT]:
        org_id = next(
            (
                org_of_path[page.path[:length]]
                for length in range(len(page.path), 0, -Page.steplen)
                if page.path[:length] in org_of_path
            ),
            None,
        )
        published = page.last_published_at
        rows.append(
            _Row(
                source=PAGE_TYPE,
                type=PAGE_TYPE,
                pk=page.pk,
                relevance=_relevance(context.backend, page._score),
                date=timezone.localdate(published) if published else None,
                org_id=org_id,
            )
        )
    return rows, len(found) > CANDIDATE_LIMIT


def _org_page_paths() -> dict[str, int]:
    from gongkai.portal.models import OrganizationPage

    return dict(OrganizationPage.objects.values_list("path", "org_id"))


# --- Phrases --------------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _phrase_form(text: str) -> str:
    """Text compared for phrases: folded (full-width, case), every 发文字号/索引号 as its canonical token (so
    a quoted 宁政办[2017]123号 is found as 宁政办〔2017〕123号), without spaces (Chinese words sit side by
    side; a space typed between them does not make them less adjacent)."""
    folded = fold(text)
    pieces = []
    position = 0
    for match in sorted(find_numbers(folded), key=lambda m: m.start):
        if match.start < position:
            continue
        pieces += [folded[position : match.start], match.canonical]
        position = match.end
    pieces.append(folded[position:])
    return _SPACE.sub("", "".join(pieces))


def _phrases_checked(context: _Context, source: str, rows: list[_Row]) -> list[_Row]:
    """The rows whose stored text holds every phrase of the query, words adjacent, and no excluded phrase."""
    parsed = context.parsed
    if not rows or not (parsed.phrases or parsed.excluded_phrases):
        return rows
    wanted = [_phrase_form(phrase) for phrase in parsed.phrases]
    unwanted = [_phrase_form(phrase) for phrase in parsed.excluded_phrases]
    texts = {pk: _phrase_form(text) for pk, text in _stored_texts(source, [row.pk for row in rows]).items()}
    return [
        row
        for row in rows
        if all(phrase in texts.get(row.pk, "") for phrase in wanted)
        and not any(phrase in texts.get(row.pk, "") for phrase in unwanted)
    ]


def _stored_texts(source: str, pks: list[int]) -> dict[int, str]:
    """Every searched text of each object (the fields it is indexed by), as the index took them."""
    objects = _load(source, pks)
    return {
        pk: " ".join(text for _field, text in text_fields(obj, type(obj).get_search_fields()))
        for pk, obj in objects.items()
    }


def _load(source: str, pks: list[int]) -> dict[int, Any]:
    """The objects in full: one query for a registered type, one per kind of page for pages."""
    if source == PAGE_TYPE:
        return {page.pk: page for page in Page.objects.filter(pk__in=pks).specific()}
    searchable = next(s for s in searchable_types(Audience.PUBLIC) if s.key == source)
    queryset = searchable.model.get_indexed_objects().filter(pk__in=pks)  # type: ignore[attr-defined]
    return {obj.pk: obj for obj in queryset}


# --- Filters, order, facets -----------------------------------------------------------------------------


def _matches(context: _Context, row: _Row, filters: SearchFilters | None = None) -> bool:
    filters = filters if filters is not None else context.filters
    return (
        (filters.org is None or row.org_id == filters.org.pk)
        and (filters.type is None or row.type == filters.type)
        and (filters.subject is None or row.subject_id in context.subject_ids)
        and (filters.genre is None or row.genre == filters.genre)
        and (filters.validity is None or row.validity == filters.validity)
        and (filters.year is None or (row.date is not None and row.date.year == filters.year))
    )


def _relevance_order(row: _Row) -> tuple[Any, ...]:
    return (-row.relevance, -(row.date.toordinal() if row.date else 0), row.source, -row.pk)


def _date_order(row: _Row) -> tuple[Any, ...]:
    return (row.date is None, -(row.date.toordinal() if row.date else 0), -row.relevance, row.source, -row.pk)


def _orgs(ids: set[int | None]) -> dict[int, Organization]:
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return {org.pk: org for org in Organization.objects.filter(pk__in=wanted).only("id", "code", "name")}


def _facet_value(context: _Context, dimension: str, row: _Row) -> Any:
    if dimension == "year":
        return row.date.year if row.date else None
    if dimension == "org":
        return row.org_id
    if dimension == "subject":
        top = context.subjects.top(row.subject_id) if context.subjects else None
        return top.pk if top else None
    return getattr(row, dimension) or None


def _facets(context: _Context, rows: list[_Row], orgs: dict[int, Organization]) -> dict[str, list[Facet]]:
    """Per dimension, the values found with their counts under the query and the other active filters."""
    filters = context.filters
    types = type_labels()
    facets: dict[str, list[Facet]] = {}
    for dimension in DIMENSIONS:
        others = filters.without(dimension)
        counts = Counter(
            value
            for row in rows
            if _matches(context, row, others) and (value := _facet_value(context, dimension, row)) is not None
        )
        entries: list[Facet] = []
        if dimension == "type":
            entries = [
                Facet(key, str(label), counts[key], filters.type == key)
                for key, label in types.items()
                if counts[key]
            ]
        elif dimension == "org":
            entries = [
                Facet(orgs[pk].code, orgs[pk].name, count, filters.org is not None and filters.org.pk == pk)
                for pk, count in counts.items()
                if pk in orgs
            ]
        elif dimension == "year":
            entries = [
                Facet(str(year), f"{year}年", counts[year], filters.year == year)
                for year in sorted(counts, reverse=True)
            ]
        elif dimension == "subject" and context.subjects is not None:
            entries = [
                Facet(entry.code, entry.name, count, filters.subject is not None and filters.subject.pk == pk)
                for pk, count in counts.items()
                if (entry := context.subjects.by_id.get(pk)) is not None
            ]
        elif dimension in CHOICE_DIMENSIONS:
            labels = choice_labels(dimension)
            entries = [
                Facet(value, labels.get(value, value), count, getattr(filters, dimension) == value)
                for value, count in counts.items()
            ]
        if dimension in ("org", "subject", *CHOICE_DIMENSIONS):
            entries.sort(key=lambda facet: (-facet.count, facet.label))
        facets[dimension] = entries
    return facets


# --- The page shown ---------------------------------------------------------------------------------------


def highlight_terms(parsed: ParsedQuery) -> list[str]:
    """What a result marks: each word and phrase as typed, and the words the segmenter cut it into (“教育局”
    marks 教育局 inside 示例市教育局), numbers excepted (their canonical form is not in the text)."""
    terms: list[str] = []
    for part in parsed.wanted:
        terms.append(part)
        terms += [word for word in query_words(part) if not is_number_word(word)]
    return list(dict.fromkeys(terms))


def _results(context: _Context, rows: list[_Row], orgs: dict[int, Organization]) -> list[SearchResult]:
    by_source: dict[str, list[int]] = {}
    for row in rows:
        by_source.setdefault(row.source, []).append(row.pk)
    objects = {source: _load(source, pks) for source, pks in by_source.items()}
    searchables = {s.key: s for s in searchable_types(Audience.PUBLIC)}
    types = type_labels()
    terms = highlight_terms(context.parsed)
    numbers = {word for part in context.parsed.wanted for word in query_words(part) if is_number_word(word)}
    results = []
    for row in rows:
        obj = objects[row.source].get(row.pk)
        if obj is None:  # withdrawn between the search and now
            continue
        org = orgs.get(row.org_id) if row.org_id is not None else None
        if row.source == PAGE_TYPE:
            url = obj.get_url() or obj.url_path
            text = plain_text(
                obj.search_description,
                *(
                    text
                    for search_field, text in text_fields(obj, type(obj).search_fields)
                    if getattr(search_field, "field_name", "") != "title"
                ),
            )
            type_label = str(obj._meta.verbose_name)
        else:
            searchable = searchables[row.source]
            url = searchable.url(obj)
            text = searchable.snippet_text(obj) if searchable.snippet_text else ""
            type_label = str(types.get(row.type, searchable.label))
        doc_number = str(getattr(obj, "doc_number", "") or "")
        own_number = bool(doc_number) and canonical_number(doc_number) in numbers
        results.append(
            SearchResult(
                type=row.type,
                type_label=type_label,
                id=row.pk,
                title=str(obj.title),
                title_html=highlight(str(obj.title), terms),
                url=url,
                snippet=snippet(text, terms) if text else SafeString(""),
                org_code=org.code if org else None,
                org_name=org.name if org else "",
                date=row.date,
                doc_number=doc_number,
                doc_number_html=highlight(doc_number, [doc_number] if own_number else terms),
            )
        )
    return results
