"""Reads of the search dictionary: the terms administrators added (screen 设置 → 搜索词典)."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from gongkai.search.models import SearchTerm


def search_term_list() -> QuerySet[SearchTerm]:
    return SearchTerm.objects.select_related("added_by").order_by("term")


def search_term_words() -> list[str]:
    return list(SearchTerm.objects.values_list("term", flat=True))


def search_term_version() -> tuple[int, int | None]:
    """Changes whenever a term is added or removed (ids are never reused), in one cheap query."""
    row = SearchTerm.objects.aggregate(count=Count("pk"), last=Max("pk"))
    return row["count"], row["last"]
