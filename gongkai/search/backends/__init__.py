"""The search backend of WAGTAILSEARCH_BACKENDS: Wagtail's database backends with Chinese segmentation.

``"BACKEND": "gongkai.search.backends"`` names this module; modelsearch calls its ``SearchBackend``, which
picks the implementation for the database in use, like modelsearch.backends.database does:

- PostgreSQL (production): gongkai.search.backends.postgres, tsvectors in the 'simple' configuration over
  the segmented text, GIN indexes, weights A–D from the fields' boosts;
- SQLite (the embedded default): gongkai.search.backends.sqlite, FTS5 over the segmented text.

Both index and query through gongkai.search.segmentation and rank an object whose own 发文字号/索引号 was
asked for first (gongkai.search.backends.common). A cluster is named directly instead:
``"BACKEND": "gongkai.search.backends.opensearch"`` (config/settings.py does so when OPENSEARCH_URL is set).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params: dict[str, Any]) -> Any:
    if connection.vendor == "postgresql":
        from gongkai.search.backends.postgres import SegmentedPostgresSearchBackend

        return SegmentedPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if not fts5_available():
            raise ImproperlyConfigured(
                "Gongkai's search needs SQLite with the FTS5 extension (SQLite ≥ 3.19)."
            )
        from gongkai.search.backends.sqlite import SegmentedSQLiteSearchBackend

        return SegmentedSQLiteSearchBackend(params)
    raise ImproperlyConfigured(f"Gongkai's search supports SQLite and PostgreSQL, not {connection.vendor}.")
