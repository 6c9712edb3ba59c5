"""Helpers of the search tests: documents published and indexed as in production (after commit)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from modelsearch.backends import get_search_backend

from gongkai.core.testing import Region
from gongkai.publications.models import Document
from gongkai.publications.tests.helpers import published


def publish_indexed(region: Region, capture: Any, **fields: Any) -> Document:
    """A published document of 市发展改革委, with the index task that its commit enqueues run."""
    with capture(execute=True):
        return published(region, **fields)


def found(query: str, queryset: QuerySet[Any] | None = None) -> list[Model]:
    """What the search backend finds for ``query``, best first (all documents, whatever their status:
    what the index holds, not what a selector would filter)."""
    return list(
        get_search_backend().search(query, queryset if queryset is not None else Document.objects.all())
    )


def titles(query: str, queryset: QuerySet[Any] | None = None) -> list[str]:
    return [str(obj) for obj in found(query, queryset)]
