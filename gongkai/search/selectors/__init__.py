"""Reads of the search app: the dictionary terms (dictionary.py) and the public search (public.py, with what
it filters and counts by in filters.py)."""

from __future__ import annotations

from gongkai.search.selectors.dictionary import search_term_list, search_term_version, search_term_words
from gongkai.search.selectors.filters import (
    DIMENSIONS,
    PAGE_TYPE,
    SORT_DATE,
    SORT_RELEVANCE,
    SORTS,
    SearchFilters,
    SubjectEntry,
    SubjectTable,
    choice_labels,
    subject_table,
    type_labels,
)
from gongkai.search.selectors.public import (
    CANDIDATE_LIMIT,
    PAGE_SIZE,
    Facet,
    SearchPage,
    SearchResult,
    highlight_terms,
    search_public,
)

__all__ = [
    "CANDIDATE_LIMIT",
    "DIMENSIONS",
    "PAGE_SIZE",
    "PAGE_TYPE",
    "SORTS",
    "SORT_DATE",
    "SORT_RELEVANCE",
    "Facet",
    "SearchFilters",
    "SearchPage",
    "SearchResult",
    "SubjectEntry",
    "SubjectTable",
    "choice_labels",
    "highlight_terms",
    "search_public",
    "search_term_list",
    "search_term_version",
    "search_term_words",
    "subject_table",
    "type_labels",
]
