"""The public search page /search/ (issue 4 item 4): one search over documents, 政策解读, 公报 and the
portal's pages, with facets, sorting and shareable URLs. The API (gongkai.search.api) answers the same."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from gongkai.search.forms import FIELD_LABELS, PARAMETERS, SearchParams, search_params_clean
from gongkai.search.query import MAX_QUERY_LENGTH, ParsedQuery
from gongkai.search.selectors import (
    DIMENSIONS,
    SORT_RELEVANCE,
    SORTS,
    Facet,
    SearchFilters,
    SearchPage,
    choice_labels,
    search_public,
    type_labels,
)
from gongkai.search.spelling import spelling_suggestion

# How many “search fewer words” links an empty result offers.
MAX_FEWER_WORDS_LINKS = 4


def search_site_root(request: HttpRequest) -> Page | None:
    """The root page of the site the request is for: its pages are the ones searched."""
    site = Site.find_for_request(request)
    return site.root_page if site is not None else None


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    links: list[tuple[Facet, str]]


def _state(params: SearchParams) -> dict[str, str]:
    """The valid parameters of this search as URL values (a wrong one is not carried on)."""
    filters = params.filters
    values = {
        "q": params.query,
        "type": filters.type or "",
        "org": filters.org.code if filters.org else "",
        "year": str(filters.year) if filters.year else "",
        "subject": filters.subject.code if filters.subject else "",
        "genre": filters.genre or "",
        "validity": filters.validity or "",
        "sort": params.sort if params.sort != SORT_RELEVANCE else "",
    }
    return {name: values[name] for name in PARAMETERS if values.get(name)}


def _url(state: dict[str, str], **changes: str | None) -> str:
    """The search URL of ``state`` with ``changes`` (None drops a parameter); always back to page 1."""
    values = {**state, **changes}
    pairs = [(name, value) for name in PARAMETERS if (value := values.get(name)) and name != "page"]
    query = urlencode(pairs)
    return reverse("portal:search") + (f"?{query}" if query else "")


def _active_label(name: str, filters: SearchFilters) -> str:
    value = getattr(filters, name)
    if name == "org":
        return str(value.name)
    if name == "subject":
        return str(value.label)
    if name == "type":
        return str(type_labels().get(value, value))
    if name == "year":
        return _("%(year)s年") % {"year": value}
    return choice_labels(name).get(value, str(value))


def _fewer_words(parsed: ParsedQuery, state: dict[str, str]) -> list[Link]:
    """Links to the same search without one of its words or phrases each."""
    parts = [("words", word) for word in parsed.words] + [("phrases", phrase) for phrase in parsed.phrases]
    if len(parts) < 2:
        return []
    links = []
    for kind, part in parts[:MAX_FEWER_WORDS_LINKS]:
        if kind == "words":
            fewer = replace(parsed, words=tuple(word for word in parsed.words if word != part))
        else:
            fewer = replace(parsed, phrases=tuple(phrase for phrase in parsed.phrases if phrase != part))
        links.append(Link(str(fewer), _url(state, q=str(fewer))))
    return links


def _context(params: SearchParams, found: SearchPage) -> dict[str, Any]:
    state = _state(params)
    filters = params.filters
    groups = [
        FacetGroup(
            name,
            str(FIELD_LABELS[name]),
            [(facet, _url(state, **{name: facet.key})) for facet in found.facets.get(name, [])],
        )
        for name in DIMENSIONS
    ]
    active = [
        Link(f"{FIELD_LABELS[name]}：{_active_label(name, filters)}", _url(state, **{name: None}))
        for name in filters.active()
    ]
    suggestion = spelling_suggestion(params.query)
    return {
        "query": params.query,
        "parsed": found.query,
        "found": found,
        "page_obj": found.page_obj,
        "errors": [message for messages in params.errors.values() for message in messages],
        "facet_groups": [group for group in groups if group.links],
        "active_filters": active,
        # A new query in the box keeps the filters and the order (removable above the results).
        "hidden_filters": [(name, value) for name, value in state.items() if name != "q"],
        "clear_filters_url": _url(state, **dict.fromkeys(filters.active())) if active else "",
        "sort_links": [
            Link(str(label), _url(state, sort=None if key == SORT_RELEVANCE else key), key == found.sort)
            for key, label in SORTS.items()
        ],
        "fewer_words": _fewer_words(found.query, state) if not found.count else [],
        "suggestion": Link(suggestion, _url(state, q=suggestion)) if suggestion else None,
        "max_query_length": MAX_QUERY_LENGTH,
    }


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """站内搜索: the query in the box, results with highlighted words, facets and sorting as links."""
    params = search_params_clean(request.GET)
    found = search_public(
        query=params.query,
        filters=params.filters,
        sort=params.sort,
        page=params.page,
        site_root=search_site_root(request),
    )
    return render(request, "search/search.html", _context(params, found))
